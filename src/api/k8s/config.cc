// Namespace, Secret and ConfigMap: base64 as Go's encoding/base64 StdEncoding reads it, defaults
// (pkg/apis/core/v1/defaults.go and the Secret conversion that folds stringData into data) and
// validation (ValidateNamespace, ValidateSecret, ValidateConfigMap).
#include "api/k8s/config.h"

#include <array>

#include "api/k8s/common_validation.h"
#include "api/name_validation.h"

namespace tidepool::api {
namespace {

constexpr size_t kMaxSecretSize = 1024 * 1024;
constexpr std::string_view kAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

constexpr std::array<int, 256> MakeDecodeTable() {
  std::array<int, 256> table{};
  for (int& v : table) v = -1;
  for (size_t i = 0; i < kAlphabet.size(); ++i) {
    table[static_cast<unsigned char>(kAlphabet[i])] = static_cast<int>(i);
  }
  return table;
}
constexpr std::array<int, 256> kDecode = MakeDecodeTable();

Error Corrupt(size_t offset) {
  return Error(ErrorCode::kInvalidArgument,
               "illegal base64 data at input byte " + std::to_string(offset));
}

bool IsNewline(char c) { return c == '\n' || c == '\r'; }

void Emit(const std::array<int, 4>& quantum, size_t n, std::string& out) {
  const uint32_t v = (static_cast<uint32_t>(quantum[0]) << 18) |
                     (static_cast<uint32_t>(quantum[1]) << 12) |
                     (static_cast<uint32_t>(quantum[2]) << 6) | static_cast<uint32_t>(quantum[3]);
  // n sextets carry n-1 bytes (2 -> 1, 3 -> 2, 4 -> 3).
  out.push_back(static_cast<char>(v >> 16));
  if (n >= 3) out.push_back(static_cast<char>((v >> 8) & 0xff));
  if (n == 4) out.push_back(static_cast<char>(v & 0xff));
}

void CheckSecretKeys(const std::map<std::string, std::string>& data, FieldErrors& errors) {
  for (const auto& [key, value] : data) {
    for (const std::string& msg : ConfigMapKeyProblems(key)) {
      errors.Add(Key("data", key), InvalidMessage(key, msg));
    }
  }
}

void RequireKey(const std::map<std::string, std::string>& data, const char* key,
                FieldErrors& errors) {
  if (data.count(key) == 0) errors.Add(Key("data", key), RequiredMessage());
}

}  // namespace

Result<std::string> DecodeBase64(std::string_view text) {
  std::string out;
  out.reserve(text.size() / 4 * 3);
  size_t si = 0;
  while (true) {
    std::array<int, 4> quantum{};
    size_t j = 0;
    for (; j < 4; ++j) {
      if (si == text.size()) {
        if (j == 0) return out;
        return tl::unexpected(Corrupt(si - j));
      }
      const char in = text[si++];
      const int v = kDecode[static_cast<unsigned char>(in)];
      if (v >= 0) {
        quantum[j] = v;
        continue;
      }
      if (IsNewline(in)) {
        --j;
        continue;
      }
      if (in != '=' || j < 2) return tl::unexpected(Corrupt(si - 1));
      if (j == 2) {  // "==" expected; the first '=' is consumed
        while (si < text.size() && IsNewline(text[si])) ++si;
        if (si == text.size()) return tl::unexpected(Corrupt(text.size()));
        if (text[si] != '=') return tl::unexpected(Corrupt(si - 1));
        ++si;
      }
      while (si < text.size() && IsNewline(text[si])) ++si;
      if (si < text.size()) return tl::unexpected(Corrupt(si));  // data after the padding
      Emit(quantum, j, out);
      return out;
    }
    Emit(quantum, 4, out);
  }
}

std::string EncodeBase64(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    const uint32_t v = (static_cast<unsigned char>(bytes[i]) << 16) |
                       (static_cast<unsigned char>(bytes[i + 1]) << 8) |
                       static_cast<unsigned char>(bytes[i + 2]);
    for (int shift : {18, 12, 6, 0}) out.push_back(kAlphabet[(v >> shift) & 0x3f]);
  }
  const size_t rest = bytes.size() - i;
  if (rest > 0) {
    uint32_t v = static_cast<uint32_t>(static_cast<unsigned char>(bytes[i])) << 16;
    if (rest == 2) v |= static_cast<uint32_t>(static_cast<unsigned char>(bytes[i + 1])) << 8;
    out.push_back(kAlphabet[(v >> 18) & 0x3f]);
    out.push_back(kAlphabet[(v >> 12) & 0x3f]);
    out.push_back(rest == 2 ? kAlphabet[(v >> 6) & 0x3f] : '=');
    out.push_back('=');
  }
  return out;
}

Result<std::map<std::string, std::string>> SecretData(const Secret& secret) {
  std::map<std::string, std::string> out;
  for (const auto& [key, text] : secret.data) {
    Result<std::string> bytes = DecodeBase64(text);
    if (!bytes) return tl::unexpected(bytes.error().WithContext(Key("data", key)));
    out[key] = std::move(*bytes);
  }
  for (const auto& [key, value] : secret.string_data) out[key] = value;
  return out;
}

