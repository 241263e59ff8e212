// Arithmetic over ResourceLists and a pod's effective resource requests.
//
// PodRequests/PodLimits follow k8s.io/component-helpers resource/helpers.go, the rule the
// scheduler and the kubelet use (KEP-753, sidecar containers):
//   - regular containers and restartable init containers (sidecars, restartPolicy: Always) run
//     together, so their requests add up;
//   - each ordinary init container runs alone, but after the sidecars declared before it have
//     started, so while it runs the pod needs its requests plus those sidecars';
//   - the pod needs, per resource, the maximum of the two (max of sums, not sum of maxes);
//   - pod-level resources (spec.resources, cpu/memory/hugepages-*) replace the aggregate for the
//     resources they set; pod overhead is added on top (to requests; to limits only where a
//     non-zero limit exists).
// The inputs are plain structs, not the Pod type, so that this module stays independent of
// api/k8s. Requests are taken as given: the API defaulting that copies limits into unset
// requests (pkg/apis/core/v1/defaults.go) must already have run (the Pod defaulter does it).
//
// The list helpers follow Karpenter's pkg/utils/resources (Merge, Subtract, MaxResources, Fits,
// RequestsForPods with its `pods` count).
//
// Thread-safety: pure functions.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "api/resources.h"

namespace tidepool::api {

// ---- ResourceList arithmetic --------------------------------------------------------------------

// The sum of the lists, resource by resource (a resource missing from a list counts as zero).
ResourceList Add(const ResourceList& a, const ResourceList& b);
ResourceList Merge(std::span<const ResourceList> lists);
// dest += src, resource by resource.
void AddInto(ResourceList& dest, const ResourceList& src);
// Karpenter's Subtract: lhs minus rhs, for lhs's resources only (rhs's extra resources are
// ignored; results may be negative).
ResourceList Subtract(const ResourceList& lhs, const ResourceList& rhs);
// dest -= src for every resource of src (missing ones start from zero).
void SubtractFrom(ResourceList& dest, const ResourceList& src);
// Per-resource maximum over the lists (resources of any list).
ResourceList MaxResources(std::span<const ResourceList> lists);
// Per-resource minimum, over the resources present in every list.
ResourceList MinResources(std::span<const ResourceList> lists);
// dest[r] = max(dest[r], src[r]) for every resource of src.
void MaxInto(ResourceList& dest, const ResourceList& src);
// Karpenter's Fits: every requested quantity is at most what `total` has (missing = 0), and no
// quantity of `total` is negative.
bool Fits(const ResourceList& candidate, const ResourceList& total);
// -1, 0 or 1, as resource.Quantity.Cmp.
int Cmp(const Quantity& a, const Quantity& b);
// `{"cpu":"1","memory":"1Gi"}` (sorted by name), "{}" when empty.
std::string ResourceListString(const ResourceList& list);

// ---- Pod effective resources --------------------------------------------------------------------

// One container's resources. `restartable_init` marks an init container with restartPolicy:
// Always (a sidecar); it is ignored for regular containers.
struct ContainerResources {
  ResourceRequirements resources;
  bool restartable_init = false;
};

// The resource-relevant parts of a pod spec.
struct PodResourceInputs {
  std::vector<ContainerResources> containers;
  std::vector<ContainerResources> init_containers;  // in declaration order
  ResourceList overhead;                            // spec.overhead
  std::optional<ResourceRequirements> pod_level;    // spec.resources
};

struct PodResourcesOptions {
  bool exclude_overhead = false;
  bool skip_pod_level_resources = false;
  bool skip_container_level_resources = false;
  // Requests used for containers that do not request these resources at all (an explicit zero
  // is kept). The scheduler's scoring uses this for cpu and memory.
  ResourceList non_missing_container_requests;
};

// Pod-level resources cover cpu, memory and hugepages-<size>.
bool IsSupportedPodLevelResource(std::string_view name);
// Some supported resource is set at pod level (in requests or limits / requests / limits).
bool IsPodLevelResourcesSet(const PodResourceInputs& pod);
bool IsPodLevelRequestsSet(const PodResourceInputs& pod);
bool IsPodLevelLimitsSet(const PodResourceInputs& pod);

// AggregateContainerRequests / AggregateContainerLimits: the containers' part of the rule above.
ResourceList AggregateContainerRequests(const PodResourceInputs& pod,
                                        const PodResourcesOptions& options = {});
ResourceList AggregateContainerLimits(const PodResourceInputs& pod,
                                      const PodResourcesOptions& options = {});
// PodRequests / PodLimits.
ResourceList PodRequests(const PodResourceInputs& pod, const PodResourcesOptions& options = {});
ResourceList PodLimits(const PodResourceInputs& pod, const PodResourcesOptions& options = {});

// Karpenter's RequestsForPods / LimitsForPods: the sum over the pods, plus `pods: <count>`.
ResourceList RequestsForPods(std::span<const PodResourceInputs> pods);
ResourceList LimitsForPods(std::span<const PodResourceInputs> pods);

}  // namespace tidepool::api
