#include "scalers/cluster_lookup.h"

namespace tidepool::scalers {
namespace {

Result<const api::PodSpec*> ScaleTargetPodSpec(const api::keda::ScaledObject& so,
                                               const cluster::ClusterState& state) {
  const api::keda::ScaleTarget& target = so.spec.scale_target_ref;
  std::string_view ns = so.metadata.namespace_;
  bool apps = target.api_version.empty() || target.api_version == "apps/v1";
  std::string_view kind =
      target.kind.empty() ? std::string_view("Deployment") : std::string_view(target.kind);
  auto not_found = [&](std::string_view resource) {
    return Fail(ErrorCode::kNotFound,
                std::string(resource) + ".apps \"" + target.name + "\" not found");
  };
  if (apps && kind == "Deployment") {
    const auto* d = state.Get<api::Deployment>(ns, target.name);
    if (d == nullptr) return not_found("deployments");
    return &d->spec.template_.spec;
  }
  if (apps && kind == "StatefulSet") {
    const auto* s = state.Get<api::StatefulSet>(ns, target.name);
    if (s == nullptr) return not_found("statefulsets");
    return &s->spec.template_.spec;
  }
  if (apps && kind == "ReplicaSet") {
    const auto* r = state.Get<api::ReplicaSet>(ns, target.name);
    if (r == nullptr) return not_found("replicasets");
    return &r->spec.template_.spec;
  }
  // Custom resources: KEDA reads spec.template when present; tidepool does not hold them, so
  // there is no container environment (auth env entries resolve to "").
  return static_cast<const api::PodSpec*>(nullptr);
}

}  // namespace

const api::Secret* ClusterLookup::GetSecret(std::string_view ns, std::string_view name) const {
  return state_.Get<api::Secret>(ns, name);
}

const api::ConfigMap* ClusterLookup::GetConfigMap(std::string_view ns,
                                                  std::string_view name) const {
  return state_.Get<api::ConfigMap>(ns, name);
}

const api::keda::TriggerAuthentication* ClusterLookup::GetTriggerAuthentication(
    std::string_view ns, std::string_view name) const {
  return state_.Get<api::keda::TriggerAuthentication>(ns, name);
}

const api::keda::ClusterTriggerAuthentication* ClusterLookup::GetClusterTriggerAuthentication(
    std::string_view name) const {
  return state_.Get<api::keda::ClusterTriggerAuthentication>("", name);
}

Result<ScalableObjectRef> ScalableObjectFor(const api::Object& object,
                                            const cluster::ClusterState& state) {
  if (const auto* so = dynamic_cast<const api::keda::ScaledObject*>(&object)) {
    Result<const api::PodSpec*> pod_spec = ScaleTargetPodSpec(*so, state);
    if (!pod_spec) return Fail(pod_spec.error());
    return ScalableObjectRef{"ScaledObject",
                             so->metadata.name,
                             so->metadata.namespace_,
                             *pod_spec,
                             so->spec.scale_target_ref.env_source_container_name,
                             false};
  }
  if (const auto* sj = dynamic_cast<const api::keda::ScaledJob*>(&object)) {
    return ScalableObjectRef{"ScaledJob",
                             sj->metadata.name,
                             sj->metadata.namespace_,
                             &sj->spec.job_target_ref.template_.spec,
                             sj->spec.env_source_container_name,
                             false};
  }
  return Fail(ErrorCode::kInternal, "scalers are built only for ScaledObjects and ScaledJobs");
}

Result<std::unique_ptr<Scaler>> BuildScalerFromCluster(const api::Object& object,
                                                       const api::keda::ScaleTrigger& trigger,
                                                       int trigger_index,
                                                       const cluster::ClusterState& state,
                                                       const Registry& registry, const Clock& clock,
                                                       const ResolverOptions& options) {
  Result<ScalableObjectRef> ref = ScalableObjectFor(object, state);
  if (!ref) return Fail(ref.error().WithContext("error resolving secrets for ScaleTarget"));
  ClusterLookup lookup(state);
  Result<ScalerConfig> config =
      BuildScalerConfig(*ref, trigger, trigger_index, lookup, clock, options);
  if (!config) return Fail(config.error());
  return registry.Build(*config);
}

}  // namespace tidepool::scalers
