// Namespace, Secret and ConfigMap: base64 cases ported from Go's encoding/base64/base64_test.go
// (TestDecodeCorrupt, StdEncoding pairs), defaults from pkg/apis/core/v1/defaults_test.go, and
// validation cases from pkg/apis/core/validation/validation_test.go (TestValidateSecret,
// TestValidateConfigMap, TestValidateDockerConfigSecret, TestValidateBasicAuthSecret,
// TestValidateSSHAuth, TestValidateTLSSecret).
#include "api/k8s/config.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "api/k8s/k8s_test_util.h"

namespace tidepool::api {
namespace {

using testing::MustDecode;
using testing::RoundTrip;

TEST(Base64Test, GoStdEncodingPairs) {
  const std::pair<std::string, std::string> pairs[] = {
      {"", ""},
      {std::string("\x14\xfb\x9c\x03\xd9\x7e", 6), "FPucA9l+"},
      {std::string("\x14\xfb\x9c\x03\xd9", 5), "FPucA9k="},
      {std::string("\x14\xfb\x9c\x03", 4), "FPucAw=="},
      {"f", "Zg=="},
      {"fo", "Zm8="},
      {"foo", "Zm9v"},
      {"foob", "Zm9vYg=="},
      {"fooba", "Zm9vYmE="},
      {"foobar", "Zm9vYmFy"},
      {"sure.", "c3VyZS4="},
      {"leasure.", "bGVhc3VyZS4="},
  };
  for (const auto& [plain, encoded] : pairs) {
    EXPECT_EQ(EncodeBase64(plain), encoded);
    Result<std::string> decoded = DecodeBase64(encoded);
    ASSERT_TRUE(decoded) << encoded << ": " << decoded.error().message();
    EXPECT_EQ(*decoded, plain);
  }
  // Line breaks are ignored, as Go's decoder does.
  EXPECT_EQ(DecodeBase64("Zm9v\nYmFy\r\n").value(), "foobar");
}

// Ported from Go's encoding/base64 TestDecodeCorrupt: the offset of the first bad byte, or -1
// for valid input.
TEST(Base64Test, GoDecodeCorrupt) {
  const std::pair<const char*, int> cases[] = {
      {"", -1},       {"\n", -1},         {"AAA=\n", -1}, {"AAAA\n", -1}, {"!!!!", 0},
      {"====", 0},    {"x===", 1},        {"=AAA", 0},    {"A=AA", 1},    {"AA=A", 2},
      {"AA==A", 4},   {"AAA=AAAA", 4},    {"AAAAA", 4},   {"AAAAAA", 4},  {"A=", 1},
      {"A==", 1},     {"AA=", 3},         {"AA==", -1},   {"AAA=", -1},   {"AAAA", -1},
      {"AAAAAA=", 7}, {"YWJjZA=====", 8}, {"A!\n", 1},    {"A=\n", 1},
  };
  for (const auto& [input, offset] : cases) {
    Result<std::string> r = DecodeBase64(input);
    if (offset < 0) {
      EXPECT_TRUE(r) << input;
    } else {
      ASSERT_FALSE(r) << input;
      EXPECT_EQ(r.error().message(), "illegal base64 data at input byte " + std::to_string(offset))
          << input;
    }
  }
}

const char* kSecret = R"({
  "apiVersion": "v1", "kind": "Secret",
  "metadata": {"name": "rabbitmq", "namespace": "queues"},
  "type": "Opaque",
  "data": {"host": "YW1xcDovL3VzZXI6cGFzc0ByYWJiaXQ6NTY3Mi8="},
  "stringData": {"queue": "orders"}
})";

