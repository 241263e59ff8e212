#include "disruption/nodeclaim_disruption.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "api/karpenter/labels.h"
#include "api/well_known_labels.h"
#include "cloud/fake_catalog.h"
#include "cluster/cluster_state.h"
#include "core/simulated_clock.h"
#include "disruption/nodepool_hash.h"

namespace tidepool::disruption {
namespace {

const Time kStart = Time::FromUnixSeconds(1'800'000'000);

// Karpenter's fake CloudProvider as the nodeclaim disruption suite uses it: a catalogue and a
// provider drift reason (cp.InstanceTypes, cp.Drifted).
class FakeCloudProvider : public cloud::CloudProvider {
 public:
  Result<api::NodeClaim> Create(const api::NodeClaim& node_claim) override { return node_claim; }
  Status Delete(const api::NodeClaim&) override { return OkStatus(); }
  Status Get(const api::NodeClaim&) const override { return OkStatus(); }
  Result<cloud::InstanceTypes> GetInstanceTypes(const api::NodePool&) override {
    ++get_instance_types_calls;
    if (instance_types_error) return Fail(*instance_types_error);
    return instance_types;
  }
  std::string IsDrifted(const api::NodeClaim&) const override { return drifted; }
  std::string Name() const override { return "fake"; }

  cloud::InstanceTypes instance_types;
  std::string drifted;
  std::optional<Error> instance_types_error;
  int get_instance_types_calls = 0;
};

api::NodeSelectorRequirement Req(std::string key, std::string op,
                                 std::vector<std::string> values = {}) {
  api::NodeSelectorRequirement r;
  r.key = std::move(key);
  r.operator_ = std::move(op);
  r.values = std::move(values);
  return r;
}

// The suite's `it`: 100 cpu, 100Gi, linux, spot and on-demand offerings in test-zone-1a.
cloud::InstanceTypePtr SuiteInstanceType(std::vector<cloud::Offering> extra = {}) {
  cloud::fake::Options options;
  options.resources["cpu"] = Quantity::MustParse("100");
  options.resources["memory"] = Quantity::MustParse("100Gi");
  options.architecture = "arch";
  options.operating_systems = {"linux"};
  options.offerings = {{.zone = "test-zone-1a", .capacity_type = "spot", .price = 1},
                       {.zone = "test-zone-1a", .capacity_type = "on-demand", .price = 1}};
  for (cloud::Offering& o : extra) options.offerings.push_back(std::move(o));
  return cloud::fake::NewInstanceType("suite-instance-type", options);
}

// A copy of `type` with its offerings changed (an instance type is immutable once made).
cloud::InstanceTypePtr WithOfferings(const cloud::InstanceTypePtr& type,
                                     std::vector<cloud::Offering> offerings) {
  cloud::InstanceType copy = *type;
  copy.offerings = std::move(offerings);
  return std::make_shared<const cloud::InstanceType>(std::move(copy));
}

api::NodePool SuiteNodePool() {  // test.NodePool()
  api::NodePool pool;
  pool.api_version = "karpenter.sh/v1";
  pool.kind = "NodePool";
  pool.metadata.name = "default";
  pool.spec.template_.spec.node_class_ref =
      api::NodeClassReference{"karpenter.test.sh", "TestNodeClass", "default", {}};
  return pool;
}

api::StatusCondition Condition(std::string type, std::string status, Time at) {
  api::StatusCondition c;
  c.type = std::move(type);
  c.status = std::move(status);
  c.reason = c.type;
  c.last_transition_time = at.ToRfc3339();
  return c;
}

class NodeClaimDisruptionTest : public ::testing::Test {
 protected:
  NodeClaimDisruptionTest()
      : clock_(kStart), state_(clock_), controller_(state_, state_, cloud_, clock_) {
    it_ = SuiteInstanceType();
    cloud_.instance_types = {it_};
    pool_ = SuiteNodePool();
    // The Drift suite's NodeClaim: launched, of `it` in test-zone-1a on spot, with the pool's hash.
    claim_.api_version = "karpenter.sh/v1";
    claim_.kind = "NodeClaim";
    claim_.metadata.name = "claim";
    claim_.metadata.uid = "uid-claim";
    claim_.metadata.labels = {{std::string(api::kNodePoolLabelKey), "default"},
                              {std::string(api::kLabelInstanceTypeStable), it_->name},
                              {std::string(api::kLabelTopologyZone), "test-zone-1a"},
                              {std::string(api::kCapacityTypeLabelKey), "spot"}};
    claim_.metadata.annotations = {{std::string(kNodePoolHashAnnotation), NodePoolHash(pool_)}};
    claim_.status.conditions.push_back(Condition("Launched", "True", kStart));
  }

  void Apply() {
    state_.Put(pool_);
    state_.Put(claim_);
  }
  const api::NodeClaim& Stored(std::string_view name = "claim") {
    return *state_.Get<api::NodeClaim>("", name);
  }
  Result<std::optional<Duration>> ReconcileClaim(std::string_view name = "claim") {
    return controller_.Reconcile(Stored(name));
  }
  const api::StatusCondition* Get(std::string_view type, std::string_view name = "claim") {
    for (const api::StatusCondition& c : Stored(name).status.conditions) {
      if (c.type == type) return &c;
    }
    return nullptr;
  }
  bool IsTrue(std::string_view type, std::string_view name = "claim") {
    const api::StatusCondition* c = Get(type, name);
    return c != nullptr && c->status == "True";
  }

  SimulatedClock clock_;
  cluster::ClusterState state_;
  FakeCloudProvider cloud_;
  NodeClaimDisruptionController controller_;
  cloud::InstanceTypePtr it_;
  api::NodePool pool_;
  api::NodeClaim claim_;
};

// ---- Ported from pkg/controllers/nodeclaim/disruption/drift_test.go ----------------------------

TEST_F(NodeClaimDisruptionTest, KarpenterShouldDetectDrift) {
  cloud_.drifted = "drifted";
  Apply();
  Result<std::optional<Duration>> requeue = ReconcileClaim();
  ASSERT_TRUE(requeue);
  EXPECT_TRUE(IsTrue("Drifted"));
  EXPECT_EQ(Get("Drifted")->reason, "drifted");
  EXPECT_EQ(*requeue, Duration::Minutes(5));
}

TEST_F(NodeClaimDisruptionTest, KarpenterStaleInstanceTypeDriftWhenLabelMissing) {
  claim_.metadata.labels.erase(std::string(api::kLabelInstanceTypeStable));
  Apply();
  clock_.Advance(Duration::Hours(2));
  ASSERT_TRUE(ReconcileClaim());
  EXPECT_TRUE(IsTrue("Drifted"));
  EXPECT_EQ(Get("Drifted")->reason, kDriftReasonInstanceTypeNotFound);
}

TEST_F(NodeClaimDisruptionTest, KarpenterStaleInstanceTypeDriftWhenTypeGone) {
  cloud_.instance_types.clear();
  Apply();
  clock_.Advance(Duration::Hours(2));
  ASSERT_TRUE(ReconcileClaim());
  EXPECT_TRUE(IsTrue("Drifted"));
}

TEST_F(NodeClaimDisruptionTest, KarpenterStaleInstanceTypeDriftWhenOfferingsGone) {
  cloud_.instance_types = {WithOfferings(it_, {})};
  Apply();
  clock_.Advance(Duration::Hours(2));
  ASSERT_TRUE(ReconcileClaim());
  EXPECT_TRUE(IsTrue("Drifted"));
}

TEST_F(NodeClaimDisruptionTest, KarpenterStaleInstanceTypeDriftWhenOfferingsIncompatible) {
  std::vector<cloud::Offering> offerings = it_->offerings;
  for (cloud::Offering& o : offerings) {
    o.requirements =
        api::Requirements::FromLabels({{std::string(api::kLabelTopologyZone), "random-zone"}});
  }
  cloud_.instance_types = {WithOfferings(it_, offerings)};
  Apply();
  clock_.Advance(Duration::Hours(2));
  ASSERT_TRUE(ReconcileClaim());
  EXPECT_TRUE(IsTrue("Drifted"));
}

TEST_F(NodeClaimDisruptionTest, KarpenterStaticDriftBeforeCloudProviderDrift) {
  cloud_.drifted = "drifted";
  pool_.metadata.annotations = {
      {std::string(kNodePoolHashAnnotation), "test-123456789"},
      {std::string(kNodePoolHashVersionAnnotation), std::string(kNodePoolHashVersion)}};
  claim_.metadata.annotations = {
      {std::string(kNodePoolHashAnnotation), "test-123"},
      {std::string(kNodePoolHashVersionAnnotation), std::string(kNodePoolHashVersion)}};
  Apply();
  ASSERT_TRUE(ReconcileClaim());
  EXPECT_TRUE(IsTrue("Drifted"));
  EXPECT_EQ(Get("Drifted")->reason, kDriftReasonNodePoolDrifted);
}

TEST_F(NodeClaimDisruptionTest, KarpenterRequirementDriftBeforeCloudProviderDrift) {
  cloud_.drifted = "drifted";
  pool_.spec.template_.spec.requirements = {
      Req(std::string(api::kLabelInstanceTypeStable), "DoesNotExist")};
  Apply();
  ASSERT_TRUE(ReconcileClaim());
  EXPECT_TRUE(IsTrue("Drifted"));
  EXPECT_EQ(Get("Drifted")->reason, kDriftReasonRequirementsDrifted);
}

TEST_F(NodeClaimDisruptionTest, KarpenterRemovesDriftedWhenLaunchedUnknownOrFalse) {
  for (const char* launched : {"Unknown", "False"}) {
    cloud_.drifted = "drifted";
    claim_.status.conditions = {Condition("Launched", launched, kStart),
                                Condition("Drifted", "True", kStart)};
    Apply();
    Result<std::optional<Duration>> requeue = ReconcileClaim();
    ASSERT_TRUE(requeue);
    EXPECT_EQ(Get("Drifted"), nullptr) << launched;
  }
}

TEST_F(NodeClaimDisruptionTest, KarpenterNoDriftWhenNodePoolMissing) {
  cloud_.drifted = "drifted";
  state_.Put(claim_);
  Result<std::optional<Duration>> requeue = ReconcileClaim();
  ASSERT_TRUE(requeue);
  EXPECT_FALSE(requeue->has_value());
  EXPECT_EQ(Get("Drifted"), nullptr);
}

TEST_F(NodeClaimDisruptionTest, KarpenterRemovesDriftedWhenNoLongerDrifted) {
  claim_.status.conditions.push_back(Condition("Drifted", "True", kStart));
  Apply();
  ASSERT_TRUE(ReconcileClaim());
  EXPECT_EQ(Get("Drifted"), nullptr);
}

struct RequirementDriftEntry {
  std::string name;
  std::vector<api::NodeSelectorRequirement> old_requirements;
  std::vector<api::NodeSelectorRequirement> new_requirements;
  std::map<std::string, std::string> labels;
  bool drifted;
};

TEST_F(NodeClaimDisruptionTest, KarpenterNodeRequirementDrift) {
  const std::string ct(api::kCapacityTypeLabelKey);
  const std::string os(api::kLabelOSStable);
  const std::string arch(api::kLabelArchStable);
  std::vector<RequirementDriftEntry> entries = {
      {"updated requirement",
       {Req(ct, "In", {"on-demand"}), Req(arch, "In", {"amd64"}), Req(os, "In", {"linux"})},
       {Req(ct, "In", {"spot"})},
       {{ct, "on-demand"}, {arch, "amd64"}, {os, "linux"}},
       true},
      {"new requirement added",
       {Req(ct, "In", {"on-demand"}), Req(os, "In", {"linux"})},
       {Req(ct, "In", {"on-demand"}), Req(os, "In", {"linux"}), Req(arch, "In", {"amd64"})},
       {{ct, "on-demand"}, {os, "linux"}},
       true},
      {"requirement reduced",
       {Req(ct, "In", {"on-demand"}), Req(os, "In", {"linux", "windows"})},
       {Req(ct, "In", {"on-demand"}), Req(os, "In", {"windows"})},
       {{ct, "on-demand"}, {os, "linux"}},
       true},
      {"requirement expanded",
       {Req(ct, "In", {"on-demand"}), Req(os, "In", {"linux"})},
       {Req(ct, "In", {"on-demand"}), Req(os, "In", {"linux", "windows"})},
       {{ct, "on-demand"}, {os, "linux"}},
       false},
      {"requirement set to Exists",
       {Req(ct, "In", {"on-demand"}), Req(os, "In", {"linux"})},
       {Req(ct, "In", {"on-demand"}), Req(os, "Exists")},
       {{ct, "on-demand"}, {os, "linux"}},
       false},
      {"requirement set to DoesNotExist",
       {Req(ct, "In", {"on-demand"}), Req(os, "In", {"linux"})},
       {Req(ct, "In", {"on-demand"}), Req(os, "DoesNotExist")},
       {{ct, "on-demand"}, {os, "linux"}},
       true},
      {"claim label below a raised Gt",
       {Req(ct, "In", {"on-demand"}), Req("test-label", "Gt", {"2"})},
       {Req(ct, "In", {"on-demand"}), Req("test-label", "Gt", {"10"})},
       {{ct, "on-demand"}, {"test-label", "5"}},
       true},
      {"claim label above a lowered Lt",
       {Req(ct, "In", {"on-demand"}), Req("test-label", "Lt", {"5"})},
       {Req(ct, "In", {"on-demand"}), Req("test-label", "Lt", {"1"})},
       {{ct, "on-demand"}, {"test-label", "2"}},
       true},
  };
  for (const RequirementDriftEntry& e : entries) {
    SCOPED_TRACE(e.name);
    pool_.spec.template_.spec.requirements = e.old_requirements;
    api::NodeClaim claim = claim_;
    for (const auto& [k, v] : e.labels) claim.metadata.labels[k] = v;
    state_.Put(pool_);
    state_.Put(claim);
    ASSERT_TRUE(ReconcileClaim());
    EXPECT_EQ(Get("Drifted"), nullptr);
    pool_.spec.template_.spec.requirements = e.new_requirements;
    state_.Put(pool_);
    ASSERT_TRUE(ReconcileClaim());
    if (e.drifted) {
      EXPECT_TRUE(IsTrue("Drifted"));
    } else {
      EXPECT_EQ(Get("Drifted"), nullptr);
    }
  }
}

TEST_F(NodeClaimDisruptionTest, KarpenterDriftsOnlyClaimsDriftedFromUpdatedPool) {
  const std::string ct(api::kCapacityTypeLabelKey);
  const std::string os(api::kLabelOSStable);
  pool_.spec.template_.spec.requirements = {Req(ct, "In", {"on-demand"}),
                                            Req(os, "In", {"linux", "windows"})};
  claim_.metadata.labels[ct] = "on-demand";
  claim_.metadata.labels[os] = "linux";
  api::NodeClaim two = claim_;
  two.metadata.name = "claim-two";
  two.metadata.uid = "uid-two";
  two.metadata.labels[os] = "windows";
  Apply();
  state_.Put(two);
  ASSERT_TRUE(ReconcileClaim());
  ASSERT_TRUE(ReconcileClaim("claim-two"));
  EXPECT_EQ(Get("Drifted"), nullptr);
  EXPECT_EQ(Get("Drifted", "claim-two"), nullptr);

  pool_.spec.template_.spec.requirements = {Req(ct, "In", {"on-demand"}), Req(os, "In", {"linux"})};
  state_.Put(pool_);
  ASSERT_TRUE(ReconcileClaim());
  ASSERT_TRUE(ReconcileClaim("claim-two"));
  EXPECT_EQ(Get("Drifted"), nullptr);
  EXPECT_TRUE(IsTrue("Drifted", "claim-two"));
}

// Context "NodePool Static Drift": the pool of that context, stamped by the hash controller.
class StaticDriftTest : public NodeClaimDisruptionTest {
 protected:
  StaticDriftTest()
      : hash_controller_(
            state_, state_,
            [this](api::NodePool pool) -> Status {
              state_.Put(std::move(pool));
              return OkStatus();
            },
            clock_) {
    api::NodeClaimTemplate& t = pool_.spec.template_;
    t.metadata.annotations = {{"keyAnnotation", "valueAnnotation"},
                              {"keyAnnotation2", "valueAnnotation2"}};
    t.metadata.labels = {{"keyLabel", "valueLabel"}, {"keyLabel2", "valueLabel2"}};
    api::Taint taint;
    taint.key = "keyvalue1";
    taint.effect = "NoExecute";
    t.spec.taints = {taint};
    taint.key = "startupkeyvalue1";
    t.spec.startup_taints = {taint};
    t.spec.expire_after = NillableDuration{Duration::Minutes(5)};
    t.spec.termination_grace_period = Duration::Minutes(5);
    // A claim the provisioner launched from this pool.
    StampNodeClaimHash(claim_, NodePoolHash(pool_));
  }
  void ReconcilePool() {
    ASSERT_TRUE(hash_controller_.Reconcile(*state_.Get<api::NodePool>("", "default")));
  }

  NodePoolHashController hash_controller_;
};

TEST_F(StaticDriftTest, KarpenterDetectsDriftOnChangesToStaticFields) {
  std::vector<std::pair<std::string, std::function<void(api::NodeClaimTemplate&)>>> changes = {
      {"Annotations",
       [](auto& t) {
         t.metadata.annotations = {{"keyAnnotationTest", "v"}};
       }},
      {"Labels",
       [](auto& t) {
         t.metadata.labels = {{"keyLabelTest", "valueLabelTest"}};
       }},
      {"Taints", [](auto& t) { t.spec.taints[0].key = "keytest2taint"; }},
      {"StartupTaints", [](auto& t) { t.spec.startup_taints[0].key = "keytest2taint"; }},
      {"NodeClassRef Name", [](auto& t) { t.spec.node_class_ref->name = "testName"; }},
      {"ExpireAfter",
       [](auto& t) { t.spec.expire_after = NillableDuration{Duration::Minutes(100)}; }},
      {"TerminationGracePeriod",
       [](auto& t) { t.spec.termination_grace_period = Duration::Minutes(100); }},
  };
  for (const auto& [name, change] : changes) {
    SCOPED_TRACE(name);
    Apply();
    ReconcilePool();
    ASSERT_TRUE(ReconcileClaim());
    EXPECT_EQ(Get("Drifted"), nullptr);
    api::NodePool changed = *state_.Get<api::NodePool>("", "default");
    change(changed.spec.template_);
    state_.Put(changed);
    ReconcilePool();
    ASSERT_TRUE(ReconcileClaim());
    EXPECT_TRUE(IsTrue("Drifted"));
    EXPECT_EQ(Get("Drifted")->reason, kDriftReasonNodePoolDrifted);
  }
}

TEST_F(StaticDriftTest, KarpenterNoDriftWithoutHashOnNodePool) {
  pool_.metadata.annotations.clear();
  pool_.spec.template_.metadata.labels["changed"] = "yes";
  Apply();
  ASSERT_TRUE(ReconcileClaim());
  EXPECT_EQ(Get("Drifted"), nullptr);
}

TEST_F(StaticDriftTest, KarpenterNoDriftWithoutHashOnNodeClaim) {
  claim_.metadata.annotations = {
      {std::string(kNodePoolHashVersionAnnotation), std::string(kNodePoolHashVersion)}};
  Apply();
  ReconcilePool();
  ASSERT_TRUE(ReconcileClaim());
  EXPECT_EQ(Get("Drifted"), nullptr);
}

TEST_F(StaticDriftTest, KarpenterNoDriftWhenHashVersionsDiffer) {
  pool_.metadata.annotations = {{std::string(kNodePoolHashAnnotation), "test-hash-1"},
                                {std::string(kNodePoolHashVersionAnnotation), "test-version-1"}};
  claim_.metadata.annotations = {{std::string(kNodePoolHashAnnotation), "test-hash-2"},
                                 {std::string(kNodePoolHashVersionAnnotation), "test-version-2"}};
  Apply();
  ASSERT_TRUE(ReconcileClaim());
  EXPECT_EQ(Get("Drifted"), nullptr);
}

TEST_F(StaticDriftTest, KarpenterNoDriftWithoutHashVersionOnNodeClaim) {
  claim_.metadata.annotations = {{std::string(kNodePoolHashAnnotation), "test-hash-111111111"}};
  Apply();
  ReconcilePool();
  ASSERT_TRUE(ReconcileClaim());
  EXPECT_EQ(Get("Drifted"), nullptr);
}

// Context "Reserved Capacity", DescribeTable "InstanceTypeNotFound".
TEST_F(NodeClaimDisruptionTest, KarpenterReservedCapacityInstanceTypeNotFound) {
  const std::string reservation_id(api::kLabelCapacityReservationId);
  cloud::Offering reserved{.zone = "test-zone-1a", .capacity_type = "reserved", .price = 1};
  reserved.requirements.Add(
      api::Requirement::Make(reservation_id, api::NodeSelectorOperator::kIn, {"cr-123"}));
  reserved.reservation_capacity = 1;
  cloud::InstanceTypePtr type = SuiteInstanceType({reserved});
  // The other offerings exclude any reservation.
  std::vector<cloud::Offering> offerings = type->offerings;
  for (cloud::Offering& o : offerings) {
    if (o.capacity_type == "reserved") continue;
    o.requirements.Add(
        api::Requirement::Make(reservation_id, api::NodeSelectorOperator::kDoesNotExist));
  }
  claim_.metadata.labels[reservation_id] = "cr-123";
  claim_.metadata.labels[std::string(api::kCapacityTypeLabelKey)] = "reserved";

  struct Entry {
    bool drifted;
    std::vector<std::string> capacity_types;
  };
  std::vector<Entry> entries = {{false, {"reserved", "on-demand"}},
                                {false, {"reserved"}},
                                {false, {"on-demand"}},
                                {true, {"spot"}},
                                {true, {}}};
  for (const Entry& e : entries) {
    SCOPED_TRACE(::testing::PrintToString(e.capacity_types));
    std::vector<cloud::Offering> kept;
    for (const cloud::Offering& o : offerings) {
      if (std::find(e.capacity_types.begin(), e.capacity_types.end(), o.capacity_type) !=
          e.capacity_types.end()) {
        kept.push_back(o);
      }
    }
    cloud_.instance_types = {WithOfferings(type, kept)};
    claim_.metadata.creation_timestamp = (clock_.Now() - Duration::Hours(2)).ToRfc3339();
    claim_.metadata.uid = "uid-" + std::to_string(kept.size()) + (e.drifted ? "d" : "n");
    Apply();
    ASSERT_TRUE(ReconcileClaim());
    EXPECT_EQ(IsTrue("Drifted"), e.drifted);
  }
}

// ---- tidepool: the InstanceTypeNotFound check schedule (upstream's check cache) --------------

TEST_F(NodeClaimDisruptionTest, InstanceTypeCheckWaitsAnHourThenEveryThirtyMinutes) {
  Apply();
  ASSERT_TRUE(ReconcileClaim());
  EXPECT_EQ(cloud_.get_instance_types_calls, 0);  // too young
  clock_.Advance(Duration::Minutes(61));
  ASSERT_TRUE(ReconcileClaim());
  EXPECT_EQ(cloud_.get_instance_types_calls, 1);
  EXPECT_EQ(Get("Drifted"), nullptr);
  // Found: not checked again for 30 minutes, so the type vanishing goes unnoticed meanwhile.
  cloud_.instance_types.clear();
  clock_.Advance(Duration::Minutes(29));
  ASSERT_TRUE(ReconcileClaim());
  EXPECT_EQ(cloud_.get_instance_types_calls, 1);
  EXPECT_EQ(Get("Drifted"), nullptr);
  clock_.Advance(Duration::Minutes(1));
  ASSERT_TRUE(ReconcileClaim());
  EXPECT_EQ(cloud_.get_instance_types_calls, 2);
  EXPECT_TRUE(IsTrue("Drifted"));
  // Not-found results are not cached: the next pass asks again.
  ASSERT_TRUE(ReconcileClaim());
  EXPECT_EQ(cloud_.get_instance_types_calls, 3);
}

TEST_F(NodeClaimDisruptionTest, CloudErrorLeavesDriftUnchangedAndIsReturned) {
  claim_.metadata.creation_timestamp = (kStart - Duration::Hours(2)).ToRfc3339();
  claim_.status.conditions.push_back(Condition("Drifted", "True", kStart));
  Apply();
  cloud_.instance_types_error = Error(ErrorCode::kUnavailable, "throttled");
  Result<std::optional<Duration>> requeue = ReconcileClaim();
  ASSERT_FALSE(requeue);
  EXPECT_EQ(requeue.error().code(), ErrorCode::kUnavailable);
  EXPECT_TRUE(IsTrue("Drifted"));
}

// ---- Ported from pkg/controllers/nodeclaim/disruption/consolidation_test.go (Underutilized) ---

class ConsolidatableTest : public NodeClaimDisruptionTest {
 protected:
  ConsolidatableTest() {
    pool_.spec.disruption.consolidation_policy = api::kConsolidationPolicyWhenEmptyOrUnderutilized;
    pool_.spec.disruption.consolidate_after = NillableDuration{Duration::Minutes(1)};
    claim_.status.last_pod_event_time = (kStart - Duration::Minutes(5)).ToRfc3339();
    claim_.status.conditions.push_back(Condition("Initialized", "True", kStart));
  }
};

TEST_F(ConsolidatableTest, KarpenterMarksNodeClaimsConsolidatable) {
  claim_.status.last_pod_event_time = kStart.ToRfc3339();
  Apply();
  Result<std::optional<Duration>> requeue = ReconcileClaim();
  ASSERT_TRUE(requeue);
  EXPECT_FALSE(IsTrue("Consolidatable"));
  EXPECT_EQ(*requeue, Duration::Minutes(1));  // when consolidateAfter elapses (< drift's 5m)
  clock_.Advance(Duration::Minutes(1));
  ASSERT_TRUE(ReconcileClaim());
  EXPECT_TRUE(IsTrue("Consolidatable"));
  EXPECT_EQ(Get("Consolidatable")->last_transition_time, clock_.Now().ToRfc3339());
}

TEST_F(ConsolidatableTest, KarpenterMarksConsolidatableFromInitializedTime) {
  claim_.status.last_pod_event_time.clear();
  Apply();
  ASSERT_TRUE(ReconcileClaim());
  EXPECT_FALSE(IsTrue("Consolidatable"));
  clock_.Advance(Duration::Minutes(1));
  ASSERT_TRUE(ReconcileClaim());
  EXPECT_TRUE(IsTrue("Consolidatable"));
}

TEST_F(ConsolidatableTest, KarpenterRemovesConsolidatableWhenLastPodEventTooRecent) {
  claim_.status.last_pod_event_time = kStart.ToRfc3339();
  claim_.status.conditions.push_back(Condition("Consolidatable", "True", kStart));
  Apply();
  ASSERT_TRUE(ReconcileClaim());
  EXPECT_EQ(Get("Consolidatable"), nullptr);
}

TEST_F(ConsolidatableTest, KarpenterRemovesConsolidatableWhenConsolidateAfterNever) {
  pool_.spec.disruption.consolidate_after = NillableDuration{};
  claim_.status.conditions.push_back(Condition("Consolidatable", "True", kStart));
  Apply();
  ASSERT_TRUE(ReconcileClaim());
  EXPECT_EQ(Get("Consolidatable"), nullptr);
}

TEST_F(ConsolidatableTest, KarpenterRemovesConsolidatableWhenNotInitialized) {
  for (const char* initialized : {"Unknown", "False"}) {
    claim_.status.conditions = {Condition("Launched", "True", kStart),
                                Condition("Initialized", initialized, kStart),
                                Condition("Consolidatable", "True", kStart)};
    Apply();
    ASSERT_TRUE(ReconcileClaim());
    EXPECT_EQ(Get("Consolidatable"), nullptr) << initialized;
  }
}

// ---- Ported from pkg/controllers/nodeclaim/disruption/suite_test.go (Disruption) --------------

TEST_F(ConsolidatableTest, KarpenterSetsMultipleConditionsSimultaneously) {
  cloud_.drifted = "drifted";
  pool_.spec.disruption.consolidation_policy = api::kConsolidationPolicyWhenEmpty;
  pool_.spec.disruption.consolidate_after = NillableDuration{Duration::Seconds(30)};
  Apply();
  clock_.Advance(Duration::Seconds(60));
  ASSERT_TRUE(ReconcileClaim());
  EXPECT_TRUE(IsTrue("Drifted"));
  EXPECT_TRUE(IsTrue("Consolidatable"));
}

TEST_F(ConsolidatableTest, KarpenterNoConsolidatableForStaticNodePool) {
  pool_.spec.replicas = 1;
  Apply();
  clock_.Advance(Duration::Seconds(60));
  ASSERT_TRUE(ReconcileClaim());
  EXPECT_EQ(Get("Consolidatable"), nullptr);
}

TEST_F(ConsolidatableTest, DeletingClaimsAreLeftAlone) {
  cloud_.drifted = "drifted";
  claim_.metadata.deletion_timestamp = kStart.ToRfc3339();
  claim_.metadata.finalizers = {"karpenter.sh/termination"};
  Apply();
  ASSERT_TRUE(ReconcileClaim());
  EXPECT_EQ(Get("Drifted"), nullptr);
  EXPECT_EQ(Get("Consolidatable"), nullptr);
}

TEST_F(ConsolidatableTest, PeriodicPassReconcilesEveryClaim) {
  cloud_.drifted = "drifted";
  claim_.status.last_pod_event_time = kStart.ToRfc3339();
  Apply();
  // Requeues longer than the 10s period wait for the next pass.
  EXPECT_EQ(controller_.Reconcile(), Duration::Seconds(10));
  EXPECT_TRUE(IsTrue("Drifted"));
  EXPECT_FALSE(IsTrue("Consolidatable"));
  controller_.Start();
  clock_.Advance(Duration::Minutes(1));
  EXPECT_TRUE(IsTrue("Consolidatable"));
}

}  // namespace
}  // namespace tidepool::disruption
