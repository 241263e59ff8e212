// Karpenter's pending-pod filter (kubernetes-sigs/karpenter pkg/utils/pod/scheduling.go).
#include "api/k8s/pod.h"
#include "scheduling/scheduler.h"

namespace tidepool::scheduling {
namespace {

bool OwnedBy(const api::Pod& pod, std::string_view api_version, std::string_view kind) {
  for (const api::OwnerReference& ref : pod.metadata.owner_references) {
    if (ref.api_version == api_version && ref.kind == kind) return true;
  }
  return false;
}

bool FailedToSchedule(const api::Pod& pod) {
  for (const api::PodCondition& condition : pod.status.conditions) {
    if (condition.type == api::kPodScheduled && condition.reason == api::kPodReasonUnschedulable) {
      return true;
    }
  }
  return false;
}

}  // namespace

bool IsProvisionable(const api::Pod& pod, bool require_unschedulable_condition) {
  if (require_unschedulable_condition && !FailedToSchedule(pod)) return false;
  if (!pod.spec.node_name.empty()) return false;              // IsScheduled
  if (!pod.status.nominated_node_name.empty()) return false;  // IsPreempting
  if (OwnedBy(pod, "apps/v1", "DaemonSet")) return false;     // IsOwnedByDaemonSet
  if (OwnedBy(pod, "v1", "Node")) return false;               // IsOwnedByNode (static pods)
  // Not part of upstream's predicate but of its callers' filters: finished or deleted pods never
  // need capacity.
  if (pod.status.phase == "Succeeded" || pod.status.phase == "Failed") return false;
  if (!pod.metadata.deletion_timestamp.empty()) return false;
  return true;
}

}  // namespace tidepool::scheduling
