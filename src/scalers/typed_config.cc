#include "scalers/typed_config.h"

#include <charconv>
#include <cmath>
#include <system_error>

#include "api/keda/go_strconv.h"

namespace tidepool::scalers {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\n' ||
                        s.front() == '\r' || s.front() == '\v' || s.front() == '\f')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n' ||
                        s.back() == '\r' || s.back() == '\v' || s.back() == '\f')) {
    s.remove_suffix(1);
  }
  return s;
}

// Calls fn(part) for each `sep`-separated part of s (empty parts included, like strings.Split).
template <class F>
void ForEachPart(std::string_view s, char sep, F&& fn) {
  while (true) {
    size_t pos = s.find(sep);
    fn(s.substr(0, pos));
    if (pos == std::string_view::npos) return;
    s.remove_prefix(pos + 1);
  }
}

// Go's %v of a []string: "[a b c]".
std::string GoList(std::string_view semicolon_separated) {
  std::string out = "[";
  bool first = true;
  ForEachPart(semicolon_separated, ';', [&](std::string_view part) {
    if (!first) out += ' ';
    first = false;
    out += Trim(part);
  });
  out += ']';
  return out;
}

std::string Quote(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  out += '"';
  return out;
}

// Params.Name(): the aliases joined by ','.
std::string DisplayName(std::string_view name) {
  std::string out(name);
  for (char& c : out) {
    if (c == ';') c = ',';
  }
  return Quote(out);
}

std::string JsonSyntaxError(std::string_view text) {
  char c = text.empty() ? ' ' : text.front();
  bool starts_number = c == '-' || (c >= '0' && c <= '9');
  if (!starts_number) {
    return std::string("invalid character '") + c + "' looking for beginning of value";
  }
  // Find the first character where the number grammar breaks.
  for (size_t n = text.size(); n > 0; --n) {
    if (IsJsonNumber(text.substr(0, n))) {
      return std::string("invalid character '") + text[n] + "' after top-level value";
    }
  }
  return "invalid number literal";
}

}  // namespace

bool IsJsonNumber(std::string_view t) {
  size_t i = 0;
  auto digit = [&](size_t k) { return k < t.size() && t[k] >= '0' && t[k] <= '9'; };
  if (i < t.size() && t[i] == '-') ++i;
  if (!digit(i)) return false;
  if (t[i] == '0') {
    ++i;
  } else {
    while (digit(i)) ++i;
  }
  if (i < t.size() && t[i] == '.') {
    ++i;
    if (!digit(i)) return false;
    while (digit(i)) ++i;
  }
  if (i < t.size() && (t[i] == 'e' || t[i] == 'E')) {
    ++i;
    if (i < t.size() && (t[i] == '+' || t[i] == '-')) ++i;
    if (!digit(i)) return false;
    while (digit(i)) ++i;
  }
  return i == t.size();
}

Result<int64_t> ParseJsonInt64(std::string_view text) {
  if (!IsJsonNumber(text)) return Fail(ErrorCode::kInvalidArgument, JsonSyntaxError(text));
  int64_t v = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || ptr != text.data() + text.size()) {
    return Fail(ErrorCode::kInvalidArgument, "json: cannot unmarshal number " + std::string(text) +
                                                 " into Go value of type int64");
  }
  return v;
}

Result<double> ParseJsonFloat64(std::string_view text) {
  if (!IsJsonNumber(text)) return Fail(ErrorCode::kInvalidArgument, JsonSyntaxError(text));
  double v = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || ptr != text.data() + text.size() || std::isinf(v)) {
    return Fail(ErrorCode::kInvalidArgument, "json: cannot unmarshal number " + std::string(text) +
                                                 " into Go value of type float64");
  }
  return v;
}

std::optional<std::string_view> ParamReader::Lookup(const Param& p) const {
  bool sensitive = false;
  return LookupWithSource(p, sensitive);
}

std::optional<std::string_view> ParamReader::LookupWithSource(const Param& p,
                                                              bool& sensitive) const {
  std::optional<std::string_view> found;
  ForEachPart(p.order, ';', [&](std::string_view source) {
    if (found) return;
    source = Trim(source);
    ForEachPart(p.name, ';', [&](std::string_view alias) {
      if (found) return;
      alias = Trim(alias);
      const std::map<std::string, std::string>* m = nullptr;
      std::string key(alias);
      if (source == "triggerMetadata") {
        m = &config_.trigger_metadata;
      } else if (source == "authParams") {
        m = &config_.auth_params;
      } else if (source == "resolvedEnv") {
        m = &config_.resolved_env;
        auto from_env = config_.trigger_metadata.find(key + "FromEnv");
        key = from_env == config_.trigger_metadata.end() ? std::string() : from_env->second;
      } else {
        return;
      }
      auto it = m->find(key);
      if (it == m->end()) return;
      std::string_view v = Trim(it->second);
      if (!v.empty()) {
        found = v;
        sensitive = source != "triggerMetadata";
      }
    });
  });
  return found;
}

void ParamReader::AddError(std::string message) { errors_.push_back(std::move(message)); }

Status ParamReader::Finish() const {
  if (errors_.empty()) return OkStatus();
  std::string joined;
  for (const std::string& e : errors_) {
    if (!joined.empty()) joined += '\n';
    joined += e;
  }
  return Fail(ErrorCode::kInvalidArgument, std::move(joined));
}

