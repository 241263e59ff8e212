// NodeClaim validation: the CRD's schema and CEL rules (karpenter.sh_nodeclaims.yaml). Upstream
// has no runtime validation for NodeClaims; spec immutability (`spec is immutable`) concerns
// updates, which manifests do not have.
#include "api/karpenter/nodeclaim.h"
#include "api/karpenter/schema_checks.h"

namespace tidepool::api {

namespace schema = karpenter_schema;

void Validate(const NodeClaim& node_claim, FieldErrors& errors) {
  schema::ValidateMetadata(node_claim.metadata, errors);
  const NodeClaimSpec& spec = node_claim.spec;
  schema::ValidateTaintsSchema(spec.taints, "spec.taints", errors);
  schema::ValidateTaintsSchema(spec.startup_taints, "spec.startupTaints", errors);
  schema::ValidateRequirementsSchema(spec.requirements, schema::RequirementsOwner::kNodeClaim,
                                     "spec.requirements", errors);
  schema::ValidateNodeClassRefSchema(spec.node_class_ref, "spec.nodeClassRef", errors);
  schema::ValidateDurationSchema(spec.termination_grace_period, "spec.terminationGracePeriod",
                                 errors);
  schema::ValidateNillableDurationSchema(spec.expire_after, "spec.expireAfter", errors);
}

}  // namespace tidepool::api
