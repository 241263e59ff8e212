// core/v1 Namespace, Secret and ConfigMap: the objects KEDA's TriggerAuthentication and a
// container's env/envFrom read values from.
//
// Secret.data and ConfigMap.binaryData hold base64 text exactly as written (so that objects
// round-trip); DecodeBase64 and SecretData() give the bytes.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/codec_fwd.h"
#include "api/extra_fields.h"
#include "api/field_errors.h"
#include "api/meta.h"
#include "core/status.h"

namespace tidepool::api {

// ---- Namespace ----------------------------------------------------------------------------------

struct NamespaceSpec {
  std::vector<std::string> finalizers;
  ExtraFields extra;
  friend bool operator==(const NamespaceSpec&, const NamespaceSpec&) = default;
};
TIDEPOOL_DECLARE_CODEC(NamespaceSpec);

struct NamespaceStatus {
  std::string phase;  // Active (default) or Terminating
  ExtraFields extra;  // conditions
  friend bool operator==(const NamespaceStatus&, const NamespaceStatus&) = default;
};
TIDEPOOL_DECLARE_CODEC(NamespaceStatus);

struct Namespace : Object {
  NamespaceSpec spec;
  NamespaceStatus status;

  std::unique_ptr<Object> Clone() const override { return std::make_unique<Namespace>(*this); }
  friend bool operator==(const Namespace& a, const Namespace& b) {
    return a.HeaderEquals(b) && a.spec == b.spec && a.status == b.status;
  }
};
TIDEPOOL_DECLARE_CODEC(Namespace);

// ---- Secret -------------------------------------------------------------------------------------

inline constexpr const char* kSecretTypeOpaque = "Opaque";

// Top-level fields only: a Secret has no spec.
struct Secret : Object {
  std::optional<bool> immutable;
  std::map<std::string, std::string> data;         // key -> base64 text
  std::map<std::string, std::string> string_data;  // key -> plain text (write-only upstream)
  std::string type;                                // Opaque (default), kubernetes.io/tls, ...

  std::unique_ptr<Object> Clone() const override { return std::make_unique<Secret>(*this); }
  friend bool operator==(const Secret& a, const Secret& b) {
    return a.HeaderEquals(b) && a.immutable == b.immutable && a.data == b.data &&
           a.string_data == b.string_data && a.type == b.type;
  }
};
TIDEPOOL_DECLARE_CODEC(Secret);

// ---- ConfigMap ----------------------------------------------------------------------------------

struct ConfigMap : Object {
  std::optional<bool> immutable;
  std::map<std::string, std::string> data;
  std::map<std::string, std::string> binary_data;  // key -> base64 text

  std::unique_ptr<Object> Clone() const override { return std::make_unique<ConfigMap>(*this); }
  friend bool operator==(const ConfigMap& a, const ConfigMap& b) {
    return a.HeaderEquals(b) && a.immutable == b.immutable && a.data == b.data &&
           a.binary_data == b.binary_data;
  }
};
TIDEPOOL_DECLARE_CODEC(ConfigMap);

// ---- Base64 and secret values -------------------------------------------------------------------

// Standard base64 with padding, as Go's encoding/json reads []byte: line breaks are ignored;
// anything else invalid is `illegal base64 data at input byte N`.
[[nodiscard]] Result<std::string> DecodeBase64(std::string_view text);
std::string EncodeBase64(std::string_view bytes);

// The secret's values as bytes: data decoded, then stringData on top (stringData wins, as when
// the API server merges it into data).
[[nodiscard]] Result<std::map<std::string, std::string>> SecretData(const Secret& secret);

// ---- Defaults and validation --------------------------------------------------------------------

// Namespace: label kubernetes.io/metadata.name=<name>, status.phase Active.
void SetDefaults(Namespace& ns);
// Secret: type Opaque; stringData merged into data (base64) and cleared, as the API server
// stores it.
void SetDefaults(Secret& secret);
void SetDefaults(ConfigMap& config_map);

// Namespace name is a DNS-1123 label.
void Validate(const Namespace& ns, FieldErrors& errors);
// ValidateSecret: data keys, base64 values, the 1 MiB limit, and the keys each built-in type
// requires (kubernetes.io/tls needs tls.crt and tls.key, ...).
void Validate(const Secret& secret, FieldErrors& errors);
// ValidateConfigMap: keys of data and binaryData, no key in both, the 1 MiB limit.
void Validate(const ConfigMap& config_map, FieldErrors& errors);

}  // namespace tidepool::api
