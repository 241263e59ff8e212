#include "termination/node_termination_controller.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "api/karpenter/labels.h"
#include "api/karpenter/nodeclaim_conditions.h"
#include "termination/finalizer.h"
#include "termination/instance_termination.h"

namespace tidepool::termination {

NodeTerminationController::NodeTerminationController(const cluster::ClusterState& state,
                                                     cluster::NodeWriter& writer,
                                                     cluster::ClusterWriter& events,
                                                     cloud::CloudProvider& cloud, Clock& clock,
                                                     NodeTerminationOptions options)
    : state_(state),
      writer_(writer),
      cloud_(cloud),
      clock_(clock),
      options_(options),
      events_(events, clock),
      queue_(state, writer, events_, clock, options.eviction),
      terminator_(state, writer, queue_, clock) {}

Result<Requeue> NodeTerminationController::ReconcileNode(std::string_view name) {
  const api::Node* stored = state_.Get<api::Node>("", name);
  if (stored == nullptr || !AwaitsTermination(stored->metadata)) return std::nullopt;
  const std::string node_name(name);
  const std::string provider_id = stored->spec.provider_id;
  const bool ready = stored->ReadyStatus() == "True";

  std::optional<api::NodeClaim> node_claim;
  if (const api::NodeClaim* claim = state_.NodeClaimForNode(node_name)) {
    if (claim->metadata.deletion_timestamp.empty()) {
      Status deleted = writer_.DeleteNodeClaim(claim->metadata.name);
      if (!deleted && deleted.error().code() != ErrorCode::kNotFound) {
        return Fail(deleted.error().WithContext("deleting nodeclaim"));
      }
      claim = state_.NodeClaimForNode(node_name);  // deletion replaced or removed it
    }
    if (claim != nullptr) node_claim = *claim;
  }

  // A NotReady node whose instance is gone has no kubelet left to drain: let it go (upstream
  // mirrors the cloud node-lifecycle controller here). A Ready node proves the instance runs.
  if (!ready) {
    api::NodeClaim unclaimed;  // the cloud finds instances by providerID
    unclaimed.status.provider_id = provider_id;
    Status instance = cloud_.Get(node_claim ? *node_claim : unclaimed);
    if (!instance) {
      if (instance.error().code() != ErrorCode::kNotFound) {
        return Fail(instance.error().WithContext("getting instance"));
      }
      if (Status removed = RemoveFinalizer(node_name); !removed) return Fail(removed.error());
      return std::nullopt;
    }
  }

  Result<std::optional<Time>> deadline =
      NodeTerminationTime(node_name, node_claim ? &*node_claim : nullptr);
  if (!deadline) return Fail(deadline.error());
  if (Status tainted = terminator_.Taint(node_name); !tainted) {
    return Fail(tainted.error().WithContext("tainting node"));
  }

  // The steps only write status conditions; they are what tells whether to update the claim.
  std::vector<api::StatusCondition> conditions_before;
  if (node_claim) conditions_before = node_claim->status.conditions;
  api::NodeClaim* claim = node_claim ? &*node_claim : nullptr;
  Result<Requeue> result = AwaitDrain(claim, node_name, *deadline);
  if (result && !result->has_value()) {
    // Volume attachments are not modelled: nothing can block instance termination here.
    if (claim != nullptr)
      SetConditionTrue(*claim, api::kConditionTypeVolumesDetached, clock_.Now());
    result = AwaitInstanceTermination(claim);
  }
  if (node_claim && node_claim->status.conditions != conditions_before) {
    Status updated = writer_.UpdateNodeClaim(*node_claim);
    if (!updated && updated.error().code() != ErrorCode::kNotFound) {
      return Fail(updated.error().WithContext("updating nodeclaim"));
    }
  }
  if (!result || result->has_value()) return result;
  if (Status removed = RemoveFinalizer(node_name); !removed) return Fail(removed.error());
  return std::nullopt;
}

Requeue NodeTerminationController::AwaitDrain(api::NodeClaim* node_claim,
                                              std::string_view node_name,
                                              std::optional<Time> deadline) {
  Time now = clock_.Now();
  if (node_claim != nullptr && FindCondition(*node_claim, api::kConditionTypeDrained) == nullptr) {
    SetCondition(*node_claim, api::kConditionTypeDrained, api::kConditionUnknown, "Draining",
                 "Draining", now);
  }
  if (size_t waiting = terminator_.Drain(node_name, deadline); waiting > 0) {
    events_.NodeWaitingForPods(node_name, waiting);
    return options_.drain_requeue;
  }
  if (node_claim != nullptr) {
    // Pods the scheduler bound just before it saw the taint may still arrive.
    const api::StatusCondition* drained = FindCondition(*node_claim, api::kConditionTypeDrained);
    if (drained != nullptr && drained->status == api::kConditionUnknown) {
      Result<Time> since = Time::ParseRfc3339(drained->last_transition_time);
      if (!since || now - *since < options_.min_drain_time) return options_.drain_requeue;
    }
    SetConditionTrue(*node_claim, api::kConditionTypeDrained, now);
  }
  return std::nullopt;
}

Result<Requeue> NodeTerminationController::AwaitInstanceTermination(api::NodeClaim* node_claim) {
  if (node_claim == nullptr) return std::nullopt;
  Result<InstanceTermination> terminated = TerminateInstance(cloud_, *node_claim, clock_.Now());
  if (!terminated) return Fail(terminated.error());
  if (terminated->instance_exists) return options_.instance_termination_requeue;
  return std::nullopt;
}

Status NodeTerminationController::RemoveFinalizer(std::string_view node_name) {
  const api::Node* stored = state_.Get<api::Node>("", node_name);
  if (stored == nullptr) return OkStatus();
  api::Node node = *stored;
  if (!RemoveTerminationFinalizer(node.metadata)) return OkStatus();
  Status updated = writer_.UpdateNode(std::move(node));
  if (!updated && updated.error().code() != ErrorCode::kNotFound) {
    return Fail(updated.error().WithContext("removing finalizer"));
  }
  return OkStatus();
}

Result<std::optional<Time>> NodeTerminationController::NodeTerminationTime(
    std::string_view node_name, const api::NodeClaim* node_claim) {
  if (node_claim == nullptr) return std::nullopt;
  auto it = node_claim->metadata.annotations.find(
      std::string(api::kNodeClaimTerminationTimestampAnnotationKey));
  if (it == node_claim->metadata.annotations.end()) return std::nullopt;
  events_.NodeTerminationGracePeriodExpiring(node_name, it->second);
  Result<Time> deadline = Time::ParseRfc3339(it->second);
  if (!deadline) {
    return Fail(deadline.error().WithContext(
        "parsing annotation " + std::string(api::kNodeClaimTerminationTimestampAnnotationKey)));
  }
  return std::optional<Time>(*deadline);
}

Duration NodeTerminationController::Reconcile() {
  return schedule_.RunPass(
      clock_.Now(), NamesAwaitingTermination<api::Node>(state_), options_.idle_period,
      options_.error_requeue, [this](const std::string& name) { return ReconcileNode(name); },
      [this](const std::string& name, const Error& error) {
        events_.TerminationFailed("Node", name, error.message());
      });
}

void NodeTerminationController::Start() {
  periodic_.Start([this] { return Reconcile(); });
}

}  // namespace tidepool::termination
