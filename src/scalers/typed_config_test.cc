#include "scalers/typed_config.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "scalers/scaler.h"

namespace tidepool::scalers {
namespace {

ScalerConfig Config(std::map<std::string, std::string> metadata,
                    std::map<std::string, std::string> env = {},
                    std::map<std::string, std::string> auth = {}) {
  ScalerConfig c;
  c.trigger_metadata = std::move(metadata);
  c.resolved_env = std::move(env);
  c.auth_params = std::move(auth);
  return c;
}

// Ported from pkg/scalers/scalersconfig/typed_config_test.go TestBasicTypedConfig.
TEST(TypedConfigTest, KedaBasicTypedConfig) {
  ScalerConfig c = Config({{"stringVal", "value1"},
                           {"intVal", "1"},
                           {"boolValFromEnv", "boolVal"},
                           {"floatValFromEnv", "floatVal"}},
                          {{"boolVal", "true"}, {"floatVal", "1.1"}}, {{"auth", "authValue"}});
  ParamReader r(c);
  EXPECT_EQ(r.String(Param("stringVal")), "value1");
  EXPECT_EQ(r.Int64(Param("intVal")), 1);
  EXPECT_EQ(r.Bool(Param("boolVal").Order("resolvedEnv")), true);
  EXPECT_EQ(r.Float64(Param("floatVal").Order("resolvedEnv")), 1.1);
  EXPECT_EQ(r.String(Param("auth").Order("authParams")), "authValue");
  EXPECT_TRUE(r.Finish());
}

// Ported from typed_config_test.go TestParsingOrder.
TEST(TypedConfigTest, KedaParsingOrder) {
  ScalerConfig c = Config({{"stringVal", "value1"},
                           {"intVal", "1"},
                           {"intValFromEnv", "intVal"},
                           {"floatVal", "1.1"},
                           {"floatValFromEnv", "floatVal"}},
                          {{"stringVal", "value2"}, {"intVal", "2"}, {"floatVal", "2.2"}});
  ParamReader r(c);
  EXPECT_EQ(r.String(Param("stringVal").Order("resolvedEnv;triggerMetadata")), "value1");
  EXPECT_EQ(r.Int64(Param("intVal").Order("triggerMetadata;resolvedEnv")), 1);
  EXPECT_EQ(r.Float64(Param("floatVal").Order("resolvedEnv;triggerMetadata")), 2.2);
  EXPECT_TRUE(r.Finish());
}

// Ported from typed_config_test.go TestOptional and TestMissing.
TEST(TypedConfigTest, KedaOptionalAndMissing) {
  ScalerConfig c = Config({{"stringVal", "value1"}});
  ParamReader r(c);
  EXPECT_EQ(r.String(Param("stringVal").Optional()), "value1");
  EXPECT_EQ(r.String(Param("notExists").Optional()), std::nullopt);
  EXPECT_TRUE(r.Finish());

  ScalerConfig empty;
  ParamReader missing(empty);
  EXPECT_EQ(missing.String(Param("stringVal")), std::nullopt);
  Status st = missing.Finish();
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().message(), R"(missing required parameter "stringVal" in [triggerMetadata])");
}

// Ported from typed_config_test.go TestDeprecated.
TEST(TypedConfigTest, KedaDeprecated) {
  ScalerConfig c = Config({{"oldParam", "value1"}});
  c.trigger_type = "testScaler";
  ParamReader r(c);
  r.String(Param("oldParam")
               .Deprecated("This parameter is deprecated and is removed - Use newParam instead"));
  Status st = r.Finish();
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().message(),
            "scaler testScaler info: This parameter is deprecated and is removed - Use newParam "
            "instead");
  // Absent deprecated parameters are fine.
  ScalerConfig none;
  ParamReader r2(none);
  r2.String(Param("oldParam").Deprecated("gone"));
  EXPECT_TRUE(r2.Finish());
}

// Ported from typed_config_test.go TestDefaultValue.
TEST(TypedConfigTest, KedaDefaultValue) {
  ScalerConfig c = Config({{"stringVal", "value1"}});
  ParamReader r(c);
  EXPECT_EQ(r.String(Param("stringVal").Default("avalue")), "value1");
  EXPECT_EQ(r.String(Param("defaultVal").Default("dvalue")), "dvalue");
  EXPECT_EQ(r.Int64(Param("queueLength").Default("5")), 5);
  EXPECT_TRUE(r.Finish());
}

// Ported from typed_config_test.go TestMap.
TEST(TypedConfigTest, KedaMap) {
  ScalerConfig c = Config({{"mapVal", "key1=value1,key2=value2"}});
  ParamReader r(c);
  auto m = r.StringMap(Param("mapVal"));
  ASSERT_TRUE(m);
  EXPECT_EQ(*m, (std::map<std::string, std::string>{{"key1", "value1"}, {"key2", "value2"}}));
  ScalerConfig bad = Config({{"customHeaders", "key1=value1,key2"}});
  ParamReader r2(bad);
  EXPECT_EQ(r2.StringMap(Param("customHeaders")), std::nullopt);
  EXPECT_FALSE(r2.Finish());
}

// Ported from typed_config_test.go TestEnum.
TEST(TypedConfigTest, KedaEnum) {
  ScalerConfig c = Config({{"enumVal", "value1"}, {"enumSlice", "value1, value2"}});
  ParamReader r(c);
  EXPECT_EQ(r.String(Param("enumVal").Enum("value1;value2")), "value1");
  auto slice = r.StringList(Param("enumSlice").Enum("value1;value2").Optional());
  ASSERT_TRUE(slice);
  EXPECT_EQ(*slice, (std::vector<std::string>{"value1", "value2"}));
  EXPECT_TRUE(r.Finish());

  ScalerConfig c2 = Config({{"enumVal", "value3"}});
  ParamReader r2(c2);
  r2.String(Param("enumVal").Enum("value1;value2"));
  Status st = r2.Finish();
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().message(),
            R"(parameter "enumVal" value "value3" must be one of [value1 value2])");
}

