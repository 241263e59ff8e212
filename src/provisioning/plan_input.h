// The objects one provisioning decision reads, sorted out of a loaded manifest set: NodePools
// (EC2NodeClasses are accepted and not needed), Pods split into pending (Karpenter's
// IsProvisionable without the kube-scheduler condition: no nodeName, not finished, not being
// deleted, not a DaemonSet's or a static pod) and bound, Nodes, NodeClaims, DaemonSets,
// RuntimeClasses, Namespaces (their labels) and the optional InstanceCatalog / PlanOptions
// documents that choose the catalogue.
//
// PlanInput owns the objects (moved out of the LoadResult); the pointer lists view them and are
// sorted by namespace/name so that the plan does not depend on document order beyond what
// Karpenter's own ordering rules use.
//
// Thread-safety: a value built once and then read.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "api/k8s/node.h"
#include "api/k8s/pod.h"
#include "api/k8s/runtime_class.h"
#include "api/k8s/workloads.h"
#include "api/karpenter/nodeclaim.h"
#include "api/karpenter/nodepool.h"
#include "api/meta.h"
#include "manifest/loader.h"

namespace tidepool::provisioning {

struct PlanInput {
  std::vector<std::unique_ptr<api::Object>> owned;

  std::vector<const api::NodePool*> node_pools;
  std::vector<const api::Pod*> pending_pods;
  std::vector<const api::Pod*> bound_pods;  // spec.nodeName set, not finished
  std::vector<const api::Node*> nodes;
  std::vector<const api::NodeClaim*> node_claims;
  std::vector<const api::DaemonSet*> daemon_sets;
  std::vector<const api::RuntimeClass*> runtime_classes;
  // Namespace labels, for pod affinity terms with a namespaceSelector.
  std::map<std::string, std::map<std::string, std::string>> namespace_labels;
  // The InstanceCatalog and PlanOptions documents (tidepool.dev/v1alpha1), if present.
  const api::Object* instance_catalog = nullptr;
  const api::Object* plan_options = nullptr;
  // Kinds the plan does not use (Deployments, ScaledObjects, ...), as "Kind/name", for a warning.
  std::vector<std::string> ignored;
};

// Sorts the loaded objects into a PlanInput, taking ownership. Two InstanceCatalog or two
// PlanOptions documents are an error (kInvalidArgument), as is a document of both kinds.
[[nodiscard]] Result<PlanInput> AssemblePlanInput(manifest::LoadResult& loaded);

// "namespace/name" of a pod (pods without a namespace read as "default").
std::string PodKey(const api::Pod& pod);

}  // namespace tidepool::provisioning
