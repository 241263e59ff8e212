#include "api/yaml_json.h"

#include <yaml.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <map>
#include <string>

namespace tidepool::api {
namespace {

using Json = nlohmann::json;

constexpr std::string_view kTagPrefix = "tag:yaml.org,2002:";

std::pair<int, int> LineColumn(std::string_view text, size_t offset) {
  int line = 1, column = 1;
  for (size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return {line, column};
}

tl::unexpected<Error> ParseError(int line, int column, std::string_view message) {
  return Fail(ErrorCode::kParse, "line " + std::to_string(line) + ", column " +
                                     std::to_string(column) + ": " + std::string(message));
}

// Kubernetes objects are UTF-8 JSON; rejecting invalid UTF-8 here means no later step (messages,
// encoding) ever meets it.
bool IsValidUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    size_t extra;
    uint32_t cp;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      extra = 1;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      extra = 2;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      extra = 3;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (i + extra >= s.size()) return false;
    for (size_t k = 1; k <= extra; ++k) {
      const unsigned char cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    static constexpr uint32_t kMinForLength[] = {0, 0x80, 0x800, 0x10000};
    if (cp < kMinForLength[extra] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      return false;
    }
    i += extra + 1;
  }
  return true;
}

bool IsNullScalar(std::string_view s) {
  return s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL";
}

// Integer per the YAML 1.2 core schema: [-+]?[0-9]+, 0o[0-7]+, 0x[0-9a-fA-F]+.
bool ResolveInt(std::string_view s, Json* out) {
  int base = 10;
  std::string_view digits = s;
  bool negative = false;
  if (s.size() > 2 && s[0] == '0' && (s[1] == 'o' || s[1] == 'x')) {
    base = s[1] == 'o' ? 8 : 16;
    digits = s.substr(2);
  } else {
    if (!digits.empty() && (digits[0] == '-' || digits[0] == '+')) {
      negative = digits[0] == '-';
      digits.remove_prefix(1);
    }
    if (digits.empty()) return false;
    for (char c : digits) {
      if (c < '0' || c > '9') return false;
    }
  }
  uint64_t magnitude = 0;
  auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), magnitude, base);
  if (ptr != digits.data() + digits.size()) return false;
  if (ec == std::errc::result_out_of_range) {
    if (base != 10) return false;
    // As Go's YAML decoder does: too big for int64 becomes a float; too big for a float stays
    // text (std::stod would throw here; found by the fuzzer).
    const double d = std::strtod(std::string(s).c_str(), nullptr);
    if (!std::isfinite(d)) return false;
    *out = d;
    return true;
  }
  if (ec != std::errc()) return false;
  if (negative) {
    if (magnitude > static_cast<uint64_t>(std::numeric_limits<int64_t>::max()) + 1) {
      *out = -static_cast<double>(magnitude);
      return true;
    }
    *out = static_cast<int64_t>(0 - magnitude);
  } else if (magnitude > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
    *out = magnitude;
  } else {
    *out = static_cast<int64_t>(magnitude);
  }
  return true;
}

// [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?, by hand: this runs for every plain scalar
// that starts with a digit ("100m", "1Gi"), so it must be cheap.
bool MatchesFloatSyntax(std::string_view s) {
  size_t i = 0;
  auto digits = [&] {
    const size_t start = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    return i - start;
  };
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
  if (i < s.size() && s[i] == '.') {
    ++i;
    if (digits() == 0) return false;
  } else {
    if (digits() == 0) return false;
    if (i < s.size() && s[i] == '.') {
      ++i;
      digits();
    }
  }
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
    if (digits() == 0) return false;
  }
  return i == s.size();
}

bool ResolveFloat(std::string_view s, Json* out) {
  if (s == ".inf" || s == ".Inf" || s == ".INF" || s == "+.inf" || s == "+.Inf" || s == "+.INF") {
    *out = std::numeric_limits<double>::infinity();
    return true;
  }
  if (s == "-.inf" || s == "-.Inf" || s == "-.INF") {
    *out = -std::numeric_limits<double>::infinity();
    return true;
  }
  if (s == ".nan" || s == ".NaN" || s == ".NAN") {
    *out = std::numeric_limits<double>::quiet_NaN();
    return true;
  }
  if (s.size() > 400 || !MatchesFloatSyntax(s)) return false;
  const double d = std::strtod(std::string(s).c_str(), nullptr);
  if (!std::isfinite(d)) return false;  // "1e999" stays text rather than becoming infinity
  *out = d;
  return true;
}

