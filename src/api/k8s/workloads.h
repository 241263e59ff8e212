// apps/v1 Deployment, ReplicaSet, StatefulSet and DaemonSet: the workloads KEDA scales and whose
// pods the node autoscaler places.
//
// Replicas, selector, template and rollout strategy are typed; StatefulSet's
// volumeClaimTemplates, ordinals and PVC retention policy are kept in `extra`. Status sections are
// decoded leniently (unknown status fields are kept, not reported).
//
// Defaults follow pkg/apis/apps/v1/defaults.go; validation pkg/apis/apps/validation.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "api/codec_fwd.h"
#include "api/extra_fields.h"
#include "api/field_errors.h"
#include "api/int_or_string.h"
#include "api/k8s/pod.h"
#include "api/label_selector.h"
#include "api/meta.h"

namespace tidepool::api {

// The condition shape of the apps/v1 statuses (DeploymentCondition's lastUpdateTime is kept in
// `extra`).
struct WorkloadCondition {
  std::string type;
  std::string status;
  std::string last_transition_time;
  std::string reason;
  std::string message;
  ExtraFields extra;
  friend bool operator==(const WorkloadCondition&, const WorkloadCondition&) = default;
};
TIDEPOOL_DECLARE_CODEC(WorkloadCondition);

// ---- Deployment ---------------------------------------------------------------------------------

inline constexpr const char* kRollingUpdateStrategy = "RollingUpdate";
inline constexpr const char* kRecreateStrategy = "Recreate";
inline constexpr const char* kOnDeleteStrategy = "OnDelete";

struct RollingUpdateDeployment {
  std::optional<IntOrString> max_unavailable;
  std::optional<IntOrString> max_surge;
  ExtraFields extra;
  friend bool operator==(const RollingUpdateDeployment&, const RollingUpdateDeployment&) = default;
};
TIDEPOOL_DECLARE_CODEC(RollingUpdateDeployment);

struct DeploymentStrategy {
  std::string type;  // RollingUpdate (default) or Recreate
  std::optional<RollingUpdateDeployment> rolling_update;
  ExtraFields extra;
  friend bool operator==(const DeploymentStrategy&, const DeploymentStrategy&) = default;
};
TIDEPOOL_DECLARE_CODEC(DeploymentStrategy);

struct DeploymentSpec {
  std::optional<int32_t> replicas;
  std::optional<LabelSelector> selector;
  PodTemplateSpec template_;
  DeploymentStrategy strategy;
  int32_t min_ready_seconds = 0;
  std::optional<int32_t> revision_history_limit;
  bool paused = false;
  std::optional<int32_t> progress_deadline_seconds;
  ExtraFields extra;
  friend bool operator==(const DeploymentSpec&, const DeploymentSpec&) = default;
};
TIDEPOOL_DECLARE_CODEC(DeploymentSpec);

struct DeploymentStatus {
  int64_t observed_generation = 0;
  int32_t replicas = 0;
  int32_t updated_replicas = 0;
  int32_t ready_replicas = 0;
  int32_t available_replicas = 0;
  int32_t unavailable_replicas = 0;
  std::vector<WorkloadCondition> conditions;
  ExtraFields extra;
  friend bool operator==(const DeploymentStatus&, const DeploymentStatus&) = default;
};
TIDEPOOL_DECLARE_CODEC(DeploymentStatus);

struct Deployment : Object {
  DeploymentSpec spec;
  DeploymentStatus status;

  std::unique_ptr<Object> Clone() const override { return std::make_unique<Deployment>(*this); }
  friend bool operator==(const Deployment& a, const Deployment& b) {
    return a.HeaderEquals(b) && a.spec == b.spec && a.status == b.status;
  }
};
TIDEPOOL_DECLARE_CODEC(Deployment);

// ---- ReplicaSet ---------------------------------------------------------------------------------

struct ReplicaSetSpec {
  std::optional<int32_t> replicas;
  int32_t min_ready_seconds = 0;
  std::optional<LabelSelector> selector;
  PodTemplateSpec template_;
  ExtraFields extra;
  friend bool operator==(const ReplicaSetSpec&, const ReplicaSetSpec&) = default;
};
TIDEPOOL_DECLARE_CODEC(ReplicaSetSpec);

struct ReplicaSetStatus {
  int32_t replicas = 0;
  int32_t fully_labeled_replicas = 0;
  int32_t ready_replicas = 0;
  int32_t available_replicas = 0;
  int64_t observed_generation = 0;
  std::vector<WorkloadCondition> conditions;
  ExtraFields extra;
  friend bool operator==(const ReplicaSetStatus&, const ReplicaSetStatus&) = default;
};
TIDEPOOL_DECLARE_CODEC(ReplicaSetStatus);

struct ReplicaSet : Object {
  ReplicaSetSpec spec;
  ReplicaSetStatus status;

