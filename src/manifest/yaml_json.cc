#include "manifest/yaml_json.h"

#include <yaml-cpp/yaml.h>

#include <charconv>
#include <cmath>
#include <limits>
#include <string>

namespace tidepool::manifest {
namespace {

using Json = nlohmann::json;

constexpr std::string_view kTagPrefix = "tag:yaml.org,2002:";

struct ParseFailure {
  YAML::Mark mark;
  std::string message;
};

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
    *out = std::stod(std::string(s));  // as Go's YAML decoder does: too big for int64 → float
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
  *out = std::strtod(std::string(s).c_str(), nullptr);
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

class Converter {
 public:
  Converter(const ParseLimits& limits, size_t max_values)
      : limits_(limits), max_values_(max_values) {}

  // Throws ParseFailure; the caller turns it into an error.
  Json Convert(const YAML::Node& node, int depth) {
    if (++values_ > max_values_) {
      throw ParseFailure{node.Mark(), "document expands to more than " +
                                          std::to_string(max_values_) + " values (an alias bomb?)"};
    }
    if (depth > limits_.max_depth) {
      throw ParseFailure{node.Mark(),
                         "nesting deeper than " + std::to_string(limits_.max_depth) + " levels"};
    }
    switch (node.Type()) {
      case YAML::NodeType::Undefined:
      case YAML::NodeType::Null:
        return Json();
      case YAML::NodeType::Scalar:
        return ConvertScalar(node);
      case YAML::NodeType::Sequence: {
        Json out = Json::array();
        for (const YAML::Node& item : node) out.push_back(Convert(item, depth + 1));
        return out;
      }
      case YAML::NodeType::Map: {
        Json out = Json::object();
        for (const auto& entry : node) {
          const YAML::Node& key = entry.first;
          if (!key.IsScalar() && !key.IsNull()) {
            throw ParseFailure{key.Mark(), "mapping keys must be scalars"};
          }
          std::string name = key.IsNull() ? "" : key.Scalar();
          if (!IsValidUtf8(name)) throw ParseFailure{key.Mark(), "invalid UTF-8 in a key"};
          if (key.IsScalar() && key.Tag() != "!" && IsNullScalar(name)) name = "null";
          if (out.contains(name)) {
            throw ParseFailure{key.Mark(), "mapping key \"" + name + "\" already defined"};
          }
          out[name] = Convert(entry.second, depth + 1);
        }
        return out;
      }
    }
    return Json();
  }

 private:
  Json ConvertScalar(const YAML::Node& node) {
    const std::string& s = node.Scalar();
    if (!IsValidUtf8(s)) throw ParseFailure{node.Mark(), "invalid UTF-8 in a value"};
    const std::string& tag = node.Tag();
    if (tag == "!") return s;  // quoted or block scalar: always a string
    if (tag == "?" || tag.empty()) return ResolvePlainScalar(s);
    std::string_view t = tag;
    if (t.substr(0, kTagPrefix.size()) == kTagPrefix) t.remove_prefix(kTagPrefix.size());
    if (t == "str" || t == "binary") return s;
    Json resolved = ResolvePlainScalar(s);
    if (t == "int" && resolved.is_number_integer()) return resolved;
    if (t == "float" && resolved.is_number()) return resolved.get<double>();
    if (t == "bool" && resolved.is_boolean()) return resolved;
    if (t == "null" && resolved.is_null()) return resolved;
    throw ParseFailure{node.Mark(), "cannot resolve \"" + s + "\" as !!" + std::string(t)};
  }

  const ParseLimits& limits_;
  size_t max_values_;
  size_t values_ = 0;
};

bool LooksLikeJson(std::string_view text) {
  for (char c : text) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') continue;
    return c == '{' || c == '[';
  }
  return false;
}

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
  std::vector<ParsedDocument> docs;
  try {
    std::vector<YAML::Node> nodes = YAML::LoadAll(std::string(text));
    Converter converter(limits, max_values);
    for (size_t i = 0; i < nodes.size(); ++i) {
      const YAML::Node& node = nodes[i];
      if (!node.IsDefined() || node.IsNull()) continue;
      docs.push_back({static_cast<int>(i) + 1, node.Mark().line + 1, converter.Convert(node, 0)});
    }
  } catch (const YAML::Exception& e) {
    return ParseError(e.mark.line + 1, e.mark.column + 1, e.msg);
  } catch (const ParseFailure& f) {
    return ParseError(f.mark.line + 1, f.mark.column + 1, f.message);
  } catch (const std::exception& e) {
    return Fail(ErrorCode::kParse, std::string("cannot parse: ") + e.what());
  }
  return docs;
}

}  // namespace tidepool::manifest
