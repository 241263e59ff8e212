// Single-node consolidation: candidate order across NodePools, budgets and the simulation bound.
// Ported from kubernetes-sigs/karpenter pkg/controllers/disruption/singlenodeconsolidation_test.go
// ("Candidate Shuffling") and the single-node cases of consolidation_test.go ("Budgets").
#include "disruption/single_node_consolidation.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "disruption/consolidation_test_util.h"

namespace tidepool::disruption {
namespace {

using testing::ConsolidationWorld;
using testing::FakeSimulator;
using testing::Names;

SimulationResult Deletable() {
  SimulationResult result;
  result.all_non_pending_scheduled = true;
  return result;
}
SimulationResult Unschedulable() {
  SimulationResult result;
  result.failure = "pod would not schedule";
  return result;
}

// singlenodeconsolidation_test.go's fixture: three pools, `per_pool` nodes each of the cheapest
// type, one pod per node.
class SingleNodeConsolidationTest : public ::testing::Test {
 protected:
  void CreateCandidates(int per_pool) {
    for (const char* name : {"nodepool-1", "nodepool-2", "nodepool-3"})
      pools_.push_back(&world_.AddPool(name));
    for (const api::NodePool* pool : pools_) {
      for (int i = 0; i < per_pool; ++i) {
        world_.AddNode(pool->metadata.name + "-node-" + std::to_string(i), *pool,
                       world_.types.front(), {.pods = std::vector<api::ResourceList>(1)});
      }
    }
  }
  static std::vector<std::string> PoolsOf(const std::vector<const Candidate*>& order) {
    std::vector<std::string> out;
    for (const Candidate* c : order) out.push_back(c->node_pool->metadata.name);
    return out;
  }

