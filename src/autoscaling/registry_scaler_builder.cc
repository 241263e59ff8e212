#include "autoscaling/registry_scaler_builder.h"

#include "api/keda/scaled_job.h"
#include "api/keda/scaled_object.h"

namespace tidepool::autoscaling {

namespace keda = api::keda;

namespace {

// The pod template of a ScaledObject's target, when it is a workload cluster state holds.
const api::PodSpec* TargetPodSpec(const cluster::ClusterState& state,
                                  const keda::ScaledObject& so) {
  if (keda::ScaleTargetApiVersion(so) != "apps/v1") return nullptr;
  const std::string_view kind = keda::ScaleTargetKind(so);
  const std::string& ns = so.metadata.namespace_;
  const std::string& name = so.spec.scale_target_ref.name;
  if (kind == "Deployment") {
    if (const auto* d = state.Get<api::Deployment>(ns, name)) return &d->spec.template_.spec;
  } else if (kind == "StatefulSet") {
    if (const auto* s = state.Get<api::StatefulSet>(ns, name)) return &s->spec.template_.spec;
  } else if (kind == "ReplicaSet") {
    if (const auto* r = state.Get<api::ReplicaSet>(ns, name)) return &r->spec.template_.spec;
  }
  return nullptr;
}

}  // namespace

Result<std::unique_ptr<scalers::Scaler>> RegistryScalerBuilder::Build(
    const api::Object& object, const keda::ScaleTrigger& trigger, int trigger_index) {
  scalers::ScalableObjectRef ref;
  ref.name = object.metadata.name;
  ref.ns = object.metadata.namespace_;
  if (const auto* so = dynamic_cast<const keda::ScaledObject*>(&object)) {
    ref.kind = keda::kKindScaledObject;
    ref.pod_spec = TargetPodSpec(state_, *so);
    ref.env_source_container_name = so->spec.scale_target_ref.env_source_container_name;
  } else if (const auto* sj = dynamic_cast<const keda::ScaledJob*>(&object)) {
    ref.kind = keda::kKindScaledJob;
    ref.pod_spec = &sj->spec.job_target_ref.template_.spec;
    ref.env_source_container_name = sj->spec.env_source_container_name;
  } else {
    return Fail(ErrorCode::kInvalidArgument,
                "scalers are built for ScaledObjects and ScaledJobs, not " + object.kind);
  }
  Result<scalers::ScalerConfig> config =
      scalers::BuildScalerConfig(ref, trigger, trigger_index, lookup_, clock_, options_);
  if (!config) return Fail(config.error());
  return registry_.Build(*config);
}

}  // namespace tidepool::autoscaling
