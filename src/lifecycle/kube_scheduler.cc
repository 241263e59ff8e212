#include "lifecycle/kube_scheduler.h"

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "cluster/event_recorder.h"
#include "lifecycle/scheduler_input_from_cluster.h"
#include "lifecycle/unschedulable_reasons.h"
#include "scheduling/scheduler.h"

namespace tidepool::lifecycle {
namespace {

bool IsCandidateNode(const api::Node& node) {
  return node.ReadyStatus() == "True" && !node.spec.unschedulable &&
         node.metadata.deletion_timestamp.empty();
}

bool IsOurs(const api::Pod& pod) {
  return pod.spec.scheduler_name.empty() || pod.spec.scheduler_name == api::kDefaultSchedulerName;
}

bool HasPodConstraints(const api::Pod& pod) {
  if (!pod.spec.topology_spread_constraints.empty()) return true;
  return pod.spec.affinity.has_value() && (pod.spec.affinity->pod_affinity.has_value() ||
                                           pod.spec.affinity->pod_anti_affinity.has_value());
}

// The candidate nodes (only `only` when it is not empty) with the pods that run on them
// (terminal pods hold nothing).
scheduling::SchedulerInput CandidateNodes(const cluster::ClusterState& world,
                                          std::string_view only = {}) {
  scheduling::SchedulerInput input;
  for (const auto& [key, node] : world.Store<api::Node>().items()) {
    if (!IsCandidateNode(node)) continue;
    if (!only.empty() && node.metadata.name != only) continue;
    scheduling::ExistingNodeInput e;
    e.name = node.metadata.name;
    e.node = &node;
    // Initialized: the node's taints count as written (the solver relaxes startup and ephemeral
    // taints only for uninitialized managed nodes, a Karpenter notion).
    e.initialized = true;
    for (const api::Pod* pod : world.PodsOnNode(node.metadata.name)) {
      if (pod->status.phase != api::kPodSucceeded && pod->status.phase != api::kPodFailed) {
        e.pods.push_back(pod);
      }
    }
    input.existing_nodes.push_back(std::move(e));
  }
  for (const auto& [key, runtime_class] : world.Store<api::RuntimeClass>().items()) {
    input.runtime_classes.push_back(&runtime_class);
  }
  return input;
}

// The node a nomination names: a Node of that name, or the registered Node of the NodeClaim of
// that name (the provisioner nominates to a claim before its node exists).
const api::Node* NominatedNode(const cluster::ClusterState& world, const std::string& nominated) {
  if (nominated.empty()) return nullptr;
  if (const api::Node* node = world.Get<api::Node>("", nominated)) return node;
  const api::NodeClaim* claim = world.Get<api::NodeClaim>("", nominated);
  if (claim == nullptr) return nullptr;
  if (!claim->status.node_name.empty()) return world.Get<api::Node>("", claim->status.node_name);
  return claim->status.provider_id.empty() ? nullptr
                                           : world.NodeByProviderId(claim->status.provider_id);
}

struct PodKeyRef {
  std::string ns, name;
};

}  // namespace

KubeScheduler::KubeScheduler(cluster::ClusterState& world, Clock& clock,
                             KubeSchedulerOptions options)
    : world_(world), clock_(clock), options_(options) {}

Result<KubeSchedulerResult> KubeScheduler::Reconcile() {
  KubeSchedulerResult result;
  Time now = clock_.Now();
  if (has_run_ && world_.NodeLayerVersion() == last_version_ &&
      now - last_pass_ < options_.resync) {
    return result;  // nothing happened that could change a verdict
  }
  // Stamped on every way out, after this pass's own writes (binds count as changes).
  struct Stamp {
    KubeScheduler& self;
    Time now;
    ~Stamp() {
      self.has_run_ = true;
      self.last_version_ = self.world_.NodeLayerVersion();
      self.last_pass_ = now;
    }
  } stamp{*this, now};
  std::map<std::string, std::vector<const api::Pod*>, std::less<>> nominated;
  std::vector<const api::Pod*> pending;
  for (const auto& [key, pod] : world_.Store<api::Pod>().items()) {
    if (!IsPendingPod(pod) || !IsOurs(pod)) continue;
    pending.push_back(&pod);
    const api::Node* target = NominatedNode(world_, pod.status.nominated_node_name);
    if (target != nullptr && IsCandidateNode(*target) && !HasPodConstraints(pod)) {
      nominated[target->metadata.name].push_back(&pod);
    }
  }
  if (pending.empty()) return result;

  // Binds what a solve placed (counted in result.bound).
  auto bind = [&](const scheduling::Results& results) -> Status {
    std::vector<std::pair<PodKeyRef, std::string>> bindings;
    for (const auto& [node, pods] : results.existing_nodes) {
      for (const api::Pod* pod : pods) {
        bindings.push_back({PodKeyRef{pod->metadata.namespace_, pod->metadata.name}, node});
      }
    }
    for (const auto& [pod, node] : bindings) {
      Status status = world_.BindPod(pod.ns, pod.name, node);
      if (!status) return status;
      ++result.bound;
    }
    return OkStatus();
  };

  // Nominated pods first, each group tried on its nominee alone, so capacity promised to them is
  // not taken by newcomers. Pods with topology spread or pod (anti-)affinity skip this: their
  // constraints count pods on every node, so only the full solve below judges them.
  for (const auto& [node, pods] : nominated) {
    scheduling::SchedulerInput input = CandidateNodes(world_, node);
    scheduling::Scheduler scheduler(std::move(input));
    Result<scheduling::Results> solved = scheduler.Solve(pods);
    if (!solved) return tl::unexpected(solved.error());
    if (Status status = bind(*solved); !status) return tl::unexpected(status.error());
  }
  if (!nominated.empty()) {
    std::erase_if(pending, [](const api::Pod* pod) { return !pod->spec.node_name.empty(); });
    if (pending.empty()) return result;
  }

  scheduling::SchedulerInput input = CandidateNodes(world_);
  scheduling::Scheduler scheduler(std::move(input));
  Result<scheduling::Results> solved = scheduler.Solve(pending);
  if (!solved) return tl::unexpected(solved.error());
  if (!solved->pod_errors.empty()) {
    std::vector<const api::RuntimeClass*> runtime_classes;
    for (const auto& [key, runtime_class] : world_.Store<api::RuntimeClass>().items()) {
      runtime_classes.push_back(&runtime_class);
    }
    std::vector<NodeView> views = BuildNodeViews(world_, runtime_classes);
    for (const scheduling::PodError& error : solved->pod_errors) {
      MarkUnschedulable(*error.pod, UnschedulableMessage(*error.pod, views, runtime_classes));
      ++result.unschedulable;
    }
  }
  if (Status status = bind(*solved); !status) return tl::unexpected(status.error());
  return result;
}

void KubeScheduler::MarkUnschedulable(const api::Pod& pod, const std::string& message) {
  api::Pod* mutable_pod = world_.GetMutable<api::Pod>(pod.metadata.namespace_, pod.metadata.name);
  if (mutable_pod == nullptr) return;
  api::PodCondition* condition = nullptr;
  for (api::PodCondition& c : mutable_pod->status.conditions) {
    if (c.type == api::kPodScheduled) condition = &c;
  }
  if (condition == nullptr) {
    mutable_pod->status.conditions.push_back(api::PodCondition{});
    condition = &mutable_pod->status.conditions.back();
    condition->type = api::kPodScheduled;
  }
  if (condition->status == "False" && condition->reason == api::kPodReasonUnschedulable &&
      condition->message == message) {
    return;
  }
  std::string now = clock_.Now().ToRfc3339();
  if (condition->status != "False") condition->last_transition_time = now;
  condition->status = "False";
  condition->reason = api::kPodReasonUnschedulable;
  condition->message = message;
  condition->last_probe_time.clear();
  world_.RecordEvent(
      cluster::ObjectReference{"Pod", mutable_pod->metadata.namespace_, mutable_pod->metadata.name},
      cluster::kEventTypeWarning, "FailedScheduling", message);
}

void KubeScheduler::Run() {
  (void)Reconcile();
  clock_.ScheduleAfter(options_.interval, [this] { Run(); });
}

void KubeScheduler::Start() {
  clock_.ScheduleAfter(Duration(), [this] { Run(); });
}

}  // namespace tidepool::lifecycle
