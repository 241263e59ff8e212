// PodDisruptionBudget validation (pkg/apis/policy/validation) and RuntimeClass validation
// (pkg/apis/node/validation).
#include "api/k8s/common_validation.h"
#include "api/k8s/pdb.h"
#include "api/k8s/runtime_class.h"
#include "api/name_validation.h"
#include "api/selector.h"
#include "api/tolerations.h"

namespace tidepool::api {

void SetDefaults(PodDisruptionBudget&) {}

void Validate(const PodDisruptionBudget& pdb, FieldErrors& errors) {
  ValidateObjectMeta(pdb.metadata, /*namespaced=*/true, NameRule::kDNS1123Subdomain, "metadata",
                     errors);
  const PodDisruptionBudgetSpec& spec = pdb.spec;
  if (spec.min_available && spec.max_unavailable) {
    errors.Add("spec", InvalidMessageRendered(
                           "{...}", "minAvailable and maxUnavailable cannot be both set"));
  }
  if (spec.min_available) {
    ValidatePositiveIntOrPercent(*spec.min_available, "spec.minAvailable", errors);
    ValidateNotMoreThan100Percent(*spec.min_available, "spec.minAvailable", errors);
  }
  if (spec.max_unavailable) {
    ValidatePositiveIntOrPercent(*spec.max_unavailable, "spec.maxUnavailable", errors);
    ValidateNotMoreThan100Percent(*spec.max_unavailable, "spec.maxUnavailable", errors);
  }
  ValidateOptionalLabelSelector(spec.selector, "spec.selector", errors);
  if (spec.unhealthy_pod_eviction_policy &&
      *spec.unhealthy_pod_eviction_policy != kIfHealthyBudget &&
      *spec.unhealthy_pod_eviction_policy != kAlwaysAllow) {
    errors.Add("spec.unhealthyPodEvictionPolicy",
               NotSupportedMessage(*spec.unhealthy_pod_eviction_policy,
                                   {"AlwaysAllow", "IfHealthyBudget"}));
  }
}

void SetDefaults(RuntimeClass&) {}

void Validate(const RuntimeClass& runtime_class, FieldErrors& errors) {
  ValidateObjectMeta(runtime_class.metadata, /*namespaced=*/false, NameRule::kDNS1123Subdomain,
                     "metadata", errors);
  for (const std::string& msg : IsDNS1123Label(runtime_class.handler)) {
    errors.Add("handler", InvalidMessage(runtime_class.handler, msg));
  }
  if (runtime_class.overhead) {
    ResourceRequirements fixed;
    fixed.limits = runtime_class.overhead->pod_fixed;
    ValidateResourceRequirements(fixed, "overhead", errors);
  }
  if (runtime_class.scheduling) {
    const RuntimeClassScheduling& s = *runtime_class.scheduling;
    ValidateLabels(s.node_selector, "scheduling.nodeSelector", errors);
    ValidateTolerations(s.tolerations, "scheduling.tolerations", errors);
    // Tolerations are a list keyed by key, operator, value and effect.
    for (size_t i = 0; i < s.tolerations.size(); ++i) {
      for (size_t j = 0; j < i; ++j) {
        const Toleration& t = s.tolerations[i];
        if (MatchToleration(t, s.tolerations[j])) {
          errors.Add(Index("scheduling.tolerations", i),
                     DuplicateMessageRendered(GoQuote(t.key + ":" + t.value + ":" + t.effect)));
          break;
        }
      }
    }
  }
}

}  // namespace tidepool::api
