// The events the termination flow records (kubernetes-sigs/karpenter pkg/events/reason.go and
// pkg/controllers/node/termination/terminator/events/events.go): reasons and messages as
// upstream words them, deduplicated the way upstream's recorder does (an event with the same
// reason about the same object is dropped for two minutes after the first one), so that a drain
// retried every second does not flood the event log.
//
// Ownership: borrows the ClusterWriter and the Clock, which must outlive it. Not thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <tuple>

#include "api/k8s/pod.h"
#include "cluster/cluster_writer.h"
#include "cluster/event_recorder.h"
#include "core/clock.h"
#include "core/duration.h"
#include "core/time.h"

namespace tidepool::termination {

inline constexpr std::string_view kReasonEvicted = "Evicted";
inline constexpr std::string_view kReasonDisrupted = "Disrupted";
inline constexpr std::string_view kReasonFailedDraining = "FailedDraining";
inline constexpr std::string_view kReasonTerminationGracePeriodExpiring =
    "TerminationGracePeriodExpiring";
inline constexpr std::string_view kReasonTerminationFailed = "FailedTermination";

// Upstream's defaultDedupeTimeout.
inline constexpr Duration kEventDedupeTimeout = Duration::Minutes(2);

class TerminationEvents {
 public:
  TerminationEvents(cluster::ClusterWriter& events, const Clock& clock)
      : events_(events), clock_(clock) {}

  // Normal Evicted "Evicted pod: <reason>" on the pod.
  void EvictPod(std::string_view ns, std::string_view name, std::string_view reason);
  // Normal Disrupted on the pod when it is deleted to meet the node's terminationGracePeriod.
  void DisruptPodDelete(const api::Pod& pod, int64_t grace_period_seconds, Time node_deadline);
  // Warning FailedDraining on the node: "Failed to drain node, <n> pods are waiting to be
  // evicted", or an eviction a budget refused: "... evicting pod violates a PDB (Pod=ns/name)"
  // ("eviction does not support multiple PDBs" when several budgets select the pod). One
  // dedupe window per node covers both, as upstream's.
  void NodeWaitingForPods(std::string_view node_name, size_t waiting);
  void EvictionRefused(std::string_view node_name, bool multiple_pdbs, std::string_view ns,
                       std::string_view name);
  // Warning TerminationGracePeriodExpiring "All pods will be deleted by <time>" on the node or
  // the NodeClaim.
  void NodeTerminationGracePeriodExpiring(std::string_view node_name, std::string_view when);
  void NodeClaimTerminationGracePeriodExpiring(std::string_view node_claim_name,
                                               std::string_view when);
  // The event upstream's IsEvictable publishes about a pod's do-not-disrupt annotation when it
  // is a duration or invalid (disruption::DoNotDisruptEvent): DoNotDisruptUntil,
  // DoNotDisruptGracePeriodElapsed or InvalidDoNotDisruptAnnotation, once per pod and message.
  void DoNotDisrupt(const api::Pod& pod, Time now);
  // Warning FailedTermination on a Node or NodeClaim whose reconcile failed, once per object
  // and error text.
  void TerminationFailed(std::string_view kind, std::string_view name, std::string_view error);

 private:
  // Whether an event with `reason` about `dedupe_value` may be recorded now (none recorded in
  // the last kEventDedupeTimeout); if so, starts a new dedupe window. Checked before building
  // the message, so a suppressed event costs one map lookup.
  bool Admit(std::string_view reason, std::string_view dedupe_value);
  void Record(std::string_view kind, std::string_view ns, std::string_view name,
              std::string_view type, std::string_view reason, std::string message);

  static constexpr size_t kMinPruneAt = 4096;

  cluster::ClusterWriter& events_;
  const Clock& clock_;
  // (reason, dedupe value) -> when it may be recorded again.
  std::map<std::tuple<std::string, std::string>, Time, std::less<>> recent_;
  size_t prune_at_ = kMinPruneAt;
};

}  // namespace tidepool::termination
