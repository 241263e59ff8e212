#include "termination/events.h"

#include <algorithm>
#include <optional>
#include <string>
#include <utility>

#include "disruption/pod_rules.h"

namespace tidepool::termination {

bool TerminationEvents::Admit(std::string_view reason, std::string_view dedupe_value) {
  Time now = clock_.Now();
  auto it = recent_.find(std::tuple<std::string_view, std::string_view>(reason, dedupe_value));
  if (it != recent_.end()) {
    if (now < it->second) return false;
    it->second = now + kEventDedupeTimeout;
    return true;
  }
  // Expired keys are dropped as the map grows, so a long simulation does not accumulate them;
  // the threshold doubles with what survives, keeping the sweeps amortised O(1) per event.
  if (recent_.size() >= prune_at_) {
    std::erase_if(recent_, [now](const auto& e) { return e.second <= now; });
    prune_at_ = std::max<size_t>(kMinPruneAt, 2 * recent_.size());
  }
  recent_.emplace(std::tuple<std::string, std::string>(reason, dedupe_value),
                  now + kEventDedupeTimeout);
  return true;
}

void TerminationEvents::Record(std::string_view kind, std::string_view ns, std::string_view name,
                               std::string_view type, std::string_view reason,
                               std::string message) {
  events_.RecordEvent(
      cluster::ObjectReference{std::string(kind), std::string(ns), std::string(name)}, type, reason,
      std::move(message));
}

void TerminationEvents::EvictPod(std::string_view ns, std::string_view name,
                                 std::string_view reason) {
  if (!Admit(kReasonEvicted, name)) return;
  Record("Pod", ns, name, cluster::kEventTypeNormal, kReasonEvicted,
         "Evicted pod: " + std::string(reason));
}

void TerminationEvents::DisruptPodDelete(const api::Pod& pod, int64_t grace_period_seconds,
                                         Time node_deadline) {
  if (!Admit(kReasonDisrupted, pod.metadata.name)) return;
  std::string message = "Deleting the pod to accommodate the terminationTime " +
                        node_deadline.ToRfc3339() + " of the node. The pod was granted " +
                        std::to_string(grace_period_seconds) + " seconds of grace-period of its " +
                        std::to_string(pod.spec.termination_grace_period_seconds.value_or(0)) +
                        " terminationGracePeriodSeconds. This bypasses the PDB of the pod and "
                        "the do-not-disrupt annotation.";
  Record("Pod", pod.metadata.namespace_, pod.metadata.name, cluster::kEventTypeNormal,
         kReasonDisrupted, std::move(message));
}

void TerminationEvents::NodeWaitingForPods(std::string_view node_name, size_t waiting) {
  if (!Admit(kReasonFailedDraining, node_name)) return;
  Record("Node", "", node_name, cluster::kEventTypeWarning, kReasonFailedDraining,
         "Failed to drain node, " + std::to_string(waiting) + " pods are waiting to be evicted");
}

void TerminationEvents::EvictionRefused(std::string_view node_name, bool multiple_pdbs,
                                        std::string_view ns, std::string_view name) {
  if (!Admit(kReasonFailedDraining, node_name)) return;
  std::string message = "Failed to drain node, ";
  message.append(multiple_pdbs ? "eviction does not support multiple PDBs"
                               : "evicting pod violates a PDB");
  message.append(" (Pod=").append(ns).append("/").append(name).append(")");
  Record("Node", "", node_name, cluster::kEventTypeWarning, kReasonFailedDraining,
         std::move(message));
}

void TerminationEvents::NodeTerminationGracePeriodExpiring(std::string_view node_name,
                                                           std::string_view when) {
  if (!Admit(kReasonTerminationGracePeriodExpiring, node_name)) return;
  Record("Node", "", node_name, cluster::kEventTypeWarning, kReasonTerminationGracePeriodExpiring,
         "All pods will be deleted by " + std::string(when));
}

void TerminationEvents::NodeClaimTerminationGracePeriodExpiring(std::string_view node_claim_name,
                                                                std::string_view when) {
  if (!Admit(kReasonTerminationGracePeriodExpiring, node_claim_name)) return;
  Record("NodeClaim", "", node_claim_name, cluster::kEventTypeWarning,
         kReasonTerminationGracePeriodExpiring, "All pods will be deleted by " + std::string(when));
}

void TerminationEvents::DoNotDisrupt(const api::Pod& pod, Time now) {
  std::optional<disruption::PodEvent> event = disruption::DoNotDisruptEvent(pod, now);
  if (!event) return;
  std::string dedupe = pod.metadata.uid;
  dedupe.append("-").append(event->message);
  if (!Admit(event->reason, dedupe)) return;
  Record("Pod", pod.metadata.namespace_, pod.metadata.name, event->type, event->reason,
         std::move(event->message));
}

void TerminationEvents::TerminationFailed(std::string_view kind, std::string_view name,
                                          std::string_view error) {
  std::string dedupe(name);
  dedupe.append("-").append(error);
  if (!Admit(kReasonTerminationFailed, dedupe)) return;
  Record(kind, "", name, cluster::kEventTypeWarning, kReasonTerminationFailed,
         "Failed to terminate " + std::string(kind) + ", " + std::string(error));
}

}  // namespace tidepool::termination
