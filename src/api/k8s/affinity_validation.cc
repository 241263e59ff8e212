// Affinity and topology-spread validation after k8s.io/kubernetes pkg/apis/core/validation
// (validateAffinity, validatePodAffinityTerm, validateTopologySpreadConstraints).
#include <set>

#include "api/k8s/common_validation.h"
#include "api/k8s/pod_validation_internal.h"
#include "api/name_validation.h"
#include "api/selector.h"

namespace tidepool::api {
namespace {

void ValidateWeight(int32_t weight, const std::string& path, FieldErrors& errors) {
  if (weight <= 0 || weight > 100) {
    errors.Add(path, InvalidMessageRendered(std::to_string(weight), "must be in the range 1-100"));
  }
}

// The keys a selector already constrains (matchLabels and matchExpressions).
std::set<std::string> SelectorKeys(const LabelSelector& selector) {
  std::set<std::string> keys;
  for (const auto& [k, v] : selector.match_labels) keys.insert(k);
  for (const LabelSelectorRequirement& r : selector.match_expressions) keys.insert(r.key);
  return keys;
}

// validateLabelKeys: label names, and only together with a labelSelector.
void ValidateLabelKeys(const std::vector<std::string>& keys,
                       const std::optional<LabelSelector>& selector, const std::string& path,
                       FieldErrors& errors) {
  if (keys.empty()) return;
  if (!selector) {
    errors.Add(path, ForbiddenMessage("must not be specified when labelSelector is not set"));
    return;
  }
  for (size_t i = 0; i < keys.size(); ++i) ValidateLabelName(keys[i], Index(path, i), errors);
}

// validateMatchLabelKeysAndMismatchLabelKeys.
void ValidateMatchMismatchKeys(const PodAffinityTerm& term, const std::string& path,
                               FieldErrors& errors) {
  ValidateLabelKeys(term.match_label_keys, term.label_selector, Child(path, "matchLabelKeys"),
                    errors);
  ValidateLabelKeys(term.mismatch_label_keys, term.label_selector, Child(path, "mismatchLabelKeys"),
                    errors);
  // Upstream only reports a matchLabelKeys entry whose key appears in both matchLabels and
  // matchExpressions (the API server has already merged matchLabelKeys into the selector).
  if (term.label_selector) {
    std::set<std::string> seen;
    for (const auto& [k, v] : term.label_selector->match_labels) seen.insert(k);
    for (const LabelSelectorRequirement& r : term.label_selector->match_expressions) {
      for (size_t i = 0; i < term.match_label_keys.size(); ++i) {
        if (term.match_label_keys[i] == r.key && seen.count(r.key) > 0) {
          errors.Add(Index(path, i),
                     InvalidMessage(r.key, "exists in both matchLabelKeys and labelSelector"));
        }
      }
      seen.insert(r.key);
    }
  }
  const std::set<std::string> mismatch(term.mismatch_label_keys.begin(),
                                       term.mismatch_label_keys.end());
  for (size_t i = 0; i < term.match_label_keys.size(); ++i) {
    if (mismatch.count(term.match_label_keys[i]) > 0) {
      errors.Add(Index(Child(path, "matchLabelKeys"), i),
                 InvalidMessage(term.match_label_keys[i],
                                "exists in both matchLabelKeys and mismatchLabelKeys"));
    }
  }
}

void ValidatePodAffinityTerm(const PodAffinityTerm& term, const std::string& path,
                             FieldErrors& errors) {
  ValidateOptionalLabelSelector(term.label_selector, Child(path, "labelSelector"), errors);
  ValidateOptionalLabelSelector(term.namespace_selector, Child(path, "namespaceSelector"), errors);
  for (const std::string& ns : term.namespaces) {
    // Upstream names the field "namespace" here.
    for (const std::string& msg : IsDNS1123Label(ns)) {
      errors.Add(Child(path, "namespace"), InvalidMessage(ns, msg));
    }
  }
  ValidateMatchMismatchKeys(term, path, errors);
  if (term.topology_key.empty()) {
    errors.Add(Child(path, "topologyKey"), RequiredMessage("can not be empty"));
  }
  ValidateLabelName(term.topology_key, Child(path, "topologyKey"), errors);
}

template <class InterPod>
void ValidateInterPodAffinity(const InterPod& affinity, const std::string& path,
                              FieldErrors& errors) {
  const std::string required = Child(path, "requiredDuringSchedulingIgnoredDuringExecution");
  for (size_t i = 0; i < affinity.required_during_scheduling_ignored_during_execution.size(); ++i) {
    ValidatePodAffinityTerm(affinity.required_during_scheduling_ignored_during_execution[i],
                            Index(required, i), errors);
  }
  const std::string preferred = Child(path, "preferredDuringSchedulingIgnoredDuringExecution");
  for (size_t i = 0; i < affinity.preferred_during_scheduling_ignored_during_execution.size();
       ++i) {
    const WeightedPodAffinityTerm& term =
        affinity.preferred_during_scheduling_ignored_during_execution[i];
    ValidateWeight(term.weight, Child(Index(preferred, i), "weight"), errors);
    ValidatePodAffinityTerm(term.pod_affinity_term, Child(Index(preferred, i), "podAffinityTerm"),
                            errors);
  }
}

void ValidateNodeAffinity(const NodeAffinity& affinity, const std::string& path,
                          FieldErrors& errors) {
  if (affinity.required_during_scheduling_ignored_during_execution) {
    ValidateNodeSelector(*affinity.required_during_scheduling_ignored_during_execution,
                         Child(path, "requiredDuringSchedulingIgnoredDuringExecution"), errors);
  }
  const std::string preferred = Child(path, "preferredDuringSchedulingIgnoredDuringExecution");
  for (size_t i = 0; i < affinity.preferred_during_scheduling_ignored_during_execution.size();
       ++i) {
    const PreferredSchedulingTerm& term =
        affinity.preferred_during_scheduling_ignored_during_execution[i];
    ValidateWeight(term.weight, Child(Index(preferred, i), "weight"), errors);
    // Preferred terms may name label values that are invalid: they can still match.
    ValidateNodeSelectorTerm(term.preference, /*allow_invalid_values=*/true,
                             Child(Index(preferred, i), "preference"), errors);
  }
}

void ValidateInclusionPolicy(const std::optional<std::string>& policy, const std::string& path,
                             FieldErrors& errors) {
  if (policy && *policy != kNodeInclusionPolicyHonor && *policy != kNodeInclusionPolicyIgnore) {
    errors.Add(path, NotSupportedMessage(*policy, {"Honor", "Ignore"}));
  }
}

}  // namespace

void ValidateAffinity(const Affinity& affinity, const std::string& path, FieldErrors& errors) {
  if (affinity.node_affinity) {
    ValidateNodeAffinity(*affinity.node_affinity, Child(path, "nodeAffinity"), errors);
  }
  if (affinity.pod_affinity) {
    ValidateInterPodAffinity(*affinity.pod_affinity, Child(path, "podAffinity"), errors);
  }
  if (affinity.pod_anti_affinity) {
    ValidateInterPodAffinity(*affinity.pod_anti_affinity, Child(path, "podAntiAffinity"), errors);
  }
}

void ValidateTopologySpreadConstraints(const std::vector<TopologySpreadConstraint>& constraints,
                                       const std::string& path, FieldErrors& errors) {
  for (size_t i = 0; i < constraints.size(); ++i) {
    const TopologySpreadConstraint& c = constraints[i];
    const std::string at = Index(path, i);
    if (c.max_skew <= 0) {
      errors.Add(Child(at, "maxSkew"),
                 InvalidMessageRendered(std::to_string(c.max_skew), "must be greater than zero"));
    }
    if (c.topology_key.empty()) {
      errors.Add(Child(at, "topologyKey"), RequiredMessage("can not be empty"));
    }
    if (c.when_unsatisfiable != kDoNotSchedule && c.when_unsatisfiable != kScheduleAnyway) {
      errors.Add(Child(at, "whenUnsatisfiable"),
                 NotSupportedMessage(c.when_unsatisfiable, {"DoNotSchedule", "ScheduleAnyway"}));
    }
    // {topologyKey, whenUnsatisfiable} identifies a constraint: report the first of a pair.
    for (size_t j = i + 1; j < constraints.size(); ++j) {
      if (constraints[j].topology_key == c.topology_key &&
          constraints[j].when_unsatisfiable == c.when_unsatisfiable) {
        errors.Add(Child(at, "{topologyKey, whenUnsatisfiable}"),
                   DuplicateMessageRendered(
                       GoQuote("{" + c.topology_key + ", " + c.when_unsatisfiable + "}")));
        break;
      }
    }
    if (c.min_domains) {
      if (*c.min_domains <= 0) {
        errors.Add(Child(at, "minDomains"), InvalidMessageRendered(std::to_string(*c.min_domains),
                                                                   "must be greater than zero"));
      }
      if (c.when_unsatisfiable != kDoNotSchedule) {
        errors.Add(Child(at, "minDomains"),
                   InvalidMessageRendered(std::to_string(*c.min_domains),
                                          "can only use minDomains if "
                                          "whenUnsatisfiable=DoNotSchedule, not " +
                                              c.when_unsatisfiable));
      }
    }
    ValidateInclusionPolicy(c.node_affinity_policy, Child(at, "nodeAffinityPolicy"), errors);
    ValidateInclusionPolicy(c.node_taints_policy, Child(at, "nodeTaintsPolicy"), errors);
    if (!c.match_label_keys.empty()) {
      const std::string keys_path = Child(at, "matchLabelKeys");
      std::set<std::string> selector_keys;
      if (c.label_selector) {
        selector_keys = SelectorKeys(*c.label_selector);
      } else {
        errors.Add(keys_path,
                   ForbiddenMessage("must not be specified when labelSelector is not set"));
      }
      for (size_t k = 0; k < c.match_label_keys.size(); ++k) {
        ValidateLabelName(c.match_label_keys[k], Index(keys_path, k), errors);
        if (selector_keys.count(c.match_label_keys[k]) > 0) {
          errors.Add(Index(keys_path, k),
                     InvalidMessage(c.match_label_keys[k],
                                    "exists in both matchLabelKeys and labelSelector"));
        }
      }
    }
    ValidateOptionalLabelSelector(c.label_selector, Child(at, "labelSelector"), errors);
  }
}

}  // namespace tidepool::api
