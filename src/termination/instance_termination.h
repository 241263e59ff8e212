// The instance-termination step both finalizers share (kubernetes-sigs/karpenter
// pkg/controllers/node/termination/controller.go and nodeclaim/lifecycle/termination.go): call
// CloudProvider::Delete for the claim's instance and mark the claim InstanceTerminating True.
// Delete succeeding means the instance still exists and is shutting down: look again later.
// kNotFound means it is gone. The caller writes the claim.
#pragma once

#include "api/karpenter/nodeclaim.h"
#include "cloud/cloud_provider.h"
#include "core/status.h"
#include "core/time.h"

namespace tidepool::termination {

struct InstanceTermination {
  bool instance_exists = false;  // Delete succeeded: requeue until it reports kNotFound
  bool claim_changed = false;    // InstanceTerminating was set on `node_claim`
};

// Any error of Delete other than kNotFound is returned with context; the claim is then untouched.
[[nodiscard]] Result<InstanceTermination> TerminateInstance(cloud::CloudProvider& cloud,
                                                            api::NodeClaim& node_claim, Time now);

}  // namespace tidepool::termination
