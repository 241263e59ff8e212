#include "api/karpenter/karpenter_kinds.h"

#include "api/karpenter/ec2nodeclass.h"
#include "api/karpenter/nodeclaim.h"
#include "api/karpenter/nodepool.h"
#include "api/kind.h"

namespace tidepool::api {

void RegisterKarpenterKinds(KindRegistry& registry) {
  registry.Add(MakeKind<NodePool>(kKarpenterApiVersion, kNodePoolKind, /*namespaced=*/false));
  registry.Add(MakeKind<NodeClaim>(kKarpenterApiVersion, kNodeClaimKind, /*namespaced=*/false));
  registry.Add(
      MakeKind<EC2NodeClass>(kKarpenterAwsApiVersion, kEC2NodeClassKind, /*namespaced=*/false));
}

}  // namespace tidepool::api
