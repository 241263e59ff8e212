// Preference relaxation (kubernetes-sigs/karpenter
// pkg/controllers/provisioning/scheduling/preferences.go): when a pod fits nowhere, the solver
// drops one soft constraint at a time and tries again. Order, one step per call:
//   1. the first required node-affinity term, while more than one remains (terms are ORed; the
//      last can never be removed);
//   2. the heaviest preferred pod-affinity term;
//   3. the heaviest preferred pod-anti-affinity term;
//   4. the heaviest preferred node-affinity term;
//   5. the first ScheduleAnyway topology spread constraint (moved-from-last removal, as upstream);
//   6. only when some NodePool has a PreferNoSchedule taint: a toleration of every
//      PreferNoSchedule taint.
// Weight sorting is stable, so equal weights are removed in spec order.
#pragma once

#include <optional>
#include <string>

#include "api/k8s/pod.h"

namespace tidepool::scheduling {

class Preferences {
 public:
  explicit Preferences(bool tolerate_prefer_no_schedule = false)
      : tolerate_prefer_no_schedule_(tolerate_prefer_no_schedule) {}

  // Applies the next relaxation to `pod`; returns what it did ("removing: ..." / "adding: ..."),
  // or nullopt when nothing is left to relax.
  std::optional<std::string> Relax(api::Pod& pod) const;

  // Whether Relax would change anything (without copying the pod).
  bool CanRelax(const api::Pod& pod) const;

  // The individual steps, each returning nullopt when it does not apply.
  static std::optional<std::string> RemoveRequiredNodeAffinityTerm(api::Pod& pod);
  static std::optional<std::string> RemovePreferredPodAffinityTerm(api::Pod& pod);
  static std::optional<std::string> RemovePreferredPodAntiAffinityTerm(api::Pod& pod);
  static std::optional<std::string> RemovePreferredNodeAffinityTerm(api::Pod& pod);
  static std::optional<std::string> RemoveTopologySpreadScheduleAnyway(api::Pod& pod);
  static std::optional<std::string> TolerateNoScheduleTaints(api::Pod& pod);

 private:
  bool tolerate_prefer_no_schedule_;
};

}  // namespace tidepool::scheduling