TEST(SecretTest, RoundTripAndValues) {
  const Json input = Json::parse(kSecret);
  EXPECT_EQ(RoundTrip<Secret>(input), input);
  const Secret secret = MustDecode<Secret>(input);
  Result<std::map<std::string, std::string>> values = SecretData(secret);
  ASSERT_TRUE(values) << values.error().message();
  EXPECT_EQ(values->at("host"), "amqp://user:pass@rabbit:5672/");
  EXPECT_EQ(values->at("queue"), "orders");

  FieldErrors errors;
  testing::DecodeJson<Secret>(Json::parse(R"({"kind": "Secret", "metadata": {"name": "s"},
                                              "stringdata": {"a": "b"}})"),
                              errors);
  EXPECT_TRUE(errors.Contains("stringdata", "did you mean \"stringData\"?")) << errors.ToString();
}

TEST(SecretTest, StringDataWinsAndBadBase64IsAnError) {
  Secret secret = MustDecode<Secret>(Json::parse(kSecret));
  secret.string_data["host"] = "override";
  EXPECT_EQ(SecretData(secret)->at("host"), "override");
  secret.data["broken"] = "not base64!";
  Result<std::map<std::string, std::string>> values = SecretData(secret);
  ASSERT_FALSE(values);
  EXPECT_EQ(values.error().message(), "data[broken]: illegal base64 data at input byte 3");
}

// The API server folds stringData into data (base64) and defaults the type.
TEST(SecretTest, DefaultsMergeStringData) {
  Secret secret = MustDecode<Secret>(Json::parse(kSecret));
  secret.type.clear();
  SetDefaults(secret);
  EXPECT_EQ(secret.type, kSecretTypeOpaque);
  EXPECT_TRUE(secret.string_data.empty());
  EXPECT_EQ(secret.data.at("queue"), "b3JkZXJz");
  EXPECT_EQ(SecretData(secret)->at("queue"), "orders");
}

FieldErrors ValidateSecret(const Secret& secret) {
  FieldErrors errors;
  Validate(secret, errors);
  return errors;
}

Secret MakeSecret(const char* type, std::map<std::string, std::string> plain) {
  Secret s;
  s.metadata.name = "s";
  s.metadata.namespace_ = "default";
  s.type = type;
  for (const auto& [k, v] : plain) s.data[k] = EncodeBase64(v);
  return s;
}

TEST(SecretValidationTest, CoreValidateSecret) {
  EXPECT_TRUE(ValidateSecret(MakeSecret("Opaque", {{"a.key", "v"}, {"KEY_2", "v"}})).empty());
  struct Case {
    const char* name;
    Secret secret;
    const char* path;
    const char* message;
  };
  Secret too_big = MakeSecret("Opaque", {{"big", std::string(1024 * 1024 + 1, 'x')}});
  Secret bad_base64 = MakeSecret("Opaque", {});
  bad_base64.data["k"] = "%%%%";
  Secret sa_token = MakeSecret("kubernetes.io/service-account-token", {});
  Secret unnamed = MakeSecret("Opaque", {});
  unnamed.metadata.name.clear();
  const Case cases[] = {
      {"invalid key", MakeSecret("Opaque", {{"a*b", "v"}}), "data[a*b]",
       "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. "
       "'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is "
       "'[-._a-zA-Z0-9]+')"},
      {"dot key", MakeSecret("Opaque", {{".", "v"}}), "data[.]", "must not be '.'"},
      {"dotdot prefix key", MakeSecret("Opaque", {{"..a", "v"}}), "data[..a]",
       "must not start with '..'"},
      {"too big", too_big, "data", "Too long: may not be more than 1048576 bytes"},
      {"bad base64", bad_base64, "data[k]", "illegal base64 data at input byte 0"},
      {"service account token without annotation", sa_token,
       "metadata.annotations[kubernetes.io/service-account.name]", "Required value"},
      {"dockerconfigjson without key", MakeSecret("kubernetes.io/dockerconfigjson", {}),
       "data[.dockerconfigjson]", "Required value"},
      {"dockercfg without key", MakeSecret("kubernetes.io/dockercfg", {}), "data[.dockercfg]",
       "Required value"},
      {"basic auth without username or password", MakeSecret("kubernetes.io/basic-auth", {}),
       "data[username]", "Required value"},
      {"ssh auth without key", MakeSecret("kubernetes.io/ssh-auth", {{"ssh-privatekey", ""}}),
       "data[ssh-privatekey]", "Required value"},
      {"tls without cert", MakeSecret("kubernetes.io/tls", {{"tls.key", "k"}}), "data[tls.crt]",
       "Required value"},
      {"missing name", unnamed, "metadata.name", "Required value"},
  };
  for (const Case& c : cases) {
    FieldErrors errors = ValidateSecret(c.secret);
    EXPECT_TRUE(errors.Contains(c.path, c.message))
        << c.name << ": want " << c.path << ": " << c.message << "\n got: " << errors.ToString();
  }
  // Type-specific keys may come from stringData too; basic auth needs only one of the two.
  Secret tls = MakeSecret("kubernetes.io/tls", {{"tls.crt", "c"}});
  tls.string_data["tls.key"] = "k";
  EXPECT_TRUE(ValidateSecret(tls).empty()) << ValidateSecret(tls).ToString();
  EXPECT_TRUE(ValidateSecret(MakeSecret("kubernetes.io/basic-auth", {{"password", ""}})).empty());
}

