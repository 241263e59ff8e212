// The pod and node rules disruption and termination share (kubernetes-sigs/karpenter
// pkg/utils/pod/scheduling.go, pkg/utils/pdb/pdb.go, pkg/utils/disruption/disruption.go):
// which pods are active, reschedulable, evictable, drainable; the do-not-disrupt annotation
// (true or a duration); PodDisruptionBudget limits as disruption sees them; eviction and
// disruption costs; and whether a NodeClaim is still inside consolidateAfter.
//
// Thread-safety: pure functions; PdbLimits is immutable after construction.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "api/k8s/pdb.h"
#include "api/k8s/pod.h"
#include "api/karpenter/nodeclaim.h"
#include "api/karpenter/nodepool.h"
#include "core/time.h"

namespace tidepool::disruption {

inline constexpr std::string_view kDoNotDisruptAnnotation = "karpenter.sh/do-not-disrupt";
inline constexpr std::string_view kPodDeletionCostAnnotation =
    "controller.kubernetes.io/pod-deletion-cost";
inline constexpr std::string_view kDisruptedTaintKey = "karpenter.sh/disrupted";

// ---- pod classification (upstream pkg/utils/pod) ----------------------------------------------
bool IsTerminal(const api::Pod& pod);     // phase Succeeded or Failed
bool IsTerminating(const api::Pod& pod);  // deletionTimestamp set
bool IsActive(const api::Pod& pod);       // neither terminal nor terminating
bool IsOwnedByDaemonSet(const api::Pod& pod);
bool IsOwnedByNode(const api::Pod& pod);  // a static (mirror) pod
// Active, not DaemonSet-owned, not static.
bool IsReschedulable(const api::Pod& pod);
// Tolerates karpenter.sh/disrupted:NoSchedule.
bool ToleratesDisruptedNoScheduleTaint(const api::Pod& pod);
// Upstream IsEvictable: active, not tolerating the disrupted taint, not static.
bool IsEvictable(const api::Pod& pod);
// Upstream IsStuckTerminating: terminating for more than a minute past its deletionTimestamp.
bool IsStuckTerminating(const api::Pod& pod, Time now);
// Upstream IsDrainable: not tolerating the disrupted taint, not stuck terminating, not static.
bool IsDrainable(const api::Pod& pod, Time now);
// A system-cluster-critical or system-node-critical pod (drained last).
bool IsCritical(const api::Pod& pod);

// ---- do-not-disrupt ----------------------------------------------------------------------------
// Upstream IsDoNotDisruptActive: the pod carries karpenter.sh/do-not-disrupt and it is "true",
// or a duration (Go form, e.g. "1h30m") that has not yet elapsed since the pod's creation. An
// unparseable value counts as "true". Only active pods are protected.
bool IsDoNotDisruptActive(const api::Pod& pod, Time now);
// When a duration-form protection ends; nullopt for "true" or no annotation.
std::optional<Time> DoNotDisruptUntil(const api::Pod& pod);
// Upstream IsDisruptable: no active do-not-disrupt.
bool IsDisruptable(const api::Pod& pod, Time now);

// ---- PodDisruptionBudgets (upstream pdb.Limits) -------------------------------------------------
class PdbLimits {
 public:
  // `pdbs` are copied (with disruptionsAllowed computed live from `pods` by
  // cluster::ComputePdbAllowance, as the eviction API would see them).
  PdbLimits(std::span<const api::PodDisruptionBudget* const> pdbs,
            std::span<const api::Pod* const> pods);
  // Upstream CanEvictPods: every pod is evictable: for each, no two budgets select it, and the
  // one that does allows a disruption (or lets unhealthy pods go and the pod is not Ready).
  // Returns the blocking budgets ("namespace/name") when not.
  std::vector<std::string> BlockingPdbs(std::span<const api::Pod* const> pods) const;
  bool CanEvictPods(std::span<const api::Pod* const> pods) const {
    return BlockingPdbs(pods).empty();
  }
  // Upstream IsCurrentlyReschedulable: reschedulable, disruptable, not fully blocked (a budget
  // with maxUnavailable 0 / 0% or minAvailable 100%).
  bool IsCurrentlyReschedulable(const api::Pod& pod, Time now) const;

 private:
  struct Item;
  std::vector<Item> items_;
  std::vector<std::string> Blocking(const api::Pod& pod, bool fully_blocking_only) const;
};

// ---- costs (upstream pkg/utils/disruption) -----------------------------------------------------
// clamp(1 + pod-deletion-cost / 2^27 + priority / 2^25, -10, 10); an unparseable deletion cost
// is ignored.
double EvictionCost(const api::Pod& pod);
double ReschedulingCost(std::span<const api::Pod* const> pods);
// clamp((expireAfter - age) / expireAfter, 0, 1); 1 when the claim never expires.
double LifetimeRemaining(const api::NodeClaim& node_claim, Time now);
// Upstream IsUnderConsolidateAfter: consolidateAfter is set and non-zero, the claim is
// Initialized, and less than consolidateAfter has passed since status.lastPodEventTime (or the
// Initialized transition when there has been no pod event).
bool IsUnderConsolidateAfter(const api::NodePool& node_pool, const api::NodeClaim& node_claim,
                             Time now);

}  // namespace tidepool::disruption
