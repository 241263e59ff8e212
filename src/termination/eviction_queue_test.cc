// The eviction queue. Ported from kubernetes-sigs/karpenter
// pkg/controllers/node/termination/terminator/suite_test.go (Describe "Eviction/Queue"): each
// test names the upstream It() it ports. Upstream counts metrics where this port counts events
// and looks at the pod.
#include <gtest/gtest.h>

#include "termination/termination_test_util.h"

namespace tidepool::termination {
namespace {

using testing::PodOptions;

class EvictionQueueTest : public testing::TerminationTest {
 protected:
  void SetUp() override {
    api::Node n;
    n.metadata.name = kNode;
    n.spec.provider_id = "my-provider";
    state_.Put(n);
  }
  EvictionQueue& queue() { return node_controller_.queue(); }
  api::Pod TestPod() { return ApplyPod("pod", PodOptions{.labels = {{"test", "label"}}}); }
  void Add(const api::Pod& pod, std::optional<Time> deadline = std::nullopt) {
    const api::Pod* pods[] = {&pod};
    queue().Add(deadline, pods);
  }
};

// "should succeed with no event when the pod is not found"
TEST_F(EvictionQueueTest, ShouldSucceedWithNoEventWhenThePodIsNotFound) {
  api::Pod pod;
  pod.metadata.namespace_ = "default";
  pod.metadata.name = "missing";
  Add(pod);
  EXPECT_EQ(ReconcileQueue(pod), std::nullopt);
  EXPECT_FALSE(queue().Has(pod));
  EXPECT_TRUE(state_.events().events().empty());
}

// "should succeed with no event when the pod UID conflicts"
TEST_F(EvictionQueueTest, ShouldSucceedWithNoEventWhenThePodUidConflicts) {
  api::Pod pod = TestPod();
  Add(pod);
  EXPECT_TRUE(queue().Has(pod));
  pod.metadata.uid = "another-uid";
  EXPECT_FALSE(queue().Has(pod));
  // The stored pod is a different one from the queued key's point of view: nothing is evicted.
  api::Pod replaced = *state_.Get<api::Pod>("default", "pod");
  replaced.metadata.uid = "replacement-uid";
  state_.Put(replaced);
  clock_.Advance(Duration());
  EXPECT_TRUE(PodExists(replaced));
  EXPECT_EQ(queue().size(), 0u);
  EXPECT_TRUE(state_.events().events().empty());
}

// "should succeed with an evicted event when there are no PDBs"
TEST_F(EvictionQueueTest, ShouldSucceedWithAnEvictedEventWhenThereAreNoPdbs) {
  api::Pod pod = TestPod();
  Add(pod);
  EXPECT_EQ(ReconcileQueue(pod), std::nullopt);
  EXPECT_FALSE(PodExists(pod));
  EXPECT_EQ(EventCount(kReasonEvicted), 1);
  // No NodeClaim: upstream's reason is empty.
  EXPECT_EQ(EventsWithReason(kReasonEvicted)[0].message, "Evicted pod: ");
}

// "should succeed with no event when there are PDBs that allow an eviction"
TEST_F(EvictionQueueTest, ShouldSucceedWhenThereArePdbsThatAllowAnEviction) {
  ApplyPdb("pdb", {{"test", "label"}}, std::nullopt, api::IntOrString::Int(1));
  api::Pod pod = TestPod();
  Add(pod);
  EXPECT_EQ(ReconcileQueue(pod), std::nullopt);
  EXPECT_FALSE(PodExists(pod));
  EXPECT_EQ(EventCount(kReasonEvicted), 1);
}

// "should return a NodeDrainError event when a PDB is blocking"
TEST_F(EvictionQueueTest, ShouldReturnANodeDrainErrorEventWhenAPdbIsBlocking) {
  ApplyPdb("pdb", {{"test", "label"}}, std::nullopt, api::IntOrString::Int(0));
  api::Pod pod = TestPod();
  Add(pod);
  EXPECT_EQ(ReconcileQueue(pod), Requeue(Duration::Milliseconds(100)));
  std::vector<cluster::Event> events(state_.events().events().begin(),
                                     state_.events().events().end());
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].reason, kReasonFailedDraining);
  EXPECT_EQ(events[0].object.kind, "Node");
  EXPECT_NE(events[0].message.find("evicting pod violates a PDB"), std::string::npos);
  EXPECT_TRUE(PodExists(pod));
  EXPECT_TRUE(queue().Has(pod));
}

