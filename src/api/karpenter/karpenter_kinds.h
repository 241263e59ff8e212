// Registers the Karpenter kinds (karpenter.sh/v1 NodePool and NodeClaim, karpenter.k8s.aws/v1
// EC2NodeClass) with a kind registry. All three are cluster-scoped.
#pragma once

#include "api/registry.h"

namespace tidepool::api {

void RegisterKarpenterKinds(KindRegistry& registry);

}  // namespace tidepool::api
