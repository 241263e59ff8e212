// The one default KEDA's TriggerAuthentication CRDs declare.
#include "api/keda/trigger_authentication.h"

namespace tidepool::api::keda {

bool IsWorkloadIdentityOwner(const AuthPodIdentity& identity) {
  return identity.identity_owner && *identity.identity_owner == kIdentityOwnerWorkload;
}

void SetDefaults(TriggerAuthenticationSpec& spec) {
  if (spec.oauth2 && spec.oauth2->type.empty()) {
    spec.oauth2->type = std::string(kOAuth2ClientCredentials);
  }
}

void SetDefaults(TriggerAuthentication& ta) { SetDefaults(ta.spec); }
void SetDefaults(ClusterTriggerAuthentication& cta) { SetDefaults(cta.spec); }

}  // namespace tidepool::api::keda
