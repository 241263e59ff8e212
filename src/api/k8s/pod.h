// core/v1 Pod and the pod-spec types shared by every workload kind (PodSpec, PodTemplateSpec,
// Container, affinity, topology spread).
//
// Fields that the autoscaler, the scheduler or KEDA's env resolution read are typed. Every other
// field of the upstream type is listed as known-but-unmodelled in the codec (pod_codec.cc) and
// kept in `extra`, so that any valid manifest decodes and encodes back unchanged while a typo such
// as `tolerationz` is reported as an unknown field.
//
// Optional upstream pointers are std::optional where nil and the zero value mean different things
// (e.g. an absent labelSelector selects nothing, an empty one selects everything).
//
// Defaulting (pod_defaults.cc) follows k8s.io/kubernetes pkg/apis/core/v1/defaults.go; validation
// (pod_validation.cc) follows pkg/apis/core/validation. See the functions at the end of this file.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "api/codec_fwd.h"
#include "api/extra_fields.h"
#include "api/field_errors.h"
#include "api/label_selector.h"
#include "api/meta.h"
#include "api/node_selector.h"
#include "api/resource_math.h"
#include "api/resources.h"
#include "api/taint.h"

namespace tidepool::api {

inline constexpr const char* kRestartPolicyAlways = "Always";
inline constexpr const char* kRestartPolicyOnFailure = "OnFailure";
inline constexpr const char* kRestartPolicyNever = "Never";

inline constexpr const char* kPodPending = "Pending";
inline constexpr const char* kPodRunning = "Running";
inline constexpr const char* kPodSucceeded = "Succeeded";
inline constexpr const char* kPodFailed = "Failed";
inline constexpr const char* kPodUnknown = "Unknown";

inline constexpr const char* kDefaultSchedulerName = "default-scheduler";
// Karpenter: a pod (or node) with this annotation set to "true" blocks voluntary disruption.
inline constexpr const char* kDoNotDisruptAnnotation = "karpenter.sh/do-not-disrupt";

struct ContainerPort {
  std::string name;
  int32_t host_port = 0;
  int32_t container_port = 0;
  std::string protocol;  // TCP (default), UDP, SCTP
  std::string host_ip;
  ExtraFields extra;
  friend bool operator==(const ContainerPort&, const ContainerPort&) = default;
};
TIDEPOOL_DECLARE_CODEC(ContainerPort);

// configMapKeyRef of an env var: one key of a ConfigMap in the pod's namespace.
struct ConfigMapKeySelector {
  std::string name;
  std::string key;
  std::optional<bool> optional;
  ExtraFields extra;
  friend bool operator==(const ConfigMapKeySelector&, const ConfigMapKeySelector&) = default;
};
TIDEPOOL_DECLARE_CODEC(ConfigMapKeySelector);

// secretKeyRef of an env var: one key of a Secret in the pod's namespace.
struct SecretKeySelector {
  std::string name;
  std::string key;
  std::optional<bool> optional;
  ExtraFields extra;
  friend bool operator==(const SecretKeySelector&, const SecretKeySelector&) = default;
};
TIDEPOOL_DECLARE_CODEC(SecretKeySelector);

// valueFrom of an env var. fieldRef, resourceFieldRef and fileKeyRef are kept in `extra`: they
// are resolved by the kubelet, never by the autoscaler.
struct EnvVarSource {
  std::optional<ConfigMapKeySelector> config_map_key_ref;
  std::optional<SecretKeySelector> secret_key_ref;
  ExtraFields extra;
  friend bool operator==(const EnvVarSource&, const EnvVarSource&) = default;
};
TIDEPOOL_DECLARE_CODEC(EnvVarSource);

struct EnvVar {
  std::string name;
  std::string value;
  std::optional<EnvVarSource> value_from;
  ExtraFields extra;
  friend bool operator==(const EnvVar&, const EnvVar&) = default;
};
TIDEPOOL_DECLARE_CODEC(EnvVar);

// configMapRef / secretRef of envFrom: every key of the named object becomes a variable.
struct ConfigMapEnvSource {
  std::string name;
  std::optional<bool> optional;
  ExtraFields extra;
  friend bool operator==(const ConfigMapEnvSource&, const ConfigMapEnvSource&) = default;
};
TIDEPOOL_DECLARE_CODEC(ConfigMapEnvSource);

struct SecretEnvSource {
  std::string name;
  std::optional<bool> optional;
  ExtraFields extra;
  friend bool operator==(const SecretEnvSource&, const SecretEnvSource&) = default;
};
TIDEPOOL_DECLARE_CODEC(SecretEnvSource);

struct EnvFromSource {
  std::string prefix;
  std::optional<ConfigMapEnvSource> config_map_ref;
  std::optional<SecretEnvSource> secret_ref;
  ExtraFields extra;
  friend bool operator==(const EnvFromSource&, const EnvFromSource&) = default;
};
TIDEPOOL_DECLARE_CODEC(EnvFromSource);

// Probes, lifecycle hooks, volume mounts, security context and the rest are in `extra`.
struct Container {
  std::string name;
  std::string image;
  std::vector<ContainerPort> ports;
  std::vector<EnvFromSource> env_from;
  std::vector<EnvVar> env;
  ResourceRequirements resources;
  // Only for init containers: "Always" makes a restartable (sidecar) init container, whose
  // requests add to the pod's for its whole life instead of only during initialisation.
  std::optional<std::string> restart_policy;
  ExtraFields extra;
  friend bool operator==(const Container&, const Container&) = default;
};
TIDEPOOL_DECLARE_CODEC(Container);

struct NodeAffinity {
  std::optional<NodeSelector> required_during_scheduling_ignored_during_execution;
  std::vector<PreferredSchedulingTerm> preferred_during_scheduling_ignored_during_execution;
  ExtraFields extra;
  friend bool operator==(const NodeAffinity&, const NodeAffinity&) = default;
};
TIDEPOOL_DECLARE_CODEC(NodeAffinity);

struct PodAffinityTerm {
  std::optional<LabelSelector> label_selector;  // absent selects no pods
  std::vector<std::string> namespaces;
  std::string topology_key;
  std::optional<LabelSelector> namespace_selector;  // present and empty: every namespace
  std::vector<std::string> match_label_keys;
  std::vector<std::string> mismatch_label_keys;
  ExtraFields extra;
  friend bool operator==(const PodAffinityTerm&, const PodAffinityTerm&) = default;
};
TIDEPOOL_DECLARE_CODEC(PodAffinityTerm);

struct WeightedPodAffinityTerm {
  int32_t weight = 0;  // 1-100
  PodAffinityTerm pod_affinity_term;
  ExtraFields extra;
  friend bool operator==(const WeightedPodAffinityTerm&, const WeightedPodAffinityTerm&) = default;
};
TIDEPOOL_DECLARE_CODEC(WeightedPodAffinityTerm);

struct PodAffinity {
  std::vector<PodAffinityTerm> required_during_scheduling_ignored_during_execution;
  std::vector<WeightedPodAffinityTerm> preferred_during_scheduling_ignored_during_execution;
  ExtraFields extra;
  friend bool operator==(const PodAffinity&, const PodAffinity&) = default;
};
TIDEPOOL_DECLARE_CODEC(PodAffinity);

struct PodAntiAffinity {
  std::vector<PodAffinityTerm> required_during_scheduling_ignored_during_execution;
  std::vector<WeightedPodAffinityTerm> preferred_during_scheduling_ignored_during_execution;
  ExtraFields extra;
  friend bool operator==(const PodAntiAffinity&, const PodAntiAffinity&) = default;
};
TIDEPOOL_DECLARE_CODEC(PodAntiAffinity);

struct Affinity {
  std::optional<NodeAffinity> node_affinity;
  std::optional<PodAffinity> pod_affinity;
  std::optional<PodAntiAffinity> pod_anti_affinity;
  ExtraFields extra;
  friend bool operator==(const Affinity&, const Affinity&) = default;
};
TIDEPOOL_DECLARE_CODEC(Affinity);

inline constexpr const char* kDoNotSchedule = "DoNotSchedule";
inline constexpr const char* kScheduleAnyway = "ScheduleAnyway";
inline constexpr const char* kNodeInclusionPolicyHonor = "Honor";
inline constexpr const char* kNodeInclusionPolicyIgnore = "Ignore";

struct TopologySpreadConstraint {
  int32_t max_skew = 0;
  std::string topology_key;
  std::string when_unsatisfiable;  // DoNotSchedule or ScheduleAnyway
  std::optional<LabelSelector> label_selector;
  std::optional<int32_t> min_domains;
  // Honor or Ignore; absent means Honor for nodeAffinityPolicy and Ignore for nodeTaintsPolicy.
  std::optional<std::string> node_affinity_policy;
  std::optional<std::string> node_taints_policy;
  std::vector<std::string> match_label_keys;
  ExtraFields extra;
  friend bool operator==(const TopologySpreadConstraint&,
                         const TopologySpreadConstraint&) = default;
};
TIDEPOOL_DECLARE_CODEC(TopologySpreadConstraint);

struct PodSpec {
  std::vector<Container> init_containers;
  std::vector<Container> containers;
  std::string restart_policy;  // Always (default), OnFailure, Never
  std::optional<int64_t> termination_grace_period_seconds;
  std::optional<int64_t> active_deadline_seconds;
  std::string dns_policy;
  std::map<std::string, std::string> node_selector;
  std::string service_account_name;
  std::string node_name;
  bool host_network = false;
  std::optional<Affinity> affinity;
  std::string scheduler_name;
  std::vector<Toleration> tolerations;
  std::string priority_class_name;
  std::optional<int32_t> priority;
  std::optional<std::string> runtime_class_name;
  std::optional<std::string> preemption_policy;  // PreemptLowerPriority or Never
  ResourceList overhead;                         // set from the RuntimeClass at admission
  std::vector<TopologySpreadConstraint> topology_spread_constraints;
  // Pod-level requests and limits (cpu, memory, hugepages), which override the containers' sum.
  std::optional<ResourceRequirements> resources;
  ExtraFields extra;
  friend bool operator==(const PodSpec&, const PodSpec&) = default;
};
TIDEPOOL_DECLARE_CODEC(PodSpec);

struct PodTemplateSpec {
  ObjectMeta metadata;
  PodSpec spec;
  ExtraFields extra;
  friend bool operator==(const PodTemplateSpec&, const PodTemplateSpec&) = default;
};
TIDEPOOL_DECLARE_CODEC(PodTemplateSpec);

inline constexpr const char* kPodScheduled = "PodScheduled";
inline constexpr const char* kPodReady = "Ready";
inline constexpr const char* kPodReasonUnschedulable = "Unschedulable";

struct PodCondition {
  std::string type;    // PodScheduled, Ready, Initialized, ContainersReady, DisruptionTarget
  std::string status;  // True, False, Unknown
  std::string last_probe_time;
  std::string last_transition_time;
  std::string reason;
  std::string message;
  ExtraFields extra;
  friend bool operator==(const PodCondition&, const PodCondition&) = default;
};
TIDEPOOL_DECLARE_CODEC(PodCondition);

// Written by the scheduler and the kubelet; decoded leniently (unmodelled fields kept).
struct PodStatus {
  std::string phase;
  std::vector<PodCondition> conditions;
  std::string message;
  std::string reason;
  std::string nominated_node_name;
  std::string host_ip;
  std::string pod_ip;
  std::string start_time;  // RFC 3339, as written
  ExtraFields extra;
  friend bool operator==(const PodStatus&, const PodStatus&) = default;
};
TIDEPOOL_DECLARE_CODEC(PodStatus);

struct Pod : Object {
  PodSpec spec;
  PodStatus status;

