// NodePool validation in two layers (see nodepool.h): the CRD's schema and CEL rules
// (karpenter.sh_nodepools.yaml), then NodePool.RuntimeValidate (nodepool_validation.go and the
// helpers of nodeclaim_validation.go), with upstream's messages.
#include <charconv>
#include <limits>
#include <set>
#include <utility>

#include "api/karpenter/labels.h"
#include "api/karpenter/nodepool.h"
#include "api/karpenter/schema_checks.h"
#include "api/name_validation.h"
#include "core/cron.h"

namespace tidepool::api {
namespace {

namespace schema = karpenter_schema;

// Go's %v of a []string.
std::string GoList(const std::vector<std::string>& items) {
  std::string out = "[";
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += ' ';
    out += items[i];
  }
  return out + "]";
}

// Go's %v of a sets.Set[string] (a map[string]Empty, printed with sorted keys).
std::string GoSet(const LabelKeySet& items) {
  std::string out = "map[";
  bool first = true;
  for (const std::string& item : items.keys()) {
    if (!first) out += ' ';
    first = false;
    out += item + ":{}";
  }
  return out + "]";
}

void ValidateTemplateLabelsSchema(const std::map<std::string, std::string>& labels,
                                  const std::string& path, FieldErrors& errors) {
  if (labels.size() > 100) schema::AddTooManyItems(errors, path, labels.size(), 100);
  std::set<std::string_view> broken_rules;
  for (const auto& [key, value] : labels) {
    const std::string value_path = Key(path, key);
    if (value.size() > 63) schema::AddTooLong(errors, value_path, 63);
    if (!schema::MatchesLabelValuePattern(value)) {
      schema::AddPatternError(errors, value_path, value, schema::kLabelValuePattern);
    }
    for (std::string_view message :
         schema::KeyRuleViolations(key, schema::RequirementsOwner::kNodePool)) {
      broken_rules.insert(message);
    }
  }
  // Each rule is one `self.all(x, ...)` over the map's keys: it fails once, on the map.
  for (std::string_view message : {R"(label domain "karpenter.sh" is restricted)",
                                   R"(label "karpenter.sh/nodepool" is restricted)",
                                   R"(label "kubernetes.io/hostname" is restricted)"}) {
    if (broken_rules.contains(message)) schema::AddCelError(errors, path, "object", message);
  }
}

void ValidateBudgetsSchema(const std::vector<Budget>& budgets, const std::string& path,
                           FieldErrors& errors) {
  if (budgets.size() > 50) schema::AddTooManyItems(errors, path, budgets.size(), 50);
  bool unpaired = false;
  for (size_t i = 0; i < budgets.size(); ++i) {
    const Budget& b = budgets[i];
    const std::string at = Index(path, i);
    if (!b.nodes) {
      errors.Add(Child(at, "nodes"), RequiredMessage());
    } else if (!schema::MatchesBudgetNodesPattern(*b.nodes)) {
      schema::AddPatternError(errors, Child(at, "nodes"), *b.nodes, schema::kBudgetNodesPattern);
    }
    if (b.schedule) {
      const std::string schedule_path = Child(at, "schedule");
      if (!schema::MatchesSchedulePattern(*b.schedule)) {
        schema::AddPatternError(errors, schedule_path, *b.schedule, schema::kSchedulePattern);
      } else if (Result<CronSchedule> cron = CronSchedule::ParseStandard("TZ=UTC " + *b.schedule);
                 !cron) {
        // Not a CRD rule: upstream accepts the object and the budget then blocks every
        // disruption (it fails closed). Reported here so the mistake is seen before deploying.
        errors.Add(schedule_path, InvalidMessage(*b.schedule, cron.error().message()));
      }
    }
    if (b.duration) {
      const std::string text = b.duration->ToString();
      if (!schema::MatchesBudgetDurationPattern(text)) {
        schema::AddPatternError(errors, Child(at, "duration"), text,
                                schema::kBudgetDurationPattern);
      }
    }
    const std::string reasons_path = Child(at, "reasons");
    if (b.reasons.size() > 50) schema::AddTooManyItems(errors, reasons_path, b.reasons.size(), 50);
    std::set<std::string_view> seen;
    for (size_t j = 0; j < b.reasons.size(); ++j) {
      const std::string& reason = b.reasons[j];
      if (reason != kDisruptionReasonUnderutilized && reason != kDisruptionReasonEmpty &&
          reason != kDisruptionReasonDrifted) {
        schema::AddEnumError(errors, Index(reasons_path, j), reason,
                             {"Underutilized", "Empty", "Drifted"});
      }
      if (!seen.insert(reason).second) {
        errors.Add(Index(reasons_path, j), DuplicateMessageRendered(GoQuote(reason)));
      }
    }
    if (b.schedule.has_value() != b.duration.has_value()) unpaired = true;
  }
  if (unpaired)
    schema::AddCelError(errors, path, "array", "'schedule' must be set with 'duration'");
}

void ValidateDisruptionSchema(const Disruption& d, const std::string& path, FieldErrors& errors) {
  schema::ValidateNillableDurationSchema(d.consolidate_after, Child(path, "consolidateAfter"),
                                         errors);
  if (d.consolidation_policy && *d.consolidation_policy != kConsolidationPolicyWhenEmpty &&
      *d.consolidation_policy != kConsolidationPolicyWhenEmptyOrUnderutilized &&
      *d.consolidation_policy != kConsolidationPolicyBalanced) {
    schema::AddEnumError(errors, Child(path, "consolidationPolicy"), *d.consolidation_policy,
                         {"WhenEmpty", "WhenEmptyOrUnderutilized", "Balanced"});
  }
  if (d.budgets) ValidateBudgetsSchema(*d.budgets, Child(path, "budgets"), errors);
}

// ---- RuntimeValidate --------------------------------------------------------------------------

void ValidateTemplateLabels(const std::map<std::string, std::string>& labels,
                            const std::string& path, FieldErrors& errors) {
  for (const auto& [key, value] : labels) {
    const std::string at = Key(path, key);
    if (key == kNodePoolLabelKey) {
      errors.Add(at, "invalid key name " + GoQuote(key) + " in labels, restricted");
    }
    for (const std::string& e : IsQualifiedName(key)) {
      errors.Add(at, "invalid key name " + GoQuote(key) + " in labels, " + GoQuote(e));
    }
    for (const std::string& e : IsValidLabelValue(value)) {
      errors.Add(at, "invalid value: " + value + " for label[" + key + "], " + e);
    }
    if (std::string e = AwsRestrictedLabelError(key); !e.empty()) {
      errors.Add(at, "invalid key name " + GoQuote(key) + " in labels, " + e);
    }
  }
}

// validateTaintsField; `seen` is shared by taints and startupTaints, as upstream.
void ValidateTaints(const std::vector<Taint>& taints, std::string_view field_name,
                    const std::string& path, std::set<std::pair<std::string, std::string>>& seen,
                    FieldErrors& errors) {
  const std::string field(field_name);
  for (size_t i = 0; i < taints.size(); ++i) {
    const Taint& t = taints[i];
    const std::string at = Index(path, i);
    for (const std::string& e : IsQualifiedName(t.key)) {
      errors.Add(at, "invalid value: " + e + " in " + field);
    }
    if (!t.value.empty()) {
      for (const std::string& e : IsQualifiedName(t.value)) {
        errors.Add(at, "invalid value: " + e + " in " + field);
      }
    }
    if (!t.effect.empty() && t.effect != kTaintEffectNoSchedule &&
        t.effect != kTaintEffectPreferNoSchedule && t.effect != kTaintEffectNoExecute) {
      errors.Add(at, "invalid value: " + GoQuote(t.effect) + " in " + field);
    }
    if (!seen.insert({t.key, t.effect}).second) {
      errors.Add(at, "duplicate taint Key/Effect pair " + t.key + "=" + t.effect);
    }
  }
}

bool IsNumericOperator(std::string_view op) {
  return op == kNodeSelectorOpGt || op == kNodeSelectorOpLt || op == kNodeSelectorOpGte ||
         op == kNodeSelectorOpLte;
}

// strconv.Atoi: optional sign, decimal digits, int64 range.
std::optional<int64_t> GoAtoi(std::string_view s) {
  bool negative = false;
  if (!s.empty() && (s.front() == '+' || s.front() == '-')) {
    negative = s.front() == '-';
    s.remove_prefix(1);
  }
  uint64_t magnitude = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), magnitude);
  if (s.empty() || ec != std::errc() || ptr != s.data() + s.size()) return std::nullopt;
  if (magnitude > static_cast<uint64_t>(std::numeric_limits<int64_t>::max()) + (negative ? 1 : 0)) {
    return std::nullopt;
  }
  return negative ? static_cast<int64_t>(0 - magnitude) : static_cast<int64_t>(magnitude);
}

