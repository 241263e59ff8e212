// Balanced consolidation scoring, ported from kubernetes-sigs/karpenter
// pkg/controllers/disruption/balanced_test.go (ScoreMove, ConsolidationPolicy.IsBalanced) and
// balanced_scoring_test.go (computeNodePoolTotals, EvaluateBalancedMove, the evaluator).
#include "disruption/balanced.h"

#include <gtest/gtest.h>

#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "disruption/consolidation_test_util.h"
#include "disruption/disruption_test_util.h"
#include "disruption/single_node_consolidation.h"

namespace tidepool::disruption {
namespace {

using testing::ConsolidationNodePool;

// RFC example pool: ten nodes (eight m7i.xlarge at $4.84/day, two m7i.2xlarge at $9.68/day),
// 80 pods: total cost 58.08, total disruption 90.
const NodePoolTotals kDefaultTotals{58.08, 90};

double Expected(double savings, double disruption, const NodePoolTotals& totals) {
  return (savings / totals.total_cost) / (disruption / totals.total_disruption_cost);
}

TEST(BalancedScoreMoveTest, ApprovesOversizedNodeConsolidation) {
  const double savings = 7.26;  // m7i.2xlarge - m7i.large
  const double disruption = 4.0;
  ScoreResult result = ScoreMove(savings, disruption, kDefaultTotals, 2);
  EXPECT_TRUE(result.Approved()) << result.Score();
  EXPECT_NEAR(result.Score(), Expected(savings, disruption, kDefaultTotals), 0.02);
  EXPECT_NEAR(result.savings_fraction, savings / 58.08, 0.001);
  EXPECT_NEAR(result.disruption_fraction, disruption / 90, 0.001);
}

TEST(BalancedScoreMoveTest, ApprovesSpareCapacityDelete) {
  ScoreResult result = ScoreMove(4.84, 5.0, kDefaultTotals, 2);
  EXPECT_TRUE(result.Approved());
  EXPECT_NEAR(result.Score(), Expected(4.84, 5.0, kDefaultTotals), 0.02);
}

TEST(BalancedScoreMoveTest, RejectsMarginalMove) {
  ScoreResult result = ScoreMove(2.42, 9.0, kDefaultTotals, 2);
  EXPECT_FALSE(result.Approved()) << result.Score();
  EXPECT_NEAR(result.Score(), Expected(2.42, 9.0, kDefaultTotals), 0.01);
}

TEST(BalancedScoreMoveTest, RejectsWellPackedNodeWithZeroSavings) {
  ScoreResult result = ScoreMove(0, 11.0, kDefaultTotals, 2);
  EXPECT_FALSE(result.Approved());
  EXPECT_EQ(result.Score(), 0);
}

TEST(BalancedScoreMoveTest, ApprovesReplaceInUniformPool) {
  const NodePoolTotals uniform{48.40, 90};
  ScoreResult result = ScoreMove(2.42, 9.0, uniform, 2);
  EXPECT_TRUE(result.Approved()) << result.Score();
  EXPECT_NEAR(result.Score(), Expected(2.42, 9.0, uniform), 0.01);
}

TEST(BalancedScoreMoveTest, VaryingDisruptionApprovesLowAndRejectsHigh) {
  const NodePoolTotals heterogeneous{58.08, 117};
  ScoreResult a = ScoreMove(4.84, 5.0, heterogeneous, 2);
  EXPECT_TRUE(a.Approved()) << a.Score();
  EXPECT_NEAR(a.Score(), Expected(4.84, 5.0, heterogeneous), 0.02);
  ScoreResult b = ScoreMove(4.84, 32.0, heterogeneous, 2);
  EXPECT_FALSE(b.Approved()) << b.Score();
  EXPECT_NEAR(b.Score(), Expected(4.84, 32.0, heterogeneous), 0.01);
}

TEST(BalancedScoreMoveTest, ScaleInvariance) {
  ScoreResult ten = ScoreMove(7.26, 4.0, kDefaultTotals, 2);
  ScoreResult hundred = ScoreMove(7.26, 4.0, NodePoolTotals{580.80, 900}, 2);
  EXPECT_NEAR(ten.Score(), hundred.Score(), 0.01);
  EXPECT_NEAR(ten.Score(), Expected(7.26, 4.0, kDefaultTotals), 0.02);
}

TEST(BalancedScoreMoveTest, ZeroValueEdgeCases) {
  ScoreResult free_move = ScoreMove(4.84, 0, kDefaultTotals, 2);
  EXPECT_TRUE(free_move.Approved());
  EXPECT_TRUE(std::isinf(free_move.Score()));
  EXPECT_FALSE(ScoreMove(0, 0, kDefaultTotals, 2).Approved());
  EXPECT_FALSE(ScoreMove(4.84, 5.0, NodePoolTotals{0, 90}, 2).Approved());
  EXPECT_FALSE(ScoreMove(-5, 10, kDefaultTotals, 2).Approved());  // negative savings
}

TEST(BalancedScoreMoveTest, ThresholdTuning) {
  EXPECT_FALSE(ScoreMove(2.42, 9.0, kDefaultTotals, 2).Approved());
  EXPECT_TRUE(ScoreMove(2.42, 9.0, kDefaultTotals, 3).Approved());
  EXPECT_FALSE(ScoreMove(2.42, 9.0, kDefaultTotals, 1).Approved());
  EXPECT_DOUBLE_EQ(ScoreMove(2.42, 9.0, kDefaultTotals, 3).Threshold(), 1.0 / 3);
}

TEST(BalancedScoreMoveTest, CrossNodePoolProportionallyEquivalentMoves) {
  ScoreResult on_demand = ScoreMove(4.84, 4.0, NodePoolTotals{48.40, 90}, 2);
  ScoreResult spot = ScoreMove(1.45, 4.0, NodePoolTotals{14.50, 90}, 2);
  EXPECT_NEAR(on_demand.Score(), spot.Score(), 0.01);
  EXPECT_TRUE(on_demand.Approved());
  EXPECT_TRUE(spot.Approved());
}

// balanced_scoring_test.go "ScoreMove (SavingsRatio)" entries: savings, disruption, score,
// approved.
TEST(BalancedScoreMoveTest, SavingsRatioTable) {
  const NodePoolTotals totals{100, 100};
  struct Row {
    double savings, disruption, score;
    bool approved, infinite;
  };
  for (const Row& row :
       {Row{20, 5, 4.0, true, false}, Row{10, 10, 1.0, true, false}, Row{5, 50, 0.10, false, false},
        Row{10, 0, 0, true, true}, Row{0, 10, 0, false, false}, Row{-5, 10, 0, false, false}}) {
    ScoreResult result = ScoreMove(row.savings, row.disruption, totals, 2);
    EXPECT_EQ(result.Approved(), row.approved) << row.savings << "/" << row.disruption;
    if (row.infinite) {
      EXPECT_TRUE(std::isinf(result.Score()));
    } else {
      EXPECT_NEAR(result.Score(), row.score, 1e-9);
    }
  }
}

TEST(BalancedPolicyTest, IsBalanced) {
  api::NodePool pool = ConsolidationNodePool();
  pool.spec.disruption.consolidation_policy = api::kConsolidationPolicyBalanced;
  EXPECT_TRUE(IsBalanced(pool));
  pool.spec.disruption.consolidation_policy = api::kConsolidationPolicyWhenEmptyOrUnderutilized;
  EXPECT_FALSE(IsBalanced(pool));
  pool.spec.disruption.consolidation_policy = api::kConsolidationPolicyWhenEmpty;
  EXPECT_FALSE(IsBalanced(pool));
}

// Candidates as balanced_scoring_test.go's makeCandidate builds them: a price and one unit of
// disruption per pod on top of the node's base cost.
class BalancedScoringTest : public ::testing::Test {
 protected:
  const api::NodePool& Pool(std::string name, std::string_view policy) {
    auto pool = std::make_unique<api::NodePool>(ConsolidationNodePool(std::move(name)));
    pool->spec.disruption.consolidation_policy = std::string(policy);
    pools_.push_back(std::move(pool));
    return *pools_.back();
  }
  Candidate Make(std::string name, const api::NodePool& pool, double price, int pods) {
    Candidate candidate;
    candidate.name = std::move(name);
    candidate.node_pool = &pool;
    candidate.price = price;
    candidate.reschedule_disruption_cost = kPerNodeBaseDisruptionCost + pods;
    return candidate;
  }
  static std::vector<PoolNode> NodesOf(const std::vector<Candidate>& candidates) {
    std::vector<PoolNode> nodes;
    for (const Candidate& c : candidates) {
      nodes.push_back({c.name, c.node_pool->metadata.name, c.reschedule_disruption_cost});
    }
    return nodes;
  }
  static Command Delete(std::vector<Candidate> candidates) {
    Command command;
    command.reason = Reason::kUnderutilized;
    command.candidates = std::move(candidates);
    return command;
  }
  std::vector<std::unique_ptr<api::NodePool>> pools_;
};

TEST_F(BalancedScoringTest, ComputeNodePoolTotalsFromAllCandidates) {
  const api::NodePool& pool = Pool("pool-a", api::kConsolidationPolicyBalanced);
  std::vector<Candidate> candidates;
  for (int i = 0; i < 5; ++i)
    candidates.push_back(Make("node-" + std::to_string(i), pool, 4.84, 1));
  NodePoolTotalsMap totals = ComputeNodePoolTotals(candidates, NodesOf(candidates), nullptr);
  ASSERT_TRUE(totals.contains("pool-a"));
  EXPECT_NEAR(totals["pool-a"].total_cost, 5 * 4.84, 0.01);
  EXPECT_NEAR(totals["pool-a"].total_disruption_cost, 10.0, 0.01);
}

TEST_F(BalancedScoringTest, ComputeNodePoolTotalsAccumulatesZeroPricedCandidates) {
  const api::NodePool& pool = Pool("pool-b", api::kConsolidationPolicyBalanced);
  std::vector<Candidate> candidates = {Make("node-good-1", pool, 4.84, 1),
                                       Make("node-nil", pool, 0, 1),
                                       Make("node-good-2", pool, 4.84, 1)};
  NodePoolTotalsMap totals = ComputeNodePoolTotals(candidates, NodesOf(candidates), nullptr);
  EXPECT_NEAR(totals["pool-b"].total_cost, 2 * 4.84, 0.01);
  EXPECT_NEAR(totals["pool-b"].total_disruption_cost, 6.0, 0.01);
}

// The RFC's "non-candidate nodes still contribute to the denominators", and the cluster cost
// tracker's pool cost wins over the candidates' sum.
TEST_F(BalancedScoringTest, ComputeNodePoolTotalsCountsNonCandidateNodesAndPoolCost) {
  const api::NodePool& pool = Pool("pool-a", api::kConsolidationPolicyBalanced);
  std::vector<Candidate> candidates = {Make("node-0", pool, 4.84, 1)};
  std::vector<PoolNode> nodes = NodesOf(candidates);
  nodes.push_back({"busy", "pool-a", 8.0});
  nodes.push_back({"other-pool", "pool-z", 50.0});
  std::map<std::string, double, std::less<>> pool_costs = {{"pool-a", 20.0}};
  NodePoolTotalsMap totals = ComputeNodePoolTotals(candidates, nodes, &pool_costs);
  EXPECT_NEAR(totals["pool-a"].total_disruption_cost, 10.0, 1e-9);
  EXPECT_NEAR(totals["pool-a"].total_cost, 20.0, 1e-9);
  EXPECT_FALSE(totals.contains("pool-z"));
}

TEST_F(BalancedScoringTest, EvaluateRejectsEmptyCommand) {
  NodePoolTotalsMap totals = {{"pool-a", NodePoolTotals{100, 50}}};
  BalancedVerdict verdict = EvaluateBalancedMove(Command{}, totals, 2);
  EXPECT_FALSE(verdict.approved);
  EXPECT_TRUE(verdict.per_pool.empty());
}

TEST_F(BalancedScoringTest, EvaluateSkipsNonBalancedPools) {
  const api::NodePool& pool =
      Pool("pool-nobalanced", api::kConsolidationPolicyWhenEmptyOrUnderutilized);
  std::vector<Candidate> all;
  for (int i = 0; i < 5; ++i) all.push_back(Make("node-" + std::to_string(i), pool, 4.84, 1));
  NodePoolTotalsMap totals = ComputeNodePoolTotals(all, NodesOf(all), nullptr);
  BalancedVerdict verdict = EvaluateBalancedMove(Delete({all[0], all[1]}), totals, 2);
  EXPECT_FALSE(verdict.per_pool.contains("pool-nobalanced"));
  EXPECT_TRUE(verdict.approved);
}

TEST_F(BalancedScoringTest, EvaluateRejectsPoolMissingFromTotals) {
  const api::NodePool& pool = Pool("pool-missing", api::kConsolidationPolicyBalanced);
  BalancedVerdict verdict = EvaluateBalancedMove(Delete({Make("node-0", pool, 4.84, 1)}), {}, 2);
  ASSERT_TRUE(verdict.per_pool.contains("pool-missing"));
  EXPECT_EQ(verdict.per_pool["pool-missing"].Score(), 0);
  EXPECT_FALSE(verdict.approved);
}

TEST_F(BalancedScoringTest, EvaluateApprovesDeleteInSingleBalancedPool) {
  const api::NodePool& pool = Pool("pool-single", api::kConsolidationPolicyBalanced);
  std::vector<Candidate> all;
  for (int i = 0; i < 10; ++i) all.push_back(Make("node-" + std::to_string(i), pool, 4.84, 1));
  NodePoolTotalsMap totals = ComputeNodePoolTotals(all, NodesOf(all), nullptr);
  BalancedVerdict verdict = EvaluateBalancedMove(Delete({all[0]}), totals, 2);
  EXPECT_TRUE(verdict.approved);
  EXPECT_NEAR(verdict.per_pool["pool-single"].Score(), 1.0, 0.05);
}

TEST_F(BalancedScoringTest, EvaluateAttributesSavingsProportionallyAcrossPools) {
  const api::NodePool& balanced = Pool("pool-balanced", api::kConsolidationPolicyBalanced);
  const api::NodePool& other =
      Pool("pool-empty", api::kConsolidationPolicyWhenEmptyOrUnderutilized);
  std::vector<Candidate> all;
  for (int i = 0; i < 5; ++i) all.push_back(Make("b-node-" + std::to_string(i), balanced, 4.84, 1));
  for (int i = 0; i < 5; ++i) all.push_back(Make("e-node-" + std::to_string(i), other, 4.84, 1));
  NodePoolTotalsMap totals = ComputeNodePoolTotals(all, NodesOf(all), nullptr);
  BalancedVerdict verdict = EvaluateBalancedMove(Delete({all[0], all[5]}), totals, 2);
  EXPECT_TRUE(verdict.approved);
  EXPECT_NEAR(verdict.per_pool["pool-balanced"].Score(), 1.0, 0.05);
  EXPECT_FALSE(verdict.per_pool.contains("pool-empty"));
}

// AllPoolsMustApprove: one rejecting Balanced pool rejects the whole move.
TEST_F(BalancedScoringTest, EvaluateRejectsWhenAnyBalancedPoolRejects) {
  const api::NodePool& a = Pool("pool-a", api::kConsolidationPolicyBalanced);
  const api::NodePool& b = Pool("pool-b", api::kConsolidationPolicyBalanced);
  std::vector<Candidate> all;
  for (int i = 0; i < 10; ++i) all.push_back(Make("a-node-" + std::to_string(i), a, 4.84, 1));
  // Pool B: a heavy node (100 pods) and a light one; deleting the heavy one saves half the pool's
  // cost but causes almost all of its disruption.
  all.push_back(Make("b-node-0", b, 1.0, 100));
  all.push_back(Make("b-node-1", b, 1.0, 1));
  NodePoolTotalsMap totals = ComputeNodePoolTotals(all, NodesOf(all), nullptr);
  BalancedVerdict verdict = EvaluateBalancedMove(Delete({all[0], all[10]}), totals, 2);
  EXPECT_TRUE(verdict.per_pool["pool-a"].Approved());
  // savings: (4.84 + 1) split by source price share; pool B gets 1.0 of 2.0 -> 0.5 fraction;
  // disruption 101 / 103.
  EXPECT_NEAR(verdict.per_pool["pool-b"].savings_fraction, 0.5, 1e-9);
  EXPECT_NEAR(verdict.per_pool["pool-b"].disruption_fraction, 101.0 / 103.0, 1e-9);
  EXPECT_TRUE(verdict.per_pool["pool-b"].Approved());  // 0.51 >= 0.5, borderline as upstream
  // With a pricier light node the heavy node's share of the savings drops and pool B rejects;
  // pool A's approval does not carry the move.
  all[11] = Make("b-node-1", b, 2.0, 1);
  totals = ComputeNodePoolTotals(all, NodesOf(all), nullptr);
  verdict = EvaluateBalancedMove(Delete({all[0], all[10]}), totals, 2);
  EXPECT_TRUE(verdict.per_pool["pool-a"].Approved());
  EXPECT_NEAR(verdict.per_pool["pool-b"].Score(), (1.0 / 3.0) / (101.0 / 103.0), 1e-9);
  EXPECT_FALSE(verdict.per_pool["pool-b"].Approved());
  EXPECT_FALSE(verdict.approved);
}

TEST_F(BalancedScoringTest, CandidateSavingsRatio) {
  const api::NodePool& pool = Pool("pool", api::kConsolidationPolicyBalanced);
  EXPECT_DOUBLE_EQ(Make("a", pool, 4.84, 0).SavingsRatio(), 4.84);
  EXPECT_DOUBLE_EQ(Make("b", pool, 4.84, 3).SavingsRatio(), 4.84 / 4);
  EXPECT_DOUBLE_EQ(Make("c", pool, 0, 3).SavingsRatio(), 0);
}

// "should REJECT a move when EstimatedSavings excludes spot offerings for an on-demand-only
// NodePool": the replacement's cheapest *compatible available* offering is what it costs.
TEST_F(BalancedScoringTest, EstimatedSavingsUsesCompatibleOfferingsOnly) {
  const api::NodePool& pool = Pool("pool", api::kConsolidationPolicyBalanced);
  cloud::fake::Options options;
  options.offerings = {
      {.zone = "test-zone-1", .capacity_type = "spot", .price = 0.5},
      {.zone = "test-zone-1", .capacity_type = "on-demand", .price = 4.0},
  };
  cloud::InstanceTypePtr type = cloud::fake::NewInstanceType("replacement", options);
  Command command = Delete({Make("node", pool, 4.5, 1)});
  scheduling::NewNodeClaim claim;
  claim.instance_type_options = {type};
  claim.requirements.Add(api::Requirement::Make(api::kCapacityTypeLabelKey,
                                                api::NodeSelectorOperator::kIn, {"on-demand"}));
  command.replacements.push_back(claim);
  EXPECT_NEAR(EstimatedSavings(command), 0.5, 1e-9);
  // Pool of 10 such nodes: savings 0.5/45 vs disruption 2/20: rejected.
  NodePoolTotalsMap totals = {{"pool", NodePoolTotals{45, 20}}};
  EXPECT_FALSE(EvaluateBalancedMove(command, totals, 2).approved);
  // Had spot been allowed the estimate would have been 4.0 and the move approved.
  command.replacements.front().requirements = api::Requirements{};
  EXPECT_NEAR(EstimatedSavings(command), 4.0, 1e-9);
  EXPECT_TRUE(EvaluateBalancedMove(command, totals, 2).approved);
}

TEST_F(BalancedScoringTest, EvaluatorWithoutTotalsApprovesEverything) {
  const api::NodePool& pool = Pool("pool", api::kConsolidationPolicyBalanced);
  BalancedEvaluator evaluator(2, nullptr);
  Candidate heavy = Make("heavy", pool, 0.01, 1000);
  EXPECT_TRUE(evaluator.ApproveCommand(Delete({heavy})).approved);
  EXPECT_TRUE(evaluator.CanPassThreshold(heavy));
  evaluator.SetTotals({{"pool", NodePoolTotals{10, 1010}}});
  EXPECT_FALSE(evaluator.ApproveCommand(Delete({heavy})).approved);
  EXPECT_FALSE(evaluator.CanPassThreshold(heavy));
}

// EmitBalancedMultiNodeEvents: approved pools get ConsolidationApproved on the NodePool,
// rejected ones nothing.
TEST_F(BalancedScoringTest, EmitMultiNodeEventsOnlyForApprovedPools) {
  testing::ConsolidationWorld world;
  BalancedEvaluator evaluator(2, world.events());
  BalancedVerdict verdict;
  verdict.approved = false;
  verdict.per_pool["approved-pool"] = ScoreResult{0.2, 0.1, 2};
  verdict.per_pool["rejected-pool"] = ScoreResult{0.01, 0.5, 2};
  evaluator.EmitMultiNodeEvents(verdict);
  std::vector<std::string> messages = world.EventMessages(kConsolidationApprovedReason);
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0], "score 2.00 >= threshold 0.50 (k: 2, savings 20.0%, disruption 10.0%)");
}

