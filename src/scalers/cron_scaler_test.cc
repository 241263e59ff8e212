#include "scalers/cron_scaler.h"

#include <gtest/gtest.h>

#include "core/simulated_clock.h"
#include "scalers/tzdata_zone.h"

namespace tidepool::scalers {
namespace {

using Metadata = std::map<std::string, std::string>;

const Metadata kValidCron = {{"timezone", "Etc/UTC"},
                             {"start", "0 0 * * Thu"},
                             {"end", "59 23 * * Thu"},
                             {"desiredReplicas", "10"}};
const Metadata kValidCron2 = {{"timezone", "Etc/UTC"},
                              {"start", "0 */2 * * *"},
                              {"end", "0 1-23/2 * * *"},
                              {"desiredReplicas", "10"}};
const Metadata kValidCron3 = {{"timezone", "Etc/UTC"},
                              {"start", "0,30 * * * *"},
                              {"end", "15,45 * * * *"},
                              {"desiredReplicas", "10"}};

Time At(std::string_view rfc3339) { return *Time::ParseRfc3339(rfc3339); }

ScalerConfig Config(Metadata metadata, const Clock* clock = nullptr, int index = 0) {
  ScalerConfig c;
  c.trigger_type = "cron";
  c.trigger_metadata = std::move(metadata);
  c.trigger_index = index;
  c.clock = clock;
  return c;
}

// Ported from pkg/scalers/cron_scaler_test.go testCronMetadata / TestCronParseMetadata.
TEST(CronScalerTest, KedaParseMetadata) {
  struct Case {
    Metadata metadata;
    bool is_error;
  };
  const Case cases[] = {
      {{}, true},
      {kValidCron, false},
      {kValidCron2, false},
      {kValidCron3, false},
      {{{"timezone", "Asia/Kolkata"}, {"start", "30 * * * *"}, {"end", "45 * * * *"}}, true},
      {{{"start", "30 * * * *"}, {"end", "45 * * * *"}, {"desiredReplicas", "10"}}, true},
      {{{"timezone", "Asia/Kolkata"},
        {"start", "30-33 * * * *"},
        {"end", "45 * * * *"},
        {"desiredReplicas", "10"}},
       false},
      {{{"timezone", "Asia/Kolkata"},
        {"start", "30 * * * *"},
        {"end", "45-50 * * * *"},
        {"desiredReplicas", "10"}},
       false},
      {{{"timezone", "Asia/Kolkata"},
        {"start", "-30 * * * *"},
        {"end", "45 * * * *"},
        {"desiredReplicas", "10"}},
       true},
      {{{"timezone", "Asia/Kolkata"},
        {"start", "30 * * * *"},
        {"end", "-50 * * * *"},
        {"desiredReplicas", "10"}},
       true},
      {{{"timezone", "Asia/Kolkata"},
        {"start", "30 * * * *"},
        {"end", "50 * * -3 *"},
        {"desiredReplicas", "10"}},
       true},
      {{{"timezone", "Asia/Kolkata"},
        {"start", "30 * * * *"},
        {"end", "30 * * * *"},
        {"desiredReplicas", "10"}},
       true},
  };
  for (size_t i = 0; i < std::size(cases); ++i) {
    Result<CronMetadata> meta = ParseCronMetadata(Config(cases[i].metadata));
    EXPECT_EQ(!meta.has_value(), cases[i].is_error) << "case " << i;
  }
}

TEST(CronScalerTest, ErrorTexts) {
  Result<CronMetadata> same = ParseCronMetadata(Config({{"timezone", "Etc/UTC"},
                                                        {"start", "30 * * * *"},
                                                        {"end", "30 * * * *"},
                                                        {"desiredReplicas", "10"}}));
  ASSERT_FALSE(same);
  EXPECT_EQ(same.error().message(), "start and end can not have exactly same time input");
  Result<CronMetadata> no_replicas = ParseCronMetadata(
      Config({{"timezone", "Etc/UTC"}, {"start", "30 * * * *"}, {"end", "45 * * * *"}}));
  ASSERT_FALSE(no_replicas);
  EXPECT_EQ(no_replicas.error().message(),
            "missing required parameter \"desiredReplicas\" in [triggerMetadata]\n"
            "no desiredReplicas specified");
  SimulatedClock clock;
  Result<std::unique_ptr<Scaler>> s = NewCronScaler(Config({{"timezone", "Etc/UTC"}}, &clock));
  ASSERT_FALSE(s);
  EXPECT_TRUE(
      s.error().message().starts_with("error parsing cron metadata: missing required "
                                      "parameter \"start\""));
}

// Ported from cron_scaler_test.go cronMetricIdentifiers / TestCronGetMetricSpecForScaling.
TEST(CronScalerTest, KedaGetMetricSpecForScaling) {
  SimulatedClock clock;
  struct Case {
    const Metadata* metadata;
    int index;
    std::string_view name;
  };
  const Case cases[] = {{&kValidCron, 0, "s0-cron-Etc-UTC-00xxThu-5923xxThu"},
                        {&kValidCron2, 1, "s1-cron-Etc-UTC-0xSl2xxx-01-23Sl2xxx"},
                        {&kValidCron3, 2, "s2-cron-Etc-UTC-0Cm30xxxx-15Cm45xxxx"}};
  for (const Case& c : cases) {
    Result<std::unique_ptr<Scaler>> s = NewCronScaler(Config(*c.metadata, &clock, c.index));
    ASSERT_TRUE(s) << s.error().message();
    std::vector<MetricSpec> specs = (*s)->GetMetricSpecForScaling();
    ASSERT_EQ(specs.size(), 1u);
    EXPECT_EQ(specs[0].metric_name, c.name);
    EXPECT_EQ(specs[0].source, MetricSpec::Source::kExternal);
    EXPECT_EQ(specs[0].target_type, MetricTargetType::kAverageValue);
    EXPECT_EQ(specs[0].target_value.Value(), 1);
  }
}

// Ported from cron_scaler_test.go TestIsActive / TestGetMetrics, at fixed instants instead of
// "now": 2026-11-26 is a Thursday.
TEST(CronScalerTest, KedaIsActiveAndGetMetrics) {
  SimulatedClock clock(At("2026-11-26T12:00:00Z"));
  Result<std::unique_ptr<Scaler>> s = NewCronScaler(Config(kValidCron, &clock));
  ASSERT_TRUE(s);
  Result<MetricsAndActivity> r = (*s)->GetMetricsAndActivity("ReplicaCount");
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->active);
  ASSERT_EQ(r->metrics.size(), 1u);
  EXPECT_EQ(r->metrics[0].metric_name, "ReplicaCount");
  EXPECT_EQ(r->metrics[0].value.Value(), 10);

