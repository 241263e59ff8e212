#include "scalers/resolver.h"

#include <gtest/gtest.h>

#include <functional>

#include "core/simulated_clock.h"
#include "scalers/scalers_test_util.h"

namespace tidepool::scalers {
namespace {

using testing::FakeLookup;
using StringMap = std::map<std::string, std::string>;

// Names from pkg/scaling/resolver/scale_resolvers_test.go.
constexpr char kNamespace[] = "test-namespace";
constexpr char kClusterNamespace[] = "keda";
constexpr char kTriggerAuthName[] = "triggerauth";
constexpr char kSecretName[] = "supersecret";
constexpr char kSecretKey[] = "mysecretkey";
constexpr char kSecretData[] = "secretDataHere";
constexpr char kCmName[] = "supercm";
constexpr char kCmKey[] = "mycmkey";
constexpr char kCmData[] = "cmDataHere";

api::EnvVar Env(std::string name, std::string value) {
  api::EnvVar e;
  e.name = std::move(name);
  e.value = std::move(value);
  return e;
}

api::PodSpec PodWith(api::Container c) {
  api::PodSpec spec;
  spec.containers.push_back(std::move(c));
  return spec;
}

api::keda::AuthTargetRef Ref(std::string parameter, std::string name, std::string key) {
  api::keda::AuthTargetRef r;
  r.parameter = std::move(parameter);
  r.name = std::move(name);
  r.key = std::move(key);
  return r;
}

std::optional<api::keda::AuthenticationRef> AuthRef(std::string kind = "") {
  api::keda::AuthenticationRef r;
  r.name = kTriggerAuthName;
  r.kind = std::move(kind);
  return r;
}

// Ported from scale_resolvers_test.go testMetadatas / TestResolveNonExistingConfigMapsOrSecretsEnv.
TEST(ResolverTest, KedaResolveNonExistingConfigMapsOrSecretsEnv) {
  FakeLookup lookup;
  struct Case {
    bool is_error;
    api::Container container;
  };
  std::vector<Case> cases;
  {
    api::Container c;
    c.env_from.push_back({});
    c.env_from.back().config_map_ref = api::ConfigMapEnvSource{"do-not-exist-not-optional", {}, {}};
    cases.push_back({true, c});
  }
  {
    api::Container c;
    c.env_from.push_back({});
    c.env_from.back().secret_ref = api::SecretEnvSource{"do-not-exist-not-optional", {}, {}};
    cases.push_back({true, c});
  }
  {
    api::Container c;
    c.env_from.push_back({});
    c.env_from.back().config_map_ref =
        api::ConfigMapEnvSource{"do-not-exist-but-optional", true, {}};
    cases.push_back({false, c});
  }
  {
    api::Container c;
    c.env_from.push_back({});
    c.env_from.back().secret_ref = api::SecretEnvSource{"do-not-exist-but-optional", true, {}};
    cases.push_back({false, c});
  }
  {
    api::Container c;
    api::EnvVar e;
    e.name = "x";
    e.value_from.emplace().secret_key_ref = api::SecretKeySelector{"missing", "k", {}, {}};
    c.env.push_back(e);
    cases.push_back({true, c});
    c.env.back().value_from->secret_key_ref->optional = true;
    cases.push_back({false, c});
  }
  {
    api::Container c;
    api::EnvVar e;
    e.name = "x";
    e.value_from.emplace().config_map_key_ref = api::ConfigMapKeySelector{"missing", "k", {}, {}};
    c.env.push_back(e);
    cases.push_back({true, c});
    c.env.back().value_from->config_map_key_ref->optional = true;
    cases.push_back({false, c});
  }
  for (size_t i = 0; i < cases.size(); ++i) {
    Result<StringMap> env =
        ResolveContainerEnv(PodWith(cases[i].container), "", kNamespace, lookup);
    EXPECT_EQ(!env.has_value(), cases[i].is_error) << "case " << i;
  }
}

// Ported from scale_resolvers_test.go TestResolveDependentEnv.
TEST(ResolverTest, KedaResolveDependentEnv) {
  FakeLookup lookup;
  struct Case {
    std::vector<api::EnvVar> env;
    StringMap expected;
  };
  const Case cases[] = {
      {{Env("test-env-key", "test-env-value"),
        Env("dependent-env-key", "$(test-env-key)-dependent-env-value")},
       {{"test-env-key", "test-env-value"},
        {"dependent-env-key", "test-env-value-dependent-env-value"}}},
      {{Env("test-env-key", "test-env-value"),
        Env("dependent-env-key2", "dependent-env-value2-$(test-env-key)")},
       {{"test-env-key", "test-env-value"},
        {"dependent-env-key2", "dependent-env-value2-test-env-value"}}},
      // unchanged reference env: the referenced variable is defined later.
      {{Env("dependent-env-key", "$(test-env-key)-dependent-env-value"),
        Env("test-env-key", "test-env-value")},
       {{"dependent-env-key", "$(test-env-key)-dependent-env-value"},
        {"test-env-key", "test-env-value"}}},
      {{Env("test-env-key", "test-env-value"),
        Env("escaped-env-key", "$$(test-env-key)-escaped-env-value")},
       {{"test-env-key", "test-env-value"},
        {"escaped-env-key", "$(test-env-key)-escaped-env-value"}}},
      {{Env("test-env-key", "test-env-value"), Env("empty-env-key", "$()-empty-env-value")},
       {{"test-env-key", "test-env-value"}, {"empty-env-key", "$()-empty-env-value"}}},
      {{Env("test-env-key", "test-env-value"),
        Env("incomplete-env-key", "$(test-env-key-incomplete-env-value")},
       {{"test-env-key", "test-env-value"},
        {"incomplete-env-key", "$(test-env-key-incomplete-env-value"}}},
  };
  for (size_t i = 0; i < std::size(cases); ++i) {
    api::Container c;
    c.env = cases[i].env;
    Result<StringMap> env = ResolveContainerEnv(PodWith(c), "", kNamespace, lookup);
    ASSERT_TRUE(env) << "case " << i;
    EXPECT_EQ(*env, cases[i].expected) << "case " << i;
  }
}

TEST(ResolverTest, EnvFromPrefixSecretsConfigMapsAndContainerChoice) {
  FakeLookup lookup;
  lookup.AddConfigMap(kNamespace, "cm", {{"A", "from-cm"}, {"B", "b"}});
  lookup.AddSecret(kNamespace, "sec", {{"PASSWORD", "hunter2"}});
  api::PodSpec spec;
  api::Container first;
  first.name = "first";
  first.env.push_back(Env("ONLY_FIRST", "1"));
  api::Container app;
  app.name = "app";
  app.env_from.push_back({});
  app.env_from.back().config_map_ref = api::ConfigMapEnvSource{"cm", {}, {}};
  app.env_from.push_back({});
  app.env_from.back().prefix = "S_";
  app.env_from.back().secret_ref = api::SecretEnvSource{"sec", {}, {}};
  app.env.push_back(Env("A", "override-$(B)"));
  api::EnvVar from_secret;
  from_secret.name = "PW";
  from_secret.value_from.emplace().secret_key_ref =
      api::SecretKeySelector{"sec", "PASSWORD", {}, {}};
  app.env.push_back(from_secret);
  api::EnvVar from_cm;
  from_cm.name = "CMB";
  from_cm.value_from.emplace().config_map_key_ref = api::ConfigMapKeySelector{"cm", "B", {}, {}};
  app.env.push_back(from_cm);
  api::EnvVar field_ref;
  field_ref.name = "NODE";
  field_ref.value_from.emplace();  // fieldRef lives in extra: skipped
  app.env.push_back(field_ref);
  spec.containers = {first, app};

  Result<StringMap> env = ResolveContainerEnv(spec, "app", kNamespace, lookup);
  ASSERT_TRUE(env);
  EXPECT_EQ(*env, (StringMap{{"A", "override-b"},
                             {"B", "b"},
                             {"CMB", "b"},
                             {"PW", "hunter2"},
                             {"S_PASSWORD", "hunter2"}}));
  Result<StringMap> default_container = ResolveContainerEnv(spec, "", kNamespace, lookup);
  ASSERT_TRUE(default_container);
  EXPECT_EQ(*default_container, (StringMap{{"ONLY_FIRST", "1"}}));
  Result<StringMap> missing = ResolveContainerEnv(spec, "nope", kNamespace, lookup);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().message(), "couldn't find container with name nope on Target object");
  EXPECT_EQ(ResolveContainerEnv(api::PodSpec{}, "", kNamespace, lookup).error().message(),
            "target object doesn't have containers");
}

// Ported from scale_resolvers_test.go TestResolveAuthRef (the cases tidepool supports).
TEST(ResolverTest, KedaResolveAuthRef) {
  struct Case {
    std::string name;
    std::function<void(FakeLookup&)> setup;
    std::optional<api::keda::AuthenticationRef> ref;
    bool with_pod_spec = false;
    StringMap expected;
    std::string provider = "none";
  };
  api::keda::TriggerAuthenticationSpec secret_spec;
  secret_spec.pod_identity = api::keda::AuthPodIdentity{};
  secret_spec.pod_identity->provider = "none";
  secret_spec.secret_target_ref = {Ref("host", kSecretName, kSecretKey)};
  api::keda::TriggerAuthenticationSpec cm_spec;
  cm_spec.config_map_target_ref = {Ref("host", kCmName, kCmKey)};
  api::keda::TriggerAuthenticationSpec both_spec;
  both_spec.secret_target_ref = {Ref("host-secret", kSecretName, kSecretKey)};
  both_spec.config_map_target_ref = {Ref("host-configmap", kCmName, kCmKey)};
  api::keda::TriggerAuthenticationSpec same_param_spec;
  same_param_spec.secret_target_ref = {Ref("host", kSecretName, kSecretKey)};
  same_param_spec.config_map_target_ref = {Ref("host", kCmName, kCmKey)};
  api::keda::TriggerAuthenticationSpec gcp_spec;
  gcp_spec.pod_identity = api::keda::AuthPodIdentity{};
  gcp_spec.pod_identity->provider = "gcp";

  std::vector<Case> cases = {
      {"foo", [](FakeLookup&) {}, std::nullopt, false, {}},
      {"no triggerauth exists", [](FakeLookup&) {}, AuthRef(), false, {}},
      {"no triggerauth exists (cluster)",
       [](FakeLookup&) {},
       AuthRef("ClusterTriggerAuthentication"),
       false,
       {}},
      {"triggerauth exists, podidentity nil",
       [&](FakeLookup& l) {
         l.AddTriggerAuthentication(kNamespace, kTriggerAuthName, secret_spec);
       },
       AuthRef(),
       false,
       {{"host", ""}}},
      {"triggerauth exists and secret",
       [&](FakeLookup& l) {
         l.AddTriggerAuthentication(kNamespace, kTriggerAuthName, secret_spec);
         l.AddSecret(kNamespace, kSecretName, {{kSecretKey, kSecretData}});
       },
       AuthRef(),
       false,
       {{"host", kSecretData}}},
      {"triggerauth exists and config map",
       [&](FakeLookup& l) {
         l.AddTriggerAuthentication(kNamespace, kTriggerAuthName, cm_spec);
         l.AddConfigMap(kNamespace, kCmName, {{kCmKey, kCmData}});
       },
       AuthRef(),
       false,
       {{"host", kCmData}}},
      {"triggerauth exists secret + config map",
       [&](FakeLookup& l) {
         l.AddTriggerAuthentication(kNamespace, kTriggerAuthName, both_spec);
         l.AddSecret(kNamespace, kSecretName, {{kSecretKey, kSecretData}});
         l.AddConfigMap(kNamespace, kCmName, {{kCmKey, kCmData}});
       },
       AuthRef(),
       false,
       {{"host-secret", kSecretData}, {"host-configmap", kCmData}}},
      {"clustertriggerauth exists, podidentity nil",
       [&](FakeLookup& l) { l.AddClusterTriggerAuthentication(kTriggerAuthName, secret_spec); },
       AuthRef("ClusterTriggerAuthentication"),
       false,
       {{"host", ""}}},
      {"clustertriggerauth exists and secret",
       [&](FakeLookup& l) {
         l.AddClusterTriggerAuthentication(kTriggerAuthName, secret_spec);
         l.AddSecret(kClusterNamespace, kSecretName, {{kSecretKey, kSecretData}});
       },
       AuthRef("ClusterTriggerAuthentication"),
       false,
       {{"host", kSecretData}}},
      {"clustertriggerauth exists and secret + config map",
       [&](FakeLookup& l) {
         l.AddClusterTriggerAuthentication(kTriggerAuthName, same_param_spec);
         l.AddSecret(kClusterNamespace, kSecretName, {{kSecretKey, kSecretData}});
         l.AddConfigMap(kClusterNamespace, kCmName, {{kCmKey, kCmData}});
       },
       AuthRef("ClusterTriggerAuthentication"),
       false,
       {{"host", kSecretData}}},
      {"clustertriggerauth exists and secret in the wrong namespace",
       [&](FakeLookup& l) {
         l.AddClusterTriggerAuthentication(kTriggerAuthName, secret_spec);
         l.AddSecret(kNamespace, kSecretName, {{kSecretKey, kSecretData}});
       },
       AuthRef("ClusterTriggerAuthentication"),
       false,
       {{"host", ""}}},
      {"clustertriggerauth with podIdentity but no podSpec",
       [&](FakeLookup& l) { l.AddClusterTriggerAuthentication(kTriggerAuthName, gcp_spec); },
       AuthRef("ClusterTriggerAuthentication"),
       false,
       {},
       "gcp"},
      {"clustertriggerauth with podIdentity and dummy podSpec",
       [&](FakeLookup& l) { l.AddClusterTriggerAuthentication(kTriggerAuthName, gcp_spec); },
       AuthRef("ClusterTriggerAuthentication"),
       true,
       {},
       "gcp"},
  };
  for (const Case& c : cases) {
    FakeLookup lookup;
    c.setup(lookup);
    api::PodSpec dummy;
    Result<ResolvedAuth> auth =
        ResolveAuthRef(c.ref, kNamespace, c.with_pod_spec ? &dummy : nullptr, lookup);
    ASSERT_TRUE(auth) << c.name << ": " << auth.error().message();
    EXPECT_EQ(auth->auth_params, c.expected) << c.name;
    EXPECT_EQ(auth->pod_identity_provider, c.provider) << c.name;
  }
}

TEST(ResolverTest, AuthEnvFromTargetContainerAndClusterNamespaceOption) {
  FakeLookup lookup;
  api::keda::TriggerAuthenticationSpec spec;
  api::keda::AuthEnvironment env;
  env.parameter = "password";
  env.name = "REDIS_PASSWORD";
  spec.env.push_back(env);
  spec.secret_target_ref = {Ref("host", kSecretName, kSecretKey)};
  lookup.AddTriggerAuthentication(kNamespace, kTriggerAuthName, spec);
  lookup.AddClusterTriggerAuthentication(kTriggerAuthName, spec);
  lookup.AddSecret("platform", kSecretName, {{kSecretKey, "platform-host"}});
  api::Container c;
  c.env.push_back(Env("REDIS_PASSWORD", "pw"));
  api::PodSpec pod = PodWith(c);

  Result<ResolvedAuth> ta = ResolveAuthRef(AuthRef(), kNamespace, &pod, lookup);
  ASSERT_TRUE(ta);
  EXPECT_EQ(ta->auth_params, (StringMap{{"password", "pw"}, {"host", ""}}));
  // No pod template: env entries resolve to "".
  Result<ResolvedAuth> no_pod = ResolveAuthRef(AuthRef(), kNamespace, nullptr, lookup);
  EXPECT_EQ(no_pod->auth_params.at("password"), "");

  ResolverOptions options;
  options.cluster_object_namespace = "platform";
  Result<ResolvedAuth> cta =
      ResolveAuthRef(AuthRef("ClusterTriggerAuthentication"), kNamespace, &pod, lookup, options);
  ASSERT_TRUE(cta);
  EXPECT_EQ(cta->auth_params, (StringMap{{"password", "pw"}, {"host", "platform-host"}}));
}

// Ported from TestResolveAuthRef "triggerauth exists but hashicorp vault can't resolve" and the
// bound service account token cases: tidepool refuses the sources it cannot resolve yet.
TEST(ResolverTest, UnsupportedSourcesAreClearErrors) {
  FakeLookup lookup;
  api::keda::TriggerAuthenticationSpec vault;
  vault.hashi_corp_vault.emplace();
  lookup.AddTriggerAuthentication(kNamespace, kTriggerAuthName, vault);
  Result<ResolvedAuth> r = ResolveAuthRef(AuthRef(), kNamespace, nullptr, lookup);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message(),
            "TriggerAuthentication triggerauth: hashiCorpVault is not supported yet by tidepool");

