#include "termination/nodeclaim_termination_controller.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "api/karpenter/labels.h"
#include "api/karpenter/nodeclaim_conditions.h"
#include "termination/finalizer.h"
#include "termination/instance_termination.h"

namespace tidepool::termination {

NodeClaimTerminationController::NodeClaimTerminationController(
    const cluster::ClusterState& state, cluster::NodeWriter& writer, cluster::ClusterWriter& events,
    cloud::CloudProvider& cloud, Clock& clock, NodeClaimTerminationOptions options)
    : state_(state),
      writer_(writer),
      cloud_(cloud),
      clock_(clock),
      options_(options),
      events_(events, clock) {}

Result<Requeue> NodeClaimTerminationController::ReconcileNodeClaim(std::string_view name) {
  const api::NodeClaim* stored = state_.Get<api::NodeClaim>("", name);
  if (stored == nullptr || !AwaitsTermination(stored->metadata)) return std::nullopt;
  if (Status stamped = EnsureTerminationTimestamp(name); !stamped) {
    return Fail(stamped.error().WithContext("adding nodeclaim terminationGracePeriod annotation"));
  }
  stored = state_.Get<api::NodeClaim>("", name);
  if (stored == nullptr) return std::nullopt;
  if (IsConditionTrue(*stored, api::kConditionTypeRegistered)) {
    Result<size_t> remaining = DeleteNodes(name);
    if (!remaining) return Fail(remaining.error());
    // The Nodes' own finalizer drains them; this claim waits until they are gone.
    if (*remaining > 0) return std::nullopt;
    stored = state_.Get<api::NodeClaim>("", name);
    if (stored == nullptr) return std::nullopt;
  }
  api::NodeClaim claim = *stored;
  if (!claim.status.provider_id.empty()) {
    Result<InstanceTermination> terminated = TerminateInstance(cloud_, claim, clock_.Now());
    if (!terminated) return Fail(terminated.error());
    if (terminated->claim_changed) {
      Status updated = writer_.UpdateNodeClaim(claim);
      if (!updated) {
        if (updated.error().code() == ErrorCode::kNotFound) return std::nullopt;
        return Fail(updated.error().WithContext("updating nodeclaim"));
      }
    }
    if (terminated->instance_exists) return options_.instance_termination_requeue;
  }
  if (RemoveTerminationFinalizer(claim.metadata)) {
    Status updated = writer_.UpdateNodeClaim(std::move(claim));
    if (!updated && updated.error().code() != ErrorCode::kNotFound) {
      return Fail(updated.error().WithContext("removing termination finalizer"));
    }
  }
  return std::nullopt;
}

Status NodeClaimTerminationController::EnsureTerminationTimestamp(std::string_view name) {
  const api::NodeClaim* stored = state_.Get<api::NodeClaim>("", name);
  const std::string key(api::kNodeClaimTerminationTimestampAnnotationKey);
  if (stored->metadata.annotations.contains(key) || !stored->spec.termination_grace_period) {
    return OkStatus();
  }
  Result<Time> deleted_at = Time::ParseRfc3339(stored->metadata.deletion_timestamp);
  if (!deleted_at) return Fail(deleted_at.error().WithContext("parsing deletionTimestamp"));
  std::string when = (*deleted_at + *stored->spec.termination_grace_period).ToRfc3339();
  api::NodeClaim claim = *stored;
  claim.metadata.annotations.insert_or_assign(key, when);
  if (Status updated = writer_.UpdateNodeClaim(std::move(claim)); !updated) {
    if (updated.error().code() == ErrorCode::kNotFound) return OkStatus();
    return updated;
  }
  events_.NodeClaimTerminationGracePeriodExpiring(name, when);
  return OkStatus();
}

Result<size_t> NodeClaimTerminationController::DeleteNodes(std::string_view name) {
  const api::NodeClaim* claim = state_.Get<api::NodeClaim>("", name);
  if (claim == nullptr || claim->status.provider_id.empty()) return 0;
  // The Nodes with the claim's providerID: the providerID index, and status.nodeName when that
  // Node carries the same providerID.
  std::vector<std::string> nodes;
  if (const api::Node* node = state_.NodeByProviderId(claim->status.provider_id)) {
    nodes.push_back(node->metadata.name);
  }
  if (const api::Node* node = state_.Get<api::Node>("", claim->status.node_name);
      node != nullptr && node->spec.provider_id == claim->status.provider_id &&
      std::ranges::find(nodes, node->metadata.name) == nodes.end()) {
    nodes.push_back(node->metadata.name);
  }
  size_t remaining = 0;
  for (const std::string& node_name : nodes) {
    const api::Node* node = state_.Get<api::Node>("", node_name);
    if (node == nullptr) continue;
    ++remaining;
    if (!node->metadata.deletion_timestamp.empty()) continue;
    Status deleted = writer_.DeleteNode(node_name);
    if (!deleted && deleted.error().code() != ErrorCode::kNotFound) {
      return Fail(deleted.error().WithContext("deleting node " + node_name));
    }
    // Without finalizers the Node is gone at once.
    if (state_.Get<api::Node>("", node_name) == nullptr) --remaining;
  }
  return remaining;
}

Duration NodeClaimTerminationController::Reconcile() {
  return schedule_.RunPass(
      clock_.Now(), NamesAwaitingTermination<api::NodeClaim>(state_), options_.idle_period,
      options_.error_requeue, [this](const std::string& name) { return ReconcileNodeClaim(name); },
      [this](const std::string& name, const Error& error) {
        events_.TerminationFailed("NodeClaim", name, error.message());
      });
}

void NodeClaimTerminationController::Start() {
  periodic_.Start([this] { return Reconcile(); });
}

}  // namespace tidepool::termination
