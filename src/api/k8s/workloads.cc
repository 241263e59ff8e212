// apps/v1 defaults (pkg/apis/apps/v1/defaults.go) and validation (pkg/apis/apps/validation) of
// Deployment, ReplicaSet, StatefulSet and DaemonSet.
#include "api/k8s/workloads.h"

#include "api/k8s/common_validation.h"
#include "api/name_validation.h"
#include "api/selector.h"

namespace tidepool::api {
namespace {

constexpr int32_t kDefaultRevisionHistoryLimit = 10;
constexpr int32_t kDefaultProgressDeadlineSeconds = 600;

// A selector is required, valid and not empty; `kind` names the kind in upstream's message.
void ValidateWorkloadSelector(const std::optional<LabelSelector>& selector, const char* kind,
                              const std::string& path, FieldErrors& errors) {
  if (!selector) {
    errors.Add(path, RequiredMessage());
    return;
  }
  ValidateLabelSelector(*selector, path, errors);
  if (SelectorIsEmpty(*selector)) {
    errors.Add(path,
               InvalidMessageRendered("{}", std::string("empty selector is invalid for ") + kind));
  }
}

// The template rules shared by every controller kind whose pods run forever
// (ValidatePodTemplateSpecForReplicaSet and friends): pod template validity, restartPolicy
// Always and no activeDeadlineSeconds.
void ValidateLongRunningTemplate(const PodTemplateSpec& tmpl, const char* kind,
                                 const std::string& path, FieldErrors& errors) {
  ValidatePodTemplateSpec(tmpl, path, errors);
  if (tmpl.spec.restart_policy != kRestartPolicyAlways) {
    errors.Add(Child(path, "spec.restartPolicy"),
               NotSupportedMessage(tmpl.spec.restart_policy, {"Always"}));
  }
  if (tmpl.spec.active_deadline_seconds) {
    errors.Add(
        Child(path, "spec.activeDeadlineSeconds"),
        ForbiddenMessage(std::string("activeDeadlineSeconds in ") + kind + " is not Supported"));
  }
}

void ValidateOptionalNonnegative(const std::optional<int32_t>& value, const std::string& path,
                                 FieldErrors& errors) {
  if (value) ValidateNonnegative(*value, path, errors);
}

void ValidateDeploymentStrategy(const DeploymentStrategy& strategy, const std::string& path,
                                FieldErrors& errors) {
  if (strategy.type == kRecreateStrategy) {
    if (strategy.rolling_update) {
      errors.Add(Child(path, "rollingUpdate"),
                 ForbiddenMessage("may not be specified when strategy `type` is 'Recreate'"));
    }
  } else if (strategy.type == kRollingUpdateStrategy) {
    if (!strategy.rolling_update) {
      errors.Add(Child(path, "rollingUpdate"),
                 RequiredMessage("this should be defaulted and never be nil"));
      return;
    }
    const IntOrString unavailable =
        strategy.rolling_update->max_unavailable.value_or(IntOrString::Int(0));
    const IntOrString surge = strategy.rolling_update->max_surge.value_or(IntOrString::Int(0));
    const std::string unavailable_path = Child(path, "rollingUpdate.maxUnavailable");
    ValidatePositiveIntOrPercent(unavailable, unavailable_path, errors);
    ValidatePositiveIntOrPercent(surge, Child(path, "rollingUpdate.maxSurge"), errors);
    if (IntOrPercentValue(unavailable) == 0 && IntOrPercentValue(surge) == 0) {
      errors.Add(unavailable_path, InvalidMessageRendered(RenderIntOrString(unavailable),
                                                          "may not be 0 when `maxSurge` is 0"));
    }
    ValidateNotMoreThan100Percent(unavailable, unavailable_path, errors);
  } else {
    errors.Add(path, NotSupportedMessage(strategy.type, {"Recreate", "RollingUpdate"}));
  }
}

void ValidateStatefulSetUpdateStrategy(const StatefulSetUpdateStrategy& strategy,
                                       const std::string& path, FieldErrors& errors) {
  if (strategy.type.empty()) {
    errors.Add(path, RequiredMessage());
  } else if (strategy.type == kOnDeleteStrategy) {
    if (strategy.rolling_update) {
      errors.Add(Child(path, "rollingUpdate"),
                 InvalidMessageRendered("{}", "only allowed for updateStrategy 'RollingUpdate'"));
    }
  } else if (strategy.type == kRollingUpdateStrategy) {
    if (!strategy.rolling_update) return;
    const std::string at = Child(path, "rollingUpdate");
    ValidateNonnegative(strategy.rolling_update->partition.value_or(0), Child(at, "partition"),
                        errors);
    if (strategy.rolling_update->max_unavailable) {
      const IntOrString& max = *strategy.rolling_update->max_unavailable;
      const std::string max_path = Child(at, "maxUnavailable");
      ValidatePositiveIntOrPercent(max, max_path, errors);
      if (IntOrPercentValue(max) == 0) {
        errors.Add(max_path, InvalidMessageRendered(RenderIntOrString(max), "cannot be 0"));
      }
      ValidateNotMoreThan100Percent(max, max_path, errors);
    }
  } else {
    errors.Add(path, InvalidMessage(strategy.type, "must be 'RollingUpdate' or 'OnDelete'"));
  }
}

void ValidateDaemonSetUpdateStrategy(const DaemonSetUpdateStrategy& strategy,
                                     const std::string& path, FieldErrors& errors) {
  if (strategy.type == kOnDeleteStrategy) return;
  if (strategy.type != kRollingUpdateStrategy) {
    errors.Add(path, NotSupportedMessage(strategy.type, {"RollingUpdate", "OnDelete"}));
    return;
  }
  if (!strategy.rolling_update) {
    errors.Add(Child(path, "rollingUpdate"), RequiredMessage());
    return;
  }
  const std::string at = Child(path, "rollingUpdate");
  const IntOrString unavailable =
      strategy.rolling_update->max_unavailable.value_or(IntOrString::Int(0));
  const IntOrString surge = strategy.rolling_update->max_surge.value_or(IntOrString::Int(0));
  ValidatePositiveIntOrPercent(unavailable, Child(at, "maxUnavailable"), errors);
  ValidatePositiveIntOrPercent(surge, Child(at, "maxSurge"), errors);
  ValidateNotMoreThan100Percent(unavailable, Child(at, "maxUnavailable"), errors);
  ValidateNotMoreThan100Percent(surge, Child(at, "maxSurge"), errors);
  const bool has_unavailable = IntOrPercentValue(unavailable) != 0;
  const bool has_surge = IntOrPercentValue(surge) != 0;
  if (has_unavailable && has_surge) {
    errors.Add(Child(at, "maxSurge"),
               InvalidMessageRendered(RenderIntOrString(surge),
                                      "may not be set when maxUnavailable is non-zero"));
  } else if (!has_unavailable && !has_surge) {
    errors.Add(Child(at, "maxUnavailable"), RequiredMessage("cannot be 0 when maxSurge is 0"));
  }
}

}  // namespace

void SetDefaults(Deployment& deployment) {
  DeploymentSpec& spec = deployment.spec;
  if (!spec.replicas) spec.replicas = 1;
  if (spec.strategy.type.empty()) spec.strategy.type = kRollingUpdateStrategy;
  if (spec.strategy.type == kRollingUpdateStrategy) {
    if (!spec.strategy.rolling_update) spec.strategy.rolling_update.emplace();
    RollingUpdateDeployment& ru = *spec.strategy.rolling_update;
    if (!ru.max_unavailable) ru.max_unavailable = IntOrString::String("25%");
    if (!ru.max_surge) ru.max_surge = IntOrString::String("25%");
  }
  if (!spec.revision_history_limit) spec.revision_history_limit = kDefaultRevisionHistoryLimit;
  if (!spec.progress_deadline_seconds) {
    spec.progress_deadline_seconds = kDefaultProgressDeadlineSeconds;
  }
  SetDefaults(spec.template_.spec);
}

void SetDefaults(ReplicaSet& replica_set) {
  if (!replica_set.spec.replicas) replica_set.spec.replicas = 1;
  SetDefaults(replica_set.spec.template_.spec);
}

void SetDefaults(StatefulSet& stateful_set) {
  StatefulSetSpec& spec = stateful_set.spec;
  if (spec.pod_management_policy.empty()) spec.pod_management_policy = kOrderedReadyPodManagement;
  if (spec.update_strategy.type.empty()) {
    spec.update_strategy.type = kRollingUpdateStrategy;
    if (!spec.update_strategy.rolling_update) spec.update_strategy.rolling_update.emplace();
  }
  if (spec.update_strategy.type == kRollingUpdateStrategy && spec.update_strategy.rolling_update &&
      !spec.update_strategy.rolling_update->partition) {
    spec.update_strategy.rolling_update->partition = 0;
  }
  if (!spec.replicas) spec.replicas = 1;
  if (!spec.revision_history_limit) spec.revision_history_limit = kDefaultRevisionHistoryLimit;
  SetDefaults(spec.template_.spec);
}

void SetDefaults(DaemonSet& daemon_set) {
  DaemonSetSpec& spec = daemon_set.spec;
  if (spec.update_strategy.type.empty()) spec.update_strategy.type = kRollingUpdateStrategy;
  if (spec.update_strategy.type == kRollingUpdateStrategy) {
    if (!spec.update_strategy.rolling_update) spec.update_strategy.rolling_update.emplace();
    RollingUpdateDaemonSet& ru = *spec.update_strategy.rolling_update;
    if (!ru.max_unavailable) ru.max_unavailable = IntOrString::Int(1);
    if (!ru.max_surge) ru.max_surge = IntOrString::Int(0);
  }
  if (!spec.revision_history_limit) spec.revision_history_limit = kDefaultRevisionHistoryLimit;
  SetDefaults(spec.template_.spec);
}

void Validate(const Deployment& deployment, FieldErrors& errors) {
  ValidateObjectMeta(deployment.metadata, true, NameRule::kDNS1123Subdomain, "metadata", errors);
  const DeploymentSpec& spec = deployment.spec;
  ValidateOptionalNonnegative(spec.replicas, "spec.replicas", errors);
  ValidateWorkloadSelector(spec.selector, "deployment", "spec.selector", errors);
  ValidateSelectorMatchesTemplate(spec.selector, spec.template_.metadata.labels,
                                  /*skip_if_empty=*/true, "spec.template.metadata.labels", errors);
  ValidateLongRunningTemplate(spec.template_, "ReplicaSet", "spec.template", errors);
  ValidateDeploymentStrategy(spec.strategy, "spec.strategy", errors);
  ValidateNonnegative(spec.min_ready_seconds, "spec.minReadySeconds", errors);
  ValidateOptionalNonnegative(spec.revision_history_limit, "spec.revisionHistoryLimit", errors);
  if (spec.progress_deadline_seconds) {
    ValidateNonnegative(*spec.progress_deadline_seconds, "spec.progressDeadlineSeconds", errors);
    if (*spec.progress_deadline_seconds <= spec.min_ready_seconds) {
      errors.Add("spec.progressDeadlineSeconds",
                 InvalidMessageRendered(std::to_string(*spec.progress_deadline_seconds),
                                        "must be greater than minReadySeconds"));
    }
  }
}

void Validate(const ReplicaSet& replica_set, FieldErrors& errors) {
  ValidateObjectMeta(replica_set.metadata, true, NameRule::kDNS1123Subdomain, "metadata", errors);
  const ReplicaSetSpec& spec = replica_set.spec;
  ValidateOptionalNonnegative(spec.replicas, "spec.replicas", errors);
  ValidateNonnegative(spec.min_ready_seconds, "spec.minReadySeconds", errors);
  // Upstream's message names "deployment" for ReplicaSets too.
  ValidateWorkloadSelector(spec.selector, "deployment", "spec.selector", errors);
  ValidateSelectorMatchesTemplate(spec.selector, spec.template_.metadata.labels,
                                  /*skip_if_empty=*/true, "spec.template.metadata.labels", errors);
  ValidateLongRunningTemplate(spec.template_, "ReplicaSet", "spec.template", errors);
}

void Validate(const StatefulSet& stateful_set, FieldErrors& errors) {
  // Pod names are <name>-<ordinal> and double as hostnames, so the name is a DNS label.
  ValidateObjectMeta(stateful_set.metadata, true, NameRule::kDNS1123Label, "metadata", errors);
  const StatefulSetSpec& spec = stateful_set.spec;
  if (spec.pod_management_policy.empty()) {
    errors.Add("spec.podManagementPolicy", RequiredMessage());
  } else if (spec.pod_management_policy != kOrderedReadyPodManagement &&
             spec.pod_management_policy != kParallelPodManagement) {
    errors.Add("spec.podManagementPolicy",
               InvalidMessage(spec.pod_management_policy, "must be 'OrderedReady' or 'Parallel'"));
  }
  ValidateStatefulSetUpdateStrategy(spec.update_strategy, "spec.updateStrategy", errors);
  ValidateOptionalNonnegative(spec.replicas, "spec.replicas", errors);
  ValidateNonnegative(spec.min_ready_seconds, "spec.minReadySeconds", errors);
  ValidateOptionalNonnegative(spec.revision_history_limit, "spec.revisionHistoryLimit", errors);
  ValidateWorkloadSelector(spec.selector, "statefulset", "spec.selector", errors);
  ValidateSelectorMatchesTemplate(spec.selector, spec.template_.metadata.labels,
                                  /*skip_if_empty=*/true, "spec.template.metadata.labels", errors);
  ValidateLongRunningTemplate(spec.template_, "StatefulSet", "spec.template", errors);
}

void Validate(const DaemonSet& daemon_set, FieldErrors& errors) {
  ValidateObjectMeta(daemon_set.metadata, true, NameRule::kDNS1123Subdomain, "metadata", errors);
  const DaemonSetSpec& spec = daemon_set.spec;
  ValidateOptionalLabelSelector(spec.selector, "spec.selector", errors);
  // An absent selector selects nothing, so it never matches the template either.
  ValidateSelectorMatchesTemplate(spec.selector, spec.template_.metadata.labels,
                                  /*skip_if_empty=*/false, "spec.template.metadata.labels", errors);
  if (spec.selector && SelectorIsEmpty(*spec.selector)) {
    errors.Add("spec.selector", InvalidMessageRendered("{}",
                                                       "empty selector is invalid for "
                                                       "daemonset"));
  }
  ValidateLongRunningTemplate(spec.template_, "DaemonSet", "spec.template", errors);
  ValidateNonnegative(spec.min_ready_seconds, "spec.minReadySeconds", errors);
  ValidateDaemonSetUpdateStrategy(spec.update_strategy, "spec.updateStrategy", errors);
  ValidateOptionalNonnegative(spec.revision_history_limit, "spec.revisionHistoryLimit", errors);
}

}  // namespace tidepool::api
