#include "core/logging.h"

#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>

#include <sstream>

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

TEST(LoggingTest, JsonFormatWritesOneObjectPerLine) {
  std::ostringstream out;
  InitLogging(LogFormat::kJson, spdlog::level::info,
              std::make_shared<spdlog::sinks::ostream_sink_mt>(out));
  spdlog::info("scaled {} to {}", "web", 3);
  spdlog::debug("not shown at info");
  spdlog::warn("quote \" and newline\n");
  const std::string text = out.str();
  std::istringstream lines(text);
  std::string first, second, third;
  std::getline(lines, first);
  std::getline(lines, second);
  EXPECT_FALSE(std::getline(lines, third)) << text;
  EXPECT_EQ(first.front(), '{');
  EXPECT_EQ(first.back(), '}');
  EXPECT_NE(first.find("\"level\":\"info\""), std::string::npos) << first;
  EXPECT_NE(first.find("\"msg\":\"scaled web to 3\""), std::string::npos) << first;
  EXPECT_NE(first.find("\"time\":\""), std::string::npos) << first;
  EXPECT_NE(second.find("\"msg\":\"quote \\\" and newline\\n\""), std::string::npos) << second;
}

TEST(LoggingTest, TextFormatIsForPeople) {
  std::ostringstream out;
  InitLogging(LogFormat::kText, spdlog::level::debug,
              std::make_shared<spdlog::sinks::ostream_sink_mt>(out));
  spdlog::debug("hello");
  EXPECT_NE(out.str().find("debug hello"), std::string::npos) << out.str();
  EXPECT_EQ(out.str().find('{'), std::string::npos);
}

TEST(LoggingTest, JsonQuoteEscapes) {
  EXPECT_EQ(JsonQuote("a\"b\\c\nd\x01"), "\"a\\\"b\\\\c\\nd\\u0001\"");
}

}  // namespace
}  // namespace tidepool
