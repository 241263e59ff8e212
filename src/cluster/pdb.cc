#include "cluster/pdb.h"

#include <algorithm>
#include <utility>

#include "cluster/cluster_state.h"

namespace tidepool::cluster {

PdbSelector::PdbSelector(const api::PodDisruptionBudget& pdb)
    : namespace_(pdb.metadata.namespace_), selector_(api::Selector::Nothing()) {
  if (!pdb.spec.selector.has_value()) return;
  Result<api::Selector> selector = api::Selector::FromLabelSelector(&*pdb.spec.selector);
  if (selector) selector_ = *std::move(selector);
}

bool PdbSelects(const api::PodDisruptionBudget& pdb, const api::Pod& pod) {
  return PdbSelector(pdb).Selects(pod);
}

bool PdbHealthy(const api::Pod& pod) {
  return pod.metadata.deletion_timestamp.empty() && IsPodReady(pod);
}

Result<PdbAllowance> ComputePdbAllowance(const api::PodDisruptionBudget& pdb,
                                         std::span<const api::Pod* const> selected) {
  PdbAllowance out;
  out.expected_pods = static_cast<int32_t>(selected.size());
  for (const api::Pod* pod : selected) {
    if (PdbHealthy(*pod)) ++out.current_healthy;
  }
  if (pdb.spec.max_unavailable.has_value()) {
    Result<int64_t> max_unavailable =
        pdb.spec.max_unavailable->ScaledValue(out.expected_pods, /*round_up=*/true);
    if (!max_unavailable) return Fail(max_unavailable.error());
    out.desired_healthy =
        std::max<int32_t>(0, out.expected_pods - static_cast<int32_t>(*max_unavailable));
  } else if (pdb.spec.min_available.has_value()) {
    Result<int64_t> min_available =
        pdb.spec.min_available->ScaledValue(out.expected_pods, /*round_up=*/true);
    if (!min_available) return Fail(min_available.error());
    out.desired_healthy = static_cast<int32_t>(*min_available);
  }
  out.disruptions_allowed = std::max<int32_t>(0, out.current_healthy - out.desired_healthy);
  return out;
}

}  // namespace tidepool::cluster
