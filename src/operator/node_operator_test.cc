// The node layer end to end on one simulated clock: NodeOperator with the simulated world
// (kube-scheduler, Deployments' pods, kubelets) and the simulated cloud over Karpenter's fake
// instance types. Each test drives the clock and checks the cluster, the events and the
// disruption controller's decision log step by step. Issue #5.
#include "operator/node_operator.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "api/k8s/pdb.h"
#include "lifecycle/interruption.h"
#include "operator/operator_test_util.h"

namespace tidepool::node_operator {
namespace {

using testing::DeploymentOptions;
using testing::OperatorTest;
using testing::PoolOptions;

class NodeOperatorTest : public OperatorTest {
 protected:
  bool Disrupted(const api::Node& node) const {
    if (!node.metadata.deletion_timestamp.empty()) return true;
    return std::any_of(node.spec.taints.begin(), node.spec.taints.end(),
                       [](const api::Taint& t) { return t.key == "karpenter.sh/disrupted"; });
  }
  // Nodes a budget counts as being disrupted: tainted or deleting, and not yet drained with their
  // instance terminating (upstream BuildDisruptionBudgetMapping skips InstanceTerminating claims,
  // so the next node may start while a drained one waits for its instance to go).
  size_t DisruptedNodes() const {
    size_t n = 0;
    for (const auto& [key, node] : state_.Store<api::Node>().items()) {
      if (!Disrupted(node)) continue;
      const api::NodeClaim* claim = state_.NodeClaimForNode(key.name);
      if (claim != nullptr && InstanceTerminating(*claim)) continue;
      ++n;
    }
    return n;
  }
  static bool InstanceTerminating(const api::NodeClaim& claim) {
    return std::any_of(claim.status.conditions.begin(), claim.status.conditions.end(),
                       [](const api::StatusCondition& c) {
                         return c.type == "InstanceTerminating" && c.status == "True";
                       });
  }
  std::set<std::string> NodeNames() const {
    std::set<std::string> out;
    for (const auto& [key, node] : state_.Store<api::Node>().items()) out.insert(key.name);
    return out;
  }
  // Issue #5 point 4: every decision is a readable line; commands name their reason, method,
  // candidates and what replaces them.
  void ExpectDecisionsExplained() const {
    for (const auto& entry : operator_->disruption().decision_log().entries()) {
      EXPECT_FALSE(entry.line.empty());
      if (entry.line.rfind("started #", 0) != 0 && entry.line.rfind("validating ", 0) != 0) {
        continue;
      }
      const bool has_reason = entry.line.find("Empty/") != std::string::npos ||
                              entry.line.find("Underutilized/") != std::string::npos ||
                              entry.line.find("Drifted/") != std::string::npos;
      EXPECT_TRUE(has_reason) << entry.line;
      EXPECT_NE(entry.line.find("nodepools=[default]"), std::string::npos) << entry.line;
      EXPECT_TRUE(entry.line.find(": delete: ") != std::string::npos ||
                  entry.line.find(": replace: ") != std::string::npos)
          << entry.line;
      EXPECT_NE(entry.line.find("$"), std::string::npos) << entry.line;  // prices and savings
    }
  }
};

// A Deployment of N pods: pending -> NodeClaims -> Nodes registered and initialized -> pods bound
// and Running.
TEST_F(NodeOperatorTest, ProvisionsADeploymentEndToEnd) {
  AddPool({});
  AddDeployment({.name = "web", .replicas = 6, .cpu = "1"});
  StartOperator();

  // The workload controller creates the pods pending; kube-scheduler finds no node.
  clock_.Advance(Duration::Seconds(1));
  ASSERT_EQ(Pods("web").size(), 6u);
  for (const api::Pod* pod : Pods("web")) EXPECT_TRUE(pod->spec.node_name.empty());

  // The provisioner's batch closes and claims are launched before any node exists.
  ASSERT_TRUE(AdvanceUntil([&] { return AllNodeClaims() > 0; }, Duration::Seconds(30)));
  EXPECT_EQ(AllNodes(), 0u);
  EXPECT_EQ(RunningPods("web"), 0);

  std::optional<Time> running = AdvanceUntilRunning("web", 6);
  ASSERT_TRUE(running.has_value()) << DecisionLogText();
  // Each node was registered (30 s) and became Ready (10 s) before pods could bind.
  std::set<std::string> nodes;
  for (const api::Pod* pod : Pods("web")) nodes.insert(pod->spec.node_name);
  EXPECT_EQ(nodes.size(), AllNodes());
  EXPECT_EQ(AllNodeClaims(), AllNodes());
  for (const std::string& name : nodes) {
    const api::Node* node = state_.Get<api::Node>("", name);
    ASSERT_NE(node, nullptr);
    EXPECT_TRUE(Initialized(*node)) << name;
    const api::NodeClaim* claim = state_.NodeClaimForNode(name);
    ASSERT_NE(claim, nullptr);
    // Stamped with its pool's hash so drift can be detected.
    EXPECT_EQ(claim->metadata.annotations.count("karpenter.sh/nodepool-hash"), 1u);
  }
  EXPECT_EQ(cloud_.instances().size(), AllNodeClaims());
  EXPECT_EQ(operator_->node_claim_lifecycle().initialized(), AllNodeClaims());
  EXPECT_TRUE(Decisions().empty()) << DecisionLogText();  // nothing to disrupt: every node is used
}

// The wiring itself: shared options reach every component, and a cloud that is not simulated gets
// no kubelets and no offering marker of the operator's own.
TEST_F(NodeOperatorTest, ResolvesSharedOptionsAndWorldPieces) {
  StartOperator();
  const NodeOperatorOptions& o = operator_->options();
  EXPECT_EQ(o.provisioner.well_known_labels, &cloud::fake::WellKnownLabels());
  EXPECT_EQ(o.disruption.simulator.scheduler.well_known_labels, &cloud::fake::WellKnownLabels());
  EXPECT_EQ(o.disruption.queue.well_known_labels, &cloud::fake::WellKnownLabels());
  EXPECT_TRUE(static_cast<bool>(o.provisioner.decorate_node_claim));
  EXPECT_NE(operator_->kubelet(), nullptr);
  EXPECT_NE(operator_->kube_scheduler(), nullptr);
  EXPECT_NE(operator_->workloads(), nullptr);
  // Upstream's method order.
  std::vector<std::string> methods;
  for (const auto& method : operator_->disruption().methods()) {
    methods.emplace_back(method->name());
  }
  EXPECT_EQ(methods, (std::vector<std::string>{"emptiness", "drift", "multi-node-consolidation",
                                               "single-node-consolidation"}));

  cloud::CloudProvider& plain = cloud_;
  NodeOperatorOptions options = DefaultOptions();
  NodeOperator other(state_, clock_, plain, options);
  EXPECT_EQ(other.kubelet(), nullptr);
  EXPECT_NE(other.kube_scheduler(), nullptr);
  options.simulate_world = false;
  NodeOperator bare(state_, clock_, cloud_, options);
  EXPECT_EQ(bare.kubelet(), nullptr);
  EXPECT_EQ(bare.kube_scheduler(), nullptr);
  EXPECT_EQ(bare.workloads(), nullptr);
}

// Consolidation replace: a large node left with one small pod is replaced by a cheaper node that
// is launched and initialized before the old node is drained.
TEST_F(NodeOperatorTest, ConsolidationReplacementIsReadyBeforeTheOldNodeDrains) {
  AddPool({.consolidate_after = Duration::Seconds(30)});
  AddDeployment({.name = "web", .replicas = 3, .cpu = "1500m"});
  StartOperator();
  ASSERT_TRUE(AdvanceUntilRunning("web", 3));
  ASSERT_EQ(LiveNodes().size(), 1u);
  const std::string old_node = LiveNodes().front();
  const std::string old_claim = state_.NodeClaimForNode(old_node)->metadata.name;
  EXPECT_EQ(Label(*state_.Get<api::Node>("", old_node), api::kLabelInstanceTypeStable), "large");

  Scale("web", 1);
  ASSERT_TRUE(
      AdvanceUntil([&] { return FirstDecision("started #").has_value(); }, Duration::Minutes(3)))
      << DecisionLogText();
  const Time started = *FirstDecision("started #");
  EXPECT_EQ(started - *LastDecision("validating Underutilized/single-node-consolidation"),
            Duration::Seconds(15));
  EXPECT_NE(Decisions("started #").front().find(" -> [default: small"), std::string::npos)
      << DecisionLogText();
  // At the start: the old node is tainted karpenter.sh/disrupted but keeps its pod; the
  // replacement claim exists.
  ASSERT_TRUE(Disrupted(*state_.Get<api::Node>("", old_node)));
  EXPECT_EQ(state_.Get<api::NodeClaim>("", old_claim)->metadata.deletion_timestamp, "");
  EXPECT_EQ(AllNodeClaims(), 2u);
  std::string new_claim;
  for (const auto& [key, claim] : state_.Store<api::NodeClaim>().items()) {
    if (key.name != old_claim) new_claim = key.name;
  }
  ASSERT_FALSE(new_claim.empty());

  // Step the clock and note when each thing first happens.
  std::optional<Time> initialized, old_deleting, moved;
  std::string new_node;
  for (int i = 0; i < 300 && !moved; ++i) {
    clock_.Advance(Duration::Seconds(1));
    const api::NodeClaim* claim = state_.Get<api::NodeClaim>("", new_claim);
    ASSERT_NE(claim, nullptr);
    if (!initialized && !claim->status.node_name.empty()) {
      const api::Node* node = state_.Get<api::Node>("", claim->status.node_name);
      if (node != nullptr && Initialized(*node)) {
        initialized = clock_.Now();
        new_node = node->metadata.name;
      }
    }
    const api::NodeClaim* old = state_.Get<api::NodeClaim>("", old_claim);
    if (!old_deleting && (old == nullptr || !old->metadata.deletion_timestamp.empty())) {
      old_deleting = clock_.Now();
      // The old node's pod is still there when its deletion starts.
      EXPECT_EQ(Pods("web").front()->spec.node_name, old_node);
    }
    if (!new_node.empty() && RunningPods("web") == 1 &&
        Pods("web").front()->spec.node_name == new_node) {
      moved = clock_.Now();
    }
  }
  ASSERT_TRUE(initialized && old_deleting && moved) << DecisionLogText();
  EXPECT_LE(*initialized, *old_deleting);
  EXPECT_LE(*old_deleting, *moved);
  EXPECT_EQ(Label(*state_.Get<api::Node>("", new_node), api::kLabelInstanceTypeStable), "small");
  ASSERT_TRUE(AdvanceUntil([&] { return AllNodes() == 1; }, Duration::Minutes(2)));
  EXPECT_EQ(operator_->disruption().queue().succeeded(), 1u);
  EXPECT_EQ(Decisions("succeeded #").size(), 1u);
  EXPECT_FALSE(Events("DisruptionLaunching").empty());
  EXPECT_FALSE(Events("DisruptionTerminating").empty());
  ExpectDecisionsExplained();
}

// Budgets: nodes "1" lets only one node be disrupted at a time.
TEST_F(NodeOperatorTest, BudgetOfOneDisruptsOneNodeAtATime) {
  AddPool({.instance_types = {"small"},
           .consolidate_after = Duration::Seconds(30),
           .budget_nodes = "1"});
  AddDeployment({.name = "web", .replicas = 4, .cpu = "1500m"});
  StartOperator();
  ASSERT_TRUE(AdvanceUntilRunning("web", 4));
  ASSERT_EQ(LiveNodes().size(), 4u);

  Scale("web", 0);
  size_t most = 0;
  std::optional<Time> done = AdvanceUntil(
      [&] {
        most = std::max(most, DisruptedNodes());
        return AllNodes() == 0;
      },
      Duration::Minutes(20));
  ASSERT_TRUE(done.has_value()) << DecisionLogText();
  EXPECT_EQ(most, 1u);
  const std::vector<std::string> started = Decisions("started #");
  ASSERT_EQ(started.size(), 4u) << DecisionLogText();
  for (const std::string& line : started) {
    EXPECT_NE(line.find("Empty/emptiness: delete"), std::string::npos) << line;
    EXPECT_EQ(std::count(line.begin(), line.end(), '('), 2) << "one candidate: " << line;
  }
  ExpectDecisionsExplained();
}

// Drift: a new label in the NodePool template drifts every claim; they are replaced one by one
// (budget 1) and the pods run on the new nodes.
TEST_F(NodeOperatorTest, DriftedNodesAreReplacedOneByOne) {
  AddPool({.instance_types = {"small"}, .budget_nodes = "1"});
  AddDeployment({.name = "web", .replicas = 3, .cpu = "1500m"});
  StartOperator();
  ASSERT_TRUE(AdvanceUntilRunning("web", 3));
  const std::set<std::string> before = NodeNames();
  ASSERT_EQ(before.size(), 3u);

  api::NodePool pool = *state_.Get<api::NodePool>("", "default");
  pool.spec.template_.metadata.labels["team"] = "checkout";
  state_.Put(std::move(pool));

  size_t most = 0;
  std::optional<Time> done = AdvanceUntil(
      [&] {
        most = std::max(most, DisruptedNodes());
        std::set<std::string> now = NodeNames();
        if (now.size() != 3 || RunningPods("web") != 3) return false;
        for (const std::string& n : now) {
          if (before.count(n) != 0) return false;
          if (Label(*state_.Get<api::Node>("", n), "team") != "checkout") return false;
        }
        return true;
      },
      Duration::Minutes(30));
  ASSERT_TRUE(done.has_value()) << DecisionLogText();
  EXPECT_EQ(most, 1u);
  const std::vector<std::string> started = Decisions("started #");
  ASSERT_EQ(started.size(), 3u) << DecisionLogText();
  for (const std::string& line : started) {
    EXPECT_NE(line.find("Drifted/drift: replace"), std::string::npos) << line;
  }
  for (const api::Pod* pod : Pods("web")) EXPECT_EQ(before.count(pod->spec.node_name), 0u);
  ExpectDecisionsExplained();
}

// Expiration: expireAfter elapses -> the claim is deleted even with a budget of 0; the pods go
// pending and are provisioned again.
TEST_F(NodeOperatorTest, ExpiredNodesAreDeletedWithoutBudgetsAndPodsReprovisioned) {
  AddPool({.instance_types = {"small"}, .budget_nodes = "0", .expire_after = Duration::Hours(1)});
  AddDeployment({.name = "web", .replicas = 2, .cpu = "1500m"});
  StartOperator();
  ASSERT_TRUE(AdvanceUntilRunning("web", 2));
  const std::set<std::string> before = NodeNames();
  std::vector<std::pair<std::string, Time>> expiries;
  for (const auto& [key, claim] : state_.Store<api::NodeClaim>().items()) {
    expiries.emplace_back(
        key.name, *Time::ParseRfc3339(claim.metadata.creation_timestamp) + Duration::Hours(1));
  }
  ASSERT_EQ(expiries.size(), 2u);
  const Time first = std::min(expiries[0].second, expiries[1].second);
  clock_.AdvanceTo(first - Duration::Seconds(1));
  for (const auto& [name, at] : expiries) {
    EXPECT_EQ(state_.Get<api::NodeClaim>("", name)->metadata.deletion_timestamp, "") << name;
  }
  // Deleted at their expiry, to the second.
  for (const auto& [name, at] : expiries) {
    clock_.AdvanceTo(std::max(clock_.Now(), at));
    const api::NodeClaim* claim = state_.Get<api::NodeClaim>("", name);
    EXPECT_TRUE(claim == nullptr || !claim->metadata.deletion_timestamp.empty()) << name;
  }
  std::optional<Time> again = AdvanceUntil(
      [&] {
        if (RunningPods("web") != 2) return false;
        for (const api::Pod* pod : Pods("web")) {
          if (before.count(pod->spec.node_name) != 0) return false;
        }
        return true;
      },
      Duration::Minutes(5));
  ASSERT_TRUE(again.has_value());
  size_t expired_events = 0;
  for (const cluster::Event& event : Events("DisruptionTerminating")) {
    if (event.message == "Disrupting NodeClaim: Expired") ++expired_events;
  }
  EXPECT_EQ(expired_events, 2u);
  for (const std::string& old : before) EXPECT_EQ(state_.Get<api::Node>("", old), nullptr) << old;
  EXPECT_TRUE(FirstDecision("started #") == std::nullopt);  // not the disruption controller's
}

// Spot interruption: the node drains and goes, its (type, zone, spot) offering is unavailable for
// 3 minutes and the replacement lands elsewhere.
TEST_F(NodeOperatorTest, SpotInterruptionAvoidsTheInterruptedOffering) {
  AddPool({.capacity_types = {"spot"}, .instance_types = {"small"}});
  AddDeployment({.name = "web", .replicas = 1, .cpu = "1500m"});
  StartOperator();
  ASSERT_TRUE(AdvanceUntilRunning("web", 1));
  const std::string node_name = Pods("web").front()->spec.node_name;
  const api::Node& node = *state_.Get<api::Node>("", node_name);
  const std::string type = Label(node, api::kLabelInstanceTypeStable);
  const std::string zone = Label(node, api::kLabelTopologyZone);
  ASSERT_EQ(Label(node, api::kCapacityTypeLabelKey), "spot");
  const std::string instance(lifecycle::InstanceIdFromProviderId(node.spec.provider_id));

  operator_->interruption_queue().Push(
      "{\"version\":\"0\",\"id\":\"1\",\"detail-type\":\"EC2 Spot Instance Interruption "
      "Warning\",\"source\":\"aws.ec2\",\"account\":\"123456789012\",\"time\":\"" +
      clock_.Now().ToRfc3339() +
      "\",\"region\":\"us-west-2\",\"resources\":[],\"detail\":{\"instance-id\":\"" + instance +
      "\",\"instance-action\":\"terminate\"}}");
  const Time interrupted = clock_.Now();
  clock_.Advance(Duration::Seconds(1));
  EXPECT_EQ(operator_->interruption().messages_handled(), 1u);
  EXPECT_TRUE(cloud_.unavailable_offerings().IsUnavailable(type, zone, "spot"));
  // The interrupted claim is deleting (held by its finalizer while the node drains).
  const api::NodeClaim* claim = state_.NodeClaimForNode(node_name);
  ASSERT_NE(claim, nullptr);
  EXPECT_NE(claim->metadata.deletion_timestamp, "");

  std::optional<Time> replaced = AdvanceUntil(
      [&] { return state_.Get<api::Node>("", node_name) == nullptr && RunningPods("web") == 1; },
      Duration::Minutes(3) - Duration::Seconds(2));
  ASSERT_TRUE(replaced.has_value());
  const api::Node& now_on = *state_.Get<api::Node>("", Pods("web").front()->spec.node_name);
  EXPECT_EQ(Label(now_on, api::kCapacityTypeLabelKey), "spot");
  EXPECT_NE(Label(now_on, api::kLabelTopologyZone), zone);  // only "small" is allowed
  // Unavailable for 3 minutes from the notice.
  clock_.AdvanceTo(interrupted + Duration::Minutes(3) - Duration::Seconds(1));
  EXPECT_TRUE(cloud_.unavailable_offerings().IsUnavailable(type, zone, "spot"));
  clock_.AdvanceTo(interrupted + Duration::Minutes(3) + Duration::Seconds(1));
  EXPECT_FALSE(cloud_.unavailable_offerings().IsUnavailable(type, zone, "spot"));
}

// A burst and its scale-in (what KEDA does to a queue consumer): 20 pods spread over several
// nodes, then one pod left. Emptiness and consolidation bring the cluster back to one small node,
// and the cloud holds exactly the instances the cluster knows.
TEST_F(NodeOperatorTest, BurstThenScaleInConsolidatesToOneSmallNode) {
  AddPool({.consolidate_after = Duration::Seconds(30)});
  AddDeployment({.name = "web", .replicas = 20, .cpu = "1"});
  StartOperator();
  ASSERT_TRUE(AdvanceUntilRunning("web", 20));
  const size_t burst_nodes = LiveNodes().size();
  ASSERT_GE(burst_nodes, 2u);

  Scale("web", 1);
  std::optional<Time> settled = AdvanceUntil(
      [&] {
        return AllNodes() == 1 && AllNodeClaims() == 1 && RunningPods("web") == 1 &&
               Label(*state_.Get<api::Node>("", LiveNodes().front()),
                     api::kLabelInstanceTypeStable) == "small";
      },
      Duration::Minutes(40));
  ASSERT_TRUE(settled.has_value()) << DecisionLogText();
  EXPECT_EQ(cloud_.instances().size(), 1u);
  EXPECT_GE(operator_->disruption().queue().succeeded(), 1u);
  EXPECT_EQ(operator_->disruption().queue().failed(), 0u) << DecisionLogText();
  ExpectDecisionsExplained();
}

// A PDB with maxUnavailable 0 over the pods of an underused node blocks its consolidation;
// removing the PDB lets it go.
TEST_F(NodeOperatorTest, PdbWithMaxUnavailableZeroBlocksConsolidation) {
  AddPool({.consolidate_after = Duration::Seconds(30)});
  AddDeployment({.name = "web", .replicas = 3, .cpu = "1500m"});
  api::PodDisruptionBudget pdb;
  pdb.api_version = "policy/v1";
  pdb.kind = "PodDisruptionBudget";
  pdb.metadata.namespace_ = std::string(testing::kNamespace);
  pdb.metadata.name = "web";
  pdb.spec.selector = api::LabelSelector{};
  pdb.spec.selector->match_labels = {{"app", "web"}};
  pdb.spec.max_unavailable = api::IntOrString::Int(0);
  state_.Put(pdb);
  StartOperator();
  ASSERT_TRUE(AdvanceUntilRunning("web", 3));
  const std::string big = LiveNodes().front();
  Scale("web", 1);

  clock_.Advance(Duration::Minutes(20));
  EXPECT_FALSE(Deleting(big));
  EXPECT_FALSE(FirstDecision("started #").has_value()) << DecisionLogText();
  EXPECT_EQ(Pods("web").front()->spec.node_name, big);
  bool blocked_by_pdb = false;
  for (const cluster::Event& event : state_.events().events()) {
    if (event.object.name == big && event.reason == "DisruptionBlocked" &&
        event.message.find("PodDisruptionBudget=[shop/web]") != std::string::npos) {
      blocked_by_pdb = true;
    }
  }
  EXPECT_TRUE(blocked_by_pdb) << "no event says the PDB blocks " << big;

  ASSERT_TRUE(state_.Delete<api::PodDisruptionBudget>(std::string(testing::kNamespace), "web"));
  ASSERT_TRUE(AdvanceUntil([&] { return Deleting(big); }, Duration::Minutes(10)))
      << DecisionLogText();
  ASSERT_TRUE(AdvanceUntilRunning("web", 1));
  ExpectDecisionsExplained();
}

}  // namespace
}  // namespace tidepool::node_operator
