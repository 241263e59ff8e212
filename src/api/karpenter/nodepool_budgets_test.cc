// Disruption budgets, ported from kubernetes-sigs/karpenter pkg/apis/v1/nodepool_budgets_test.go,
// plus the worked examples of the disruption docs (aws website concepts/disruption.md).
#include <gtest/gtest.h>

#include <vector>

#include "api/karpenter/karpenter_test_util.h"
#include "api/karpenter/nodepool.h"

namespace tidepool::api {
namespace {

using karpenter_testing::MakeBudget;

Time At(int64_t year, int month, int day, int hour, int minute, int second) {
  return Time::FromUnixSeconds(
      UnixSecondsFromCivil(CivilTime{year, month, day, hour, minute, second}));
}

const std::vector<std::string> kAllReasons = {
    kDisruptionReasonEmpty, kDisruptionReasonUnderutilized, kDisruptionReasonDrifted};

class BudgetsTest : public ::testing::Test {
 protected:
  // The middle of the year 2000, "the best year ever".
  Time now_ = At(2000, 6, 15, 12, 30, 30);
  std::vector<Budget> budgets_ = {
      MakeBudget("10", "* * * * *", Duration::Hours(1)),
      MakeBudget("100", "* * * * *", Duration::Hours(1)),
      MakeBudget("100%", "* * * * *", Duration::Hours(1)),
      MakeBudget("15", "* * * * *", Duration::Hours(1), {"Drifted", "Underutilized"}),
      MakeBudget("5", "* * * * *", Duration::Hours(1), {"Drifted"}),
      MakeBudget("0", "@weekly", Duration::Hours(1), {"Underutilized", "Drifted", "Empty"}),
  };
};

TEST_F(BudgetsTest, ZeroForAllReasonsWhenABudgetIsActiveForAllReasons) {
  budgets_[5].schedule = "* * * * *";
  for (const std::string& reason : kAllReasons) {
    Result<int64_t> allowed = GetAllowedDisruptionsByReason(budgets_, 100, reason, now_);
    ASSERT_TRUE(allowed) << allowed.error().message();
    EXPECT_EQ(*allowed, 0) << reason;
  }
}

TEST_F(BudgetsTest, MaxInt32WhenNoBudgetIsActive) {
  for (Budget& b : budgets_) b.schedule = "@yearly";
  for (const std::string& reason : kAllReasons) {
    EXPECT_EQ(*GetAllowedDisruptionsByReason(budgets_, 100, reason, now_), 2147483647) << reason;
  }
}

TEST_F(BudgetsTest, IgnoresInactiveReasonBudgets) {
  budgets_[3].schedule = "@yearly";
  budgets_[4].schedule = "@yearly";
  for (const std::string& reason : kAllReasons) {
    EXPECT_EQ(*GetAllowedDisruptionsByReason(budgets_, 100, reason, now_), 10) << reason;
  }
}

TEST_F(BudgetsTest, BudgetWithoutReasonsAppliesToAll) {
  const std::vector<Budget> one = {budgets_[0]};
  for (const std::string& reason : kAllReasons) {
    EXPECT_EQ(*GetAllowedDisruptionsByReason(one, 100, reason, now_), 10) << reason;
  }
}

TEST_F(BudgetsTest, MinimumBudgetPerReason) {
  budgets_.push_back(MakeBudget("4", "* * * * *", Duration::Hours(1), {"Empty"}));
  EXPECT_EQ(*GetAllowedDisruptionsByReason(budgets_, 100, kDisruptionReasonEmpty, now_), 4);
  EXPECT_EQ(*GetAllowedDisruptionsByReason(budgets_, 100, kDisruptionReasonDrifted, now_), 5);
  // The budget without reasons (10) is lower than the Underutilized one (15).
  EXPECT_EQ(*GetAllowedDisruptionsByReason(budgets_, 100, kDisruptionReasonUnderutilized, now_),
            10);
}

TEST_F(BudgetsTest, AllowedDisruptionsOfOneBudget) {
  Budget bad_schedule = budgets_[0];
  bad_schedule.schedule = "@wrongly";
  Result<int64_t> r = GetAllowedDisruptions(bad_schedule, 100, now_);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message().find("invalid cron"), std::string::npos);

  Budget bad_nodes = budgets_[0];
  bad_nodes.nodes = "1000a%";
  EXPECT_FALSE(GetAllowedDisruptions(bad_nodes, 100, now_));

