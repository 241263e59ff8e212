// DaemonSet overhead per NodePool and instance type (kubernetes-sigs/karpenter scheduler.go
// buildDaemonOverheadGroups, isDaemonPodCompatible).
#include <map>

#include "api/resource_math.h"
#include "api/tolerations.h"
#include "api/well_known_labels.h"
#include "scheduling/pod_data.h"
#include "scheduling/preferences.h"
#include "scheduling/solve_context.h"

namespace tidepool::scheduling {

bool ToleratesAll(std::span<const api::Taint> taints,
                  std::span<const api::Toleration> tolerations) {
  for (const api::Taint& taint : taints) {
    if (!api::TolerationsTolerateTaint(tolerations, taint, /*enable_comparison_operators=*/true)) {
      return false;
    }
  }
  return true;
}

OfferingFilter::OfferingFilter(const api::Requirements& requirements)
    : zone(requirements.Find(api::kLabelTopologyZone)),
      capacity_type(requirements.Find(api::kCapacityTypeLabelKey)) {}

void IndexOfferings(InstanceOption& option) {
  option.simple_offerings = true;
  option.available.clear();
  for (const cloud::Offering& offering : option.type->offerings) {
    if (!offering.available) continue;
    option.available.push_back(&offering);
    for (const api::Requirement& r : offering.requirements.values()) {
      if (r.key() != api::kLabelTopologyZone && r.key() != api::kCapacityTypeLabelKey) {
        option.simple_offerings = false;
      }
    }
  }
}

bool OptionHasOffering(const InstanceOption& option, const api::Requirements& requirements,
                       const OfferingFilter& filter) {
  if (!option.simple_offerings) return cloud::HasCompatibleOffering(*option.type, requirements);
  for (const cloud::Offering* offering : option.available) {
    if (filter.Allows(*offering)) return true;
  }
  return false;
}

double OptionPrice(const InstanceOption& option, const api::Requirements& requirements,
                   const OfferingFilter& filter) {
  if (!option.simple_offerings) return cloud::CheapestPrice(*option.type, requirements);
  double best = cloud::kNoPrice;
  for (const cloud::Offering* offering : option.available) {
    if (offering->price < best && filter.Allows(*offering)) best = offering->price;
  }
  return best;
}

std::vector<api::Pod> DaemonSetPods(std::span<const api::DaemonSet* const> daemon_sets) {
  std::vector<api::Pod> pods;
  pods.reserve(daemon_sets.size());
  for (const api::DaemonSet* ds : daemon_sets) {
    api::Pod pod;
    pod.api_version = "v1";
    pod.kind = "Pod";
    pod.metadata.name = ds->metadata.name;
    pod.metadata.namespace_ = ds->metadata.namespace_;
    pod.metadata.labels = ds->spec.template_.metadata.labels;
    pod.spec = ds->spec.template_.spec;
    pods.push_back(std::move(pod));
  }
  return pods;
}

bool IsDaemonPodCompatible(const PoolTemplate& pool, const cloud::InstanceType& type,
                           const api::Pod& daemon_pod, const api::CompatibilityOptions& compat) {
  api::Pod pod = daemon_pod;
  // A daemon pod does not respect PreferNoSchedule taints.
  (void)Preferences::TolerateNoScheduleTaints(pod);
  if (!ToleratesAll(pool.taints, pod.spec.tolerations)) return false;
  for (;;) {
    const api::NodeSelector* required = nullptr;
    if (pod.spec.affinity && pod.spec.affinity->node_affinity &&
        pod.spec.affinity->node_affinity->required_during_scheduling_ignored_during_execution) {
      required =
          &*pod.spec.affinity->node_affinity->required_during_scheduling_ignored_during_execution;
    }
    api::Requirements strict = api::Requirements::ForPod(pod.spec.node_selector, required, {},
                                                         api::PodRequirementType::kRequiredOnly);
    // Instance types use Intersects: custom keys of the daemon pod are not theirs to define.
    if (pool.requirements.IsCompatible(strict, compat) &&
        type.requirements.IntersectsFast(strict)) {
      return true;
    }
    if (!Preferences::RemoveRequiredNodeAffinityTerm(pod)) return false;
  }
}

void BuildDaemonGroups(PoolTemplate& pool, std::span<const api::Pod> daemon_pods,
                       std::span<const api::RuntimeClass* const> runtime_classes,
                       const ResourceIndex& index, const api::CompatibilityOptions& compat) {
  pool.daemon_groups.clear();
  std::map<std::vector<bool>, uint32_t> by_set;
  std::vector<api::ResourceList> requests;
  requests.reserve(daemon_pods.size());
  for (const api::Pod& pod : daemon_pods) {
    requests.push_back(PodRequestsWithOverhead(pod, runtime_classes));
  }
  for (InstanceOption& option : pool.options) {
    std::vector<bool> set(daemon_pods.size(), false);
    for (size_t i = 0; i < daemon_pods.size(); ++i) {
      set[i] = IsDaemonPodCompatible(pool, *option.type, daemon_pods[i], compat);
    }
    auto [it, inserted] = by_set.emplace(set, static_cast<uint32_t>(pool.daemon_groups.size()));
    if (inserted) {
      DaemonGroup group;
      for (size_t i = 0; i < daemon_pods.size(); ++i) {
        if (!set[i]) continue;
        api::AddInto(group.overhead, requests[i]);
        group.host_ports.Add(PodKey(daemon_pods[i]), GetHostPorts(daemon_pods[i]));
      }
      group.dense = index.Dense(group.overhead);
      pool.daemon_groups.push_back(std::move(group));
    }
    option.daemon_group = it->second;
  }
}

}  // namespace tidepool::scheduling
