// Consolidation decisions against the real scheduling solver, ported from
// kubernetes-sigs/karpenter pkg/controllers/disruption/consolidation_test.go (contexts "Events",
// "Replace", "Delete", "Budgets", "Multi-NodeClaim", "Node Lifetime Consideration", "Static
// NodePool") with the suite's fixtures (suite_test.go: the assorted fake catalogue, the most and
// least expensive on-demand and spot types). Upstream drives the whole controller and then looks
// at the NodeClaims left; here the method's command is the outcome: "the old node is deleted and
// one cheaper node launched" is a replace command with those options.
#include "disruption/consolidation.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "disruption/consolidation_test_util.h"
#include "disruption/disruption_test_util.h"
#include "disruption/multi_node_consolidation.h"
#include "disruption/single_node_consolidation.h"

namespace tidepool::disruption {
namespace {

using testing::ConsolidationWorld;
using testing::FakeSimulator;
using testing::Names;
using testing::Req;
using testing::Resources;

Options SpotToSpot(bool enabled) {
  Options options;
  options.spot_to_spot_consolidation = enabled;
  return options;
}

std::vector<std::string> OptionNames(const scheduling::NewNodeClaim& claim) {
  std::vector<std::string> names;
  for (const auto& type : claim.instance_type_options) names.push_back(type->name);
  return names;
}

// A type with one offering (zone test-zone-1) per capacity type in `capacity_types`, at `price`.
cloud::InstanceTypePtr SingleOfferingType(std::string name, double price,
                                          std::vector<std::string> capacity_types = {"spot"},
                                          std::string zone = "test-zone-1", bool available = true) {
  cloud::fake::Options options;
  options.resources = Resources({{"cpu", "1"}, {"memory", "1Gi"}});
  for (std::string& capacity_type : capacity_types) {
    options.offerings.push_back({.zone = zone,
                                 .capacity_type = std::move(capacity_type),
                                 .price = price,
                                 .available = available});
  }
  return cloud::fake::NewInstanceType(std::move(name), std::move(options));
}

class ConsolidationTest : public ::testing::Test {
 protected:
  void SetUp() override { world_.types = cloud::fake::InstanceTypesAssorted(); }

  // suite_test.go: the types with an available offering of `capacity_type`, cheapest first.
  cloud::InstanceTypes ByPrice(std::string_view capacity_type) const {
    cloud::InstanceTypes out;
    for (const auto& type : world_.types) {
      for (const auto& offering : type->offerings) {
        if (offering.available && offering.capacity_type == capacity_type) {
          out.push_back(type);
          break;
        }
      }
    }
    std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
      return a->offerings[0].price < b->offerings[0].price;
    });
    return out;
  }
  cloud::InstanceTypePtr MostExpensive(std::string_view capacity_type) const {
    return ByPrice(capacity_type).back();
  }
  cloud::InstanceTypePtr LeastExpensive(std::string_view capacity_type) const {
    return ByPrice(capacity_type).front();
  }
  // A node of `type` on its first offering, with `pods` request-less pods.
  Candidate& AddNode(const std::string& name, const cloud::InstanceTypePtr& type, int pods = 1,
                     const api::NodePool* pool = nullptr) {
    if (pool == nullptr) pool = pool_;
    return world_.AddNode(name, *pool, type,
                          {.zone = type->offerings[0].zone,
                           .capacity_type = type->offerings[0].capacity_type,
                           .pods = std::vector<api::ResourceList>(static_cast<size_t>(pods))});
  }
  // The candidates the controller would hand to `method` (those it ShouldDisrupt).
  std::vector<Candidate> Filtered(const Method& method) const {
    std::vector<Candidate> out;
    for (Candidate& candidate : world_.Candidates()) {
      if (method.ShouldDisrupt(candidate)) out.push_back(std::move(candidate));
    }
    return out;
  }
  // One pass of single-node consolidation over the candidates.
  std::vector<Command> SingleNode(Options options = SpotToSpot(true)) {
    SingleNodeConsolidation method(options, world_.events());
    auto simulator = world_.Simulator();
    BudgetMap budgets = world_.Budgets();
    auto commands = method.ComputeCommands(simulator, budgets, Filtered(method));
    EXPECT_TRUE(commands.has_value()) << (commands ? "" : commands.error().message());
    return commands ? std::move(*commands) : std::vector<Command>{};
  }
  std::vector<Command> MultiNode(Options options = SpotToSpot(true), int64_t budget = 100) {
    MultiNodeConsolidation method(options, world_.events());
    auto simulator = world_.Simulator();
    BudgetMap budgets = world_.Budgets(budget);
    auto commands = method.ComputeCommands(simulator, budgets, Filtered(method));
    EXPECT_TRUE(commands.has_value()) << (commands ? "" : commands.error().message());
    return commands ? std::move(*commands) : std::vector<Command>{};
  }
  bool Unconsolidatable(std::string_view text) const {
    return world_.HasEvent(kUnconsolidatableReason, text);
  }

  ConsolidationWorld world_;
  api::NodePool* pool_ = &world_.AddPool("default");
};

// ---- Events (ShouldDisrupt) ---------------------------------------------------------------------

TEST_F(ConsolidationTest, EventsNoneForWhenEmptyOrUnderutilized) {
  SingleNodeConsolidation method(Options{}, world_.events());
  EXPECT_TRUE(method.ShouldDisrupt(AddNode("node", MostExpensive("on-demand"))));
  EXPECT_TRUE(world_.EventMessages(kUnconsolidatableReason).empty());
}

TEST_F(ConsolidationTest, EventsWhenEmptyPolicy) {
  pool_->spec.disruption.consolidation_policy = api::kConsolidationPolicyWhenEmpty;
  SingleNodeConsolidation method(Options{}, world_.events());
  EXPECT_FALSE(method.ShouldDisrupt(AddNode("node", MostExpensive("on-demand"))));
  // On the Node and on the NodeClaim.
  EXPECT_EQ(
      world_.EventMessages(kUnconsolidatableReason),
      std::vector<std::string>(
          2, "NodePool \"default\" has consolidation policy WhenEmpty, but node is not empty"));
}

