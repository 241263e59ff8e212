// spec.kubelet checks of the AWS provider's controller (kubeletconfiguration_validation.go,
// validateKubeletSemantics): eviction signals and thresholds, reservable resources, ranges, and
// how fields relate. Upstream reports them as ValidationSucceeded=False on the EC2NodeClass.
//
// Not ported: the decode against the kubelet library's KubeletConfiguration that catches unknown
// fields and wrong types of fields Karpenter does not read; tidepool passes those through.
#include <array>
#include <cstdlib>
#include <string>

#include "api/karpenter/ec2nodeclass.h"
#include "api/name_validation.h"
#include "core/duration.h"
#include "core/quantity.h"

namespace tidepool::api {
namespace {

constexpr std::array<std::string_view, 6> kEvictionSignals = {
    "memory.available",  "nodefs.available",   "nodefs.inodesFree",
    "imagefs.available", "imagefs.inodesFree", "pid.available"};
constexpr std::array<std::string_view, 4> kReservedResources = {"cpu", "memory",
                                                                "ephemeral-storage", "pid"};

template <size_t N>
bool Contains(const std::array<std::string_view, N>& items, std::string_view item) {
  for (std::string_view i : items) {
    if (i == item) return true;
  }
  return false;
}

template <size_t N>
std::string Join(const std::array<std::string_view, N>& items) {
  std::string out;
  for (std::string_view i : items) out += (out.empty() ? "" : ", ") + std::string(i);
  return out;
}

// A percentage in [0, 100] ("5%") or a non-negative quantity ("500Mi").
std::string EvictionThresholdError(const std::string& value) {
  if (!value.empty() && value.back() == '%') {
    const std::string number = value.substr(0, value.size() - 1);
    char* end = nullptr;
    const double v = std::strtod(number.c_str(), &end);
    if (number.empty() || end != number.c_str() + number.size() || !(v >= 0 && v <= 100)) {
      return GoQuote(value) + " must be a percentage or a resource quantity";
    }
    return "";
  }
  Result<Quantity> q = Quantity::Parse(value);
  if (!q) return GoQuote(value) + " must be a percentage or a resource quantity";
  if (q->Sign() < 0) return GoQuote(value) + " can't be a negative resource quantity";
  return "";
}

std::string GracePeriodError(const std::string& value) {
  Result<Duration> d = Duration::Parse(value);
  if (!d) return GoQuote(value) + " must be a duration";
  if (*d < Duration()) return GoQuote(value) + " can't be a negative duration";
  return "";
}

// The top-level field names of the kubelet's unmodelled settings.
std::vector<std::string> ExtraKeys(const ExtraFields& extra) {
  std::vector<std::string> keys;
  const std::string list = extra.KeyList();
  size_t start = 0;
  while (start < list.size()) {
    size_t comma = list.find(", ", start);
    if (comma == std::string::npos) comma = list.size();
    keys.push_back(list.substr(start, comma - start));
    start = comma + 2;
  }
  return keys;
}

}  // namespace

void ValidateKubeletConfiguration(const KubeletConfiguration& k, std::string_view path_view,
                                  FieldErrors& errors) {
  const std::string path(path_view);
  for (const std::string& key : ExtraKeys(k.extra)) {
    if (key == "registerWithTaints") {
      errors.Add(Child(path, key),
                 "can't be set, Karpenter sets it from the NodeClaim's taints so the node "
                 "registers unschedulable until it's ready");
    }
  }

  const std::pair<const char*, const std::map<std::string, std::string>*> eviction_maps[] = {
      {"evictionHard", &k.eviction_hard},
      {"evictionSoft", &k.eviction_soft},
      {"evictionSoftGracePeriod", &k.eviction_soft_grace_period},
      {"evictionMinimumReclaim", &k.eviction_minimum_reclaim},
  };
  for (const auto& [field, signals] : eviction_maps) {
    const std::string field_path = Child(path, field);
    const bool grace = std::string_view(field) == "evictionSoftGracePeriod";
    for (const auto& [signal, value] : *signals) {
      if (!Contains(kEvictionSignals, signal)) {
        errors.Add(field_path, GoQuote(signal) + " isn't a valid eviction signal, must be one of " +
                                   Join(kEvictionSignals));
      }
      const std::string problem = grace ? GracePeriodError(value) : EvictionThresholdError(value);
      if (!problem.empty()) errors.Add(Key(field_path, signal), problem);
    }
  }
  for (const auto& [signal, unused] : k.eviction_soft) {
    if (!k.eviction_soft_grace_period.contains(signal)) {
      errors.Add(Key(Child(path, "evictionSoft"), signal),
                 "has no matching evictionSoftGracePeriod");
    }
  }
  for (const auto& [signal, unused] : k.eviction_soft_grace_period) {
    if (!k.eviction_soft.contains(signal)) {
      errors.Add(Key(Child(path, "evictionSoftGracePeriod"), signal),
                 "has no matching evictionSoft");
    }
  }

  // Values may be CEL expressions evaluated per instance type ("vcpus * 10m"), so only the sign
  // is checked here.
  const std::pair<const char*, const std::map<std::string, std::string>*> reserved_maps[] = {
      {"kubeReserved", &k.kube_reserved}, {"systemReserved", &k.system_reserved}};
  for (const auto& [field, reserved] : reserved_maps) {
    const std::string field_path = Child(path, field);
    for (const auto& [resource, value] : *reserved) {
      if (!Contains(kReservedResources, resource)) {
        errors.Add(field_path, GoQuote(resource) + " isn't a reservable resource, must be one of " +
                                   Join(kReservedResources));
      }
      if (!value.empty() && value.front() == '-') {
        errors.Add(Key(field_path, resource),
                   GoQuote(value) + " can't be a negative resource quantity");
      }
    }
  }

  const std::pair<const char*, const std::optional<int32_t>*> percents[] = {
      {"imageGCHighThresholdPercent", &k.image_gc_high_threshold_percent},
      {"imageGCLowThresholdPercent", &k.image_gc_low_threshold_percent}};
  for (const auto& [field, value] : percents) {
    if (*value && (**value < 0 || **value > 100)) {
      errors.Add(Child(path, field), std::to_string(**value) + " must be between 0 and 100");
    }
  }
  const std::pair<const char*, const std::optional<int32_t>*> counts[] = {
      {"podsPerCore", &k.pods_per_core},
      {"evictionMaxPodGracePeriod", &k.eviction_max_pod_grace_period}};
  for (const auto& [field, value] : counts) {
    if (*value && **value < 0) {
      errors.Add(Child(path, field), std::to_string(**value) + " can't be negative");
    }
  }
  if (k.max_pods && !k.max_pods->is_string && k.max_pods->int_value < 0) {
    errors.Add(Child(path, "maxPods"),
               std::to_string(k.max_pods->int_value) + " can't be negative");
  }
  if (k.image_gc_high_threshold_percent && k.image_gc_low_threshold_percent &&
      *k.image_gc_high_threshold_percent <= *k.image_gc_low_threshold_percent) {
    errors.Add(path, "imageGCHighThresholdPercent (" +
                         std::to_string(*k.image_gc_high_threshold_percent) +
                         ") must be greater than imageGCLowThresholdPercent (" +
                         std::to_string(*k.image_gc_low_threshold_percent) + ")");
  }
}

}  // namespace tidepool::api
