// An existing Node or in-flight NodeClaim the solver may place pods on
// (kubernetes-sigs/karpenter pkg/controllers/provisioning/scheduling/existingnode.go). Its size
// is fixed: a pod fits when its requests fit what the bound pods and the DaemonSet pods still to
// arrive leave of the allocatable resources. Requirements come from the node's labels (no
// allowance for undefined well-known labels: a real node has the labels it has).
#pragma once

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

class ExistingNode {
 public:
  // `daemon_pods` are the DaemonSets' pods; those compatible with the node and not yet running
  // on it count against its resources.
  ExistingNode(SolveContext& context, const ExistingNodeInput& input,
               std::span<const api::Pod> daemon_pods,
               std::span<const api::RuntimeClass* const> runtime_classes);

  bool CanAdd(const PodData& pod, api::Requirements& requirements, std::string* error) const;
  // `original` is the pod as the caller gave it (`pod` may describe a relaxed copy).
  void Add(const PodData& pod, const api::Pod* original, api::Requirements& requirements);

  const std::string& name() const { return name_; }
  const std::string& hostname() const { return hostname_; }
  bool initialized() const { return initialized_; }
  const std::vector<const api::Pod*>& new_pods() const { return new_pods_; }
  const std::vector<api::Taint>& taints() const { return taints_; }
  const std::map<std::string, std::string>& labels() const { return labels_; }
  // The node's capacity (subtracted from its NodePool's limits).
  const api::ResourceList& capacity() const { return capacity_; }

 private:
  SolveContext* context_;
  std::string name_;
  std::string hostname_;
  bool initialized_ = true;
  std::map<std::string, std::string> labels_;
  std::vector<api::Taint> taints_;
  api::Requirements requirements_;
  api::ResourceList capacity_;
  ResourceVector remaining_;  // allocatable - bound pods - daemon pods still to come - new pods
  HostPortUsage host_ports_;
  std::vector<const api::Pod*> new_pods_;
};

// A managed node that has not initialised does not yet carry its ephemeral and startup taints
// for scheduling purposes (upstream StateNode.Taints).
std::vector<api::Taint> SchedulingTaints(const ExistingNodeInput& input);
// The node's labels; for an in-flight NodeClaim, its labels plus its single-valued `In`
// requirements (what the node will be labelled with).
std::map<std::string, std::string> NodeLabels(const ExistingNodeInput& input);

}  // namespace tidepool::scheduling
