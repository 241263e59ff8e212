// What the solver precomputes once per pod (upstream PodData plus the parts it recomputes in the
// inner loops): requests as a dense vector, the node requirements from nodeSelector and node
// affinity (with and without preferences), host ports and identity. Recomputed only when the
// pod's preferences are relaxed.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "api/k8s/pod.h"
#include "api/k8s/runtime_class.h"
#include "api/requirements.h"
#include "api/resources.h"
#include "scheduling/host_ports.h"
#include "scheduling/resources.h"

namespace tidepool::scheduling {

struct PodData {
  const api::Pod* pod = nullptr;  // the pod as currently relaxed (or the caller's)
  std::string key;                // namespace/name
  std::string uid;                // metadata.uid, or `key` when empty
  // Upstream RequestsForPods(pod): effective requests (sidecars, pod-level, overhead) plus
  // `pods: 1`.
  api::ResourceList requests;
  ResourceVector dense;  // `requests` over the solve's ResourceIndex
  // NewPodRequirements (nodeSelector, first required term, heaviest preferred term); under
  // PreferencePolicy Ignore, the strict ones.
  api::Requirements requirements;
  // NewStrictPodRequirements (no preferred terms): what limits the pod's topology domains.
  api::Requirements strict_requirements;
  std::vector<HostPort> host_ports;
};

// Pod overhead as admission would set it: spec.overhead, or the RuntimeClass's overhead.podFixed
// when the pod names a runtimeClassName and has no overhead of its own.
api::ResourceList RuntimeOverhead(const api::Pod& pod,
                                  std::span<const api::RuntimeClass* const> runtime_classes);

// Upstream resources.RequestsForPods for one pod, with RuntimeOverhead applied.
api::ResourceList PodRequestsWithOverhead(
    const api::Pod& pod, std::span<const api::RuntimeClass* const> runtime_classes);

// Fills `data` for `pod`; `index` must already know every resource name the pod requests.
void ComputePodData(const api::Pod& pod, std::span<const api::RuntimeClass* const> runtime_classes,
                    const ResourceIndex& index, bool ignore_preferences, PodData& data);

std::string PodKey(const api::Pod& pod);

}  // namespace tidepool::scheduling
