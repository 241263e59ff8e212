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
bool IsOwnedByStatefulSet(const api::Pod& pod);
// Active (or a terminating StatefulSet pod, whose replacement cannot start until it is gone),
// not DaemonSet-owned, not static.
bool IsReschedulable(const api::Pod& pod);
// Tolerates karpenter.sh/disrupted:NoSchedule.
bool ToleratesDisruptedNoScheduleTaint(const api::Pod& pod);
// Active, not tolerating the disrupted taint, not static: the pods an eviction would be sent to,
// before do-not-disrupt is considered.
bool IsEvictable(const api::Pod& pod);
// Upstream IsEvictable: the above and no active do-not-disrupt.
bool IsEvictable(const api::Pod& pod, Time now);
// Upstream IsStuckTerminating: terminating for more than a minute past its deletionTimestamp.
bool IsStuckTerminating(const api::Pod& pod, Time now);
// Upstream IsDrainable: not tolerating the disrupted taint, not stuck terminating, not static.
bool IsDrainable(const api::Pod& pod, Time now);
// A system-cluster-critical or system-node-critical pod (drained last).
bool IsCritical(const api::Pod& pod);

// ---- do-not-disrupt ----------------------------------------------------------------------------
// Upstream IsDoNotDisruptActive: the pod carries karpenter.sh/do-not-disrupt and it is "true",
// or a positive duration (Go form, e.g. "1h30m") that has not yet elapsed since the pod's
// status.startTime (a pod without a startTime stays protected: fail safe). A value that is
// neither (unparseable, zero or negative) counts as no annotation; upstream also publishes an
// event for it. The pod's phase is not considered here (see IsDisruptable).
bool IsDoNotDisruptActive(const api::Pod& pod, Time now);
// When a duration-form protection ends (startTime + duration); nullopt for "true", an invalid
// value, no annotation, or a pod without a startTime.
std::optional<Time> DoNotDisruptUntil(const api::Pod& pod);
// The event upstream publishes on the pod when IsDoNotDisruptActive reads a do-not-disrupt
// annotation (the pure function cannot record it; callers that want the event record this):
// Warning InvalidDoNotDisruptAnnotation for an invalid value, Normal DoNotDisruptUntil while a
// duration runs, Normal DoNotDisruptGracePeriodElapsed after it. nullopt otherwise ("true", no
// annotation, no startTime).
struct PodEvent {
  std::string_view type;
  std::string_view reason;
  std::string message;
};
std::optional<PodEvent> DoNotDisruptEvent(const api::Pod& pod, Time now);
// Upstream IsDisruptable: not active (terminal or terminating pods never block), or no active
// do-not-disrupt.
bool IsDisruptable(const api::Pod& pod, Time now);

// ---- PodDisruptionBudgets (upstream pdb.Limits) -------------------------------------------------
class PdbLimits {
 public:
  // `pdbs` are copied (with disruptionsAllowed computed live from `pods` by
  // cluster::ComputePdbAllowance, as the eviction API would see them).
  // A budget whose selector does not parse selects nothing (the API server rejects such budgets).
  PdbLimits(std::span<const api::PodDisruptionBudget* const> pdbs,
            std::span<const api::Pod* const> pods);
  PdbLimits(const PdbLimits&);
  PdbLimits(PdbLimits&&) noexcept;
  PdbLimits& operator=(const PdbLimits&);
  PdbLimits& operator=(PdbLimits&&) noexcept;
  ~PdbLimits();

  // Upstream CanEvictPods: every pod is evictable: for each, no two budgets select it, and the
  // one that does allows a disruption (or lets unhealthy pods go and the pod is not Ready).
  // Returns the blocking budgets ("namespace/name") of the first blocked pod when not. Pods that
  // are not IsEvictable are skipped (no eviction will be sent to them). With `now`, pods under an
  // active do-not-disrupt are skipped too, exactly as upstream; without it they are checked
  // (stricter).
  std::vector<std::string> BlockingPdbs(std::span<const api::Pod* const> pods) const;
  std::vector<std::string> BlockingPdbs(std::span<const api::Pod* const> pods, Time now) const;
  bool CanEvictPods(std::span<const api::Pod* const> pods) const {
    return BlockingPdbs(pods).empty();
  }
  bool CanEvictPods(std::span<const api::Pod* const> pods, Time now) const {
    return BlockingPdbs(pods, now).empty();
  }
  // Upstream IsCurrentlyReschedulable: reschedulable, disruptable, not fully blocked (a budget
  // with maxUnavailable 0 / 0% or minAvailable 100%).
  bool IsCurrentlyReschedulable(const api::Pod& pod, Time now) const;

 private:
  struct Item;
  std::vector<Item> items_;
  std::vector<std::string> Blocking(const api::Pod& pod, bool fully_blocking_only,
                                    std::optional<Time> now) const;
};

// ---- costs (upstream pkg/utils/disruption) -----------------------------------------------------
// clamp(1 + pod-deletion-cost / 2^27 + priority / 2^25, -10, 10); an unparseable deletion cost
// is ignored.
double EvictionCost(const api::Pod& pod);
double ReschedulingCost(std::span<const api::Pod* const> pods);
// clamp((expireAfter - age) / expireAfter, 0, 1) with the age from creationTimestamp; 1 when the
// claim never expires (or its creationTimestamp does not parse).
double LifetimeRemaining(const api::NodeClaim& node_claim, Time now);
// Upstream IsUnderConsolidateAfter: consolidateAfter is set and non-zero, the claim is
// Initialized, and less than consolidateAfter has passed since status.lastPodEventTime (or the
// Initialized transition when there has been no pod event).
bool IsUnderConsolidateAfter(const api::NodePool& node_pool, const api::NodeClaim& node_claim,
                             Time now);

}  // namespace tidepool::disruption