Json ResolvePlainScalar(const std::string& s) {
  if (IsNullScalar(s)) return Json();
  if (s == "true" || s == "True" || s == "TRUE") return true;
  if (s == "false" || s == "False" || s == "FALSE") return false;
  Json number;
  if (!s.empty() && ((s[0] >= '0' && s[0] <= '9') || s[0] == '-' || s[0] == '+' || s[0] == '.')) {
    if (ResolveInt(s, &number) || ResolveFloat(s, &number)) return number;
  }
  return s;
}

// Builds JSON documents from libyaml's event stream. libyaml is a state machine with explicit
// stacks (no recursion) that OSS-Fuzz exercises continuously; the limits here bound what the
// events can make us build.
class DocumentBuilder {
 public:
  DocumentBuilder(const ParseLimits& limits, size_t max_values)
      : limits_(limits), max_values_(max_values) {}

  Result<std::vector<ParsedDocument>> Run(std::string_view text) {
    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser)) return Fail(ErrorCode::kInternal, "yaml: out of memory");
    yaml_parser_set_input_string(&parser, reinterpret_cast<const unsigned char*>(text.data()),
                                 text.size());
    Status status = OkStatus();
    bool done = false;
    while (!done && status) {
      yaml_event_t event;
      if (!yaml_parser_parse(&parser, &event)) {
        std::string message = parser.problem ? parser.problem : "invalid YAML";
        if (parser.error == YAML_READER_ERROR) {
          // Reader errors carry a byte offset rather than a mark.
          auto [line, column] = LineColumn(text, parser.problem_offset);
          status = ParseError(line, column, "invalid UTF-8 input: " + message);
          break;
        }
        const yaml_mark_t& mark = parser.problem_mark;
        if (parser.context) message = std::string(parser.context) + ": " + message;
        status =
            ParseError(static_cast<int>(mark.line) + 1, static_cast<int>(mark.column) + 1, message);
        break;
      }
      done = event.type == YAML_STREAM_END_EVENT;
      status = Handle(event);
      yaml_event_delete(&event);
    }
    yaml_parser_delete(&parser);
    if (!status) return Fail(status.error());
    return std::move(docs_);
  }

 private:
  struct Frame {
    bool is_map = false;
    Json value;
    std::string anchor;
    size_t values_at_start = 0;
    bool has_key = false;
    bool merge_key = false;  // the pending key is YAML's merge key `<<`
    std::string key;
    std::vector<std::string> merged;  // keys that came from `<<`: explicit keys override them
  };

  static tl::unexpected<Error> At(const yaml_mark_t& mark, std::string_view message) {
    return ParseError(static_cast<int>(mark.line) + 1, static_cast<int>(mark.column) + 1, message);
  }

  static std::string AnchorOf(const yaml_char_t* anchor) {
    return anchor ? reinterpret_cast<const char*>(anchor) : "";
  }

  Status Count(size_t n, const yaml_mark_t& mark) {
    values_ += n;
    if (values_ > max_values_) {
      return At(mark, "document expands to more than " + std::to_string(max_values_) +
                          " values (an alias bomb?)");
    }
    return OkStatus();
  }

  Status Handle(const yaml_event_t& e) {
    switch (e.type) {
      case YAML_DOCUMENT_START_EVENT:
        ++doc_index_;
        doc_line_ = static_cast<int>(e.start_mark.line) + 1;
        root_ = Json();
        anchors_.clear();
        return OkStatus();
      case YAML_DOCUMENT_END_EVENT:
        if (!root_.is_null()) docs_.push_back({doc_index_, doc_line_, std::move(root_)});
        root_ = Json();
        return OkStatus();
      case YAML_MAPPING_START_EVENT:
      case YAML_SEQUENCE_START_EVENT: {
        if (!stack_.empty() && stack_.back().is_map && !stack_.back().has_key) {
          return At(e.start_mark, "mapping keys must be scalars");
        }
        if (static_cast<int>(stack_.size()) >= limits_.max_depth) {
          return At(e.start_mark,
                    "nesting deeper than " + std::to_string(limits_.max_depth) + " levels");
        }
        Frame f;
        f.is_map = e.type == YAML_MAPPING_START_EVENT;
        f.value = f.is_map ? Json::object() : Json::array();
        f.anchor = AnchorOf(f.is_map ? e.data.mapping_start.anchor : e.data.sequence_start.anchor);
        f.values_at_start = values_;
        stack_.push_back(std::move(f));
        return Count(1, e.start_mark);
      }
      case YAML_MAPPING_END_EVENT:
      case YAML_SEQUENCE_END_EVENT: {
        Frame f = std::move(stack_.back());
        stack_.pop_back();
        const size_t count = values_ - f.values_at_start;
        if (!f.anchor.empty()) anchors_[f.anchor] = {f.value, count};
        return Add(std::move(f.value), e.start_mark, /*is_scalar=*/false, "");
      }
      case YAML_SCALAR_EVENT: {
        std::string text(reinterpret_cast<const char*>(e.data.scalar.value), e.data.scalar.length);
        if (!IsValidUtf8(text)) return At(e.start_mark, "invalid UTF-8");
        if (Status s = Count(1, e.start_mark); !s) return s;
        Result<Json> value = ResolveScalar(e, text);
        if (!value) return Fail(value.error());
        const std::string anchor = AnchorOf(e.data.scalar.anchor);
        if (!anchor.empty()) anchors_[anchor] = {*value, 1};
        const bool plain = e.data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
        return Add(std::move(*value), e.start_mark, /*is_scalar=*/true, text,
                   /*is_merge_key=*/plain && text == "<<");
      }
      case YAML_ALIAS_EVENT: {
        const std::string name = AnchorOf(e.data.alias.anchor);
        auto it = anchors_.find(name);
        if (it == anchors_.end()) return At(e.start_mark, "unknown anchor \"" + name + "\"");
        if (Status s = Count(it->second.second, e.start_mark); !s) return s;
        const bool scalar = !it->second.first.is_structured();
        std::string key_text = it->second.first.is_string() ? it->second.first.get<std::string>()
                                                            : it->second.first.dump();
        return Add(it->second.first, e.start_mark, scalar, key_text);
      }
      default:
        return OkStatus();
    }
  }

  // A complete value: the document root, a sequence item, a mapping key or a mapping value.
  Status Add(Json value, const yaml_mark_t& mark, bool is_scalar, const std::string& key_text,
             bool is_merge_key = false) {
    if (stack_.empty()) {
      root_ = std::move(value);
      return OkStatus();
    }
    Frame& top = stack_.back();
    if (!top.is_map) {
      top.value.push_back(std::move(value));
      return OkStatus();
    }
    if (!top.has_key) {
      if (!is_scalar) return At(mark, "mapping keys must be scalars");
      top.merge_key = is_merge_key;
      top.key = value.is_null() ? "null" : key_text;
      if (!top.merge_key && top.value.contains(top.key)) {
        auto merged = std::find(top.merged.begin(), top.merged.end(), top.key);
        if (merged == top.merged.end()) {
          return At(mark, "mapping key \"" + top.key + "\" already defined");
        }
        top.merged.erase(merged);
      }
      top.has_key = true;
      return OkStatus();
    }
    top.has_key = false;
    if (top.merge_key) return Merge(top, value, mark);
    top.value[top.key] = std::move(value);
    return OkStatus();
  }

  // YAML's merge key (`<<: *defaults`), as go-yaml supports it: keys already present win.
  static Status Merge(Frame& into, const Json& from, const yaml_mark_t& mark) {
    auto merge_one = [&](const Json& m) -> Status {
      if (!m.is_object()) return At(mark, "map merge requires a mapping or a list of mappings");
      for (const auto& item : m.items()) {
        if (into.value.contains(item.key())) continue;
        into.value[item.key()] = item.value();
        into.merged.push_back(item.key());
      }
      return OkStatus();
    };
    if (!from.is_array()) return merge_one(from);
    for (const Json& m : from) {
      if (Status s = merge_one(m); !s) return s;
    }
    return OkStatus();
  }

  static Result<Json> ResolveScalar(const yaml_event_t& e, const std::string& s) {
    const char* tag = reinterpret_cast<const char*>(e.data.scalar.tag);
    const bool plain = e.data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
    if (tag == nullptr) return plain ? ResolvePlainScalar(s) : Json(s);
    std::string_view t = tag;
    if (t == "!") return Json(s);
    if (t.substr(0, kTagPrefix.size()) != kTagPrefix)
      return plain ? ResolvePlainScalar(s) : Json(s);
    t.remove_prefix(kTagPrefix.size());
    if (t == "str" || t == "binary") return Json(s);
    Json resolved = ResolvePlainScalar(s);
    if (t == "int" && resolved.is_number_integer()) return resolved;
    if (t == "float" && resolved.is_number()) return Json(resolved.get<double>());
    if (t == "bool" && resolved.is_boolean()) return resolved;
    if (t == "null" && resolved.is_null()) return resolved;
    return At(e.start_mark, "cannot resolve \"" + s + "\" as !!" + std::string(t));
  }

  const ParseLimits& limits_;
  size_t max_values_;
  size_t values_ = 0;
  int doc_index_ = 0;
  int doc_line_ = 0;
  Json root_;
  std::vector<Frame> stack_;
  std::map<std::string, std::pair<Json, size_t>> anchors_;  // value and its number of values
  std::vector<ParsedDocument> docs_;
};

