// Scaler resolution over the in-memory cluster state.
//
// ClusterLookup: ResolverLookup over cluster::ClusterState: Secrets, ConfigMaps and
// TriggerAuthentications by namespace and name; ClusterTriggerAuthentications under the empty
// namespace (how ClusterState keys cluster-scoped objects). ServiceAccounts are not tracked yet,
// so aws workload identity resolution reports the ServiceAccount as not found.
//
// ScalableObjectFor: what BuildScalerConfig needs of a ScaledObject or ScaledJob, including the
// pod template KEDA resolves env from (ResolveScaleTargetPodSpec): a ScaledObject's apps/v1
// Deployment, StatefulSet or ReplicaSet target (missing -> error), no template for other kinds
// (custom resources), a ScaledJob's jobTargetRef.template.
//
// BuildScalerFromCluster: the whole path the controllers take for trigger i of an object:
// ScalableObjectFor, BuildScalerConfig, Registry::Build. A ScalerBuilder implementation (see
// autoscaling/scaler_builder.h) is a thin wrapper around it.
//
// Everything here holds references to the state, which must outlive it; same threading rules as
// ClusterState.
#pragma once

#include <memory>

#include "cluster/cluster_state.h"
#include "scalers/registry.h"
#include "scalers/resolver.h"

namespace tidepool::scalers {

class ClusterLookup final : public ResolverLookup {
 public:
  explicit ClusterLookup(const cluster::ClusterState& state) : state_(state) {}

  const api::Secret* GetSecret(std::string_view ns, std::string_view name) const override;
  const api::ConfigMap* GetConfigMap(std::string_view ns, std::string_view name) const override;
  const api::keda::TriggerAuthentication* GetTriggerAuthentication(
      std::string_view ns, std::string_view name) const override;
  const api::keda::ClusterTriggerAuthentication* GetClusterTriggerAuthentication(
      std::string_view name) const override;

 private:
  const cluster::ClusterState& state_;
};

// `object` must be a ScaledObject or a ScaledJob; the returned ref points into `object` and
// `state`.
[[nodiscard]] Result<ScalableObjectRef> ScalableObjectFor(const api::Object& object,
                                                          const cluster::ClusterState& state);

[[nodiscard]] Result<std::unique_ptr<Scaler>> BuildScalerFromCluster(
    const api::Object& object, const api::keda::ScaleTrigger& trigger, int trigger_index,
    const cluster::ClusterState& state, const Registry& registry, const Clock& clock,
    const ResolverOptions& options = {});

}  // namespace tidepool::scalers