// Ported from typed_config_test.go TestMultiName: the first alias with a value wins.
TEST(TypedConfigTest, KedaMultiName) {
  ScalerConfig c = Config({{"property1", "aa"}});
  ParamReader r(c);
  EXPECT_EQ(r.String(Param("property;property1")), "aa");
  ScalerConfig c2 = Config({{"property2", "bb"}});
  ParamReader r2(c2);
  EXPECT_EQ(r2.String(Param("property1;property2")), "bb");
  ParamReader r3(c2);
  r3.String(Param("a;b"));
  EXPECT_EQ(r3.Finish().error().message(),
            R"(missing required parameter "a,b" in [triggerMetadata])");
}

TEST(TypedConfigTest, ErrorsJoinedAndWhitespaceTrimmed) {
  ScalerConfig c = Config({{"a", "  "}, {"b", " 7 "}, {"c", "x"}});
  ParamReader r(c);
  EXPECT_EQ(r.String(Param("a")), std::nullopt);  // blank counts as missing
  EXPECT_EQ(r.Int64(Param("b")), 7);
  EXPECT_EQ(r.Int64(Param("c")), std::nullopt);
  Status st = r.Finish();
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().message(),
            "missing required parameter \"a\" in [triggerMetadata]\n"
            "unable to set param \"c\" value \"x\": unable to unmarshal to field type int64: "
            "invalid character 'x' looking for beginning of value");
}

// Numbers follow encoding/json (what the typed config unmarshals with), not strconv.
TEST(TypedConfigTest, JsonNumberGrammar) {
  EXPECT_TRUE(IsJsonNumber("0"));
  EXPECT_TRUE(IsJsonNumber("-1.5e+3"));
  EXPECT_FALSE(IsJsonNumber("+1"));
  EXPECT_FALSE(IsJsonNumber("01"));
  EXPECT_FALSE(IsJsonNumber(".5"));
  EXPECT_FALSE(IsJsonNumber("1."));
  EXPECT_FALSE(IsJsonNumber("inf"));
  EXPECT_EQ(ParseJsonInt64("-30"), -30);
  EXPECT_FALSE(ParseJsonInt64("1.5"));
  EXPECT_EQ(ParseJsonInt64("1.5").error().message(),
            "json: cannot unmarshal number 1.5 into Go value of type int64");
  EXPECT_FALSE(ParseJsonInt64("99999999999999999999"));
  EXPECT_EQ(ParseJsonFloat64("2.25"), 2.25);
  EXPECT_FALSE(ParseJsonFloat64("1e400"));
  EXPECT_EQ(ParseJsonFloat64("1 2").error().message(),
            "invalid character ' ' after top-level value");
}

// Ported from pkg/util/normalize_string_test.go and scaler_test.go (metric name helpers).
TEST(ScalerHelpersTest, KedaNormalizeStringAndMetricName) {
  EXPECT_EQ(NormalizeString("a/b.c:d%e(f)g"), "a-b-c-d-e-f-g");
  EXPECT_EQ(NormalizeString("Etc/UTC"), "Etc-UTC");
  EXPECT_EQ(NormalizeString("keep_under*score"), "keep_under*score");
  EXPECT_EQ(MetricName(0, "queueLength"), "s0-queueLength");
  EXPECT_EQ(MetricName(12, "x"), "s12-x");
}

// Ported from scaler_test.go TestGetMetricTargetType and the quantityFromFloat64 cases.
TEST(ScalerHelpersTest, KedaMetricTargetTypeAndMilliValues) {
  EXPECT_EQ(GetMetricTargetType(""), MetricTargetType::kAverageValue);
  EXPECT_EQ(GetMetricTargetType("AverageValue"), MetricTargetType::kAverageValue);
  EXPECT_EQ(GetMetricTargetType("Value"), MetricTargetType::kValue);
  ASSERT_FALSE(GetMetricTargetType("Utilization"));
  EXPECT_EQ(GetMetricTargetType("Utilization").error().message(),
            "'Utilization' metric type is unsupported for external metrics, allowed values are "
            "'Value' or 'AverageValue'");

  EXPECT_EQ(MilliQuantity(1.5).MilliValue(), 1500);
  EXPECT_EQ(MilliQuantity(0.0004).MilliValue(), 0);
  EXPECT_EQ(MilliQuantity(0.0006).MilliValue(), 1);
  EXPECT_EQ(MilliQuantity(-3).MilliValue(), 0);
  EXPECT_EQ(MilliQuantity(std::nan("")).MilliValue(), 0);
  EXPECT_EQ(MilliQuantity(std::numeric_limits<double>::infinity()).MilliValue(), 0);
  // Beyond int64 milli range: no overflow to a negative number.
  EXPECT_GT(MilliQuantity(1e16).Value(), 0);
  MetricValue v = GenerateMetricInMili("s0-x", 2.5, Time::FromUnixSeconds(7));
  EXPECT_EQ(v.metric_name, "s0-x");
  EXPECT_EQ(v.value.MilliValue(), 2500);
  EXPECT_EQ(v.timestamp, Time::FromUnixSeconds(7));
}

}  // namespace
}  // namespace tidepool::scalers
