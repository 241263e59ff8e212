#include "scalers/cpu_memory_scaler.h"

#include <gtest/gtest.h>

namespace tidepool::scalers {
namespace {

ScalerConfig Config(std::string metric_type, std::map<std::string, std::string> metadata) {
  ScalerConfig c;
  c.trigger_type = "cpu";
  c.metric_type = std::move(metric_type);
  c.trigger_metadata = std::move(metadata);
  return c;
}

// Ported from pkg/scalers/cpu_memory_scaler_test.go testCPUMemoryMetadata /
// TestCPUMemoryParseMetadata.
TEST(CpuMemoryScalerTest, KedaParseMetadata) {
  struct Case {
    std::string metric_type;
    std::map<std::string, std::string> metadata;
    bool is_error;
  };
  const Case cases[] = {
      {"", {}, true},
      {"Utilization", {{"value", "50"}}, false},
      {"AverageValue", {{"value", "50"}}, false},
      {"Value", {{"value", "50"}}, true},
      {"", {{"value", ""}}, true},
      {"", {}, true},
  };
  for (size_t i = 0; i < std::size(cases); ++i) {
    Result<CpuMemoryMetadata> meta =
        ParseResourceMetadata(Config(cases[i].metric_type, cases[i].metadata));
    EXPECT_EQ(!meta.has_value(), cases[i].is_error) << "case " << i;
  }
}

// Ported from cpu_memory_scaler_test.go TestGetMetricSpecForScaling.
TEST(CpuMemoryScalerTest, KedaGetMetricSpecForScaling) {
  Result<std::unique_ptr<Scaler>> s =
      NewCpuMemoryScaler(ResourceKind::kCpu, Config("Utilization", {{"value", "50"}}));
  ASSERT_TRUE(s);
  std::vector<MetricSpec> specs = (*s)->GetMetricSpecForScaling();
  ASSERT_EQ(specs.size(), 1u);
  EXPECT_EQ(specs[0].source, MetricSpec::Source::kResource);
  EXPECT_EQ(specs[0].metric_name, "cpu");
  EXPECT_EQ(specs[0].target_type, MetricTargetType::kUtilization);
  EXPECT_EQ(specs[0].target_utilization, 50);
  EXPECT_EQ(specs[0].container_name, "");
}

// Ported from cpu_memory_scaler_test.go TestGetContainerMetricSpecForScaling.
TEST(CpuMemoryScalerTest, KedaGetContainerMetricSpecForScaling) {
  Result<std::unique_ptr<Scaler>> s = NewCpuMemoryScaler(
      ResourceKind::kCpu, Config("Utilization", {{"value", "50"}, {"containerName", "foo"}}));
  ASSERT_TRUE(s);
  std::vector<MetricSpec> specs = (*s)->GetMetricSpecForScaling();
  EXPECT_EQ(specs[0].metric_name, "cpu");
  EXPECT_EQ(specs[0].target_type, MetricTargetType::kUtilization);
  EXPECT_EQ(specs[0].container_name, "foo");
}

TEST(CpuMemoryScalerTest, AverageValueMemoryAndActivity) {
  Result<std::unique_ptr<Scaler>> s =
      NewCpuMemoryScaler(ResourceKind::kMemory, Config("AverageValue", {{"value", "512Mi"}}));
  ASSERT_TRUE(s);
  std::vector<MetricSpec> specs = (*s)->GetMetricSpecForScaling();
  EXPECT_EQ(specs[0].metric_name, "memory");
  EXPECT_EQ(specs[0].target_type, MetricTargetType::kAverageValue);
  EXPECT_EQ(specs[0].target_value.Value(), int64_t{512} * 1024 * 1024);
  EXPECT_FALSE(specs[0].target_utilization);
  Result<MetricsAndActivity> r = (*s)->GetMetricsAndActivity("memory");
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->active);
  EXPECT_TRUE(r->metrics.empty());
}

TEST(CpuMemoryScalerTest, ErrorTexts) {
  Result<std::unique_ptr<Scaler>> s =
      NewCpuMemoryScaler(ResourceKind::kCpu, Config("Value", {{"value", "50"}}));
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().message(),
            "error parsing cpu metadata: unknown metric type: Value, allowed values are "
            "'Utilization' or 'AverageValue'");
  Result<std::unique_ptr<Scaler>> removed = NewCpuMemoryScaler(
      ResourceKind::kMemory, Config("Utilization", {{"value", "50"}, {"type", "Utilization"}}));
  ASSERT_FALSE(removed);
  EXPECT_EQ(removed.error().message(),
            "error parsing memory metadata: scaler cpu info: The 'type' setting is DEPRECATED and "
            "is removed in v2.18 - Use 'metricType' instead.");
  EXPECT_FALSE(NewCpuMemoryScaler(ResourceKind::kCpu, Config("Utilization", {{"value", "5x"}})));
  EXPECT_FALSE(NewCpuMemoryScaler(ResourceKind::kCpu, Config("AverageValue", {{"value", "5x"}})));
}

}  // namespace
}  // namespace tidepool::scalers
