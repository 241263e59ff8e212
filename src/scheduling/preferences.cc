#include "scheduling/preferences.h"

#include <algorithm>
#include <array>

#include "api/tolerations.h"

namespace tidepool::scheduling {
namespace {

constexpr const char* kScheduleAnyway = "ScheduleAnyway";
constexpr const char* kPreferNoSchedule = "PreferNoSchedule";

api::Toleration PreferNoScheduleToleration() {
  api::Toleration toleration;
  toleration.operator_ = "Exists";
  toleration.effect = kPreferNoSchedule;
  return toleration;
}

// Drops the heaviest weighted term (stable by weight, as upstream sorts before slicing).
template <class Term>
bool RemoveHeaviest(std::vector<Term>& terms) {
  if (terms.empty()) return false;
  std::stable_sort(terms.begin(), terms.end(),
                   [](const Term& a, const Term& b) { return a.weight > b.weight; });
  terms.erase(terms.begin());
  return true;
}

}  // namespace

std::optional<std::string> Preferences::RemoveRequiredNodeAffinityTerm(api::Pod& pod) {
  auto& affinity = pod.spec.affinity;
  if (!affinity || !affinity->node_affinity ||
      !affinity->node_affinity->required_during_scheduling_ignored_during_execution) {
    return std::nullopt;
  }
  auto& terms = affinity->node_affinity->required_during_scheduling_ignored_during_execution
                    ->node_selector_terms;
  if (terms.size() <= 1) return std::nullopt;
  terms.erase(terms.begin());
  return "removing: spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution[0]";
}

std::optional<std::string> Preferences::RemovePreferredPodAffinityTerm(api::Pod& pod) {
  auto& affinity = pod.spec.affinity;
  if (!affinity || !affinity->pod_affinity ||
      !RemoveHeaviest(
          affinity->pod_affinity->preferred_during_scheduling_ignored_during_execution)) {
    return std::nullopt;
  }
  return "removing: spec.affinity.podAffinity.preferredDuringSchedulingIgnoredDuringExecution[0]";
}

std::optional<std::string> Preferences::RemovePreferredPodAntiAffinityTerm(api::Pod& pod) {
  auto& affinity = pod.spec.affinity;
  if (!affinity || !affinity->pod_anti_affinity ||
      !RemoveHeaviest(
          affinity->pod_anti_affinity->preferred_during_scheduling_ignored_during_execution)) {
    return std::nullopt;
  }
  return "removing: spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution"
         "[0]";
}

std::optional<std::string> Preferences::RemovePreferredNodeAffinityTerm(api::Pod& pod) {
  auto& affinity = pod.spec.affinity;
  if (!affinity || !affinity->node_affinity ||
      !RemoveHeaviest(
          affinity->node_affinity->preferred_during_scheduling_ignored_during_execution)) {
    return std::nullopt;
  }
  return "removing: spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0]";
}

std::optional<std::string> Preferences::RemoveTopologySpreadScheduleAnyway(api::Pod& pod) {
  auto& constraints = pod.spec.topology_spread_constraints;
  for (size_t i = 0; i < constraints.size(); ++i) {
    if (constraints[i].when_unsatisfiable != kScheduleAnyway) continue;
    std::string reason =
        "removing: spec.topologySpreadConstraints topologyKey=" + constraints[i].topology_key +
        " whenUnsatisfiable=ScheduleAnyway";
    // Upstream moves the last constraint into the removed slot.
    constraints[i] = std::move(constraints.back());
    constraints.pop_back();
    return reason;
  }
  return std::nullopt;
}

std::optional<std::string> Preferences::TolerateNoScheduleTaints(api::Pod& pod) {
  api::Toleration toleration = PreferNoScheduleToleration();
  for (const api::Toleration& t : pod.spec.tolerations) {
    if (api::MatchToleration(t, toleration)) return std::nullopt;
  }
  pod.spec.tolerations.push_back(std::move(toleration));
  return "adding: toleration for PreferNoSchedule taints";
}

std::optional<std::string> Preferences::Relax(api::Pod& pod) const {
  using Step = std::optional<std::string> (*)(api::Pod&);
  static constexpr std::array<Step, 5> kSteps = {
      &RemoveRequiredNodeAffinityTerm, &RemovePreferredPodAffinityTerm,
      &RemovePreferredPodAntiAffinityTerm, &RemovePreferredNodeAffinityTerm,
      &RemoveTopologySpreadScheduleAnyway};
  for (Step step : kSteps) {
    if (auto reason = step(pod)) return reason;
  }
  if (tolerate_prefer_no_schedule_) return TolerateNoScheduleTaints(pod);
  return std::nullopt;
}

bool Preferences::CanRelax(const api::Pod& pod) const {
  const auto& affinity = pod.spec.affinity;
  if (affinity) {
    if (affinity->node_affinity) {
      const auto& required =
          affinity->node_affinity->required_during_scheduling_ignored_during_execution;
      if (required && required->node_selector_terms.size() > 1) return true;
      if (!affinity->node_affinity->preferred_during_scheduling_ignored_during_execution.empty()) {
        return true;
      }
    }
    if (affinity->pod_affinity &&
        !affinity->pod_affinity->preferred_during_scheduling_ignored_during_execution.empty()) {
      return true;
    }
    if (affinity->pod_anti_affinity &&
        !affinity->pod_anti_affinity->preferred_during_scheduling_ignored_during_execution
             .empty()) {
      return true;
    }
  }
  for (const auto& c : pod.spec.topology_spread_constraints) {
    if (c.when_unsatisfiable == kScheduleAnyway) return true;
  }
  if (!tolerate_prefer_no_schedule_) return false;
  api::Toleration toleration = PreferNoScheduleToleration();
  for (const api::Toleration& t : pod.spec.tolerations) {
    if (api::MatchToleration(t, toleration)) return false;
  }
  return true;
}

}  // namespace tidepool::scheduling