TEST_F(ConsolidationTest, EventsConsolidateAfterNever) {
  pool_->spec.disruption.consolidate_after = NillableDuration{};  // Never
  MultiNodeConsolidation method(Options{}, world_.events());
  EXPECT_FALSE(method.ShouldDisrupt(AddNode("node", MostExpensive("on-demand"))));
  EXPECT_TRUE(Unconsolidatable("NodePool \"default\" has consolidation disabled"));
}

TEST_F(ConsolidationTest, EventsUnresolvableInstanceType) {
  Candidate& candidate = AddNode("node", MostExpensive("on-demand"));
  candidate.instance_type = nullptr;  // the catalogue no longer has it
  SingleNodeConsolidation method(Options{}, world_.events());
  EXPECT_FALSE(method.ShouldDisrupt(candidate));
  EXPECT_TRUE(Unconsolidatable("Instance Type \"64-cpu-128-mem-"));
  EXPECT_TRUE(Unconsolidatable("\" not found"));
}

TEST_F(ConsolidationTest, EventsNoCapacityTypeLabel) {
  Candidate& candidate =
      world_.AddNode("node", *pool_, MostExpensive("on-demand"),
                     {.capacity_type = "", .pods = std::vector<api::ResourceList>(1)});
  SingleNodeConsolidation method(Options{}, world_.events());
  EXPECT_FALSE(method.ShouldDisrupt(candidate));
  EXPECT_TRUE(Unconsolidatable("Node does not have label \"karpenter.sh/capacity-type\""));
}

TEST_F(ConsolidationTest, EventsNoZoneLabel) {
  Candidate& candidate = world_.AddNode("node", *pool_, MostExpensive("on-demand"),
                                        {.zone = "", .pods = std::vector<api::ResourceList>(1)});
  SingleNodeConsolidation method(Options{}, world_.events());
  EXPECT_FALSE(method.ShouldDisrupt(candidate));
  EXPECT_TRUE(Unconsolidatable("Node does not have label \"topology.kubernetes.io/zone\""));
}

// TTL: "should wait for the node TTL for non-empty nodes before consolidating": the NodeClaim
// is Consolidatable only once consolidateAfter has passed.
TEST_F(ConsolidationTest, WaitsForConsolidatableCondition) {
  Candidate& candidate =
      world_.AddNode("node", *pool_, MostExpensive("on-demand"),
                     {.pods = std::vector<api::ResourceList>(1), .consolidatable = false});
  SingleNodeConsolidation method(Options{}, world_.events());
  EXPECT_FALSE(method.ShouldDisrupt(candidate));
  EXPECT_TRUE(world_.EventMessages(kUnconsolidatableReason).empty());
}

// Static NodePool: "should not consolidate static NodePool nodes".
TEST_F(ConsolidationTest, StaticNodePoolIsNotConsolidated) {
  pool_->spec.replicas = 3;
  MultiNodeConsolidation method(Options{}, world_.events());
  EXPECT_FALSE(method.ShouldDisrupt(AddNode("node", MostExpensive("on-demand"))));
}

// Empty nodes are emptiness's (reason Empty), whatever the policy.
TEST_F(ConsolidationTest, EmptyNodesAreLeftToEmptiness) {
  SingleNodeConsolidation method(Options{}, world_.events());
  EXPECT_FALSE(method.ShouldDisrupt(AddNode("node", MostExpensive("on-demand"), 0)));
}

// ---- Replace ------------------------------------------------------------------------------------

// "can replace node" (on-demand candidate).
TEST_F(ConsolidationTest, ReplaceOnDemandNode) {
  const cloud::InstanceTypePtr most_expensive = MostExpensive("on-demand");
  const Candidate& node = AddNode("node", most_expensive);
  std::vector<Command> commands = SingleNode();
  ASSERT_EQ(commands.size(), 1u);
  const Command& command = commands[0];
  EXPECT_EQ(command.decision(), Decision::kReplace);
  EXPECT_EQ(command.reason, Reason::kUnderutilized);
  ASSERT_EQ(command.replacements.size(), 1u);
  const scheduling::NewNodeClaim& replacement = command.replacements[0];
  std::vector<std::string> names = OptionNames(replacement);
  EXPECT_EQ(std::count(names.begin(), names.end(), most_expensive->name), 0);
  // Every option's worst launch price, under the requirements before pinning, is below the
  // node's price; after pinning every spot offering is still cheaper.
  api::Requirements any_capacity_type;
  for (const api::Requirement& r : replacement.requirements.values()) {
    if (r.key() != api::kCapacityTypeLabelKey) any_capacity_type.Add(r);
  }
  for (const auto& type : replacement.instance_type_options) {
    EXPECT_LT(cloud::WorstLaunchPrice(*type, any_capacity_type), node.price) << type->name;
    const double spot = cloud::WorstLaunchPrice(*type, replacement.requirements);
    if (spot != cloud::kNoPrice) {
      EXPECT_LT(spot, node.price) << type->name;
    }
  }
  // The pool allows spot and on-demand; prices were filtered assuming spot, so it is pinned.
  const api::Requirement capacity = replacement.requirements.Get(api::kCapacityTypeLabelKey);
  EXPECT_TRUE(capacity.Has("spot"));
  EXPECT_FALSE(capacity.Has("on-demand"));
  // Cheapest first.
  EXPECT_EQ(names.front().rfind("1-cpu-1-mem-", 0), 0u) << names.front();
  EXPECT_GT(command.Saving(), 0);
}

