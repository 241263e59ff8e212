// Process-wide logging on spdlog: human-readable text by default, JSON lines with
// `--log-format json` ({"time":...,"level":"info","logger":"tidepool","msg":"..."}). Components
// log through spdlog's default logger (spdlog::info(...)); cmd/ calls InitLogging once.
// Secrets never go to logs: callers log names of secrets, never their values.
#pragma once

#include <spdlog/sinks/sink.h>
#include <spdlog/spdlog.h>

#include <memory>
#include <string>
#include <string_view>

#include "core/status.h"

namespace tidepool {

enum class LogFormat { kText, kJson };

[[nodiscard]] Result<LogFormat> ParseLogFormat(std::string_view text);
[[nodiscard]] Result<spdlog::level::level_enum> ParseLogLevel(std::string_view text);

// Logs go to stderr, so that command output on stdout stays machine-readable; tests pass their
// own sink.
void InitLogging(LogFormat format, spdlog::level::level_enum level,
                 std::shared_ptr<spdlog::sinks::sink> sink = nullptr);

// JSON string escaping (quotes included), shared by the JSON log formatter and tests.
std::string JsonQuote(std::string_view text);

}  // namespace tidepool
