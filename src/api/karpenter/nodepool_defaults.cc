// NodePool defaults, as the CRD declares them and the API server writes them into the stored
// object (karpenter.sh_nodepools.yaml; nodepool_default_test.go checks the same values).
#include "api/karpenter/nodepool.h"

namespace tidepool::api {

NillableDuration EffectiveConsolidateAfter(const Disruption& disruption) {
  return disruption.consolidate_after.value_or(NillableDuration{Duration()});
}

std::string EffectiveConsolidationPolicy(const Disruption& disruption) {
  return disruption.consolidation_policy.value_or(kConsolidationPolicyWhenEmptyOrUnderutilized);
}

int32_t EffectiveWeight(const NodePoolSpec& spec) { return spec.weight.value_or(0); }

void SetDefaults(NodePool& node_pool) {
  Disruption& disruption = node_pool.spec.disruption;
  if (!disruption.consolidate_after) disruption.consolidate_after = NillableDuration{Duration()};
  if (!disruption.consolidation_policy) {
    disruption.consolidation_policy = kConsolidationPolicyWhenEmptyOrUnderutilized;
  }
  if (!disruption.budgets) {
    disruption.budgets = std::vector<Budget>{Budget{}};
  }
  for (Budget& budget : *disruption.budgets) {
    if (!budget.nodes) budget.nodes = kDefaultBudgetNodes;
  }
  NodeClaimTemplateSpec& spec = node_pool.spec.template_.spec;
  if (!spec.expire_after) spec.expire_after = NillableDuration{kDefaultExpireAfter};
}

NodeClaim ToNodeClaim(const NodeClaimTemplate& node_claim_template) {
  NodeClaim claim;
  claim.api_version = kKarpenterApiVersion;
  claim.kind = kNodeClaimKind;
  claim.metadata.labels = node_claim_template.metadata.labels;
  claim.metadata.annotations = node_claim_template.metadata.annotations;
  const NodeClaimTemplateSpec& from = node_claim_template.spec;
  claim.spec.taints = from.taints;
  claim.spec.startup_taints = from.startup_taints;
  claim.spec.requirements = from.requirements;
  claim.spec.node_class_ref = from.node_class_ref;
  claim.spec.termination_grace_period = from.termination_grace_period;
  claim.spec.expire_after = from.expire_after;
  return claim;
}

}  // namespace tidepool::api
