#include "api/k8s/common_validation.h"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "api/name_validation.h"
#include "api/selector.h"

namespace tidepool::api {
namespace {

constexpr size_t kTotalAnnotationSizeLimit = 256 * 1024;

// NameIsDNSSubdomain / NameIsDNSLabel with upstream's prefix rule: a generateName may end in '-',
// so the last dash is masked before checking.
std::vector<std::string> CheckName(std::string_view name, NameRule rule, bool prefix) {
  std::string masked(name);
  if (prefix && !masked.empty() && masked.back() == '-') masked.back() = 'a';
  return rule == NameRule::kDNS1123Label ? IsDNS1123Label(masked) : IsDNS1123Subdomain(masked);
}

bool Contains(std::string_view haystack, std::string_view needle) {
  return haystack.find(needle) != std::string_view::npos;
}

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// helper.IsNativeResource: unqualified, or in the kubernetes.io namespace.
bool IsNativeResource(std::string_view name) {
  return !Contains(name, "/") || Contains(name, "kubernetes.io/");
}

bool IsHugePageResource(std::string_view name) { return StartsWith(name, "hugepages-"); }

// helper.IsExtendedResourceName: a qualified, non-native name such as nvidia.com/gpu.
bool IsExtendedResource(std::string_view name) {
  if (IsNativeResource(name) || StartsWith(name, "requests.")) return false;
  return IsQualifiedName("requests." + std::string(name)).empty();
}

// Extended resources and hugepages cannot be overcommitted: requests must equal limits.
bool IsOvercommitAllowed(std::string_view name) {
  return IsNativeResource(name) && !IsHugePageResource(name);
}

bool IsStandardContainerResource(std::string_view name) {
  return name == kResourceCPU || name == kResourceMemory || name == kResourceEphemeralStorage ||
         IsHugePageResource(name);
}

bool IsStandardResource(std::string_view name) {
  static constexpr std::string_view kStandard[] = {
      "cpu",
      "memory",
      "ephemeral-storage",
      "pods",
      "services",
      "replicationcontrollers",
      "resourcequotas",
      "secrets",
      "configmaps",
      "persistentvolumeclaims",
      "storage",
      "requests.cpu",
      "requests.memory",
      "requests.storage",
      "requests.ephemeral-storage",
      "limits.cpu",
      "limits.memory",
      "limits.ephemeral-storage",
      "services.nodeports",
      "services.loadbalancers",
  };
  return IsHugePageResource(name) ||
         std::find(std::begin(kStandard), std::end(kStandard), name) != std::end(kStandard);
}

void ValidateContainerResourceName(std::string_view name, std::string_view path,
                                   FieldErrors& errors) {
  const std::vector<std::string> problems = IsQualifiedName(name);
  for (const std::string& msg : problems) errors.Add(std::string(path), InvalidMessage(name, msg));
  if (!problems.empty()) return;
  if (!Contains(name, "/")) {
    if (!IsStandardResource(name)) {
      errors.Add(std::string(path),
                 InvalidMessage(name, "must be a standard resource type or fully qualified"));
    }
    if (!IsStandardContainerResource(name)) {
      errors.Add(std::string(path),
                 InvalidMessage(name, "must be a standard resource for containers"));
    }
  } else if (!IsNativeResource(name) && !IsExtendedResource(name)) {
    errors.Add(std::string(path),
               InvalidMessage(name, "doesn't follow extended resource name standard"));
  }
}

}  // namespace

std::vector<std::string> ConfigMapKeyProblems(std::string_view key) {
  std::vector<std::string> problems;
  if (key.size() > kDNS1123SubdomainMaxLength)
    problems.push_back(MaxLenError(kDNS1123SubdomainMaxLength));
  const bool charset_ok = !key.empty() && std::all_of(key.begin(), key.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
  });
  if (!charset_ok) {
    problems.push_back(
        RegexError("a valid config key must consist of alphanumeric characters, '-', '_' or '.'",
                   "[-._a-zA-Z0-9]+", {"key.name", "KEY_NAME", "key-name"}));
  }
  if (key == ".") {
    problems.push_back("must not be '.'");
  } else if (key == "..") {
    problems.push_back("must not be '..'");
  } else if (StartsWith(key, "..")) {
    problems.push_back("must not start with '..'");
  }
  return problems;
}

