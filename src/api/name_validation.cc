#include "api/name_validation.h"

#include <cstdint>

namespace tidepool::api {
namespace {

// The patterns are checked by hand rather than with std::regex: these checks run for every label
// of every object, and std::regex is slow and allocates. The format strings are kept only because
// upstream quotes them in its messages.
constexpr std::string_view kLabelKeyFmt = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
constexpr std::string_view kLabelKeyErrMsg =
    "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an "
    "alphanumeric character";
constexpr std::string_view kLabelValueFmt = "(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?";
constexpr std::string_view kLabelValueErrMsg =
    "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or "
    "'.', and must start and end with an alphanumeric character";
constexpr std::string_view kDNS1123LabelFmt = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
constexpr std::string_view kDNS1123LabelErrMsg =
    "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and "
    "must start and end with an alphanumeric character";
constexpr std::string_view kDNS1123SubdomainFmt =
    "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";
constexpr std::string_view kDNS1123SubdomainErrMsg =
    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or "
    "'.', and must start and end with an alphanumeric character";
constexpr std::string_view kDNS1035LabelFmt = "[a-z]([-a-z0-9]*[a-z0-9])?";
constexpr std::string_view kDNS1035LabelErrMsg =
    "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an "
    "alphabetic character, and end with an alphanumeric character";
constexpr std::string_view kDecimalIntegerErrMsg =
    "must be a valid decimal integer in canonical form";

bool IsAlnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}
bool IsLowerAlnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }
bool IsLower(char c) { return c >= 'a' && c <= 'z'; }

// ([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]
bool MatchesLabelKeyName(std::string_view s) {
  if (s.empty() || !IsAlnum(s.front()) || !IsAlnum(s.back())) return false;
  for (char c : s) {
    if (!IsAlnum(c) && c != '-' && c != '_' && c != '.') return false;
  }
  return true;
}

// [a-z0-9]([-a-z0-9]*[a-z0-9])?, or with a leading letter for RFC 1035.
bool MatchesDNSLabel(std::string_view s, bool rfc1035) {
  if (s.empty() || !IsLowerAlnum(s.back())) return false;
  if (rfc1035 ? !IsLower(s.front()) : !IsLowerAlnum(s.front())) return false;
  for (char c : s) {
    if (!IsLowerAlnum(c) && c != '-') return false;
  }
  return true;
}

bool MatchesDNSSubdomain(std::string_view s) {
  while (true) {
    size_t dot = s.find('.');
    if (!MatchesDNSLabel(s.substr(0, dot), false)) return false;
    if (dot == std::string_view::npos) return true;
    s.remove_prefix(dot + 1);
  }
}

// content.MaxLenError, used by the label-key and label-value checks since apimachinery v0.35.
std::string MaxLenBytesError(size_t length) {
  return "must be no more than " + std::to_string(length) + " bytes";
}

// content.IsDNS1123Subdomain, the variant IsQualifiedName uses for the prefix.
std::vector<std::string> ContentIsDNS1123Subdomain(std::string_view value) {
  std::vector<std::string> errs;
  if (value.size() > kDNS1123SubdomainMaxLength) {
    errs.push_back(MaxLenBytesError(kDNS1123SubdomainMaxLength));
  }
  if (!MatchesDNSSubdomain(value)) {
    errs.push_back(RegexError(kDNS1123SubdomainErrMsg, kDNS1123SubdomainFmt, {"example.com"}));
  }
  return errs;
}

void AppendHex(std::string& out, unsigned char c) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += "\\x";
  out += kHex[c >> 4];
  out += kHex[c & 0xf];
}

// Length of the valid UTF-8 sequence starting at s[i], or 0 when the bytes there are not one.
size_t Utf8SequenceLength(std::string_view s, size_t i, uint32_t* code_point) {
  auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char b0 = byte(i);
  size_t len = 0;
  uint32_t cp = 0;
  if (b0 >= 0xc2 && b0 <= 0xdf) {
    len = 2;
    cp = b0 & 0x1f;
  } else if (b0 >= 0xe0 && b0 <= 0xef) {
    len = 3;
    cp = b0 & 0x0f;
  } else if (b0 >= 0xf0 && b0 <= 0xf4) {
    len = 4;
    cp = b0 & 0x07;
  } else {
    return 0;
  }
  if (i + len > s.size()) return 0;
  for (size_t k = 1; k < len; ++k) {
    unsigned char b = byte(i + k);
    if ((b & 0xc0) != 0x80) return 0;
    cp = (cp << 6) | (b & 0x3f);
  }
  // Reject overlong forms, surrogates and values past U+10FFFF, as Go's decoder does.
  if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
      (cp >= 0xd800 && cp <= 0xdfff)) {
    return 0;
  }
  *code_point = cp;
  return len;
}

}  // namespace

