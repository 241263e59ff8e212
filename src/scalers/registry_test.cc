#include "scalers/registry.h"

#include <gtest/gtest.h>

#include "core/simulated_clock.h"
#include "scalers/scalers_test_util.h"
#include "scalers/simulated_scaler.h"

namespace tidepool::scalers {
namespace {

TEST(RegistryTest, DefaultRegistryBuildsBuiltInScalers) {
  Registry r = DefaultRegistry();
  EXPECT_EQ(r.Types(), (std::vector<std::string>{"cpu", "cron", "memory"}));
  SimulatedClock clock;
  ScalerConfig c;
  c.trigger_type = "cpu";
  c.metric_type = "Utilization";
  c.trigger_metadata = {{"value", "60"}};
  c.clock = &clock;
  Result<std::unique_ptr<Scaler>> s = r.Build(c);
  ASSERT_TRUE(s);
  EXPECT_EQ((*s)->GetMetricSpecForScaling()[0].metric_name, "cpu");
  c.trigger_type = "memory";
  EXPECT_EQ((*r.Build(c))->GetMetricSpecForScaling()[0].metric_name, "memory");
}

// scalers_builder.go buildScaler: `no scaler found for type: <type>`.
TEST(RegistryTest, UnknownTypeNamesTheTypeAndSuggests) {
  Registry r = DefaultRegistry();
  ScalerConfig c;
  c.trigger_type = "corn";
  Result<std::unique_ptr<Scaler>> s = r.Build(c);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().message(), "no scaler found for type: corn (did you mean \"cron\"?)");
  c.trigger_type = "aws-sqs-queue";
  EXPECT_EQ(r.Build(c).error().message(), "no scaler found for type: aws-sqs-queue");
}

TEST(RegistryTest, RegisterReplacesAndSimulatedSourcesInstallTypes) {
  testing::FakeMetricWorld world;
  Registry r = SimulatedRegistry(world);
  for (std::string_view type : SimulatedScalerTypes()) EXPECT_TRUE(r.Contains(type)) << type;
  EXPECT_TRUE(r.Contains("cron"));
  SimulatedClock clock;
  ScalerConfig c;
  c.trigger_type = "prometheus";
  c.trigger_metadata = {
      {"serverAddress", "http://p:9090"}, {"query", "sum(x)"}, {"threshold", "5"}};
  c.clock = &clock;
  world.Set("prometheus", "sum(x)", 12);
  Result<std::unique_ptr<Scaler>> s = r.Build(c);
  ASSERT_TRUE(s);
  Result<MetricsAndActivity> m = (*s)->GetMetricsAndActivity("s0-prometheus");
  ASSERT_TRUE(m);
  EXPECT_TRUE(m->active);
  EXPECT_EQ(m->metrics[0].value.Value(), 12);

  int calls = 0;
  r.Register("cron", [&calls](const ScalerConfig&) -> Result<std::unique_ptr<Scaler>> {
    ++calls;
    return Fail(ErrorCode::kUnavailable, "fake");
  });
  c.trigger_type = "cron";
  EXPECT_FALSE(r.Build(c));
  EXPECT_EQ(calls, 1);
}

}  // namespace
}  // namespace tidepool::scalers