// Single-node consolidation skips a Balanced candidate whose deletion could not pass, without
// simulating it, and scores the others.
TEST_F(BalancedScoringTest, SingleNodeSkipsCandidatesThatCannotPass) {
  testing::ConsolidationWorld world;
  api::NodePool balanced = testing::ConsolidationNodePool("balanced");
  balanced.spec.disruption.consolidation_policy = api::kConsolidationPolicyBalanced;
  const api::NodePool& pool = world.AddPool(balanced);
  Candidate& cheap_busy = world.AddNode("cheap-busy", pool, world.types.front(),
                                        {.pods = std::vector<api::ResourceList>(20)});
  cheap_busy.price = 0.1;
  Candidate& pricey_idle = world.AddNode("pricey-idle", pool, world.types.front(),
                                         {.pods = std::vector<api::ResourceList>(1)});
  pricey_idle.price = 10;
  SingleNodeConsolidation method(Options{}, world.events());
  std::vector<Candidate> candidates = world.Candidates();
  method.SetNodePoolTotals(ComputeNodePoolTotals(
      candidates,
      std::vector<PoolNode>{{"cheap-busy", "balanced", 21}, {"pricey-idle", "balanced", 2}},
      nullptr));
  // Neither move works out (a pod would not fit anywhere).
  testing::FakeSimulator simulator([](std::span<const Candidate* const>) {
    SimulationResult result;
    result.failure = "no fit";
    return result;
  });
  BudgetMap budgets = world.Budgets();
  auto commands = method.ComputeCommands(simulator, budgets, candidates);
  ASSERT_TRUE(commands.has_value());
  EXPECT_TRUE(commands->empty());
  // pricey-idle (ratio 10/2) is simulated; cheap-busy (0.1/21 savings fraction vs 21/23
  // disruption) is skipped without simulating.
  ASSERT_EQ(simulator.calls.size(), 1u);
  EXPECT_EQ(simulator.calls[0], std::vector<std::string>{"pricey-idle"});
  // Without totals both are simulated.
  SingleNodeConsolidation unscored(Options{}, world.events());
  simulator.calls.clear();
  budgets = world.Budgets();
  ASSERT_TRUE(unscored.ComputeCommands(simulator, budgets, candidates).has_value());
  EXPECT_EQ(simulator.calls.size(), 2u);
}