// JSON documents go to the JSON parser (faster, and its messages fit JSON). A YAML flow mapping
// such as `{app: web}` also starts with a brace, so the character after the opening bracket
// decides: JSON has a quoted key, a closing bracket, or (in an array) a JSON value there.
bool LooksLikeJson(std::string_view text) {
  auto next = [&](size_t from) -> size_t {
    while (from < text.size() &&
           (text[from] == ' ' || text[from] == '\t' || text[from] == '\n' || text[from] == '\r')) {
      ++from;
    }
    return from;
  };
  const size_t open = next(0);
  if (open >= text.size() || (text[open] != '{' && text[open] != '[')) return false;
  const size_t first = next(open + 1);
  if (first >= text.size()) return true;
  const char c = text[first];
  if (text[open] == '{') return c == '"' || c == '}';
  return c == '"' || c == ']' || c == '{' || c == '[' || c == '-' || (c >= '0' && c <= '9') ||
         text.substr(first, 4) == "true" || text.substr(first, 5) == "false" ||
         text.substr(first, 4) == "null";
}

Result<std::vector<ParsedDocument>> ParseJson(std::string_view text, const ParseLimits& limits) {
  struct TooDeep {
    size_t unused;
  };
  std::vector<ParsedDocument> docs;
  try {
    auto guard = [&](int depth, Json::parse_event_t, Json&) {
      if (depth > limits.max_depth) throw TooDeep{0};
      return true;
    };
    Json value = Json::parse(text.begin(), text.end(), guard);
    if (!value.is_null()) docs.push_back({1, 1, std::move(value)});
  } catch (const Json::parse_error& e) {
    auto [line, column] = LineColumn(text, e.byte == 0 ? 0 : e.byte - 1);
    std::string what = e.what();
    const size_t cut = what.find("syntax error");
    return ParseError(line, column, cut == std::string::npos ? what : what.substr(cut));
  } catch (const TooDeep&) {
    return ParseError(1, 1, "nesting deeper than " + std::to_string(limits.max_depth) + " levels");
  } catch (const Json::exception& e) {
    // Not only parse_error: a number too large for a double is out_of_range (found by the
    // fuzzer). These carry no position.
    std::string what = e.what();
    const size_t bracket = what.find("] ");
    if (bracket != std::string::npos) what = what.substr(bracket + 2);
    if (what.size() > 120) what = what.substr(0, 100) + "...";
    return Fail(ErrorCode::kParse, "invalid JSON: " + what);
  }
  return docs;
}

}  // namespace

Result<std::vector<ParsedDocument>> ParseManifestText(std::string_view text,
                                                      const ParseLimits& limits) {
  if (text.size() > limits.max_bytes) {
    return Fail(ErrorCode::kParse, "input is " + std::to_string(text.size()) +
                                       " bytes, more than the limit of " +
                                       std::to_string(limits.max_bytes));
  }
  if (text.find('\0') != std::string_view::npos) {
    auto [line, column] = LineColumn(text, text.find('\0'));
    return ParseError(line, column, "input contains a NUL byte; is this a binary file?");
  }
  if (LooksLikeJson(text)) return ParseJson(text, limits);

  const size_t max_values = limits.max_values ? limits.max_values : 16 * text.size() + 4096;
  return DocumentBuilder(limits, max_values).Run(text);
}

}  // namespace tidepool::api
