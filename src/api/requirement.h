// One node-label requirement as Karpenter's scheduler sees it (kubernetes-sigs/karpenter
// pkg/scheduling/requirement.go): a key, a set of allowed values and optional integer bounds.
//
// The value set is either finite ("In a, b"; empty means DoesNotExist) or the complement of a
// finite set ("NotIn a, b"; the complement of nothing means Exists). Integer bounds are inclusive:
// Gt N becomes gte N+1, Lt N becomes lte N-1, Gte/Lte are kept as given. A value satisfies the
// bounds only if it parses as an integer. minValues (a Karpenter NodePool field) rides along and
// intersects to the larger of the two.
//
// Operator() recovers the operator from the representation: complement with no excluded values is
// Exists (Gt/Lt/Gte/Lte read back as Exists with bounds), complement with values NotIn, a
// non-empty finite set In, an empty one DoesNotExist.
//
// Performance: the scheduler intersects requirements millions of times per solve. Values are kept
// in a sorted vector (one contiguous allocation, binary search, linear merges) instead of a hash
// set, and HasIntersection answers without building the intersection.
//
// Thread-safety: a value type; const methods are safe to call concurrently.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/node_selector.h"

namespace tidepool::api {

enum class NodeSelectorOperator { kIn, kNotIn, kExists, kDoesNotExist, kGt, kLt, kGte, kLte };
// "In", "NotIn", "Exists", "DoesNotExist", "Gt", "Lt", "Gte", "Lte".
std::string_view NodeSelectorOperatorName(NodeSelectorOperator op);
std::optional<NodeSelectorOperator> ParseNodeSelectorOperator(std::string_view name);

class Requirement {
 public:
  // scheduling.NewRequirementWithFlexibility. `key` is normalised (failure-domain.beta...zone
  // becomes topology.kubernetes.io/zone). For Gt/Lt/Gte/Lte the first value is read as Go's
  // strconv.Atoi would (a syntax error reads as 0, an out-of-range number saturates; callers
  // validate first). Gt of the largest integer, and Lt of the smallest, match nothing.
  static Requirement Make(std::string_view key, NodeSelectorOperator op,
                          std::vector<std::string> values = {},
                          std::optional<int32_t> min_values = std::nullopt);
  // From the manifest type. An operator upstream does not know reads as Exists, as upstream's
  // constructor treats it.
  static Requirement FromNodeSelectorRequirement(const NodeSelectorRequirement& requirement);
  // The raw representation (for tests and decoders of already-canonical data): no normalisation.
  static Requirement FromParts(std::string key, bool complement, std::vector<std::string> values,
                               std::optional<int64_t> gte, std::optional<int64_t> lte,
                               std::optional<int32_t> min_values);

  const std::string& key() const { return key_; }
  bool complement() const { return complement_; }
  // The finite set (In) or the excluded set (NotIn), sorted and without duplicates.
  const std::vector<std::string>& values() const { return values_; }
  std::optional<int64_t> gte() const { return gte_; }
  std::optional<int64_t> lte() const { return lte_; }
  std::optional<int32_t> min_values() const { return min_values_; }
  void set_min_values(std::optional<int32_t> min_values) { min_values_ = min_values; }

  // The values both allow. The key is this requirement's; bounds are dropped when the result is
  // a finite set (they have already filtered it); minValues is the larger of the two.
  Requirement Intersection(const Requirement& other) const;
  // Whether Intersection() would allow any value, without building it. Allocation-free.
  bool HasIntersection(const Requirement& other) const;
  // Whether `value` is allowed.
  bool Has(std::string_view value) const;
  // A value the requirement allows, or "" when it allows none (DoesNotExist). Deterministic
  // (upstream draws a random integer): In gives the smallest value; NotIn/Exists give the
  // smallest non-excluded integer at or above the lower bound (or 0), searching downwards from
  // the upper bound when that is negative and there is no lower bound.
  std::string Any() const;
  // Number of allowed values; a complement counts as INT64_MAX minus the excluded values.
  int64_t Len() const;
  NodeSelectorOperator Operator() const;
  // Adds values to the set (to the excluded set for a complement).
  void Insert(std::string_view value);
  // "key In [a b]", "key NotIn [a]", "key Exists >=2 <=8", "key DoesNotExist minValues 2"; more
  // than five values print as "[a b c d e and 3 others]".
  std::string String() const;

  // Back to the manifest type: Gte (or Lte) when bounded, else NotIn/Exists/In/DoesNotExist. A
  // requirement with both bounds needs ToNodeSelectorRequirements().
  NodeSelectorRequirement ToNodeSelectorRequirement() const;
  // One entry, or two (Gte and Lte) when both bounds are set.
  std::vector<NodeSelectorRequirement> ToNodeSelectorRequirements() const;

  friend bool operator==(const Requirement&, const Requirement&) = default;

 private:
  Requirement() = default;
  bool WithinBounds(std::string_view value) const;

  std::string key_;
  bool complement_ = false;
  std::vector<std::string> values_;  // sorted, unique
  std::optional<int64_t> gte_;       // inclusive lower bound
  std::optional<int64_t> lte_;       // inclusive upper bound
  std::optional<int32_t> min_values_;
};

// Go's strconv.Atoi as Karpenter uses it on pre-validated values: the integer, or nullopt on a
// syntax error or when out of range.
std::optional<int64_t> ParseRequirementInt(std::string_view value);

}  // namespace tidepool::api
