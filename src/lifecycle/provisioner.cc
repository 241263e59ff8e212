#include "lifecycle/provisioner.h"

#include <algorithm>
#include <utility>

#include "api/karpenter/labels.h"
#include "api/resource_math.h"
#include "api/tolerations.h"
#include "cluster/event_recorder.h"
#include "core/logging.h"

namespace tidepool::lifecycle {
namespace {

// Upstream dedupes FailedScheduling per pod for 5 minutes (PodFailedToScheduleEvent).
constexpr Duration kFailedSchedulingDedupe = Duration::Minutes(5);

cluster::ObjectReference PodRef(const api::Pod& pod) {
  return cluster::ObjectReference{"Pod", pod.metadata.namespace_, pod.metadata.name};
}

// The pod's uid; a pod without one (a test fixture) is keyed by namespace/name in `scratch`.
std::string_view PodUid(const api::Pod& pod, std::string& scratch) {
  if (!pod.metadata.uid.empty()) return pod.metadata.uid;
  scratch = pod.metadata.namespace_ + "/" + pod.metadata.name;
  return scratch;
}

}  // namespace

Provisioner::Provisioner(const cluster::ClusterState& state, cluster::NodeWriter& writer,
                         cluster::ClusterWriter& events, cloud::CloudProvider& cloud, Clock& clock,
                         ProvisionerOptions options)
    : state_(state),
      writer_(writer),
      events_(events),
      cloud_(cloud),
      clock_(clock),
      options_(options) {}

void Provisioner::Trigger(std::string_view uid) {
  auto [it, inserted] = batch_.emplace(uid);
  if (!inserted) return;  // the same element does not extend the batch
  Time now = clock_.Now();
  if (!batch_open_) {
    batch_open_ = true;
    batch_start_ = now;
  }
  last_trigger_ = now;
}

void Provisioner::TriggerIfDue(std::string_view uid, Time now) {
  auto it = seen_.find(uid);
  if (it == seen_.end()) {
    it = seen_.emplace(std::string(uid), Seen{now, generation_}).first;
  } else {
    it->second.generation = generation_;
    if (now - it->second.triggered < options_.requeue_interval) return;
    it->second.triggered = now;
  }
  Trigger(uid);
}

void Provisioner::ObserveTriggers(Time now) {
  ++generation_;
  std::string scratch;
  for (const auto& [key, pod] : state_.Store<api::Pod>().items()) {
    if (!pod.status.nominated_node_name.empty()) {
      // Nominated: waiting for its node, unless the nominee is gone (then it needs a new one).
      if (!IsPendingPod(pod) || IsNominationLive(state_, pod.status.nominated_node_name)) continue;
    } else if (!scheduling::IsProvisionable(pod, options_.require_unschedulable_condition)) {
      continue;
    }
    TriggerIfDue(PodUid(pod, scratch), now);
  }
  // Nodes on their way out: their pods need room elsewhere (upstream triggers on the disrupted
  // taint that termination puts on every deleting node; a deleting node counts here even before
  // it is tainted).
  for (const auto& [key, node] : state_.Store<api::Node>().items()) {
    if (IsNodeMarkedForDeletion(node, state_.NodeClaimForNode(node.metadata.name))) {
      TriggerIfDue("node/" + node.metadata.name, now);
    }
  }
  std::erase_if(seen_, [&](const auto& entry) { return entry.second.generation != generation_; });
  // A failure is remembered for the dedupe window, or while its pod is still provisionable.
  std::erase_if(failures_, [&](const auto& entry) {
    return !seen_.contains(entry.first) && now - entry.second.second >= kFailedSchedulingDedupe;
  });
}

Duration Provisioner::Reconcile() {
  Time now = clock_.Now();
  ObserveTriggers(now);
  if (!batch_open_) return options_.poll_interval;
  Time deadline = std::min(last_trigger_ + options_.batch_idle_duration,
                           batch_start_ + options_.batch_max_duration);
  if (now < deadline) return std::min(deadline - now, options_.poll_interval);
  batch_open_ = false;
  batch_.clear();
  Result<ProvisionResult> result = Provision();
  if (!result) {
    spdlog::error("provisioning: {}", result.error().message());
  }
  return options_.poll_interval;
}

Result<ProvisionResult> Provisioner::Provision() {
  ++passes_;
  ProvisionResult result;
  ClusterInputOptions input_options;
  input_options.require_unschedulable_condition = options_.require_unschedulable_condition;
  ClusterSchedulingInput cluster_input = SchedulerInputFromCluster(state_, cloud_, input_options);
  std::vector<const api::Pod*> pods = std::move(cluster_input.pending_pods);
  pods.insert(pods.end(), cluster_input.deleting_node_pods.begin(),
              cluster_input.deleting_node_pods.end());
  const api::LabelKeySet& well_known = options_.well_known_labels != nullptr
                                           ? *options_.well_known_labels
                                           : api::CoreWellKnownLabels();
  Time now = clock_.Now();
  std::erase_if(pods, [&](const api::Pod* pod) {
    if (!pod->spec.node_name.empty()) return false;  // a deleting node's pod: it runs already
    bool silent = false;
    std::string invalid = ValidatePodForProvisioning(*pod, well_known, silent);
    if (invalid.empty()) return false;
    if (!silent) RecordFailure(*pod, "ignoring pod, " + invalid, now);
    return true;
  });
  result.pods = pods.size();
  if (pods.empty()) return result;
  if (cluster_input.input.node_pools.empty()) return result;  // "no dynamic nodepools found"

  scheduling::SchedulerOptions scheduler_options;
  scheduler_options.max_instance_types = options_.max_instance_types;
  scheduler_options.min_values_best_effort = options_.min_values_best_effort;
  scheduler_options.ignore_preferences = options_.ignore_preferences;
  scheduler_options.well_known_labels = options_.well_known_labels;
  scheduling::Scheduler scheduler(std::move(cluster_input.input), scheduler_options);
  Result<scheduling::Results> solved = scheduler.Solve(pods);
  if (!solved) return tl::unexpected(solved.error());
  for (const scheduling::PodError& error : solved->pod_errors) {
    ++result.failed;
    RecordFailure(*error.pod, error.reason, now);
  }
  for (const auto& [name, placed] : solved->existing_nodes) {
    // An existing-node input is a Node (named after it) or an in-flight NodeClaim.
    const api::Node* target_node = state_.Get<api::Node>("", name);
    const api::NodeClaim* target_claim = target_node != nullptr
                                             ? state_.NodeClaimForNode(name)
                                             : state_.Get<api::NodeClaim>("", name);
    for (const api::Pod* pod : placed) {
      if (!pod->spec.node_name.empty()) continue;  // a deleting node's pod: it moves when evicted
      ++result.nominated;
      if (pod->status.nominated_node_name == name) continue;  // nominated there already
      std::string message = "Pod should schedule on: ";
      if (target_claim != nullptr) {
        message += "nodeclaim/" + target_claim->metadata.name;
        if (target_node != nullptr) message += ", ";
      }
      if (target_node != nullptr) message += "node/" + name;
      Nominate(*pod, name, message);
    }
  }

  CreatedNodeClaims created = CreateNodeClaims(solved->new_node_claims, /*nominate=*/true);
  for (std::string& name : created.names) {
    if (!name.empty()) result.created.push_back(std::move(name));
  }
  result.errors = std::move(created.errors);
  if (!result.created.empty()) {
    spdlog::info("provisioning: created {} nodeclaim(s) for {} pod(s)", result.created.size(),
                 result.pods);
  }
  return result;
}

CreatedNodeClaims Provisioner::CreateNodeClaims(std::span<const scheduling::NewNodeClaim> claims,
                                                bool nominate) {
  const api::LabelKeySet& well_known = options_.well_known_labels != nullptr
                                           ? *options_.well_known_labels
                                           : api::CoreWellKnownLabels();
  CreatedNodeClaims out;
  out.names.reserve(claims.size());
  for (const scheduling::NewNodeClaim& claim : claims) {
    out.names.emplace_back();
    if (claim.node_pool_object != nullptr) {
      // Limits against the pool as it is now (upstream re-reads the NodePool before creating).
      const api::NodePool* latest = state_.Get<api::NodePool>("", claim.node_pool);
      Status limits = CheckLimits(latest != nullptr ? *latest : *claim.node_pool_object);
      if (!limits) {
        out.errors.push_back(claim.node_pool + ": " + limits.error().message());
        continue;
      }
    }
    api::NodeClaim node_claim = ToNodeClaim(claim, options_.max_instance_types, well_known,
                                            options_.default_termination_grace_period);
    if (options_.decorate_node_claim && claim.node_pool_object != nullptr) {
      options_.decorate_node_claim(*claim.node_pool_object, node_claim);
    }
    Result<std::string> name = writer_.CreateNodeClaim(std::move(node_claim));
    if (!name) {
      out.errors.push_back(claim.node_pool + ": creating node claim, " + name.error().message());
      continue;
    }
    out.names.back() = *name;
    if (!nominate) continue;
    for (const api::Pod* pod : claim.pods) {
      if (pod->spec.node_name.empty()) {
        Nominate(*pod, *name, "Pod should schedule on: nodeclaim/" + *name);
      }
    }
  }
  return out;
}

Status Provisioner::CheckLimits(const api::NodePool& pool) const {
  if (pool.spec.limits.empty()) return OkStatus();
  // Upstream cluster.NodePoolResourcesFor: the capacity of the pool's claims, and their count.
  api::ResourceList usage;
  int64_t nodes = 0;
  for (const auto& [key, claim] : state_.Store<api::NodeClaim>().items()) {
    auto label = claim.metadata.labels.find(std::string(api::kNodePoolLabelKey));
    if (label == claim.metadata.labels.end() || label->second != pool.metadata.name) continue;
    api::AddInto(usage, claim.status.capacity);
    ++nodes;
  }
  usage["nodes"] = Quantity::FromInt(nodes);
  for (const auto& [name, used] : usage) {
    auto limit = pool.spec.limits.find(name);
    if (limit == pool.spec.limits.end()) continue;
    if (api::Cmp(used, limit->second) > 0) {
      return Fail(ErrorCode::kFailedPrecondition, name + " resource usage of " + used.ToString() +
                                                      " exceeds limit of " +
                                                      limit->second.ToString());
    }
  }
  return OkStatus();
}

void Provisioner::RecordFailure(const api::Pod& pod, const std::string& reason, Time now) {
  std::string scratch;
  std::string_view uid = PodUid(pod, scratch);
  auto it = failures_.find(uid);
  bool inserted = it == failures_.end();
  if (inserted) it = failures_.emplace(std::string(uid), std::pair<std::string, Time>()).first;
  if (!inserted && it->second.first == reason &&
      now - it->second.second < kFailedSchedulingDedupe) {
    return;
  }
  it->second = {reason, now};
  events_.RecordEvent(PodRef(pod), cluster::kEventTypeWarning, "FailedScheduling",
                      "Failed to schedule pod, " + reason);
}

void Provisioner::Nominate(const api::Pod& pod, const std::string& target,
                           std::string_view message) {
  if (pod.status.nominated_node_name == target) return;
  // Copies: the write may touch the pod the reference points at.
  std::string ns = pod.metadata.namespace_, name = pod.metadata.name;
  cluster::ObjectReference ref = PodRef(pod);
  if (!writer_.NominatePod(ns, name, target)) return;
  events_.RecordEvent(ref, cluster::kEventTypeNormal, "Nominated", std::string(message));
}

void Provisioner::Run() {
  Duration next = Reconcile();
  clock_.ScheduleAfter(next, [this] { Run(); });
}

void Provisioner::Start() {
  clock_.ScheduleAfter(Duration(), [this] { Run(); });
}

}  // namespace tidepool::lifecycle