  FakeLookup lookup2;
  api::keda::TriggerAuthenticationSpec bsat;
  bsat.bound_service_account_token.push_back({});
  lookup2.AddClusterTriggerAuthentication(kTriggerAuthName, bsat);
  Result<ResolvedAuth> r2 =
      ResolveAuthRef(AuthRef("ClusterTriggerAuthentication"), kNamespace, nullptr, lookup2);
  ASSERT_FALSE(r2);
  EXPECT_NE(r2.error().message().find("boundServiceAccountToken is not supported yet"),
            std::string::npos);

  FakeLookup lookup3;
  api::keda::TriggerAuthenticationSpec file;
  file.file_path = "creds.json";
  lookup3.AddTriggerAuthentication(kNamespace, kTriggerAuthName, file);
  Result<ResolvedAuth> r3 = ResolveAuthRef(AuthRef(), kNamespace, nullptr, lookup3);
  ASSERT_FALSE(r3);
  EXPECT_EQ(r3.error().message(),
            "filePath is only supported for ClusterTriggerAuthentication, got kind: ");
}

// scale_resolvers.go oauth2 block: client-credentials parameters for the scalers.
TEST(ResolverTest, OAuth2Parameters) {
  FakeLookup lookup;
  lookup.AddSecret(kNamespace, "oauth", {{"secret", "client-secret-value"}});
  api::keda::TriggerAuthenticationSpec spec;
  api::keda::OAuth2& o = spec.oauth2.emplace();
  o.type = "clientCredentials";
  o.client_id = "my-client";
  o.token_url = "https://idp.example.com/token";
  o.client_secret.emplace().value_from.secret_key_ref.name = "oauth";
  o.client_secret->value_from.secret_key_ref.key = "secret";
  o.scopes = {"read", "write"};
  o.token_url_params = {{"resource", "api://x y"}, {"audience", "a&b"}};
  lookup.AddTriggerAuthentication(kNamespace, kTriggerAuthName, spec);
  Result<ResolvedAuth> r = ResolveAuthRef(AuthRef(), kNamespace, nullptr, lookup);
  ASSERT_TRUE(r) << r.error().message();
  EXPECT_EQ(r->auth_params,
            (StringMap{{"oauthTokenURI", "https://idp.example.com/token"},
                       {"clientID", "my-client"},
                       {"clientSecret", "client-secret-value"},
                       {"scopes", "read,write"},
                       {"endpointParams", "audience=a%26b&resource=api%3A%2F%2Fx+y"}}));
}