void ValidateNonnegative(int64_t value, std::string_view path, FieldErrors& errors) {
  if (value < 0) {
    errors.Add(std::string(path),
               InvalidMessageRendered(std::to_string(value), "must be greater than or equal to 0"));
  }
}

void ValidateAnnotations(const std::map<std::string, std::string>& annotations,
                         std::string_view path, FieldErrors& errors) {
  size_t total = 0;
  for (const auto& [key, value] : annotations) {
    std::string lower = key;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    for (const std::string& msg : IsQualifiedName(lower)) {
      errors.Add(std::string(path), InvalidMessage(key, msg));
    }
    total += key.size() + value.size();
  }
  if (total > kTotalAnnotationSizeLimit) {
    errors.Add(std::string(path), "Too long: may not be more than " +
                                      std::to_string(kTotalAnnotationSizeLimit) + " bytes");
  }
}

void ValidateObjectMeta(const ObjectMeta& meta, bool namespaced, NameRule rule,
                        std::string_view path, FieldErrors& errors) {
  if (!meta.generate_name.empty()) {
    for (const std::string& msg : CheckName(meta.generate_name, rule, /*prefix=*/true)) {
      errors.Add(Child(path, "generateName"), InvalidMessage(meta.generate_name, msg));
    }
  }
  if (meta.name.empty()) {
    if (meta.generate_name.empty()) {
      errors.Add(Child(path, "name"), RequiredMessage("name or generateName is required"));
    }
  } else {
    for (const std::string& msg : CheckName(meta.name, rule, /*prefix=*/false)) {
      errors.Add(Child(path, "name"), InvalidMessage(meta.name, msg));
    }
  }
  if (namespaced && !meta.namespace_.empty()) {
    for (const std::string& msg : IsDNS1123Label(meta.namespace_)) {
      errors.Add(Child(path, "namespace"), InvalidMessage(meta.namespace_, msg));
    }
  }
  ValidateNonnegative(meta.generation, Child(path, "generation"), errors);
  ValidateLabels(meta.labels, Child(path, "labels"), errors);
  ValidateAnnotations(meta.annotations, Child(path, "annotations"), errors);
  const std::string owners = Child(path, "ownerReferences");
  for (size_t i = 0; i < meta.owner_references.size(); ++i) {
    const OwnerReference& ref = meta.owner_references[i];
    const std::string at = Index(owners, i);
    if (ref.api_version.empty()) errors.Add(Child(at, "apiVersion"), RequiredMessage());
    if (ref.kind.empty()) errors.Add(Child(at, "kind"), RequiredMessage());
    if (ref.name.empty()) errors.Add(Child(at, "name"), RequiredMessage());
    if (ref.uid.empty()) errors.Add(Child(at, "uid"), RequiredMessage());
  }
  const std::string finalizers = Child(path, "finalizers");
  for (size_t i = 0; i < meta.finalizers.size(); ++i) {
    for (const std::string& msg : IsQualifiedName(meta.finalizers[i])) {
      errors.Add(Index(finalizers, i), InvalidMessage(meta.finalizers[i], msg));
    }
  }
}

void ValidateOptionalLabelSelector(const std::optional<LabelSelector>& selector,
                                   std::string_view path, FieldErrors& errors) {
  if (selector) ValidateLabelSelector(*selector, path, errors);
}

