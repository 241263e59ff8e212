// The article's gotcha (issue #5): when KEDA scales a Deployment in, the nodes it empties are not
// removed at once. Karpenter waits consolidateAfter since each node's last pod event, then the
// 15 s validation, and a pod with karpenter.sh/do-not-disrupt: "<duration>" holds its node until
// that duration has elapsed since the pod started. Checked on the simulated clock, to the second.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "operator/operator_test_util.h"

namespace tidepool::node_operator {
namespace {

using testing::OperatorTest;

class GotchaTest : public OperatorTest {
 protected:
  std::set<std::string> NodesOf(const std::string& deployment) const {
    std::set<std::string> out;
    for (const api::Pod* pod : Pods(deployment)) out.insert(pod->spec.node_name);
    return out;
  }
};

// Issue #5, the article's gotcha: scale-in empties nodes; nothing is removed before
// consolidateAfter (5m) has passed since the last pod event on them, and they go after
// consolidateAfter + the 15 s validation (plus at most the controllers' polling periods).
TEST_F(GotchaTest, ArticleGotchaEmptyNodesWaitForConsolidateAfter) {
  AddPool({.instance_types = {"small"}, .consolidate_after = Duration::Minutes(5)});
  AddDeployment({.name = "web", .replicas = 4, .cpu = "1500m"});
  StartOperator();
  ASSERT_TRUE(AdvanceUntilRunning("web", 4));
  ASSERT_EQ(LiveNodes().size(), 4u);  // 1.5 cpu pods on 2-cpu nodes: one each
  clock_.Advance(Duration::Minutes(10));
  ASSERT_EQ(LiveNodes().size(), 4u);
  EXPECT_TRUE(Decisions().empty()) << DecisionLogText();  // full nodes, nothing cheaper

  // KEDA scales in.
  const Time scaled = clock_.Now();
  Scale("web", 1);
  clock_.Advance(Duration::Seconds(1));  // the workload controller deletes three pods
  ASSERT_EQ(Pods("web").size(), 1u);
  const std::set<std::string> kept = NodesOf("web");
  std::vector<std::string> emptied;
  Time last_event = scaled;
  for (const std::string& node : LiveNodes()) {
    if (kept.count(node) != 0) continue;
    emptied.push_back(node);
    std::optional<Time> event = LastPodEvent(node);
    ASSERT_TRUE(event.has_value()) << node;
    EXPECT_GE(*event, scaled);
    EXPECT_LE(*event, scaled + Duration::Seconds(1));
    last_event = std::max(last_event, *event);
  }
  ASSERT_EQ(emptied.size(), 3u);

  // Up to one second before consolidateAfter has passed every node is still there and nothing was
  // even proposed (the methods check consolidateAfter against the last pod event themselves, not
  // only the Consolidatable condition, which its controller updates every 10 s).
  const Time eligible = last_event + Duration::Minutes(5);
  clock_.AdvanceTo(eligible - Duration::Seconds(1));
  EXPECT_EQ(LiveNodes().size(), 4u);
  EXPECT_FALSE(FirstDecision("started #").has_value()) << DecisionLogText();
  EXPECT_TRUE(Decisions("validating").empty()) << DecisionLogText();
  for (const std::string& node : emptied) {
    const api::NodeClaim* claim = state_.NodeClaimForNode(node);
    ASSERT_NE(claim, nullptr);
    EXPECT_EQ(claim->metadata.deletion_timestamp, "") << node;
  }

  // Then emptiness proposes them, validates 15 s later, and deletes them.
  std::optional<Time> removed = AdvanceUntil(
      [&] {
        return std::all_of(emptied.begin(), emptied.end(),
                           [&](const std::string& n) { return Deleting(n); });
      },
      Duration::Minutes(2));
  ASSERT_TRUE(removed.has_value()) << DecisionLogText();
  std::optional<Time> proposed = LastDecision("validating Empty/emptiness");
  std::optional<Time> started = FirstDecision("started #");
  ASSERT_TRUE(proposed.has_value() && started.has_value()) << DecisionLogText();
  EXPECT_GE(*proposed, eligible);
  // The NodeClaim disruption controller marks Consolidatable within its 10 s period and the
  // disruption controller polls every 10 s.
  EXPECT_LE(*proposed, eligible + Duration::Seconds(20));
  EXPECT_EQ(*started - *proposed, Duration::Seconds(15));  // the validation wait
  EXPECT_GE(*removed, eligible + Duration::Seconds(15));
  EXPECT_LE(*removed - *started, Duration::Seconds(2));
  for (const std::string& node : emptied) {
    EXPECT_NE(Decisions("started #").front().find(node), std::string::npos)
        << node << " missing from " << DecisionLogText();
  }
  // The node still running a pod stays; the emptied ones are gone once terminated.
  ASSERT_TRUE(AdvanceUntil([&] { return AllNodes() == 1; }, Duration::Minutes(2)));
  EXPECT_EQ(LiveNodes(), std::vector<std::string>(kept.begin(), kept.end()));
  EXPECT_EQ(RunningPods("web"), 1);
  EXPECT_EQ(cloud_.instances().size(), 1u);
}

// Issue #5, the article's gotcha, second half: a pod annotated karpenter.sh/do-not-disrupt: "30m"
// keeps its underused node until 30 minutes after the pod started; then consolidation replaces
// the node with a cheaper one.
TEST_F(GotchaTest, ArticleGotchaDoNotDisruptDurationHoldsTheNode) {
  AddPool({.consolidate_after = Duration::Minutes(5)});
  AddDeployment({.name = "web",
                 .replicas = 3,
                 .cpu = "1500m",
                 .annotations = {{"karpenter.sh/do-not-disrupt", "30m"}}});
  StartOperator();
  ASSERT_TRUE(AdvanceUntilRunning("web", 3));
  ASSERT_EQ(LiveNodes().size(), 1u);
  const std::string big = LiveNodes().front();
  EXPECT_EQ(Label(*state_.Get<api::Node>("", big), api::kLabelInstanceTypeStable), "large");

  Scale("web", 1);
  clock_.Advance(Duration::Seconds(1));
  ASSERT_EQ(Pods("web").size(), 1u);
  const api::Pod* survivor = Pods("web").front();
  const std::string survivor_name = survivor->metadata.name;
  Result<Time> started = Time::ParseRfc3339(survivor->status.start_time);
  ASSERT_TRUE(started.has_value());
  const Time protected_until = *started + Duration::Minutes(30);
  ASSERT_GT(protected_until, *LastPodEvent(big) + Duration::Minutes(5));

  // consolidateAfter passes long before the protection ends: the node is underused (one 1.5 cpu
  // pod on 16 cpus) but stays.
  clock_.AdvanceTo(protected_until - Duration::Seconds(1));
  EXPECT_FALSE(Deleting(big));
  EXPECT_EQ(LiveNodes().size(), 1u);
  EXPECT_FALSE(FirstDecision("started #").has_value()) << DecisionLogText();
  EXPECT_EQ(state_.Get<api::Pod>(std::string(testing::kNamespace), survivor_name)->spec.node_name,
            big);

  // Once it has elapsed, consolidation replaces the large node with a small one.
  std::optional<Time> removed = AdvanceUntil([&] { return Deleting(big); }, Duration::Minutes(10));
  ASSERT_TRUE(removed.has_value()) << DecisionLogText();
  std::optional<Time> proposed = FirstDecision("validating Underutilized/");
  ASSERT_TRUE(proposed.has_value()) << DecisionLogText();
  EXPECT_GE(*proposed, protected_until);
  // Within the NodeClaim disruption period (10 s) and the disruption controller's polling (10 s).
  EXPECT_LE(*proposed, protected_until + Duration::Seconds(20));
  EXPECT_EQ(*FirstDecision("started #") - *proposed, Duration::Seconds(15));
  EXPECT_GE(*removed, protected_until + Duration::Seconds(15));
  ASSERT_TRUE(AdvanceUntilRunning("web", 1));
  ASSERT_TRUE(AdvanceUntil([&] { return AllNodes() == 1; }, Duration::Minutes(2)));
  const std::string replacement = LiveNodes().front();
  EXPECT_NE(replacement, big);
  EXPECT_EQ(Label(*state_.Get<api::Node>("", replacement), api::kLabelInstanceTypeStable), "small");
}

}  // namespace
}  // namespace tidepool::node_operator
