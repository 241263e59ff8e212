// A set of node-label requirements keyed by label key (kubernetes-sigs/karpenter
// pkg/scheduling/requirements.go): what a NodePool, an instance type, a NodeClaim or a pod asks of
// a node's labels. Adding a requirement for a key already present intersects the two.
//
// Compatibility follows Karpenter:
//   - Intersects(other): every key both sets define must allow a common value; a pair of
//     NotIn/DoesNotExist requirements never conflicts. Keys only one side defines are fine.
//   - Compatible(other): additionally, every key `other` defines must be defined here too,
//     unless `other` only excludes values for it (NotIn/DoesNotExist) or the key is in
//     options.allow_undefined (AllowUndefinedWellKnownLabels(): the well-known labels, which
//     instance types define even when a NodePool does not). Custom labels such as
//     `capacity-spread In [2 3]` therefore only match pools that define them.
//
// Performance: Compatible/Intersects run in the scheduler's innermost loop. Requirements are kept
// in a vector sorted by key, so those checks are a linear merge of two sorted lists with no
// allocation, and IsCompatible() never builds an error message.
//
// Thread-safety: a value type; const methods are safe to call concurrently.
#pragma once

#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "api/node_selector.h"
#include "api/requirement.h"
#include "api/well_known_labels.h"
#include "core/status.h"

namespace tidepool::api {

struct CompatibilityOptions {
  // Keys that `other` may use without this side defining them; nullptr allows none.
  const LabelKeySet* allow_undefined = nullptr;
};
// scheduling.AllowUndefinedWellKnownLabels. Providers pass their extended set.
CompatibilityOptions AllowUndefinedWellKnownLabels(
    const LabelKeySet& well_known = CoreWellKnownLabels());

// Which of a pod's node-affinity terms become requirements.
enum class PodRequirementType {
  kAll,           // nodeSelector, first required term, heaviest preferred term (NewPodRequirements)
  kRequiredOnly,  // nodeSelector and first required term (NewStrictPodRequirements)
};

class Requirements {
 public:
  Requirements() = default;
  explicit Requirements(std::vector<Requirement> requirements);

  // NewNodeSelectorRequirementsWithMinValues / NewNodeSelectorRequirements.
  static Requirements FromNodeSelectorRequirements(
      std::span<const NodeSelectorRequirement> requirements);
  // NewLabelRequirements: key In [value] for every label.
  static Requirements FromLabels(const std::map<std::string, std::string>& labels);
  // NewPodRequirements / NewStrictPodRequirements from the parts of a pod spec, so that this
  // module does not depend on the Pod type: the nodeSelector, the required node affinity (only
  // its first term is used; the caller relaxes to later terms when that one cannot be met) and
  // the preferred terms (the heaviest one, the first on a tie, is treated as required).
  static Requirements ForPod(const std::map<std::string, std::string>& node_selector,
                             const NodeSelector* required,
                             std::span<const PreferredSchedulingTerm> preferred,
                             PodRequirementType type = PodRequirementType::kAll);

  // Adds one requirement, intersecting with an existing one for the same key.
  void Add(const Requirement& requirement);
  void Add(const Requirements& requirements);

  bool Has(std::string_view key) const { return Find(key) != nullptr; }
  // The requirement for `key`, or nullptr. The pointer is valid until the next Add.
  const Requirement* Find(std::string_view key) const;
  // The requirement for `key`; an undefined key reads as Exists (any value).
  Requirement Get(std::string_view key) const;
  std::vector<std::string> Keys() const;                                    // sorted
  const std::vector<Requirement>& values() const { return requirements_; }  // sorted by key
  size_t size() const { return requirements_.size(); }
  bool empty() const { return requirements_.empty(); }

  // Errors read as upstream's: `label "zone" does not have known values (typo of
  // "topology.kubernetes.io/zone"?)` or `key k, k In [b] not in k In [a]` (several joined by
  // "; "). The first undefined key in key order is reported.
  [[nodiscard]] Status Compatible(const Requirements& other,
                                  const CompatibilityOptions& options = {}) const;
  bool IsCompatible(const Requirements& other, const CompatibilityOptions& options = {}) const;
  [[nodiscard]] Status Intersects(const Requirements& other) const;
  bool IntersectsFast(const Requirements& other) const;

  // key -> Any() for every requirement that allows some value, except restricted labels
  // (kubernetes.io/hostname): concrete labels for a node built from these requirements.
  std::map<std::string, std::string> Labels() const;
  // Back to manifest form, sorted by key; a requirement with both bounds gives Gte and Lte.
  std::vector<NodeSelectorRequirement> NodeSelectorRequirements() const;
  bool HasMinValues() const;
  // The requirements' strings sorted and joined by ", ", without restricted labels.
  std::string String() const;

  friend bool operator==(const Requirements&, const Requirements&) = default;

 private:
  // Index of the first requirement whose key is not less than `key`.
  size_t LowerBound(std::string_view key) const;
  // The first key of `other` that this side does not define and `options` does not excuse.
  const Requirement* FirstUndefined(const Requirements& other,
                                    const CompatibilityOptions& options) const;
  std::string LabelHint(std::string_view key, const LabelKeySet* allow_undefined) const;

  std::vector<Requirement> requirements_;  // sorted by key, keys unique
};

}  // namespace tidepool::api
