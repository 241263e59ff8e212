// TriggerAuthentication and ClusterTriggerAuthentication. Cases named Keda* are ported from
// apis/keda/v1alpha1/triggerauthentication_webhook_test.go and triggerauthentication_types_test.go.
#include "api/keda/trigger_authentication.h"

#include <gtest/gtest.h>

#include "api/keda/keda_test_util.h"

namespace tidepool::api::keda {
namespace {

using api::testing::Yaml;
using testing::Kinds;

// The TriggerAuthentication of the article in seed/.
constexpr std::string_view kArticleTriggerAuthentication = R"(
apiVersion: keda.sh/v1alpha1
kind: TriggerAuthentication
metadata:
  name: keda-aws-credentials
  namespace: processing
spec:
  podIdentity:
    provider: aws
)";

std::optional<std::string> Opt(const char* s) {
  if (s == nullptr) return std::nullopt;
  return std::string(s);
}

// Upstream's createTriggerAuthenticationSpecWithPodIdentity.
TriggerAuthenticationSpec WithPodIdentity(std::string provider, const char* role_arn,
                                          const char* identity_id, const char* tenant_id,
                                          const char* authority_host, const char* owner,
                                          const char* external_id) {
  AuthPodIdentity p;
  p.provider = std::move(provider);
  p.role_arn = Opt(role_arn);
  p.identity_id = Opt(identity_id);
  p.identity_tenant_id = Opt(tenant_id);
  p.identity_authority_host = Opt(authority_host);
  p.identity_owner = Opt(owner);
  p.external_id = Opt(external_id);
  TriggerAuthenticationSpec spec;
  spec.pod_identity = p;
  return spec;
}

// Upstream's createTriggerAuthentication.
FieldErrors CheckTa(const TriggerAuthenticationSpec& spec) {
  TriggerAuthentication ta;
  ta.metadata.name = "identityidta";
  ta.metadata.namespace_ = "rolearn";
  ta.spec = spec;
  FieldErrors errors;
  Validate(ta, errors);
  return errors;
}

FieldErrors CheckCta(const TriggerAuthenticationSpec& spec) {
  ClusterTriggerAuthentication cta;
  cta.metadata.name = "clusteridentityidta";
  cta.spec = spec;
  FieldErrors errors;
  Validate(cta, errors);
  return errors;
}

TEST(TriggerAuthenticationTest, TheArticlesTriggerAuthenticationIsValid) {
  auto ta = Kinds().DecodeOk<TriggerAuthentication>(kArticleTriggerAuthentication);
  ASSERT_TRUE(ta.spec.pod_identity.has_value());
  EXPECT_EQ(ta.spec.pod_identity->provider, "aws");
  EXPECT_FALSE(ta.spec.pod_identity->role_arn.has_value());
  FieldErrors errors;
  Validate(ta, errors);
  EXPECT_TRUE(errors.empty()) << errors.ToString();
  EXPECT_EQ(Kinds().Encode(ta), Yaml(kArticleTriggerAuthentication));
}

// ---- triggerauthentication_webhook_test.go ----------------------------------------------------

TEST(TriggerAuthenticationTest, KedaAzureWorkloadTenantIdSetAndNotEmpty) {
  EXPECT_TRUE(CheckTa(WithPodIdentity("azure-workload", nullptr, "12345", "12345", nullptr, nullptr,
                                      nullptr))
                  .empty());
}

TEST(TriggerAuthenticationTest, KedaAzureWorkloadTenantIdSetButEmpty) {
  FieldErrors errors =
      CheckTa(WithPodIdentity("azure-workload", nullptr, "12345", "", nullptr, nullptr, nullptr));
  EXPECT_TRUE(errors.Contains("spec.podIdentity.identityTenantId",
                              "identityTenantId of PodIdentity should not be empty. If it's set, "
                              "identityTenantId has to be different than \"\""))
      << errors.ToString();
}

TEST(TriggerAuthenticationTest, KedaAzureWorkloadAuthorityHostWithTenantId) {
  EXPECT_TRUE(CheckTa(WithPodIdentity("azure-workload", nullptr, "12345", "12345", "12345", nullptr,
                                      nullptr))
                  .empty());
}

TEST(TriggerAuthenticationTest, KedaAzureWorkloadAuthorityHostWithNilTenantId) {
  FieldErrors errors = CheckTa(
      WithPodIdentity("azure-workload", nullptr, "12345", nullptr, "12345", nullptr, nullptr));
  EXPECT_TRUE(errors.Contains("spec.podIdentity.identityTenantId",
                              "identityTenantID of PodIdentity should not be nil or empty when "
                              "identityAuthorityHost of PodIdentity is set"))
      << errors.ToString();
}

TEST(TriggerAuthenticationTest, KedaAzureWorkloadAuthorityHostWithEmptyTenantId) {
  FieldErrors errors =
      CheckTa(WithPodIdentity("azure-workload", nullptr, "12345", "", "12345", nullptr, nullptr));
  EXPECT_TRUE(errors.Contains("spec.podIdentity.identityTenantId", "should not be nil or empty"))
      << errors.ToString();
}

TEST(TriggerAuthenticationTest, AzureWorkloadEmptyIdentityId) {
  FieldErrors errors =
      CheckTa(WithPodIdentity("azure-workload", nullptr, "", nullptr, nullptr, nullptr, nullptr));
  EXPECT_TRUE(errors.Contains("spec.podIdentity.identityId",
                              "identityId of PodIdentity should not be empty"))
      << errors.ToString();
}

TEST(TriggerAuthenticationTest, KedaAwsRoleArnAndIdentityOwner) {
  struct Case {
    const char* name;
    const char* role_arn;
    const char* owner;
    bool valid;
  };
  const Case cases[] = {
      {"RoleArn is not empty and IdentityOwner is nil", "Hello", nullptr, true},
      {"RoleArn is not empty and IdentityOwner is keda", "Hello", "keda", true},
      {"RoleArn is not empty and IdentityOwner is workload", "Hello", "workload", false},
      {"RoleArn is empty and IdentityOwner is keda", nullptr, "keda", true},
      {"RoleArn is empty and IdentityOwner is workload", nullptr, "workload", true},
  };
  for (const Case& c : cases) {
    const TriggerAuthenticationSpec spec =
        WithPodIdentity("aws", c.role_arn, nullptr, nullptr, nullptr, c.owner, nullptr);
    // Upstream runs each case for both kinds.
    for (const FieldErrors& errors : {CheckTa(spec), CheckCta(spec)}) {
      EXPECT_EQ(errors.empty(), c.valid) << c.name << ": " << errors.ToString();
      if (!c.valid) {
        EXPECT_TRUE(errors.Contains("spec.podIdentity.roleArn",
                                    "roleArn of PodIdentity can't be set if KEDA isn't "
                                    "identityOwner"));
      }
    }
  }
}

TEST(TriggerAuthenticationTest, KedaExternalIdIsSetAndRoleArnIsSet) {
  EXPECT_TRUE(CheckTa(WithPodIdentity("aws", "arn:aws:iam::123456789012:role/MyRole", nullptr,
                                      nullptr, nullptr, nullptr, "my-external-id"))
                  .empty());
}

TEST(TriggerAuthenticationTest, KedaExternalIdIsSetAndRoleArnIsNilOrEmpty) {
  for (const char* role : {static_cast<const char*>(nullptr), ""}) {
    FieldErrors errors =
        CheckTa(WithPodIdentity("aws", role, nullptr, nullptr, nullptr, nullptr, "my-external-id"));
    EXPECT_TRUE(errors.Contains("spec.podIdentity.externalID",
                                "externalID of PodIdentity requires roleArn to be set"))
        << errors.ToString();
  }
}

TEST(TriggerAuthenticationTest, KedaFilePathOnTriggerAuthenticationIsRefused) {
  TriggerAuthenticationSpec spec;
  spec.file_path = "/mnt/auth/creds.json";
  FieldErrors errors = CheckTa(spec);
  EXPECT_TRUE(errors.Contains("spec.filePath",
                              "filePath is only supported for ClusterTriggerAuthentication, got "
                              "kind: TriggerAuthentication"))
      << errors.ToString();
}

TEST(TriggerAuthenticationTest, KedaFilePathOnClusterTriggerAuthenticationIsAccepted) {
  TriggerAuthenticationSpec spec;
  spec.file_path = "/mnt/auth/creds.json";
  EXPECT_TRUE(CheckCta(spec).empty());
}

// Ported from triggerauthentication_types_test.go TestTriggerAuthenticationSpec_WithFilePath.
TEST(TriggerAuthenticationTest, KedaTriggerAuthenticationSpecWithFilePath) {
  auto cta = Kinds().DecodeOk<ClusterTriggerAuthentication>(R"(
apiVersion: keda.sh/v1alpha1
kind: ClusterTriggerAuthentication
metadata: {name: file-auth}
spec:
  filePath: /mnt/auth/creds.json
)");
  EXPECT_EQ(cta.spec.file_path, "/mnt/auth/creds.json");
  const nlohmann::json encoded = Kinds().Encode(cta);
  EXPECT_EQ(encoded["spec"]["filePath"], "/mnt/auth/creds.json");
  FieldErrors errors;
  auto again = Kinds().Decode<ClusterTriggerAuthentication>(encoded, errors);
  EXPECT_EQ(again->spec.file_path, "/mnt/auth/creds.json");
}

// ---- OAuth2, secret stores, schema ------------------------------------------------------------

TEST(TriggerAuthenticationTest, OAuth2TypeGetsTheCrdDefault) {
  auto ta = Kinds().DecodeOk<TriggerAuthentication>(R"(
apiVersion: keda.sh/v1alpha1
kind: TriggerAuthentication
metadata: {name: oauth, namespace: default}
spec:
  oauth2:
    clientId: my-client
    tokenUrl: https://auth.example.com/oauth/token
    scopes: [read, write]
    tokenUrlParams: {audience: rabbit}
    clientSecret:
      valueFrom:
        secretKeyRef: {name: oauth, key: secret}
)");
  ASSERT_TRUE(ta.spec.oauth2.has_value());
  EXPECT_EQ(ta.spec.oauth2->type, "clientCredentials");
  EXPECT_EQ(ta.spec.oauth2->client_secret->value_from.secret_key_ref.key, "secret");
  FieldErrors errors;
  Validate(ta, errors);
  EXPECT_TRUE(errors.empty()) << errors.ToString();
}

TEST(TriggerAuthenticationTest, OAuth2WebhookRules) {
  TriggerAuthenticationSpec spec;
  spec.oauth2 = OAuth2{};
  spec.oauth2->type = "password";
  FieldErrors errors = CheckTa(spec);
  EXPECT_TRUE(errors.Contains("spec.oauth2.type",
                              "oauth2.type must be 'clientCredentials', got 'password'"));
  EXPECT_TRUE(errors.Contains("spec.oauth2.clientId",
                              "oauth2.clientId is required when oauth2 is configured"));
  EXPECT_TRUE(errors.Contains("spec.oauth2.tokenUrl",
                              "oauth2.tokenUrl is required when oauth2 is configured"));
  spec.oauth2->type = "clientCredentials";
  spec.oauth2->client_id = "c";
  for (const char* bad : {"ftp://host/token", "auth.example.com/token", "https://", "http:// x/"}) {
    spec.oauth2->token_url = bad;
    EXPECT_TRUE(CheckTa(spec).Contains("spec.oauth2.tokenUrl",
                                       "oauth2.tokenUrl must be a valid http or https URL"))
        << bad;
  }
  for (const char* good : {"http://keycloak:8080/realms/x/token", "HTTPS://user@host?x=1"}) {
    spec.oauth2->token_url = good;
    EXPECT_TRUE(CheckTa(spec).empty()) << good;
  }
}

TEST(TriggerAuthenticationTest, SecretStoresDecodeStrictly) {
  FieldErrors errors = Kinds().DecodeErrors<TriggerAuthentication>(R"(
apiVersion: keda.sh/v1alpha1
kind: TriggerAuthentication
metadata: {name: stores, namespace: default}
spec:
  hashiCorpVault:
    address: https://vault:8200
    authentication: kubernetes
    role: keda
    mount: kubernetes
    credential: {serviceAccount: /var/run/secrets/token}
    secrets:
    - {parameter: password, path: secret/data/redis, key: password, type: secretV2}
    - {parameter: cert, path: pki/issue/x, key: certificate, type: pki, pkiData: {commonNmae: x}}
  awsSecretManager:
    region: eu-west-1
    podIdentity: {provider: aws}
    secrets: [{parameter: token, name: prod/token, versionStage: AWSCURRENT}]
  gcpSecretManager:
    secrets: [{parameter: key, id: my-secret}]
    credentials: {clientSecret: {valueFrom: {secretKeyRef: {name: gcp}}}}
  azureKeyVault:
    vaultUri: https://v.vault.azure.net
    secrets: [{parameter: conn, name: conn, version: "1"}]
    cloud: {type: AzurePublicCloud}
)");
  EXPECT_TRUE(errors.Contains("spec.hashiCorpVault.secrets[1].pkiData.commonNmae",
                              "did you mean \"commonName\""))
      << errors.ToString();
  EXPECT_TRUE(
      errors.Contains("spec.gcpSecretManager.credentials.clientSecret.valueFrom.secretKeyRef.key",
                      "Required value"));
  EXPECT_EQ(errors.size(), 2u) << errors.ToString();
}

TEST(TriggerAuthenticationTest, SchemaEnumsAndMinItems) {
  auto ta = Kinds().DecodeOk<TriggerAuthentication>(R"(
apiVersion: keda.sh/v1alpha1
kind: TriggerAuthentication
metadata: {name: bad, namespace: default}
spec:
  podIdentity: {provider: azure, identityOwner: operator}
  hashiCorpVault:
    address: https://vault:8200
    authentication: ldap
    secrets: [{parameter: p, path: a, key: k, type: kv}]
  awsSecretManager:
    secrets: []
    podIdentity: {provider: aws-iam}
)");
  FieldErrors errors;
  Validate(ta, errors);
  EXPECT_TRUE(errors.Contains("spec.podIdentity.provider",
                              "Unsupported value: \"azure\": supported values: "
                              "\"azure-workload\", \"gcp\", \"aws\", \"aws-eks\", \"none\""))
      << errors.ToString();
  EXPECT_TRUE(errors.Contains("spec.podIdentity.identityOwner", "Unsupported value: \"operator\""));
  EXPECT_TRUE(errors.Contains("spec.hashiCorpVault.authentication", "Unsupported value: \"ldap\""));
  EXPECT_TRUE(errors.Contains("spec.hashiCorpVault.secrets[0].type", "Unsupported value: \"kv\""));
  EXPECT_TRUE(
      errors.Contains("spec.awsSecretManager.secrets", "in body should have at least 1 items"));
  EXPECT_TRUE(errors.Contains("spec.awsSecretManager.podIdentity.provider",
                              "Unsupported value: \"aws-iam\""));
  EXPECT_EQ(errors.size(), 6u) << errors.ToString();
}

TEST(TriggerAuthenticationTest, TypoAndRequiredFieldsInRefs) {
  FieldErrors errors = Kinds().DecodeErrors<TriggerAuthentication>(R"(
apiVersion: keda.sh/v1alpha1
kind: TriggerAuthentication
metadata: {name: refs, namespace: default}
spec:
  podIdentity: {provder: aws}
  secretTargetRef:
  - {parameter: password, name: redis}
  env:
  - {parameter: host, name: REDIS_HOST, containerNmae: app}
  boundServiceAccountToken:
  - {parameter: token}
)");
  EXPECT_TRUE(errors.Contains("spec.podIdentity.provder", "did you mean \"provider\""))
      << errors.ToString();
  EXPECT_TRUE(errors.Contains("spec.podIdentity.provider", "Required value"));
  EXPECT_TRUE(errors.Contains("spec.secretTargetRef[0].key", "Required value"));
  EXPECT_TRUE(errors.Contains("spec.env[0].containerNmae", "did you mean \"containerName\""));
  EXPECT_TRUE(
      errors.Contains("spec.boundServiceAccountToken[0].serviceAccountName", "Required value"));
}

TEST(TriggerAuthenticationTest, RoundTripOfEverySource) {
  constexpr std::string_view kYaml = R"(
apiVersion: keda.sh/v1alpha1
kind: ClusterTriggerAuthentication
metadata: {name: everything}
spec:
  podIdentity: {provider: azure-workload, identityId: "", identityTenantId: t}
  secretTargetRef: [{parameter: password, name: redis, key: password}]
  configMapTargetRef: [{parameter: host, name: redis-config, key: host}]
  env: [{parameter: user, name: REDIS_USER, containerName: app}]
  boundServiceAccountToken: [{parameter: token, serviceAccountName: keda}]
  awsSecretManager:
    secrets: [{parameter: s, name: n, versionId: v, secretKey: k}]
    credentials:
      accessKey: {valueFrom: {secretKeyRef: {name: aws, key: id}}}
      accessSecretKey: {valueFrom: {secretKeyRef: {name: aws, key: secret}}}
status:
  scaledobjects: a,b
  scaledjobs: c
  futureStatus: x
)";
  auto cta = Kinds().DecodeOk<ClusterTriggerAuthentication>(kYaml);
  // An identityId set to "" is kept as written (the webhook tells it from an unset one).
  ASSERT_TRUE(cta.spec.pod_identity->identity_id.has_value());
  EXPECT_EQ(*cta.spec.pod_identity->identity_id, "");
  EXPECT_EQ(cta.status.scaled_objects, "a,b");
  EXPECT_EQ(Kinds().Encode(cta), Yaml(kYaml));
  FieldErrors errors;
  Validate(cta, errors);
  EXPECT_TRUE(errors.Contains("spec.podIdentity.identityId", "should not be empty"));
}

}  // namespace
}  // namespace tidepool::api::keda
