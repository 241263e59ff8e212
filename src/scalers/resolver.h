// Authentication and environment resolution for scalers (kedacore/keda
// pkg/scaling/resolver/scale_resolvers.go and pkg/scaling/scalers_builder.go): what a trigger's
// ScalerConfig holds besides its metadata.
//
//  - ResolveContainerEnv: the environment of the scale target's container (containerName, or
//    the first container): envFrom ConfigMaps/Secrets first (with prefix), then env entries
//    (value with `$(VAR)` expansion against what is resolved so far, or valueFrom
//    secretKeyRef/configMapKeyRef; a missing object is skipped when `optional`, an error
//    otherwise; fieldRef/resourceFieldRef are skipped).
//  - ResolveAuthRef: authParams and pod identity from a (Cluster)TriggerAuthentication, in
//    KEDA's order: env, then configMapTargetRef, then secretTargetRef (later entries overwrite
//    earlier ones). A missing TriggerAuthentication, Secret, ConfigMap or key resolves to ""
//    (upstream logs and carries on). ClusterTriggerAuthentication refs read Secrets/ConfigMaps
//    from ResolverOptions::cluster_object_namespace. oauth2 sets oauthTokenURI, clientID,
//    clientSecret, scopes and endpointParams. filePath, HashiCorp Vault, Azure Key Vault,
//    GCP/AWS secret managers and boundServiceAccountToken are refused with a clear
//    "not supported yet" error rather than silently ignored.
//  - BuildScalerConfig: the ScalerConfig for trigger i of a ScaledObject/ScaledJob.
//
// Secret values never appear in errors or logs: errors name objects, keys and parameters only.
// All lookups go through ResolverLookup, so the same code runs over the cluster state, the
// simulator, or a test fixture.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "api/k8s/config.h"
#include "api/k8s/pod.h"
#include "api/keda/scale_triggers.h"
#include "api/keda/trigger_authentication.h"
#include "core/status.h"
#include "scalers/scaler.h"

namespace tidepool::scalers {

// Read access to the objects resolution needs; nullptr when absent. Pointers are used only
// during the call that obtained them.
class ResolverLookup {
 public:
  virtual ~ResolverLookup() = default;
  virtual const api::Secret* GetSecret(std::string_view ns, std::string_view name) const = 0;
  virtual const api::ConfigMap* GetConfigMap(std::string_view ns, std::string_view name) const = 0;
  virtual const api::keda::TriggerAuthentication* GetTriggerAuthentication(
      std::string_view ns, std::string_view name) const = 0;
  virtual const api::keda::ClusterTriggerAuthentication* GetClusterTriggerAuthentication(
      std::string_view name) const = 0;
  // Annotations of a ServiceAccount (for aws pod identity with identityOwner: workload and
  // aws-eks); nullptr when absent or not tracked.
  virtual const std::map<std::string, std::string>* GetServiceAccountAnnotations(
      std::string_view /*ns*/, std::string_view /*name*/) const {
    return nullptr;
  }
};

struct ResolverOptions {
  // KEDA_CLUSTER_OBJECT_NAMESPACE: where ClusterTriggerAuthentication secrets live.
  std::string cluster_object_namespace = "keda";
  Duration global_http_timeout = Duration::Seconds(3);
};

// `$(VAR)` expansion as upstream's resolveEnvValue: `$$` is a literal `$`, an unknown or
// unterminated reference is kept as written.
std::string ExpandEnvValue(std::string_view value, const std::map<std::string, std::string>& env);

[[nodiscard]] Result<std::map<std::string, std::string>> ResolveContainerEnv(
    const api::PodSpec& pod_spec, std::string_view container_name, std::string_view ns,
    const ResolverLookup& lookup);

struct ResolvedAuth {
  std::map<std::string, std::string> auth_params;
  std::string pod_identity_provider = "none";
  std::optional<api::keda::AuthPodIdentity> pod_identity;
};

// ResolveAuthRefAndPodIdentity. `pod_spec` may be null (no scale target pod template), in which
// case env entries resolve to "".
[[nodiscard]] Result<ResolvedAuth> ResolveAuthRef(
    const std::optional<api::keda::AuthenticationRef>& ref, std::string_view ns,
    const api::PodSpec* pod_spec, const ResolverLookup& lookup,
    const ResolverOptions& options = {});

// What BuildScalerConfig needs of the ScaledObject/ScaledJob.
struct ScalableObjectRef {
  std::string_view kind;  // "ScaledObject" or "ScaledJob"
  std::string_view name;
  std::string_view ns;
  const api::PodSpec* pod_spec = nullptr;  // the scale target's pod template spec, if any
  std::string_view env_source_container_name;
  bool as_metric_source = false;
};

// scalers_builder.go's factory: env from the target container, auth from the trigger's ref.
// Errors: "error resolving secrets for ScaleTarget: ..." and the auth errors.
[[nodiscard]] Result<ScalerConfig> BuildScalerConfig(
    const ScalableObjectRef& object, const api::keda::ScaleTrigger& trigger, int trigger_index,
    const ResolverLookup& lookup, const Clock& clock, const ResolverOptions& options = {});

}  // namespace tidepool::scalers
