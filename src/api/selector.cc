#include "api/selector.h"

#include <algorithm>

#include "api/name_validation.h"
#include "api/selector_parser.h"

namespace tidepool::api {
namespace {

std::string Join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out.append(sep);
    out += parts[i];
  }
  return out;
}

// utilerrors.NewAggregate(...).Error(): one message alone, several de-duplicated in brackets.
std::string Aggregate(const std::vector<std::string>& errors) {
  std::vector<std::string> unique;
  for (const std::string& e : errors) {
    if (std::find(unique.begin(), unique.end(), e) == unique.end()) unique.push_back(e);
  }
  if (unique.size() == 1) return unique[0];
  return "[" + Join(unique, ", ") + "]";
}

// labels.NewRequirement's checks, in upstream's order. `nil_values` renders an empty value list
// as Go renders a nil slice ("null") rather than an empty one ("[]").
std::vector<std::string> RequirementErrors(std::string_view key, std::string_view op_name,
                                           std::optional<SelectorOperator> op,
                                           const std::vector<std::string>& values,
                                           bool nil_values) {
  std::vector<std::string> errors;
  if (std::vector<std::string> errs = IsQualifiedName(key); !errs.empty()) {
    errors.push_back("key: " + InvalidMessage(key, Join(errs, "; ")));
  }
  const std::string rendered = (nil_values && values.empty()) ? "null" : GoJsonStringList(values);
  if (!op) {
    errors.push_back(
        "operator: " +
        NotSupportedMessage(op_name, {"in", "notin", "=", "==", "!=", "gt", "lt", "exists", "!"}));
  } else {
    switch (*op) {
      case SelectorOperator::kIn:
      case SelectorOperator::kNotIn:
        if (values.empty()) {
          errors.push_back("values: " + InvalidMessageRendered(
                                            rendered,
                                            "for 'in', 'notin' operators, values set can't be "
                                            "empty"));
        }
        break;
      case SelectorOperator::kEquals:
      case SelectorOperator::kDoubleEquals:
      case SelectorOperator::kNotEquals:
        if (values.size() != 1) {
          errors.push_back("values: " +
                           InvalidMessageRendered(
                               rendered, "exact-match compatibility requires one single value"));
        }
        break;
      case SelectorOperator::kExists:
      case SelectorOperator::kDoesNotExist:
        if (!values.empty()) {
          errors.push_back("values: " +
                           InvalidMessageRendered(
                               rendered, "values set must be empty for exists and does not exist"));
        }
        break;
      case SelectorOperator::kGreaterThan:
      case SelectorOperator::kLessThan:
        if (values.size() != 1) {
          errors.push_back("values: " +
                           InvalidMessageRendered(rendered,
                                                  "for 'Gt', 'Lt' operators, exactly one value is "
                                                  "required"));
        }
        for (size_t i = 0; i < values.size(); ++i) {
          if (!ParseGoInt64(values[i])) {
            errors.push_back(Index("values", i) + ": " +
                             InvalidMessage(values[i],
                                            "for 'Gt', 'Lt' operators, the value must be an "
                                            "integer"));
          }
        }
        break;
    }
  }
  for (size_t i = 0; i < values.size(); ++i) {
    if (std::vector<std::string> errs = IsValidLabelValue(values[i]); !errs.empty()) {
      errors.push_back(Key(Index("values", i), key) + ": " +
                       InvalidMessage(values[i], Join(errs, "; ")));
    }
  }
  return errors;
}

void SortByKey(std::vector<LabelRequirement>& requirements) {
  std::stable_sort(
      requirements.begin(), requirements.end(),
      [](const LabelRequirement& a, const LabelRequirement& b) { return a.key() < b.key(); });
}

}  // namespace