// ---- balanced_adversarial_test.go
// ----------------------------------------------------------------

TEST_F(BalancedScoringTest, AdversarialNanPriceDoesNotPoisonTotals) {
  const api::NodePool& pool = Pool("pool-nan", api::kConsolidationPolicyBalanced);
  std::vector<Candidate> candidates = {Make("node-good-1", pool, 4.84, 1),
                                       Make("node-nan", pool, std::nan(""), 1),
                                       Make("node-good-2", pool, 4.84, 1)};
  NodePoolTotalsMap totals = ComputeNodePoolTotals(candidates, NodesOf(candidates), nullptr);
  EXPECT_FALSE(std::isnan(totals["pool-nan"].total_cost));
  EXPECT_NEAR(totals["pool-nan"].total_cost, 9.68, 1e-9);
  EXPECT_FALSE(std::isnan(ScoreMove(4.84, 2.0, totals["pool-nan"], 2).Score()));
  // Poisoned totals passed in directly still give a number (an unscored, rejected move).
  ScoreResult poisoned = ScoreMove(4.84, 2.0, NodePoolTotals{std::nan(""), 6}, 2);
  EXPECT_FALSE(std::isnan(poisoned.Score()));
  EXPECT_FALSE(poisoned.Approved());
}

TEST_F(BalancedScoringTest, AdversarialPerPoolEntriesForEveryBalancedPool) {
  const api::NodePool& a = Pool("pool-a", api::kConsolidationPolicyBalanced);
  const api::NodePool& b = Pool("pool-b", api::kConsolidationPolicyBalanced);
  std::vector<Candidate> all = {Make("a-0", a, 1.0, 20), Make("a-1", a, 1.0, 1)};
  for (int i = 0; i < 10; ++i) all.push_back(Make("b-" + std::to_string(i), b, 1.0, 1));
  NodePoolTotalsMap totals = ComputeNodePoolTotals(all, NodesOf(all), nullptr);
  BalancedVerdict verdict = EvaluateBalancedMove(Delete({all[0], all[2]}), totals, 2);
  for (const char* name : {"pool-a", "pool-b"}) {
    ASSERT_TRUE(verdict.per_pool.contains(name)) << name;
    EXPECT_EQ(verdict.per_pool[name].k, 2) << name;
  }
}

