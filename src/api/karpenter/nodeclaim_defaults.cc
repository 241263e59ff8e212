// NodeClaim defaults (the CRD's: expireAfter 720h).
#include "api/karpenter/nodeclaim.h"

namespace tidepool::api {

NillableDuration EffectiveExpireAfter(const std::optional<NillableDuration>& expire_after) {
  return expire_after.value_or(NillableDuration{kDefaultExpireAfter});
}

void SetDefaults(NodeClaim& node_claim) {
  if (!node_claim.spec.expire_after) {
    node_claim.spec.expire_after = NillableDuration{kDefaultExpireAfter};
  }
}

}  // namespace tidepool::api
