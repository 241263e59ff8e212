// keda.sh/v1alpha1 TriggerAuthentication (namespaced) and ClusterTriggerAuthentication
// (cluster-scoped): where a trigger's credentials come from
// (apis/keda/v1alpha1/triggerauthentication_types.go). Both kinds share one spec.
//
// Defaults: the CRD declares one (oauth2.type: clientCredentials), which SetDefaults applies,
// as the API server would when storing the object. Validation applies the CRD's enums, minimum
// list lengths and required fields, and the admission webhook's rules
// (triggerauthentication_webhook.go).
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
#include "api/keda/names.h"
#include "api/keda/pod_identity.h"
#include "api/keda/secret_providers.h"
#include "api/meta.h"

namespace tidepool::api::keda {

inline constexpr std::string_view kOAuth2ClientCredentials = "clientCredentials";

// secretTargetRef and configMapTargetRef entries: authParams[parameter] = object[name][key].
struct AuthTargetRef {
  std::string parameter;  // required
  std::string name;       // required
  std::string key;        // required
  ExtraFields extra;
  friend bool operator==(const AuthTargetRef&, const AuthTargetRef&) = default;
};
TIDEPOOL_DECLARE_CODEC(AuthTargetRef);

// env entries: authParams[parameter] = the scale target container's environment variable name.
struct AuthEnvironment {
  std::string parameter;  // required
  std::string name;       // required
  std::string container_name;
  ExtraFields extra;
  friend bool operator==(const AuthEnvironment&, const AuthEnvironment&) = default;
};
TIDEPOOL_DECLARE_CODEC(AuthEnvironment);

struct BoundServiceAccountToken {
  std::string parameter;             // required
  std::string service_account_name;  // required
  ExtraFields extra;
  friend bool operator==(const BoundServiceAccountToken&,
                         const BoundServiceAccountToken&) = default;
};
TIDEPOOL_DECLARE_CODEC(BoundServiceAccountToken);

struct OAuth2 {
  std::string type;       // CRD default clientCredentials, the only grant supported
  std::string client_id;  // required
  std::optional<SecretValue> client_secret;
  std::string token_url;  // required; http or https
  std::vector<std::string> scopes;
  std::map<std::string, std::string> token_url_params;
  ExtraFields extra;
  friend bool operator==(const OAuth2&, const OAuth2&) = default;
};
TIDEPOOL_DECLARE_CODEC(OAuth2);

struct TriggerAuthenticationSpec {
  std::optional<AuthPodIdentity> pod_identity;
  std::vector<AuthTargetRef> secret_target_ref;
  std::vector<AuthTargetRef> config_map_target_ref;
  std::vector<AuthEnvironment> env;
  // ClusterTriggerAuthentication only: a JSON map of parameters in a file under the operator's
  // auth root; when set it replaces every other source.
  std::string file_path;
  std::optional<HashiCorpVault> hashi_corp_vault;
  std::optional<AzureKeyVault> azure_key_vault;
  std::optional<GcpSecretManager> gcp_secret_manager;
  std::optional<AwsSecretManager> aws_secret_manager;
  std::vector<BoundServiceAccountToken> bound_service_account_token;
  std::optional<OAuth2> oauth2;
  ExtraFields extra;
  friend bool operator==(const TriggerAuthenticationSpec&,
                         const TriggerAuthenticationSpec&) = default;
};
TIDEPOOL_DECLARE_CODEC(TriggerAuthenticationSpec);

// Comma-separated names of the objects that use this authentication; lenient.
struct TriggerAuthenticationStatus {
  std::string scaled_objects;
  std::string scaled_jobs;
  ExtraFields extra;
  friend bool operator==(const TriggerAuthenticationStatus&,
                         const TriggerAuthenticationStatus&) = default;
};
TIDEPOOL_DECLARE_CODEC(TriggerAuthenticationStatus);

struct TriggerAuthentication : Object {
  TriggerAuthenticationSpec spec;
  TriggerAuthenticationStatus status;

  std::unique_ptr<Object> Clone() const override {
    return std::make_unique<TriggerAuthentication>(*this);
  }
  friend bool operator==(const TriggerAuthentication& a, const TriggerAuthentication& b) {
    return a.HeaderEquals(b) && a.spec == b.spec && a.status == b.status;
  }
};
TIDEPOOL_DECLARE_CODEC(TriggerAuthentication);

struct ClusterTriggerAuthentication : Object {
  TriggerAuthenticationSpec spec;
  TriggerAuthenticationStatus status;

  std::unique_ptr<Object> Clone() const override {
    return std::make_unique<ClusterTriggerAuthentication>(*this);
  }
  friend bool operator==(const ClusterTriggerAuthentication& a,
                         const ClusterTriggerAuthentication& b) {
    return a.HeaderEquals(b) && a.spec == b.spec && a.status == b.status;
  }
};
TIDEPOOL_DECLARE_CODEC(ClusterTriggerAuthentication);

// The CRD's default: oauth2.type clientCredentials.
void SetDefaults(TriggerAuthenticationSpec& spec);
void SetDefaults(TriggerAuthentication& ta);
void SetDefaults(ClusterTriggerAuthentication& cta);

// The CRD's rules and the webhook's on a spec held by an object of kind `kind` (filePath is
// refused on the namespaced kind, as KEDA refuses to resolve it there).
void ValidateSpec(const TriggerAuthenticationSpec& spec, std::string_view kind,
                  FieldErrors& errors);
void Validate(const TriggerAuthentication& ta, FieldErrors& errors);
void Validate(const ClusterTriggerAuthentication& cta, FieldErrors& errors);

}  // namespace tidepool::api::keda
