#include "provisioning/lower_bound.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>

#include "core/random.h"

namespace tidepool::provisioning {
namespace {

// Resources in the tests: cpu (cores), memory (GiB).
LpNodeOption Option(std::string name, double price, double cpu, double memory,
                    double max_count = kUnboundedCount) {
  return LpNodeOption{std::move(name), price, {cpu, memory}, max_count};
}

LpPodClass Class(double cpu, double memory, std::vector<int> options, int pods = 1) {
  return LpPodClass{{cpu, memory}, std::move(options), pods};
}

TEST(LowerBoundTest, CheapestPerUnitTypeWins) {
  // 3 cores / 3 GiB; a 2/2 type at $1 (0.5 per core) loses to a 4/4 type at $1.5 (0.375).
  LpProblem problem{{"cpu", "memory"},
                    {Option("small", 1.0, 2, 2), Option("large", 1.5, 4, 4)},
                    {Class(3, 3, {0, 1})}};
  Result<LpSolution> solution = SolveLowerBound(problem);
  ASSERT_TRUE(solution) << solution.error().message();
  EXPECT_NEAR(solution->usd_per_hour, 1.125, 1e-9);
  EXPECT_NEAR(solution->node_counts[1], 0.75, 1e-9);
  EXPECT_NEAR(solution->node_counts[0], 0.0, 1e-9);
}

TEST(LowerBoundTest, TwoResourcesMixTypes) {
  // 4 cores and 16 GiB over c (4/8, $1) and m (4/32, $1.6): both constraints bind at
  // y_c = 2/3, y_m = 1/3, cost 2/3 + 1.6/3 = 1.2 (c alone costs 2, m alone 1.6).
  LpProblem problem{
      {"cpu", "memory"}, {Option("c", 1.0, 4, 8), Option("m", 1.6, 4, 32)}, {Class(4, 16, {0, 1})}};
  Result<LpSolution> solution = SolveLowerBound(problem);
  ASSERT_TRUE(solution) << solution.error().message();
  EXPECT_NEAR(solution->usd_per_hour, 1.2, 1e-9);
  EXPECT_NEAR(solution->node_counts[0], 2.0 / 3, 1e-9);
  EXPECT_NEAR(solution->node_counts[1], 1.0 / 3, 1e-9);
}

TEST(LowerBoundTest, ComplementaryClassesShareANode) {
  // A cpu-only class (may use both types) and a memory-only class (only the balanced type) fit
  // on one balanced node together: a real plan pays $1, so the bound must not exceed it. A
  // per-class "nodes of type t for class c" programme would charge $1.8 here.
  LpProblem problem{{"cpu", "memory"},
                    {Option("balanced", 1.0, 2, 2), Option("cpu-only", 0.8, 2, 0)},
                    {Class(2, 0, {0, 1}), Class(0, 2, {0})}};
  for (size_t max_subset : {0, 10}) {
    Result<LpSolution> solution = SolveLowerBound(problem, {.max_subset_classes = max_subset});
    ASSERT_TRUE(solution) << solution.error().message();
    EXPECT_NEAR(solution->usd_per_hour, 1.0, 1e-9);
  }
}

TEST(LowerBoundTest, FreeCapacityIsUsedFirst) {
  // An existing node (free, at most one) covers 2 of the 3 cores; the rest costs half a node.
  LpProblem problem{{"cpu", "memory"},
                    {Option("existing", 0.0, 2, 2, 1), Option("new", 1.0, 2, 2)},
                    {Class(3, 3, {0, 1})}};
  Result<LpSolution> solution = SolveLowerBound(problem);
  ASSERT_TRUE(solution) << solution.error().message();
  EXPECT_NEAR(solution->usd_per_hour, 0.5, 1e-9);
  EXPECT_NEAR(solution->node_counts[0], 1.0, 1e-9);
}

TEST(LowerBoundTest, ClassesOnlyUseTheirFeasibleOptions) {
  // The zonal class may only use the dearer zone-b offering.
  LpProblem problem{{"cpu", "memory"},
                    {Option("zone-a", 1.0, 2, 2), Option("zone-b", 2.0, 2, 2)},
                    {Class(2, 2, {0, 1}), Class(2, 2, {1})}};
  Result<LpSolution> solution = SolveLowerBound(problem);
  ASSERT_TRUE(solution) << solution.error().message();
  EXPECT_NEAR(solution->usd_per_hour, 3.0, 1e-9);
}

TEST(LowerBoundTest, DominatedOfferingsDoNotChangeTheBound) {
  // On-demand offerings with the same allocatable as a cheaper spot one that serves the same
  // classes are dropped; the answer is the same as without them.
  LpProblem with{{"cpu", "memory"},
                 {Option("od", 1.0, 4, 4), Option("spot", 0.7, 4, 4), Option("od2", 1.0, 4, 4)},
                 {Class(6, 2, {0, 1, 2})}};
  LpProblem without{{"cpu", "memory"}, {Option("spot", 0.7, 4, 4)}, {Class(6, 2, {0})}};
  Result<LpSolution> a = SolveLowerBound(with);
  Result<LpSolution> b = SolveLowerBound(without);
  ASSERT_TRUE(a && b);
  EXPECT_NEAR(a->usd_per_hour, 1.05, 1e-9);
  EXPECT_NEAR(a->usd_per_hour, b->usd_per_hour, 1e-12);
  EXPECT_EQ(a->columns, 1);  // only the spot option's y remains
}

TEST(LowerBoundTest, ClassWithoutOptionsIsAnError) {
  LpProblem problem{{"cpu", "memory"}, {Option("a", 1.0, 2, 2)}, {Class(1, 1, {})}};
  Result<LpSolution> solution = SolveLowerBound(problem);
  ASSERT_FALSE(solution);
  EXPECT_EQ(solution.error().code(), ErrorCode::kInvalidArgument);
}

TEST(LowerBoundTest, BoundedFreeCapacityCanBeInfeasible) {
  LpProblem problem{{"cpu", "memory"}, {Option("existing", 0, 2, 2, 1)}, {Class(3, 1, {0})}};
  Result<LpSolution> solution = SolveLowerBound(problem);
  ASSERT_FALSE(solution);
  EXPECT_EQ(solution.error().code(), ErrorCode::kInvalidArgument);
}

TEST(LowerBoundTest, NoDemandCostsNothing) {
  LpProblem problem{{"cpu", "memory"}, {Option("a", 1.0, 2, 2)}, {}};
  Result<LpSolution> solution = SolveLowerBound(problem);
  ASSERT_TRUE(solution);
  EXPECT_EQ(solution->usd_per_hour, 0.0);
}

// A first-fit-decreasing packer over the same model: any integral plan it finds is a feasible
// point of the programme, so its cost can never be below the bound.
double FirstFitCost(const LpProblem& problem, const std::vector<std::vector<double>>& pods,
                    const std::vector<int>& pod_class, Random& random) {
  struct Node {
    int option;
    std::vector<double> free;
  };
  std::vector<Node> nodes;
  double cost = 0;
  std::vector<size_t> order(pods.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return pods[a] > pods[b]; });
  for (size_t p : order) {
    const std::vector<int>& options = problem.classes[pod_class[p]].options;
    auto fits = [&](const std::vector<double>& free) {
      for (size_t r = 0; r < free.size(); ++r) {
        if (pods[p][r] > free[r] + 1e-12) return false;
      }
      return true;
    };
    bool placed = false;
    for (Node& node : nodes) {
      if (std::find(options.begin(), options.end(), node.option) == options.end()) continue;
      if (!fits(node.free)) continue;
      for (size_t r = 0; r < node.free.size(); ++r) node.free[r] -= pods[p][r];
      placed = true;
      break;
    }
    if (placed) continue;
    // Open a random feasible option (not necessarily a good one).
    std::vector<int> candidates;
    for (int o : options) {
      if (fits(problem.options[o].allocatable)) candidates.push_back(o);
    }
    EXPECT_FALSE(candidates.empty());
    if (candidates.empty()) return 0;
    int o = candidates[random.UniformInt(0, static_cast<int64_t>(candidates.size()) - 1)];
    Node node{o, problem.options[o].allocatable};
    for (size_t r = 0; r < node.free.size(); ++r) node.free[r] -= pods[p][r];
    nodes.push_back(std::move(node));
    cost += problem.options[o].price;
  }
  return cost;
}

TEST(LowerBoundTest, NeverAboveFirstFitOnRandomInstances) {
  Random random(42);
  for (int trial = 0; trial < 200; ++trial) {
    LpProblem problem;
    problem.resources = {"cpu", "memory"};
    int num_options = static_cast<int>(random.UniformInt(1, 8));
    for (int o = 0; o < num_options; ++o) {
      double cpu = static_cast<double>(random.UniformInt(2, 16));
      double memory = cpu * static_cast<double>(random.UniformInt(1, 8));
      double price = 0.05 * cpu + 0.01 * memory + random.UniformDouble() * 0.2;
      problem.options.push_back(Option("o" + std::to_string(o), price, cpu, memory));
    }
    int num_classes = static_cast<int>(random.UniformInt(1, 6));
    for (int c = 0; c < num_classes; ++c) {
      std::vector<int> options;
      for (int o = 0; o < num_options; ++o) {
        if (random.Bernoulli(0.6)) options.push_back(o);
      }
      if (options.empty())
        options.push_back(static_cast<int>(random.UniformInt(0, num_options - 1)));
      problem.classes.push_back(Class(0, 0, options, 0));
    }
    std::vector<std::vector<double>> pods;
    std::vector<int> pod_class;
    int num_pods = static_cast<int>(random.UniformInt(1, 60));
    for (int p = 0; p < num_pods; ++p) {
      int c = static_cast<int>(random.UniformInt(0, num_classes - 1));
      // Keep every pod small enough for every option of its class.
      double max_cpu = 1e9, max_memory = 1e9;
      for (int o : problem.classes[c].options) {
        max_cpu = std::min(max_cpu, problem.options[o].allocatable[0]);
        max_memory = std::min(max_memory, problem.options[o].allocatable[1]);
      }
      std::vector<double> request = {max_cpu * (0.05 + 0.9 * random.UniformDouble()),
                                     max_memory * (0.05 + 0.9 * random.UniformDouble())};
      problem.classes[c].demand[0] += request[0];
      problem.classes[c].demand[1] += request[1];
      problem.classes[c].pods++;
      pods.push_back(request);
      pod_class.push_back(c);
    }
    Result<LpSolution> bound = SolveLowerBound(problem);
    ASSERT_TRUE(bound) << bound.error().message();
    // The flow form and the subset form are the same programme.
    Result<LpSolution> flow = SolveLowerBound(problem, {.max_subset_classes = 0});
    ASSERT_TRUE(flow) << flow.error().message();
    EXPECT_NEAR(flow->usd_per_hour, bound->usd_per_hour, 1e-7 * (1 + bound->usd_per_hour));
    for (int attempt = 0; attempt < 3; ++attempt) {
      double cost = FirstFitCost(problem, pods, pod_class, random);
      EXPECT_LE(bound->usd_per_hour, cost * (1 + 1e-9)) << "trial " << trial;
    }
    EXPECT_GT(bound->usd_per_hour, 0);
  }
}

}  // namespace
}  // namespace tidepool::provisioning