// "can replace node" (spot candidate, SpotToSpotConsolidation on): at most the 15 cheapest.
TEST_F(ConsolidationTest, ReplaceSpotNode) {
  const cloud::InstanceTypePtr most_expensive = MostExpensive("spot");
  AddNode("node", most_expensive);
  std::vector<Command> commands = SingleNode();
  ASSERT_EQ(commands.size(), 1u);
  ASSERT_EQ(commands[0].replacements.size(), 1u);
  const scheduling::NewNodeClaim& replacement = commands[0].replacements[0];
  EXPECT_EQ(replacement.instance_type_options.size(), 15u);
  std::vector<std::string> names = OptionNames(replacement);
  EXPECT_EQ(std::count(names.begin(), names.end(), most_expensive->name), 0);
  for (const auto& type : replacement.instance_type_options) {
    EXPECT_TRUE(cloud::HasCompatibleOffering(*type, replacement.requirements)) << type->name;
    EXPECT_NE(type->name.find("-spot"), std::string::npos) << type->name;
  }
  EXPECT_EQ(replacement.requirements.Get(api::kCapacityTypeLabelKey).values(),
            std::vector<std::string>{"spot"});
}

// "cannot replace spot with spot if less than minimum InstanceTypes flexibility".
TEST_F(ConsolidationTest, CannotReplaceSpotWithSpotWithLessThanMinimumFlexibility) {
  world_.types = {SingleOfferingType("cheapest-spot", 0.001), SingleOfferingType("spot-a", 0.5),
                  SingleOfferingType("spot-b", 0.5), SingleOfferingType("spot-c", 0.5),
                  SingleOfferingType("on-demand-a", 0.5, {"on-demand"})};
  AddNode("node", world_.Type("spot-c"));
  EXPECT_TRUE(SingleNode().empty());
  EXPECT_TRUE(Unconsolidatable(
      "SpotToSpotConsolidation requires 15 cheaper instance type options than the current "
      "candidate to consolidate, got 1"));
}

// "cannot replace spot with spot if the spotToSpotConsolidation is disabled".
TEST_F(ConsolidationTest, CannotReplaceSpotWithSpotWhenGateDisabled) {
  AddNode("node", MostExpensive("spot"));
  EXPECT_TRUE(SingleNode(SpotToSpot(false)).empty());
  EXPECT_TRUE(
      Unconsolidatable("SpotToSpotConsolidation is disabled, can't replace a spot node with a "
                       "spot node"));
}

// With the gate off a spot node can still be deleted.
TEST_F(ConsolidationTest, SpotNodeCanBeDeletedWhenGateDisabled) {
  AddNode("spot-node", MostExpensive("spot"));
  AddNode("on-demand-node", MostExpensive("on-demand"), 0);  // room for the pod
  std::vector<Command> commands = SingleNode(SpotToSpot(false));
  ASSERT_EQ(commands.size(), 1u);
  EXPECT_EQ(commands[0].decision(), Decision::kDelete);
  EXPECT_EQ(Names(commands[0].candidates), std::vector<std::string>{"spot-node"});
}

// "cannot replace spot with spot if it is part of the 15 cheapest instance types".
TEST_F(ConsolidationTest, CannotReplaceSpotWithSpotWhenAmongFifteenCheapest) {
  cloud::InstanceTypes types = {SingleOfferingType("spot-00", 0.001)};
  for (int i = 1; i < 20; ++i) {
    types.push_back(SingleOfferingType("spot-" + std::to_string(i), 1.0 + 0.1 * i));
  }
  world_.types = types;
  AddNode("node", world_.Type("spot-1"));  // the second cheapest
  EXPECT_TRUE(SingleNode().empty());
  EXPECT_TRUE(Unconsolidatable("got 1"));
}

// "spot to spot consolidation should order the instance types by price before enforcing minimum
// flexibility".
TEST_F(ConsolidationTest, SpotToSpotOrdersByPriceBeforeTruncating) {
  cloud::InstanceTypes types;
  for (int i = 0; i < 18; ++i) {
    // spot-16 is the cheapest, outside the first 15 in catalogue order.
    types.push_back(
        SingleOfferingType("spot-" + std::to_string(i), i == 16 ? 0.001 : 1.0 + 0.1 * i));
  }
  world_.types = types;
  AddNode("node", world_.Type("spot-17"));
  std::vector<Command> commands = SingleNode();
  ASSERT_EQ(commands.size(), 1u);
  std::vector<std::string> names = OptionNames(commands[0].replacements.at(0));
  std::vector<std::string> expected = {"spot-16"};
  for (int i = 0; i < 14; ++i) expected.push_back("spot-" + std::to_string(i));
  EXPECT_EQ(names, expected);
}

// "spot to spot consolidation should consider the max of default and minimum number of
// instanceTypeOptions from minValues in requirement for truncation if minimum number of
// instanceTypeOptions from minValues in requirement is greater than 15".
TEST_F(ConsolidationTest, SpotToSpotTruncatesToMinValuesAboveFifteen) {
  pool_->spec.template_.spec.requirements = {
      Req("karpenter.sh/capacity-type", "In", {"spot", "on-demand"}),
      Req("node.kubernetes.io/instance-type", "Exists", {}, 16)};
  cloud::InstanceTypes types;
  for (int i = 0; i < 18; ++i) {
    types.push_back(
        SingleOfferingType("spot-" + std::to_string(i), i == 16 ? 0.001 : 1.0 + 0.1 * i));
  }
  world_.types = types;
  AddNode("node", world_.Type("spot-17"));
  std::vector<Command> commands = SingleNode();
  ASSERT_EQ(commands.size(), 1u);
  EXPECT_EQ(commands[0].replacements.at(0).instance_type_options.size(), 16u);
}

