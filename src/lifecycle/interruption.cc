#include "lifecycle/interruption.h"

#include <algorithm>
#include <map>
#include <optional>
#include <utility>

#include "api/karpenter/labels.h"
#include "api/well_known_labels.h"
#include "cluster/event_recorder.h"

namespace tidepool::lifecycle {
namespace {

// The events upstream publishes for each kind (pkg/controllers/interruption/events), on the
// NodeClaim and, when there is one, on its Node.
struct KindEvent {
  std::string_view type;
  std::string_view reason;
  std::string_view message;
};

bool KindEventFor(InterruptionKind kind, KindEvent& out) {
  switch (kind) {
    case InterruptionKind::kRebalanceRecommendation:
      out = {cluster::kEventTypeNormal, "SpotRebalanceRecommendation",
             "Spot rebalance recommendation was triggered"};
      return true;
    case InterruptionKind::kScheduledChange:
    case InterruptionKind::kInstanceStatus:
    case InterruptionKind::kSystemStatus:
    case InterruptionKind::kEventStatus:
      out = {cluster::kEventTypeWarning, "InstanceUnhealthy",
             "An unhealthy warning was triggered for the instance"};
      return true;
    case InterruptionKind::kSpotInterrupted:
      out = {cluster::kEventTypeWarning, "SpotInterrupted",
             "Spot interruption warning was triggered"};
      return true;
    case InterruptionKind::kCapacityReservationInterrupted:
      out = {cluster::kEventTypeWarning, "CapacityReservationInstanceInterrupted",
             "Capacity Reservation interruption warning was triggered"};
      return true;
    case InterruptionKind::kInstanceStopped:
      out = {cluster::kEventTypeWarning, "InstanceStopping", "Instance is stopping"};
      return true;
    case InterruptionKind::kInstanceTerminated:
      out = {cluster::kEventTypeWarning, "InstanceTerminating", "Instance is terminating"};
      return true;
    case InterruptionKind::kNoOp:
      return false;
  }
  return false;
}

cluster::ObjectReference NodeClaimRef(const api::NodeClaim& node_claim) {
  return cluster::ObjectReference{"NodeClaim", "", node_claim.metadata.name};
}

cluster::ObjectReference NodeRef(const api::Node& node) {
  return cluster::ObjectReference{"Node", "", node.metadata.name};
}

std::string LabelOf(const api::NodeClaim& node_claim, std::string_view key) {
  auto it = node_claim.metadata.labels.find(std::string(key));
  return it == node_claim.metadata.labels.end() ? std::string() : it->second;
}

}  // namespace

std::string_view InterruptionKindName(InterruptionKind kind) {
  switch (kind) {
    case InterruptionKind::kNoOp:
      return "no_op";
    case InterruptionKind::kSpotInterrupted:
      return "spot_interrupted";
    case InterruptionKind::kRebalanceRecommendation:
      return "rebalance_recommendation";
    case InterruptionKind::kScheduledChange:
      return "scheduled_change";
    case InterruptionKind::kInstanceStopped:
      return "instance_stopped";
    case InterruptionKind::kInstanceTerminated:
      return "instance_terminated";
    case InterruptionKind::kCapacityReservationInterrupted:
      return "capacity_reservation_interrupted";
    case InterruptionKind::kInstanceStatus:
      return "instance_status";
    case InterruptionKind::kSystemStatus:
      return "system_status";
    case InterruptionKind::kEventStatus:
      return "event_status";
  }
  return "no_op";
}

InterruptionAction ActionFor(InterruptionKind kind) {
  switch (kind) {
    case InterruptionKind::kScheduledChange:
    case InterruptionKind::kSpotInterrupted:
    case InterruptionKind::kInstanceStopped:
    case InterruptionKind::kInstanceTerminated:
    case InterruptionKind::kCapacityReservationInterrupted:
    case InterruptionKind::kEventStatus:
      return InterruptionAction::kCordonAndDrain;
    case InterruptionKind::kInstanceStatus:
    case InterruptionKind::kSystemStatus:
      return InterruptionAction::kForcefulTermination;
    case InterruptionKind::kRebalanceRecommendation:
    case InterruptionKind::kNoOp:
      return InterruptionAction::kNoAction;
  }
  return InterruptionAction::kNoAction;
}

std::string_view InstanceIdFromProviderId(std::string_view provider_id) {
  size_t slash = provider_id.rfind('/');
  return slash == std::string_view::npos ? provider_id : provider_id.substr(slash + 1);
}

// ---- InMemoryInterruptionQueue ----------------------------------------------------------------

std::string InMemoryInterruptionQueue::Push(std::string body) {
  std::string id = "msg-" + std::to_string(next_id_++);
  messages_.push_back(Entry{QueuedMessage{id, std::move(body)}, false});
  return id;
}

Result<std::vector<QueuedMessage>> InMemoryInterruptionQueue::Receive(size_t max) {
  ++receive_calls_;
  std::vector<QueuedMessage> out;
  for (Entry& entry : messages_) {
    if (out.size() >= max) break;
    if (entry.received) continue;
    entry.received = true;
    out.push_back(entry.message);
  }
  return out;
}

Status InMemoryInterruptionQueue::Delete(std::string_view id) {
  auto it = std::find_if(messages_.begin(), messages_.end(),
                         [&](const Entry& e) { return e.message.id == id; });
  if (it == messages_.end()) {
    return Fail(ErrorCode::kNotFound, "message " + std::string(id) + " not found");
  }
  messages_.erase(it);
  ++delete_calls_;
  return OkStatus();
}

// ---- InterruptionController -------------------------------------------------------------------

InterruptionController::InterruptionController(const cluster::ClusterState& state,
                                               cluster::NodeWriter& writer,
                                               cluster::ClusterWriter& events, Clock& clock,
                                               InterruptionQueue* queue, OfferingMarker* marker,
                                               InterruptionOptions options)
    : state_(state),
      writer_(writer),
      events_(events),
      clock_(clock),
      queue_(queue),
      marker_(marker),
      options_(options) {}

Duration InterruptionController::Reconcile() {
  if (queue_ == nullptr) return options_.poll_interval;
  Result<std::vector<QueuedMessage>> received = queue_->Receive(options_.max_messages);
  if (!received || received->empty()) return options_.poll_interval;
  for (const QueuedMessage& queued : *received) {
    Result<InterruptionMessage> message = ParseInterruptionMessage(queued.body);
    // A message that cannot be parsed is deleted all the same (upstream logs and drops it); one
    // whose handling failed stays queued for a retry.
    if (message && !Handle(*message).has_value()) continue;
    (void)queue_->Delete(queued.id);
  }
  return Duration();
}

Status InterruptionController::Handle(const InterruptionMessage& message) {
  if (message.kind == InterruptionKind::kNoOp) return OkStatus();
  ++messages_handled_;
  // Claims by instance id, found by scanning the claims once per message (upstream uses a field
  // index on status.instanceID; messages are rare next to claims).
  std::vector<const api::NodeClaim*> matched;
  for (const auto& [key, claim] : state_.Store<api::NodeClaim>().items()) {
    if (claim.status.provider_id.empty()) continue;
    std::string_view instance = InstanceIdFromProviderId(claim.status.provider_id);
    for (const std::string& id : message.instance_ids) {
      if (id == instance || id == claim.status.provider_id) {
        matched.push_back(&claim);
        break;
      }
    }
  }
  Status first_error = OkStatus();
  // Copies: deleting a claim may remove it from the state.
  std::vector<api::NodeClaim> claims;
  claims.reserve(matched.size());
  for (const api::NodeClaim* claim : matched) claims.push_back(*claim);
  for (const api::NodeClaim& claim : claims) {
    Status status = HandleNodeClaim(message, claim);
    if (!status.has_value() && first_error.has_value()) first_error = std::move(status);
  }
  return first_error;
}

Status InterruptionController::HandleNodeClaim(const InterruptionMessage& message,
                                               const api::NodeClaim& node_claim) {
  const api::Node* node = nullptr;
  if (!node_claim.status.node_name.empty()) {
    node = state_.Get<api::Node>("", node_claim.status.node_name);
  }
  if (node == nullptr) node = state_.NodeByProviderId(node_claim.status.provider_id);
  Notify(message.kind, node_claim, node);
  MarkUnavailable(message.kind, node_claim);
  InterruptionAction action = ActionFor(message.kind);
  if (action == InterruptionAction::kNoAction) return OkStatus();
  if (action == InterruptionAction::kForcefulTermination) {
    Status annotated = AnnotateTerminationTimestamp(node_claim);
    if (!annotated) return annotated;
  }
  if (!node_claim.metadata.deletion_timestamp.empty()) return OkStatus();
  // The Node's reference is taken before the delete, which may take the Node with it.
  std::optional<cluster::ObjectReference> node_ref;
  if (node != nullptr) node_ref = NodeRef(*node);
  Status deleted = writer_.DeleteNodeClaim(node_claim.metadata.name);
  if (!deleted.has_value()) {
    if (deleted.error().code() == ErrorCode::kNotFound) return OkStatus();
    return Fail(deleted.error().code(),
                "deleting the node on interruption message, " + deleted.error().message());
  }
  ++node_claims_deleted_;
  events_.RecordEvent(NodeClaimRef(node_claim), cluster::kEventTypeWarning,
                      "TerminatingOnInterruption",
                      "Interruption triggered termination for the NodeClaim");
  if (node_ref) {
    events_.RecordEvent(*node_ref, cluster::kEventTypeWarning, "TerminatingOnInterruption",
                        "Interruption triggered termination for the Node");
  }
  return OkStatus();
}

Status InterruptionController::AnnotateTerminationTimestamp(const api::NodeClaim& node_claim) {
  const std::string key(api::kNodeClaimTerminationTimestampAnnotationKey);
  if (node_claim.metadata.annotations.count(key) != 0) return OkStatus();
  // Written on the claim as stored now (the caller's copy may predate an earlier write).
  const api::NodeClaim* current = state_.Get<api::NodeClaim>("", node_claim.metadata.name);
  if (current == nullptr || current->metadata.annotations.count(key) != 0) return OkStatus();
  api::NodeClaim updated = *current;
  updated.metadata.annotations[key] = clock_.Now().ToRfc3339();
  Status status = writer_.UpdateNodeClaim(std::move(updated));
  if (!status && status.error().code() == ErrorCode::kNotFound) return OkStatus();
  return status;
}

void InterruptionController::Notify(InterruptionKind kind, const api::NodeClaim& node_claim,
                                    const api::Node* node) {
  KindEvent event;
  if (!KindEventFor(kind, event)) return;
  events_.RecordEvent(NodeClaimRef(node_claim), event.type, event.reason,
                      std::string(event.message));
  if (node != nullptr) {
    events_.RecordEvent(NodeRef(*node), event.type, event.reason, std::string(event.message));
  }
}

void InterruptionController::MarkUnavailable(InterruptionKind kind,
                                             const api::NodeClaim& node_claim) {
  if (marker_ == nullptr) return;
  if (kind == InterruptionKind::kSpotInterrupted) {
    // As upstream: the offering is marked spot whatever the claim's capacity-type label says
    // (only spot instances receive this warning).
    std::string zone = LabelOf(node_claim, api::kLabelTopologyZone);
    std::string type = LabelOf(node_claim, api::kLabelInstanceTypeStable);
    if (!zone.empty() && !type.empty()) {
      marker_->MarkUnavailable(type, zone, api::kCapacityTypeSpot, kUnavailableOfferingTtl,
                               InterruptionKindName(kind));
    }
  } else if (kind == InterruptionKind::kCapacityReservationInterrupted) {
    std::string reservation = LabelOf(node_claim, api::kLabelCapacityReservationId);
    if (!reservation.empty()) marker_->MarkReservationUnavailable(reservation);
  }
}

void InterruptionController::Run() {
  Duration next = Reconcile();
  clock_.ScheduleAfter(next, [this] { Run(); });
}

void InterruptionController::Start() {
  clock_.ScheduleAfter(Duration(), [this] { Run(); });
}

}  // namespace tidepool::lifecycle