void ValidateNodeSelectorRequirement(const NodeSelectorRequirement& req, bool allow_invalid_values,
                                     std::string_view path, FieldErrors& errors) {
  const std::string values = Child(path, "values");
  if (req.operator_ == "In" || req.operator_ == "NotIn") {
    if (req.values.empty()) {
      errors.Add(values, RequiredMessage("must be specified when `operator` is 'In' or 'NotIn'"));
    }
  } else if (req.operator_ == "Exists" || req.operator_ == "DoesNotExist") {
    if (!req.values.empty()) {
      errors.Add(values, ForbiddenMessage(
                             "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
    }
  } else if (req.operator_ == "Gt" || req.operator_ == "Lt") {
    if (req.values.size() != 1) {
      errors.Add(values,
                 RequiredMessage("must be specified single value when `operator` is 'Lt' or 'Gt'"));
    }
  } else {
    errors.Add(Child(path, "operator"),
               InvalidMessage(req.operator_, "not a valid selector operator"));
  }
  ValidateLabelName(req.key, Child(path, "key"), errors);
  if (!allow_invalid_values) {
    for (size_t i = 0; i < req.values.size(); ++i) {
      for (const std::string& msg : IsValidLabelValue(req.values[i])) {
        errors.Add(Index(values, i), InvalidMessage(req.values[i], msg));
      }
    }
  }
}

void ValidateNodeSelectorTerm(const NodeSelectorTerm& term, bool allow_invalid_values,
                              std::string_view path, FieldErrors& errors) {
  const std::string exprs = Child(path, "matchExpressions");
  for (size_t i = 0; i < term.match_expressions.size(); ++i) {
    ValidateNodeSelectorRequirement(term.match_expressions[i], allow_invalid_values,
                                    Index(exprs, i), errors);
  }
  // Field selectors only support metadata.name with In/NotIn and a single node name.
  const std::string fields = Child(path, "matchFields");
  for (size_t i = 0; i < term.match_fields.size(); ++i) {
    const NodeSelectorRequirement& req = term.match_fields[i];
    const std::string at = Index(fields, i);
    if (req.operator_ == "In" || req.operator_ == "NotIn") {
      if (req.values.size() != 1) {
        errors.Add(Child(at, "values"),
                   RequiredMessage("must be only one value when `operator` is 'In' or 'NotIn' for "
                                   "node field selector"));
      }
    } else {
      errors.Add(Child(at, "operator"),
                 InvalidMessage(req.operator_, "not a valid selector operator"));
    }
    if (req.key != "metadata.name") {
      errors.Add(Child(at, "key"), InvalidMessage(req.key, "not a valid field selector key"));
    } else {
      for (size_t j = 0; j < req.values.size(); ++j) {
        for (const std::string& msg : IsDNS1123Subdomain(req.values[j])) {
          errors.Add(Index(Child(at, "values"), j), InvalidMessage(req.values[j], msg));
        }
      }
    }
  }
}

void ValidateNodeSelector(const NodeSelector& selector, std::string_view path,
                          FieldErrors& errors) {
  const std::string terms = Child(path, "nodeSelectorTerms");
  if (selector.node_selector_terms.empty()) {
    errors.Add(terms, RequiredMessage("must have at least one node selector term"));
    return;
  }
  for (size_t i = 0; i < selector.node_selector_terms.size(); ++i) {
    ValidateNodeSelectorTerm(selector.node_selector_terms[i], false, Index(terms, i), errors);
  }
}

void ValidateResourceQuantity(std::string_view resource_name, const Quantity& value,
                              std::string_view path, FieldErrors& errors) {
  if (value.Sign() < 0) {
    errors.Add(std::string(path),
               InvalidMessage(value.ToString(), "must be greater than or equal to 0"));
  }
  if (IsExtendedResource(resource_name) && value.MilliValue() % 1000 != 0) {
    errors.Add(std::string(path), InvalidMessage(value.ToString(), "must be an integer"));
  }
}

void ValidateResourceRequirements(const ResourceRequirements& resources, std::string_view path,
                                  FieldErrors& errors) {
  const std::string limits = Child(path, "limits");
  const std::string requests = Child(path, "requests");
  for (const auto& [name, quantity] : resources.limits) {
    ValidateContainerResourceName(name, Key(limits, name), errors);
    ValidateResourceQuantity(name, quantity, Key(limits, name), errors);
  }
  for (const auto& [name, quantity] : resources.requests) {
    ValidateContainerResourceName(name, Key(requests, name), errors);
    ValidateResourceQuantity(name, quantity, Key(requests, name), errors);
    auto limit = resources.limits.find(name);
    if (limit != resources.limits.end()) {
      if (quantity != limit->second && !IsOvercommitAllowed(name)) {
        errors.Add(requests,
                   InvalidMessage(quantity.ToString(), "must be equal to " + name + " limit of " +
                                                           limit->second.ToString()));
      } else if (quantity > limit->second) {
        errors.Add(requests, InvalidMessage(quantity.ToString(), "must be less than or equal to " +
                                                                     name + " limit of " +
                                                                     limit->second.ToString()));
      }
    } else if (!IsOvercommitAllowed(name)) {
      errors.Add(limits, RequiredMessage("Limit must be set for non overcommitable resources"));
    }
  }
}

namespace {

// "N%" with N all digits (validation.IsValidPercent); nullopt otherwise.
std::optional<int64_t> ParsePercent(std::string_view s) {
  if (s.size() < 2 || s.back() != '%') return std::nullopt;
  s.remove_suffix(1);
  if (!std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return std::nullopt;
  }
  int64_t n = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
  if (ec != std::errc() || ptr != s.data() + s.size()) return std::nullopt;
  return n;
}

}  // namespace

std::string RenderIntOrString(const IntOrString& value) {
  return value.is_string ? GoQuote(value.str_value) : std::to_string(value.int_value);
}

std::string RenderLabels(const std::map<std::string, std::string>& labels) {
  std::string out = "{";
  for (const auto& [k, v] : labels) {
    if (out.size() > 1) out += ",";
    out += GoQuote(k) + ":" + GoQuote(v);
  }
  return out + "}";
}

void ValidatePositiveIntOrPercent(const IntOrString& value, std::string_view path,
                                  FieldErrors& errors) {
  if (value.is_string) {
    if (!ParsePercent(value.str_value)) {
      errors.Add(std::string(path),
                 InvalidMessage(value.str_value,
                                RegexError("a valid percent string must be a numeric string "
                                           "followed by an ending '%'",
                                           "[0-9]+%", {"1%", "93%"})));
    }
    return;
  }
  ValidateNonnegative(value.int_value, path, errors);
}

void ValidateNotMoreThan100Percent(const IntOrString& value, std::string_view path,
                                   FieldErrors& errors) {
  if (!value.is_string) return;
  std::optional<int64_t> pct = ParsePercent(value.str_value);
  if (pct && *pct > 100) {
    errors.Add(std::string(path), InvalidMessage(value.str_value, "must not be greater than 100%"));
  }
}

int64_t IntOrPercentValue(const IntOrString& value) {
  if (!value.is_string) return value.int_value;
  return ParsePercent(value.str_value).value_or(0);
}

bool SelectorIsEmpty(const LabelSelector& selector) {
  return selector.match_labels.empty() && selector.match_expressions.empty();
}

void ValidateSelectorMatchesTemplate(const std::optional<LabelSelector>& selector,
                                     const std::map<std::string, std::string>& labels,
                                     bool skip_if_empty, std::string_view labels_path,
                                     FieldErrors& errors) {
  Result<Selector> compiled = Selector::FromLabelSelector(selector ? &*selector : nullptr);
  if (!compiled) return;
  if (skip_if_empty && compiled->Empty()) return;
  if (!compiled->Matches(labels)) {
    errors.Add(std::string(labels_path),
               InvalidMessageRendered(RenderLabels(labels),
                                      "`selector` does not match template `labels`"));
  }
}

}  // namespace tidepool::api