std::string MaxLenError(size_t length) {
  return "must be no more than " + std::to_string(length) + " characters";
}

std::string RegexError(std::string_view msg, std::string_view format,
                       std::initializer_list<std::string_view> examples) {
  std::string out(msg);
  if (examples.size() == 0) {
    out.append(" (regex used for validation is '").append(format).append("')");
    return out;
  }
  out += " (e.g. ";
  bool first = true;
  for (std::string_view example : examples) {
    if (!first) out += " or ";
    first = false;
    out.append("'").append(example).append("', ");
  }
  out.append("regex used for validation is '").append(format).append("')");
  return out;
}

std::string EmptyError() { return "must be non-empty"; }

std::vector<std::string> IsQualifiedName(std::string_view value) {
  std::vector<std::string> errs;
  std::string_view name = value;
  size_t slash = value.find('/');
  if (slash != std::string_view::npos) {
    if (value.find('/', slash + 1) != std::string_view::npos) {
      errs.push_back("a valid label key " +
                     RegexError(kLabelKeyErrMsg, kLabelKeyFmt, {"MyName", "my.name", "123-abc"}) +
                     " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')");
      return errs;
    }
    std::string_view prefix = value.substr(0, slash);
    name = value.substr(slash + 1);
    if (prefix.empty()) {
      errs.push_back("prefix part " + EmptyError());
    } else {
      for (std::string& msg : ContentIsDNS1123Subdomain(prefix)) {
        errs.push_back("prefix part " + msg);
      }
    }
  }
  if (name.empty()) {
    errs.push_back("name part " + EmptyError());
  } else if (name.size() > kQualifiedNameMaxLength) {
    errs.push_back("name part " + MaxLenBytesError(kQualifiedNameMaxLength));
  }
  if (!MatchesLabelKeyName(name)) {
    errs.push_back("name part " +
                   RegexError(kLabelKeyErrMsg, kLabelKeyFmt, {"MyName", "my.name", "123-abc"}));
  }
  return errs;
}

std::vector<std::string> IsValidLabelValue(std::string_view value) {
  std::vector<std::string> errs;
  if (value.size() > kLabelValueMaxLength) errs.push_back(MaxLenBytesError(kLabelValueMaxLength));
  if (!value.empty() && !MatchesLabelKeyName(value)) {
    errs.push_back(RegexError(kLabelValueErrMsg, kLabelValueFmt, {"MyValue", "my_value", "12345"}));
  }
  return errs;
}

std::vector<std::string> IsDNS1123Label(std::string_view value) {
  std::vector<std::string> errs;
  if (value.size() > kDNS1123LabelMaxLength) errs.push_back(MaxLenError(kDNS1123LabelMaxLength));
  if (!MatchesDNSLabel(value, false)) {
    if (MatchesDNSSubdomain(value)) {
      // A valid subdomain that is not a valid label can only be one with dots.
      errs.push_back("must not contain dots");
    } else {
      errs.push_back(RegexError(kDNS1123LabelErrMsg, kDNS1123LabelFmt, {"my-name", "123-abc"}));
    }
  }
  return errs;
}

std::vector<std::string> IsDNS1123Subdomain(std::string_view value) {
  std::vector<std::string> errs;
  if (value.size() > kDNS1123SubdomainMaxLength) {
    errs.push_back(MaxLenError(kDNS1123SubdomainMaxLength));
  }
  if (!MatchesDNSSubdomain(value)) {
    errs.push_back(RegexError(kDNS1123SubdomainErrMsg, kDNS1123SubdomainFmt, {"example.com"}));
  }
  return errs;
}

std::vector<std::string> IsDNS1035Label(std::string_view value) {
  std::vector<std::string> errs;
  if (value.size() > kDNS1035LabelMaxLength) errs.push_back(MaxLenError(kDNS1035LabelMaxLength));
  if (!MatchesDNSLabel(value, true)) {
    errs.push_back(RegexError(kDNS1035LabelErrMsg, kDNS1035LabelFmt, {"my-name", "abc-123"}));
  }
  return errs;
}

std::vector<std::string> IsDecimalInteger(std::string_view value) {
  if (value.empty()) return {EmptyError()};
  size_t i = 0;
  if (value[0] == '-') {
    if (value.size() == 1) return {std::string(kDecimalIntegerErrMsg)};
    i = 1;
  }
  if (value[i] == '0') {
    if (value.size() == 1) return {};
    return {std::string(kDecimalIntegerErrMsg)};
  }
  for (; i < value.size(); ++i) {
    if (value[i] < '0' || value[i] > '9') return {std::string(kDecimalIntegerErrMsg)};
  }
  return {};
}