std::string_view SelectorOperatorName(SelectorOperator op) {
  switch (op) {
    case SelectorOperator::kIn:
      return "in";
    case SelectorOperator::kNotIn:
      return "notin";
    case SelectorOperator::kEquals:
      return "=";
    case SelectorOperator::kDoubleEquals:
      return "==";
    case SelectorOperator::kNotEquals:
      return "!=";
    case SelectorOperator::kGreaterThan:
      return "gt";
    case SelectorOperator::kLessThan:
      return "lt";
    case SelectorOperator::kExists:
      return "exists";
    case SelectorOperator::kDoesNotExist:
      return "!";
  }
  return "";
}

std::optional<SelectorOperator> ParseSelectorOperator(std::string_view name) {
  for (SelectorOperator op :
       {SelectorOperator::kIn, SelectorOperator::kNotIn, SelectorOperator::kEquals,
        SelectorOperator::kDoubleEquals, SelectorOperator::kNotEquals,
        SelectorOperator::kGreaterThan, SelectorOperator::kLessThan, SelectorOperator::kExists,
        SelectorOperator::kDoesNotExist}) {
    if (SelectorOperatorName(op) == name) return op;
  }
  return std::nullopt;
}

Result<LabelRequirement> LabelRequirement::Make(std::string key, SelectorOperator op,
                                                std::vector<std::string> values) {
  std::vector<std::string> errors =
      RequirementErrors(key, SelectorOperatorName(op), op, values, /*nil_values=*/false);
  if (!errors.empty()) return Fail(ErrorCode::kInvalidArgument, Aggregate(errors));
  return LabelRequirement(std::move(key), op, std::move(values));
}

Result<LabelRequirement> LabelRequirement::Make(std::string key, std::string_view op,
                                                std::vector<std::string> values) {
  std::optional<SelectorOperator> parsed = ParseSelectorOperator(op);
  std::vector<std::string> errors = RequirementErrors(key, op, parsed, values, false);
  if (!errors.empty()) return Fail(ErrorCode::kInvalidArgument, Aggregate(errors));
  return LabelRequirement(std::move(key), *parsed, std::move(values));
}

bool LabelRequirement::HasValue(std::string_view value) const {
  // Almost always one value: a linear scan beats any set here.
  for (const std::string& v : values_) {
    if (v == value) return true;
  }
  return false;
}

bool LabelRequirement::Matches(const Labels& labels) const {
  auto it = labels.find(key_);
  const bool exists = it != labels.end();
  switch (op_) {
    case SelectorOperator::kIn:
    case SelectorOperator::kEquals:
    case SelectorOperator::kDoubleEquals:
      return exists && HasValue(it->second);
    case SelectorOperator::kNotIn:
    case SelectorOperator::kNotEquals:
      return !exists || !HasValue(it->second);
    case SelectorOperator::kExists:
      return exists;
    case SelectorOperator::kDoesNotExist:
      return !exists;
    case SelectorOperator::kGreaterThan:
    case SelectorOperator::kLessThan: {
      if (!exists || values_.size() != 1) return false;
      std::optional<int64_t> label_value = ParseGoInt64(it->second);
      std::optional<int64_t> bound = ParseGoInt64(values_[0]);
      if (!label_value || !bound) return false;
      return op_ == SelectorOperator::kGreaterThan ? *label_value > *bound : *label_value < *bound;
    }
  }
  return false;
}

std::string LabelRequirement::String() const {
  std::string out;
  if (op_ == SelectorOperator::kDoesNotExist) out += '!';
  out += key_;
  switch (op_) {
    case SelectorOperator::kEquals:
      out += '=';
      break;
    case SelectorOperator::kDoubleEquals:
      out += "==";
      break;
    case SelectorOperator::kNotEquals:
      out += "!=";
      break;
    case SelectorOperator::kIn:
      out += " in ";
      break;
    case SelectorOperator::kNotIn:
      out += " notin ";
      break;
    case SelectorOperator::kGreaterThan:
      out += '>';
      break;
    case SelectorOperator::kLessThan:
      out += '<';
      break;
    case SelectorOperator::kExists:
    case SelectorOperator::kDoesNotExist:
      return out;
  }
  const bool set = op_ == SelectorOperator::kIn || op_ == SelectorOperator::kNotIn;
  if (set) out += '(';
  if (values_.size() == 1) {
    out += values_[0];
  } else {
    // Sorted on output without touching the stored order (upstream's safeSort).
    std::vector<std::string> sorted = values_;
    std::sort(sorted.begin(), sorted.end());
    out += Join(sorted, ",");
  }
  if (set) out += ')';
  return out;
}

