#include "core/logging.h"

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_sinks.h>

#include <cstdio>

#include "core/time.h"

namespace tidepool {
namespace {

class JsonLineFormatter : public spdlog::formatter {
 public:
  void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override {
    const auto since_epoch = msg.time.time_since_epoch();
    const int64_t nanos = std::chrono::duration_cast<std::chrono::nanoseconds>(since_epoch).count();
    std::string line = "{\"time\":\"";
    line += Time::FromUnixNanos(nanos).ToRfc3339(true);
    line += "\",\"level\":";
    const auto level_name = spdlog::level::to_string_view(msg.level);
    line += JsonQuote(std::string_view(level_name.data(), level_name.size()));
    line += ",\"logger\":";
    line += JsonQuote(std::string_view(msg.logger_name.data(), msg.logger_name.size()));
    line += ",\"msg\":";
    line += JsonQuote(std::string_view(msg.payload.data(), msg.payload.size()));
    line += "}\n";
    dest.append(line.data(), line.data() + line.size());
  }
  std::unique_ptr<spdlog::formatter> clone() const override {
    return std::make_unique<JsonLineFormatter>();
  }
};

}  // namespace

std::string JsonQuote(std::string_view text) {
  std::string out = "\"";
  for (unsigned char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out + "\"";
}

Result<LogFormat> ParseLogFormat(std::string_view text) {
  if (text == "text") return LogFormat::kText;
  if (text == "json") return LogFormat::kJson;
  return Fail(ErrorCode::kInvalidArgument,
              "invalid log format \"" + std::string(text) + "\": want text or json");
}

Result<spdlog::level::level_enum> ParseLogLevel(std::string_view text) {
  for (auto level :
       {spdlog::level::trace, spdlog::level::debug, spdlog::level::info, spdlog::level::warn,
        spdlog::level::err, spdlog::level::critical, spdlog::level::off}) {
    const auto name = spdlog::level::to_string_view(level);
    if (std::string_view(name.data(), name.size()) == text) return level;
  }
  if (text == "warning") return spdlog::level::warn;
  if (text == "error") return spdlog::level::err;
  return Fail(ErrorCode::kInvalidArgument,
              "invalid log level \"" + std::string(text) +
                  "\": want trace, debug, info, warn, error, critical or off");
}

void InitLogging(LogFormat format, spdlog::level::level_enum level,
                 std::shared_ptr<spdlog::sinks::sink> sink) {
  if (sink == nullptr) sink = std::make_shared<spdlog::sinks::stderr_sink_mt>();
  auto logger = std::make_shared<spdlog::logger>("tidepool", sink);
  if (format == LogFormat::kJson) {
    logger->set_formatter(std::make_unique<JsonLineFormatter>());
  } else {
    logger->set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %^%-5l%$ %v", spdlog::pattern_time_type::utc);
  }
  logger->set_level(level);
  spdlog::set_default_logger(logger);
}

}  // namespace tidepool
