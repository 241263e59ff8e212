#include "termination/terminator.h"

#include <array>
#include <string>
#include <vector>

#include "api/karpenter/labels.h"
#include "api/taint.h"
#include "api/tolerations.h"
#include "disruption/pod_rules.h"

namespace tidepool::termination {

bool ApplyDisruptedTaint(api::Node& node) {
  bool changed = false;
  bool present = false;
  for (const api::Taint& t : node.spec.taints) {
    if (t.key == api::kDisruptedTaintKey && t.effect == api::kTaintEffectNoSchedule) present = true;
  }
  if (!present) {
    std::erase_if(node.spec.taints,
                  [](const api::Taint& t) { return t.key == api::kDisruptedTaintKey; });
    api::Taint taint;
    taint.key = std::string(api::kDisruptedTaintKey);
    taint.effect = api::kTaintEffectNoSchedule;
    node.spec.taints.push_back(std::move(taint));
    changed = true;
  }
  auto [it, inserted] = node.metadata.labels.try_emplace(
      std::string(api::kExcludeFromExternalLoadBalancersLabelKey), kExcludeFromLoadBalancersValue);
  if (!inserted && it->second != kExcludeFromLoadBalancersValue) {
    it->second = kExcludeFromLoadBalancersValue;
    inserted = true;
  }
  return changed || inserted;
}

Status Terminator::Taint(std::string_view node_name) {
  const api::Node* stored = state_.Get<api::Node>("", node_name);
  if (stored == nullptr) {
    return Fail(ErrorCode::kNotFound, "nodes \"" + std::string(node_name) + "\" not found");
  }
  api::Node node = *stored;
  if (!ApplyDisruptedTaint(node)) return OkStatus();
  return writer_.UpdateNode(std::move(node));
}

size_t Terminator::Drain(std::string_view node_name, std::optional<Time> node_deadline) {
  Time now = clock_.Now();
  // Groups in drain order: non-critical non-daemon, non-critical daemon, critical non-daemon,
  // critical daemon.
  std::array<std::vector<const api::Pod*>, 4> groups;
  std::vector<const api::Pod*> force;
  size_t waiting = 0;
  for (const api::Pod* pod : state_.PodsOnNode(node_name)) {
    if (disruption::IsTerminal(*pod) || !disruption::IsDrainable(*pod, now)) continue;
    ++waiting;
    if (NeedsForceDelete(*pod, node_deadline, now)) {
      force.push_back(pod);
      continue;
    }
    size_t group =
        (disruption::IsCritical(*pod) ? 2 : 0) + (disruption::IsOwnedByDaemonSet(*pod) ? 1 : 0);
    groups[group].push_back(pod);
  }
  if (!force.empty()) queue_.Add(node_deadline, force);
  for (const std::vector<const api::Pod*>& group : groups) {
    if (!group.empty()) {
      queue_.Add(node_deadline, group);
      break;
    }
  }
  return waiting;
}

}  // namespace tidepool::termination
