// podIdentity of a TriggerAuthentication (and of its secret stores): which platform identity
// the scaler authenticates as. The optional strings distinguish "unset" from "set to empty",
// which KEDA's webhook treats differently.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "api/codec_fwd.h"
#include "api/extra_fields.h"

namespace tidepool::api::keda {

inline constexpr std::string_view kPodIdentityNone = "none";
inline constexpr std::string_view kPodIdentityAzureWorkload = "azure-workload";
inline constexpr std::string_view kPodIdentityGcp = "gcp";
inline constexpr std::string_view kPodIdentityAws = "aws";
inline constexpr std::string_view kPodIdentityAwsEks = "aws-eks";  // deprecated
inline constexpr std::string_view kIdentityOwnerKeda = "keda";
inline constexpr std::string_view kIdentityOwnerWorkload = "workload";
// For aws-eks (and aws with identityOwner: workload): the role is read from this annotation of
// the workload's service account.
inline constexpr std::string_view kEksRoleArnAnnotation = "eks.amazonaws.com/role-arn";

struct AuthPodIdentity {
  std::string provider;  // required: azure-workload, gcp, aws, aws-eks, none
  std::optional<std::string> identity_id;
  std::optional<std::string> identity_tenant_id;
  std::optional<std::string> identity_authority_host;
  std::optional<std::string> role_arn;        // aws; exclusive with identityOwner: workload
  std::optional<std::string> external_id;     // aws; needs roleArn
  std::optional<std::string> identity_owner;  // keda (default) or workload
  ExtraFields extra;
  friend bool operator==(const AuthPodIdentity&, const AuthPodIdentity&) = default;
};
TIDEPOOL_DECLARE_CODEC(AuthPodIdentity);

// identityOwner is "workload".
bool IsWorkloadIdentityOwner(const AuthPodIdentity& identity);

}  // namespace tidepool::api::keda