// "... should consider the default for truncation if minimum number of instanceTypeOptions from
// minValues in requirement is less than 15".
TEST_F(ConsolidationTest, SpotToSpotTruncatesToFifteenWhenMinValuesIsBelow) {
  pool_->spec.template_.spec.requirements = {
      Req("karpenter.sh/capacity-type", "In", {"spot", "on-demand"}),
      Req("node.kubernetes.io/instance-type", "Exists", {}, 10)};
  cloud::InstanceTypes types;
  for (int i = 0; i < 20; ++i) {
    types.push_back(SingleOfferingType("spot-" + std::to_string(i), 1.0 + 0.1 * i));
  }
  world_.types = types;
  AddNode("node", world_.Type("spot-19"));
  std::vector<Command> commands = SingleNode();
  ASSERT_EQ(commands.size(), 1u);
  EXPECT_EQ(commands[0].replacements.at(0).instance_type_options.size(), 15u);
}

// "won't replace node if any spot replacement is more expensive": the replacement's worst spot
// price (1.0 in test-zone-1a) is what counts, not its cheapest (0.2).
TEST_F(ConsolidationTest, WontReplaceIfAnySpotReplacementIsMoreExpensive) {
  cloud::fake::Options current;
  current.offerings = {
      {.zone = "test-zone-1a", .capacity_type = "on-demand", .price = 0.5, .available = false}};
  cloud::fake::Options replacement;
  replacement.offerings = {{.zone = "test-zone-1a", .capacity_type = "spot", .price = 1.0},
                           {.zone = "test-zone-1b", .capacity_type = "spot", .price = 0.2},
                           {.zone = "test-zone-1c", .capacity_type = "spot", .price = 0.4}};
  world_.types = {cloud::fake::NewInstanceType("current-on-demand", current),
                  cloud::fake::NewInstanceType("potential-spot-replacement", replacement)};
  Candidate& node =
      world_.AddNode("node", *pool_, world_.Type("current-on-demand"),
                     {.zone = "test-zone-1a", .pods = std::vector<api::ResourceList>(1)});
  EXPECT_DOUBLE_EQ(node.price, 0.5);
  EXPECT_TRUE(SingleNode().empty());
  EXPECT_TRUE(Unconsolidatable("Can't replace with a cheaper node"));
}

// "won't replace on-demand node if on-demand replacement is more expensive": on-demand only pool,
// the replacement's on-demand offerings cost 0.6 > 0.5 (its cheap spot offerings do not count).
TEST_F(ConsolidationTest, WontReplaceOnDemandIfOnDemandReplacementIsMoreExpensive) {
  pool_->spec.template_.spec.requirements = {
      Req("karpenter.sh/capacity-type", "In", {"on-demand"})};
  cloud::fake::Options current;
  current.offerings = {
      {.zone = "test-zone-1a", .capacity_type = "on-demand", .price = 0.5, .available = false}};
  cloud::fake::Options replacement;
  replacement.offerings = {{.zone = "test-zone-1a", .capacity_type = "on-demand", .price = 0.6},
                           {.zone = "test-zone-1b", .capacity_type = "on-demand", .price = 0.6},
                           {.zone = "test-zone-1b", .capacity_type = "spot", .price = 0.2},
                           {.zone = "test-zone-1c", .capacity_type = "spot", .price = 0.3}};
  world_.types = {cloud::fake::NewInstanceType("current-on-demand", current),
                  cloud::fake::NewInstanceType("on-demand-replacement", replacement)};
  world_.AddNode("node", *pool_, world_.Type("current-on-demand"),
                 {.zone = "test-zone-1a", .pods = std::vector<api::ResourceList>(1)});
  EXPECT_TRUE(SingleNode().empty());
  EXPECT_TRUE(Unconsolidatable("Can't replace with a cheaper node"));
}

// Consolidation replaces many nodes with one, never one with several.
TEST_F(ConsolidationTest, WontReplaceOneNodeWithTwo) {
  // The node's pods each need a whole small node of their own.
  world_.types = {SingleOfferingType("small", 0.1, {"on-demand"}),
                  SingleOfferingType("current", 10.0, {"on-demand"})};
  world_.AddNode("node", *pool_, world_.Type("current"),
                 {.pods = {Resources({{"cpu", "700m"}}), Resources({{"cpu", "700m"}})}});
  EXPECT_TRUE(SingleNode().empty());
  EXPECT_TRUE(Unconsolidatable("Can't remove without creating 2 candidates"));
}

// ---- Delete -------------------------------------------------------------------------------------

// "can delete nodes": the pods fit on the other nodes.
TEST_F(ConsolidationTest, CanDeleteNodes) {
  AddNode("node-1", MostExpensive("on-demand"), 2);
  AddNode("node-2", MostExpensive("on-demand"), 1);
  std::vector<Command> commands = SingleNode();
  ASSERT_EQ(commands.size(), 1u);
  EXPECT_EQ(commands[0].decision(), Decision::kDelete);
  // node-2 disrupts less for the same price.
  EXPECT_EQ(Names(commands[0].candidates), std::vector<std::string>{"node-2"});
  ASSERT_EQ(commands[0].moved_to_existing.size(), 1u);
  EXPECT_EQ(commands[0].moved_to_existing[0].first, "node-1");
  const std::string explanation = commands[0].Explain();
  EXPECT_NE(explanation.find("single-node-consolidation"), std::string::npos) << explanation;
  EXPECT_NE(explanation.find("node-2"), std::string::npos) << explanation;
}

// "won't delete nodes if it would make a non-pending pod go pending".
TEST_F(ConsolidationTest, WontDeleteIfNonPendingPodWouldGoPending) {
  world_.types = {SingleOfferingType("only", 1.0, {"on-demand"})};
  // The pod fits neither on the other (full) node nor on any type the pool can launch.
  world_.AddNode("node-1", *pool_, world_.Type("only"), {.pods = {Resources({{"cpu", "900m"}})}});
  world_.AddNode(
      "node-2", *pool_, world_.Type("only"),
      {.pods = {Resources({{"cpu", "900m"}})}, .allocatable = Resources({{"cpu", "1"}})});
  world_.types = {};  // nothing to launch
  EXPECT_TRUE(SingleNode().empty());
  EXPECT_EQ(world_.EventMessages(kUnconsolidatableReason).size(), 4u);  // both nodes, both objects
}

