#include "lifecycle/nodeclaim_lifecycle.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "api/karpenter/labels.h"
#include "api/tolerations.h"
#include "api/well_known_labels.h"

namespace tidepool::lifecycle {
namespace {

constexpr std::string_view kNodeClaimKind = "NodeClaim";

void InitializeConditions(api::NodeClaim& node_claim, Time now) {
  for (std::string_view type : {api::kConditionTypeLaunched, api::kConditionTypeRegistered,
                                api::kConditionTypeInitialized, api::kConditionTypeReady}) {
    if (FindCondition(node_claim, type) == nullptr) {
      SetCondition(node_claim, type, api::kConditionUnknown, "AwaitingReconciliation",
                   "object is awaiting reconciliation", now);
    }
  }
}

// The root condition: True when every dependent is, else the first one that is not.
void UpdateReady(api::NodeClaim& node_claim, Time now) {
  for (std::string_view type : {api::kConditionTypeLaunched, api::kConditionTypeRegistered,
                                api::kConditionTypeInitialized}) {
    const api::StatusCondition* c = FindCondition(node_claim, type);
    if (c != nullptr && c->status == api::kConditionTrue) continue;
    if (c == nullptr) return;
    const std::string status = c->status, reason = c->reason, message = c->message;
    SetCondition(node_claim, api::kConditionTypeReady, status, reason, message, now);
    return;
  }
  SetCondition(node_claim, api::kConditionTypeReady, api::kConditionTrue, "", "", now);
}

// Upstream truncateMessage.
std::string TruncateMessage(const std::string& message) {
  if (message.size() < 300) return message;
  return message.substr(0, 300) + "...";
}

// Upstream formatTaint.
std::string FormatTaint(const api::Taint& taint) {
  if (taint.value.empty()) return taint.key + ":" + taint.effect;
  return taint.key + "=" + taint.value + ":" + taint.effect;
}

bool IsUnregisteredTaint(const api::Taint& taint) {
  return taint.key == api::kUnregisteredTaintKey && taint.effect == api::kTaintEffectNoExecute;
}

bool HasLabel(const api::ObjectMeta& metadata, std::string_view key) {
  return metadata.labels.find(std::string(key)) != metadata.labels.end();
}

// Upstream Registration.syncNode.
void SyncNode(const api::NodeClaim& node_claim, api::Node& node) {
  std::vector<std::string>& finalizers = node.metadata.finalizers;
  if (std::ranges::find(finalizers, api::kTerminationFinalizer) == finalizers.end()) {
    finalizers.emplace_back(api::kTerminationFinalizer);
  }
  const bool owned = std::ranges::any_of(node.metadata.owner_references, [&](const auto& o) {
    return o.api_version == api::kKarpenterApiVersion && o.kind == kNodeClaimKind &&
           o.uid == node_claim.metadata.uid;
  });
  if (!owned) {
    api::OwnerReference ref;
    ref.api_version = api::kKarpenterApiVersion;
    ref.kind = std::string(kNodeClaimKind);
    ref.name = node_claim.metadata.name;
    ref.uid = node_claim.metadata.uid;
    ref.block_owner_deletion = true;
    node.metadata.owner_references.push_back(std::move(ref));
  }
  auto do_not_sync = node.metadata.labels.find(std::string(api::kNodeDoNotSyncTaintsLabelKey));
  if (do_not_sync == node.metadata.labels.end() || do_not_sync->second != "true") {
    node.spec.taints = api::MergeTaints(node.spec.taints, node_claim.spec.taints);
    node.spec.taints = api::MergeTaints(node.spec.taints, node_claim.spec.startup_taints);
  }
  for (const auto& [key, value] : node_claim.metadata.annotations) {
    node.metadata.annotations[key] = value;
  }
  for (const auto& [key, value] : node_claim.metadata.labels) node.metadata.labels[key] = value;
}

std::optional<Duration> Earliest(std::optional<Duration> a, std::optional<Duration> b) {
  if (!a) return b;
  if (!b) return a;
  return std::min(*a, *b);
}

}  // namespace

NodeClaimLifecycleController::NodeClaimLifecycleController(
    const cluster::ClusterState& state, cluster::NodeWriter& writer, cluster::ClusterWriter& events,
    cloud::CloudProvider& cloud, Clock& clock, NodeClaimLifecycleOptions options)
    : state_(state),
      writer_(writer),
      events_(events),
      cloud_(cloud),
      clock_(clock),
      options_(options) {}

bool NodeClaimLifecycleController::Settled(const api::NodeClaim& node_claim) {
  if (!node_claim.metadata.deletion_timestamp.empty()) return true;  // termination's job
  if (std::ranges::find(node_claim.metadata.finalizers, api::kTerminationFinalizer) ==
      node_claim.metadata.finalizers.end()) {
    return false;
  }
  return IsConditionTrue(node_claim, api::kConditionTypeLaunched) &&
         IsConditionTrue(node_claim, api::kConditionTypeRegistered) &&
         IsConditionTrue(node_claim, api::kConditionTypeInitialized) &&
         IsConditionTrue(node_claim, api::kConditionTypeReady);
}

Duration NodeClaimLifecycleController::Reconcile() {
  // Names first: reconciling writes to the store being iterated.
  std::vector<std::string> pending;
  for (const auto& [key, node_claim] : state_.Store<api::NodeClaim>().items()) {
    if (!Settled(node_claim)) pending.push_back(key.name);
  }
  // Backoff state of claims that are gone or settled is dropped.
  std::erase_if(launch_backoff_, [&](const auto& entry) {
    return !std::ranges::binary_search(pending, entry.first);
  });
  Duration next = options_.poll_interval;
  for (const std::string& name : pending) {
    auto result = ReconcileNodeClaim(name);
    if (!result) {
      next = std::min(next, options_.error_requeue);
    } else if (*result) {
      next = std::min(next, std::max(**result, Duration()));
    }
  }
  return next;
}

Result<std::optional<Duration>> NodeClaimLifecycleController::ReconcileNodeClaim(
    std::string_view name) {
  const api::NodeClaim* current = state_.Get<api::NodeClaim>("", name);
  if (current == nullptr || !current->metadata.deletion_timestamp.empty()) return std::nullopt;
  if (std::ranges::find(current->metadata.finalizers, api::kTerminationFinalizer) ==
      current->metadata.finalizers.end()) {
    // Written on its own first, as upstream patches it before launching: a claim deleted from
    // here on (insufficient capacity, a timeout) goes through the termination flow.
    api::NodeClaim with_finalizer = *current;
    with_finalizer.metadata.finalizers.emplace_back(api::kTerminationFinalizer);
    if (Status added = writer_.UpdateNodeClaim(std::move(with_finalizer)); !added) {
      if (added.error().code() == ErrorCode::kNotFound) return std::nullopt;
      return Fail(added.error().WithContext("adding finalizer to nodeclaim " + std::string(name)));
    }
    current = state_.Get<api::NodeClaim>("", name);
    if (current == nullptr) return std::nullopt;
  }
  const api::NodeClaim stored = *current;
  api::NodeClaim node_claim = stored;
  InitializeConditions(node_claim, clock_.Now());

  std::optional<Duration> requeue;
  std::optional<Error> first_error;
  using StepFn = Result<Step> (NodeClaimLifecycleController::*)(api::NodeClaim&);
  for (StepFn step :
       {&NodeClaimLifecycleController::Launch, &NodeClaimLifecycleController::Register,
        &NodeClaimLifecycleController::Initialize, &NodeClaimLifecycleController::Liveness}) {
    Result<Step> result = (this->*step)(node_claim);
    if (!result) {
      if (!first_error) first_error = result.error();
      continue;
    }
    if (result->deleted) return std::nullopt;
    requeue = Earliest(requeue, result->requeue);
  }
  UpdateReady(node_claim, clock_.Now());

  if (node_claim != stored) {
    const std::string cache_key =
        node_claim.metadata.uid.empty() ? node_claim.metadata.name : node_claim.metadata.uid;
    if (Status updated = writer_.UpdateNodeClaim(std::move(node_claim)); !updated) {
      if (updated.error().code() == ErrorCode::kNotFound) return std::nullopt;
      return Fail(updated.error().WithContext("updating nodeclaim " + std::string(name)));
    }
    // The launch is recorded in the claim now; writes here are synchronous, so the cache entry
    // has done its job (upstream keeps it for an hour against informer lag).
    if (!launch_cache_.empty()) {
      if (auto it = launch_cache_.find(cache_key); it != launch_cache_.end()) {
        launch_cache_.erase(it);
      }
    }
  }
  if (first_error) return Fail(std::move(*first_error));
  return requeue;
}

Result<NodeClaimLifecycleController::Step> NodeClaimLifecycleController::Launch(
    api::NodeClaim& node_claim) {
  const std::string& cache_key =
      node_claim.metadata.uid.empty() ? node_claim.metadata.name : node_claim.metadata.uid;
  if (!IsConditionUnknown(node_claim, api::kConditionTypeLaunched)) {
    if (IsConditionTrue(node_claim, api::kConditionTypeLaunched)) {
      if (auto it = launch_cache_.find(cache_key); it != launch_cache_.end()) {
        launch_cache_.erase(it);
      }
    }
    return Step{};
  }

  api::NodeClaim created;
  if (auto it = launch_cache_.find(cache_key); it != launch_cache_.end()) {
    created = it->second;
  } else {
    const Time now = clock_.Now();
    auto backoff = launch_backoff_.find(node_claim.metadata.name);
    if (backoff != launch_backoff_.end() && now < backoff->second.next_attempt) {
      return Step{.requeue = backoff->second.next_attempt - now, .deleted = false};
    }
    Result<api::NodeClaim> launched = cloud_.Create(node_claim);
    if (!launched) {
      const Error& error = launched.error();
      if (error.code() == ErrorCode::kInsufficientCapacity) {
        if (backoff != launch_backoff_.end()) launch_backoff_.erase(backoff);
        events_.RecordEvent(
            cluster::ObjectReference{std::string(kNodeClaimKind), "", node_claim.metadata.name},
            cluster::kEventTypeWarning, kReasonInsufficientCapacityError,
            "NodeClaim " + node_claim.metadata.name +
                " event: " + TruncateMessage(error.message()));
        Status deleted = writer_.DeleteNodeClaim(node_claim.metadata.name);
        if (!deleted && deleted.error().code() != ErrorCode::kNotFound) {
          return Fail(deleted.error().WithContext("deleting nodeclaim"));
        }
        ++deleted_insufficient_capacity_;
        return Step{.requeue = std::nullopt, .deleted = true};
      }
      if (backoff == launch_backoff_.end()) {
        backoff = launch_backoff_.emplace(node_claim.metadata.name, Backoff{}).first;
      }
      Duration delay = options_.launch_backoff_base;
      for (int i = 0; i < backoff->second.failures && delay < options_.launch_backoff_max; ++i) {
        delay = delay * 2;
      }
      backoff->second.failures++;
      backoff->second.next_attempt = now + std::min(delay, options_.launch_backoff_max);
      SetCondition(node_claim, api::kConditionTypeLaunched, api::kConditionUnknown, "LaunchFailed",
                   TruncateMessage(error.message()), now);
      return Fail(error.WithContext("launching nodeclaim"));
    }
    if (backoff != launch_backoff_.end()) launch_backoff_.erase(backoff);
    created = std::move(*launched);
    launch_cache_.insert_or_assign(cache_key, created);
  }

  // Upstream PopulateNodeClaimDetails: the claim's own labels win over the provider's; the
  // provider's annotations win over the claim's.
  for (const auto& [key, value] : node_claim.metadata.labels) created.metadata.labels[key] = value;
  node_claim.metadata.labels = std::move(created.metadata.labels);
  for (auto& [key, value] : created.metadata.annotations) {
    node_claim.metadata.annotations[key] = std::move(value);
  }
  node_claim.status.provider_id = std::move(created.status.provider_id);
  node_claim.status.image_id = std::move(created.status.image_id);
  node_claim.status.allocatable = std::move(created.status.allocatable);
  node_claim.status.capacity = std::move(created.status.capacity);
  SetCondition(node_claim, api::kConditionTypeLaunched, api::kConditionTrue, "", "", clock_.Now());
  ++launched_;
  return Step{};
}

Result<NodeClaimLifecycleController::Step> NodeClaimLifecycleController::Register(
    api::NodeClaim& node_claim) {
  if (!IsConditionUnknown(node_claim, api::kConditionTypeRegistered)) return Step{};
  const api::Node* node = node_claim.status.provider_id.empty()
                              ? nullptr
                              : state_.NodeByProviderId(node_claim.status.provider_id);
  if (node == nullptr) {
    SetCondition(node_claim, api::kConditionTypeRegistered, api::kConditionUnknown, "NodeNotFound",
                 "Node not registered with cluster", clock_.Now());
    return Step{};
  }
  const bool has_unregistered_taint = std::ranges::any_of(node->spec.taints, IsUnregisteredTaint);
  if (!HasLabel(node->metadata, api::kNodeRegisteredLabelKey) && !has_unregistered_taint) {
    events_.RecordEvent(
        cluster::ObjectReference{std::string(kNodeClaimKind), "", node_claim.metadata.name},
        cluster::kEventTypeWarning, kReasonUnregisteredTaintMissing,
        "Missing " + std::string(api::kUnregisteredTaintKey) +
            " taint which prevents registration related race conditions on Karpenter-managed "
            "nodes");
  }
  api::Node updated = *node;
  SyncNode(node_claim, updated);
  std::erase_if(updated.spec.taints, IsUnregisteredTaint);
  updated.metadata.labels[std::string(api::kNodeRegisteredLabelKey)] = "true";
  const std::string node_name = updated.metadata.name;
  if (updated != *node) {
    if (Status status = writer_.UpdateNode(std::move(updated)); !status) {
      return Fail(status.error().WithContext("patching node"));
    }
  }
  SetCondition(node_claim, api::kConditionTypeRegistered, api::kConditionTrue, "", "",
               clock_.Now());
  node_claim.status.node_name = node_name;
  ++registered_;
  return Step{};
}

Result<NodeClaimLifecycleController::Step> NodeClaimLifecycleController::Initialize(
    api::NodeClaim& node_claim) {
  if (!IsConditionUnknown(node_claim, api::kConditionTypeInitialized)) return Step{};
  if (!IsConditionTrue(node_claim, api::kConditionTypeRegistered)) return Step{};
  const Time now = clock_.Now();
  const api::Node* node = state_.NodeByProviderId(node_claim.status.provider_id);
  if (node == nullptr) {
    SetCondition(node_claim, api::kConditionTypeInitialized, api::kConditionUnknown, "NodeNotFound",
                 "Node not registered with cluster", now);
    return Step{};
  }
  if (node->ReadyStatus() != api::kConditionTrue) {
    SetCondition(node_claim, api::kConditionTypeInitialized, api::kConditionUnknown, "NodeNotReady",
                 "Node status is NotReady", now);
    return Step{};
  }
  for (const api::Taint& startup : node_claim.spec.startup_taints) {
    for (const api::Taint& taint : node->spec.taints) {
      if (!api::MatchTaint(startup, taint)) continue;
      SetCondition(node_claim, api::kConditionTypeInitialized, api::kConditionUnknown,
                   "StartupTaintsExist", "StartupTaint \"" + FormatTaint(taint) + "\" still exists",
                   now);
      return Step{};
    }
  }
  for (const api::Taint& taint : node->spec.taints) {
    if (!api::IsKnownEphemeralTaint(taint)) continue;
    SetCondition(node_claim, api::kConditionTypeInitialized, api::kConditionUnknown,
                 "KnownEphemeralTaintsExist",
                 "KnownEphemeralTaint \"" + FormatTaint(taint) + "\" still exists", now);
    return Step{};
  }
  for (const auto& [resource, quantity] : node_claim.spec.resources.requests) {
    if (quantity.Sign() == 0) continue;
    auto allocatable = node->status.allocatable.find(resource);
    if (allocatable == node->status.allocatable.end() || allocatable->second.Sign() == 0) {
      SetCondition(node_claim, api::kConditionTypeInitialized, api::kConditionUnknown,
                   "ResourceNotRegistered",
                   "Resource \"" + resource + "\" was requested but not registered", now);
      return Step{};
    }
  }
  auto label = node->metadata.labels.find(std::string(api::kNodeInitializedLabelKey));
  if (label == node->metadata.labels.end() || label->second != "true") {
    api::Node updated = *node;
    updated.metadata.labels[std::string(api::kNodeInitializedLabelKey)] = "true";
    if (Status status = writer_.UpdateNode(std::move(updated)); !status) {
      return Fail(status.error().WithContext("labelling node initialized"));
    }
  }
  SetCondition(node_claim, api::kConditionTypeInitialized, api::kConditionTrue, "", "", now);
  ++initialized_;
  return Step{};
}

Result<NodeClaimLifecycleController::Step> NodeClaimLifecycleController::Liveness(
    api::NodeClaim& node_claim) {
  if (IsConditionTrue(node_claim, api::kConditionTypeRegistered)) return Step{};
  const Time now = clock_.Now();
  // Time left before `timeout` runs out since the condition's transition; nullopt when the
  // transition time cannot be read (then the condition is looked at again after a poll).
  auto remaining = [&](std::string_view type, Duration timeout) -> std::optional<Duration> {
    const api::StatusCondition* c = FindCondition(node_claim, type);
    if (c == nullptr) return std::nullopt;
    Result<Time> since = Time::ParseRfc3339(c->last_transition_time);
    if (!since) return std::nullopt;
    return timeout - (now - *since);
  };
  auto expire = [&](uint64_t& counter) -> Result<Step> {
    Status deleted = writer_.DeleteNodeClaim(node_claim.metadata.name);
    if (!deleted && deleted.error().code() != ErrorCode::kNotFound) {
      return Fail(deleted.error().WithContext("deleting nodeclaim"));
    }
    ++counter;
    return Step{.requeue = std::nullopt, .deleted = true};
  };

  if (!IsConditionTrue(node_claim, api::kConditionTypeLaunched)) {
    std::optional<Duration> left = remaining(api::kConditionTypeLaunched, options_.launch_timeout);
    if (!left) return Step{.requeue = options_.poll_interval};
    if (*left > Duration()) return Step{.requeue = *left};
    return expire(deleted_launch_timeout_);
  }
  std::optional<Duration> left =
      remaining(api::kConditionTypeRegistered, options_.registration_timeout);
  if (!left) return Step{.requeue = options_.poll_interval};
  if (*left > Duration()) return Step{.requeue = *left};
  return expire(deleted_registration_timeout_);
}

void NodeClaimLifecycleController::Start() {
  periodic_.Start([this] { return Reconcile(); });
}

}  // namespace tidepool::lifecycle