  Budget inactive = budgets_[0];
  inactive.schedule = "@yearly";
  EXPECT_EQ(*GetAllowedDisruptions(inactive, 100, now_), 2147483647);
  EXPECT_EQ(*GetAllowedDisruptions(budgets_[0], 100, now_), 10);
  EXPECT_EQ(*GetAllowedDisruptions(budgets_[2], 100, now_), 100);
}

// MustGetAllowedDisruptions fails closed: an error in any budget allows nothing, for every reason.
TEST_F(BudgetsTest, InvalidBudgetFailsClosed) {
  budgets_[4].schedule = "@wrongly";
  for (const std::string& reason : kAllReasons) {
    EXPECT_FALSE(GetAllowedDisruptionsByReason(budgets_, 100, reason, now_)) << reason;
    EXPECT_EQ(AllowedDisruptions(budgets_, 100, reason, now_), 0) << reason;
  }
  budgets_[4].schedule = "* * * * *";
  EXPECT_EQ(AllowedDisruptions(budgets_, 100, kDisruptionReasonEmpty, now_), 10);
}

TEST_F(BudgetsTest, IsActive) {
  // Schedules are UTC whatever zone the clock is in: the end of May 2000 at midnight in a zone one
  // hour ahead of UTC is 23:00 UTC, half an hour after the daily window closed.
  Budget daily = MakeBudget("10", "@daily", Duration::Minutes(30));
  EXPECT_FALSE(*IsBudgetActive(daily, At(2000, 5, 31, 0, 0, 0) - Duration::Hours(1)));

  Budget always = budgets_[0];
  always.schedule.reset();
  always.duration.reset();
  EXPECT_TRUE(*IsBudgetActive(always, now_));
  EXPECT_TRUE(*IsBudgetActive(budgets_[0], now_));
  Budget yearly = budgets_[0];
  yearly.schedule = "@yearly";
  EXPECT_FALSE(*IsBudgetActive(yearly, now_));
}

TEST_F(BudgetsTest, IsActiveWindows) {
  // The schedule hit is in the middle of the duration. Upstream uses the start of the year 1000,
  // which tidepool's nanosecond Time cannot hold (CronTest.KarpenterBudgetSchedules covers the
  // year 1000 in the cron itself); the start of 2001 makes the same point.
  EXPECT_TRUE(
      *IsBudgetActive(MakeBudget("10", "@yearly", Duration::Hours(24)), At(2001, 1, 1, 12, 0, 0)));
  // The duration is longer than the recurrence (the first Monday of 2024).
  EXPECT_TRUE(
      *IsBudgetActive(MakeBudget("10", "@daily", Duration::Hours(48)), At(2024, 1, 7, 0, 0, 0)));
  // The schedule hit is after the window.
  EXPECT_FALSE(*IsBudgetActive(MakeBudget("10", "30 6 * * SUN", Duration::Hours(6)),
                               At(2024, 1, 7, 0, 0, 0)));
  Result<bool> bad = IsBudgetActive(MakeBudget("10", "0 0 * * tue-mon", Duration::Hours(6)),
                                    At(2024, 1, 7, 0, 0, 0));
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message().find("beginning of range (2) beyond end of range (1)"),
            std::string::npos)
      << bad.error().message();
}

TEST_F(BudgetsTest, WindowEdges) {
  // A weekday business-hours window: 09:00-17:00 UTC, Monday to Friday (2024-01-08 is a Monday).
  const Budget business = MakeBudget("0", "0 9 * * mon-fri", Duration::Hours(8));
  EXPECT_FALSE(*IsBudgetActive(business, At(2024, 1, 8, 8, 59, 59)));
  EXPECT_TRUE(*IsBudgetActive(business, At(2024, 1, 8, 9, 0, 0)));
  EXPECT_TRUE(*IsBudgetActive(business, At(2024, 1, 8, 16, 59, 59)));
  // The window is [hit, hit + duration): Next() looks strictly after now - duration.
  EXPECT_FALSE(*IsBudgetActive(business, At(2024, 1, 8, 17, 0, 0)));
  EXPECT_FALSE(*IsBudgetActive(business, At(2024, 1, 13, 12, 0, 0)));  // Saturday
  // A schedule that never fires (30 February): robfig's zero time is "not after now", so
  // upstream treats the budget as always active.
  EXPECT_TRUE(*IsBudgetActive(MakeBudget("0", "0 0 30 2 *", Duration::Hours(1)), now_));
}

// Percentages round up, as PDB maxUnavailable does (disruption.md: 20% of 19 nodes is 4).
TEST_F(BudgetsTest, PercentagesRoundUp) {
  const std::vector<Budget> twenty = {MakeBudget("20%", std::nullopt, std::nullopt)};
  EXPECT_EQ(AllowedDisruptions(twenty, 19, kDisruptionReasonDrifted, now_), 4);
  const std::vector<Budget> five = {MakeBudget("5%", std::nullopt, std::nullopt)};
  EXPECT_EQ(AllowedDisruptions(five, 10, kDisruptionReasonEmpty, now_), 1);
  EXPECT_EQ(AllowedDisruptions(five, 0, kDisruptionReasonEmpty, now_), 0);
  const std::vector<Budget> defaulted = {Budget{}};  // nodes defaults to 10%
  EXPECT_EQ(AllowedDisruptions(defaulted, 31, kDisruptionReasonEmpty, now_), 4);
  EXPECT_EQ(AllowedDisruptions({}, 31, kDisruptionReasonEmpty, now_), 2147483647);
}

}  // namespace
}  // namespace tidepool::api
