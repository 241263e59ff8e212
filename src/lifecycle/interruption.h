// Interruption handling (aws/karpenter-provider-aws pkg/controllers/interruption: controller.go,
// utils.go, messages/*): the cloud warns that an instance is going away (a spot interruption, a
// scheduled maintenance, a stop or terminate) and Karpenter drains it before it does, so the pods
// are provisioned elsewhere first.
//
// Messages arrive on an InterruptionQueue (SQS in production, InMemoryInterruptionQueue in the
// simulator) as EventBridge JSON (ParseInterruptionMessage, interruption_codec.cc), or are handed
// to Handle() already typed. Each message names EC2 instance ids; the NodeClaims whose
// status.providerID ends in one of them are acted on:
//
//   kind                              events (NodeClaim and Node)      action
//   spot_interrupted                  SpotInterrupted                  mark (type, zone, spot)
//                                                                      unavailable; delete claim
//   capacity_reservation_interrupted  CapacityReservationInstance...   mark reservation; delete
//   scheduled_change                  InstanceUnhealthy                delete claim
//   instance_stopped                  InstanceStopping                 delete claim
//   instance_terminated               InstanceTerminating              delete claim
//   instance_status, system_status    InstanceUnhealthy                annotate the termination
//                                                                      timestamp; delete claim
//   event_status                      InstanceUnhealthy                delete claim
//   rebalance_recommendation          SpotRebalanceRecommendation      none
//
// Messages of the instance-status kinds come from upstream's DescribeInstanceStatus poller, not
// the queue; here they are delivered typed through Handle().
//
// "Delete claim" is upstream's CordonAndDrain: the NodeClaim is deleted (its finalizer starts the
// termination flow: taint, drain, cloud delete) and TerminatingOnInterruption is recorded; a claim
// already deleting is left alone. Messages are deleted from the queue once handled, and also when
// they cannot be parsed (as upstream: a bad message would otherwise be redelivered forever).
//
// Not thread-safe: runs on the clock's dispatching thread.
#pragma once

#include <cstddef>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "cloud/unavailable_offerings.h"
#include "cluster/cluster_state.h"
#include "cluster/cluster_writer.h"
#include "cluster/node_writer.h"
#include "core/clock.h"
#include "core/duration.h"
#include "core/status.h"
#include "core/time.h"

namespace tidepool::lifecycle {

enum class InterruptionKind {
  kNoOp,
  kSpotInterrupted,
  kRebalanceRecommendation,
  kScheduledChange,
  kInstanceStopped,
  kInstanceTerminated,
  kCapacityReservationInterrupted,
  // From EC2 DescribeInstanceStatus (upstream's instance-status poller), never from the queue:
  // a failed instance or system status check, or a scheduled event (retirement, maintenance).
  kInstanceStatus,
  kSystemStatus,
  kEventStatus,
};
// Upstream's message kinds: "no_op", "spot_interrupted", "rebalance_recommendation",
// "scheduled_change", "instance_stopped", "instance_terminated",
// "capacity_reservation_interrupted", "instance_status", "system_status", "event_status".
std::string_view InterruptionKindName(InterruptionKind kind);

// kForcefulTermination: the instance is already broken, so the claim is annotated
// karpenter.sh/nodeclaim-termination-timestamp=now (termination skips the graceful drain) and
// deleted.
enum class InterruptionAction { kNoAction, kCordonAndDrain, kForcefulTermination };
InterruptionAction ActionFor(InterruptionKind kind);

struct InterruptionMessage {
  InterruptionKind kind = InterruptionKind::kNoOp;
  // EC2 instance ids ("i-0123..."); a full provider id also matches (the simulator's shorthand).
  std::vector<std::string> instance_ids;
  Time time;       // the event's time (EventBridge `time`)
  std::string id;  // the EventBridge event id, for logs
};

// Parses one EventBridge event as upstream's EventParser does: the (version, source, detail-type)
// triple chooses the parser; an unknown triple, an empty body, a state change to a state other
// than stopping/stopped/shutting-down/terminated, and a health event that is not an EC2
// scheduledChange parse to kNoOp. Malformed JSON or mistyped fields are kParse errors.
[[nodiscard]] Result<InterruptionMessage> ParseInterruptionMessage(std::string_view body);

// The instance id in a provider id ("aws:///us-west-2a/i-0abc" -> "i-0abc"): its last path
// segment; the whole text when it has no '/'.
std::string_view InstanceIdFromProviderId(std::string_view provider_id);

// How long an interrupted spot offering stays unavailable (upstream UnavailableOfferingsTTL).
inline constexpr Duration kUnavailableOfferingTtl = Duration::Minutes(3);

// Where interruption records that an offering should not be launched for a while (upstream's
// UnavailableOfferings cache and capacity-reservation provider). UnavailableOfferingsMarker
// below adapts the cloud's cache (the simulated provider's GetInstanceTypes then reports those
// offerings as unavailable, so the replacement goes elsewhere).
class OfferingMarker {
 public:
  virtual ~OfferingMarker() = default;
  // (instance_type, zone, capacity_type) is unavailable for `ttl`; `reason` is the message kind.
  virtual void MarkUnavailable(std::string_view instance_type, std::string_view zone,
                               std::string_view capacity_type, Duration ttl,
                               std::string_view reason) = 0;
  // A capacity reservation (karpenter.k8s.aws/capacity-reservation-id) has no capacity left.
  virtual void MarkReservationUnavailable(std::string_view /*reservation_id*/) {}
};

// OfferingMarker over a cloud's UnavailableOfferings cache (e.g.
// SimulatedCloudProvider::unavailable_offerings()), which has no notion of reservations.
class UnavailableOfferingsMarker : public OfferingMarker {
 public:
  explicit UnavailableOfferingsMarker(cloud::UnavailableOfferings& cache) : cache_(cache) {}
  void MarkUnavailable(std::string_view instance_type, std::string_view zone,
                       std::string_view capacity_type, Duration ttl,
                       std::string_view /*reason*/) override {
    cache_.MarkUnavailable(instance_type, zone, capacity_type, ttl);
  }