// "won't delete node if it would require pods to schedule on an uninitialized node".
TEST_F(ConsolidationTest, WontDeleteIfPodsWouldLandOnUninitializedNode) {
  Candidate& node = AddNode("node", MostExpensive("on-demand"));
  SingleNodeConsolidation method(SpotToSpot(true), world_.events());
  FakeSimulator simulator([](auto) {
    SimulationResult result;
    result.uses_uninitialized_node = true;
    result.failure = "would schedule against uninitialized nodeclaim/other, node/other";
    return result;
  });
  const Candidate* const one[] = {&node};
  auto command = method.ComputeConsolidation(simulator, one);
  ASSERT_TRUE(command.has_value());
  EXPECT_EQ(command->decision(), Decision::kNoOp);
  EXPECT_TRUE(Unconsolidatable("Would schedule against uninitialized"));  // as a sentence
}

// A candidate that started deleting between selection and simulation is retried quietly.
TEST_F(ConsolidationTest, CandidateDeletingIsANoOpWithoutEvent) {
  Candidate& node = AddNode("node", MostExpensive("on-demand"));
  SingleNodeConsolidation method(SpotToSpot(true), world_.events());
  FakeSimulator simulator([](auto) {
    SimulationResult result;
    result.failure = "candidate is deleting";
    return result;
  });
  const Candidate* const one[] = {&node};
  auto command = method.ComputeConsolidation(simulator, one);
  ASSERT_TRUE(command.has_value());
  EXPECT_EQ(command->decision(), Decision::kNoOp);
  EXPECT_TRUE(world_.EventMessages(kUnconsolidatableReason).empty());
}

// ---- Budgets ------------------------------------------------------------------------------------

// "should only allow 3 nodes to be deleted in multi node consolidation delete": ten nodes whose
// 100m pods all fit on one; budget 30% allows three.
TEST_F(ConsolidationTest, BudgetsOnlyAllowThreeNodesInMultiNodeDelete) {
  for (int i = 0; i < 10; ++i) {
    world_.AddNode("node-" + std::to_string(i), *pool_, MostExpensive("on-demand"),
                   {.pods = {Resources({{"cpu", "100m"}})}});
  }
  std::vector<Command> commands = MultiNode(SpotToSpot(true), /*budget=*/3);
  ASSERT_EQ(commands.size(), 1u);
  EXPECT_EQ(commands[0].decision(), Decision::kDelete);
  EXPECT_EQ(commands[0].candidates.size(), 3u);
}

// ---- Multi-NodeClaim ----------------------------------------------------------------------------

// "can merge 3 nodes into 1" (on-demand and spot entries).
TEST_F(ConsolidationTest, MultiNodeMergesThreeNodesIntoOne) {
  for (const char* capacity_type : {"on-demand", "spot"}) {
    SCOPED_TRACE(capacity_type);
    ConsolidationWorld world;
    world.types = world_.types;
    const api::NodePool& pool = world.AddPool("default");
    const cloud::InstanceTypePtr type = MostExpensive(capacity_type);
    for (int i = 0; i < 3; ++i) {
      world.AddNode("node-" + std::to_string(i), pool, type,
                    {.zone = type->offerings[0].zone,
                     .capacity_type = capacity_type,
                     .pods = std::vector<api::ResourceList>(1)});
    }
    MultiNodeConsolidation method(SpotToSpot(true), world.events());
    auto simulator = world.Simulator();
    BudgetMap budgets = world.Budgets();
    auto commands = method.ComputeCommands(simulator, budgets, world.Candidates());
    ASSERT_TRUE(commands.has_value());
    ASSERT_EQ(commands->size(), 1u);
    const Command& command = (*commands)[0];
    EXPECT_EQ(command.decision(), Decision::kReplace);
    EXPECT_EQ(command.candidates.size(), 3u);
    ASSERT_EQ(command.replacements.size(), 1u);
    EXPECT_EQ(command.replacements[0].pods.size(), 3u);
    EXPECT_LT(command.ReplacementPrice(), command.CandidatePrice());
  }
}

// Multi-node spot-to-spot has no minimum-flexibility rule: three spot nodes merge into one even
// with fewer than 15 cheaper spot options (consolidation.go computeSpotToSpotConsolidation).
TEST_F(ConsolidationTest, MultiNodeSpotToSpotNeedsNoFifteenOptions) {
  world_.types = {SingleOfferingType("spot-small", 0.1), SingleOfferingType("spot-medium", 0.2),
                  SingleOfferingType("spot-large", 1.0)};
  for (int i = 0; i < 3; ++i) {
    world_.AddNode("node-" + std::to_string(i), *pool_, world_.Type("spot-large"),
                   {.capacity_type = "spot", .pods = {Resources({{"cpu", "100m"}})}});
  }
  // spot-large itself is dropped by filterOutSameInstanceType (no cheaper than a candidate).
  std::vector<Command> commands = MultiNode();
  ASSERT_EQ(commands.size(), 1u);
  EXPECT_EQ(commands[0].decision(), Decision::kReplace);
  EXPECT_EQ(commands[0].candidates.size(), 3u);
  EXPECT_EQ(OptionNames(commands[0].replacements.at(0)),
            (std::vector<std::string>{"spot-small", "spot-medium"}));
  // The same single node is not replaced (2 < 15 cheaper options).
  ConsolidationWorld single_world;
  single_world.types = world_.types;
  const api::NodePool& pool = single_world.AddPool("default");
  single_world.AddNode("node", pool, single_world.Type("spot-large"),
                       {.capacity_type = "spot", .pods = {Resources({{"cpu", "100m"}})}});
  SingleNodeConsolidation method(SpotToSpot(true), single_world.events());
  auto simulator = single_world.Simulator();
  BudgetMap budgets = single_world.Budgets();
  auto single = method.ComputeCommands(simulator, budgets, single_world.Candidates());
  ASSERT_TRUE(single.has_value());
  EXPECT_TRUE(single->empty());
  EXPECT_TRUE(single_world.HasEvent(kUnconsolidatableReason, "got 2"));
}