// validateWellKnownValues: a well-known key with a known value set needs at least one known
// value (and minValues of them).
std::string WellKnownValuesError(const NodeSelectorRequirement& r, std::string_view key) {
  if (!AwsWellKnownLabels().Has(key) || r.operator_ != kNodeSelectorOpIn) return "";
  const LabelKeySet* known = AwsWellKnownValuesFor(key);
  if (known == nullptr) return "";
  std::vector<std::string> valid, invalid;
  for (const std::string& v : r.values) (known->Has(v) ? valid : invalid).push_back(v);
  if (valid.empty()) {
    return "no valid values found in " + GoList(r.values) + " for " + std::string(key) +
           ", expected one of: " + GoSet(*known) + ", got: " + GoList(invalid);
  }
  if (r.min_values && static_cast<int64_t>(valid.size()) < *r.min_values) {
    return "not enough valid values found in " + GoList(r.values) + " for " + std::string(key) +
           ", expected at least " + std::to_string(*r.min_values) +
           " valid values from: " + GoList(known->keys()) +
           ", got: " + std::to_string(valid.size());
  }
  return "";
}

// ValidateRequirement: every problem with one requirement, in upstream's order.
std::vector<std::string> RequirementErrors(const NodeSelectorRequirement& r) {
  std::vector<std::string> errs;
  const std::string key(NormalizeLabelKey(r.key));
  const std::string& op = r.operator_;
  if (op != kNodeSelectorOpIn && op != kNodeSelectorOpNotIn && op != kNodeSelectorOpExists &&
      op != kNodeSelectorOpDoesNotExist && !IsNumericOperator(op)) {
    errs.push_back("key " + key + " has an unsupported operator " + op +
                   " not in [In NotIn Exists DoesNotExist Gt Lt Gte Lte]");
  }
  if (std::string e = AwsRestrictedLabelError(key); !e.empty()) errs.push_back(std::move(e));
  if (std::string e = WellKnownValuesError(r, key); !e.empty()) errs.push_back(std::move(e));
  for (const std::string& e : IsQualifiedName(key)) {
    errs.push_back("key " + key + " is not a qualified name, " + e);
  }
  for (const std::string& value : r.values) {
    for (const std::string& e : IsValidLabelValue(value)) {
      errs.push_back("invalid value " + value + " for key " + key + ", " + e);
    }
  }
  if (op == kNodeSelectorOpIn && r.values.empty()) {
    errs.push_back("key " + key + " with operator " + op + " must have a value defined");
  }
  if (op == kNodeSelectorOpIn && r.min_values &&
      static_cast<int64_t>(r.values.size()) < *r.min_values) {
    errs.push_back("key " + key + " with operator " + op +
                   " must have at least minimum number of values defined in 'values' field");
  }
  if (IsNumericOperator(op)) {
    const std::optional<int64_t> n = r.values.size() == 1 ? GoAtoi(r.values[0]) : std::nullopt;
    if (!n || *n < 0) {
      errs.push_back("key " + key + " with operator " + op +
                     " must have a single positive integer value");
    }
  }
  return errs;
}

}  // namespace

