// Pod validation after k8s.io/kubernetes pkg/apis/core/validation (ValidatePodSpec,
// validateContainers, validateInitContainers, ValidatePodTemplateSpec, validatePodMetadataAndSpec)
// for the typed fields. Unmodelled fields (volumes, probes, security contexts, ...) are kept as
// written and not validated here.
#include <cctype>
#include <climits>
#include <set>

#include "api/k8s/common_validation.h"
#include "api/k8s/pod.h"
#include "api/k8s/pod_validation_internal.h"
#include "api/name_validation.h"
#include "api/tolerations.h"

namespace tidepool::api {
namespace {

std::string RangeError(int64_t lo, int64_t hi) {
  return "must be between " + std::to_string(lo) + " and " + std::to_string(hi) + ", inclusive";
}

// validation.IsValidPortName (IANA service names).
std::vector<std::string> PortNameProblems(std::string_view name) {
  std::vector<std::string> problems;
  if (name.size() > 15) problems.push_back(MaxLenError(15));
  bool charset_ok = true;
  bool has_letter = false;
  for (char c : name) {
    if (c >= 'a' && c <= 'z') {
      has_letter = true;
    } else if (!(c >= '0' && c <= '9') && c != '-') {
      charset_ok = false;
    }
  }
  if (!charset_ok) {
    problems.push_back("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
  }
  if (!has_letter) problems.push_back("must contain at least one letter (a-z)");
  if (name.find("--") != std::string_view::npos) {
    problems.push_back("must not contain consecutive hyphens");
  }
  if (!name.empty() && (name.front() == '-' || name.back() == '-')) {
    problems.push_back("must not begin or end with a hyphen");
  }
  return problems;
}

void ValidatePortNumber(int64_t port, const std::string& path, FieldErrors& errors) {
  if (port < 1 || port > 65535) {
    errors.Add(path, InvalidMessageRendered(std::to_string(port), RangeError(1, 65535)));
  }
}

void ValidatePorts(const std::vector<ContainerPort>& ports, const std::string& path,
                   FieldErrors& errors) {
  std::set<std::string> names;
  for (size_t i = 0; i < ports.size(); ++i) {
    const ContainerPort& port = ports[i];
    const std::string at = Index(path, i);
    if (!port.name.empty()) {
      std::vector<std::string> problems = PortNameProblems(port.name);
      for (const std::string& msg : problems) {
        errors.Add(Child(at, "name"), InvalidMessage(port.name, msg));
      }
      if (problems.empty() && !names.insert(port.name).second) {
        errors.Add(Child(at, "name"), DuplicateMessageRendered(GoQuote(port.name)));
      }
    }
    if (port.container_port == 0) {
      errors.Add(Child(at, "containerPort"), RequiredMessage());
    } else {
      ValidatePortNumber(port.container_port, Child(at, "containerPort"), errors);
    }
    if (port.host_port != 0) ValidatePortNumber(port.host_port, Child(at, "hostPort"), errors);
    if (port.protocol.empty()) {
      errors.Add(Child(at, "protocol"), RequiredMessage());
    } else if (port.protocol != "TCP" && port.protocol != "UDP" && port.protocol != "SCTP") {
      errors.Add(Child(at, "protocol"), NotSupportedMessage(port.protocol, {"SCTP", "TCP", "UDP"}));
    }
  }
}

// validation.IsRelaxedEnvVarName (the RelaxedEnvironmentVariableValidation rule, on by default).
void ValidateEnvVarName(std::string_view name, const std::string& path, FieldErrors& errors) {
  for (char c : name) {
    const auto u = static_cast<unsigned char>(c);
    if (u > 126 || u < 32 || c == '=') {
      errors.Add(path, InvalidMessage(name,
                                      "a valid environment variable name must consist only "
                                      "of printable ASCII characters other than '='"));
      return;
    }
  }
}

void ValidateObjectRefName(std::string_view name, const std::string& path, FieldErrors& errors) {
  for (const std::string& msg : IsDNS1123Subdomain(name)) {
    errors.Add(path, InvalidMessage(name, msg));
  }
}

template <class Selector>
void ValidateKeySelector(const Selector& s, const std::string& path, FieldErrors& errors) {
  ValidateObjectRefName(s.name, Child(path, "name"), errors);
  if (s.key.empty()) {
    errors.Add(Child(path, "key"), RequiredMessage());
    return;
  }
  for (const std::string& msg : ConfigMapKeyProblems(s.key)) {
    errors.Add(Child(path, "key"), InvalidMessage(s.key, msg));
  }
}

void ValidateEnv(const std::vector<EnvVar>& env, const std::string& path, FieldErrors& errors) {
  for (size_t i = 0; i < env.size(); ++i) {
    const EnvVar& var = env[i];
    const std::string at = Index(path, i);
    if (var.name.empty()) {
      errors.Add(Child(at, "name"), RequiredMessage());
    } else {
      ValidateEnvVarName(var.name, Child(at, "name"), errors);
    }
    if (!var.value_from) continue;
    const EnvVarSource& from = *var.value_from;
    const std::string from_path = Child(at, "valueFrom");
    size_t sources = 0;
    for (std::string_view other : {"fieldRef", "resourceFieldRef", "fileKeyRef"}) {
      if (HasExtraField(from.extra, other)) ++sources;
    }
    if (from.config_map_key_ref) {
      ++sources;
      ValidateKeySelector(*from.config_map_key_ref, Child(from_path, "configMapKeyRef"), errors);
    }
    if (from.secret_key_ref) {
      ++sources;
      ValidateKeySelector(*from.secret_key_ref, Child(from_path, "secretKeyRef"), errors);
    }
    if (sources == 0) {
      errors.Add(from_path, InvalidMessage("",
                                           "must specify one of: `fieldRef`, "
                                           "`resourceFieldRef`, `configMapKeyRef` or "
                                           "`secretKeyRef`"));
    } else if (!var.value.empty()) {
      errors.Add(from_path, InvalidMessage("", "may not be specified when `value` is not empty"));
    } else if (sources > 1) {
      errors.Add(from_path,
                 InvalidMessage("", "may not have more than one field specified at a time"));
    }
  }
}

void ValidateEnvFrom(const std::vector<EnvFromSource>& env_from, const std::string& path,
                     FieldErrors& errors) {
  for (size_t i = 0; i < env_from.size(); ++i) {
    const EnvFromSource& source = env_from[i];
    const std::string at = Index(path, i);
    if (!source.prefix.empty()) ValidateEnvVarName(source.prefix, Child(at, "prefix"), errors);
    int sources = 0;
    auto check_name = [&](const std::string& name, const std::string& ref_path) {
      ++sources;
      if (name.empty()) {
        errors.Add(Child(ref_path, "name"), RequiredMessage());
      } else {
        ValidateObjectRefName(name, Child(ref_path, "name"), errors);
      }
    };
    if (source.config_map_ref) check_name(source.config_map_ref->name, Child(at, "configMapRef"));
    if (source.secret_ref) check_name(source.secret_ref->name, Child(at, "secretRef"));
    if (sources == 0) {
      errors.Add(path, InvalidMessage("", "must specify one of: `configMapRef` or `secretRef`"));
    } else if (sources > 1) {
      errors.Add(path, InvalidMessage("", "may not have more than one field specified at a time"));
    }
  }
}

// validateContainerCommon for the modelled fields.
void ValidateContainerCommon(const Container& c, const std::string& path, FieldErrors& errors) {
  if (c.name.empty()) {
    errors.Add(Child(path, "name"), RequiredMessage());
  } else {
    for (const std::string& msg : IsDNS1123Label(c.name)) {
      errors.Add(Child(path, "name"), InvalidMessage(c.name, msg));
    }
  }
  if (c.image.empty()) errors.Add(Child(path, "image"), RequiredMessage());
  ValidatePorts(c.ports, Child(path, "ports"), errors);
  ValidateEnv(c.env, Child(path, "env"), errors);
  ValidateEnvFrom(c.env_from, Child(path, "envFrom"), errors);
  ValidateResourceRequirements(c.resources, Child(path, "resources"), errors);
}

// AccumulateUniqueHostPorts: the same protocol/hostIP/hostPort used twice.
void CheckHostPortConflicts(const std::vector<Container>& containers, size_t first_index,
                            const std::string& path, std::set<std::string>& seen,
                            FieldErrors& errors) {
  for (size_t ci = 0; ci < containers.size(); ++ci) {
    const Container& c = containers[ci];
    for (size_t pi = 0; pi < c.ports.size(); ++pi) {
      const ContainerPort& p = c.ports[pi];
      if (p.host_port == 0) continue;
      const std::string key = p.protocol + "/" + p.host_ip + "/" + std::to_string(p.host_port);
      if (!seen.insert(key).second) {
        errors.Add(Child(Index(Child(Index(path, first_index + ci), "ports"), pi), "hostPort"),
                   DuplicateMessageRendered(GoQuote(key)));
      }
    }
  }
}

void ValidateContainers(const PodSpec& spec, const std::string& path, FieldErrors& errors) {
  if (spec.containers.empty()) {
    errors.Add(path, RequiredMessage());
    return;
  }
  std::set<std::string> names;
  for (size_t i = 0; i < spec.containers.size(); ++i) {
    const Container& c = spec.containers[i];
    const std::string at = Index(path, i);
    ValidateContainerCommon(c, at, errors);
    if (!names.insert(c.name).second) {
      errors.Add(Child(at, "name"), DuplicateMessageRendered(GoQuote(c.name)));
    }
    if (c.restart_policy) {
      errors.Add(Child(at, "restartPolicy"),
                 ForbiddenMessage("may not be set for non-init containers"));
    }
  }
  std::set<std::string> host_ports;
  CheckHostPortConflicts(spec.containers, 0, path, host_ports, errors);
}

void ValidateInitContainers(const PodSpec& spec, const std::string& path, FieldErrors& errors) {
  std::set<std::string> names;
  for (const Container& c : spec.containers) names.insert(c.name);
  for (size_t i = 0; i < spec.init_containers.size(); ++i) {
    const Container& c = spec.init_containers[i];
    const std::string at = Index(path, i);
    ValidateContainerCommon(c, at, errors);
    const bool restartable = c.restart_policy && *c.restart_policy == kRestartPolicyAlways;
    if (c.restart_policy && !restartable) {
      errors.Add(Child(at, "restartPolicy"), NotSupportedMessage(*c.restart_policy, {"Always"}));
    }
    if (names.count(c.name) > 0) {
      errors.Add(Child(at, "name"), DuplicateMessageRendered(GoQuote(c.name)));
    } else if (!c.name.empty()) {
      names.insert(c.name);
    }
    // Init containers run one by one, so only conflicts within one container count.
    std::set<std::string> host_ports;
    CheckHostPortConflicts({c}, i, path, host_ports, errors);
    if (!restartable) {
      for (std::string_view field :
           {"lifecycle", "livenessProbe", "readinessProbe", "startupProbe"}) {
        if (HasExtraField(c.extra, field)) {
          errors.Add(
              Child(at, field),
              ForbiddenMessage("may not be set for init containers without restartPolicy=Always"));
        }
      }
    }
  }
}

void ValidateEnum(const std::string& value, std::initializer_list<std::string_view> supported,
                  const std::string& path, FieldErrors& errors) {
  if (value.empty()) {
    errors.Add(path, RequiredMessage());
    return;
  }
  for (std::string_view s : supported) {
    if (value == s) return;
  }
  errors.Add(path, NotSupportedMessage(value, supported));
}

void ValidateNameField(const std::string& value, const std::string& path, FieldErrors& errors) {
  for (const std::string& msg : IsDNS1123Subdomain(value)) {
    errors.Add(path, InvalidMessage(value, msg));
  }
}

// validatePodResources for the pod-level requests and limits.
void ValidatePodResources(const ResourceRequirements& resources, const std::string& path,
                          FieldErrors& errors) {
  for (const ResourceList* list : {&resources.limits, &resources.requests}) {
    const std::string at = Child(path, list == &resources.limits ? "limits" : "requests");
    for (const auto& [name, q] : *list) {
      if (name != kResourceCPU && name != kResourceMemory && name.rfind("hugepages-", 0) != 0) {
        errors.Add(Key(at, name), NotSupportedMessage(name, {"cpu", "hugepages-", "memory"}));
      }
      ValidateResourceQuantity(name, q, Key(at, name), errors);
    }
  }
  for (const auto& [name, q] : resources.requests) {
    auto limit = resources.limits.find(name);
    if (limit != resources.limits.end() && q > limit->second) {
      errors.Add(Child(path, "requests"),
                 InvalidMessage(q.ToString(), "must be less than or equal to " + name +
                                                  " limit of " + limit->second.ToString()));
    }
  }
}

}  // namespace

namespace {

void ValidatePodSpecInternal(const PodSpec& spec, bool resource_is_pod, const std::string& path,
                             FieldErrors& errors) {
  if (!spec.termination_grace_period_seconds) {
    errors.Add(Child(path, "terminationGracePeriodSeconds"), RequiredMessage());
  }
  ValidateContainers(spec, Child(path, "containers"), errors);
  ValidateInitContainers(spec, Child(path, "initContainers"), errors);
  if (spec.resources) ValidatePodResources(*spec.resources, Child(path, "resources"), errors);

  // Under hostNetwork a host port equals the container port; templates may leave it 0 because
  // the pod's defaulting fills it in.
  if (spec.host_network) {
    for (size_t i = 0; i < spec.containers.size(); ++i) {
      const auto& ports = spec.containers[i].ports;
      for (size_t j = 0; j < ports.size(); ++j) {
        const ContainerPort& p = ports[j];
        if ((resource_is_pod || p.host_port != 0) && p.host_port != p.container_port) {
          errors.Add(
              Child(Index(Child(Index(Child(path, "containers"), i), "ports"), j), "hostPort"),
              InvalidMessageRendered(std::to_string(p.host_port),
                                     "must match `containerPort` when `hostNetwork` is "
                                     "true"));
        }
      }
    }
  }

  ValidateEnum(spec.restart_policy, {"Always", "OnFailure", "Never"}, Child(path, "restartPolicy"),
               errors);
  ValidateEnum(spec.dns_policy, {"ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"},
               Child(path, "dnsPolicy"), errors);
  ValidateLabels(spec.node_selector, Child(path, "nodeSelector"), errors);
  if (spec.affinity) ValidateAffinity(*spec.affinity, Child(path, "affinity"), errors);
  ValidateTopologySpreadConstraints(spec.topology_spread_constraints,
                                    Child(path, "topologySpreadConstraints"), errors);
  if (!spec.service_account_name.empty()) {
    ValidateNameField(spec.service_account_name, Child(path, "serviceAccountName"), errors);
  }
  if (!spec.node_name.empty()) ValidateNameField(spec.node_name, Child(path, "nodeName"), errors);
  if (spec.active_deadline_seconds) {
    const int64_t v = *spec.active_deadline_seconds;
    if (v < 1 || v > INT32_MAX) {
      errors.Add(Child(path, "activeDeadlineSeconds"),
                 InvalidMessageRendered(std::to_string(v), RangeError(1, INT32_MAX)));
    }
  }
  if (!spec.tolerations.empty()) {
    ValidateTolerations(spec.tolerations, Child(path, "tolerations"), errors);
  }
  if (!spec.priority_class_name.empty()) {
    ValidateNameField(spec.priority_class_name, Child(path, "priorityClassName"), errors);
  }
  if (spec.runtime_class_name) {
    ValidateNameField(*spec.runtime_class_name, Child(path, "runtimeClassName"), errors);
  }
  if (spec.preemption_policy) {
    ValidateEnum(*spec.preemption_policy, {"PreemptLowerPriority", "Never"},
                 Child(path, "preemptionPolicy"), errors);
  }
  if (!spec.overhead.empty()) {
    ResourceRequirements overhead;
    overhead.limits = spec.overhead;
    ValidateResourceRequirements(overhead, Child(path, "overhead"), errors);
  }
}

}  // namespace

void ValidatePodSpec(const PodSpec& spec, const std::string& path, FieldErrors& errors) {
  ValidatePodSpecInternal(spec, /*resource_is_pod=*/false, path, errors);
}

void ValidatePodTemplateSpec(const PodTemplateSpec& tmpl, const std::string& path,
                             FieldErrors& errors) {
  // Upstream reports template labels and annotations under the template's path itself.
  ValidateLabels(tmpl.metadata.labels, Child(path, "labels"), errors);
  ValidateAnnotations(tmpl.metadata.annotations, Child(path, "annotations"), errors);
  ValidatePodSpec(tmpl.spec, Child(path, "spec"), errors);
  if (HasExtraField(tmpl.spec.extra, "ephemeralContainers")) {
    errors.Add(Child(Child(path, "spec"), "ephemeralContainers"),
               ForbiddenMessage("ephemeral containers not allowed in pod template"));
  }
}

void Validate(const Pod& pod, FieldErrors& errors) {
  ValidateObjectMeta(pod.metadata, /*namespaced=*/true, NameRule::kDNS1123Subdomain, "metadata",
                     errors);
  ValidatePodSpecInternal(pod.spec, /*resource_is_pod=*/true, "spec", errors);
  // Pods (not templates) reject images with surrounding whitespace.
  auto check_images = [&](const std::vector<Container>& containers, const std::string& path) {
    for (size_t i = 0; i < containers.size(); ++i) {
      const std::string& image = containers[i].image;
      if (!image.empty() && (std::isspace(static_cast<unsigned char>(image.front())) ||
                             std::isspace(static_cast<unsigned char>(image.back())))) {
        errors.Add(Child(Index(path, i), "image"),
                   InvalidMessage(image, "must not have leading or trailing whitespace"));
      }
    }
  };
  check_images(pod.spec.containers, "spec.containers");
  check_images(pod.spec.init_containers, "spec.initContainers");
}

}  // namespace tidepool::api