// "should use source pricing that ignores availability": a running node costs its offering's
// price even when that offering can no longer launch.
TEST_F(BalancedScoringTest, AdversarialSourcePriceIgnoresAvailability) {
  const api::NodePool& pool = Pool("pool-avail", api::kConsolidationPolicyBalanced);
  cloud::fake::Options options;
  options.offerings = {
      {.zone = "test-zone-1", .capacity_type = "on-demand", .price = 1.0, .available = false},
      {.zone = "test-zone-2", .capacity_type = "on-demand", .price = 5.0}};
  testing::ConsolidationWorld world;
  world.types = {cloud::fake::NewInstanceType("source-type", options)};
  const Candidate& candidate = world.AddNode("node-src", pool, world.types.front(),
                                             {.pods = std::vector<api::ResourceList>(1)});
  EXPECT_DOUBLE_EQ(candidate.price, 1.0);
  EXPECT_DOUBLE_EQ(EstimatedSavings(Delete({candidate})), 1.0);
}

TEST_F(BalancedScoringTest, AdversarialSingleNodePoolDeleteScoresOne) {
  const api::NodePool& pool = Pool("pool-single", api::kConsolidationPolicyBalanced);
  std::vector<Candidate> all = {Make("only-node", pool, 4.84, 1)};
  NodePoolTotalsMap totals = ComputeNodePoolTotals(all, NodesOf(all), nullptr);
  BalancedVerdict verdict = EvaluateBalancedMove(Delete(all), totals, 2);
  EXPECT_TRUE(verdict.approved);
  EXPECT_DOUBLE_EQ(verdict.per_pool["pool-single"].Score(), 1.0);
}

