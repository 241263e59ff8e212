#include "cloud/instance_type.h"

#include <algorithm>
#include <charconv>
#include <string_view>
#include <utility>

#include "api/resource_math.h"
#include "api/well_known_labels.h"

namespace tidepool::cloud {
namespace {

using api::NodeSelectorOperator;
using api::Requirement;
using api::Requirements;

constexpr std::string_view kHugePagesPrefix = "hugepages-";

const api::CompatibilityOptions& OfferingOptions() {
  static const api::CompatibilityOptions kOptions = api::AllowUndefinedWellKnownLabels();
  return kOptions;
}

}  // namespace

api::ResourceList InstanceTypeOverhead::Total() const {
  api::ResourceList total = kube_reserved;
  api::AddInto(total, system_reserved);
  api::AddInto(total, eviction_threshold);
  return total;
}

api::ResourceList ComputeAllocatable(const api::ResourceList& capacity,
                                     const InstanceTypeOverhead& overhead) {
  api::ResourceList allocatable = api::Subtract(capacity, overhead.Total());
  // Hugepages are carved out of the node's memory before pods can use it.
  for (const auto& [name, quantity] : capacity) {
    if (!std::string_view(name).starts_with(kHugePagesPrefix)) continue;
    Quantity& memory = allocatable[api::kResourceMemory];
    memory -= quantity;
    if (memory.Sign() < 0) memory = Quantity();
  }
  return allocatable;
}

InstanceTypePtr MakeInstanceType(InstanceType type) {
  std::vector<std::string> zones;
  std::vector<std::string> capacity_types;
  for (Offering& offering : type.offerings) {
    offering.requirements.Add(
        Requirement::Make(api::kLabelTopologyZone, NodeSelectorOperator::kIn, {offering.zone}));
    offering.requirements.Add(Requirement::Make(
        api::kCapacityTypeLabelKey, NodeSelectorOperator::kIn, {offering.capacity_type}));
    if (!offering.available) continue;
    zones.push_back(offering.zone);
    capacity_types.push_back(offering.capacity_type);
  }
  type.requirements.Add(
      Requirement::Make(api::kLabelInstanceTypeStable, NodeSelectorOperator::kIn, {type.name}));
  type.requirements.Add(
      Requirement::Make(api::kLabelTopologyZone, NodeSelectorOperator::kIn, std::move(zones)));
  type.requirements.Add(Requirement::Make(api::kCapacityTypeLabelKey, NodeSelectorOperator::kIn,
                                          std::move(capacity_types)));
  type.allocatable = ComputeAllocatable(type.capacity, type.overhead);
  return std::make_shared<const InstanceType>(std::move(type));
}

bool IsCompatible(const Offering& offering, const Requirements& requirements) {
  return requirements.IsCompatible(offering.requirements, OfferingOptions());
}

const Offering* CheapestOffering(const InstanceType& type, const Requirements& requirements) {
  const Offering* best = nullptr;
  for (const Offering& offering : type.offerings) {
    if (!offering.available) continue;
    if (best != nullptr && offering.price >= best->price) continue;
    if (IsCompatible(offering, requirements)) best = &offering;
  }
  return best;
}

double CheapestPrice(const InstanceType& type, const Requirements& requirements) {
  const Offering* offering = CheapestOffering(type, requirements);
  return offering == nullptr ? kNoPrice : offering->price;
}

bool HasCompatibleOffering(const InstanceType& type, const Requirements& requirements) {
  for (const Offering& offering : type.offerings) {
    if (offering.available && IsCompatible(offering, requirements)) return true;
  }
  return false;
}

double WorstLaunchPrice(const InstanceType& type, const Requirements& requirements) {
  // Upstream checks Compatible(reqs) then Compatible(capacity-type In [ct]); the second is a
  // plain comparison of the offering's own capacity type.
  for (std::string_view capacity_type :
       {kCapacityTypeReserved, kCapacityTypeSpot, kCapacityTypeOnDemand}) {
    double worst = -1;
    for (const Offering& offering : type.offerings) {
      if (!offering.available || offering.capacity_type != capacity_type) continue;
      if (offering.price <= worst) continue;
      if (IsCompatible(offering, requirements)) worst = offering.price;
    }
    if (worst >= 0) return worst;
  }
  return kNoPrice;
}

std::optional<double> OfferingPrice(const InstanceType& type, std::string_view zone,
                                    std::string_view capacity_type) {
  for (const Offering& offering : type.offerings) {
    if (offering.zone == zone && offering.capacity_type == capacity_type) return offering.price;
  }
  return std::nullopt;
}

Result<double> AdjustedPrice(double price, std::string_view change) {
  if (change.empty()) return price;
  bool relative = change.front() == '+' || change.front() == '-';
  bool percentage = relative && change.back() == '%';
  std::string_view number = change;
  if (percentage) number.remove_suffix(1);
  // from_chars accepts a leading '-' but not '+'.
  if (number.front() == '+') number.remove_prefix(1);
  double value = 0;
  auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), value);
  if (ec != std::errc() || end != number.data() + number.size() || number.empty()) {
    return Fail(ErrorCode::kInvalidArgument,
                "invalid price adjustment \"" + std::string(change) + "\"");
  }
  if (!relative) return value;
  double adjusted = percentage ? price * (1 + value / 100) : price + value;
  return adjusted >= 0 ? adjusted : 0;
}

