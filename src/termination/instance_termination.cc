#include "termination/instance_termination.h"

#include "api/karpenter/nodeclaim_conditions.h"

namespace tidepool::termination {

Result<InstanceTermination> TerminateInstance(cloud::CloudProvider& cloud,
                                              api::NodeClaim& node_claim, Time now) {
  Status deleted = cloud.Delete(node_claim);
  if (!deleted && deleted.error().code() != ErrorCode::kNotFound) {
    return Fail(deleted.error().WithContext("terminating instance"));
  }
  InstanceTermination result;
  result.instance_exists = deleted.has_value();
  result.claim_changed =
      api::SetConditionTrue(node_claim, api::kConditionTypeInstanceTerminating, now);
  return result;
}

}  // namespace tidepool::termination