std::optional<int64_t> ParseGoInt64(std::string_view value) {
  if (value.empty()) return std::nullopt;
  bool negative = false;
  size_t i = 0;
  if (value[0] == '+' || value[0] == '-') {
    negative = value[0] == '-';
    i = 1;
    if (value.size() == 1) return std::nullopt;
  }
  // Accumulate as a negative number so that INT64_MIN is representable.
  int64_t acc = 0;
  constexpr int64_t kMin = INT64_MIN;
  for (; i < value.size(); ++i) {
    char c = value[i];
    if (c < '0' || c > '9') return std::nullopt;
    int digit = c - '0';
    if (acc < kMin / 10 || (acc == kMin / 10 && digit > -(kMin % 10))) return std::nullopt;
    acc = acc * 10 - digit;
  }
  if (negative) return acc;
  if (acc == kMin) return std::nullopt;
  return -acc;
}

void ValidateLabelName(std::string_view key, std::string_view path, FieldErrors& errors) {
  for (const std::string& msg : IsQualifiedName(key)) {
    errors.Add(std::string(path), InvalidMessage(key, msg));
  }
}

void ValidateLabels(const std::map<std::string, std::string>& labels, std::string_view path,
                    FieldErrors& errors) {
  for (const auto& [key, value] : labels) {
    ValidateLabelName(key, path, errors);
    for (const std::string& msg : IsValidLabelValue(value)) {
      errors.Add(std::string(path), InvalidMessage(value, msg));
    }
  }
}

std::string GoQuote(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 2);
  out += '"';
  for (size_t i = 0; i < text.size();) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c >= 0x80) {
      uint32_t cp = 0;
      size_t len = Utf8SequenceLength(text, i, &cp);
      if (len == 0) {
        AppendHex(out, c);
        ++i;
      } else if (cp < 0xa0) {
        // C1 controls are not printable; Go writes them as \u00XX.
        static constexpr char kHex[] = "0123456789abcdef";
        out += "\\u00";
        out += kHex[cp >> 4];
        out += kHex[cp & 0xf];
        i += len;
      } else {
        out.append(text.substr(i, len));
        i += len;
      }
      continue;
    }
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\a':
        out += "\\a";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
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
      case '\v':
        out += "\\v";
        break;
      default:
        if (c < 0x20 || c == 0x7f) {
          AppendHex(out, c);
        } else {
          out += static_cast<char>(c);
        }
    }
    ++i;
  }
  out += '"';
  return out;
}

std::string GoJsonQuote(std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(text.size() + 2);
  out += '"';
  for (size_t i = 0; i < text.size();) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c >= 0x80) {
      uint32_t cp = 0;
      size_t len = Utf8SequenceLength(text, i, &cp);
      if (len == 0) {
        out += "\\ufffd";
        ++i;
      } else if (cp == 0x2028 || cp == 0x2029) {
        out += cp == 0x2028 ? "\\u2028" : "\\u2029";
        i += len;
      } else {
        out.append(text.substr(i, len));
        i += len;
      }
      continue;
    }
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
        if (c < 0x20 || c == '<' || c == '>' || c == '&') {
          out += "\\u00";
          out += kHex[c >> 4];
          out += kHex[c & 0xf];
        } else {
          out += static_cast<char>(c);
        }
    }
    ++i;
  }
  out += '"';
  return out;
}

std::string GoJsonStringList(const std::vector<std::string>& values) {
  std::string out = "[";
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out += ',';
    out += GoJsonQuote(values[i]);
  }
  out += ']';
  return out;
}

std::string InvalidMessage(std::string_view value, std::string_view detail) {
  return InvalidMessageRendered(GoQuote(value), detail);
}

std::string InvalidMessageRendered(std::string_view rendered_value, std::string_view detail) {
  std::string out = "Invalid value: ";
  out.append(rendered_value);
  if (!detail.empty()) out.append(": ").append(detail);
  return out;
}

std::string RequiredMessage(std::string_view detail) {
  std::string out = "Required value";
  if (!detail.empty()) out.append(": ").append(detail);
  return out;
}

std::string ForbiddenMessage(std::string_view detail) {
  std::string out = "Forbidden";
  if (!detail.empty()) out.append(": ").append(detail);
  return out;
}

std::string NotSupportedMessage(std::string_view value,
                                std::initializer_list<std::string_view> supported) {
  std::string out = "Unsupported value: " + GoQuote(value);
  if (supported.size() > 0) {
    out += ": supported values: ";
    bool first = true;
    for (std::string_view s : supported) {
      if (!first) out += ", ";
      first = false;
      out += GoQuote(s);
    }
  }
  return out;
}

std::string DuplicateMessageRendered(std::string_view rendered_value, std::string_view detail) {
  std::string out = "Duplicate value: ";
  out.append(rendered_value);
  if (!detail.empty()) out.append(": ").append(detail);
  return out;
}

}  // namespace tidepool::api