  std::unique_ptr<Object> Clone() const override { return std::make_unique<Pod>(*this); }
  friend bool operator==(const Pod& a, const Pod& b) {
    return a.HeaderEquals(b) && a.spec == b.spec && a.status == b.status;
  }
};
TIDEPOOL_DECLARE_CODEC(Pod);

// Defaults of pkg/apis/core/v1/defaults.go for a pod spec (also run on workload templates):
// restartPolicy Always, terminationGracePeriodSeconds 30, dnsPolicy ClusterFirst, schedulerName
// default-scheduler, and protocol TCP on container ports.
void SetDefaults(PodSpec& spec);
// Pod-only defaults on top of the spec's (upstream applies them to Pods, not to templates):
// DefaultRequestsFromLimits, and under hostNetwork a port's hostPort defaults to its
// containerPort.
void SetDefaults(Pod& pod);
// Upstream's limits-to-requests rules: a container's unset requests take its limits; with
// pod-level limits, an unset pod-level request takes the containers' aggregate request for that
// resource, or the pod-level limit when no container requests it (defaultPodRequests).
void DefaultRequestsFromLimits(PodSpec& spec);

// Upstream ValidatePodSpec / ValidatePodTemplateSpec. `path` is the spec's field path
// ("spec", "spec.template.spec").
void ValidatePodSpec(const PodSpec& spec, const std::string& path, FieldErrors& errors);
void ValidatePodTemplateSpec(const PodTemplateSpec& tmpl, const std::string& path,
                             FieldErrors& errors);
void Validate(const Pod& pod, FieldErrors& errors);

// The resource parts of `spec` as api/resource_math.h takes them, as written (no defaulting).
PodResourceInputs PodResourceInputsOf(const PodSpec& spec);
// The pod's effective resource requests as the scheduler counts them (api::PodRequests: the
// larger of the regular-plus-sidecar sum and the init-container peak, pod-level overrides, plus
// overhead), after DefaultRequestsFromLimits, as the API server would store the pod: a template
// with only limits is sized as the pod it becomes.
ResourceList PodRequests(const PodSpec& spec);

}  // namespace tidepool::api