  ConsolidationWorld world_;
  std::vector<const api::NodePool*> pools_;
  SingleNodeConsolidation method_{Options{}, world_.events()};
};

TEST_F(SingleNodeConsolidationTest, SortsCandidatesBySavingsRatioDescending) {
  CreateCandidates(3);
  std::vector<Candidate> candidates = world_.Candidates();
  candidates[4].price = 5;  // nodepool-2-node-1
  candidates[8].reschedule_disruption_cost = 10;
  std::vector<const Candidate*> order = method_.OrderCandidates(candidates);
  ASSERT_EQ(order.size(), 9u);
  EXPECT_EQ(order[0]->name, "nodepool-2-node-1");
  // Interleaved round-robin: each round has one candidate of each pool, and within a pool the
  // ratios descend.
  EXPECT_EQ(PoolsOf(order), (std::vector<std::string>{"nodepool-2", "nodepool-1", "nodepool-3",
                                                      "nodepool-2", "nodepool-1", "nodepool-3",
                                                      "nodepool-2", "nodepool-1", "nodepool-3"}));
  EXPECT_EQ(order[8]->name, "nodepool-3-node-2");
}

// "should sort candidates by savings ratio with different disruption costs".
TEST_F(SingleNodeConsolidationTest, SortsBySavingsRatioWithDifferentDisruptionCosts) {
  CreateCandidates(3);
  std::vector<Candidate> candidates = world_.Candidates();
  // Pool 1 low ratio, pool 2 medium, pool 3 high (price 1 / cost).
  for (Candidate& c : candidates) {
    c.price = 1;
    const std::string& pool = c.node_pool->metadata.name;
    c.reschedule_disruption_cost = pool == "nodepool-1" ? 20 : pool == "nodepool-2" ? 5 : 1;
  }
  SortCandidates(candidates);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(candidates[i].reschedule_disruption_cost, 1.0);
  for (int i = 3; i < 6; ++i) EXPECT_EQ(candidates[i].reschedule_disruption_cost, 5.0);
  for (int i = 6; i < 9; ++i) EXPECT_EQ(candidates[i].reschedule_disruption_cost, 20.0);
  // Equal ratios keep name order (deterministic where upstream's sort is not).
  EXPECT_EQ(candidates[0].name, "nodepool-3-node-0");
  EXPECT_EQ(candidates[2].name, "nodepool-3-node-2");
}

// An unpriceable (NaN) candidate sorts last instead of breaking the sort.
TEST_F(SingleNodeConsolidationTest, NanPriceSortsLast) {
  CreateCandidates(3);
  std::vector<Candidate> candidates = world_.Candidates();
  candidates[0].price = std::nan("");
  SortCandidates(candidates);
  EXPECT_EQ(candidates.back().name, "nodepool-1-node-0");
  EXPECT_EQ(candidates.front().name, "nodepool-1-node-1");
}

TEST_F(SingleNodeConsolidationTest, PrioritizesNodePoolsThatWereNotReached) {
  CreateCandidates(3);
  // A pass bounded to two simulations reaches nodepool-1 and nodepool-2 only.
  method_.set_max_simulations(2);
  FakeSimulator simulator([](auto) { return Unschedulable(); });
  BudgetMap budgets = world_.Budgets();
  ASSERT_TRUE(method_.ComputeCommands(simulator, budgets, world_.Candidates()).has_value());
  EXPECT_EQ(simulator.calls.size(), 2u);
  EXPECT_EQ(method_.previously_unseen_node_pools(),
            (std::set<std::string, std::less<>>{"nodepool-3"}));
  std::vector<Candidate> candidates = world_.Candidates();
  std::vector<const Candidate*> order = method_.OrderCandidates(candidates);
  ASSERT_EQ(order.size(), 9u);
  EXPECT_EQ(order[0]->node_pool->metadata.name, "nodepool-3");
}

TEST_F(SingleNodeConsolidationTest, ResetsUnseenNodePoolsWhenAllAreEvaluated) {
  CreateCandidates(1);
  method_.set_max_simulations(1);
  FakeSimulator simulator([](auto) { return Unschedulable(); });
  BudgetMap budgets = world_.Budgets(1);
  ASSERT_TRUE(method_.ComputeCommands(simulator, budgets, world_.Candidates()).has_value());
  EXPECT_EQ(method_.previously_unseen_node_pools().size(), 2u);
  method_.set_max_simulations(-1);
  ASSERT_TRUE(method_.ComputeCommands(simulator, budgets, world_.Candidates()).has_value());
  EXPECT_TRUE(method_.previously_unseen_node_pools().empty());
}

// "should mark nodepools as timed out when timeout occurs": a bound hit before the first
// candidate leaves every pool unseen.
TEST_F(SingleNodeConsolidationTest, MarksAllNodePoolsUnseenWhenBoundHitsFirst) {
  CreateCandidates(10);
  method_.set_max_simulations(0);
  FakeSimulator simulator([](auto) { return Deletable(); });
  BudgetMap budgets = world_.Budgets(30);
  auto commands = method_.ComputeCommands(simulator, budgets, world_.Candidates());
  ASSERT_TRUE(commands.has_value());
  EXPECT_TRUE(commands->empty());
  EXPECT_TRUE(simulator.calls.empty());
  EXPECT_EQ(method_.previously_unseen_node_pools(),
            (std::set<std::string, std::less<>>{"nodepool-1", "nodepool-2", "nodepool-3"}));
  // Hitting the bound does not mark the cluster consolidated.
  method_.SetConsolidationState(7);
  ASSERT_TRUE(method_.ComputeCommands(simulator, budgets, world_.Candidates()).has_value());
  EXPECT_FALSE(method_.IsConsolidated());
}

// consolidation_test.go "should only allow 3 nodes to be deleted in single node consolidation
// delete": one command per pass, each taking one disruption from the budget.
TEST_F(SingleNodeConsolidationTest, BudgetsOnlyAllowThreeDeletesAcrossPasses) {
  const api::NodePool& pool = world_.AddPool("default");
  for (int i = 0; i < 10; ++i) {
    world_.AddNode("node-" + std::to_string(i), pool, world_.types.front(),
                   {.pods = std::vector<api::ResourceList>(1)});
  }
  FakeSimulator simulator([](auto) { return Deletable(); });
  BudgetMap budgets = world_.Budgets(3);
  std::vector<std::string> deleted;
  for (int pass = 0; pass < 5; ++pass) {
    std::vector<Candidate> remaining;
    for (Candidate& c : world_.Candidates()) {
      if (std::find(deleted.begin(), deleted.end(), c.name) == deleted.end())
        remaining.push_back(c);
    }
    auto commands = method_.ComputeCommands(simulator, budgets, remaining);
    ASSERT_TRUE(commands.has_value());
    for (const Command& command : *commands) {
      ASSERT_EQ(command.candidates.size(), 1u);
      EXPECT_EQ(command.decision(), Decision::kDelete);
      deleted.push_back(command.candidates[0].name);
    }
  }
  EXPECT_EQ(deleted, (std::vector<std::string>{"node-0", "node-1", "node-2"}));
  EXPECT_EQ(budgets["default"], 0);
}

// "should allow no nodes from each nodePool to be deleted" and "should not mark single node
// consolidated if the candidates can't be disrupted due to budgets".
TEST_F(SingleNodeConsolidationTest, ZeroBudgetsSimulateNothingAndDoNotMarkConsolidated) {
  CreateCandidates(2);
  FakeSimulator simulator([](auto) { return Deletable(); });
  BudgetMap budgets = world_.Budgets(0);
  method_.SetConsolidationState(1);
  auto commands = method_.ComputeCommands(simulator, budgets, world_.Candidates());
  ASSERT_TRUE(commands.has_value());
  EXPECT_TRUE(commands->empty());
  EXPECT_TRUE(simulator.calls.empty());
  EXPECT_FALSE(method_.IsConsolidated());
}

// A pass that finds nothing (without budget limits) marks the state consolidated; the next pass
// with the same state is skipped, a changed state runs again.
TEST_F(SingleNodeConsolidationTest, SkipsPassesWhileConsolidated) {
  CreateCandidates(1);
  FakeSimulator simulator([](auto) { return Unschedulable(); });
  BudgetMap budgets = world_.Budgets();
  method_.SetConsolidationState(1);
  ASSERT_TRUE(method_.ComputeCommands(simulator, budgets, world_.Candidates()).has_value());
  EXPECT_EQ(simulator.calls.size(), 3u);
  EXPECT_TRUE(method_.IsConsolidated());
  ASSERT_TRUE(method_.ComputeCommands(simulator, budgets, world_.Candidates()).has_value());
  EXPECT_EQ(simulator.calls.size(), 3u);
  method_.SetConsolidationState(2);
  ASSERT_TRUE(method_.ComputeCommands(simulator, budgets, world_.Candidates()).has_value());
  EXPECT_EQ(simulator.calls.size(), 6u);
}

// The first valid command wins: candidates that cannot move are passed over, pools without
// budget skipped, and the command explains itself.
TEST_F(SingleNodeConsolidationTest, ReturnsFirstValidCommand) {
  CreateCandidates(2);
  FakeSimulator simulator([](std::span<const Candidate* const> candidates) {
    return candidates[0]->name == "nodepool-3-node-1" ? Deletable() : Unschedulable();
  });
  BudgetMap budgets = world_.Budgets();
  budgets["nodepool-2"] = 0;
  auto commands = method_.ComputeCommands(simulator, budgets, world_.Candidates());
  ASSERT_TRUE(commands.has_value());
  ASSERT_EQ(commands->size(), 1u);
  const Command& command = (*commands)[0];
  EXPECT_EQ(command.reason, Reason::kUnderutilized);
  EXPECT_EQ(command.method, "single-node-consolidation");
  EXPECT_EQ(Names(command.candidates), std::vector<std::string>{"nodepool-3-node-1"});
  EXPECT_EQ(simulator.calls, (std::vector<std::vector<std::string>>{{"nodepool-1-node-0"},
                                                                    {"nodepool-3-node-0"},
                                                                    {"nodepool-1-node-1"},
                                                                    {"nodepool-3-node-1"}}));
  EXPECT_EQ(budgets["nodepool-3"], 99);
  EXPECT_EQ(budgets["nodepool-1"], 100);
}

// Upstream logs a failed simulation and moves on to the next candidate.
TEST_F(SingleNodeConsolidationTest, SimulationErrorsSkipTheCandidate) {
  CreateCandidates(1);
  int calls = 0;
  struct ErrorThenDelete : Simulator {
    int* calls;
    Result<SimulationResult> Simulate(std::span<const Candidate* const>) override {
      if ((*calls)++ == 0) return Fail(ErrorCode::kInternal, "topology did not compile");
      return Deletable();
    }
  } simulator;
  simulator.calls = &calls;
  BudgetMap budgets = world_.Budgets();
  auto commands = method_.ComputeCommands(simulator, budgets, world_.Candidates());
  ASSERT_TRUE(commands.has_value());
  ASSERT_EQ(commands->size(), 1u);
  EXPECT_EQ((*commands)[0].candidates[0].name, "nodepool-2-node-0");
}

}  // namespace
}  // namespace tidepool::disruption