TEST(ResolverTest, AwsPodIdentityRoleArn) {
  FakeLookup lookup;
  api::keda::TriggerAuthenticationSpec spec;
  spec.pod_identity.emplace().provider = "aws";
  spec.pod_identity->role_arn = "arn:aws:iam::1:role/keda";
  lookup.AddTriggerAuthentication(kNamespace, kTriggerAuthName, spec);
  api::PodSpec pod;
  pod.service_account_name = "app";
  Result<ResolvedAuth> r = ResolveAuthRef(AuthRef(), kNamespace, &pod, lookup);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->pod_identity_provider, "aws");
  EXPECT_EQ(r->auth_params.at("awsRoleArn"), "arn:aws:iam::1:role/keda");

  FakeLookup workload;
  api::keda::TriggerAuthenticationSpec wspec;
  wspec.pod_identity.emplace().provider = "aws";
  wspec.pod_identity->identity_owner = "workload";
  workload.AddTriggerAuthentication(kNamespace, kTriggerAuthName, wspec);
  Result<ResolvedAuth> missing_sa = ResolveAuthRef(AuthRef(), kNamespace, &pod, workload);
  ASSERT_FALSE(missing_sa);
  workload.AddServiceAccount(kNamespace, "app",
                             {{"eks.amazonaws.com/role-arn", "arn:aws:iam::1:role/app"}});
  Result<ResolvedAuth> ok = ResolveAuthRef(AuthRef(), kNamespace, &pod, workload);
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->auth_params.at("awsRoleArn"), "arn:aws:iam::1:role/app");

  wspec.pod_identity->role_arn = "arn:x";
  FakeLookup both;
  both.AddTriggerAuthentication(kNamespace, kTriggerAuthName, wspec);
  Result<ResolvedAuth> conflict = ResolveAuthRef(AuthRef(), kNamespace, &pod, both);
  ASSERT_FALSE(conflict);
  EXPECT_EQ(conflict.error().message(),
            "roleArn can't be set if KEDA isn't identity owner, current value: 'workload'");
}