 private:
  cloud::UnavailableOfferings& cache_;
};

// One queued message: an id to delete it by and its body (EventBridge JSON).
struct QueuedMessage {
  std::string id;
  std::string body;
};

// The interruption queue (SQS: ReceiveMessage / DeleteMessage).
class InterruptionQueue {
 public:
  virtual ~InterruptionQueue() = default;
  // Up to `max` messages, oldest first. Received messages stay queued until deleted.
  [[nodiscard]] virtual Result<std::vector<QueuedMessage>> Receive(size_t max) = 0;
  [[nodiscard]] virtual Status Delete(std::string_view id) = 0;
};

// A FIFO queue in memory for the simulator and tests. Receive returns messages not yet received
// (an undeleted received message is not redelivered: SQS's visibility timeout never expires here).
class InMemoryInterruptionQueue : public InterruptionQueue {
 public:
  // Returns the message's id ("msg-<n>").
  std::string Push(std::string body);
  [[nodiscard]] Result<std::vector<QueuedMessage>> Receive(size_t max) override;
  [[nodiscard]] Status Delete(std::string_view id) override;

  size_t size() const { return messages_.size(); }  // queued, received or not
  uint64_t receive_calls() const { return receive_calls_; }
  uint64_t delete_calls() const { return delete_calls_; }

 private:
  struct Entry {
    QueuedMessage message;
    bool received = false;
  };
  std::deque<Entry> messages_;
  uint64_t next_id_ = 0;
  uint64_t receive_calls_ = 0;
  uint64_t delete_calls_ = 0;
};

struct InterruptionOptions {
  // Messages per receive (SQS MaxNumberOfMessages).
  size_t max_messages = 10;
  // How soon to poll again after an empty receive (SQS long polling returns as soon as a message
  // arrives; the simulation polls instead). A non-empty receive polls again at once.
  Duration poll_interval = Duration::Seconds(1);
};

class InterruptionController {
 public:
  // `queue` and `marker` may be null: no queue means only Handle() delivers messages; no marker
  // means offerings are not marked. Both must outlive the controller.
  InterruptionController(const cluster::ClusterState& state, cluster::NodeWriter& writer,
                         cluster::ClusterWriter& events, Clock& clock, InterruptionQueue* queue,
                         OfferingMarker* marker, InterruptionOptions options = {});

  // Receives, handles and deletes one batch of queued messages. Returns when to run again.
  Duration Reconcile();
  // Acts on one message. Returns the first error of a write (a missing claim is not an error).
  [[nodiscard]] Status Handle(const InterruptionMessage& message);
  // Schedules Reconcile on the clock, rescheduling itself.
  void Start();

  // Messages handled and NodeClaims deleted so far (upstream's metrics), for tests.
  uint64_t messages_handled() const { return messages_handled_; }
  uint64_t node_claims_deleted() const { return node_claims_deleted_; }

 private:
  [[nodiscard]] Status HandleNodeClaim(const InterruptionMessage& message,
                                       const api::NodeClaim& node_claim);
  void Notify(InterruptionKind kind, const api::NodeClaim& node_claim, const api::Node* node);
  [[nodiscard]] Status AnnotateTerminationTimestamp(const api::NodeClaim& node_claim);
  void MarkUnavailable(InterruptionKind kind, const api::NodeClaim& node_claim);
  void Run();

  const cluster::ClusterState& state_;
  cluster::NodeWriter& writer_;
  cluster::ClusterWriter& events_;
  Clock& clock_;
  InterruptionQueue* const queue_;
  OfferingMarker* const marker_;
  const InterruptionOptions options_;
  uint64_t messages_handled_ = 0;
  uint64_t node_claims_deleted_ = 0;
};

}  // namespace tidepool::lifecycle
