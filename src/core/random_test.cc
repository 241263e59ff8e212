#include "core/random.h"

#include <gtest/gtest.h>

#include <set>

namespace tidepool {
namespace {

TEST(RandomTest, SameSeedSameSequence) {
  Random a(42), b(42), c(43);
  bool differs = false;
  for (int i = 0; i < 100; ++i) {
    const uint64_t x = a.NextU64();
    EXPECT_EQ(x, b.NextU64());
    differs |= x != c.NextU64();
  }
  EXPECT_TRUE(differs);
}

TEST(RandomTest, SequenceIsPinnedAcrossPlatforms) {
  // xoshiro256** seeded by splitmix64(42): changing either breaks every recorded scenario.
  Random r(42);
  const uint64_t first = r.NextU64();
  Random again(42);
  EXPECT_EQ(first, again.NextU64());
  EXPECT_NE(first, 0u);
}

TEST(RandomTest, UniformIntStaysInRangeAndCoversIt) {
  Random r(7);
  std::set<int64_t> seen;
  for (int i = 0; i < 10'000; ++i) {
    const int64_t v = r.UniformInt(-3, 3);
    ASSERT_GE(v, -3);
    ASSERT_LE(v, 3);
    seen.insert(v);
  }
  EXPECT_EQ(seen.size(), 7u);
  EXPECT_EQ(r.UniformInt(5, 5), 5);
}

TEST(RandomTest, DistributionsHaveExpectedMeans) {
  Random r(1);
  double sum_u = 0, sum_e = 0, sum_n = 0;
  const int n = 200'000;
  for (int i = 0; i < n; ++i) {
    const double u = r.UniformDouble();
    ASSERT_GE(u, 0.0);
    ASSERT_LT(u, 1.0);
    sum_u += u;
    sum_e += r.Exponential(2.0);
    sum_n += r.Normal(10.0, 3.0);
  }
  EXPECT_NEAR(sum_u / n, 0.5, 0.01);
  EXPECT_NEAR(sum_e / n, 0.5, 0.01);
  EXPECT_NEAR(sum_n / n, 10.0, 0.05);
}

TEST(RandomTest, ForkedStreamsAreIndependentAndDeterministic) {
  Random base(99);
  Random f1 = base.Fork(1), f1b = base.Fork(1), f2 = base.Fork(2);
  EXPECT_EQ(f1.NextU64(), f1b.NextU64());
  EXPECT_NE(Random(99).Fork(1).NextU64(), f2.NextU64());
}

}  // namespace
}  // namespace tidepool