void OrderByPrice(InstanceTypes& types, const Requirements& requirements) {
  std::vector<std::pair<double, InstanceTypePtr>> priced;
  priced.reserve(types.size());
  for (InstanceTypePtr& type : types) {
    double price = CheapestPrice(*type, requirements);
    priced.emplace_back(price, std::move(type));
  }
  std::stable_sort(priced.begin(), priced.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  for (size_t i = 0; i < priced.size(); ++i) types[i] = std::move(priced[i].second);
}

InstanceTypes Compatible(std::span<const InstanceTypePtr> types, const Requirements& requirements) {
  InstanceTypes out;
  for (const InstanceTypePtr& type : types) {
    if (HasCompatibleOffering(*type, requirements)) out.push_back(type);
  }
  return out;
}

MinValuesCheck CheckMinValues(std::span<const InstanceTypePtr> types,
                              const Requirements& requirements) {
  MinValuesCheck check;
  if (!requirements.HasMinValues()) return check;

  // One entry per key with minValues; the distinct values seen so far, kept sorted. These sets
  // stay small (a few dozen values), so sorted vectors beat hash sets.
  struct KeyValues {
    const Requirement* requirement;
    std::vector<std::string_view> seen;
  };
  std::vector<KeyValues> keys;
  for (const Requirement& r : requirements.values()) {
    if (r.min_values().has_value()) keys.push_back({&r, {}});
  }

  for (size_t i = 0; i < types.size(); ++i) {
    bool all_met = true;
    for (KeyValues& key : keys) {
      const Requirement* defined = types[i]->requirements.Find(key.requirement->key());
      if (defined != nullptr && !defined->complement()) {
        for (const std::string& value : defined->values()) {
          auto at = std::lower_bound(key.seen.begin(), key.seen.end(), std::string_view(value));
          if (at == key.seen.end() || *at != value) key.seen.insert(at, value);
        }
      }
      if (static_cast<int>(key.seen.size()) < *key.requirement->min_values()) all_met = false;
    }
    if (all_met) {
      check.needed = static_cast<int>(i + 1);
      return check;
    }
  }
  check.needed = static_cast<int>(types.size());
  for (const KeyValues& key : keys) {
    if (static_cast<int>(key.seen.size()) < *key.requirement->min_values()) {
      check.unsatisfied.emplace(key.requirement->key(), static_cast<int>(key.seen.size()));
    }
  }
  return check;
}

Result<int> SatisfiesMinValues(std::span<const InstanceTypePtr> types,
                               const Requirements& requirements) {
  MinValuesCheck check = CheckMinValues(types, requirements);
  if (check.ok()) return check.needed;
  std::string message = "minValues requirement is not met for label(s) [";
  bool first = true;
  for (const auto& [key, count] : check.unsatisfied) {
    if (!first) message += ' ';
    first = false;
    message += key;
  }
  message += ']';
  return Fail(ErrorCode::kInvalidArgument, std::move(message));
}

Result<InstanceTypes> Truncate(InstanceTypes types, const Requirements& requirements, int max_items,
                               MinValuesPolicy policy) {
  OrderByPrice(types, requirements);
  if (max_items >= 0 && types.size() > static_cast<size_t>(max_items)) types.resize(max_items);
  if (policy == MinValuesPolicy::kStrict && requirements.HasMinValues()) {
    Result<int> needed = SatisfiesMinValues(types, requirements);
    if (!needed) return Fail(needed.error().WithContext("validating minValues"));
  }
  return types;
}

}  // namespace tidepool::cloud
