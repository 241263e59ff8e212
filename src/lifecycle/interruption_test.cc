// Interruption handling, with cases ported from aws/karpenter-provider-aws
// pkg/controllers/interruption/suite_test.go ("InterruptionHandling" / "Processing Messages") and
// message shapes from its test builders (spotInterruptionMessage, stateChangeMessage,
// scheduledChangeMessage, capacityReservationInterruptionMessage) and the EventBridge samples in
// the EC2 user guide.
#include "lifecycle/interruption.h"

#include <gtest/gtest.h>

#include <string>
#include <tuple>
#include <vector>

#include "api/karpenter/labels.h"
#include "api/well_known_labels.h"
#include "cluster/cluster_state.h"
#include "core/simulated_clock.h"

namespace tidepool::lifecycle {
namespace {

std::string Envelope(std::string_view source, std::string_view detail_type,
                     std::string_view detail) {
  return "{\"version\":\"0\",\"id\":\"7f8a-1\",\"detail-type\":\"" + std::string(detail_type) +
         "\",\"source\":\"" + std::string(source) +
         "\",\"account\":\"123456789012\",\"time\":\"2026-11-28T10:00:00Z\","
         "\"region\":\"us-west-2\",\"resources\":[],\"detail\":" +
         std::string(detail) + "}";
}

std::string SpotInterruption(std::string_view id) {
  return Envelope(
      "aws.ec2", "EC2 Spot Instance Interruption Warning",
      "{\"instance-id\":\"" + std::string(id) + "\",\"instance-action\":\"terminate\"}");
}
std::string CapacityReservationInterruption(std::string_view id) {
  return Envelope(
      "aws.ec2", "EC2 Capacity Reservation Instance Interruption Warning",
      "{\"instance-id\":\"" + std::string(id) + "\",\"instance-action\":\"terminate\"}");
}
std::string Rebalance(std::string_view id) {
  return Envelope("aws.ec2", "EC2 Instance Rebalance Recommendation",
                  "{\"instance-id\":\"" + std::string(id) + "\"}");
}
std::string StateChange(std::string_view id, std::string_view state) {
  return Envelope(
      "aws.ec2", "EC2 Instance State-change Notification",
      "{\"instance-id\":\"" + std::string(id) + "\",\"state\":\"" + std::string(state) + "\"}");
}
std::string ScheduledChange(std::string_view id, std::string_view service = "EC2",
                            std::string_view category = "scheduledChange") {
  return Envelope("aws.health", "AWS Health Event",
                  "{\"service\":\"" + std::string(service) + "\",\"eventTypeCategory\":\"" +
                      std::string(category) + "\",\"affectedEntities\":[{\"entityValue\":\"" +
                      std::string(id) + "\"}]}");
}

struct Mark {
  std::string type, zone, capacity_type;
  Duration ttl;
  friend bool operator==(const Mark&, const Mark&) = default;
};

class FakeMarker : public OfferingMarker {
 public:
  void MarkUnavailable(std::string_view instance_type, std::string_view zone,
                       std::string_view capacity_type, Duration ttl,
                       std::string_view /*reason*/) override {
    marks.push_back(
        Mark{std::string(instance_type), std::string(zone), std::string(capacity_type), ttl});
  }
  void MarkReservationUnavailable(std::string_view reservation_id) override {
    reservations.emplace_back(reservation_id);
  }
  std::vector<Mark> marks;
  std::vector<std::string> reservations;
};

class InterruptionTest : public ::testing::Test {
 protected:
  // coretest.NodeClaimAndNode: a launched, registered claim of NodePool "default".
  std::string AddNodeClaimAndNode(std::map<std::string, std::string> labels = {}) {
    int n = next_++;
    std::string instance = "i-" + std::to_string(1000000 + n);
    api::NodeClaim claim;
    claim.metadata.name = "default-" + std::to_string(n);
    claim.metadata.labels = std::move(labels);
    claim.metadata.labels[std::string(api::kNodePoolLabelKey)] = "default";
    claim.status.provider_id = "aws:///test-zone-1a/" + instance;
    claim.status.node_name = "node-" + std::to_string(n);
    api::Node node;
    node.metadata.name = claim.status.node_name;
    node.metadata.labels = claim.metadata.labels;
    node.spec.provider_id = claim.status.provider_id;
    state_.Put(std::move(claim));
    state_.Put(std::move(node));
    return instance;
  }
  const api::NodeClaim* Claim(int n) const {
    return state_.Get<api::NodeClaim>("", "default-" + std::to_string(n));
  }
  std::vector<std::string> Reasons(std::string_view kind, std::string_view name) const {
    std::vector<std::string> out;
    for (const cluster::Event& e : state_.events().EventsFor(kind, "", name)) {
      out.push_back(e.reason);
    }
    return out;
  }
  // Reconciles until the queue is drained (upstream handles a batch per reconcile).
  void Drain() {
    for (int i = 0; i < 100 && queue_.size() > 0; ++i) controller_.Reconcile();
  }

