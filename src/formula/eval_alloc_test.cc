// Evaluating a compiled formula must not allocate: the controller evaluates formulas for every
// ScaledObject on every poll. Global operator new is replaced here to count allocations.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <new>
#include <optional>
#include <string>
#include <vector>

#include "formula/compile.h"
#include "formula/eval.h"
#include "formula/keda.h"

namespace {
std::atomic<long> g_allocations{0};
}  // namespace

// Sanitizers bring their own allocator; counting through them is not reliable.
#if !defined(__SANITIZE_ADDRESS__)
// The replacements pair malloc with free; GCC cannot see that operator new is malloc here.
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
void* operator new(std::size_t size) {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
#define TIDEPOOL_COUNTING_ALLOCATIONS 1
#endif

namespace tidepool::formula {
namespace {

TEST(EvalAllocationTest, EvalDoesNotAllocate) {
#ifndef TIDEPOOL_COUNTING_ALLOCATIONS
  GTEST_SKIP() << "allocation counting is off under sanitizers";
#endif
  const std::vector<std::string> names = {"queue", "rps", "lag"};
  const std::vector<std::string> formulas = {
      "queue / 10 + rps",
      "queue ?? rps ?? 8",
      "let q = queue * 2; q > 100 ? min(q, 500) : max(rps, lag, 1)",
      "count([queue, rps, lag ?? 0], {# > 1}) > 1 ? ceil(mean([queue, rps])) : 0",
      "median(queue, rps, lag) + sum(1..10) + abs(-lag) + round(rps) + int(queue) % 7",
      "all([queue, rps], # >= 0) && !(lag == nil) ? float(lag) : -1",
  };
  std::vector<Program> programs;
  for (const std::string& f : formulas) {
    Result<Program> p = CompileKedaFormula(f, names);
    ASSERT_TRUE(p) << f << ": " << p.error().message();
    programs.push_back(std::move(*p));
  }
  const std::vector<std::optional<double>> values = {250.0, 3.5, std::nullopt};
  const std::vector<std::optional<double>> all_values = {250.0, 3.5, 4.0};
  for (size_t i = 0; i < programs.size(); ++i) {
    const auto& v = i == 0 || i == 4 ? all_values : values;
    ASSERT_TRUE(EvalKedaFormula(programs[i], v)) << formulas[i];
  }

  const long before = g_allocations.load();
  double sink = 0;
  for (int round = 0; round < 1000; ++round) {
    for (size_t i = 0; i < programs.size(); ++i) {
      const auto& v = i == 0 || i == 4 ? all_values : values;
      Result<std::optional<double>> r = EvalKedaFormula(programs[i], v);
      if (r && r->has_value()) sink += **r;
    }
  }
  EXPECT_EQ(g_allocations.load() - before, 0);
  EXPECT_GT(sink, 0);
}

}  // namespace
}  // namespace tidepool::formula