// ---- balanced_integration_test.go, through the controller -------------------------------------

class BalancedControllerTest : public testing::DisruptionTest {
 protected:
  BalancedControllerTest() { PutNodePool(NodePool("default", api::kConsolidationPolicyBalanced)); }
  std::string Node(const cloud::InstanceTypePtr& type) {
    testing::ManagedNodeOptions o;
    o.instance_type = type->name;
    o.allocatable = testing::Resources({{"cpu", "32"}, {"pods", "100"}});
    o.consolidatable = true;
    return NodeClaimAndNode(o).second;
  }
  std::vector<std::string> QueuedNodes() {
    std::vector<std::string> out;
    for (const auto& [id, entry] : controller().queue().entries()) {
      out.insert(out.end(), entry.nodes.begin(), entry.nodes.end());
    }
    return out;
  }
  std::vector<std::string> Approvals() const {
    std::vector<std::string> out;
    for (const cluster::Event& event : state_.events().events()) {
      if (event.reason == kConsolidationApprovedReason) out.push_back(event.message);
    }
    return out;
  }
};

// "should approve replacing an oversized node".
TEST_F(BalancedControllerTest, ApprovesReplacingOversizedNode) {
  const std::string node = Node(most_expensive_);
  scheduling::testing::PodOptions pod;
  pod.requests = testing::Resources({{"cpu", "500m"}});
  BoundPod(node, pod);
  MakeController(DefaultMethods);
  ReconcileDisruption();
  EXPECT_EQ(QueuedNodes(), std::vector<std::string>{node});
  EXPECT_EQ(Replacements().size(), 1u);
  std::vector<std::string> approvals = Approvals();
  ASSERT_FALSE(approvals.empty());
  EXPECT_NE(approvals[0].find("k: 2"), std::string::npos) << approvals[0];
  EXPECT_NE(approvals[0].find(">= threshold 0.50"), std::string::npos) << approvals[0];
}

