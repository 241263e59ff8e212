// Compiled label selectors with upstream semantics (k8s.io/apimachinery/pkg/labels/selector.go and
// pkg/apis/meta/v1/helpers.go).
//
// A Selector is an AND of LabelRequirements kept sorted by key. Three kinds exist, as upstream:
//   - Everything(): no requirements, matches every label set (an empty LabelSelector, "").
//   - Nothing(): matches no label set (an absent LabelSelector); String() is "".
//   - a parsed or converted selector with requirements.
// Parse() accepts kubectl's syntax `a=b,c!=d,e in (x,y),f notin (z),!g,h,a==b,n>1,m<5` with
// upstream's lexer and error messages; String() prints upstream's canonical form (requirements
// sorted by key, set values sorted), and Parse(String()) gives back an equal selector.
//
// Thread-safety: immutable value types; const methods are safe to call concurrently.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/field_errors.h"
#include "api/label_selector.h"
#include "core/status.h"

namespace tidepool::api {

using Labels = std::map<std::string, std::string>;

// selection.Operator. Names (SelectorOperatorName) are upstream's: "in", "notin", "=", "==",
// "!=", "gt", "lt", "exists", "!".
enum class SelectorOperator {
  kIn,
  kNotIn,
  kEquals,
  kDoubleEquals,
  kNotEquals,
  kGreaterThan,
  kLessThan,
  kExists,
  kDoesNotExist,
};
std::string_view SelectorOperatorName(SelectorOperator op);
std::optional<SelectorOperator> ParseSelectorOperator(std::string_view name);

// One key/operator/values term of a selector (labels.Requirement).
class LabelRequirement {
 public:
  // labels.NewRequirement: validates the key and values for the operator. Errors are upstream's
  // aggregated field errors, e.g. `values: Invalid value: []: for 'in', 'notin' operators, values
  // set can't be empty` or `key: Invalid value: "a b": name part must consist of ...`.
  [[nodiscard]] static Result<LabelRequirement> Make(std::string key, SelectorOperator op,
                                                     std::vector<std::string> values);
  // As above with the operator given by its upstream name; an unknown name is reported as
  // `operator: Unsupported value: "x": supported values: "in", "notin", ...`.
  [[nodiscard]] static Result<LabelRequirement> Make(std::string key, std::string_view op,
                                                     std::vector<std::string> values);

  bool Matches(const Labels& labels) const;
  const std::string& key() const { return key_; }
  SelectorOperator op() const { return op_; }
  // The values as given (parsing gives them sorted and de-duplicated).
  const std::vector<std::string>& values() const { return values_; }
  // "x in (a,b)", "x notin (a)", "x=a", "x==a", "x!=a", "x>1", "x<1", "x", "!x".
  std::string String() const;

  friend bool operator==(const LabelRequirement&, const LabelRequirement&) = default;

 private:
  friend class Selector;  // builds requirements it has already validated
  LabelRequirement(std::string key, SelectorOperator op, std::vector<std::string> values)
      : key_(std::move(key)), op_(op), values_(std::move(values)) {}
  bool HasValue(std::string_view value) const;

  std::string key_;
  SelectorOperator op_ = SelectorOperator::kExists;
  std::vector<std::string> values_;
};

class Selector {
 public:
  Selector() = default;  // Everything()

  static Selector Everything() { return Selector(); }
  static Selector Nothing();
  // labels.Parse. Errors name what was found and what was expected, e.g.
  // `unable to parse requirement: found ',', expected: identifier` or
  // `found '=', expected: ',' or 'end of string'`.
  [[nodiscard]] static Result<Selector> Parse(std::string_view text);
  // labels.SelectorFromSet: key=value for every label, without validation. An empty set gives
  // Everything().
  static Selector FromSet(const Labels& labels);
  // labels.ValidatedSelectorFromSet: as FromSet, validating keys and values.
  [[nodiscard]] static Result<Selector> FromValidatedSet(const Labels& labels);
  // metav1.LabelSelectorAsSelector: nullptr gives Nothing(), an empty selector Everything();
  // matchLabels become `=` requirements, matchExpressions In/NotIn/Exists/DoesNotExist.
  [[nodiscard]] static Result<Selector> FromLabelSelector(const LabelSelector* selector);
  [[nodiscard]] static Result<Selector> FromLabelSelector(const LabelSelector& selector) {
    return FromLabelSelector(&selector);
  }

  // True when every requirement matches. Nothing() matches no label set.
  bool Matches(const Labels& labels) const;
  // True when the selector does not restrict the selection (Everything()).
  bool Empty() const { return !nothing_ && requirements_.empty(); }
  // True only for Nothing() (upstream's MatchesNothing; conflicting requirements such as
  // "a,!a" are not detected, as upstream).
  bool MatchesNothing() const { return nothing_; }
  std::string String() const;
  // A copy with `requirement` added (kept sorted by key; Nothing() stays Nothing()).
  Selector Add(LabelRequirement requirement) const;
  const std::vector<LabelRequirement>& requirements() const { return requirements_; }
  // The single value `label` must have (an `=`, `==` or one-value `in` requirement), if any.
  std::optional<std::string> RequiresExactMatch(std::string_view label) const;

  friend bool operator==(const Selector&, const Selector&) = default;

 private:
  std::vector<LabelRequirement> requirements_;  // sorted by key, stable for equal keys
  bool nothing_ = false;
};

// metav1.LabelSelectorAsMap: only matchLabels and single-value In expressions convert.
[[nodiscard]] Result<Labels> LabelSelectorAsMap(const LabelSelector& selector);
// metav1.ParseToLabelSelector: the string syntax back to matchLabels/matchExpressions.
[[nodiscard]] Result<LabelSelector> ParseToLabelSelector(std::string_view text);
// metav1.FormatLabelSelector: the selector's string, "<none>" when empty, "<error>" if invalid.
std::string FormatLabelSelector(const LabelSelector* selector);

// labels.Set.String / FormatLabels: "a=b,c=d" sorted by key; FormatLabels gives "<none>" for an
// empty set.
std::string LabelsToString(const Labels& labels);
std::string FormatLabels(const Labels& labels);
// labels.Conflicts: some key is in both maps with different values.
bool LabelsConflict(const Labels& a, const Labels& b);
// labels.ConvertSelectorToLabelsMap: "a=b, c=d" (only `=`) to a validated map.
[[nodiscard]] Result<Labels> ConvertSelectorToLabelsMap(std::string_view text);

// meta/v1 validation ValidateLabelSelector: matchLabels keys/values, and for each expression the
// operator (In/NotIn need values: "Required value: must be specified when `operator` is 'In' or
// 'NotIn'"; Exists/DoesNotExist forbid them), the key and the values, under `path`.
struct LabelSelectorValidationOptions {
  bool allow_invalid_label_value_in_selector = false;
  bool allow_unknown_operator_in_requirement = false;
};
void ValidateLabelSelector(const LabelSelector& selector, std::string_view path,
                           FieldErrors& errors, const LabelSelectorValidationOptions& options = {});

}  // namespace tidepool::api
