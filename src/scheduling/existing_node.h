// An existing Node or in-flight NodeClaim the solver may place pods on
// (kubernetes-sigs/karpenter pkg/controllers/provisioning/scheduling/existingnode.go). Its size
// is fixed: a pod fits when its requests fit what the bound pods and the DaemonSet pods still to
// arrive leave of the allocatable resources. Requirements come from the node's labels (no
// allowance for undefined well-known labels: a real node has the labels it has).
//
// Split in two so that a disruption pass builds each node once and solves many times: an
// ExistingNodeTemplate is what the input determines (immutable, shared by every solve of the
// pass); an ExistingNode is one solve's view of it, copying the template's remaining resources,
// requirements and host ports only when a pod is added.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "api/k8s/pod.h"
#include "api/requirements.h"
#include "api/taint.h"
#include "scheduling/host_ports.h"
#include "scheduling/pod_data.h"
#include "scheduling/resources.h"
#include "scheduling/scheduler.h"
#include "scheduling/solve_context.h"

namespace tidepool::scheduling {

struct ExistingNodeTemplate {
  // `daemons` describe the DaemonSets' pods (ComputePodData with preferences ignored); those
  // compatible with the node and not yet running on it count against its resources.
  // `pod_requests[i]` is PodRequestsWithOverhead(*input.pods[i]). `index` must know every
  // resource name involved.
  ExistingNodeTemplate(const ResourceIndex& index, const ExistingNodeInput& input,
                       std::span<const PodData> daemons,
                       std::span<const api::ResourceList> pod_requests);

  std::string name;
  std::string hostname;
  bool initialized = true;
  bool under_consolidate_after = false;
  std::map<std::string, std::string> labels;
  std::vector<api::Taint> taints;
  api::Requirements requirements;  // labels plus hostname In [hostname]
  api::ResourceList capacity;      // subtracted from its NodePool's limits
  ResourceVector remaining;        // allocatable - bound pods - daemon pods still to come
  HostPortUsage host_ports;
};

class ExistingNode {
 public:
  // `node` must outlive this view.
  ExistingNode(SolveContext& context, const ExistingNodeTemplate& node)
      : context_(&context), node_(&node) {}

  bool CanAdd(const PodData& pod, api::Requirements& requirements, std::string* error) const;
  // `original` is the pod as the caller gave it (`pod` may describe a relaxed copy).
  void Add(const PodData& pod, const api::Pod* original, api::Requirements& requirements);

  const std::string& name() const { return node_->name; }
  const std::string& hostname() const { return node_->hostname; }
  bool initialized() const { return node_->initialized; }
  bool under_consolidate_after() const { return node_->under_consolidate_after; }
  const std::vector<const api::Pod*>& new_pods() const;
  const std::vector<api::Taint>& taints() const { return node_->taints; }
  const std::map<std::string, std::string>& labels() const { return node_->labels; }
  const api::ResourceList& capacity() const { return node_->capacity; }

 private:
  // This solve's changes, made on the first Add: most nodes of a simulation get none, and a view
  // without them is three pointers (a pass has thousands of views per simulation).
  struct Changes {
    ResourceVector remaining;
    api::Requirements requirements;
    std::optional<HostPortUsage> host_ports;  // nullopt: the template's
    std::vector<const api::Pod*> new_pods;
  };
  const api::Requirements& requirements() const {
    return changes_ ? changes_->requirements : node_->requirements;
  }
  const ResourceVector& remaining() const {
    return changes_ ? changes_->remaining : node_->remaining;
  }
  const HostPortUsage& host_ports() const {
    return changes_ && changes_->host_ports ? *changes_->host_ports : node_->host_ports;
  }

  SolveContext* context_;
  const ExistingNodeTemplate* node_;
  std::unique_ptr<Changes> changes_;
};

// A managed node that has not initialised does not yet carry its ephemeral and startup taints
// for scheduling purposes (upstream StateNode.Taints).
std::vector<api::Taint> SchedulingTaints(const ExistingNodeInput& input);
// The node's labels; for an in-flight NodeClaim, its labels plus its single-valued `In`
// requirements (what the node will be labelled with).
std::map<std::string, std::string> NodeLabels(const ExistingNodeInput& input);

}  // namespace tidepool::scheduling
