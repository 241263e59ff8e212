#include "api/well_known_labels.h"

#include <algorithm>
#include <utility>

namespace tidepool::api {
namespace {

// Go's %v of a []string: "[a b c]".
std::string GoList(const std::vector<std::string>& values) {
  std::string out = "[";
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out += ' ';
    out += values[i];
  }
  out += ']';
  return out;
}

}  // namespace

LabelKeySet::LabelKeySet(std::initializer_list<std::string_view> keys) {
  for (std::string_view key : keys) Insert(key);
}

bool LabelKeySet::Has(std::string_view key) const {
  auto it = std::lower_bound(keys_.begin(), keys_.end(), key,
                             [](const std::string& a, std::string_view b) { return a < b; });
  return it != keys_.end() && *it == key;
}

void LabelKeySet::Insert(std::string_view key) {
  auto it = std::lower_bound(keys_.begin(), keys_.end(), key,
                             [](const std::string& a, std::string_view b) { return a < b; });
  if (it == keys_.end() || *it != key) keys_.insert(it, std::string(key));
}

LabelKeySet LabelKeySet::Union(const LabelKeySet& other) const {
  LabelKeySet out = *this;
  for (const std::string& key : other.keys_) out.Insert(key);
  return out;
}

const LabelKeySet& CoreWellKnownLabels() {
  static const LabelKeySet* const kSet = new LabelKeySet{
      kNodePoolLabelKey, kLabelTopologyZone, kLabelTopologyRegion,  kLabelInstanceTypeStable,
      kLabelArchStable,  kLabelOSStable,     kCapacityTypeLabelKey, kLabelWindowsBuild};
  return *kSet;
}

const LabelKeySet& RestrictedLabels() {
  static const LabelKeySet* const kSet = new LabelKeySet{kLabelHostname};
  return *kSet;
}

const LabelKeySet& RestrictedLabelDomains() {
  static const LabelKeySet* const kSet = new LabelKeySet{kKarpenterGroup};
  return *kSet;
}

const LabelKeySet& WellKnownLabelsForOfferings() {
  static const LabelKeySet* const kSet = new LabelKeySet{kLabelTopologyZone, kCapacityTypeLabelKey};
  return *kSet;
}

const std::vector<std::pair<std::string_view, std::string_view>>& NormalizedLabels() {
  static const auto* const kAliases =
      new std::vector<std::pair<std::string_view, std::string_view>>{
          {kLabelFailureDomainBetaZone, kLabelTopologyZone},
          {kLabelArchBeta, kLabelArchStable},
          {kLabelOSBeta, kLabelOSStable},
          {kLabelInstanceType, kLabelInstanceTypeStable},
          {kLabelFailureDomainBetaRegion, kLabelTopologyRegion},
      };
  return *kAliases;
}

std::string_view NormalizeLabelKey(std::string_view key) {
  // Five aliases, all in domains no custom label uses: a linear scan is cheapest.
  for (const auto& [alias, stable] : NormalizedLabels()) {
    if (key == alias) return stable;
  }
  return key;
}

const LabelKeySet* WellKnownValuesFor(std::string_view key) {
  static const LabelKeySet* const kCapacityTypes =
      new LabelKeySet{kCapacityTypeOnDemand, kCapacityTypeSpot, kCapacityTypeReserved};
  if (key == kCapacityTypeLabelKey) return kCapacityTypes;
  return nullptr;
}

std::string_view GetLabelDomain(std::string_view key) {
  size_t slash = key.find('/');
  if (slash == std::string_view::npos) return {};
  return key.substr(0, slash);
}

Status IsRestrictedLabel(std::string_view key, const LabelKeySet& well_known) {
  if (well_known.Has(key)) return OkStatus();
  auto fail = [&] {
    return Fail(ErrorCode::kInvalidArgument,
                "using label " + std::string(key) +
                    " is not allowed as it might interfere with the internal provisioning logic; "
                    "specify a well known label: " +
                    GoList(well_known.keys()) +
                    ", or a custom label that does not use a restricted domain: " +
                    GoList(RestrictedLabelDomains().keys()));
  };
  std::string_view domain = GetLabelDomain(key);
  for (const std::string& restricted : RestrictedLabelDomains().keys()) {
    if (domain == restricted ||
        (domain.size() > restricted.size() && domain.ends_with(restricted) &&
         domain[domain.size() - restricted.size() - 1] == '.')) {
      return fail();
    }
  }
  if (RestrictedLabels().Has(key)) return fail();
  return OkStatus();
}

}  // namespace tidepool::api