Selector Selector::Nothing() {
  Selector s;
  s.nothing_ = true;
  return s;
}

Result<Selector> Selector::Parse(std::string_view text) {
  Result<std::vector<LabelRequirement>> requirements = selector_internal::ParseRequirements(text);
  if (!requirements) return tl::unexpected(requirements.error());
  Selector s;
  s.requirements_ = std::move(*requirements);
  SortByKey(s.requirements_);
  return s;
}

Selector Selector::FromSet(const Labels& labels) {
  Selector s;
  s.requirements_.reserve(labels.size());
  for (const auto& [key, value] : labels) {
    s.requirements_.push_back(LabelRequirement(key, SelectorOperator::kEquals, {value}));
  }
  return s;  // std::map iterates in key order, so the requirements are already sorted
}

Result<Selector> Selector::FromValidatedSet(const Labels& labels) {
  Selector s;
  for (const auto& [key, value] : labels) {
    Result<LabelRequirement> r = LabelRequirement::Make(key, SelectorOperator::kEquals, {value});
    if (!r) return tl::unexpected(r.error());
    s.requirements_.push_back(std::move(*r));
  }
  return s;
}

Result<Selector> Selector::FromLabelSelector(const LabelSelector* selector) {
  if (selector == nullptr) return Nothing();
  Selector s;
  if (selector->match_labels.empty() && selector->match_expressions.empty()) return s;
  for (const auto& [key, value] : selector->match_labels) {
    Result<LabelRequirement> r = LabelRequirement::Make(key, SelectorOperator::kEquals, {value});
    if (!r) return tl::unexpected(r.error());
    s.requirements_.push_back(std::move(*r));
  }
  for (const LabelSelectorRequirement& expr : selector->match_expressions) {
    SelectorOperator op;
    if (expr.operator_ == "In") {
      op = SelectorOperator::kIn;
    } else if (expr.operator_ == "NotIn") {
      op = SelectorOperator::kNotIn;
    } else if (expr.operator_ == "Exists") {
      op = SelectorOperator::kExists;
    } else if (expr.operator_ == "DoesNotExist") {
      op = SelectorOperator::kDoesNotExist;
    } else {
      return Fail(ErrorCode::kInvalidArgument,
                  GoQuote(expr.operator_) + " is not a valid label selector operator");
    }
    // Upstream copies the values into a fresh slice, which stays nil when there are none.
    std::vector<std::string> errors =
        RequirementErrors(expr.key, SelectorOperatorName(op), op, expr.values, true);
    if (!errors.empty()) return Fail(ErrorCode::kInvalidArgument, Aggregate(errors));
    s.requirements_.push_back(LabelRequirement(expr.key, op, expr.values));
  }
  SortByKey(s.requirements_);
  return s;
}

bool Selector::Matches(const Labels& labels) const {
  if (nothing_) return false;
  for (const LabelRequirement& r : requirements_) {
    if (!r.Matches(labels)) return false;
  }
  return true;
}

std::string Selector::String() const {
  std::string out;
  for (const LabelRequirement& r : requirements_) {
    if (!out.empty()) out += ',';
    out += r.String();
  }
  return out;
}

Selector Selector::Add(LabelRequirement requirement) const {
  if (nothing_) return *this;
  Selector s = *this;
  s.requirements_.push_back(std::move(requirement));
  SortByKey(s.requirements_);
  return s;
}