void ValidateSchema(const NodePool& node_pool, FieldErrors& errors) {
  schema::ValidateMetadata(node_pool.metadata, errors);
  const NodePoolSpec& spec = node_pool.spec;
  ValidateTemplateLabelsSchema(spec.template_.metadata.labels, "spec.template.metadata.labels",
                               errors);
  const NodeClaimTemplateSpec& t = spec.template_.spec;
  schema::ValidateTaintsSchema(t.taints, "spec.template.spec.taints", errors);
  schema::ValidateTaintsSchema(t.startup_taints, "spec.template.spec.startupTaints", errors);
  schema::ValidateRequirementsSchema(t.requirements, schema::RequirementsOwner::kNodePool,
                                     "spec.template.spec.requirements", errors);
  schema::ValidateNodeClassRefSchema(t.node_class_ref, "spec.template.spec.nodeClassRef", errors);
  schema::ValidateDurationSchema(t.termination_grace_period,
                                 "spec.template.spec.terminationGracePeriod", errors);
  schema::ValidateNillableDurationSchema(t.expire_after, "spec.template.spec.expireAfter", errors);
  ValidateDisruptionSchema(spec.disruption, "spec.disruption", errors);
  if (spec.weight) schema::CheckRange(errors, "spec.weight", *spec.weight, 1, 100);
  if (spec.replicas && *spec.replicas < 0) {
    schema::AddMinimumError(errors, "spec.replicas", *spec.replicas, 0);
  }
  if (spec.replicas) {
    if (!spec.limits.empty() && !(spec.limits.size() == 1 && spec.limits.contains("nodes"))) {
      schema::AddCelError(errors, "spec", "object",
                          "only 'limits.nodes' is supported on static NodePools");
    }
    if (spec.weight) {
      schema::AddCelError(errors, "spec", "object",
                          "'weight' is not supported on static NodePools");
    }
  }
}