  SimulatedClock friday(At("2026-11-27T12:00:00Z"));
  Result<std::unique_ptr<Scaler>> s2 = NewCronScaler(Config(kValidCron, &friday));
  r = (*s2)->GetMetricsAndActivity("ReplicaCount");
  ASSERT_TRUE(r);
  EXPECT_FALSE(r->active);
  EXPECT_EQ(r->metrics[0].value.Value(), 0);
}

// Ported from cron_scaler_test.go TestIsActiveRange / TestGetMetricsRange: active in even hours.
TEST(CronScalerTest, KedaIsActiveRange) {
  for (int hour = 0; hour < 24; ++hour) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "2026-11-26T%02d:30:00Z", hour);
    SimulatedClock clock(At(buf));
    Result<std::unique_ptr<Scaler>> s = NewCronScaler(Config(kValidCron2, &clock));
    ASSERT_TRUE(s);
    Result<MetricsAndActivity> r = (*s)->GetMetricsAndActivity("ReplicaCount");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->active, hour % 2 == 0) << "hour " << hour;
    EXPECT_EQ(r->metrics[0].value.Value(), hour % 2 == 0 ? 10 : 0);
  }
}

TEST(CronScalerTest, EvaluatesInTheTriggerTimezoneWithDaylightSaving) {
  Metadata office = {{"timezone", "America/New_York"},
                     {"start", "0 9 * * *"},
                     {"end", "0 17 * * *"},
                     {"desiredReplicas", "4"}};
  auto active_at = [&](std::string_view t) {
    SimulatedClock clock(At(t));
    Result<std::unique_ptr<Scaler>> s = NewCronScaler(Config(office, &clock));
    EXPECT_TRUE(s);
    Result<MetricsAndActivity> r = (*s)->GetMetricsAndActivity("m");
    EXPECT_TRUE(r);
    return r->active;
  };
  EXPECT_FALSE(active_at("2026-07-01T12:00:00Z"));  // 08:00 EDT
  EXPECT_TRUE(active_at("2026-07-01T13:30:00Z"));   // 09:30 EDT
  EXPECT_TRUE(active_at("2026-01-15T14:30:00Z"));   // 09:30 EST
  EXPECT_FALSE(active_at("2026-01-15T13:30:00Z"));  // 08:30 EST
  EXPECT_FALSE(active_at("2026-07-01T21:30:00Z"));  // 17:30 EDT
}