std::optional<std::string> Selector::RequiresExactMatch(std::string_view label) const {
  for (const LabelRequirement& r : requirements_) {
    if (r.key() != label) continue;
    switch (r.op()) {
      case SelectorOperator::kEquals:
      case SelectorOperator::kDoubleEquals:
      case SelectorOperator::kIn:
        if (r.values().size() == 1) return r.values()[0];
        break;
      default:
        break;
    }
    return std::nullopt;
  }
  return std::nullopt;
}

Result<Labels> LabelSelectorAsMap(const LabelSelector& selector) {
  Labels out = selector.match_labels;
  for (const LabelSelectorRequirement& expr : selector.match_expressions) {
    if (expr.operator_ == "In") {
      if (expr.values.size() != 1) {
        return Fail(ErrorCode::kInvalidArgument,
                    "operator " + GoQuote(expr.operator_) +
                        " without a single value cannot be converted into the old label "
                        "selector format");
      }
      out[expr.key] = expr.values[0];
    } else if (expr.operator_ == "NotIn" || expr.operator_ == "Exists" ||
               expr.operator_ == "DoesNotExist") {
      return Fail(ErrorCode::kInvalidArgument,
                  "operator " + GoQuote(expr.operator_) +
                      " cannot be converted into the old label selector format");
    } else {
      return Fail(ErrorCode::kInvalidArgument,
                  GoQuote(expr.operator_) + " is not a valid selector operator");
    }
  }
  return out;
}

Result<LabelSelector> ParseToLabelSelector(std::string_view text) {
  Result<Selector> parsed = Selector::Parse(text);
  if (!parsed) {
    return Fail(ErrorCode::kInvalidArgument, "couldn't parse the selector string \"" +
                                                 std::string(text) +
                                                 "\": " + parsed.error().message());
  }
  LabelSelector out;
  for (const LabelRequirement& r : parsed->requirements()) {
    std::string op;
    switch (r.op()) {
      case SelectorOperator::kEquals:
      case SelectorOperator::kDoubleEquals:
        out.match_labels[r.key()] = r.values()[0];
        continue;
      case SelectorOperator::kIn:
        op = "In";
        break;
      case SelectorOperator::kNotIn:
        op = "NotIn";
        break;
      case SelectorOperator::kExists:
        op = "Exists";
        break;
      case SelectorOperator::kDoesNotExist:
        op = "DoesNotExist";
        break;
      case SelectorOperator::kGreaterThan:
      case SelectorOperator::kLessThan:
        return Fail(ErrorCode::kInvalidArgument,
                    GoQuote(SelectorOperatorName(r.op())) + " isn't supported in label selectors");
      default:
        return Fail(ErrorCode::kInvalidArgument, GoQuote(SelectorOperatorName(r.op())) +
                                                     " is not a valid label selector operator");
    }
    std::vector<std::string> values = r.values();
    std::sort(values.begin(), values.end());
    values.erase(std::unique(values.begin(), values.end()), values.end());
    out.match_expressions.push_back({r.key(), std::move(op), std::move(values), {}});
  }
  return out;
}

std::string FormatLabelSelector(const LabelSelector* selector) {
  Result<Selector> s = Selector::FromLabelSelector(selector);
  if (!s) return "<error>";
  std::string out = s->String();
  return out.empty() ? "<none>" : out;
}

std::string LabelsToString(const Labels& labels) {
  std::string out;
  for (const auto& [key, value] : labels) {
    if (!out.empty()) out += ',';
    out.append(key).append("=").append(value);
  }
  return out;
}

std::string FormatLabels(const Labels& labels) {
  std::string out = LabelsToString(labels);
  return out.empty() ? "<none>" : out;
}

bool LabelsConflict(const Labels& a, const Labels& b) {
  const Labels& small = a.size() <= b.size() ? a : b;
  const Labels& big = a.size() <= b.size() ? b : a;
  for (const auto& [key, value] : small) {
    auto it = big.find(key);
    if (it != big.end() && it->second != value) return true;
  }
  return false;
}