void SetDefaults(Namespace& ns) {
  if (!ns.metadata.name.empty())
    ns.metadata.labels["kubernetes.io/metadata.name"] = ns.metadata.name;
  if (ns.status.phase.empty()) ns.status.phase = "Active";
}

void SetDefaults(Secret& secret) {
  if (secret.type.empty()) secret.type = kSecretTypeOpaque;
  for (const auto& [key, value] : secret.string_data) secret.data[key] = EncodeBase64(value);
  secret.string_data.clear();
}

void SetDefaults(ConfigMap&) {}

void Validate(const Namespace& ns, FieldErrors& errors) {
  ValidateObjectMeta(ns.metadata, /*namespaced=*/false, NameRule::kDNS1123Label, "metadata",
                     errors);
  for (size_t i = 0; i < ns.spec.finalizers.size(); ++i) {
    for (const std::string& msg : IsQualifiedName(ns.spec.finalizers[i])) {
      errors.Add(Index("spec.finalizers", i), InvalidMessage(ns.spec.finalizers[i], msg));
    }
  }
}

void Validate(const Secret& secret, FieldErrors& errors) {
  ValidateObjectMeta(secret.metadata, /*namespaced=*/true, NameRule::kDNS1123Subdomain, "metadata",
                     errors);
  CheckSecretKeys(secret.data, errors);
  CheckSecretKeys(secret.string_data, errors);
  // Keys as the API server sees them once stringData is merged into data.
  std::map<std::string, std::string> decoded;
  size_t total = 0;
  for (const auto& [key, text] : secret.data) {
    Result<std::string> bytes = DecodeBase64(text);
    if (!bytes) {
      errors.Add(Key("data", key),
                 InvalidMessage("<secret contents redacted>", bytes.error().message()));
      decoded[key];
      continue;
    }
    total += bytes->size();
    decoded[key] = std::move(*bytes);
  }
  for (const auto& [key, value] : secret.string_data) {
    total += value.size();
    decoded[key] = value;
  }
  if (total > kMaxSecretSize) {
    errors.Add("data",
               "Too long: may not be more than " + std::to_string(kMaxSecretSize) + " bytes");
  }
  const std::string& type = secret.type;
  if (type == "kubernetes.io/service-account-token") {
    auto it = secret.metadata.annotations.find("kubernetes.io/service-account.name");
    if (it == secret.metadata.annotations.end() || it->second.empty()) {
      errors.Add(Key("metadata.annotations", "kubernetes.io/service-account.name"),
                 RequiredMessage());
    }
  } else if (type == "kubernetes.io/dockercfg") {
    RequireKey(decoded, ".dockercfg", errors);
  } else if (type == "kubernetes.io/dockerconfigjson") {
    RequireKey(decoded, ".dockerconfigjson", errors);
  } else if (type == "kubernetes.io/basic-auth") {
    if (decoded.count("username") == 0 && decoded.count("password") == 0) {
      errors.Add(Key("data", "username"), RequiredMessage());
      errors.Add(Key("data", "password"), RequiredMessage());
    }
  } else if (type == "kubernetes.io/ssh-auth") {
    auto it = decoded.find("ssh-privatekey");
    if (it == decoded.end() || it->second.empty()) {
      errors.Add(Key("data", "ssh-privatekey"), RequiredMessage());
    }
  } else if (type == "kubernetes.io/tls") {
    RequireKey(decoded, "tls.crt", errors);
    RequireKey(decoded, "tls.key", errors);
  }
}

void Validate(const ConfigMap& config_map, FieldErrors& errors) {
  ValidateObjectMeta(config_map.metadata, /*namespaced=*/true, NameRule::kDNS1123Subdomain,
                     "metadata", errors);
  size_t total = 0;
  for (const auto& [key, value] : config_map.data) {
    for (const std::string& msg : ConfigMapKeyProblems(key)) {
      errors.Add(Key("data", key), InvalidMessage(key, msg));
    }
    if (config_map.binary_data.count(key) > 0) {
      errors.Add(Key("data", key), InvalidMessage(key, "duplicate of key present in binaryData"));
    }
    total += value.size();
  }
  for (const auto& [key, text] : config_map.binary_data) {
    for (const std::string& msg : ConfigMapKeyProblems(key)) {
      errors.Add(Key("binaryData", key), InvalidMessage(key, msg));
    }
    Result<std::string> bytes = DecodeBase64(text);
    if (!bytes) {
      errors.Add(Key("binaryData", key), InvalidMessage(text, bytes.error().message()));
      continue;
    }
    total += bytes->size();
  }
  if (total > kMaxSecretSize) {
    errors.Add("", "Too long: may not be more than " + std::to_string(kMaxSecretSize) + " bytes");
  }
}

}  // namespace tidepool::api
