#include "api/resource_math.h"

#include <compare>

#include "api/name_validation.h"

namespace tidepool::api {
namespace {

constexpr std::string_view kHugePagesPrefix = "hugepages-";

// The requests of one container, with options.non_missing_container_requests filled in.
ResourceList ContainerRequests(const ContainerResources& c, const PodResourcesOptions& options) {
  if (options.non_missing_container_requests.empty()) return c.resources.requests;
  ResourceList out = c.resources.requests;
  for (const auto& [name, quantity] : options.non_missing_container_requests) {
    if (!c.resources.requests.contains(name)) out[name] += quantity;
  }
  return out;
}

// aggregateContainerResourcesByFn: regular containers and sidecars add up; each ordinary init
// container needs its own resources plus those of the sidecars started before it; the pod needs
// the larger of the two per resource.
template <typename ResourcesOf>
ResourceList Aggregate(const PodResourceInputs& pod, ResourcesOf resources_of) {
  ResourceList result;
  for (const ContainerResources& c : pod.containers) AddInto(result, resources_of(c));
  ResourceList sidecars;   // sidecars started so far
  ResourceList init_peak;  // the largest need of any init phase
  for (const ContainerResources& c : pod.init_containers) {
    const ResourceList own = resources_of(c);
    if (c.restartable_init) {
      AddInto(result, own);
      AddInto(sidecars, own);
      MaxInto(init_peak, sidecars);
    } else {
      MaxInto(init_peak, Add(own, sidecars));
    }
  }
  MaxInto(result, init_peak);
  return result;
}

bool AnySupported(const ResourceList& list) {
  for (const auto& [name, quantity] : list) {
    if (IsSupportedPodLevelResource(name)) return true;
  }
  return false;
}

// applyPodLevelResources: supported pod-level values replace the aggregate.
void ApplyPodLevel(ResourceList& result, const ResourceList& pod_level) {
  for (const auto& [name, quantity] : pod_level) {
    if (IsSupportedPodLevelResource(name)) result[name] = quantity;
  }
}

}  // namespace

ResourceList Add(const ResourceList& a, const ResourceList& b) {
  ResourceList out = a;
  AddInto(out, b);
  return out;
}

ResourceList Merge(std::span<const ResourceList> lists) {
  ResourceList out;
  for (const ResourceList& list : lists) AddInto(out, list);
  return out;
}

void AddInto(ResourceList& dest, const ResourceList& src) {
  for (const auto& [name, quantity] : src) {
    auto [it, inserted] = dest.try_emplace(name, quantity);
    if (!inserted) it->second += quantity;
  }
}

ResourceList Subtract(const ResourceList& lhs, const ResourceList& rhs) {
  ResourceList out = lhs;
  for (auto& [name, quantity] : out) {
    if (auto it = rhs.find(name); it != rhs.end()) quantity -= it->second;
  }
  return out;
}

void SubtractFrom(ResourceList& dest, const ResourceList& src) {
  for (const auto& [name, quantity] : src) dest[name] -= quantity;
}

void MaxInto(ResourceList& dest, const ResourceList& src) {
  for (const auto& [name, quantity] : src) {
    auto [it, inserted] = dest.try_emplace(name, quantity);
    if (!inserted && quantity > it->second) it->second = quantity;
  }
}

ResourceList MaxResources(std::span<const ResourceList> lists) {
  ResourceList out;
  for (const ResourceList& list : lists) MaxInto(out, list);
  return out;
}

ResourceList MinResources(std::span<const ResourceList> lists) {
  if (lists.empty()) return {};
  ResourceList out = lists[0];
  for (const ResourceList& list : lists.subspan(1)) {
    for (auto it = out.begin(); it != out.end();) {
      auto other = list.find(it->first);
      if (other == list.end()) {
        it = out.erase(it);
        continue;
      }
      if (other->second < it->second) it->second = other->second;
      ++it;
    }
  }
  return out;
}

bool Fits(const ResourceList& candidate, const ResourceList& total) {
  // A negative total (e.g. allocatable minus more than it had) never fits anything.
  for (const auto& [name, quantity] : total) {
    if (quantity.Sign() < 0) return false;
  }
  for (const auto& [name, quantity] : candidate) {
    auto it = total.find(name);
    const Quantity available = it == total.end() ? Quantity() : it->second;
    if (quantity > available) return false;
  }
  return true;
}

int Cmp(const Quantity& a, const Quantity& b) {
  std::strong_ordering order = a <=> b;
  if (order < 0) return -1;
  if (order > 0) return 1;
  return 0;
}

std::string ResourceListString(const ResourceList& list) {
  std::string out = "{";
  bool first = true;
  for (const auto& [name, quantity] : list) {
    if (!first) out += ',';
    first = false;
    out += GoJsonQuote(name) + ":" + GoJsonQuote(quantity.ToString());
  }
  out += '}';
  return out;
}

bool IsSupportedPodLevelResource(std::string_view name) {
  return name == kResourceCPU || name == kResourceMemory || name.starts_with(kHugePagesPrefix);
}

bool IsPodLevelResourcesSet(const PodResourceInputs& pod) {
  return pod.pod_level &&
         (AnySupported(pod.pod_level->requests) || AnySupported(pod.pod_level->limits));
}

bool IsPodLevelRequestsSet(const PodResourceInputs& pod) {
  return pod.pod_level && AnySupported(pod.pod_level->requests);
}

bool IsPodLevelLimitsSet(const PodResourceInputs& pod) {
  return pod.pod_level && AnySupported(pod.pod_level->limits);
}

ResourceList AggregateContainerRequests(const PodResourceInputs& pod,
                                        const PodResourcesOptions& options) {
  return Aggregate(pod, [&](const ContainerResources& c) { return ContainerRequests(c, options); });
}

ResourceList AggregateContainerLimits(const PodResourceInputs& pod, const PodResourcesOptions&) {
  return Aggregate(pod, [](const ContainerResources& c) { return c.resources.limits; });
}

ResourceList PodRequests(const PodResourceInputs& pod, const PodResourcesOptions& options) {
  ResourceList requests;
  if (!options.skip_container_level_resources) requests = AggregateContainerRequests(pod, options);
  if (!options.skip_pod_level_resources && IsPodLevelRequestsSet(pod)) {
    ApplyPodLevel(requests, pod.pod_level->requests);
  }
  if (!options.exclude_overhead) AddInto(requests, pod.overhead);
  return requests;
}

ResourceList PodLimits(const PodResourceInputs& pod, const PodResourcesOptions& options) {
  ResourceList limits = AggregateContainerLimits(pod, options);
  if (!options.skip_pod_level_resources && IsPodLevelResourcesSet(pod)) {
    ApplyPodLevel(limits, pod.pod_level->limits);
  }
  if (!options.exclude_overhead) {
    // Overhead only raises limits that exist: an unlimited resource stays unlimited.
    for (const auto& [name, quantity] : pod.overhead) {
      auto it = limits.find(name);
      if (it != limits.end() && !it->second.IsZero()) it->second += quantity;
    }
  }
  return limits;
}

ResourceList RequestsForPods(std::span<const PodResourceInputs> pods) {
  ResourceList out;
  for (const PodResourceInputs& pod : pods) AddInto(out, PodRequests(pod));
  out[kResourcePods] =
      Quantity::FromInt(static_cast<int64_t>(pods.size()), Quantity::Format::kDecimalExponent);
  return out;
}

ResourceList LimitsForPods(std::span<const PodResourceInputs> pods) {
  ResourceList out;
  for (const PodResourceInputs& pod : pods) AddInto(out, PodLimits(pod));
  out[kResourcePods] =
      Quantity::FromInt(static_cast<int64_t>(pods.size()), Quantity::Format::kDecimalExponent);
  return out;
}

}  // namespace tidepool::api
