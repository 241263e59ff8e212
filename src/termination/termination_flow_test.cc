// The whole termination flow on a SimulatedClock, both controllers started as the operator
// runs them: a NodeClaim is deleted (as disruption, expiry or a user would), its Node is
// drained in upstream's order with budgets respected and blocked evictions retried, pods under
// do-not-disrupt wait until the NodeClaim's terminationGracePeriod forces them, the instance is
// terminated, and both objects go. Not a port: the scenarios combine behaviour the ported
// suites check one reconcile at a time.
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "termination/termination_test_util.h"

namespace tidepool::termination {
namespace {

using testing::PodOptions;

class TerminationFlowTest : public testing::TerminationTest {
 protected:
  void SetUp() override {
    ApplyNodeClaimAndNode();
    node_controller_.Start();
    claim_controller_.Start();
  }

  // Advances the clock in 100 ms steps for up to `limit`, noting when each named pod, the Node
  // and the NodeClaim disappear (offsets from the start).
  void Run(Duration limit) {
    Time start = clock_.Now();
    while (clock_.Now() - start < limit) {
      clock_.Advance(Duration::Milliseconds(100));
      for (const std::string& pod : watched_) {
        if (!gone_.contains(pod) && state_.Get<api::Pod>("default", pod) == nullptr) {
          gone_[pod] = clock_.Now() - start;
        }
      }
      if (!gone_.contains("node") && GetNode() == nullptr) gone_["node"] = clock_.Now() - start;
      if (!gone_.contains("nodeclaim") && GetNodeClaim() == nullptr) {
        gone_["nodeclaim"] = clock_.Now() - start;
        return;
      }
    }
  }
  void Watch(const api::Pod& pod) { watched_.push_back(pod.metadata.name); }

