// Multi-node consolidation: budgets in sort order, the prefix binary search, the candidate cap and
// filterOutSameInstanceType. Behaviour ported from kubernetes-sigs/karpenter
// pkg/controllers/disruption/multinodeconsolidation.go and the multi-node cases of
// consolidation_test.go ("Budgets", "Multi-NodeClaim"); scenarios that need real scheduling are in
// consolidation_test.cc.
#include "disruption/multi_node_consolidation.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "disruption/consolidation_test_util.h"

namespace tidepool::disruption {
namespace {

using testing::ConsolidationWorld;
using testing::FakeSimulator;
using testing::Names;

class MultiNodeConsolidationTest : public ::testing::Test {
 protected:
  // `count` nodes of the cheapest type in `pool`, named node-00.., one pod each, so they sort by
  // name.
  void AddNodes(const api::NodePool& pool, int count, const std::string& prefix = "node-") {
    for (int i = 0; i < count; ++i) {
      std::string name = prefix + (i < 10 ? "0" : "") + std::to_string(i);
      world_.AddNode(name, pool, world_.types.front(), {.pods = std::vector<api::ResourceList>(1)});
    }
  }
  // Deletes work for any prefix of at most `fits` candidates.
  static FakeSimulator::Respond DeletableUpTo(size_t fits) {
    return [fits](std::span<const Candidate* const> candidates) {
      SimulationResult result;
      result.all_non_pending_scheduled = candidates.size() <= fits;
      if (!result.all_non_pending_scheduled) result.failure = "no room";
      return result;
    };
  }

