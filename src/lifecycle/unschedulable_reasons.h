// Why a pod fits no node, in kube-scheduler's words (k8s.io/kubernetes pkg/scheduler
// framework.FitError.Error and the filter plugins' reasons): "0/3 nodes are available: 1 node(s)
// had untolerated taint {dedicated: gpu}, 2 Insufficient cpu." Each node counts under the first
// filter it fails, in the framework's order: not usable (not ready, cordoned, deleting),
// TaintToleration, NodeAffinity, NodeResourcesFit (every insufficient resource counts), then the
// constraints that depend on other pods (topology spread, pod affinity, host ports); reasons are
// sorted, as upstream sorts them.
//
// The simulated kube-scheduler builds the node views once per pass, only when some pod failed,
// and asks for each failed pod. Views point into the ClusterState and live for one pass.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "api/k8s/node.h"
#include "api/k8s/pod.h"
#include "api/k8s/runtime_class.h"
#include "api/requirements.h"
#include "api/resources.h"
#include "cluster/cluster_state.h"

namespace tidepool::lifecycle {

struct NodeView {
  const api::Node* node = nullptr;
  // Why no pod may go here at all ("" when the node is usable).
  std::string_view unusable;
  api::Requirements labels;  // the node's labels as requirements
  api::ResourceList free;    // allocatable minus the requests of the pods running on it
};

// One view per Node of `world`, in store order.
std::vector<NodeView> BuildNodeViews(const cluster::ClusterState& world,
                                     std::span<const api::RuntimeClass* const> runtime_classes);

// kube-scheduler's FailedScheduling message for `pod` over `nodes`.
std::string UnschedulableMessage(const api::Pod& pod, std::span<const NodeView> nodes,
                                 std::span<const api::RuntimeClass* const> runtime_classes);

}  // namespace tidepool::lifecycle
