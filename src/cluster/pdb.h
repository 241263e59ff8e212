// PodDisruptionBudget arithmetic as the Kubernetes disruption controller computes a budget's
// status (kubernetes pkg/controller/disruption/disruption.go) and the eviction subresource reads
// it (pkg/registry/core/pod/storage/eviction.go), evaluated live against the pods in the cluster
// rather than read from a status a controller wrote.
//
// expectedPods is the number of pods the budget selects (upstream asks the pods' controllers for
// their scale; the selected pods stand in for it here, which is the same in a settled cluster).
// desiredHealthy: minAvailable as a count, or as a percentage of expectedPods rounded up; or
// expectedPods - maxUnavailable (a percentage of it rounded up). currentHealthy counts selected
// pods that are Ready and not terminating. disruptionsAllowed = max(0, currentHealthy -
// desiredHealthy). With neither field set, desiredHealthy is 0, as upstream leaves it.
//
// Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "api/k8s/pdb.h"
#include "api/k8s/pod.h"
#include "api/selector.h"
#include "core/status.h"

namespace tidepool::cluster {

// A budget's pod selector, compiled once: same namespace, and an absent (or unparseable)
// selector selects nothing, an empty one every pod. Use one per budget when testing many pods.
class PdbSelector {
 public:
  explicit PdbSelector(const api::PodDisruptionBudget& pdb);
  bool Selects(const api::Pod& pod) const {
    return pod.metadata.namespace_ == namespace_ && selector_.Matches(pod.metadata.labels);
  }

 private:
  std::string namespace_;
  api::Selector selector_;
};

// PdbSelector(pdb).Selects(pod), for a single test.
bool PdbSelects(const api::PodDisruptionBudget& pdb, const api::Pod& pod);

struct PdbAllowance {
  int32_t expected_pods = 0;
  int32_t current_healthy = 0;
  int32_t desired_healthy = 0;
  int32_t disruptions_allowed = 0;
};

// The budget's status computed from `selected` (the pods PdbSelects chose). kInvalidArgument for
// a percentage that does not parse.
[[nodiscard]] Result<PdbAllowance> ComputePdbAllowance(const api::PodDisruptionBudget& pdb,
                                                       std::span<const api::Pod* const> selected);

// A pod counts as healthy for budgets when it is Ready and not terminating.
bool PdbHealthy(const api::Pod& pod);

}  // namespace tidepool::cluster
