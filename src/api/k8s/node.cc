// Node defaults (SetDefaults_NodeStatus) and validation (ValidateNode, validateNodeTaints,
// ValidateNodeResources) after k8s.io/kubernetes pkg/apis/core.
#include "api/k8s/node.h"

#include "api/k8s/common_validation.h"
#include "api/tolerations.h"

namespace tidepool::api {

std::string Node::ReadyStatus() const {
  for (const NodeCondition& c : status.conditions) {
    if (c.type == kNodeReady) return c.status;
  }
  return "";
}

void SetDefaults(Node& node) {
  if (node.status.allocatable.empty() && !node.status.capacity.empty()) {
    node.status.allocatable = node.status.capacity;
  }
}

void Validate(const Node& node, FieldErrors& errors) {
  ValidateObjectMeta(node.metadata, /*namespaced=*/false, NameRule::kDNS1123Subdomain, "metadata",
                     errors);
  if (!node.spec.taints.empty()) ValidateTaints(node.spec.taints, "spec.taints", errors);
  for (const auto& [name, q] : node.status.capacity) {
    ValidateResourceQuantity(name, q, Child("status.capacity", name), errors);
  }
  for (const auto& [name, q] : node.status.allocatable) {
    ValidateResourceQuantity(name, q, Child("status.allocatable", name), errors);
  }
}

}  // namespace tidepool::api