  std::unique_ptr<Object> Clone() const override { return std::make_unique<ReplicaSet>(*this); }
  friend bool operator==(const ReplicaSet& a, const ReplicaSet& b) {
    return a.HeaderEquals(b) && a.spec == b.spec && a.status == b.status;
  }
};
TIDEPOOL_DECLARE_CODEC(ReplicaSet);

// ---- StatefulSet --------------------------------------------------------------------------------

inline constexpr const char* kOrderedReadyPodManagement = "OrderedReady";
inline constexpr const char* kParallelPodManagement = "Parallel";

struct RollingUpdateStatefulSetStrategy {
  std::optional<int32_t> partition;
  std::optional<IntOrString> max_unavailable;
  ExtraFields extra;
  friend bool operator==(const RollingUpdateStatefulSetStrategy&,
                         const RollingUpdateStatefulSetStrategy&) = default;
};
TIDEPOOL_DECLARE_CODEC(RollingUpdateStatefulSetStrategy);

struct StatefulSetUpdateStrategy {
  std::string type;  // RollingUpdate (default) or OnDelete
  std::optional<RollingUpdateStatefulSetStrategy> rolling_update;
  ExtraFields extra;
  friend bool operator==(const StatefulSetUpdateStrategy&,
                         const StatefulSetUpdateStrategy&) = default;
};
TIDEPOOL_DECLARE_CODEC(StatefulSetUpdateStrategy);

struct StatefulSetSpec {
  std::optional<int32_t> replicas;
  std::optional<LabelSelector> selector;
  PodTemplateSpec template_;
  std::string service_name;
  std::string pod_management_policy;  // OrderedReady (default) or Parallel
  StatefulSetUpdateStrategy update_strategy;
  std::optional<int32_t> revision_history_limit;
  int32_t min_ready_seconds = 0;
  ExtraFields extra;  // volumeClaimTemplates, persistentVolumeClaimRetentionPolicy, ordinals
  friend bool operator==(const StatefulSetSpec&, const StatefulSetSpec&) = default;
};
TIDEPOOL_DECLARE_CODEC(StatefulSetSpec);

struct StatefulSetStatus {
  int64_t observed_generation = 0;
  int32_t replicas = 0;
  int32_t ready_replicas = 0;
  int32_t current_replicas = 0;
  int32_t updated_replicas = 0;
  int32_t available_replicas = 0;
  std::vector<WorkloadCondition> conditions;
  ExtraFields extra;
  friend bool operator==(const StatefulSetStatus&, const StatefulSetStatus&) = default;
};
TIDEPOOL_DECLARE_CODEC(StatefulSetStatus);

struct StatefulSet : Object {
  StatefulSetSpec spec;
  StatefulSetStatus status;

  std::unique_ptr<Object> Clone() const override { return std::make_unique<StatefulSet>(*this); }
  friend bool operator==(const StatefulSet& a, const StatefulSet& b) {
    return a.HeaderEquals(b) && a.spec == b.spec && a.status == b.status;
  }
};
TIDEPOOL_DECLARE_CODEC(StatefulSet);

// ---- DaemonSet ----------------------------------------------------------------------------------

struct RollingUpdateDaemonSet {
  std::optional<IntOrString> max_unavailable;
  std::optional<IntOrString> max_surge;
  ExtraFields extra;
  friend bool operator==(const RollingUpdateDaemonSet&, const RollingUpdateDaemonSet&) = default;
};
TIDEPOOL_DECLARE_CODEC(RollingUpdateDaemonSet);

struct DaemonSetUpdateStrategy {
  std::string type;  // RollingUpdate (default) or OnDelete
  std::optional<RollingUpdateDaemonSet> rolling_update;
  ExtraFields extra;
  friend bool operator==(const DaemonSetUpdateStrategy&, const DaemonSetUpdateStrategy&) = default;
};
TIDEPOOL_DECLARE_CODEC(DaemonSetUpdateStrategy);

struct DaemonSetSpec {
  std::optional<LabelSelector> selector;
  PodTemplateSpec template_;
  DaemonSetUpdateStrategy update_strategy;
  int32_t min_ready_seconds = 0;
  std::optional<int32_t> revision_history_limit;
  ExtraFields extra;
  friend bool operator==(const DaemonSetSpec&, const DaemonSetSpec&) = default;
};
TIDEPOOL_DECLARE_CODEC(DaemonSetSpec);

struct DaemonSetStatus {
  int32_t current_number_scheduled = 0;
  int32_t number_misscheduled = 0;
  int32_t desired_number_scheduled = 0;
  int32_t number_ready = 0;
  int64_t observed_generation = 0;
  int32_t updated_number_scheduled = 0;
  int32_t number_available = 0;
  int32_t number_unavailable = 0;
  std::vector<WorkloadCondition> conditions;
  ExtraFields extra;
  friend bool operator==(const DaemonSetStatus&, const DaemonSetStatus&) = default;
};
TIDEPOOL_DECLARE_CODEC(DaemonSetStatus);

struct DaemonSet : Object {
  DaemonSetSpec spec;
  DaemonSetStatus status;

  std::unique_ptr<Object> Clone() const override { return std::make_unique<DaemonSet>(*this); }
  friend bool operator==(const DaemonSet& a, const DaemonSet& b) {
    return a.HeaderEquals(b) && a.spec == b.spec && a.status == b.status;
  }
};
TIDEPOOL_DECLARE_CODEC(DaemonSet);

// ---- Defaults and validation --------------------------------------------------------------------

// Deployment: replicas 1, strategy RollingUpdate with maxUnavailable and maxSurge 25%,
// revisionHistoryLimit 10, progressDeadlineSeconds 600; pod-spec defaults on the template.
void SetDefaults(Deployment& deployment);
// ReplicaSet: replicas 1.
void SetDefaults(ReplicaSet& replica_set);
// StatefulSet: replicas 1, podManagementPolicy OrderedReady, updateStrategy RollingUpdate with
// partition 0, revisionHistoryLimit 10. (PVC retention policy Retain/Retain is not applied: it is
// unmodelled and only affects volume cleanup.)
void SetDefaults(StatefulSet& stateful_set);
// DaemonSet: updateStrategy RollingUpdate with maxUnavailable 1 and maxSurge 0,
// revisionHistoryLimit 10.
void SetDefaults(DaemonSet& daemon_set);

void Validate(const Deployment& deployment, FieldErrors& errors);
void Validate(const ReplicaSet& replica_set, FieldErrors& errors);
void Validate(const StatefulSet& stateful_set, FieldErrors& errors);
void Validate(const DaemonSet& daemon_set, FieldErrors& errors);

}  // namespace tidepool::api
