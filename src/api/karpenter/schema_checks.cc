#include "api/karpenter/schema_checks.h"

#include <charconv>

#include "api/k8s/common_validation.h"
#include "api/name_validation.h"

namespace tidepool::api::karpenter_schema {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsLowerAlnum(char c) { return IsDigit(c) || (c >= 'a' && c <= 'z'); }
bool IsAlnum(char c) { return IsLowerAlnum(c) || (c >= 'A' && c <= 'Z'); }
// RE2's \s: [\t\n\f\r ].
bool IsRe2Space(char c) { return c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == ' '; }

// ([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]
bool MatchesName(std::string_view s) {
  if (s.empty() || !IsAlnum(s.front()) || !IsAlnum(s.back())) return false;
  for (char c : s) {
    if (!IsAlnum(c) && c != '-' && c != '_' && c != '.') return false;
  }
  return true;
}

// [a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*
bool MatchesDnsPrefix(std::string_view s) {
  size_t start = 0;
  for (;;) {
    const size_t dot = s.find('.', start);
    const std::string_view label =
        s.substr(start, dot == std::string_view::npos ? dot : dot - start);
    if (label.empty() || !IsLowerAlnum(label.front()) || !IsLowerAlnum(label.back())) return false;
    for (char c : label) {
      if (!IsLowerAlnum(c) && c != '-') return false;
    }
    if (dot == std::string_view::npos) return true;
    start = dot + 1;
  }
}

// ([0-9]+(units))+ covering all of s.
bool MatchesDurationGroups(std::string_view s, std::string_view units) {
  if (s.empty()) return false;
  size_t i = 0;
  while (i < s.size()) {
    const size_t digits_start = i;
    while (i < s.size() && IsDigit(s[i])) ++i;
    if (i == digits_start || i == s.size() || units.find(s[i]) == std::string_view::npos) {
      return false;
    }
    ++i;
  }
  return true;
}

// ([0-9]+(h|m))|([0-9]+h[0-9]+m), all of s.
bool MatchesBudgetDurationBody(std::string_view s) {
  auto digits = [&](size_t i) {
    size_t j = i;
    while (j < s.size() && IsDigit(s[j])) ++j;
    return j;
  };
  const size_t a = digits(0);
  if (a == 0 || a >= s.size()) return false;
  if ((s[a] == 'h' || s[a] == 'm') && a + 1 == s.size()) return true;
  if (s[a] != 'h') return false;
  const size_t b = digits(a + 1);
  return b > a + 1 && b + 1 == s.size() && s[b] == 'm';
}

}  // namespace

bool MatchesQualifiedNamePattern(std::string_view s) {
  const size_t slash = s.find('/');
  if (slash == std::string_view::npos) return MatchesName(s);
  return MatchesDnsPrefix(s.substr(0, slash)) && MatchesName(s.substr(slash + 1));
}

bool MatchesLabelValuePattern(std::string_view s) { return s.empty() || MatchesName(s); }

bool MatchesNillableDurationPattern(std::string_view s) {
  return s == "Never" || MatchesDurationGroups(s, "smh");
}

bool MatchesDurationPattern(std::string_view s) { return MatchesDurationGroups(s, "smh"); }

bool MatchesBudgetDurationPattern(std::string_view s) {
  if (MatchesBudgetDurationBody(s)) return true;
  return s.ends_with("0s") && MatchesBudgetDurationBody(s.substr(0, s.size() - 2));
}

bool MatchesBudgetNodesPattern(std::string_view s) {
  if (s.empty()) return false;
  if (s.back() == '%') {
    const std::string_view n = s.substr(0, s.size() - 1);
    if (n == "100") return true;
    return (n.size() == 1 || n.size() == 2) && IsDigit(n[0]) && IsDigit(n.back());
  }
  for (char c : s) {
    if (!IsDigit(c)) return false;
  }
  return true;
}

// The second alternative, (.+)\s(.+)\s(.+)\s(.+)\s(.+)$ searched anywhere, is run as the NFA it
// describes: five non-empty segments of non-newline characters joined by single \s characters,
// the last one ending the string. State bit k (0..4) = inside segment k+1, bit 5+k = just after
// the separator that ends segment k+1.
bool MatchesSchedulePattern(std::string_view s) {
  for (std::string_view macro :
       {"@annually", "@yearly", "@monthly", "@weekly", "@daily", "@midnight", "@hourly"}) {
    if (s.starts_with(macro)) return true;
  }
  uint32_t states = 0;
  for (char c : s) {
    uint32_t next = 0;
    const bool dot = c != '\n';
    const bool space = IsRe2Space(c);
    if (dot) next |= 1u;  // a match may start anywhere
    for (int k = 0; k < 5; ++k) {
      if (states & (1u << k)) {
        if (dot) next |= 1u << k;
        if (space && k < 4) next |= 1u << (5 + k);
      }
    }
    for (int k = 0; k < 4; ++k) {
      if ((states & (1u << (5 + k))) && dot) next |= 1u << (k + 1);
    }
    states = next;
  }
  return (states & (1u << 4)) != 0;
}

