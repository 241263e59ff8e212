// Codecs of core/v1 Pod and the pod-spec types. The lists passed to Extra() are the remaining
// fields of each upstream type (k8s.io/api core/v1 types.go): they are accepted and kept as they
// are; any other field is an unknown-field error.
#include "api/codec.h"
#include "api/k8s/common_validation.h"
#include "api/k8s/pod.h"

namespace tidepool::api {

template <class V>
void VisitFields(V& v, ContainerPort& p) {
  v("name", p.name);
  v("hostPort", p.host_port);
  v("containerPort", p.container_port);
  v("protocol", p.protocol);
  v("hostIP", p.host_ip);
  v.Extra(p.extra);
}
TIDEPOOL_DEFINE_CODEC(ContainerPort)

template <class V>
void VisitFields(V& v, ConfigMapKeySelector& s) {
  v("name", s.name);
  v("key", s.key);
  v("optional", s.optional);
  v.Extra(s.extra);
}
TIDEPOOL_DEFINE_CODEC(ConfigMapKeySelector)

template <class V>
void VisitFields(V& v, SecretKeySelector& s) {
  v("name", s.name);
  v("key", s.key);
  v("optional", s.optional);
  v.Extra(s.extra);
}
TIDEPOOL_DEFINE_CODEC(SecretKeySelector)

template <class V>
void VisitFields(V& v, EnvVarSource& s) {
  v("configMapKeyRef", s.config_map_key_ref);
  v("secretKeyRef", s.secret_key_ref);
  v.Extra(s.extra, {"fieldRef", "resourceFieldRef", "fileKeyRef"});
}
TIDEPOOL_DEFINE_CODEC(EnvVarSource)

template <class V>
void VisitFields(V& v, EnvVar& e) {
  v("name", e.name);
  v("value", e.value);
  v("valueFrom", e.value_from);
  v.Extra(e.extra);
}
TIDEPOOL_DEFINE_CODEC(EnvVar)

template <class V>
void VisitFields(V& v, ConfigMapEnvSource& s) {
  v("name", s.name);
  v("optional", s.optional);
  v.Extra(s.extra);
}
TIDEPOOL_DEFINE_CODEC(ConfigMapEnvSource)

template <class V>
void VisitFields(V& v, SecretEnvSource& s) {
  v("name", s.name);
  v("optional", s.optional);
  v.Extra(s.extra);
}
TIDEPOOL_DEFINE_CODEC(SecretEnvSource)

template <class V>
void VisitFields(V& v, EnvFromSource& s) {
  v("prefix", s.prefix);
  v("configMapRef", s.config_map_ref);
  v("secretRef", s.secret_ref);
  v.Extra(s.extra);
}
TIDEPOOL_DEFINE_CODEC(EnvFromSource)

template <class V>
void VisitFields(V& v, Container& c) {
  v("name", c.name);
  v("image", c.image);
  v("ports", c.ports);
  v("envFrom", c.env_from);
  v("env", c.env);
  v("resources", c.resources);
  v("restartPolicy", c.restart_policy);
  v.Extra(c.extra,
          {"command", "args", "workingDir", "resizePolicy", "restartPolicyRules", "volumeMounts",
           "volumeDevices", "livenessProbe", "readinessProbe", "startupProbe", "lifecycle",
           "terminationMessagePath", "terminationMessagePolicy", "imagePullPolicy",
           "securityContext", "stdin", "stdinOnce", "tty"});
}
TIDEPOOL_DEFINE_CODEC(Container)

template <class V>
void VisitFields(V& v, NodeAffinity& a) {
  v("requiredDuringSchedulingIgnoredDuringExecution",
    a.required_during_scheduling_ignored_during_execution);
  v("preferredDuringSchedulingIgnoredDuringExecution",
    a.preferred_during_scheduling_ignored_during_execution);
  v.Extra(a.extra);
}
TIDEPOOL_DEFINE_CODEC(NodeAffinity)

template <class V>
void VisitFields(V& v, PodAffinityTerm& t) {
  v("labelSelector", t.label_selector);
  v("namespaces", t.namespaces);
  v("topologyKey", t.topology_key);
  v("namespaceSelector", t.namespace_selector);
  v("matchLabelKeys", t.match_label_keys);
  v("mismatchLabelKeys", t.mismatch_label_keys);
  v.Extra(t.extra);
}
TIDEPOOL_DEFINE_CODEC(PodAffinityTerm)

template <class V>
void VisitFields(V& v, WeightedPodAffinityTerm& t) {
  v("weight", t.weight);
  v("podAffinityTerm", t.pod_affinity_term);
  v.Extra(t.extra);
}
TIDEPOOL_DEFINE_CODEC(WeightedPodAffinityTerm)

// PodAffinity and PodAntiAffinity have the same fields.
template <class V, class T>
void VisitInterPodAffinity(V& v, T& a) {
  v("requiredDuringSchedulingIgnoredDuringExecution",
    a.required_during_scheduling_ignored_during_execution);
  v("preferredDuringSchedulingIgnoredDuringExecution",
    a.preferred_during_scheduling_ignored_during_execution);
  v.Extra(a.extra);
}

template <class V>
void VisitFields(V& v, PodAffinity& a) {
  VisitInterPodAffinity(v, a);
}
TIDEPOOL_DEFINE_CODEC(PodAffinity)

template <class V>
void VisitFields(V& v, PodAntiAffinity& a) {
  VisitInterPodAffinity(v, a);
}
TIDEPOOL_DEFINE_CODEC(PodAntiAffinity)

template <class V>
void VisitFields(V& v, Affinity& a) {
  v("nodeAffinity", a.node_affinity);
  v("podAffinity", a.pod_affinity);
  v("podAntiAffinity", a.pod_anti_affinity);
  v.Extra(a.extra);
}
TIDEPOOL_DEFINE_CODEC(Affinity)

template <class V>
void VisitFields(V& v, TopologySpreadConstraint& c) {
  v("maxSkew", c.max_skew);
  v("topologyKey", c.topology_key);
  v("whenUnsatisfiable", c.when_unsatisfiable);
  v("labelSelector", c.label_selector);
  v("minDomains", c.min_domains);
  v("nodeAffinityPolicy", c.node_affinity_policy);
  v("nodeTaintsPolicy", c.node_taints_policy);
  v("matchLabelKeys", c.match_label_keys);
  v.Extra(c.extra);
}
TIDEPOOL_DEFINE_CODEC(TopologySpreadConstraint)

template <class V>
void VisitFields(V& v, PodSpec& s) {
  v("initContainers", s.init_containers);
  v("containers", s.containers);
  v("restartPolicy", s.restart_policy);
  v("terminationGracePeriodSeconds", s.termination_grace_period_seconds);
  v("activeDeadlineSeconds", s.active_deadline_seconds);
  v("dnsPolicy", s.dns_policy);
  v("nodeSelector", s.node_selector);
  v("serviceAccountName", s.service_account_name);
  v("nodeName", s.node_name);
  v("hostNetwork", s.host_network);
  v("affinity", s.affinity);
  v("schedulerName", s.scheduler_name);
  v("tolerations", s.tolerations);
  v("priorityClassName", s.priority_class_name);
  v("priority", s.priority);
  v("runtimeClassName", s.runtime_class_name);
  v("preemptionPolicy", s.preemption_policy);
  v("overhead", s.overhead);
  v("topologySpreadConstraints", s.topology_spread_constraints);
  v("resources", s.resources);
  v.Extra(s.extra, {"volumes",
                    "ephemeralContainers",
                    "serviceAccount",
                    "automountServiceAccountToken",
                    "hostPID",
                    "hostIPC",
                    "shareProcessNamespace",
                    "securityContext",
                    "imagePullSecrets",
                    "hostname",
                    "subdomain",
                    "hostAliases",
                    "dnsConfig",
                    "readinessGates",
                    "enableServiceLinks",
                    "setHostnameAsFQDN",
                    "os",
                    "hostUsers",
                    "schedulingGates",
                    "resourceClaims",
                    "hostnameOverride",
                    "schedulingGroup",
                    "evictionResponders"});
}
TIDEPOOL_DEFINE_CODEC(PodSpec)

template <class V>
void VisitFields(V& v, PodTemplateSpec& t) {
  v("metadata", t.metadata);
  v("spec", t.spec);
  v.Extra(t.extra);
}
TIDEPOOL_DEFINE_CODEC(PodTemplateSpec)

template <class V>
void VisitFields(V& v, PodCondition& c) {
  v("type", c.type);
  v("status", c.status);
  v("lastProbeTime", c.last_probe_time);
  v("lastTransitionTime", c.last_transition_time);
  v("reason", c.reason);
  v("message", c.message);
  v.ExtraLenient(c.extra);
}
TIDEPOOL_DEFINE_CODEC(PodCondition)

template <class V>
void VisitFields(V& v, PodStatus& s) {
  v("phase", s.phase);
  v("conditions", s.conditions);
  v("message", s.message);
  v("reason", s.reason);
  v("nominatedNodeName", s.nominated_node_name);
  v("hostIP", s.host_ip);
  v("podIP", s.pod_ip);
  v("startTime", s.start_time);
  v.ExtraLenient(s.extra);
}
TIDEPOOL_DEFINE_CODEC(PodStatus)

template <class V>
void VisitFields(V& v, Pod& p) {
  VisitObjectHeader(v, p);
  v("spec", p.spec);
  v("status", p.status);
  v.Extra(p.extra);
}
TIDEPOOL_DEFINE_CODEC(Pod)

bool HasExtraField(const ExtraFields& extra, std::string_view key) {
  auto it = extra.json().find(key);
  return it != extra.json().end() && !it->is_null();
}

}  // namespace tidepool::api
