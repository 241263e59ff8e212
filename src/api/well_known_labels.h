// Well-known node labels and Karpenter's label rules (kubernetes-sigs/karpenter
// pkg/apis/v1/labels.go and k8s.io/api core/v1 well_known_labels.go).
//
// Karpenter treats some label keys specially: well-known labels may be left undefined by a
// NodePool and still be requested by pods (the instance types define them); aliases such as
// failure-domain.beta.kubernetes.io/zone are rewritten to their stable names before any
// requirement is built. Cloud providers extend the well-known set with their own labels
// (karpenter.k8s.aws/instance-family, ...): they build their own LabelKeySet from
// CoreWellKnownLabels() and pass it where a set is taken, instead of mutating a global.
//
// Thread-safety: the accessors return immutable static data; LabelKeySet is a value type.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/status.h"

namespace tidepool::api {

// core/v1 labels.
inline constexpr std::string_view kLabelHostname = "kubernetes.io/hostname";
inline constexpr std::string_view kLabelTopologyZone = "topology.kubernetes.io/zone";
inline constexpr std::string_view kLabelTopologyRegion = "topology.kubernetes.io/region";
inline constexpr std::string_view kLabelInstanceTypeStable = "node.kubernetes.io/instance-type";
inline constexpr std::string_view kLabelArchStable = "kubernetes.io/arch";
inline constexpr std::string_view kLabelOSStable = "kubernetes.io/os";
inline constexpr std::string_view kLabelWindowsBuild = "node.kubernetes.io/windows-build";
// Deprecated aliases, normalised to the stable keys above.
inline constexpr std::string_view kLabelFailureDomainBetaZone =
    "failure-domain.beta.kubernetes.io/zone";
inline constexpr std::string_view kLabelFailureDomainBetaRegion =
    "failure-domain.beta.kubernetes.io/region";
inline constexpr std::string_view kLabelInstanceType = "beta.kubernetes.io/instance-type";
inline constexpr std::string_view kLabelArchBeta = "beta.kubernetes.io/arch";
inline constexpr std::string_view kLabelOSBeta = "beta.kubernetes.io/os";

// Karpenter labels (group karpenter.sh).
inline constexpr std::string_view kKarpenterGroup = "karpenter.sh";
inline constexpr std::string_view kNodePoolLabelKey = "karpenter.sh/nodepool";
inline constexpr std::string_view kNodeInitializedLabelKey = "karpenter.sh/initialized";
inline constexpr std::string_view kNodeRegisteredLabelKey = "karpenter.sh/registered";
inline constexpr std::string_view kNodeDoNotSyncTaintsLabelKey = "karpenter.sh/do-not-sync-taints";
inline constexpr std::string_view kCapacityTypeLabelKey = "karpenter.sh/capacity-type";

// Well-known values.
inline constexpr std::string_view kArchitectureAmd64 = "amd64";
inline constexpr std::string_view kArchitectureArm64 = "arm64";
inline constexpr std::string_view kCapacityTypeSpot = "spot";
inline constexpr std::string_view kCapacityTypeOnDemand = "on-demand";
inline constexpr std::string_view kCapacityTypeReserved = "reserved";

// A small sorted set of label keys. Lookups are binary searches over a contiguous vector: these
// sets hold a few dozen keys and are consulted for every requirement the scheduler compares.
class LabelKeySet {
 public:
  LabelKeySet() = default;
  LabelKeySet(std::initializer_list<std::string_view> keys);

  bool Has(std::string_view key) const;
  void Insert(std::string_view key);
  // This set plus every key of `other`.
  LabelKeySet Union(const LabelKeySet& other) const;
  const std::vector<std::string>& keys() const { return keys_; }  // sorted
  size_t size() const { return keys_.size(); }

  friend bool operator==(const LabelKeySet&, const LabelKeySet&) = default;

 private:
  std::vector<std::string> keys_;
};

// v1.WellKnownLabels: karpenter.sh/nodepool, topology.kubernetes.io/zone and region,
// node.kubernetes.io/instance-type, kubernetes.io/arch and os, karpenter.sh/capacity-type,
// node.kubernetes.io/windows-build.
const LabelKeySet& CoreWellKnownLabels();
// v1.RestrictedLabels: labels that must not be set through a NodePool (kubernetes.io/hostname).
const LabelKeySet& RestrictedLabels();
// v1.RestrictedLabelDomains: karpenter.sh (and its subdomains).
const LabelKeySet& RestrictedLabelDomains();
// v1.WellKnownLabelsForOfferings: the labels an offering carries (zone, capacity type).
const LabelKeySet& WellKnownLabelsForOfferings();

// v1.NormalizedLabels: the stable key for an alias, or `key` itself when it is not an alias.
std::string_view NormalizeLabelKey(std::string_view key);
// Every alias and its stable key.
const std::vector<std::pair<std::string_view, std::string_view>>& NormalizedLabels();

// v1.WellKnownValuesForRequirements: the values a well-known key may take, or nullptr when any
// value is allowed (only karpenter.sh/capacity-type is constrained).
const LabelKeySet* WellKnownValuesFor(std::string_view key);

// v1.GetLabelDomain: the part before '/' ("" for an unprefixed key).
std::string_view GetLabelDomain(std::string_view key);
// v1.IsRestrictedLabel: well-known keys pass; keys in a restricted domain (or a subdomain of it)
// and restricted keys fail with upstream's message.
[[nodiscard]] Status IsRestrictedLabel(std::string_view key,
                                       const LabelKeySet& well_known = CoreWellKnownLabels());

}  // namespace tidepool::api