void ParamReader::ParseError(const Param& p, std::string_view value, std::string_view why) {
  if (value_sensitive_) {
    // The value came from authParams or the container's environment: it may be a secret.
    errors_.push_back("unable to set param " + DisplayName(p.name) + " value <redacted>: invalid " +
                      "value");
    return;
  }
  errors_.push_back("unable to set param " + DisplayName(p.name) + " value " + Quote(value) + ": " +
                    std::string(why));
}

std::optional<std::string_view> ParamReader::Resolve(const Param& p) {
  value_sensitive_ = false;
  std::optional<std::string_view> v = LookupWithSource(p, value_sensitive_);
  if (v && !p.deprecated.empty()) {
    errors_.push_back("scaler " + config_.trigger_type + " info: " + std::string(p.deprecated));
    return std::nullopt;
  }
  if (!v && !p.default_value.empty()) {
    v = p.default_value;
    value_sensitive_ = false;
  }
  if (!v) {
    if (!p.optional && p.deprecated.empty()) {
      errors_.push_back("missing required parameter " + DisplayName(p.name) + " in " +
                        GoList(p.order));
    }
    return std::nullopt;
  }
  if (!p.enum_values.empty()) {
    bool all_allowed = true;
    ForEachPart(*v, ',', [&](std::string_view part) {
      part = Trim(part);
      bool allowed = false;
      ForEachPart(p.enum_values, ';', [&](std::string_view e) { allowed = allowed || e == part; });
      all_allowed = all_allowed && allowed;
    });
    if (!all_allowed) {
      errors_.push_back("parameter " + DisplayName(p.name) + " value " +
                        (value_sensitive_ ? std::string("<redacted>") : Quote(*v)) +
                        " must be one of " + GoList(p.enum_values));
      return std::nullopt;
    }
  }
  return v;
}

std::optional<std::string> ParamReader::String(const Param& p) {
  std::optional<std::string_view> v = Resolve(p);
  if (!v) return std::nullopt;
  return std::string(*v);
}

std::optional<int64_t> ParamReader::Int64(const Param& p) {
  std::optional<std::string_view> v = Resolve(p);
  if (!v) return std::nullopt;
  Result<int64_t> r = ParseJsonInt64(*v);
  if (!r) {
    ParseError(p, *v, "unable to unmarshal to field type int64: " + r.error().message());
    return std::nullopt;
  }
  return *r;
}

std::optional<double> ParamReader::Float64(const Param& p) {
  std::optional<std::string_view> v = Resolve(p);
  if (!v) return std::nullopt;
  Result<double> r = ParseJsonFloat64(*v);
  if (!r) {
    ParseError(p, *v, "unable to unmarshal to field type float64: " + r.error().message());
    return std::nullopt;
  }
  return *r;
}

std::optional<bool> ParamReader::Bool(const Param& p) {
  std::optional<std::string_view> v = Resolve(p);
  if (!v) return std::nullopt;
  std::optional<bool> b = api::keda::ParseGoBool(*v);
  if (!b) {
    ParseError(p, *v,
               "unable to parse boolean value " + Quote(*v) + ": strconv.ParseBool: parsing " +
                   Quote(*v) + ": invalid syntax");
    return std::nullopt;
  }
  return *b;
}

std::optional<Duration> ParamReader::DurationValue(const Param& p) {
  std::optional<std::string_view> v = Resolve(p);
  if (!v) return std::nullopt;
  if (Result<Duration> d = Duration::Parse(*v)) {
    if (d->nanoseconds() < 0) {
      ParseError(p, *v, "duration cannot be negative: " + Quote(*v));
      return std::nullopt;
    }
    return *d;
  }
  int64_t ms = 0;
  auto [ptr, ec] = std::from_chars(v->data(), v->data() + v->size(), ms);
  if (ec != std::errc() || ptr != v->data() + v->size()) {
    ParseError(p, *v,
               "unable to parse duration value " + Quote(*v) +
                   ": must be either a duration string (e.g. '30s', '5m') or a number of "
                   "milliseconds");
    return std::nullopt;
  }
  if (ms < 0) {
    ParseError(p, *v, "duration cannot be negative: " + std::to_string(ms) + " milliseconds");
    return std::nullopt;
  }
  return Duration::Milliseconds(ms);
}

std::optional<std::map<std::string, std::string>> ParamReader::StringMap(const Param& p) {
  std::optional<std::string_view> v = Resolve(p);
  if (!v) return std::nullopt;
  std::map<std::string, std::string> out;
  bool ok = true;
  ForEachPart(*v, ',', [&](std::string_view part) {
    if (!ok) return;
    part = Trim(part);
    size_t eq = part.find('=');
    if (eq == std::string_view::npos || part.find('=', eq + 1) != std::string_view::npos) {
      ParseError(p, *v, "expected format key=value, got " + Quote(part));
      ok = false;
      return;
    }
    out[std::string(Trim(part.substr(0, eq)))] = std::string(Trim(part.substr(eq + 1)));
  });
  if (!ok) return std::nullopt;
  return out;
}

std::optional<std::vector<std::string>> ParamReader::StringList(const Param& p) {
  std::optional<std::string_view> v = Resolve(p);
  if (!v) return std::nullopt;
  std::vector<std::string> out;
  ForEachPart(*v, ',', [&](std::string_view part) { out.emplace_back(Trim(part)); });
  return out;
}

}  // namespace tidepool::scalers
