#include "core/logging.h"

#include <gtest/gtest.h>

namespace tidepool {
namespace {

TEST(LoggingTest, ParsesFormatsAndLevels) {
  EXPECT_EQ(*ParseLogFormat("json"), LogFormat::kJson);
  EXPECT_EQ(*ParseLogFormat("text"), LogFormat::kText);
  EXPECT_FALSE(ParseLogFormat("xml"));
  EXPECT_EQ(*ParseLogLevel("debug"), spdlog::level::debug);
  EXPECT_EQ(*ParseLogLevel("error"), spdlog::level::err);
  Result<spdlog::level::level_enum> bad = ParseLogLevel("loud");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message().find("\"loud\""), std::string::npos);
}

TEST(LoggingTest, JsonQuoteEscapes) {
  EXPECT_EQ(JsonQuote("a\"b\\c\nd\x01"), "\"a\\\"b\\\\c\\nd\\u0001\"");
}

}  // namespace
}  // namespace tidepool
