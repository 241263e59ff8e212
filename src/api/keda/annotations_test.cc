// Pause and activation annotations, with cases ported from
// apis/keda/v1alpha1/scaledobject_types_test.go; and Go's strconv as KEDA relies on it.
#include "api/keda/annotations.h"

#include <gtest/gtest.h>

#include <cmath>

#include "api/keda/go_strconv.h"

namespace tidepool::api::keda {
namespace {

ObjectMeta WithAnnotations(std::map<std::string, std::string> annotations) {
  ObjectMeta meta;
  meta.annotations = std::move(annotations);
  return meta;
}

const std::string kPaused(kPausedAnnotation);
const std::string kPausedReplicas(kPausedReplicasAnnotation);

// Ported from scaledobject_types_test.go TestHasPausedAnnotation.
TEST(AnnotationsTest, KedaHasPausedAnnotation) {
  EXPECT_FALSE(HasPausedAnnotation(WithAnnotations({}))) << "No annotations";
  EXPECT_TRUE(HasPausedAnnotation(WithAnnotations({{kPaused, "true"}})));
  EXPECT_TRUE(HasPausedAnnotation(WithAnnotations({{kPausedReplicas, "5"}})));
  EXPECT_TRUE(HasPausedAnnotation(WithAnnotations({{kPaused, "true"}, {kPausedReplicas, "5"}})));
  EXPECT_FALSE(HasPausedAnnotation(WithAnnotations({{"some-other-annotation", "value"}})));
}

// Ported from scaledobject_types_test.go TestNeedToBePausedByAnnotation.
TEST(AnnotationsTest, KedaNeedToBePausedByAnnotation) {
  EXPECT_FALSE(NeedToBePausedByAnnotation(WithAnnotations({}))) << "No annotations";
  EXPECT_TRUE(NeedToBePausedByAnnotation(WithAnnotations({{kPaused, "true"}})));
  EXPECT_FALSE(NeedToBePausedByAnnotation(WithAnnotations({{kPaused, "false"}})));
  EXPECT_TRUE(NeedToBePausedByAnnotation(WithAnnotations({{kPaused, "invalid"}})))
      << "Non-boolean values default to true";
  EXPECT_TRUE(NeedToBePausedByAnnotation(WithAnnotations({{kPausedReplicas, "5"}})));
  EXPECT_TRUE(
      NeedToBePausedByAnnotation(WithAnnotations({{kPaused, "true"}, {kPausedReplicas, "5"}})));
  EXPECT_TRUE(
      NeedToBePausedByAnnotation(WithAnnotations({{kPaused, "false"}, {kPausedReplicas, "5"}})))
      << "paused-replicas pauses whatever paused says";
}

// Ported from scaledobject_types_test.go TestGetPausedReplicaCount.
TEST(AnnotationsTest, KedaGetPausedReplicaCount) {
  EXPECT_EQ(PausedReplicaCount(ObjectMeta{}).value(), std::nullopt) << "nil annotations";
  EXPECT_EQ(PausedReplicaCount(WithAnnotations({{"other-annotation", "value"}})).value(),
            std::nullopt);
  EXPECT_EQ(PausedReplicaCount(WithAnnotations({{kPausedReplicas, "5"}})).value(), 5);
  EXPECT_EQ(PausedReplicaCount(WithAnnotations({{kPausedReplicas, "0"}})).value(), 0);
  Result<std::optional<int32_t>> bad =
      PausedReplicaCount(WithAnnotations({{kPausedReplicas, "not-a-number"}}));
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().message(),
            "failed to parse paused replica count: strconv.ParseInt: parsing \"not-a-number\": "
            "invalid syntax");
}

TEST(AnnotationsTest, ScaleInOutAndForceActivationReadAsBooleans) {
  const std::string in(kPausedScaleInAnnotation), out(kPausedScaleOutAnnotation),
      force(kForceActivationAnnotation);
  ObjectMeta meta = WithAnnotations({{in, "true"}, {out, "0"}, {force, "yes please"}});
  EXPECT_TRUE(BoolAnnotation(meta, kPausedScaleInAnnotation));
  EXPECT_FALSE(BoolAnnotation(meta, kPausedScaleOutAnnotation));
  EXPECT_TRUE(BoolAnnotation(meta, kForceActivationAnnotation));
  EXPECT_FALSE(BoolAnnotation(ObjectMeta{}, kForceActivationAnnotation));
}

TEST(GoStrconvTest, ParseBoolAcceptsGosSpellingsOnly) {
  for (const char* t : {"1", "t", "T", "TRUE", "true", "True"}) EXPECT_EQ(ParseGoBool(t), true);
  for (const char* f : {"0", "f", "F", "FALSE", "false", "False"}) {
    EXPECT_EQ(ParseGoBool(f), false);
  }
  for (const char* n : {"", "yes", "tRUE", "on", " true"}) EXPECT_EQ(ParseGoBool(n), std::nullopt);
}

TEST(GoStrconvTest, ParseInt32) {
  EXPECT_EQ(ParseGoInt32("42").value(), 42);
  EXPECT_EQ(ParseGoInt32("+7").value(), 7);
  EXPECT_EQ(ParseGoInt32("-2147483648").value(), -2147483648LL);
  EXPECT_EQ(ParseGoInt32("2147483647").value(), 2147483647);
  EXPECT_EQ(ParseGoInt32("2147483648").error().message(),
            "strconv.ParseInt: parsing \"2147483648\": value out of range");
  for (const char* bad : {"", "+", "-", "1.0", " 1", "1e3", "0x10", "+-1"}) {
    EXPECT_FALSE(ParseGoInt32(bad).has_value()) << bad;
  }
}

TEST(GoStrconvTest, ParseFloat) {
  EXPECT_EQ(ParseGoFloat("2").value(), 2.0);
  EXPECT_EQ(ParseGoFloat("+0.5").value(), 0.5);
  EXPECT_EQ(ParseGoFloat("-1e3").value(), -1000.0);
  EXPECT_EQ(ParseGoFloat(".25").value(), 0.25);
  EXPECT_TRUE(std::isinf(ParseGoFloat("Inf").value()));
  EXPECT_TRUE(std::isinf(ParseGoFloat("-infinity").value()));
  EXPECT_TRUE(std::isnan(ParseGoFloat("NaN").value()));
  EXPECT_EQ(ParseGoFloat("abc").error().message(),
            "strconv.ParseFloat: parsing \"abc\": invalid syntax");
  for (const char* bad : {"", "+", "1.2.3", "1e", "--1", " 1", "1 ", "0x1p-2", "5%"}) {
    EXPECT_FALSE(ParseGoFloat(bad).has_value()) << bad;
  }
}

}  // namespace
}  // namespace tidepool::api::keda