bool MatchesIdPattern(std::string_view s, std::string_view prefix, bool anchored) {
  auto rest_ok = [](std::string_view rest, bool whole) {
    if (rest.empty() || !IsLowerAlnum(rest.front())) return false;
    if (!whole) return true;
    for (char c : rest) {
      if (!IsLowerAlnum(c)) return false;
    }
    return true;
  };
  if (anchored) return s.starts_with(prefix) && rest_ok(s.substr(prefix.size()), true);
  for (size_t at = s.find(prefix); at != std::string_view::npos; at = s.find(prefix, at + 1)) {
    if (rest_ok(s.substr(at + prefix.size()), false)) return true;
  }
  return false;
}

void AddPatternError(FieldErrors& errors, const std::string& path, std::string_view value,
                     std::string_view pattern) {
  errors.Add(path,
             InvalidMessage(value, path + " in body should match '" + std::string(pattern) + "'"));
}

void AddEnumError(FieldErrors& errors, const std::string& path, std::string_view value,
                  std::initializer_list<std::string_view> supported) {
  errors.Add(path, NotSupportedMessage(value, supported));
}

void AddMinimumError(FieldErrors& errors, const std::string& path, int64_t value, int64_t minimum) {
  errors.Add(path, InvalidMessageRendered(std::to_string(value),
                                          path + " in body should be greater than or equal to " +
                                              std::to_string(minimum)));
}

void AddMaximumError(FieldErrors& errors, const std::string& path, int64_t value, int64_t maximum) {
  errors.Add(path, InvalidMessageRendered(std::to_string(value),
                                          path + " in body should be less than or equal to " +
                                              std::to_string(maximum)));
}

void CheckRange(FieldErrors& errors, const std::string& path, int64_t value, int64_t minimum,
                int64_t maximum) {
  if (value < minimum) AddMinimumError(errors, path, value, minimum);
  if (value > maximum) AddMaximumError(errors, path, value, maximum);
}

void AddTooManyItems(FieldErrors& errors, const std::string& path, size_t count, size_t maximum) {
  errors.Add(path, "Too many: " + std::to_string(count) + ": must have at most " +
                       std::to_string(maximum) + " items");
}

void AddTooLong(FieldErrors& errors, const std::string& path, size_t maximum) {
  errors.Add(path, "Too long: may not be more than " + std::to_string(maximum) + " bytes");
}

void AddCelError(FieldErrors& errors, const std::string& path, std::string_view type,
                 std::string_view message) {
  errors.Add(path, InvalidMessage(type, message));
}

namespace {

// CEL's int(string): strconv.ParseInt(s, 10, 64).
std::optional<int64_t> CelInt(std::string_view s) {
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  int64_t value = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (s.empty() || ec != std::errc() || ptr != s.data() + s.size()) return std::nullopt;
  return value;
}

bool IsNumericOperator(std::string_view op) {
  return op == kNodeSelectorOpGt || op == kNodeSelectorOpLt || op == kNodeSelectorOpGte ||
         op == kNodeSelectorOpLte;
}

}  // namespace

std::vector<std::string_view> KeyRuleViolations(std::string_view key, RequirementsOwner owner) {
  std::vector<std::string_view> out;
  const size_t slash = key.find('/');
  const std::string_view domain = key.substr(0, slash);  // self.find("^([^/]+)")
  if (key != "karpenter.sh/capacity-type" && key != "karpenter.sh/nodepool" &&
      domain.ends_with("karpenter.sh")) {
    out.push_back(R"(label domain "karpenter.sh" is restricted)");
  }
  if (owner == RequirementsOwner::kNodePool && key == "karpenter.sh/nodepool") {
    out.push_back(R"(label "karpenter.sh/nodepool" is restricted)");
  }
  if (key == "kubernetes.io/hostname") {
    out.push_back(R"(label "kubernetes.io/hostname" is restricted)");
  }
  return out;
}

void ValidateMetadata(const ObjectMeta& metadata, FieldErrors& errors) {
  // Karpenter's kinds are cluster-scoped.
  ValidateObjectMeta(metadata, /*namespaced=*/false, NameRule::kDNS1123Subdomain, "metadata",
                     errors);
}