TEST(ConfigMapTest, RoundTripAndValidation) {
  const Json input = Json::parse(R"({
    "apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "settings"},
    "immutable": true,
    "data": {"mode": "fast", "app.properties": "a=b\nc=d\n"},
    "binaryData": {"logo.png": "iVBORw0KGgo="}
  })");
  EXPECT_EQ(RoundTrip<ConfigMap>(input), input);
  ConfigMap cm = MustDecode<ConfigMap>(input);
  EXPECT_EQ(cm.immutable, true);
  FieldErrors errors;
  Validate(cm, errors);
  EXPECT_TRUE(errors.empty()) << errors.ToString();

  // Ported from TestValidateConfigMap error cases.
  cm.data["logo.png"] = "dup";
  cm.data["bad key"] = "x";
  cm.binary_data["bad/key"] = "AAAA";
  cm.data["huge"] = std::string(1024 * 1024, 'x');
  Validate(cm, errors);
  EXPECT_TRUE(errors.Contains("data[logo.png]", "duplicate of key present in binaryData"))
      << errors.ToString();
  EXPECT_TRUE(errors.Contains("data[bad key]", "a valid config key must consist of"))
      << errors.ToString();
  EXPECT_TRUE(errors.Contains("binaryData[bad/key]", "a valid config key must consist of"))
      << errors.ToString();
  EXPECT_TRUE(errors.Contains("", "Too long: may not be more than 1048576 bytes"))
      << errors.ToString();
}

TEST(NamespaceTest, RoundTripDefaultsAndValidation) {
  const Json input = Json::parse(R"({
    "apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "queues"},
    "spec": {"finalizers": ["kubernetes"]},
    "status": {"phase": "Active", "conditions": [{"type": "NamespaceDeletionDiscoveryFailure", "status": "False"}]}
  })");
  EXPECT_EQ(RoundTrip<Namespace>(input), input);

  Namespace ns;
  ns.metadata.name = "team-a";
  SetDefaults(ns);
  EXPECT_EQ(ns.metadata.labels.at("kubernetes.io/metadata.name"), "team-a");
  EXPECT_EQ(ns.status.phase, "Active");
  FieldErrors errors;
  Validate(ns, errors);
  EXPECT_TRUE(errors.empty()) << errors.ToString();

  ns.metadata.name = "team.a";  // a subdomain, but namespaces need a DNS label
  Validate(ns, errors);
  EXPECT_TRUE(errors.Contains("metadata.name", "must not contain dots")) << errors.ToString();
}

}  // namespace
}  // namespace tidepool::api