// "can merge 3 nodes into 1 if the candidates have both spot and on-demand": not all spot, so
// no spot-to-spot rules; the replacement is pinned to spot.
TEST_F(ConsolidationTest, MultiNodeMergesMixedSpotAndOnDemand) {
  AddNode("node-0", MostExpensive("on-demand"));
  AddNode("node-1", MostExpensive("on-demand"));
  AddNode("node-2", MostExpensive("spot"));
  std::vector<Command> commands = MultiNode(SpotToSpot(false));
  ASSERT_EQ(commands.size(), 1u);
  EXPECT_EQ(commands[0].decision(), Decision::kReplace);
  EXPECT_EQ(commands[0].candidates.size(), 3u);
  EXPECT_EQ(commands[0].replacements.at(0).requirements.Get(api::kCapacityTypeLabelKey).values(),
            std::vector<std::string>{"spot"});
}

// "won't merge 2 nodes into 1 of the same type": two of the cheapest nodes would be replaced by
// one more of the same type; filterOutSameInstanceType turns that down and single-node
// consolidation deletes the node with the fewest pods instead.
TEST_F(ConsolidationTest, WontMergeTwoNodesIntoOneOfTheSameType) {
  for (const char* capacity_type : {"on-demand", "spot"}) {
    SCOPED_TRACE(capacity_type);
    ConsolidationWorld world;
    world.types = world_.types;
    const api::NodePool& pool = world.AddPool("default");
    const cloud::InstanceTypePtr type = LeastExpensive(capacity_type);
    auto add = [&](const char* name, int pods) {
      world.AddNode(name, pool, type,
                    {.zone = type->offerings[0].zone,
                     .capacity_type = capacity_type,
                     .pods = std::vector<api::ResourceList>(static_cast<size_t>(pods))});
    };
    add("node-0", 1);
    add("node-1", 2);
    MultiNodeConsolidation multi(SpotToSpot(true), world.events());
    auto simulator = world.Simulator();
    BudgetMap budgets = world.Budgets();
    auto commands = multi.ComputeCommands(simulator, budgets, world.Candidates());
    ASSERT_TRUE(commands.has_value());
    EXPECT_TRUE(commands->empty());
    SingleNodeConsolidation single(SpotToSpot(true), world.events());
    budgets = world.Budgets();
    commands = single.ComputeCommands(simulator, budgets, world.Candidates());
    ASSERT_TRUE(commands.has_value());
    ASSERT_EQ(commands->size(), 1u);
    EXPECT_EQ((*commands)[0].decision(), Decision::kDelete);
    EXPECT_EQ(Names((*commands)[0].candidates), std::vector<std::string>{"node-0"});
  }
}

// "should handle failing filterOutSameInstanceType correctly (without a panic) when minValues
// isn't satisfied": merging the first two nodes leaves one replacement type besides their own,
// short of minValues 2; multi-node finds nothing and single-node deletes a node.
TEST_F(ConsolidationTest, FilterOutSameInstanceTypeBreakingMinValues) {
  pool_->spec.template_.spec.requirements = {
      Req("node.kubernetes.io/instance-type", "Exists", {}, 2),
      Req("karpenter.sh/capacity-type", "In", {"on-demand"})};
  cloud::fake::Options current;
  current.resources = Resources({{"cpu", "5"}});
  current.offerings = {{.zone = "test-zone-1a", .capacity_type = "on-demand", .price = 0.5}};
  cloud::fake::Options other = current;
  other.offerings[0].price = 0.4;
  world_.types = {cloud::fake::NewInstanceType("current-on-demand", current),
                  cloud::fake::NewInstanceType("other-on-demand", other)};
  const api::ResourceList two_cpu = Resources({{"cpu", "2"}});
  const api::ResourceList allocatable = Resources({{"cpu", "4"}, {"pods", "100"}});
  for (int i = 0; i < 3; ++i) {
    world_.AddNode("node-" + std::to_string(i), *pool_, world_.Type("current-on-demand"),
                   {.zone = "test-zone-1a",
                    .pods = std::vector<api::ResourceList>(i == 2 ? 2 : 1, two_cpu),
                    .allocatable = allocatable});
  }
  EXPECT_TRUE(MultiNode().empty());
  std::vector<Command> commands = SingleNode();
  ASSERT_EQ(commands.size(), 1u);
  EXPECT_EQ(commands[0].decision(), Decision::kDelete);
  EXPECT_EQ(commands[0].candidates.size(), 1u);
}

// ---- Node Lifetime Consideration ----------------------------------------------------------------

// "should consolidate the node with best savings ratio first".
TEST_F(ConsolidationTest, ConsolidatesBestSavingsRatioFirst) {
  AddNode("busy", MostExpensive("on-demand"), 5);
  AddNode("quiet", MostExpensive("on-demand"), 1);
  AddNode("spare", MostExpensive("on-demand"), 3);
  std::vector<Command> commands = SingleNode();
  ASSERT_EQ(commands.size(), 1u);
  EXPECT_EQ(Names(commands[0].candidates), std::vector<std::string>{"quiet"});
}

// ---- Helpers ------------------------------------------------------------------------------------

// RemoveInstanceTypeOptionsByPriceAndMinValues keeps only options strictly cheaper (by worst
// launch price) and reports broken minValues.
TEST_F(ConsolidationTest, RemoveInstanceTypeOptionsByPriceAndMinValues) {
  scheduling::NewNodeClaim claim;
  claim.instance_type_options = {SingleOfferingType("a", 0.1), SingleOfferingType("b", 0.5),
                                 SingleOfferingType("c", 0.2)};
  ASSERT_TRUE(RemoveInstanceTypeOptionsByPriceAndMinValues(claim, claim.requirements, 0.5));
  EXPECT_EQ(OptionNames(claim), (std::vector<std::string>{"a", "c"}));
  api::Requirements min_values;
  min_values.Add(api::Requirement::Make(api::kLabelInstanceTypeStable,
                                        api::NodeSelectorOperator::kExists, {}, 2));
  Status status = RemoveInstanceTypeOptionsByPriceAndMinValues(claim, min_values, 0.15);
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().message(),
            "minValues requirement is not met for label(s) [node.kubernetes.io/instance-type]");
}