void ValidateRequirementsSchema(const std::vector<NodeSelectorRequirement>& requirements,
                                RequirementsOwner owner, const std::string& path,
                                FieldErrors& errors) {
  if (requirements.size() > 100) AddTooManyItems(errors, path, requirements.size(), 100);
  bool in_without_values = false, bad_numeric = false, too_few_for_min_values = false;
  for (size_t i = 0; i < requirements.size(); ++i) {
    const NodeSelectorRequirement& r = requirements[i];
    const std::string at = Index(path, i);
    const std::string key_path = Child(at, "key");
    if (r.key.size() > 316) AddTooLong(errors, key_path, 316);
    if (!MatchesQualifiedNamePattern(r.key)) {
      AddPatternError(errors, key_path, r.key, kQualifiedNamePattern);
    }
    for (std::string_view message : KeyRuleViolations(r.key, owner)) {
      AddCelError(errors, key_path, "string", message);
    }
    if (r.operator_ != kNodeSelectorOpIn && r.operator_ != kNodeSelectorOpNotIn &&
        r.operator_ != kNodeSelectorOpExists && r.operator_ != kNodeSelectorOpDoesNotExist &&
        !IsNumericOperator(r.operator_)) {
      AddEnumError(errors, Child(at, "operator"), r.operator_,
                   {"In", "NotIn", "Exists", "DoesNotExist", "Gt", "Lt", "Gte", "Lte"});
    }
    // Upstream's CRD generator attaches maxLength and pattern to the values array, where the API
    // server ignores them (they are string keywords); they are applied to each value here, as
    // intended. NodePool's RuntimeValidate checks the same with IsValidLabelValue.
    for (size_t j = 0; j < r.values.size(); ++j) {
      const std::string value_path = Index(Child(at, "values"), j);
      if (r.values[j].size() > 63) AddTooLong(errors, value_path, 63);
      if (!MatchesLabelValuePattern(r.values[j])) {
        AddPatternError(errors, value_path, r.values[j], kLabelValuePattern);
      }
    }
    if (r.min_values) CheckRange(errors, Child(at, "minValues"), *r.min_values, 1, 50);

    if (r.operator_ == kNodeSelectorOpIn && r.values.empty()) in_without_values = true;
    if (IsNumericOperator(r.operator_)) {
      const std::optional<int64_t> n = r.values.size() == 1 ? CelInt(r.values[0]) : std::nullopt;
      if (!n || *n < 0) bad_numeric = true;
    }
    if (r.operator_ == kNodeSelectorOpIn && r.min_values &&
        static_cast<int64_t>(r.values.size()) < *r.min_values) {
      too_few_for_min_values = true;
    }
  }
  if (in_without_values) {
    AddCelError(errors, path, "array", "requirements with operator 'In' must have a value defined");
  }
  if (bad_numeric) {
    AddCelError(errors, path, "array",
                "requirements operator 'Gt', 'Lt', 'Gte', or 'Lte' must have a single positive "
                "integer value");
  }
  if (too_few_for_min_values) {
    AddCelError(errors, path, "array",
                "requirements with 'minValues' must have at least that many values specified in "
                "the 'values' field");
  }
}

void ValidateTaintsSchema(const std::vector<Taint>& taints, const std::string& path,
                          FieldErrors& errors) {
  for (size_t i = 0; i < taints.size(); ++i) {
    const Taint& t = taints[i];
    const std::string at = Index(path, i);
    const std::string key_path = Child(at, "key");
    if (t.key.empty()) {
      errors.Add(key_path,
                 InvalidMessage(t.key, key_path + " in body should be at least 1 chars long"));
    }
    if (!MatchesQualifiedNamePattern(t.key)) {
      AddPatternError(errors, key_path, t.key, kQualifiedNamePattern);
    }
    if (!t.value.empty() && !MatchesQualifiedNamePattern(t.value)) {
      AddPatternError(errors, Child(at, "value"), t.value, kQualifiedNamePattern);
    }
    if (t.effect != kTaintEffectNoSchedule && t.effect != kTaintEffectPreferNoSchedule &&
        t.effect != kTaintEffectNoExecute) {
      AddEnumError(errors, Child(at, "effect"), t.effect,
                   {"NoSchedule", "PreferNoSchedule", "NoExecute"});
    }
  }
}

void ValidateNodeClassRefSchema(const std::optional<NodeClassReference>& ref,
                                const std::string& path, FieldErrors& errors) {
  if (!ref) {
    errors.Add(path, RequiredMessage());
    return;
  }
  if (ref->group.empty())
    AddCelError(errors, Child(path, "group"), "string", "group may not be empty");
  if (ref->group.find('/') != std::string::npos) {
    AddPatternError(errors, Child(path, "group"), ref->group, kGroupPattern);
  }
  if (ref->kind.empty())
    AddCelError(errors, Child(path, "kind"), "string", "kind may not be empty");
  if (ref->name.empty())
    AddCelError(errors, Child(path, "name"), "string", "name may not be empty");
}

void ValidateNillableDurationSchema(const std::optional<NillableDuration>& value,
                                    const std::string& path, FieldErrors& errors) {
  if (!value) return;
  const std::string text = value->ToString();
  if (!MatchesNillableDurationPattern(text)) {
    AddPatternError(errors, path, text, kNillableDurationPattern);
  }
}

void ValidateDurationSchema(const std::optional<Duration>& value, const std::string& path,
                            FieldErrors& errors) {
  if (!value) return;
  const std::string text = value->ToString();
  if (!MatchesDurationPattern(text)) AddPatternError(errors, path, text, kDurationPattern);
}

}  // namespace tidepool::api::karpenter_schema
