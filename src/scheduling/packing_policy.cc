#include "scheduling/packing_policy.h"

#include <algorithm>

namespace tidepool::scheduling {

void KarpenterPackingPolicy::OpenClaimOptions(const ClaimContext& /*claim*/,
                                              cloud::InstanceTypes& /*options*/) const {}

Result<cloud::InstanceTypes> KarpenterPackingPolicy::FinalizeOptions(
    const ClaimContext& claim, cloud::InstanceTypes options) const {
  if (claim.prices.size() != options.size()) {
    return cloud::Truncate(std::move(options), *claim.requirements, claim.max_instance_types,
                           claim.min_values_policy);
  }
  // cloud::Truncate with the solver's precomputed prices: stable by price, cut, check minValues.
  std::vector<size_t> order(options.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return claim.prices[a] < claim.prices[b]; });
  size_t keep = options.size();
  if (claim.max_instance_types >= 0) {
    keep = std::min(keep, static_cast<size_t>(claim.max_instance_types));
  }
  cloud::InstanceTypes sorted;
  sorted.reserve(keep);
  for (size_t i = 0; i < keep; ++i) sorted.push_back(std::move(options[order[i]]));
  if (claim.min_values_policy == cloud::MinValuesPolicy::kStrict &&
      claim.requirements->HasMinValues()) {
    Result<int> needed = cloud::SatisfiesMinValues(sorted, *claim.requirements);
    if (!needed) return Fail(needed.error().WithContext("validating minValues"));
  }
  return sorted;
}

const PackingPolicy& DefaultPackingPolicy() {
  static const KarpenterPackingPolicy policy;
  return policy;
}

}  // namespace tidepool::scheduling