Result<Labels> ConvertSelectorToLabelsMap(std::string_view text) {
  Labels out;
  if (text.empty()) return out;
  auto trim = [](std::string_view s) {
    // strings.TrimSpace: ASCII and Unicode white space; labels are ASCII, so ASCII suffices.
    while (!s.empty() && (s.front() == ' ' || (s.front() >= '\t' && s.front() <= '\r'))) {
      s.remove_prefix(1);
    }
    while (!s.empty() && (s.back() == ' ' || (s.back() >= '\t' && s.back() <= '\r'))) {
      s.remove_suffix(1);
    }
    return s;
  };
  auto split = [](std::string_view s, char sep) {
    std::vector<std::string_view> parts;
    size_t start = 0;
    while (true) {
      size_t at = s.find(sep, start);
      parts.push_back(s.substr(start, at == std::string_view::npos ? at : at - start));
      if (at == std::string_view::npos) return parts;
      start = at + 1;
    }
  };
  for (std::string_view label : split(text, ',')) {
    std::vector<std::string_view> kv = split(label, '=');
    if (kv.size() != 2) {
      std::string rendered = "[";
      for (size_t i = 0; i < kv.size(); ++i) {
        if (i > 0) rendered += ' ';
        rendered.append(kv[i]);
      }
      rendered += ']';
      return Fail(ErrorCode::kInvalidArgument, "invalid selector: " + rendered);
    }
    std::string key(trim(kv[0]));
    if (std::vector<std::string> errs = IsQualifiedName(key); !errs.empty()) {
      return Fail(ErrorCode::kInvalidArgument, "<nil>: " + InvalidMessage(key, Join(errs, "; ")));
    }
    std::string value(trim(kv[1]));
    if (std::vector<std::string> errs = IsValidLabelValue(value); !errs.empty()) {
      return Fail(ErrorCode::kInvalidArgument,
                  "[" + key + "]: " + InvalidMessage(value, Join(errs, "; ")));
    }
    out[key] = value;
  }
  return out;
}

void ValidateLabelSelector(const LabelSelector& selector, std::string_view path,
                           FieldErrors& errors, const LabelSelectorValidationOptions& options) {
  ValidateLabels(selector.match_labels, Child(path, "matchLabels"), errors);
  for (size_t i = 0; i < selector.match_expressions.size(); ++i) {
    const LabelSelectorRequirement& expr = selector.match_expressions[i];
    const std::string expr_path = Index(Child(path, "matchExpressions"), i);
    const std::string values_path = Child(expr_path, "values");
    if (expr.operator_ == "In" || expr.operator_ == "NotIn") {
      if (expr.values.empty()) {
        errors.Add(values_path,
                   RequiredMessage("must be specified when `operator` is 'In' or 'NotIn'"));
      }
    } else if (expr.operator_ == "Exists" || expr.operator_ == "DoesNotExist") {
      if (!expr.values.empty()) {
        errors.Add(values_path, ForbiddenMessage("may not be specified when `operator` is "
                                                 "'Exists' or 'DoesNotExist'"));
      }
    } else if (!options.allow_unknown_operator_in_requirement) {
      errors.Add(
          Child(expr_path, "operator"),
          InvalidMessageRendered(GoJsonQuote(expr.operator_), "not a valid selector operator"));
    }
    ValidateLabelName(expr.key, Child(expr_path, "key"), errors);
    if (!options.allow_invalid_label_value_in_selector) {
      for (size_t v = 0; v < expr.values.size(); ++v) {
        for (const std::string& msg : IsValidLabelValue(expr.values[v])) {
          errors.Add(Index(values_path, v), InvalidMessage(expr.values[v], msg));
        }
      }
    }
  }
}

}  // namespace tidepool::api
