// Time zones from the system's tz database (TZif files under /usr/share/zoneinfo, Debian's tzdata
// package), for the cron scaler's `timezone` parameter. Mirrors Go's time.LoadLocation: "" and
// "UTC" are UTC; other names are files under the zoneinfo directory; names that could escape
// the directory are refused; failures read `unknown time zone <name>`.
//
// Offsets come from the file's transition table (the 64-bit block of version 2+ files). Debian
// ships "fat" files whose tables run to 2037; after the last transition the last offset stays
// in effect (the POSIX rule in the file's footer is not evaluated), and before the first the
// zone's first standard-time offset applies, as Go does.
//
// Loading reads a file; keep it out of hot paths (the cron scaler loads once, when built).
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "core/cron.h"
#include "core/status.h"

namespace tidepool::scalers {

inline constexpr std::string_view kDefaultZoneinfoDir = "/usr/share/zoneinfo";

class TzdataZone final : public TimeZone {
 public:
  // Parses TZif bytes.
  [[nodiscard]] static Result<std::unique_ptr<TzdataZone>> FromTzif(std::string_view bytes);
  int64_t UtcOffsetSeconds(int64_t unix_seconds) const override;

 private:
  std::vector<int64_t> transitions_;    // ascending instants
  std::vector<int32_t> offsets_after_;  // offset in effect from transitions_[i]
  int32_t initial_offset_ = 0;
};

[[nodiscard]] Result<std::shared_ptr<const TimeZone>> LoadTimeZone(
    std::string_view name, std::string_view zoneinfo_dir = kDefaultZoneinfoDir);

}  // namespace tidepool::scalers