TEST(ResolverTest, BuildScalerConfigCarriesEverything) {
  FakeLookup lookup;
  lookup.AddSecret(kNamespace, kSecretName, {{kSecretKey, kSecretData}});
  api::keda::TriggerAuthenticationSpec spec;
  spec.secret_target_ref = {Ref("password", kSecretName, kSecretKey)};
  lookup.AddTriggerAuthentication(kNamespace, kTriggerAuthName, spec);
  api::Container c;
  c.env.push_back(Env("QUEUE", "orders"));
  api::PodSpec pod = PodWith(c);
  api::keda::ScaleTrigger trigger;
  trigger.type = "redis";
  trigger.name = "orders";
  trigger.metadata = {{"listNameFromEnv", "QUEUE"}};
  trigger.metric_type = "Value";
  trigger.authentication_ref = AuthRef();
  SimulatedClock clock;
  ScalableObjectRef object{"ScaledObject", "so", kNamespace, &pod, "", false};
  Result<ScalerConfig> config = BuildScalerConfig(object, trigger, 2, lookup, clock);
  ASSERT_TRUE(config);
  EXPECT_EQ(config->scalable_object_type, "ScaledObject");
  EXPECT_EQ(config->scalable_object_name, "so");
  EXPECT_EQ(config->trigger_index, 2);
  EXPECT_EQ(config->trigger_name, "orders");
  EXPECT_EQ(config->metric_type, "Value");
  EXPECT_EQ(config->resolved_env, (StringMap{{"QUEUE", "orders"}}));
  EXPECT_EQ(config->auth_params, (StringMap{{"password", kSecretData}}));
  EXPECT_EQ(config->pod_identity_provider, "none");
  EXPECT_EQ(config->clock, &clock);

  ScalableObjectRef bad{"ScaledObject", "so", kNamespace, &pod, "sidecar", false};
  Result<ScalerConfig> err = BuildScalerConfig(bad, trigger, 0, lookup, clock);
  ASSERT_FALSE(err);
  EXPECT_EQ(err.error().message(),
            "error resolving secrets for ScaleTarget: couldn't find container with name sidecar "
            "on Target object");
}

