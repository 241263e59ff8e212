#include "scalers/tzdata_zone.h"

#include <algorithm>
#include <fstream>
#include <iterator>
#include <string>

namespace tidepool::scalers {
namespace {

class ByteReader {
 public:
  explicit ByteReader(std::string_view bytes) : bytes_(bytes) {}
  bool Skip(size_t n) {
    if (bytes_.size() < n) return false;
    bytes_.remove_prefix(n);
    return true;
  }
  bool Big(size_t n, int64_t& out) {
    if (bytes_.size() < n) return false;
    uint64_t v = 0;
    for (size_t i = 0; i < n; ++i) v = (v << 8) | static_cast<uint8_t>(bytes_[i]);
    if (n == 4) {
      out = static_cast<int32_t>(static_cast<uint32_t>(v));
    } else {
      out = static_cast<int64_t>(v);
    }
    bytes_.remove_prefix(n);
    return true;
  }
  bool Byte(uint8_t& out) {
    if (bytes_.empty()) return false;
    out = static_cast<uint8_t>(bytes_[0]);
    bytes_.remove_prefix(1);
    return true;
  }
  std::string_view rest() const { return bytes_; }

 private:
  std::string_view bytes_;
};

struct Header {
  char version = 0;
  int64_t isutcnt = 0, isstdcnt = 0, leapcnt = 0, timecnt = 0, typecnt = 0, charcnt = 0;
};

bool ReadHeader(ByteReader& r, Header& h) {
  if (r.rest().substr(0, 4) != "TZif" || r.rest().size() < 5) return false;
  h.version = r.rest()[4];
  if (!r.Skip(20)) return false;
  return r.Big(4, h.isutcnt) && r.Big(4, h.isstdcnt) && r.Big(4, h.leapcnt) &&
         r.Big(4, h.timecnt) && r.Big(4, h.typecnt) && r.Big(4, h.charcnt) && h.timecnt >= 0 &&
         h.typecnt > 0 && h.charcnt >= 0 && h.leapcnt >= 0 && h.isstdcnt >= 0 && h.isutcnt >= 0;
}

size_t BlockSize(const Header& h, size_t time_size) {
  return static_cast<size_t>(h.timecnt) * time_size + static_cast<size_t>(h.timecnt) +
         static_cast<size_t>(h.typecnt) * 6 + static_cast<size_t>(h.charcnt) +
         static_cast<size_t>(h.leapcnt) * (time_size + 4) + static_cast<size_t>(h.isstdcnt) +
         static_cast<size_t>(h.isutcnt);
}

}  // namespace

Result<std::unique_ptr<TzdataZone>> TzdataZone::FromTzif(std::string_view bytes) {
  auto bad = [] { return Fail(ErrorCode::kParse, "malformed time zone information"); };
  ByteReader r(bytes);
  Header h;
  if (!ReadHeader(r, h)) return bad();
  size_t time_size = 4;
  if (h.version >= '2') {
    // Skip the 32-bit block; the 64-bit one follows with its own header.
    if (!r.Skip(BlockSize(h, 4)) || !ReadHeader(r, h)) return bad();
    time_size = 8;
  }
  auto zone = std::unique_ptr<TzdataZone>(new TzdataZone());
  std::vector<int64_t> times(static_cast<size_t>(h.timecnt));
  for (int64_t& t : times) {
    if (!r.Big(time_size, t)) return bad();
  }
  std::vector<uint8_t> indices(static_cast<size_t>(h.timecnt));
  for (uint8_t& i : indices) {
    if (!r.Byte(i) || i >= h.typecnt) return bad();
  }
  std::vector<int32_t> type_offsets(static_cast<size_t>(h.typecnt));
  std::vector<bool> type_dst(static_cast<size_t>(h.typecnt));
  for (size_t i = 0; i < type_offsets.size(); ++i) {
    int64_t off = 0;
    uint8_t dst = 0, abbr = 0;
    if (!r.Big(4, off) || !r.Byte(dst) || !r.Byte(abbr)) return bad();
    type_offsets[i] = static_cast<int32_t>(off);
    type_dst[i] = dst != 0;
  }
  zone->transitions_ = std::move(times);
  zone->offsets_after_.reserve(indices.size());
  for (uint8_t i : indices) zone->offsets_after_.push_back(type_offsets[i]);
  // Before the first transition: the first standard-time type (Go's lookupFirstZone, without its
  // rule for zones whose first transition leaves daylight time).
  zone->initial_offset_ = type_offsets[0];
  for (size_t i = 0; i < type_offsets.size(); ++i) {
    if (!type_dst[i]) {
      zone->initial_offset_ = type_offsets[i];
      break;
    }
  }
  return zone;
}

int64_t TzdataZone::UtcOffsetSeconds(int64_t unix_seconds) const {
  auto it = std::upper_bound(transitions_.begin(), transitions_.end(), unix_seconds);
  if (it == transitions_.begin()) return initial_offset_;
  return offsets_after_[static_cast<size_t>(it - transitions_.begin() - 1)];
}

Result<std::shared_ptr<const TimeZone>> LoadTimeZone(std::string_view name,
                                                     std::string_view zoneinfo_dir) {
  if (name.empty() || name == "UTC") {
    return std::shared_ptr<const TimeZone>(&UtcZone(), [](const TimeZone*) {});
  }
  std::string unknown = "unknown time zone " + std::string(name);
  // Go's containsDotDot / absolute-path checks: a name never leaves the zoneinfo directory.
  if (name.find("..") != std::string_view::npos || name.front() == '/' || name.front() == '\\') {
    return Fail(ErrorCode::kInvalidArgument, std::move(unknown));
  }
  std::string path(zoneinfo_dir);
  path += '/';
  path += name;
  std::ifstream in(path, std::ios::binary);
  if (!in) return Fail(ErrorCode::kInvalidArgument, std::move(unknown));
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  Result<std::unique_ptr<TzdataZone>> zone = TzdataZone::FromTzif(bytes);
  if (!zone) return Fail(ErrorCode::kInvalidArgument, std::move(unknown));
  return std::shared_ptr<const TimeZone>(std::move(*zone));
}

}  // namespace tidepool::scalers