  SimulatedClock clock_{Time::FromUnixSeconds(1'800'000'000)};
  cluster::ClusterState state_{clock_};
  InMemoryInterruptionQueue queue_;
  FakeMarker marker_;
  InterruptionController controller_{state_, state_, state_, clock_, &queue_, &marker_};
  int next_ = 0;
};

// Ported from suite_test.go "should delete the NodeClaim when receiving a spot interruption
// warning".
TEST_F(InterruptionTest, AwsInterruptionSpotInterruptionDeletesNodeClaim) {
  std::string id = AddNodeClaimAndNode();
  queue_.Push(SpotInterruption(id));
  controller_.Reconcile();
  EXPECT_EQ(Claim(0), nullptr);
  EXPECT_EQ(queue_.receive_calls(), 1u);
  EXPECT_EQ(queue_.delete_calls(), 1u);
  EXPECT_EQ(controller_.node_claims_deleted(), 1u);
  EXPECT_EQ(Reasons("NodeClaim", "default-0"),
            (std::vector<std::string>{"SpotInterrupted", "TerminatingOnInterruption"}));
  EXPECT_EQ(Reasons("Node", "node-0"),
            (std::vector<std::string>{"SpotInterrupted", "TerminatingOnInterruption"}));
}

// Ported from "should delete the NodeClaim when receiving a capacity reservation interruption
// warning" and "should mark the capacity reservation as unavailable when getting an interruption
// warning".
TEST_F(InterruptionTest, AwsInterruptionCapacityReservationInterruption) {
  std::string id =
      AddNodeClaimAndNode({{std::string(api::kLabelCapacityReservationId), "cr-56fac701cc1951b03"},
                           {std::string(api::kLabelCapacityReservationType), "default"}});
  queue_.Push(CapacityReservationInterruption(id));
  controller_.Reconcile();
  EXPECT_EQ(Claim(0), nullptr);
  EXPECT_EQ(queue_.delete_calls(), 1u);
  EXPECT_EQ(marker_.reservations, std::vector<std::string>{"cr-56fac701cc1951b03"});
  EXPECT_TRUE(marker_.marks.empty());
}

// Ported from "should delete the NodeClaim when receiving a scheduled change message".
TEST_F(InterruptionTest, AwsInterruptionScheduledChangeDeletesNodeClaim) {
  std::string id = AddNodeClaimAndNode();
  queue_.Push(ScheduledChange(id));
  controller_.Reconcile();
  EXPECT_EQ(Claim(0), nullptr);
  EXPECT_EQ(queue_.delete_calls(), 1u);
  EXPECT_EQ(Reasons("NodeClaim", "default-0"),
            (std::vector<std::string>{"InstanceUnhealthy", "TerminatingOnInterruption"}));
}

// Ported from "should delete the NodeClaim when receiving a state change message" (two of the
// four states count as stopped, two as terminated).
TEST_F(InterruptionTest, AwsInterruptionStateChangeDeletesNodeClaims) {
  const std::vector<std::string> states = {"terminated", "stopped", "stopping", "shutting-down"};
  for (const std::string& state : states) queue_.Push(StateChange(AddNodeClaimAndNode(), state));
  controller_.Reconcile();
  for (int i = 0; i < 4; ++i) EXPECT_EQ(Claim(i), nullptr) << states[i];
  EXPECT_EQ(queue_.receive_calls(), 1u);
  EXPECT_EQ(queue_.delete_calls(), 4u);
  EXPECT_EQ(Reasons("NodeClaim", "default-0").front(), "InstanceTerminating");
  EXPECT_EQ(Reasons("NodeClaim", "default-1").front(), "InstanceStopping");
  EXPECT_EQ(Reasons("NodeClaim", "default-2").front(), "InstanceStopping");
  EXPECT_EQ(Reasons("NodeClaim", "default-3").front(), "InstanceTerminating");
}

// Ported from the table "should handle multiple messages that cause nodeClaim deletion" (both
// entries: spot and capacity reservation interruptions, 100 claims each).
TEST_F(InterruptionTest, AwsInterruptionHandlesMultipleMessages) {
  for (bool spot : {true, false}) {
    std::vector<int> claims;
    for (int i = 0; i < 100; ++i) {
      claims.push_back(next_);
      std::string id = AddNodeClaimAndNode();
      queue_.Push(spot ? SpotInterruption(id) : CapacityReservationInterruption(id));
    }
    uint64_t deletes_before = queue_.delete_calls();
    Drain();
    for (int n : claims) EXPECT_EQ(Claim(n), nullptr) << n;
    EXPECT_EQ(queue_.delete_calls() - deletes_before, 100u);
  }
}

// Ported from "should delete a message when the message can't be parsed".
TEST_F(InterruptionTest, AwsInterruptionDeletesUnparseableMessage) {
  AddNodeClaimAndNode();
  queue_.Push("{\"field1\":\"value1\",\"field2\":\"value2\"}");
  queue_.Push("{not json");
  controller_.Reconcile();
  EXPECT_EQ(queue_.receive_calls(), 1u);
  EXPECT_EQ(queue_.delete_calls(), 2u);
  EXPECT_NE(Claim(0), nullptr);
}

// Ported from "should delete a state change message when the state isn't in accepted states".
TEST_F(InterruptionTest, AwsInterruptionIgnoresUnacceptedState) {
  std::string id = AddNodeClaimAndNode();
  queue_.Push(StateChange(id, "creating"));
  controller_.Reconcile();
  EXPECT_NE(Claim(0), nullptr);
  EXPECT_EQ(queue_.delete_calls(), 1u);
  EXPECT_TRUE(Reasons("NodeClaim", "default-0").empty());
}

// Ported from "should mark the ICE cache for the offering when getting a spot interruption
// warning".
TEST_F(InterruptionTest, AwsInterruptionSpotMarksOfferingUnavailable) {
  std::string id = AddNodeClaimAndNode({{std::string(api::kLabelTopologyZone), "coretest-zone-1a"},
                                        {std::string(api::kLabelInstanceTypeStable), "t3.large"},
                                        {std::string(api::kCapacityTypeLabelKey), "spot"}});
  queue_.Push(SpotInterruption(id));
  controller_.Reconcile();
  EXPECT_EQ(Claim(0), nullptr);
  ASSERT_EQ(marker_.marks.size(), 1u);
  EXPECT_EQ(marker_.marks[0], (Mark{"t3.large", "coretest-zone-1a", "spot", Duration::Minutes(3)}));
}

// The adapter the simulator wires: the interrupted offering leaves the catalogue for 3 minutes.
TEST_F(InterruptionTest, UnavailableOfferingsMarkerFeedsTheCache) {
  cloud::UnavailableOfferings cache(clock_);
  UnavailableOfferingsMarker marker(cache);
  InterruptionController controller(state_, state_, state_, clock_, &queue_, &marker);
  std::string id = AddNodeClaimAndNode({{std::string(api::kLabelTopologyZone), "test-zone-1"},
                                        {std::string(api::kLabelInstanceTypeStable), "m5.large"}});
  queue_.Push(SpotInterruption(id));
  controller.Reconcile();
  EXPECT_TRUE(cache.IsUnavailable("m5.large", "test-zone-1", "spot"));
  EXPECT_FALSE(cache.IsUnavailable("m5.large", "test-zone-1", "on-demand"));
  clock_.Advance(Duration::Minutes(3));
  EXPECT_FALSE(cache.IsUnavailable("m5.large", "test-zone-1", "spot"));
}

// A rebalance recommendation is an event only (upstream actionForMessage: NoAction).
TEST_F(InterruptionTest, RebalanceRecommendationOnlyRecordsEvents) {
  std::string id = AddNodeClaimAndNode();
  queue_.Push(Rebalance(id));
  controller_.Reconcile();
  EXPECT_NE(Claim(0), nullptr);
  EXPECT_EQ(queue_.delete_calls(), 1u);
  EXPECT_EQ(Reasons("NodeClaim", "default-0"),
            std::vector<std::string>{"SpotRebalanceRecommendation"});
  EXPECT_EQ(Reasons("Node", "node-0"), std::vector<std::string>{"SpotRebalanceRecommendation"});
  EXPECT_EQ(controller_.node_claims_deleted(), 0u);
}

// upstream deleteNodeClaim: a claim already deleting is not deleted again.
TEST_F(InterruptionTest, LeavesDeletingNodeClaimAlone) {
  std::string id = AddNodeClaimAndNode();
  api::NodeClaim claim = *Claim(0);
  claim.metadata.finalizers.push_back(std::string(api::kTerminationFinalizer));
  state_.Put(claim);
  ASSERT_TRUE(state_.DeleteNodeClaim("default-0").has_value());
  ASSERT_NE(Claim(0), nullptr);  // held by its finalizer
  ASSERT_TRUE(controller_.Handle(*ParseInterruptionMessage(SpotInterruption(id))).has_value());
  EXPECT_EQ(controller_.node_claims_deleted(), 0u);
  EXPECT_EQ(Reasons("NodeClaim", "default-0"), std::vector<std::string>{"SpotInterrupted"});
}

// A message for an instance Karpenter does not manage changes nothing.
TEST_F(InterruptionTest, UnknownInstanceIsIgnored) {
  AddNodeClaimAndNode();
  queue_.Push(SpotInterruption("i-unknown"));
  controller_.Reconcile();
  EXPECT_NE(Claim(0), nullptr);
  EXPECT_EQ(queue_.delete_calls(), 1u);
  EXPECT_TRUE(marker_.marks.empty());
}

// The simulator's shorthand: a typed message naming the provider id.
TEST_F(InterruptionTest, HandleMatchesProviderId) {
  AddNodeClaimAndNode();
  InterruptionMessage message;
  message.kind = InterruptionKind::kInstanceTerminated;
  message.instance_ids = {Claim(0)->status.provider_id};
  ASSERT_TRUE(controller_.Handle(message).has_value());
  EXPECT_EQ(Claim(0), nullptr);
}

TEST_F(InterruptionTest, StartPollsTheQueueOnTheClock) {
  std::string id = AddNodeClaimAndNode();
  controller_.Start();
  clock_.Advance(Duration::Seconds(5));
  EXPECT_NE(Claim(0), nullptr);
  queue_.Push(StateChange(id, "terminated"));
  clock_.Advance(Duration::Seconds(1));
  EXPECT_EQ(Claim(0), nullptr);
  EXPECT_GE(queue_.receive_calls(), 6u);
}

// Ported from "should annotate the NodeClaim with a termination timestamp for forceful
// termination" (a failed system status check), "should not re-annotate the NodeClaim on
// subsequent reconciles", and "should NOT annotate the NodeClaim with a termination timestamp for
// scheduled maintenance events" (instancestatus_controller.go's kinds, delivered typed).
TEST_F(InterruptionTest, AwsInterruptionForcefulTerminationAnnotatesAndDeletes) {
  std::string id = AddNodeClaimAndNode();
  std::string maintenance = AddNodeClaimAndNode();
  for (int n : {0, 1}) {
    api::NodeClaim claim = *Claim(n);
    claim.metadata.finalizers = {"testing/finalizer"};
    state_.Put(claim);
  }
  const std::string key(api::kNodeClaimTerminationTimestampAnnotationKey);
  InterruptionMessage unhealthy{InterruptionKind::kSystemStatus, {id}, Time(), ""};
  ASSERT_TRUE(controller_.Handle(unhealthy).has_value());
  ASSERT_NE(Claim(0), nullptr);
  EXPECT_FALSE(Claim(0)->metadata.deletion_timestamp.empty());
  ASSERT_TRUE(Claim(0)->metadata.annotations.count(key));
  std::string stamped = Claim(0)->metadata.annotations.at(key);
  EXPECT_EQ(stamped, clock_.Now().ToRfc3339());
  EXPECT_EQ(Reasons("NodeClaim", "default-0"),
            (std::vector<std::string>{"InstanceUnhealthy", "TerminatingOnInterruption"}));

  clock_.Advance(Duration::Minutes(1));
  ASSERT_TRUE(controller_.Handle(unhealthy).has_value());
  EXPECT_EQ(Claim(0)->metadata.annotations.at(key), stamped);

  InterruptionMessage retirement{InterruptionKind::kEventStatus, {maintenance}, Time(), ""};
  ASSERT_TRUE(controller_.Handle(retirement).has_value());
  ASSERT_NE(Claim(1), nullptr);
  EXPECT_FALSE(Claim(1)->metadata.deletion_timestamp.empty());
  EXPECT_FALSE(Claim(1)->metadata.annotations.count(key));
}

// Ported from "should forcefully terminate when an instance has both system status failure and
// a scheduled event": the forceful message wins whatever the order.
TEST_F(InterruptionTest, AwsInterruptionForcefulWinsOverScheduledEvent) {
  std::string id = AddNodeClaimAndNode();
  api::NodeClaim claim = *Claim(0);
  claim.metadata.finalizers = {"testing/finalizer"};
  state_.Put(claim);
  ASSERT_TRUE(controller_.Handle({InterruptionKind::kEventStatus, {id}, Time(), ""}).has_value());
  ASSERT_TRUE(
      controller_.Handle({InterruptionKind::kInstanceStatus, {id}, Time(), ""}).has_value());
  ASSERT_NE(Claim(0), nullptr);
  EXPECT_TRUE(Claim(0)->metadata.annotations.count(
      std::string(api::kNodeClaimTerminationTimestampAnnotationKey)));
  EXPECT_EQ(ActionFor(InterruptionKind::kInstanceStatus), InterruptionAction::kForcefulTermination);
  EXPECT_EQ(InterruptionKindName(InterruptionKind::kEventStatus), "event_status");
}

// ---- Parsing (messages/*/parser.go) -----------------------------------------------------------

TEST(InterruptionParseTest, AwsParserKindsAndInstanceIds) {
  const std::vector<std::tuple<std::string, InterruptionKind, std::string>> cases = {
      {SpotInterruption("i-1"), InterruptionKind::kSpotInterrupted, "spot_interrupted"},
      {Rebalance("i-1"), InterruptionKind::kRebalanceRecommendation, "rebalance_recommendation"},
      {ScheduledChange("i-1"), InterruptionKind::kScheduledChange, "scheduled_change"},
      {StateChange("i-1", "stopping"), InterruptionKind::kInstanceStopped, "instance_stopped"},
      {StateChange("i-1", "shutting-down"), InterruptionKind::kInstanceTerminated,
       "instance_terminated"},
      {CapacityReservationInterruption("i-1"), InterruptionKind::kCapacityReservationInterrupted,
       "capacity_reservation_interrupted"},
  };
  for (const auto& [body, kind, name] : cases) {
    Result<InterruptionMessage> message = ParseInterruptionMessage(body);
    ASSERT_TRUE(message.has_value()) << body << ": " << message.error().message();
    EXPECT_EQ(message->kind, kind) << body;
    EXPECT_EQ(InterruptionKindName(message->kind), name);
    EXPECT_EQ(message->instance_ids, std::vector<std::string>{"i-1"}) << body;
    EXPECT_EQ(message->time, Time::ParseRfc3339("2026-11-28T10:00:00Z").value());
    EXPECT_EQ(message->id, "7f8a-1");
  }
}

// The sample EC2 Spot Instance interruption notice from the EC2 user guide, as EventBridge
// delivers it.
TEST(InterruptionParseTest, AwsDocumentedSpotInterruptionSample) {
  const char* body = R"({
    "version": "0",
    "id": "12345678-1234-1234-1234-123456789012",
    "detail-type": "EC2 Spot Instance Interruption Warning",
    "source": "aws.ec2",
    "account": "123456789012",
    "time": "yyyy-mm-ddThh:mm:ssZ",
    "region": "us-east-2",
    "resources": ["arn:aws:ec2:us-east-2a:instance/i-1234567890abcdef0"],
    "detail": {"instance-id": "i-1234567890abcdef0", "instance-action": "action"}
  })";
  // The guide's placeholder time is not a time: Go's decoder rejects it, and so do we.
  EXPECT_FALSE(ParseInterruptionMessage(body).has_value());
  std::string fixed = body;
  fixed.replace(fixed.find("yyyy-mm-ddThh:mm:ssZ"), 20, "2026-01-02T03:04:05Z");
  Result<InterruptionMessage> message = ParseInterruptionMessage(fixed);
  ASSERT_TRUE(message.has_value());
  EXPECT_EQ(message->kind, InterruptionKind::kSpotInterrupted);
  EXPECT_EQ(message->instance_ids, std::vector<std::string>{"i-1234567890abcdef0"});
}

TEST(InterruptionParseTest, AwsParserNoOps) {
  // Empty body, unknown keys, unknown detail-type, unaccepted state, other health events.
  for (const std::string& body :
       {std::string(), std::string("{\"field1\":\"value1\"}"),
        Envelope("aws.ec2", "EC2 Something Else", "{\"instance-id\":\"i-1\"}"),
        Envelope("aws.ec2", "EC2 Spot Instance Interruption Warning", "{}").replace(12, 1, "1"),
        StateChange("i-1", "pending"), StateChange("i-1", "running"), ScheduledChange("i-1", "RDS"),
        ScheduledChange("i-1", "EC2", "issue")}) {
    Result<InterruptionMessage> message = ParseInterruptionMessage(body);
    ASSERT_TRUE(message.has_value()) << body;
    EXPECT_EQ(message->kind, InterruptionKind::kNoOp) << body;
    EXPECT_TRUE(message->instance_ids.empty()) << body;
  }
}

TEST(InterruptionParseTest, AwsParserErrors) {
  for (const std::string& body :
       {std::string("{not json"), std::string("[1,2]"),
        Envelope("aws.ec2", "EC2 Spot Instance Interruption Warning", "{\"instance-id\":7}"),
        Envelope("aws.ec2", "EC2 Spot Instance Interruption Warning", "\"text\""),
        Envelope("aws.health", "AWS Health Event", "{\"affectedEntities\":{}}"),
        std::string("{\"version\":0}")}) {
    Result<InterruptionMessage> message = ParseInterruptionMessage(body);
    EXPECT_FALSE(message.has_value()) << body;
    if (!message) {
      EXPECT_EQ(message.error().code(), ErrorCode::kParse);
    }
  }
}

// upstream scheduledchange: every affected entity is an instance to act on.
TEST(InterruptionParseTest, AwsScheduledChangeAffectedEntities) {
  std::string body = Envelope(
      "aws.health", "AWS Health Event",
      R"({"service":"EC2","eventTypeCategory":"scheduledChange","eventTypeCode":"AWS_EC2_INSTANCE_RETIREMENT_SCHEDULED",
          "affectedEntities":[{"entityValue":"i-a"},{"entityValue":"i-b"}]})");
  Result<InterruptionMessage> message = ParseInterruptionMessage(body);
  ASSERT_TRUE(message.has_value());
  EXPECT_EQ(message->instance_ids, (std::vector<std::string>{"i-a", "i-b"}));
}

TEST(InterruptionParseTest, InstanceIdFromProviderId) {
  EXPECT_EQ(InstanceIdFromProviderId("aws:///us-west-2a/i-0123456789abcdef0"),
            "i-0123456789abcdef0");
  EXPECT_EQ(InstanceIdFromProviderId("kwok://node-1"), "node-1");
  EXPECT_EQ(InstanceIdFromProviderId("i-abc"), "i-abc");
  EXPECT_EQ(ActionFor(InterruptionKind::kRebalanceRecommendation), InterruptionAction::kNoAction);
  EXPECT_EQ(ActionFor(InterruptionKind::kSpotInterrupted), InterruptionAction::kCordonAndDrain);
}

}  // namespace
}  // namespace tidepool::lifecycle
