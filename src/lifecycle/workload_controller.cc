#include "lifecycle/workload_controller.h"

#include <algorithm>
#include <charconv>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "api/k8s/workloads.h"

namespace tidepool::lifecycle {

namespace {

constexpr std::string_view kNameAlphabet = "bcdfghjklmnpqrstvwxz2456789";
constexpr std::string_view kDeletionCostAnnotation = "controller.kubernetes.io/pod-deletion-cost";

bool Counts(const api::Pod& pod) {
  return pod.metadata.deletion_timestamp.empty() && pod.status.phase != "Succeeded" &&
         pod.status.phase != "Failed";
}

int PhaseRank(const api::Pod& pod) {
  if (pod.status.phase == "Pending") return 0;
  if (pod.status.phase == "Unknown") return 1;
  return 2;
}

int64_t DeletionCost(const api::Pod& pod) {
  auto it = pod.metadata.annotations.find(std::string(kDeletionCostAnnotation));
  if (it == pod.metadata.annotations.end()) return 0;
  int64_t value = 0;
  const std::string& text = it->second;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  return ec == std::errc() && ptr == text.data() + text.size() ? value : 0;
}

// The trailing ordinal of a StatefulSet pod name, or -1.
int64_t OrdinalOf(std::string_view pod_name, std::string_view workload) {
  if (pod_name.size() <= workload.size() + 1 || pod_name.substr(0, workload.size()) != workload ||
      pod_name[workload.size()] != '-') {
    return -1;
  }
  std::string_view digits = pod_name.substr(workload.size() + 1);
  int64_t value = 0;
  auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  return ec == std::errc() && ptr == digits.data() + digits.size() ? value : -1;
}

}  // namespace

WorkloadController::WorkloadController(cluster::ClusterState& state, Clock& clock,
                                       WorkloadControllerOptions options)
    : state_(state), clock_(clock), options_(options) {}

WorkloadController::Changes WorkloadController::Reconcile() {
  Changes changes;
  ReconcileKind<api::Deployment>("Deployment", /*ordinal_names=*/false, changes);
  ReconcileKind<api::ReplicaSet>("ReplicaSet", /*ordinal_names=*/false, changes);
  ReconcileKind<api::StatefulSet>("StatefulSet", /*ordinal_names=*/true, changes);
  return changes;
}

void WorkloadController::Start() {
  clock_.ScheduleAfter(options_.period, [this] {
    Reconcile();
    Start();
  });
}

template <class W>
void WorkloadController::ReconcileKind(std::string_view kind, bool ordinal_names,
                                       Changes& changes) {
  // Collect the work first: creating and deleting pods must not disturb the workload iteration.
  struct Work {
    const W* workload;
    std::vector<const api::Pod*> pods;
    int32_t replicas;
  };
  std::vector<Work> work;
  for (const auto& [key, workload] : state_.template Store<W>().items()) {
    if (!workload.metadata.deletion_timestamp.empty()) continue;
    Work w{&workload, {}, workload.spec.replicas.value_or(1)};
    for (const api::Pod* pod :
         state_.PodsOwnedBy(workload.metadata.namespace_, kind, workload.metadata.name)) {
      if (Counts(*pod)) w.pods.push_back(pod);
    }
    if (static_cast<int32_t>(w.pods.size()) != w.replicas) work.push_back(std::move(w));
  }
  for (Work& w : work) {
    const W& workload = *w.workload;
    const std::string& ns = workload.metadata.namespace_;
    const std::string& name = workload.metadata.name;
    auto have = static_cast<int32_t>(w.pods.size());
    if (have > w.replicas) {
      std::vector<const api::Pod*> victims = w.pods;
      if (ordinal_names) {
        std::sort(victims.begin(), victims.end(), [&](const api::Pod* a, const api::Pod* b) {
          return OrdinalOf(a->metadata.name, name) > OrdinalOf(b->metadata.name, name);
        });
      } else {
        std::map<std::string, int> per_node;
        for (const api::Pod* pod : victims) {
          if (!pod->spec.node_name.empty()) ++per_node[pod->spec.node_name];
        }
        auto rank = [&](const api::Pod* p) {
          int co_located = p->spec.node_name.empty() ? 0 : per_node[p->spec.node_name];
          return std::make_tuple(!p->spec.node_name.empty(), PhaseRank(*p), cluster::IsPodReady(*p),
                                 DeletionCost(*p), -co_located);
        };
        std::stable_sort(victims.begin(), victims.end(), [&](const api::Pod* a, const api::Pod* b) {
          auto ra = rank(a);
          auto rb = rank(b);
          if (ra != rb) return ra < rb;
          // Newer first (RFC 3339 in UTC sorts as time), then by name.
          if (a->metadata.creation_timestamp != b->metadata.creation_timestamp) {
            return a->metadata.creation_timestamp > b->metadata.creation_timestamp;
          }
          return a->metadata.name > b->metadata.name;
        });
      }
      std::vector<std::string> names;
      for (int32_t i = 0; i < have - w.replicas; ++i) names.push_back(victims[i]->metadata.name);
      for (const std::string& pod_name : names) {
        if (state_.DeletePod(ns, pod_name)) ++changes.deleted;
      }
      continue;
    }
    std::set<int64_t> ordinals;
    if (ordinal_names) {
      for (const api::Pod* pod : w.pods) ordinals.insert(OrdinalOf(pod->metadata.name, name));
    }
    int64_t next_ordinal = 0;
    for (int32_t i = have; i < w.replicas; ++i) {
      api::Pod pod;
      pod.api_version = "v1";
      pod.kind = "Pod";
      pod.metadata.namespace_ = ns;
      if (ordinal_names) {
        while (ordinals.count(next_ordinal) > 0 ||
               state_.Get<api::Pod>(ns, name + "-" + std::to_string(next_ordinal)) != nullptr) {
          ++next_ordinal;
        }
        ordinals.insert(next_ordinal);
        pod.metadata.name = name + "-" + std::to_string(next_ordinal);
      } else {
        do {
          uint64_t n = next_suffix_++;
          std::string suffix(5, kNameAlphabet[0]);
          for (int k = 4; k >= 0 && n > 0; --k) {
            suffix[k] = kNameAlphabet[n % kNameAlphabet.size()];
            n /= kNameAlphabet.size();
          }
          pod.metadata.name = name + "-" + suffix;
        } while (state_.Get<api::Pod>(ns, pod.metadata.name) != nullptr);
      }
      pod.metadata.uid = "sim-pod-" + std::to_string(next_uid_++);
      pod.metadata.labels = workload.spec.template_.metadata.labels;
      pod.metadata.annotations = workload.spec.template_.metadata.annotations;
      api::OwnerReference owner;
      owner.api_version = "apps/v1";
      owner.kind = std::string(kind);
      owner.name = name;
      owner.uid = workload.metadata.uid;
      owner.controller = true;
      pod.metadata.owner_references.push_back(std::move(owner));
      pod.spec = workload.spec.template_.spec;
      pod.status.phase = "Pending";
      api::SetDefaults(pod);
      state_.Put(std::move(pod));
      ++changes.created;
    }
  }
}

}  // namespace tidepool::lifecycle
