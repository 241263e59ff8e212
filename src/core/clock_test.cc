#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/simulated_clock.h"

namespace tidepool {
namespace {

TEST(SimulatedClockTest, StartsAtGivenTimeAndAdvances) {
  SimulatedClock clock(Time::FromUnixSeconds(100));
  EXPECT_EQ(clock.Now(), Time::FromUnixSeconds(100));
  clock.Advance(Duration::Seconds(5));
  EXPECT_EQ(clock.Now(), Time::FromUnixSeconds(105));
}

TEST(SimulatedClockTest, EqualDeadlinesFireInSchedulingOrder) {
  SimulatedClock clock;
  std::vector<int> order;
  for (int i = 0; i < 10; ++i) {
    clock.ScheduleAfter(Duration::Seconds(1), [&order, i] { order.push_back(i); });
  }
  EXPECT_EQ(clock.Advance(Duration::Seconds(1)), 10u);
  EXPECT_EQ(order, (std::vector<int>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}));
}

TEST(SimulatedClockTest, DeadlinesFireInTimeOrderWithNowAtDeadline) {
  SimulatedClock clock;
  std::vector<std::pair<int, int64_t>> fired;
  clock.ScheduleAfter(Duration::Seconds(3), [&] {
    fired.push_back({3, clock.Now().unix_seconds()});
  });
  clock.ScheduleAfter(Duration::Seconds(1), [&] {
    fired.push_back({1, clock.Now().unix_seconds()});
  });
  clock.ScheduleAfter(Duration::Seconds(2), [&] {
    fired.push_back({2, clock.Now().unix_seconds()});
  });
  clock.Advance(Duration::Seconds(2));
  ASSERT_EQ(fired.size(), 2u);
  EXPECT_EQ(fired[0], std::make_pair(1, int64_t{1}));
  EXPECT_EQ(fired[1], std::make_pair(2, int64_t{2}));
  EXPECT_EQ(clock.pending(), 1u);
  clock.Advance(Duration::Seconds(10));
  EXPECT_EQ(fired[2], std::make_pair(3, int64_t{3}));
  EXPECT_EQ(clock.Now().unix_seconds(), 12);
}

TEST(SimulatedClockTest, CancelPreventsFiring) {
  SimulatedClock clock;
  int runs = 0;
  TimerId id = clock.ScheduleAfter(Duration::Seconds(1), [&] { ++runs; });
  EXPECT_TRUE(clock.Cancel(id));
  EXPECT_FALSE(clock.Cancel(id));
  clock.Advance(Duration::Seconds(2));
  EXPECT_EQ(runs, 0);
}

TEST(SimulatedClockTest, CallbacksMayScheduleTimersThatFireInTheSameAdvance) {
  SimulatedClock clock;
  std::vector<int64_t> ticks;
  std::function<void()> tick = [&] {
    ticks.push_back(clock.Now().unix_seconds());
    if (ticks.size() < 5) clock.ScheduleAfter(Duration::Seconds(15), tick);
  };
  clock.ScheduleAfter(Duration::Seconds(15), tick);
  clock.Advance(Duration::Minutes(1));
  EXPECT_EQ(ticks, (std::vector<int64_t>{15, 30, 45, 60}));
  clock.RunUntilIdle();
  EXPECT_EQ(ticks.back(), 75);
}

TEST(SimulatedClockTest, PastDeadlineRunsAtNextDispatchWithoutMovingTimeBack) {
  SimulatedClock clock(Time::FromUnixSeconds(50));
  int64_t seen = -1;
  clock.ScheduleAt(Time::FromUnixSeconds(10), [&] { seen = clock.Now().unix_seconds(); });
  EXPECT_TRUE(clock.RunNext());
  EXPECT_EQ(seen, 50);
  EXPECT_FALSE(clock.RunNext());
}

TEST(SimulatedClockTest, ZeroDelayTimerScheduledInCallbackRunsAfterEarlierOnes) {
  SimulatedClock clock;
  std::vector<std::string> order;
  clock.ScheduleAfter(Duration::Seconds(1), [&] {
    order.push_back("a");
    clock.ScheduleAfter(Duration(), [&] { order.push_back("c"); });
  });
  clock.ScheduleAfter(Duration::Seconds(1), [&] { order.push_back("b"); });
  clock.Advance(Duration::Seconds(1));
  EXPECT_EQ(order, (std::vector<std::string>{"a", "b", "c"}));
}

}  // namespace
}  // namespace tidepool