// Secret values must never reach an error: build every error path with a secret present.
TEST(ResolverTest, SecretValuesNeverAppearInErrors) {
  constexpr std::string_view kSecret = "s3cr3t-Value-42";
  FakeLookup lookup;
  lookup.AddSecret(kNamespace, kSecretName, {{kSecretKey, std::string(kSecret)}});
  api::keda::TriggerAuthenticationSpec spec;
  spec.secret_target_ref = {Ref("password", kSecretName, kSecretKey),
                            Ref("queueLength", kSecretName, kSecretKey)};
  spec.hashi_corp_vault.emplace();
  lookup.AddTriggerAuthentication(kNamespace, kTriggerAuthName, spec);
  api::Container c;
  api::EnvVar from_secret;
  from_secret.name = "PW";
  from_secret.value_from.emplace().secret_key_ref =
      api::SecretKeySelector{kSecretName, kSecretKey, {}, {}};
  c.env.push_back(from_secret);
  api::EnvVar missing;
  missing.name = "MISSING";
  missing.value_from.emplace().secret_key_ref = api::SecretKeySelector{"absent", "k", {}, {}};
  c.env.push_back(missing);
  api::PodSpec pod = PodWith(c);

  std::vector<std::string> errors;
  Result<StringMap> env = ResolveContainerEnv(pod, "", kNamespace, lookup);
  ASSERT_FALSE(env);
  errors.push_back(env.error().message());
  Result<ResolvedAuth> auth = ResolveAuthRef(AuthRef(), kNamespace, &pod, lookup);
  ASSERT_FALSE(auth);
  errors.push_back(auth.error().message());
  SimulatedClock clock;
  api::keda::ScaleTrigger trigger;
  trigger.type = "redis";
  trigger.authentication_ref = AuthRef();
  ScalableObjectRef object{"ScaledObject", "so", kNamespace, &pod, "", false};
  Result<ScalerConfig> config = BuildScalerConfig(object, trigger, 0, lookup, clock);
  ASSERT_FALSE(config);
  errors.push_back(config.error().message());
  for (const std::string& e : errors) {
    EXPECT_EQ(e.find(kSecret), std::string::npos) << e;
    EXPECT_FALSE(e.empty());
  }
}

}  // namespace
}  // namespace tidepool::scalers