  ConsolidationWorld world_;
  MultiNodeConsolidation method_{Options{}, world_.events()};
};

TEST_F(MultiNodeConsolidationTest, BinarySearchKeepsLargestValidPrefix) {
  const api::NodePool& pool = world_.AddPool("default");
  AddNodes(pool, 10);
  FakeSimulator simulator(DeletableUpTo(6));
  BudgetMap budgets = world_.Budgets();
  auto commands = method_.ComputeCommands(simulator, budgets, world_.Candidates());
  ASSERT_TRUE(commands.has_value());
  ASSERT_EQ(commands->size(), 1u);
  const Command& command = (*commands)[0];
  EXPECT_EQ(command.decision(), Decision::kDelete);
  EXPECT_EQ(command.method, "multi-node-consolidation");
  EXPECT_EQ(command.reason, Reason::kUnderutilized);
  EXPECT_EQ(Names(command.candidates), (std::vector<std::string>{"node-00", "node-01", "node-02",
                                                                 "node-03", "node-04", "node-05"}));
  // min 1, max 9, prefix mid+1: probes of 6 (ok), 8 (no), 7 (no) nodes.
  std::vector<size_t> probe_sizes;
  for (const auto& call : simulator.calls) probe_sizes.push_back(call.size());
  EXPECT_EQ(probe_sizes, (std::vector<size_t>{6, 8, 7}));
  EXPECT_EQ(method_.last_simulations(), 3);
}

// Multi-node never proposes a single node (single-node consolidation finds those); the longest
// prefix is every candidate (max = n - 1 is an index, the prefix is [0, mid]).
TEST_F(MultiNodeConsolidationTest, ProbesBetweenTwoNodesAndAll) {
  const api::NodePool& pool = world_.AddPool("default");
  AddNodes(pool, 1);
  FakeSimulator simulator(DeletableUpTo(100));
  BudgetMap budgets = world_.Budgets();
  auto one = method_.ComputeCommands(simulator, budgets, world_.Candidates());
  ASSERT_TRUE(one.has_value());
  EXPECT_TRUE(one->empty());
  EXPECT_TRUE(simulator.calls.empty());

  AddNodes(pool, 4, "more-");
  budgets = world_.Budgets();
  auto five = method_.ComputeCommands(simulator, budgets, world_.Candidates());
  ASSERT_TRUE(five.has_value());
  ASSERT_EQ(five->size(), 1u);
  EXPECT_EQ((*five)[0].candidates.size(), 5u);
  for (const auto& call : simulator.calls) EXPECT_GE(call.size(), 2u);
}

// No valid prefix: nothing, and (budgets not involved) the state is marked consolidated.
TEST_F(MultiNodeConsolidationTest, NoValidPrefixMarksConsolidated) {
  const api::NodePool& pool = world_.AddPool("default");
  AddNodes(pool, 5);
  FakeSimulator simulator(DeletableUpTo(1));
  BudgetMap budgets = world_.Budgets();
  method_.SetConsolidationState(3);
  auto commands = method_.ComputeCommands(simulator, budgets, world_.Candidates());
  ASSERT_TRUE(commands.has_value());
  EXPECT_TRUE(commands->empty());
  EXPECT_TRUE(method_.IsConsolidated());
  const size_t calls = simulator.calls.size();
  ASSERT_TRUE(method_.ComputeCommands(simulator, budgets, world_.Candidates()).has_value());
  EXPECT_EQ(simulator.calls.size(), calls);  // skipped
}

// consolidation_test.go "should allow 2 nodes from each nodePool to be deleted": budgets are
// consumed in sort order, per pool, before the search.
TEST_F(MultiNodeConsolidationTest, BudgetsAreConsumedInSortOrderPerPool) {
  for (const char* name : {"pool-a", "pool-b", "pool-c"})
    AddNodes(world_.AddPool(name), 5, std::string(name) + "-");
  FakeSimulator simulator(DeletableUpTo(100));
  BudgetMap budgets = world_.Budgets(2);
  auto commands = method_.ComputeCommands(simulator, budgets, world_.Candidates());
  ASSERT_TRUE(commands.has_value());
  ASSERT_EQ(commands->size(), 1u);
  // Six disruptable candidates: the first two of each pool in sort order.
  EXPECT_EQ(Names((*commands)[0].candidates),
            (std::vector<std::string>{"pool-a-00", "pool-a-01", "pool-b-00", "pool-b-01",
                                      "pool-c-00", "pool-c-01"}));
  EXPECT_EQ(budgets["pool-a"], 0);
  EXPECT_EQ(budgets["pool-b"], 0);
  EXPECT_EQ(budgets["pool-c"], 0);
}

// "should not mark multi node consolidated if the candidates can't be disrupted due to budgets"
// and "should allow no nodes from each nodePool to be deleted".
TEST_F(MultiNodeConsolidationTest, ZeroBudgetsDoNotMarkConsolidated) {
  for (const char* name : {"pool-a", "pool-b"})
    AddNodes(world_.AddPool(name), 3, std::string(name) + "-");
  FakeSimulator simulator(DeletableUpTo(100));
  BudgetMap budgets = world_.Budgets(0);
  method_.SetConsolidationState(5);
  auto commands = method_.ComputeCommands(simulator, budgets, world_.Candidates());
  ASSERT_TRUE(commands.has_value());
  EXPECT_TRUE(commands->empty());
  EXPECT_TRUE(simulator.calls.empty());
  EXPECT_FALSE(method_.IsConsolidated());
}

// maxParallel: at most 100 candidates; with more, the search starts at the cap.
TEST_F(MultiNodeConsolidationTest, CapsCandidatesAtMaxParallel) {
  const api::NodePool& pool = world_.AddPool("default");
  for (int i = 0; i < 150; ++i) {
    char name[16];
    std::snprintf(name, sizeof(name), "node-%03d", i);
    world_.AddNode(name, pool, world_.types.front(), {.pods = std::vector<api::ResourceList>(1)});
  }
  FakeSimulator simulator(DeletableUpTo(1000));
  BudgetMap budgets = world_.Budgets(1000);
  auto commands = method_.ComputeCommands(simulator, budgets, world_.Candidates());
  ASSERT_TRUE(commands.has_value());
  ASSERT_EQ(commands->size(), 1u);
  EXPECT_EQ((*commands)[0].candidates.size(), 101u);  // prefix [0, 100]
  EXPECT_EQ(simulator.calls.front().size(), 51u);     // first probe: mid 50
  EXPECT_EQ(budgets["default"], 850);                 // every disruptable candidate counted
  // A smaller cap from the options.
  Options options;
  options.multi_node_max_candidates = 10;
  MultiNodeConsolidation capped(options, world_.events());
  budgets = world_.Budgets(1000);
  commands = capped.ComputeCommands(simulator, budgets, world_.Candidates());
  ASSERT_TRUE(commands.has_value());
  ASSERT_EQ(commands->size(), 1u);
  EXPECT_EQ((*commands)[0].candidates.size(), 11u);
}

// Candidates are tried in SavingsRatio order, not input order.
TEST_F(MultiNodeConsolidationTest, SearchesInSavingsRatioOrder) {
  const api::NodePool& pool = world_.AddPool("default");
  AddNodes(pool, 4);
  std::vector<Candidate> candidates = world_.Candidates();
  candidates[3].price = 10;                       // node-03 first
  candidates[0].reschedule_disruption_cost = 50;  // node-00 last
  FakeSimulator simulator(DeletableUpTo(3));
  BudgetMap budgets = world_.Budgets();
  auto commands = method_.ComputeCommands(simulator, budgets, candidates);
  ASSERT_TRUE(commands.has_value());
  ASSERT_EQ(commands->size(), 1u);
  EXPECT_EQ(Names((*commands)[0].candidates),
            (std::vector<std::string>{"node-03", "node-01", "node-02"}));
}

// A replace whose options all cost at least as much as a candidate of the same type is not
// valid: the search shrinks to a prefix that works.
TEST_F(MultiNodeConsolidationTest, ReplacementOfSameTypeIsNotValid) {
  const api::NodePool& pool = world_.AddPool("default");
  AddNodes(pool, 3);
  const cloud::InstanceTypePtr same = world_.types.front();
  FakeSimulator simulator([&](std::span<const Candidate* const> candidates) {
    SimulationResult result;
    result.all_non_pending_scheduled = true;
    if (candidates.size() > 2) {  // three nodes need a new node of their own type
      scheduling::NewNodeClaim claim;
      claim.node_pool = "default";
      claim.instance_type_options = {same};
      result.results.new_node_claims.push_back(claim);
    }
    return result;
  });
  BudgetMap budgets = world_.Budgets();
  auto commands = method_.ComputeCommands(simulator, budgets, world_.Candidates());
  ASSERT_TRUE(commands.has_value());
  ASSERT_EQ(commands->size(), 1u);
  EXPECT_EQ((*commands)[0].decision(), Decision::kDelete);
  EXPECT_EQ((*commands)[0].candidates.size(), 2u);
}

// Balanced pools veto probes: the largest prefix whose move scores at least 1/k wins, and each
// approving Balanced pool gets a ConsolidationApproved event (balanced.go, the multi-node path of
// firstNConsolidationOption).
TEST_F(MultiNodeConsolidationTest, BalancedScoringVetoesLargerPrefixes) {
  api::NodePool balanced = testing::ConsolidationNodePool("balanced");
  balanced.spec.disruption.consolidation_policy = api::kConsolidationPolicyBalanced;
  const api::NodePool& pool = world_.AddPool(balanced);
  AddNodes(pool, 4);
  std::vector<Candidate> candidates = world_.Candidates();
  for (int i = 0; i < 3; ++i) {
    candidates[i].price = 1.0;
    candidates[i].reschedule_disruption_cost = 2;
  }
  candidates[3].price = 0.1;  // cheap and busy: sorts last
  candidates[3].reschedule_disruption_cost = 30;
  // The pool also has nodes that are not candidates: cost 10 in all, disruption 40.
  std::vector<PoolNode> nodes;
  for (const Candidate& c : candidates) nodes.push_back({c.name, "balanced", 0});
  nodes.push_back({"busy-elsewhere", "balanced", 4});
  std::map<std::string, double, std::less<>> pool_costs = {{"balanced", 10.0}};
  method_.SetNodePoolTotals(ComputeNodePoolTotals(candidates, nodes, &pool_costs));

  FakeSimulator simulator(DeletableUpTo(100));
  BudgetMap budgets = world_.Budgets();
  auto commands = method_.ComputeCommands(simulator, budgets, candidates);
  ASSERT_TRUE(commands.has_value());
  ASSERT_EQ(commands->size(), 1u);
  // Three nodes: savings 3/10 over disruption 6/40 scores 2; all four: 3.1/10 over 36/40, 0.34.
  EXPECT_EQ(Names((*commands)[0].candidates),
            (std::vector<std::string>{"node-00", "node-01", "node-02"}));
  EXPECT_TRUE(world_.HasEvent(kConsolidationApprovedReason, "score 2.00 >= threshold 0.50"));

  // Without scoring the same pass takes all four.
  MultiNodeConsolidation unscored(Options{}, world_.events());
  budgets = world_.Budgets();
  commands = unscored.ComputeCommands(simulator, budgets, candidates);
  ASSERT_TRUE(commands.has_value());
  ASSERT_EQ(commands->size(), 1u);
  EXPECT_EQ((*commands)[0].candidates.size(), 4u);
}

}  // namespace
}  // namespace tidepool::disruption