// "should return a NodeDrainError event when two PDBs refer to the same pod"
TEST_F(EvictionQueueTest, ShouldReturnANodeDrainErrorEventWhenTwoPdbsReferToTheSamePod) {
  ApplyPdb("pdb", {{"test", "label"}}, std::nullopt, api::IntOrString::Int(0));
  ApplyPdb("pdb2", {{"test", "label"}}, std::nullopt, api::IntOrString::Int(0));
  api::Pod pod = TestPod();
  Add(pod);
  EXPECT_TRUE(ReconcileQueue(pod).has_value());
  std::vector<cluster::Event> events = EventsWithReason(kReasonFailedDraining);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_NE(events[0].message.find("eviction does not support multiple PDBs"), std::string::npos);
  EXPECT_TRUE(queue().Has(pod));
}

// "should increment PodsDrainedTotal metric with specific reason when a pod is evicted": the
// reason is the NodeClaim's DisruptionReason condition.
TEST_F(EvictionQueueTest, ShouldReportTheDisruptionReasonWhenAPodIsEvicted) {
  api::NodeClaim claim;
  claim.metadata.name = "test-nodeclaim";
  claim.status.provider_id = "my-provider";
  claim.status.node_name = kNode;
  SetCondition(claim, api::kConditionTypeDisruptionReason, api::kConditionTrue, "SpotInterruption",
               "Node is being interrupted", clock_.Now());
  state_.Put(claim);
  api::Pod pod = TestPod();
  Add(pod);
  EXPECT_EQ(ReconcileQueue(pod), std::nullopt);
  ASSERT_EQ(EventCount(kReasonEvicted), 1);
  EXPECT_EQ(EventsWithReason(kReasonEvicted)[0].message, "Evicted pod: SpotInterruption");
}

// "should force-delete a pod via the queue, bypassing PDBs"
TEST_F(EvictionQueueTest, ShouldForceDeleteAPodViaTheQueueBypassingPdbs) {
  ApplyPdb("pdb", {{"test", "label"}}, std::nullopt, api::IntOrString::Int(0));
  api::Pod pod = ApplyPod(
      "pod", PodOptions{.labels = {{"test", "label"}}, .termination_grace_period_seconds = 120});
  Add(pod, clock_.Now() + Duration::Minutes(1));
  EXPECT_EQ(ReconcileQueue(pod), std::nullopt);
  EXPECT_FALSE(PodExists(pod));
  EXPECT_EQ(EventCount(kReasonDisrupted), 1);
  EXPECT_FALSE(queue().Has(pod));
}

// "should upgrade a pod already enqueued for eviction to force-delete"
TEST_F(EvictionQueueTest, ShouldUpgradeAPodAlreadyEnqueuedForEvictionToForceDelete) {
  ApplyPdb("pdb", {{"test", "label"}}, std::nullopt, api::IntOrString::Int(0));
  api::Pod pod = ApplyPod(
      "pod", PodOptions{.labels = {{"test", "label"}}, .termination_grace_period_seconds = 120});
  Add(pod);
  EXPECT_TRUE(ReconcileQueue(pod).has_value());  // refused by the budget
  Add(pod, clock_.Now() + Duration::Minutes(1));
  // The tighter deadline makes the pod due at once: the queue's timer runs now.
  clock_.Advance(Duration());
  EXPECT_FALSE(PodExists(pod));
  EXPECT_EQ(EventCount(kReasonDisrupted), 1);
}

// "should keep the earlier deadline when Add is called again with a looser one"
TEST_F(EvictionQueueTest, ShouldKeepTheEarlierDeadlineWhenAddIsCalledAgainWithALooserOne) {
  ApplyPdb("pdb", {{"test", "label"}}, std::nullopt, api::IntOrString::Int(0));
  api::Pod pod = ApplyPod(
      "pod", PodOptions{.labels = {{"test", "label"}}, .termination_grace_period_seconds = 120});
  Add(pod, clock_.Now() + Duration::Minutes(1));
  Add(pod, clock_.Now() + Duration::Hours(1));
  EXPECT_EQ(ReconcileQueue(pod), std::nullopt);
  EXPECT_FALSE(PodExists(pod));
  EXPECT_EQ(EventCount(kReasonDisrupted), 1);
}