void RuntimeValidate(const NodePool& node_pool, FieldErrors& errors) {
  const NodeClaimTemplate& t = node_pool.spec.template_;
  ValidateTemplateLabels(t.metadata.labels, "spec.template.metadata.labels", errors);
  std::set<std::pair<std::string, std::string>> seen_taints;
  ValidateTaints(t.spec.taints, "taints", "spec.template.spec.taints", seen_taints, errors);
  ValidateTaints(t.spec.startup_taints, "startupTaints", "spec.template.spec.startupTaints",
                 seen_taints, errors);
  const std::string requirements_path = "spec.template.spec.requirements";
  for (size_t i = 0; i < t.spec.requirements.size(); ++i) {
    const std::vector<std::string> errs = RequirementErrors(t.spec.requirements[i]);
    if (!errs.empty()) {
      std::string joined;
      for (const std::string& e : errs) joined += (joined.empty() ? "" : "; ") + e;
      errors.Add(Index(requirements_path, i),
                 "invalid value: " + joined + " in requirements, restricted");
    }
    const NodeSelectorRequirement& r = t.spec.requirements[i];
    if (r.key == kNodePoolLabelKey) {
      errors.Add(Index(requirements_path, i),
                 "invalid key: " + GoQuote(r.key) + " in requirements, restricted");
    }
  }
}

void Validate(const NodePool& node_pool, FieldErrors& errors) {
  FieldErrors schema_errors;
  ValidateSchema(node_pool, schema_errors);
  for (const FieldError& e : schema_errors.list()) errors.Add(e.path, e.message);
  if (schema_errors.empty()) RuntimeValidate(node_pool, errors);
}

}  // namespace tidepool::api