// filterOutSameInstanceType's documented example: [2xlarge, 2xlarge, small] -> [nano, small,
// xlarge, 2xlarge] keeps only nano, cheaper than the candidates' own small.
TEST_F(ConsolidationTest, FilterOutSameInstanceTypeDocumentedExample) {
  world_.types = {SingleOfferingType("t3a.nano", 0.05, {"on-demand"}),
                  SingleOfferingType("t3a.small", 0.2, {"on-demand"}),
                  SingleOfferingType("t3a.xlarge", 1.0, {"on-demand"}),
                  SingleOfferingType("t3a.2xlarge", 2.0, {"on-demand"})};
  std::vector<const Candidate*> candidates = {&AddNode("a", world_.Type("t3a.2xlarge")),
                                              &AddNode("b", world_.Type("t3a.2xlarge")),
                                              &AddNode("c", world_.Type("t3a.small"))};
  scheduling::NewNodeClaim replacement;
  replacement.instance_type_options = world_.types;
  ASSERT_TRUE(FilterOutSameInstanceType(replacement, candidates));
  EXPECT_EQ(OptionNames(replacement), std::vector<std::string>{"t3a.nano"});
  // Without nano nothing is left: the move is "delete the two 2xlarge".
  replacement.instance_type_options = {world_.types[1], world_.types[2], world_.types[3]};
  ASSERT_TRUE(FilterOutSameInstanceType(replacement, candidates));
  EXPECT_TRUE(replacement.instance_type_options.empty());
}

// ---- End to end through the controller (disruption_test_util.h) -------------------------------

// consolidation_test.go "Delete" context: two nodes of the cheapest type with room for every
// pod (allocatable 32 cpu, 100 pods), Consolidatable.
class ConsolidationControllerTest : public testing::DisruptionTest {
 protected:
  ConsolidationControllerTest() {
    PutNodePool(NodePool("default", api::kConsolidationPolicyWhenEmptyOrUnderutilized));
    for (int i = 0; i < 2; ++i) {
      testing::ManagedNodeOptions o;
      o.allocatable = Resources({{"cpu", "32"}, {"pods", "100"}});
      o.consolidatable = true;
      nodes_.push_back(NodeClaimAndNode(o));
    }
    MakeController(DefaultMethods);
  }
  // Two pods on the first node, one on the second, as upstream binds them.
  std::vector<std::string> BindPods(std::map<std::string, std::string> last_pod_annotations = {},
                                    std::map<std::string, std::string> last_pod_labels = {}) {
    std::vector<std::string> pods;
    pods.push_back(BoundPod(nodes_[0].second));
    pods.push_back(BoundPod(nodes_[0].second));
    scheduling::testing::PodOptions last;
    last.labels = std::move(last_pod_labels);
    pods.push_back(BoundPod(nodes_[1].second, last, std::move(last_pod_annotations)));
    return pods;
  }
  // The nodes the queued commands disrupt.
  std::vector<std::string> QueuedNodes() {
    std::vector<std::string> out;
    for (const auto& [id, entry] : controller().queue().entries()) {
      out.insert(out.end(), entry.nodes.begin(), entry.nodes.end());
    }
    return out;
  }
  std::vector<std::pair<std::string, std::string>> nodes_;  // (claim, node)
};

// "can delete nodes": the node with one pod goes; no replacement.
TEST_F(ConsolidationControllerTest, CanDeleteNodes) {
  BindPods();
  ReconcileDisruption();
  EXPECT_EQ(QueuedNodes(), std::vector<std::string>{nodes_[1].second});
  ReconcileQueue();
  CascadeDeletion();
  EXPECT_EQ(NodeClaimCount(), 1u);
  EXPECT_FALSE(NodeClaimExists(nodes_[1].first));
  EXPECT_TRUE(Replacements().empty());
}

// "can delete nodes, considers PDB": the single pod on the second node is covered by a PDB that
// allows no disruption, so the node with more pods is the one deleted.
TEST_F(ConsolidationControllerTest, CanDeleteNodesConsideringPdb) {
  BindPods({}, {{"app", "test"}});
  PutPdb("pdb", {{"app", "test"}}, api::IntOrString::Int(0));
  ReconcileDisruption();
  EXPECT_EQ(QueuedNodes(), std::vector<std::string>{nodes_[0].second});
}

// "can delete nodes, considers karpenter.sh/do-not-disrupt set to true on pods".
TEST_F(ConsolidationControllerTest, CanDeleteNodesConsideringDoNotDisruptOnPods) {
  BindPods({{std::string(kDoNotDisruptAnnotation), "true"}});
  ReconcileDisruption();
  EXPECT_EQ(QueuedNodes(), std::vector<std::string>{nodes_[0].second});
}

// "can delete nodes, considers karpenter.sh/do-not-disrupt set to true on nodes".
TEST_F(ConsolidationControllerTest, CanDeleteNodesConsideringDoNotDisruptOnNodes) {
  BindPods();
  api::Node node = *state_.Get<api::Node>("", nodes_[1].second);
  node.metadata.annotations[std::string(kDoNotDisruptAnnotation)] = "true";
  state_.Put(std::move(node));
  ReconcileDisruption();
  EXPECT_EQ(QueuedNodes(), std::vector<std::string>{nodes_[0].second});
}

