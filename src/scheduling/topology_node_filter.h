// Which nodes take part in a topology spread constraint's counting
// (kubernetes-sigs/karpenter .../scheduling/topologynodefilter.go, after kube-scheduler's
// nodeAffinityPolicy and nodeTaintsPolicy).
//
// With nodeAffinityPolicy Honor (the default) a node counts only if its requirements are
// compatible with the pod's nodeSelector together with one of its required node-affinity terms
// (the terms are ORed). With nodeTaintsPolicy Honor (default Ignore) a node counts only if the pod
// tolerates all its taints. Pod (anti-)affinity groups use an inactive filter that passes every
// node, as upstream.
//
// Thread-safety: a value type; const methods are safe to call concurrently.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "api/k8s/pod.h"
#include "api/requirements.h"
#include "api/taint.h"

namespace tidepool::scheduling {

class TopologyNodeFilter {
 public:
  TopologyNodeFilter() = default;  // inactive: matches every node
  // A spread constraint's filter. Policies are "Honor" or "Ignore"; absent takes the defaults.
  static TopologyNodeFilter ForSpread(const api::Pod& pod,
                                      const std::optional<std::string>& node_taints_policy,
                                      const std::optional<std::string>& node_affinity_policy);

  // Whether a node with `taints` and `requirements` (its labels, or a NodeClaim's requirements)
  // takes part. Compatibility is checked without allow-undefined options, as upstream.
  bool Matches(std::span<const api::Taint> taints, const api::Requirements& requirements) const;

  bool active() const { return active_; }
  bool honor_taints() const { return honor_taints_; }
  bool honor_affinity() const { return honor_affinity_; }
  std::span<const api::Toleration> tolerations() const { return tolerations_; }
  // Appends a canonical encoding (for the group key): equal encodings filter alike.
  void AppendKey(std::string& out) const;

 private:
  bool active_ = false;
  bool honor_taints_ = false;
  bool honor_affinity_ = false;
  std::vector<api::Requirements> requirements_;  // ORed
  std::vector<api::Toleration> tolerations_;
};

}  // namespace tidepool::scheduling