// "should reject replacing a well-packed node": the cheapest type, full, has no cheaper move.
TEST_F(BalancedControllerTest, RejectsReplacingWellPackedNode) {
  const std::string node = Node(least_expensive_);
  scheduling::testing::PodOptions pod;
  pod.requests = testing::Resources({{"cpu", "3500m"}});
  for (int i = 0; i < 8; ++i) BoundPod(node, pod);
  MakeController(DefaultMethods);
  ReconcileDisruption();
  EXPECT_TRUE(QueuedNodes().empty());
  EXPECT_TRUE(Approvals().empty());
}

// "should approve consolidating multiple underutilized nodes": three expensive nodes, one 1-cpu
// pod each; multi-node moves at least two of them and the pool is approved on the NodePool.
TEST_F(BalancedControllerTest, ApprovesConsolidatingMultipleUnderutilizedNodes) {
  scheduling::testing::PodOptions pod;
  pod.requests = testing::Resources({{"cpu", "1"}});
  for (int i = 0; i < 3; ++i) BoundPod(Node(most_expensive_), pod);
  MakeController(DefaultMethods);
  ReconcileDisruption();
  ASSERT_EQ(controller().queue().entries().size(), 1u);
  EXPECT_GE(QueuedNodes().size(), 2u);
  EXPECT_EQ(EventCount("NodePool", "default", kConsolidationApprovedReason), 1u);
}

}  // namespace
}  // namespace tidepool::disruption