// "should clean up the queue entry when the pod is already gone"
TEST_F(EvictionQueueTest, ShouldCleanUpTheQueueEntryWhenThePodIsAlreadyGone) {
  api::Pod pod = TestPod();
  ASSERT_TRUE(state_.DeletePod("default", "pod").has_value());
  Add(pod, clock_.Now() + Duration::Minutes(1));
  EXPECT_EQ(ReconcileQueue(pod), std::nullopt);
  EXPECT_FALSE(queue().Has(pod));
}

// "should clamp gracePeriodSeconds to >= 1 when nodeTerminationTime is in the past"
TEST_F(EvictionQueueTest, ShouldClampGracePeriodSecondsToAtLeastOne) {
  api::Pod pod = ApplyPod("pod", PodOptions{.termination_grace_period_seconds = 120});
  Add(pod, clock_.Now() - Duration::Hours(1));
  EXPECT_EQ(ReconcileQueue(pod), std::nullopt);
  std::vector<cluster::Event> events = EventsWithReason(kReasonDisrupted);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_NE(events[0].message.find("was granted 1 seconds of grace-period of its 120"),
            std::string::npos)
      << events[0].message;
}

// Not upstream (its queue's rate limiter is controller-runtime's): a refused eviction is retried
// on the Clock with per-pod exponential backoff 100 ms, 200 ms, ... capped at 10 s, and succeeds
// once the budget allows.
TEST_F(EvictionQueueTest, RetriesRefusedEvictionsWithExponentialBackoff) {
  ApplyPdb("pdb", {{"test", "label"}}, api::IntOrString::Int(1));
  api::Pod pod = TestPod();
  Add(pod);
  std::vector<Duration> delays;
  Time last = clock_.Now();
  for (int i = 0; i < 9; ++i) {
    ASSERT_TRUE(clock_.RunNext());
    delays.push_back(clock_.Now() - last);
    last = clock_.Now();
  }
  EXPECT_EQ(delays[0], Duration());  // the first attempt at once
  EXPECT_EQ(delays[1], Duration::Milliseconds(100));
  EXPECT_EQ(delays[2], Duration::Milliseconds(200));
  EXPECT_EQ(delays[3], Duration::Milliseconds(400));
  EXPECT_EQ(delays[7], Duration::Milliseconds(6400));
  EXPECT_EQ(delays[8], Duration::Seconds(10));
  EXPECT_TRUE(PodExists(pod));
  // A second replica makes room for one disruption.
  ApplyPod("replica", PodOptions{.node = "node-b", .labels = {{"test", "label"}}});
  clock_.Advance(Duration::Seconds(10));
  EXPECT_FALSE(PodExists(pod));
  EXPECT_EQ(queue().size(), 0u);
  EXPECT_EQ(clock_.pending(), 0u);
}

// Not upstream: a pod with an active do-not-disrupt annotation is never evicted; a duration
// form lets it go once the duration has passed since the pod started.
TEST_F(EvictionQueueTest, WaitsForDoNotDisruptToLapse) {
  api::Pod forever =
      ApplyPod("forever", PodOptions{.annotations = {{"karpenter.sh/do-not-disrupt", "true"}}});
  api::Pod timed =
      ApplyPod("timed", PodOptions{.annotations = {{"karpenter.sh/do-not-disrupt", "1m"}}});
  Add(forever);
  Add(timed);
  clock_.Advance(Duration::Seconds(59));
  EXPECT_TRUE(PodExists(forever));
  EXPECT_TRUE(PodExists(timed));
  clock_.Advance(Duration::Seconds(11));
  EXPECT_TRUE(PodExists(forever));
  EXPECT_FALSE(PodExists(timed));
  EXPECT_TRUE(queue().Has(forever));
  // Upstream's IsEvictable events about the duration form, once each.
  std::vector<cluster::Event> until = EventsWithReason("DoNotDisruptUntil");
  ASSERT_EQ(until.size(), 1u);
  EXPECT_EQ(until[0].object.name, "timed");
  EXPECT_EQ(until[0].message,
            "The karpenter.sh/do-not-disrupt grace period will elapse at 2026-01-01T00:01:00Z");
  EXPECT_EQ(EventCount("DoNotDisruptGracePeriodElapsed"), 1);
}

}  // namespace
}  // namespace tidepool::termination
