#include "disruption/nodepool_hash.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "api/karpenter/nodeclaim.h"
#include "api/karpenter/nodepool.h"
#include "api/well_known_labels.h"
#include "cluster/cluster_state.h"
#include "core/simulated_clock.h"
#include "core/time.h"

namespace tidepool::disruption {
namespace {

api::Taint MakeTaint(std::string key, std::string effect, std::string value = "") {
  api::Taint t;
  t.key = std::move(key);
  t.value = std::move(value);
  t.effect = std::move(effect);
  return t;
}

// The NodePool of pkg/controllers/nodepool/hash/suite_test.go's BeforeEach.
api::NodePool SuiteNodePool() {
  api::NodePool pool;
  pool.api_version = "karpenter.sh/v1";
  pool.kind = "NodePool";
  pool.metadata.name = "default";
  api::NodeClaimTemplate& t = pool.spec.template_;
  t.metadata.annotations = {{"keyAnnotation", "valueAnnotation"},
                            {"keyAnnotation2", "valueAnnotation2"}};
  t.metadata.labels = {{"keyLabel", "valueLabel"}};
  t.spec.taints = {MakeTaint("key", "NoExecute")};
  t.spec.startup_taints = {MakeTaint("key", "NoExecute")};
  t.spec.expire_after = NillableDuration{Duration::Minutes(5)};
  t.spec.termination_grace_period = Duration::Minutes(5);
  t.spec.node_class_ref =
      api::NodeClassReference{"karpenter.test.sh", "TestNodeClass", "default", {}};
  return pool;
}

api::NodeClaim PoolClaim(std::string name, const api::NodePool& pool, std::string hash,
                         std::string version) {
  api::NodeClaim claim;
  claim.api_version = "karpenter.sh/v1";
  claim.kind = "NodeClaim";
  claim.metadata.name = std::move(name);
  claim.metadata.labels[std::string(api::kNodePoolLabelKey)] = pool.metadata.name;
  claim.metadata.annotations[std::string(kNodePoolHashAnnotation)] = std::move(hash);
  claim.metadata.annotations[std::string(kNodePoolHashVersionAnnotation)] = std::move(version);
  return claim;
}

std::string AnnotationOf(const api::ObjectMeta& meta, std::string_view key) {
  auto it = meta.annotations.find(std::string(key));
  return it == meta.annotations.end() ? "<absent>" : it->second;
}

class NodePoolHashControllerTest : public ::testing::Test {
 protected:
  NodePoolHashControllerTest()
      : clock_(Time::FromUnixSeconds(1'800'000'000)),
        state_(clock_),
        controller_(
            state_, state_,
            [this](api::NodePool pool) -> Status {
              ++pool_writes_;
              state_.Put(std::move(pool));
              return OkStatus();
            },
            clock_) {}

  const api::NodePool& Pool(std::string_view name = "default") {
    return *state_.Get<api::NodePool>("", name);
  }
  const api::NodeClaim& Claim(std::string_view name) {
    return *state_.Get<api::NodeClaim>("", name);
  }
  void ReconcilePool() { ASSERT_TRUE(controller_.Reconcile(Pool())); }

  SimulatedClock clock_;
  cluster::ClusterState state_;
  NodePoolHashController controller_;
  int pool_writes_ = 0;
};

// ---- Ported from pkg/controllers/nodepool/hash/suite_test.go (Static Drift Hash) -------------

TEST_F(NodePoolHashControllerTest, KarpenterUpdatesDriftHashWhenStaticFieldUpdated) {
  state_.Put(SuiteNodePool());
  ReconcilePool();
  std::string first = NodePoolHash(Pool());
  EXPECT_EQ(AnnotationOf(Pool().metadata, kNodePoolHashAnnotation), first);

  api::NodePool changed = Pool();
  changed.spec.template_.metadata.labels = {{"keyLabeltest", "valueLabeltest"}};
  changed.spec.template_.metadata.annotations = {{"keyAnnotation2", "valueAnnotation2"},
                                                 {"keyAnnotation", "valueAnnotation"}};
  state_.Put(changed);
  ReconcilePool();
  std::string second = NodePoolHash(Pool());
  EXPECT_EQ(AnnotationOf(Pool().metadata, kNodePoolHashAnnotation), second);
  EXPECT_NE(first, second);
}

TEST_F(NodePoolHashControllerTest, KarpenterDoesNotUpdateDriftHashWhenBehaviourFieldUpdated) {
  state_.Put(SuiteNodePool());
  ReconcilePool();
  std::string expected = NodePoolHash(Pool());
  ASSERT_EQ(AnnotationOf(Pool().metadata, kNodePoolHashAnnotation), expected);

  api::NodePool changed = Pool();
  changed.spec.limits["cpu"] = Quantity::MustParse("16");
  changed.spec.disruption.consolidation_policy = api::kConsolidationPolicyWhenEmpty;
  changed.spec.disruption.consolidate_after = NillableDuration{Duration::Seconds(30)};
  api::NodeSelectorRequirement in;
  in.key = std::string(api::kLabelTopologyZone);
  in.operator_ = "In";
  in.values = {"test"};
  api::NodeSelectorRequirement gt = in;
  gt.operator_ = "Gt";
  gt.values = {"1"};
  api::NodeSelectorRequirement lt = in;
  lt.operator_ = "Lt";
  lt.values = {"1"};
  changed.spec.template_.spec.requirements = {in, gt, lt};
  changed.spec.weight = 80;
  state_.Put(changed);
  int writes_before = pool_writes_;
  ReconcilePool();
  EXPECT_EQ(AnnotationOf(Pool().metadata, kNodePoolHashAnnotation), expected);
  EXPECT_EQ(pool_writes_, writes_before);  // nothing to write
}

TEST_F(NodePoolHashControllerTest, KarpenterUpdatesPoolHashVersionWhenOutOfSync) {
  api::NodePool pool = SuiteNodePool();
  pool.metadata.annotations = {{std::string(kNodePoolHashAnnotation), "abceduefed"},
                               {std::string(kNodePoolHashVersionAnnotation), "test"}};
  state_.Put(pool);
  ReconcilePool();
  EXPECT_EQ(AnnotationOf(Pool().metadata, kNodePoolHashAnnotation), NodePoolHash(Pool()));
  EXPECT_EQ(AnnotationOf(Pool().metadata, kNodePoolHashVersionAnnotation), kNodePoolHashVersion);
}

TEST_F(NodePoolHashControllerTest, KarpenterRestampsNodeClaimsWhenHashVersionsDiffer) {
  api::NodePool pool = SuiteNodePool();
  pool.metadata.annotations = {{std::string(kNodePoolHashAnnotation), "abceduefed"},
                               {std::string(kNodePoolHashVersionAnnotation), "test"}};
  state_.Put(pool);
  state_.Put(PoolClaim("claim-1", pool, "123456", "test"));
  state_.Put(PoolClaim("claim-2", pool, "123456", "test"));
  ReconcilePool();
  std::string expected = NodePoolHash(Pool());
  for (const char* name : {"claim-1", "claim-2"}) {
    EXPECT_EQ(AnnotationOf(Claim(name).metadata, kNodePoolHashAnnotation), expected) << name;
    EXPECT_EQ(AnnotationOf(Claim(name).metadata, kNodePoolHashVersionAnnotation),
              kNodePoolHashVersion);
  }
}

TEST_F(NodePoolHashControllerTest, KarpenterKeepsNodeClaimHashWhenVersionsMatch) {
  api::NodePool pool = SuiteNodePool();
  pool.metadata.annotations = {{std::string(kNodePoolHashAnnotation), "abceduefed"},
                               {std::string(kNodePoolHashVersionAnnotation), "test-version"}};
  state_.Put(pool);
  state_.Put(PoolClaim("claim", pool, "1234564654", std::string(kNodePoolHashVersion)));
  ReconcilePool();
  EXPECT_EQ(AnnotationOf(Pool().metadata, kNodePoolHashAnnotation), NodePoolHash(Pool()));
  EXPECT_EQ(AnnotationOf(Pool().metadata, kNodePoolHashVersionAnnotation), kNodePoolHashVersion);
  EXPECT_EQ(AnnotationOf(Claim("claim").metadata, kNodePoolHashAnnotation), "1234564654");
  EXPECT_EQ(AnnotationOf(Claim("claim").metadata, kNodePoolHashVersionAnnotation),
            kNodePoolHashVersion);
}

TEST_F(NodePoolHashControllerTest, KarpenterKeepsHashOfDriftedNodeClaim) {
  api::NodePool pool = SuiteNodePool();
  pool.metadata.annotations = {{std::string(kNodePoolHashAnnotation), "abceduefed"},
                               {std::string(kNodePoolHashVersionAnnotation), "test"}};
  state_.Put(pool);
  api::NodeClaim claim = PoolClaim("claim", pool, "123456", "test");
  api::StatusCondition drifted;
  drifted.type = "Drifted";
  drifted.status = "True";
  claim.status.conditions.push_back(drifted);
  state_.Put(claim);
  ReconcilePool();
  EXPECT_EQ(AnnotationOf(Claim("claim").metadata, kNodePoolHashAnnotation), "123456");
  EXPECT_EQ(AnnotationOf(Claim("claim").metadata, kNodePoolHashVersionAnnotation),
            kNodePoolHashVersion);
}

// ---- tidepool: adoption of claims launched by real Karpenter, the periodic pass ---------------

TEST_F(NodePoolHashControllerTest, ClaimsOfUpstreamKarpenterAreAdoptedNotDrifted) {
  // A cluster run by Karpenter v1: pool and claims stamped with upstream's "v3" hash numbers.
  api::NodePool pool = SuiteNodePool();
  pool.metadata.annotations = {{std::string(kNodePoolHashAnnotation), "4160426256428718745"},
                               {std::string(kNodePoolHashVersionAnnotation), "v3"}};
  state_.Put(pool);
  state_.Put(PoolClaim("claim", pool, "4160426256428718745", "v3"));
  api::NodeClaim other_pool = PoolClaim("other", pool, "1", "v3");
  other_pool.metadata.labels[std::string(api::kNodePoolLabelKey)] = "other";
  state_.Put(other_pool);

  EXPECT_EQ(controller_.Reconcile(), Duration::Seconds(10));
  EXPECT_EQ(AnnotationOf(Claim("claim").metadata, kNodePoolHashAnnotation), NodePoolHash(Pool()));
  EXPECT_EQ(AnnotationOf(Pool().metadata, kNodePoolHashAnnotation), NodePoolHash(Pool()));
  // Only the pool's own claims are touched.
  EXPECT_EQ(AnnotationOf(Claim("other").metadata, kNodePoolHashAnnotation), "1");
}

TEST_F(NodePoolHashControllerTest, StartStampsPoolsOnTheClock) {
  state_.Put(SuiteNodePool());
  controller_.Start();
  clock_.Advance(Duration());
  EXPECT_EQ(AnnotationOf(Pool().metadata, kNodePoolHashAnnotation), NodePoolHash(Pool()));
  // A template change is stamped on the next period.
  api::NodePool changed = Pool();
  changed.spec.template_.spec.taints.push_back(MakeTaint("new", "NoSchedule"));
  state_.Put(changed);
  clock_.Advance(Duration::Seconds(10));
  EXPECT_EQ(AnnotationOf(Pool().metadata, kNodePoolHashAnnotation), NodePoolHash(changed));
}

// ---- the hash's invariances (hashstructure's SlicesAsSets, IgnoreZeroValue, hash:"ignore") ---

TEST(NodePoolHashTest, EachStaticFieldChangesTheHash) {
  // The entries of drift_test.go "should detect drift on changes to the static fields".
  const std::string base = NodePoolHash(SuiteNodePool());
  std::vector<std::pair<std::string, api::NodePool>> changes;
  auto change = [&](std::string name, auto mutate) {
    api::NodePool pool = SuiteNodePool();
    mutate(pool.spec.template_);
    changes.emplace_back(std::move(name), std::move(pool));
  };
  change("Annotations", [](auto& t) { t.metadata.annotations["keyAnnotationTest"] = "v"; });
  change("Labels", [](auto& t) { t.metadata.labels["keyLabelTest"] = "valueLabelTest"; });
  change("Taints", [](auto& t) { t.spec.taints = {MakeTaint("keytest2taint", "NoExecute")}; });
  change("StartupTaints",
         [](auto& t) { t.spec.startup_taints = {MakeTaint("keytest2taint", "NoExecute")}; });
  change("NodeClassRef Name", [](auto& t) { t.spec.node_class_ref->name = "testName"; });
  change("ExpireAfter",
         [](auto& t) { t.spec.expire_after = NillableDuration{Duration::Minutes(100)}; });
  change("ExpireAfter Never", [](auto& t) { t.spec.expire_after = NillableDuration{}; });
  change("TerminationGracePeriod",
         [](auto& t) { t.spec.termination_grace_period = Duration::Minutes(100); });
  change("Taint value", [](auto& t) { t.spec.taints[0].value = "v"; });
  for (const auto& [name, pool] : changes) EXPECT_NE(NodePoolHash(pool), base) << name;
}

TEST(NodePoolHashTest, IgnoredFieldsDoNotChangeTheHash) {
  const std::string base = NodePoolHash(SuiteNodePool());
  api::NodePool pool = SuiteNodePool();
  api::NodeSelectorRequirement r;
  r.key = "k";
  r.operator_ = "Exists";
  pool.spec.template_.spec.requirements = {r};
  pool.spec.disruption.budgets = std::vector<api::Budget>{api::Budget{}};
  pool.spec.disruption.consolidate_after = NillableDuration{Duration::Minutes(1)};
  pool.spec.limits["cpu"] = Quantity::MustParse("1");
  pool.spec.weight = 10;
  pool.metadata.name = "another-name";
  pool.metadata.annotations["unrelated"] = "x";
  pool.status.nodes = 3;
  EXPECT_EQ(NodePoolHash(pool), base);
}

TEST(NodePoolHashTest, TaintOrderIsIrrelevant) {
  api::NodePool a = SuiteNodePool();
  a.spec.template_.spec.taints = {MakeTaint("a", "NoSchedule"), MakeTaint("b", "NoExecute", "1")};
  api::NodePool b = a;
  std::swap(b.spec.template_.spec.taints[0], b.spec.template_.spec.taints[1]);
  EXPECT_EQ(NodePoolHash(a), NodePoolHash(b));
  // Taints and startup taints are different fields, though.
  api::NodePool c = a;
  std::swap(c.spec.template_.spec.taints, c.spec.template_.spec.startup_taints);
  EXPECT_NE(NodePoolHash(a), NodePoolHash(c));
}

TEST(NodePoolHashTest, ZeroValuesHashAsAbsent) {
  api::NodePool absent;
  api::NodePool zero;
  zero.spec.template_.spec.termination_grace_period = Duration();
  zero.spec.template_.spec.node_class_ref = api::NodeClassReference{};
  zero.spec.template_.spec.expire_after = NillableDuration{api::kDefaultExpireAfter};  // default
  EXPECT_EQ(NodePoolHash(absent), NodePoolHash(zero));
  // Field boundaries are part of the encoding: a label is not an annotation.
  api::NodePool label;
  label.spec.template_.metadata.labels["k"] = "v";
  api::NodePool annotation;
  annotation.spec.template_.metadata.annotations["k"] = "v";
  EXPECT_NE(NodePoolHash(label), NodePoolHash(annotation));
}

TEST(NodePoolHashTest, HashIsStableAcrossRuns) {
  // Pinned: a change to this number changes every stamped claim's hash and must come with a bump
  // of kNodePoolHashVersion.
  EXPECT_EQ(kNodePoolHashVersion, "tidepool-v1");
  EXPECT_EQ(HashNodeClaimTemplate(SuiteNodePool().spec.template_), 16514392984798647109u);
}

TEST(NodePoolHashTest, StampsPoolAndClaim) {
  api::NodePool pool = SuiteNodePool();
  EXPECT_TRUE(StampNodePoolHash(pool));
  EXPECT_FALSE(StampNodePoolHash(pool));
  EXPECT_EQ(AnnotationOf(pool.metadata, kNodePoolHashAnnotation), NodePoolHash(pool));
  api::NodeClaim claim;
  EXPECT_TRUE(StampNodeClaimHash(claim, NodePoolHash(pool)));
  EXPECT_FALSE(StampNodeClaimHash(claim, NodePoolHash(pool)));
  EXPECT_EQ(AnnotationOf(claim.metadata, kNodePoolHashVersionAnnotation), kNodePoolHashVersion);
}

}  // namespace
}  // namespace tidepool::disruption