  std::vector<std::string> watched_;
  std::map<std::string, Duration> gone_;
};

TEST_F(TerminationFlowTest, DrainsInOrderRetriesBudgetsThenTerminates) {
  Watch(ApplyPod("web", {}));
  Watch(ApplyPod("guarded", PodOptions{.labels = {{"app", "guarded"}}}));
  ApplyPdb("guarded", {{"app", "guarded"}}, api::IntOrString::Int(1));
  Watch(ApplyPod("daemon", PodOptions{.owner_kind = "DaemonSet", .owner_name = "ds"}));
  Watch(ApplyPod("critical", PodOptions{.priority_class_name = "system-cluster-critical"}));
  api::Pod tolerating =
      ApplyPod("tolerating", PodOptions{.tolerations = {testing::DisruptedToleration("Exists")}});
  DeleteNodeClaim();

  Run(Duration::Seconds(30));
  EXPECT_TRUE(HasDisruptedTaint());
  ASSERT_TRUE(gone_.contains("web"));
  EXPECT_LT(gone_["web"], Duration::Seconds(2));
  // The budget holds the guarded pod, and with it every later drain group.
  EXPECT_FALSE(gone_.contains("guarded"));
  EXPECT_FALSE(gone_.contains("daemon"));
  EXPECT_FALSE(gone_.contains("critical"));
  EXPECT_NE(GetNode(), nullptr);
  EXPECT_GE(EventCount(kReasonFailedDraining), 1);

  // A second healthy replica elsewhere: the next retry (at most 10 s away) evicts it.
  ApplyPod("guarded-2", PodOptions{.node = "node-b", .labels = {{"app", "guarded"}}});
  gone_.clear();
  watched_ = {"guarded", "daemon", "critical"};
  Run(Duration::Minutes(2));
  ASSERT_TRUE(gone_.contains("guarded"));
  ASSERT_TRUE(gone_.contains("daemon"));
  ASSERT_TRUE(gone_.contains("critical"));
  ASSERT_TRUE(gone_.contains("node"));
  ASSERT_TRUE(gone_.contains("nodeclaim"));
  EXPECT_LE(gone_["guarded"], Duration::Seconds(10));
  EXPECT_LT(gone_["guarded"], gone_["daemon"]);
  EXPECT_LT(gone_["daemon"], gone_["critical"]);
  // Instance termination polls every 5 s before the finalizer goes.
  EXPECT_GE(gone_["node"] - gone_["critical"], Duration::Seconds(5));
  EXPECT_LE(gone_["nodeclaim"] - gone_["node"], Duration::Seconds(2));
  EXPECT_TRUE(cloud_.created.empty());
  EXPECT_EQ(EventCount(kReasonEvicted), 4);
  // The pod tolerating the disrupted taint was never evicted: it went with its node.
  EXPECT_TRUE(PodExists(tolerating));
  EXPECT_FALSE(node_controller_.queue().Has(tolerating));
}

TEST_F(TerminationFlowTest, DoNotDisruptPodWaitsForTheTerminationGracePeriod) {
  SetNodeClaim([](api::NodeClaim& c) { c.spec.termination_grace_period = Duration::Minutes(5); });
  Watch(ApplyPod("web", {}));
  Watch(ApplyPod("protected", PodOptions{.annotations = {{"karpenter.sh/do-not-disrupt", "true"}},
                                         .termination_grace_period_seconds = 60}));
  DeleteNodeClaim();
  Run(Duration::Minutes(10));
  ASSERT_TRUE(gone_.contains("web"));
  ASSERT_TRUE(gone_.contains("protected"));
  EXPECT_LT(gone_["web"], Duration::Seconds(2));
  // Deleted when only its own 60 s grace is left before the 5 min deadline, not earlier, and
  // without waiting for a 10 s backoff to come round.
  EXPECT_GE(gone_["protected"], Duration::Seconds(240));
  EXPECT_LE(gone_["protected"], Duration::Seconds(240) + Duration::Milliseconds(100));
  EXPECT_EQ(EventCount(kReasonDisrupted), 1);
  ASSERT_TRUE(gone_.contains("nodeclaim"));
  EXPECT_GT(gone_["node"], gone_["protected"]);
}

TEST_F(TerminationFlowTest, NotReadyNodeWithoutInstanceIsRemovedWithoutDraining) {
  api::Pod pod = ApplyPod("stranded", PodOptions{.labels = {{"app", "x"}}});
  ApplyPdb("x", {{"app", "x"}}, std::nullopt, api::IntOrString::Int(0));
  MakeNodeNotReady();
  cloud_.created.clear();  // e.g. the instance was reclaimed
  DeleteNodeClaim();
  Run(Duration::Seconds(10));
  EXPECT_TRUE(gone_.contains("node"));
  EXPECT_TRUE(gone_.contains("nodeclaim"));
  EXPECT_LE(gone_["nodeclaim"], Duration::Seconds(2));
  EXPECT_TRUE(PodExists(pod));
  EXPECT_EQ(EventCount(kReasonEvicted), 0);
}

// After upstream's "should not race if deleting nodes in parallel": ten Nodes deleted at once
// all complete, each at its own pace.
TEST_F(TerminationFlowTest, TerminatesManyNodesAtOnce) {
  for (int i = 0; i < 10; ++i) {
    std::string n = std::to_string(i);
    ApplyNodeClaimAndNode("node-" + n, "nodeclaim-" + n, "fake:///node-" + n);
    ApplyPod("pod-" + n, PodOptions{.node = "node-" + n});
  }
  for (int i = 0; i < 10; ++i) DeleteNode("node-" + std::to_string(i));
  clock_.Advance(Duration::Seconds(20));
  for (int i = 0; i < 10; ++i) {
    std::string n = std::to_string(i);
    EXPECT_EQ(GetNode("node-" + n), nullptr) << n;
    EXPECT_EQ(GetNodeClaim("nodeclaim-" + n), nullptr) << n;
    EXPECT_EQ(state_.Get<api::Pod>("default", "pod-" + n), nullptr) << n;
  }
  // The fixture's own pair is untouched.
  EXPECT_NE(GetNode(), nullptr);
  EXPECT_NE(GetNodeClaim(), nullptr);
  EXPECT_TRUE(GetNode()->spec.taints.empty());
  EXPECT_EQ(EventCount(kReasonEvicted), 10);
}

// A failing cloud call is recorded as FailedTermination and retried on the next pass.
TEST_F(TerminationFlowTest, RetriesAfterACloudError) {
  state_.Delete<api::Node>("", kNode);  // only the claim's instance is left
  cloud_.next_delete_error = Error(ErrorCode::kUnavailable, "throttled");
  DeleteNodeClaim();
  Run(Duration::Seconds(10));
  ASSERT_TRUE(gone_.contains("nodeclaim"));
  std::vector<cluster::Event> failed = EventsWithReason(kReasonTerminationFailed);
  ASSERT_EQ(failed.size(), 1u);
  EXPECT_EQ(failed[0].object.kind, "NodeClaim");
  EXPECT_NE(failed[0].message.find("throttled"), std::string::npos) << failed[0].message;
  // The failed call, the successful one, and the one that found the instance gone 5 s later.
  EXPECT_EQ(cloud_.delete_calls.size(), 3u);
  EXPECT_GE(gone_["nodeclaim"], Duration::Seconds(6));
}

}  // namespace
}  // namespace tidepool::termination
