#include "api/codec.h"

#include <gtest/gtest.h>

#include <string>

namespace tidepool::api {
namespace {

TEST(CodecTest, DescribeJsonTruncatesOnCharacterBoundaries) {
  // Found by the manifest fuzzer: a long string cut inside a UTF-8 sequence made dump() throw.
  std::string s(60, 'a');
  s += "\xe0\xac\xae";  // a three-byte character spanning the cut at byte 61
  s += std::string(20, 'b');
  const std::string described = DescribeJson(Json(s));
  EXPECT_EQ(described, "string \"" + std::string(60, 'a') + "...\"");
}

TEST(CodecTest, TypeErrorsNameTheFieldAndTheValue) {
  FieldErrors errors;
  int32_t replicas = 7;
  Json node = Json::parse(R"({"replicas": "ten", "big": 99999999999})");
  Reader r(node, "spec", errors);
  r("replicas", replicas);
  int32_t big = 0;
  r("big", big);
  EXPECT_EQ(replicas, 7);
  EXPECT_TRUE(errors.Contains("spec.replicas", "must be of type integer, got string \"ten\""))
      << errors.ToString();
  EXPECT_TRUE(errors.Contains("spec.big", "out of range for a 32-bit integer"))
      << errors.ToString();
}

TEST(CodecTest, UnknownFieldsAreReportedWithASuggestionAndKept) {
  FieldErrors errors;
  Json node = Json::parse(R"({"pollingIntervl": 5, "known": 1, "zzz": 2})");
  Reader r(node, "spec", errors);
  int32_t polling = 0;
  r("pollingInterval", polling);
  ExtraFields extra;
  r.Extra(extra, {"known"});
  EXPECT_TRUE(errors.Contains("spec.pollingIntervl", "did you mean \"pollingInterval\"?"))
      << errors.ToString();
  EXPECT_TRUE(errors.Contains("spec.zzz", "unknown field"));
  EXPECT_FALSE(errors.Contains("spec.zzz", "did you mean"));
  EXPECT_FALSE(errors.Contains("spec.known", ""));
  EXPECT_EQ(extra.json().size(), 3u);
}

}  // namespace
}  // namespace tidepool::api
