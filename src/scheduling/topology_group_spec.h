// The identity of a topology group: everything that makes two groups behave differently
// (type, key, namespaces, label selector, maxSkew, minDomains, node filter). Pods whose
// constraints give equal specs share one group. Upstream hashes a similar struct
// (TopologyGroup.Hash); this keeps a canonical text key instead, so equal keys mean equal groups
// and no hash collision can merge two different constraints.
//
// Thread-safety: value types and pure functions.
#pragma once

#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "api/k8s/pod.h"
#include "scheduling/topology.h"
#include "scheduling/topology_group.h"
#include "scheduling/topology_node_filter.h"

namespace tidepool::scheduling {

// Affinity groups never limit skew.
inline constexpr int32_t kAffinityMaxSkew = std::numeric_limits<int32_t>::max();

struct GroupSpec {
  TopologyType type = TopologyType::kSpread;
  std::string_view key;                 // borrowed from the pod spec
  std::vector<std::string> namespaces;  // sorted, unique
  std::optional<api::LabelSelector> selector;
  int32_t max_skew = kAffinityMaxSkew;
  std::optional<int32_t> min_domains;
  TopologyNodeFilter node_filter;

  // Writes the canonical key into `out` (cleared first; reused to avoid allocations).
  void AppendKey(std::string& out) const;
  // A new group for this spec with no domains; an invalid selector selects nothing, as upstream.
  std::unique_ptr<TopologyGroup> MakeGroup() &&;
};

// A label selector with requirements taken from the pod's own labels: matchLabelKeys
// (key In [value]) and mismatchLabelKeys (key NotIn [value]), as the API server merges them.
// Keys the pod does not carry are skipped. An absent selector stays absent.
std::optional<api::LabelSelector> WithLabelKeys(const std::optional<api::LabelSelector>& selector,
                                                const api::Pod& pod,
                                                std::span<const std::string> match_keys,
                                                std::span<const std::string> mismatch_keys);

}  // namespace tidepool::scheduling
