// The operatorpkg condition-set semantics the NodeClaim controllers rely on
// (awslabs/operatorpkg status/condition_set.go Set, SetTrue, Clear).
#include "api/karpenter/nodeclaim_conditions.h"

#include <gtest/gtest.h>

namespace tidepool::api {
namespace {

const Time kT0 = Time::FromUnixSeconds(1'700'000'000);
const Time kT1 = kT0 + Duration::Seconds(30);

TEST(NodeClaimConditionsTest, MissingConditionReadsAsUnknownButNotTrue) {
  NodeClaim claim;
  EXPECT_EQ(FindCondition(claim, kConditionTypeLaunched), nullptr);
  EXPECT_EQ(ConditionStatus(claim, kConditionTypeLaunched), "");
  EXPECT_FALSE(IsConditionTrue(claim, kConditionTypeLaunched));
  EXPECT_TRUE(IsConditionUnknown(claim, kConditionTypeLaunched));
}

TEST(NodeClaimConditionsTest, SetTrueAddsWithReasonDefaultedToType) {
  NodeClaim claim;
  claim.metadata.generation = 3;
  EXPECT_TRUE(SetConditionTrue(claim, kConditionTypeDrained, kT0));
  const StatusCondition* c = FindCondition(claim, kConditionTypeDrained);
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->status, kConditionTrue);
  EXPECT_EQ(c->reason, kConditionTypeDrained);
  EXPECT_EQ(c->message, "");
  EXPECT_EQ(c->last_transition_time, kT0.ToRfc3339());
  EXPECT_EQ(c->observed_generation, 3);
  EXPECT_TRUE(IsConditionTrue(claim, kConditionTypeDrained));
  EXPECT_FALSE(IsConditionUnknown(claim, kConditionTypeDrained));
}

TEST(NodeClaimConditionsTest, UnchangedSetIsANoOp) {
  NodeClaim claim;
  ASSERT_TRUE(SetCondition(claim, kConditionTypeDrifted, kConditionTrue, "NodePoolDrifted",
                           "NodePoolDrifted", kT0));
  NodeClaim before = claim;
  EXPECT_FALSE(SetCondition(claim, kConditionTypeDrifted, kConditionTrue, "NodePoolDrifted",
                            "NodePoolDrifted", kT1));
  EXPECT_EQ(claim, before);
}

TEST(NodeClaimConditionsTest, TransitionTimeMovesOnlyWithStatus) {
  NodeClaim claim;
  ASSERT_TRUE(SetCondition(claim, kConditionTypeInitialized, kConditionUnknown, "NodeNotReady",
                           "node is not ready", kT0));
  // Same status, other reason: updated in place, transition time kept.
  EXPECT_TRUE(SetCondition(claim, kConditionTypeInitialized, kConditionUnknown,
                           "StartupTaintsExist", "taint exists", kT1));
  ASSERT_EQ(claim.status.conditions.size(), 1u);
  EXPECT_EQ(claim.status.conditions[0].reason, "StartupTaintsExist");
  EXPECT_EQ(claim.status.conditions[0].last_transition_time, kT0.ToRfc3339());
  // Status change: transition time moves.
  EXPECT_TRUE(SetConditionTrue(claim, kConditionTypeInitialized, kT1));
  ASSERT_EQ(claim.status.conditions.size(), 1u);
  EXPECT_EQ(claim.status.conditions[0].last_transition_time, kT1.ToRfc3339());
  EXPECT_EQ(claim.status.conditions[0].message, "");
}

TEST(NodeClaimConditionsTest, NewGenerationIsObserved) {
  NodeClaim claim;
  ASSERT_TRUE(SetConditionTrue(claim, kConditionTypeLaunched, kT0));
  claim.metadata.generation = 2;
  EXPECT_TRUE(SetConditionTrue(claim, kConditionTypeLaunched, kT1));
  EXPECT_EQ(FindCondition(claim, kConditionTypeLaunched)->observed_generation, 2);
  EXPECT_EQ(FindCondition(claim, kConditionTypeLaunched)->last_transition_time, kT0.ToRfc3339());
}

TEST(NodeClaimConditionsTest, ClearRemovesOnlyThatType) {
  NodeClaim claim;
  ASSERT_TRUE(SetConditionTrue(claim, kConditionTypeConsolidatable, kT0));
  ASSERT_TRUE(SetConditionTrue(claim, kConditionTypeInitialized, kT0));
  EXPECT_TRUE(ClearCondition(claim, kConditionTypeConsolidatable));
  EXPECT_FALSE(ClearCondition(claim, kConditionTypeConsolidatable));
  EXPECT_EQ(FindCondition(claim, kConditionTypeConsolidatable), nullptr);
  EXPECT_TRUE(IsConditionTrue(claim, kConditionTypeInitialized));
}

}  // namespace
}  // namespace tidepool::api