TEST(CronScalerTest, UnknownTimezoneFailsAtQueryTime) {
  SimulatedClock clock;
  Metadata m = kValidCron;
  m["timezone"] = "Mars/Olympus_Mons";
  Result<std::unique_ptr<Scaler>> s = NewCronScaler(Config(m, &clock));
  ASSERT_TRUE(s);
  Result<MetricsAndActivity> r = (*s)->GetMetricsAndActivity("m");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message(), "unable to load timezone: unknown time zone Mars/Olympus_Mons");
  EXPECT_FALSE(LoadTimeZone("../../etc/passwd"));
}

TEST(CronScalerTest, RejectsUtilizationAndCachedMetrics) {
  SimulatedClock clock;
  ScalerConfig c = Config(kValidCron, &clock);
  c.metric_type = "Utilization";
  EXPECT_FALSE(NewCronScaler(c));
  c.metric_type = "Value";
  Result<std::unique_ptr<Scaler>> s = NewCronScaler(c);
  ASSERT_TRUE(s);
  EXPECT_EQ((*s)->GetMetricSpecForScaling()[0].target_type, MetricTargetType::kValue);
  c.use_cached_metrics = true;
  Result<std::unique_ptr<Scaler>> cached = NewCronScaler(c);
  ASSERT_FALSE(cached);
  EXPECT_EQ(cached.error().message(),
            "property \"useCachedMetrics\" is not supported for \"cron\" scaler");
}

TEST(TzdataZoneTest, OffsetsFromSystemDatabase) {
  Result<std::shared_ptr<const TimeZone>> ny = LoadTimeZone("America/New_York");
  ASSERT_TRUE(ny) << ny.error().message();
  EXPECT_EQ((*ny)->UtcOffsetSeconds(At("2026-07-01T12:00:00Z").unix_seconds()), -4 * 3600);
  EXPECT_EQ((*ny)->UtcOffsetSeconds(At("2026-01-01T12:00:00Z").unix_seconds()), -5 * 3600);
  Result<std::shared_ptr<const TimeZone>> kolkata = LoadTimeZone("Asia/Kolkata");
  ASSERT_TRUE(kolkata);
  EXPECT_EQ((*kolkata)->UtcOffsetSeconds(At("2026-07-01T12:00:00Z").unix_seconds()), 19800);
  EXPECT_EQ((*LoadTimeZone("UTC"))->UtcOffsetSeconds(0), 0);
  EXPECT_FALSE(TzdataZone::FromTzif("not a tzif file"));
}

}  // namespace
}  // namespace tidepool::scalers