// "can replace node": one expensive node with a pod is replaced by a cheaper one, which is
// launched before the old node goes.
TEST_F(ConsolidationControllerTest, CanReplaceNode) {
  ASSERT_TRUE(state_.Delete<api::NodeClaim>("", nodes_[0].first));
  ASSERT_TRUE(state_.Delete<api::Node>("", nodes_[0].second));
  ASSERT_TRUE(state_.Delete<api::NodeClaim>("", nodes_[1].first));
  ASSERT_TRUE(state_.Delete<api::Node>("", nodes_[1].second));
  testing::ManagedNodeOptions o;
  o.instance_type = most_expensive_->name;
  o.consolidatable = true;
  auto [claim, node] = NodeClaimAndNode(o);
  BoundPod(node);
  MakeController(DefaultMethods);
  ReconcileDisruption();
  EXPECT_EQ(QueuedNodes(), std::vector<std::string>{node});
  std::vector<const api::NodeClaim*> replacements = Replacements();
  ASSERT_EQ(replacements.size(), 1u);
  MakeNewNodeClaimsReady();
  ReconcileQueue();
  CascadeDeletion();
  EXPECT_FALSE(NodeClaimExists(claim));
  EXPECT_EQ(NodeClaimCount(), 1u);
  // The replacement does not run the most expensive type.
  const api::NodeClaim* launched = Replacements().front();
  EXPECT_NE(launched->metadata.labels.at(std::string(api::kLabelInstanceTypeStable)),
            most_expensive_->name);
}

// "does not consolidate nodes with karpenter.sh/do-not-disrupt set to true on pods when the
// NodePool's TerminationGracePeriod is not nil": consolidation is graceful, so a grace period does
// not let it past do-not-disrupt.
TEST_F(ConsolidationControllerTest, DoNotDisruptPodsBlockEvenWithTerminationGracePeriod) {
  for (const auto& [claim, node] : nodes_) {
    MutableClaim(claim)->spec.termination_grace_period = Duration::Seconds(300);
  }
  const std::map<std::string, std::string> dnd = {{std::string(kDoNotDisruptAnnotation), "true"}};
  scheduling::testing::PodOptions none;
  BoundPod(nodes_[0].second, none, dnd);
  BoundPod(nodes_[0].second, none, dnd);
  BoundPod(nodes_[1].second, none, dnd);
  ReconcileDisruption();
  EXPECT_TRUE(QueuedNodes().empty());
  EXPECT_EQ(NodeClaimCount(), 2u);
}

// "does not consolidate nodes with pods that have a duration-based do-not-disrupt annotation that
// is still active" and "can consolidate nodes after duration-based do-not-disrupt annotation
// expires".
TEST_F(ConsolidationControllerTest, DurationDoNotDisruptBlocksUntilItExpires) {
  const std::map<std::string, std::string> dnd = {{std::string(kDoNotDisruptAnnotation), "2m"}};
  scheduling::testing::PodOptions none;
  BoundPod(nodes_[0].second, none, dnd);
  BoundPod(nodes_[0].second, none, dnd);
  BoundPod(nodes_[1].second, none, dnd);
  ReconcileDisruption();
  EXPECT_TRUE(QueuedNodes().empty());
  clock_.Advance(Duration::Minutes(3));
  MakeController(DefaultMethods);
  ReconcileDisruption();
  EXPECT_EQ(QueuedNodes(), std::vector<std::string>{nodes_[1].second});
}

// "should not consolidate pods onto a destination node that is under its consolidateAfter
// window": both nodes are the cheapest type, so the only move is deleting the second and moving
// its pod to the first, which is still inside consolidateAfter (1m) and so no destination.
TEST_F(ConsolidationControllerTest, NoDestinationUnderConsolidateAfter) {
  api::NodePool pool = *state_.Get<api::NodePool>("", "default");
  pool.spec.disruption.consolidate_after = NillableDuration{Duration::Minutes(1)};
  state_.Put(std::move(pool));
  BindPods();
  ReconcileDisruption();
  EXPECT_TRUE(QueuedNodes().empty());
  EXPECT_EQ(NodeCount(), 2u);
  // Past the window the delete goes ahead.
  clock_.Advance(Duration::Minutes(2));
  MakeController(DefaultMethods);
  ReconcileDisruption();
  EXPECT_EQ(QueuedNodes(), std::vector<std::string>{nodes_[1].second});
}

// "can delete nodes with a permanently pending pod": a pending pod that fits nowhere does not
// block the delete (only pods already running must find a place).
TEST_F(ConsolidationControllerTest, CanDeleteNodesWithPermanentlyPendingPod) {
  BindPods();
  scheduling::testing::PodOptions impossible;
  impossible.node_selector = {{"non-existent", "node-label"}};
  std::string pending = PendingPod(impossible);
  ReconcileDisruption();
  EXPECT_EQ(QueuedNodes(), std::vector<std::string>{nodes_[1].second});
  EXPECT_TRUE(Replacements().empty());
  EXPECT_TRUE(state_.Get<api::Pod>("default", pending)->spec.node_name.empty());
}

// "won't delete nodes if it would make a non-pending pod go pending", through the controller: the
// only node's pod has nowhere to go (the pool cannot launch anything that fits it).
TEST_F(ConsolidationControllerTest, WontDeleteIfNonPendingPodWouldGoPending) {
  scheduling::testing::PodOptions huge;
  huge.requests = Resources({{"cpu", "20"}});
  BoundPod(nodes_[0].second, huge);
  BoundPod(nodes_[1].second, huge);
  cloud_.instance_types = {least_expensive_};  // 1 cpu: no replacement can hold 20
  MakeController(DefaultMethods);
  ReconcileDisruption();
  EXPECT_TRUE(QueuedNodes().empty());
  EXPECT_EQ(EventCount("Node", nodes_[1].second, kUnconsolidatableReason), 1u);
  bool found = false;
  for (const cluster::Event& event : state_.events().events()) {
    if (event.reason == kUnconsolidatableReason &&
        event.message.rfind("Not all pods would schedule", 0) == 0) {
      found = true;
    }
  }
  EXPECT_TRUE(found);
}

}  // namespace
}  // namespace tidepool::disruption
