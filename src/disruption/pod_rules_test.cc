#include "disruption/pod_rules.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/duration.h"
#include "core/time.h"

namespace tidepool::disruption {
namespace {

const Time kNow = Time::FromUnixSeconds(1'800'000'000);
const std::map<std::string, std::string> kPodLabels = {{"pdb-test", "value"}};

// test.Pod: a running, Ready pod in "default".
api::Pod MakePod(std::string name, std::map<std::string, std::string> labels = {}) {
  api::Pod pod;
  pod.metadata.name = std::move(name);
  pod.metadata.namespace_ = "default";
  pod.metadata.labels = std::move(labels);
  pod.status.phase = api::kPodRunning;
  api::PodCondition ready;
  ready.type = api::kPodReady;
  ready.status = "True";
  pod.status.conditions.push_back(ready);
  pod.status.start_time = (kNow - Duration::Minutes(10)).ToRfc3339();
  return pod;
}

void SetReady(api::Pod& pod, bool ready) {
  pod.status.conditions[0].status = ready ? "True" : "False";
}

api::Pod WithDoNotDisrupt(api::Pod pod, std::string value) {
  pod.metadata.annotations[std::string(kDoNotDisruptAnnotation)] = std::move(value);
  return pod;
}

api::Pod Owned(api::Pod pod, std::string api_version, std::string kind) {
  api::OwnerReference owner;
  owner.api_version = std::move(api_version);
  owner.kind = std::move(kind);
  owner.name = "owner";
  owner.controller = true;
  pod.metadata.owner_references.push_back(owner);
  return pod;
}

// test.PodDisruptionBudget.
struct PdbOptions {
  std::string name = "pdb";
  std::map<std::string, std::string> labels = kPodLabels;
  std::optional<api::IntOrString> min_available = std::nullopt;
  std::optional<api::IntOrString> max_unavailable = std::nullopt;
  std::optional<std::string> unhealthy_pod_eviction_policy = std::nullopt;
};

api::PodDisruptionBudget MakePdb(PdbOptions o) {
  api::PodDisruptionBudget pdb;
  pdb.metadata.name = o.name;
  pdb.metadata.namespace_ = "default";
  api::LabelSelector selector;
  selector.match_labels = o.labels;
  pdb.spec.selector = selector;
  pdb.spec.min_available = o.min_available;
  pdb.spec.max_unavailable = o.max_unavailable;
  pdb.spec.unhealthy_pod_eviction_policy = o.unhealthy_pod_eviction_policy;
  return pdb;
}

std::vector<const api::Pod*> Ptrs(const std::vector<api::Pod>& pods) {
  std::vector<const api::Pod*> out;
  for (const api::Pod& p : pods) out.push_back(&p);
  return out;
}

PdbLimits Limits(const std::vector<api::PodDisruptionBudget>& pdbs,
                 const std::vector<api::Pod>& pods) {
  std::vector<const api::PodDisruptionBudget*> pdb_ptrs;
  for (const auto& p : pdbs) pdb_ptrs.push_back(&p);
  std::vector<const api::Pod*> pod_ptrs = Ptrs(pods);
  return PdbLimits(pdb_ptrs, pod_ptrs);
}

// The blocking budgets of DescribeTable entries of pkg/utils/pdb/suite_test.go.
std::vector<std::vector<api::PodDisruptionBudget>> BlockingEntries() {
  return {
      {MakePdb({.min_available = api::IntOrString::String("100%")})},
      {MakePdb({.max_unavailable = api::IntOrString::String("0%")})},
      {MakePdb({.max_unavailable = api::IntOrString::Int(0)})},
      {MakePdb({.name = "pdb-1", .min_available = api::IntOrString::String("100%")}),
       MakePdb({.name = "pdb-2", .min_available = api::IntOrString::String("100%")})},
  };
}

// ---- Ported from kubernetes-sigs/karpenter pkg/utils/pdb/suite_test.go -------------------------

TEST(PdbLimitsTest, KarpenterCanEvictUnhealthyPodsWhenPolicyAlwaysAllow) {
  api::Pod pod = MakePod("pod", kPodLabels);
  SetReady(pod, false);
  std::vector<api::Pod> pods = {pod};
  PdbLimits limits = Limits({MakePdb({.min_available = api::IntOrString::String("100%"),
                                      .unhealthy_pod_eviction_policy = api::kAlwaysAllow})},
                            pods);
  EXPECT_TRUE(limits.BlockingPdbs(Ptrs(pods), kNow).empty());
  EXPECT_TRUE(limits.CanEvictPods(Ptrs(pods), kNow));
}

TEST(PdbLimitsTest, KarpenterCannotEvictUnhealthyPodsWhenPolicyNotSet) {
  api::Pod pod = MakePod("pod", kPodLabels);
  SetReady(pod, false);
  std::vector<api::Pod> pods = {pod};
  PdbLimits limits = Limits({MakePdb({.min_available = api::IntOrString::String("100%")})}, pods);
  EXPECT_EQ(limits.BlockingPdbs(Ptrs(pods), kNow), std::vector<std::string>{"default/pdb"});
  EXPECT_FALSE(limits.CanEvictPods(Ptrs(pods), kNow));
}

TEST(PdbLimitsTest, KarpenterCanEvictPodsWhenNoPdbsMatch) {
  std::vector<api::Pod> pods = {MakePod("pod", kPodLabels)};
  PdbLimits limits = Limits({MakePdb({.labels = {{"other", "value"}}})}, pods);
  EXPECT_TRUE(limits.BlockingPdbs(Ptrs(pods), kNow).empty());
  EXPECT_TRUE(limits.CanEvictPods(Ptrs(pods)));
}

TEST(PdbLimitsTest, KarpenterCannotEvictWhenDisruptionsNotAllowedForEveryPod) {
  for (const auto& pdbs : BlockingEntries()) {
    std::vector<api::Pod> pods = {MakePod("pod-1", kPodLabels), MakePod("pod-2", kPodLabels)};
    PdbLimits limits = Limits(pdbs, pods);
    std::vector<std::string> blocking = limits.BlockingPdbs(Ptrs(pods), kNow);
    ASSERT_EQ(blocking.size(), pdbs.size()) << pdbs[0].metadata.name;
    for (const auto& pdb : pdbs) {
      EXPECT_NE(std::find(blocking.begin(), blocking.end(), "default/" + pdb.metadata.name),
                blocking.end());
    }
    EXPECT_FALSE(limits.CanEvictPods(Ptrs(pods), kNow));
  }
}

TEST(PdbLimitsTest, KarpenterCannotEvictWhenDisruptionsNotAllowedForOnePod) {
  for (const auto& pdbs : BlockingEntries()) {
    std::vector<api::Pod> pods = {MakePod("pod-1", kPodLabels), MakePod("pod-2")};
    PdbLimits limits = Limits(pdbs, pods);
    std::vector<std::string> blocking = limits.BlockingPdbs(Ptrs(pods), kNow);
    ASSERT_EQ(blocking.size(), pdbs.size());
    EXPECT_FALSE(limits.CanEvictPods(Ptrs(pods)));
    // The unselected pod alone is evictable.
    std::vector<const api::Pod*> only_free = {&pods[1]};
    EXPECT_TRUE(limits.CanEvictPods(only_free, kNow));
  }
}

TEST(PdbLimitsTest, KarpenterUnhealthyPodCurrentlyReschedulableWhenPolicyAlwaysAllow) {
  api::Pod pod = MakePod("pod", kPodLabels);
  SetReady(pod, false);
  std::vector<api::Pod> pods = {pod};
  PdbLimits limits = Limits({MakePdb({.min_available = api::IntOrString::String("100%"),
                                      .unhealthy_pod_eviction_policy = api::kAlwaysAllow})},
                            pods);
  EXPECT_TRUE(limits.IsCurrentlyReschedulable(pods[0], kNow));
}

TEST(PdbLimitsTest, KarpenterUnhealthyPodNotCurrentlyReschedulableWhenPolicyNotSet) {
  api::Pod pod = MakePod("pod", kPodLabels);
  SetReady(pod, false);
  std::vector<api::Pod> pods = {pod};
  PdbLimits limits = Limits({MakePdb({.min_available = api::IntOrString::String("100%")})}, pods);
  EXPECT_FALSE(limits.IsCurrentlyReschedulable(pods[0], kNow));
}

TEST(PdbLimitsTest, KarpenterCurrentlyReschedulableWhenNoPdbsMatch) {
  std::vector<api::Pod> pods = {MakePod("pod", kPodLabels)};
  PdbLimits limits = Limits({MakePdb({.labels = {{"other", "value"}}})}, pods);
  EXPECT_TRUE(limits.IsCurrentlyReschedulable(pods[0], kNow));
}

TEST(PdbLimitsTest, KarpenterNotCurrentlyReschedulableDueToPdbs) {
  for (const auto& pdbs : BlockingEntries()) {
    std::vector<api::Pod> pods = {MakePod("pod", kPodLabels)};
    PdbLimits limits = Limits(pdbs, pods);
    EXPECT_FALSE(limits.IsCurrentlyReschedulable(pods[0], kNow)) << pdbs.size();
  }
}

TEST(PdbLimitsTest, KarpenterDoNotDisruptPodNotCurrentlyReschedulable) {
  std::vector<api::Pod> pods = {WithDoNotDisrupt(MakePod("pod", kPodLabels), "true")};
  PdbLimits limits = Limits({}, pods);
  EXPECT_FALSE(limits.IsCurrentlyReschedulable(pods[0], kNow));
}

// ---- tidepool: live disruptionsAllowed and the evictability filter ---------------------------

TEST(PdbLimitsTest, DisruptionsAllowedComputedLiveFromSelectedPods) {
  // minAvailable 1 over two Ready pods allows one disruption; over one Ready pod, none.
  std::vector<api::Pod> two = {MakePod("a", kPodLabels), MakePod("b", kPodLabels)};
  PdbLimits allows = Limits({MakePdb({.min_available = api::IntOrString::Int(1)})}, two);
  EXPECT_TRUE(allows.CanEvictPods(Ptrs(two), kNow));
  // With one of them not Ready it allows nothing right now, yet it is not fully blocking.
  two[1].status.conditions[0].status = "False";
  PdbLimits blocks = Limits({MakePdb({.min_available = api::IntOrString::Int(1)})}, two);
  std::vector<const api::Pod*> ready = {&two[0]};
  EXPECT_FALSE(blocks.CanEvictPods(ready, kNow));
  EXPECT_TRUE(blocks.IsCurrentlyReschedulable(two[0], kNow));
}

TEST(PdbLimitsTest, PodsThatGetNoEvictionAreNotBlocked) {
  api::Pod terminal = MakePod("done", kPodLabels);
  terminal.status.phase = api::kPodSucceeded;
  api::Pod mirror = Owned(MakePod("static", kPodLabels), "v1", "Node");
  api::Pod protected_pod = WithDoNotDisrupt(MakePod("keep", kPodLabels), "true");
  std::vector<api::Pod> pods = {terminal, mirror, protected_pod};
  PdbLimits limits = Limits({MakePdb({.max_unavailable = api::IntOrString::Int(0)})}, pods);
  std::vector<const api::Pod*> first_two = {&pods[0], &pods[1]};
  EXPECT_TRUE(limits.CanEvictPods(first_two));
  std::vector<const api::Pod*> dnd = {&pods[2]};
  // Upstream skips pods under do-not-disrupt (no eviction is sent); the time-less form checks them.
  EXPECT_TRUE(limits.CanEvictPods(dnd, kNow));
  EXPECT_FALSE(limits.CanEvictPods(dnd));
}

TEST(PdbLimitsTest, BudgetInAnotherNamespaceDoesNotSelect) {
  std::vector<api::Pod> pods = {MakePod("pod", kPodLabels)};
  api::PodDisruptionBudget pdb = MakePdb({.max_unavailable = api::IntOrString::Int(0)});
  pdb.metadata.namespace_ = "other";
  PdbLimits limits = Limits({pdb}, pods);
  EXPECT_TRUE(limits.CanEvictPods(Ptrs(pods), kNow));
}

// ---- Ported from kubernetes-sigs/karpenter pkg/utils/pod/suite_test.go -------------------------

TEST(DoNotDisruptTest, KarpenterFalseWhenNoAnnotation) {
  EXPECT_FALSE(IsDoNotDisruptActive(MakePod("p"), kNow));
}

TEST(DoNotDisruptTest, KarpenterTrueForTrueAnnotation) {
  api::Pod pod = WithDoNotDisrupt(MakePod("p"), "true");
  EXPECT_TRUE(IsDoNotDisruptActive(pod, kNow));
  // Indefinite protection has no disruptable-at event.
  EXPECT_FALSE(DoNotDisruptEvent(pod, kNow).has_value());
  EXPECT_FALSE(DoNotDisruptUntil(pod).has_value());
}

TEST(DoNotDisruptTest, KarpenterFalseAndEventForInvalidDurationFormat) {
  api::Pod pod = WithDoNotDisrupt(MakePod("p"), "invalid-format");
  EXPECT_FALSE(IsDoNotDisruptActive(pod, kNow));
  std::optional<PodEvent> event = DoNotDisruptEvent(pod, kNow);
  ASSERT_TRUE(event.has_value());
  EXPECT_EQ(event->type, "Warning");
  EXPECT_EQ(event->reason, "InvalidDoNotDisruptAnnotation");
  EXPECT_EQ(event->message,
            "Invalid karpenter.sh/do-not-disrupt annotation: failed to parse \"invalid-format\" as "
            "a duration: time: invalid duration \"invalid-format\", ignoring annotation");
}

TEST(DoNotDisruptTest, KarpenterFalseAndEventForZeroAndNegativeDurations) {
  for (const char* value : {"0s", "-5m"}) {
    api::Pod pod = WithDoNotDisrupt(MakePod("p"), value);
    EXPECT_FALSE(IsDoNotDisruptActive(pod, kNow)) << value;
    std::optional<PodEvent> event = DoNotDisruptEvent(pod, kNow);
    ASSERT_TRUE(event.has_value());
    EXPECT_EQ(event->message, "Invalid karpenter.sh/do-not-disrupt annotation: duration \"" +
                                  std::string(value) + "\" must be positive, ignoring annotation");
  }
}

TEST(DoNotDisruptTest, KarpenterTrueAndDisruptableAtEventWhenDurationNotExpired) {
  api::Pod pod = WithDoNotDisrupt(MakePod("p"), "15m");  // started 10 minutes ago
  EXPECT_TRUE(IsDoNotDisruptActive(pod, kNow));
  Time until = kNow + Duration::Minutes(5);
  EXPECT_EQ(DoNotDisruptUntil(pod), until);
  std::optional<PodEvent> event = DoNotDisruptEvent(pod, kNow);
  ASSERT_TRUE(event.has_value());
  EXPECT_EQ(event->reason, "DoNotDisruptUntil");
  EXPECT_EQ(event->message,
            "The karpenter.sh/do-not-disrupt grace period will elapse at " + until.ToRfc3339());
  // The protection ends exactly at startTime + duration.
  EXPECT_TRUE(IsDoNotDisruptActive(pod, until - Duration::Nanoseconds(1)));
  EXPECT_FALSE(IsDoNotDisruptActive(pod, until));
}

TEST(DoNotDisruptTest, KarpenterFalseAndElapsedEventWhenDurationExpired) {
  api::Pod pod = WithDoNotDisrupt(MakePod("p"), "5m");
  EXPECT_FALSE(IsDoNotDisruptActive(pod, kNow));
  std::optional<PodEvent> event = DoNotDisruptEvent(pod, kNow);
  ASSERT_TRUE(event.has_value());
  EXPECT_EQ(event->reason, "DoNotDisruptGracePeriodElapsed");
  EXPECT_EQ(event->message,
            "The karpenter.sh/do-not-disrupt grace period has elapsed, pod is now disruptable");
}

TEST(DoNotDisruptTest, KarpenterFailSafeWhenStartTimeNil) {
  api::Pod pod = WithDoNotDisrupt(MakePod("p"), "5m");
  pod.status.start_time.clear();
  EXPECT_TRUE(IsDoNotDisruptActive(pod, kNow));
  EXPECT_FALSE(DoNotDisruptUntil(pod).has_value());
}

TEST(IsDisruptableTest, KarpenterActivePodWithoutAnnotation) {
  EXPECT_TRUE(IsDisruptable(MakePod("p"), kNow));
}

TEST(IsDisruptableTest, KarpenterActivePodWithTrueAnnotation) {
  api::Pod pod = WithDoNotDisrupt(MakePod("p"), "true");
  EXPECT_FALSE(IsDisruptable(pod, kNow));
}

TEST(IsDisruptableTest, KarpenterActivePodWithExpiredDuration) {
  api::Pod pod = WithDoNotDisrupt(MakePod("p"), "5m");
  EXPECT_TRUE(IsDisruptable(pod, kNow));
  EXPECT_NE(DoNotDisruptEvent(pod, kNow)->reason, "InvalidDoNotDisruptAnnotation");
}

TEST(IsDisruptableTest, KarpenterActivePodWithNonExpiredDuration) {
  EXPECT_FALSE(IsDisruptable(WithDoNotDisrupt(MakePod("p"), "15m"), kNow));
}

TEST(IsDisruptableTest, KarpenterTerminalPodEvenWithAnnotation) {
  api::Pod pod = WithDoNotDisrupt(MakePod("p"), "true");
  pod.status.phase = api::kPodSucceeded;
  EXPECT_TRUE(IsDisruptable(pod, kNow));
}

// ---- scheduling.go predicates
// --------------------------------------------------------------------

TEST(PodClassificationTest, ActiveTerminalTerminating) {
  api::Pod pod = MakePod("p");
  EXPECT_TRUE(IsActive(pod));
  pod.status.phase = api::kPodFailed;
  EXPECT_TRUE(IsTerminal(pod));
  EXPECT_FALSE(IsActive(pod));
  pod = MakePod("p");
  pod.metadata.deletion_timestamp = kNow.ToRfc3339();
  EXPECT_TRUE(IsTerminating(pod));
  EXPECT_FALSE(IsActive(pod));
}

TEST(PodClassificationTest, ReschedulableExcludesDaemonSetAndStaticPods) {
  EXPECT_TRUE(IsReschedulable(Owned(MakePod("p"), "apps/v1", "ReplicaSet")));
  EXPECT_FALSE(IsReschedulable(Owned(MakePod("p"), "apps/v1", "DaemonSet")));
  EXPECT_FALSE(IsReschedulable(Owned(MakePod("p"), "v1", "Node")));
  // The group-version must match too, as upstream's IsOwnedBy compares it.
  EXPECT_TRUE(IsReschedulable(Owned(MakePod("p"), "extensions/v1beta1", "DaemonSet")));
}

TEST(PodClassificationTest, TerminatingStatefulSetPodIsReschedulable) {
  api::Pod sts = Owned(MakePod("p"), "apps/v1", "StatefulSet");
  sts.metadata.deletion_timestamp = kNow.ToRfc3339();
  EXPECT_TRUE(IsReschedulable(sts));
  api::Pod rs = Owned(MakePod("p"), "apps/v1", "ReplicaSet");
  rs.metadata.deletion_timestamp = kNow.ToRfc3339();
  EXPECT_FALSE(IsReschedulable(rs));
}

TEST(PodClassificationTest, EvictableAndDrainableHonourDisruptedTaintToleration) {
  api::Pod pod = MakePod("p");
  EXPECT_TRUE(IsEvictable(pod));
  EXPECT_TRUE(IsDrainable(pod, kNow));
  api::Toleration exists_all;
  exists_all.operator_ = "Exists";  // tolerates every taint, the disrupted one included
  pod.spec.tolerations.push_back(exists_all);
  EXPECT_TRUE(ToleratesDisruptedNoScheduleTaint(pod));
  EXPECT_FALSE(IsEvictable(pod));
  EXPECT_FALSE(IsDrainable(pod, kNow));

  api::Pod other = MakePod("q");
  api::Toleration wrong_effect;
  wrong_effect.key = std::string(kDisruptedTaintKey);
  wrong_effect.operator_ = "Exists";
  wrong_effect.effect = "NoExecute";
  other.spec.tolerations.push_back(wrong_effect);
  EXPECT_FALSE(ToleratesDisruptedNoScheduleTaint(other));
  // Do-not-disrupt makes a pod non-evictable (upstream IsEvictable) but still drainable.
  api::Pod keep = WithDoNotDisrupt(MakePod("k"), "true");
  EXPECT_TRUE(IsEvictable(keep));
  EXPECT_FALSE(IsEvictable(keep, kNow));
  EXPECT_TRUE(IsDrainable(keep, kNow));
}

TEST(PodClassificationTest, StuckTerminatingAfterOneMinutePastDeletionTimestamp) {
  api::Pod pod = MakePod("p");
  pod.metadata.deletion_timestamp = kNow.ToRfc3339();
  EXPECT_FALSE(IsStuckTerminating(pod, kNow + Duration::Minutes(1)));
  EXPECT_TRUE(IsStuckTerminating(pod, kNow + Duration::Seconds(61)));
  EXPECT_FALSE(IsDrainable(pod, kNow + Duration::Seconds(61)));
  EXPECT_TRUE(IsDrainable(pod, kNow + Duration::Seconds(30)));
  EXPECT_FALSE(IsStuckTerminating(MakePod("q"), kNow + Duration::Hours(1)));
}

TEST(PodClassificationTest, CriticalPriorityClasses) {
  api::Pod pod = MakePod("p");
  EXPECT_FALSE(IsCritical(pod));
  pod.spec.priority_class_name = "system-node-critical";
  EXPECT_TRUE(IsCritical(pod));
  pod.spec.priority_class_name = "system-cluster-critical";
  EXPECT_TRUE(IsCritical(pod));
}

// ---- pkg/utils/disruption/disruption.go (upstream has no tests; cases from its contract) -------

TEST(DisruptionCostTest, EvictionCostFromDeletionCostAndPriority) {
  api::Pod pod = MakePod("p");
  EXPECT_DOUBLE_EQ(EvictionCost(pod), 1.0);
  pod.metadata.annotations[std::string(kPodDeletionCostAnnotation)] = "134217728";  // 2^27
  EXPECT_DOUBLE_EQ(EvictionCost(pod), 2.0);
  pod.spec.priority = 33554432;  // 2^25
  EXPECT_DOUBLE_EQ(EvictionCost(pod), 3.0);
  pod.metadata.annotations[std::string(kPodDeletionCostAnnotation)] = "not-a-number";
  EXPECT_DOUBLE_EQ(EvictionCost(pod), 2.0);
  pod.metadata.annotations[std::string(kPodDeletionCostAnnotation)] = "+2147483647";
  pod.spec.priority = 1'000'000'000;
  EXPECT_DOUBLE_EQ(EvictionCost(pod), 10.0);  // clamped
  pod.metadata.annotations[std::string(kPodDeletionCostAnnotation)] = "-2147483647";
  pod.spec.priority = -2147483647;
  EXPECT_DOUBLE_EQ(EvictionCost(pod), -10.0);
  std::vector<api::Pod> pods = {MakePod("a"), pod};
  EXPECT_DOUBLE_EQ(ReschedulingCost(Ptrs(pods)), -9.0);
}

api::NodeClaim MakeClaim(Time created, std::optional<NillableDuration> expire_after) {
  api::NodeClaim claim;
  claim.metadata.name = "claim";
  claim.metadata.creation_timestamp = created.ToRfc3339();
  claim.spec.expire_after = std::move(expire_after);
  return claim;
}

TEST(DisruptionCostTest, LifetimeRemainingScalesWithAge) {
  api::NodeClaim claim =
      MakeClaim(kNow - Duration::Hours(6), NillableDuration{Duration::Hours(24)});
  EXPECT_DOUBLE_EQ(LifetimeRemaining(claim, kNow), 0.75);
  EXPECT_DOUBLE_EQ(LifetimeRemaining(claim, kNow + Duration::Hours(100)), 0.0);
  EXPECT_DOUBLE_EQ(LifetimeRemaining(claim, kNow - Duration::Hours(7)), 1.0);
  claim.spec.expire_after = NillableDuration{std::nullopt};  // Never
  EXPECT_DOUBLE_EQ(LifetimeRemaining(claim, kNow), 1.0);
  claim.spec.expire_after.reset();  // the 720h default
  EXPECT_DOUBLE_EQ(LifetimeRemaining(claim, kNow), 1.0 - 6.0 / 720.0);
}

api::StatusCondition Initialized(Time at, std::string status = "True") {
  api::StatusCondition c;
  c.type = "Initialized";
  c.status = std::move(status);
  c.last_transition_time = at.ToRfc3339();
  return c;
}

TEST(DisruptionCostTest, IsUnderConsolidateAfter) {
  api::NodePool pool;
  pool.spec.disruption.consolidate_after = NillableDuration{Duration::Minutes(5)};
  api::NodeClaim claim = MakeClaim(kNow - Duration::Hours(1), std::nullopt);
  // Not initialized: consolidateAfter does not hold it back (it is not a candidate anyway).
  EXPECT_FALSE(IsUnderConsolidateAfter(pool, claim, kNow));
  claim.status.conditions.push_back(Initialized(kNow - Duration::Minutes(2)));
  EXPECT_TRUE(IsUnderConsolidateAfter(pool, claim, kNow));
  EXPECT_FALSE(IsUnderConsolidateAfter(pool, claim, kNow + Duration::Minutes(3)));
  // A pod event restarts the wait.
  claim.status.last_pod_event_time = (kNow + Duration::Minutes(2)).ToRfc3339();
  EXPECT_TRUE(IsUnderConsolidateAfter(pool, claim, kNow + Duration::Minutes(3)));
  EXPECT_FALSE(IsUnderConsolidateAfter(pool, claim, kNow + Duration::Minutes(7)));
  // 0s and Never never hold a node back.
  pool.spec.disruption.consolidate_after = NillableDuration{Duration()};
  EXPECT_FALSE(IsUnderConsolidateAfter(pool, claim, kNow + Duration::Minutes(3)));
  pool.spec.disruption.consolidate_after = NillableDuration{std::nullopt};
  EXPECT_FALSE(IsUnderConsolidateAfter(pool, claim, kNow + Duration::Minutes(3)));
}

}  // namespace
}  // namespace tidepool::disruption
