// The ScalerBuilder the simulator and production use: resolves a trigger's environment (the scale
// target's container) and authentication (TriggerAuthentication / ClusterTriggerAuthentication,
// Secrets, ConfigMaps) from cluster state with the scalers' resolver, then builds the scaler from
// a registry by trigger type. Tests use a fake builder instead.
//
// The scale target's pod template is read for a ScaledObject from its Deployment, StatefulSet or
// ReplicaSet (none for other kinds: `<param>FromEnv` and env auth then resolve to ""), and for a
// ScaledJob from jobTargetRef. Errors are the resolver's and the registry's, which never contain
// secret values.
//
// Holds references to the registry, state and clock, which must outlive it. Single-threaded.
#pragma once

#include <memory>

#include "autoscaling/scaler_builder.h"
#include "cluster/cluster_state.h"
#include "core/clock.h"
#include "scalers/cluster_lookup.h"
#include "scalers/registry.h"
#include "scalers/resolver.h"

namespace tidepool::autoscaling {

class RegistryScalerBuilder : public ScalerBuilder {
 public:
  RegistryScalerBuilder(const scalers::Registry& registry, const cluster::ClusterState& state,
                        const Clock& clock, scalers::ResolverOptions options = {})
      : registry_(registry), state_(state), clock_(clock), lookup_(state), options_(options) {}

  [[nodiscard]] Result<std::unique_ptr<scalers::Scaler>> Build(
      const api::Object& object, const api::keda::ScaleTrigger& trigger,
      int trigger_index) override;

 private:
  const scalers::Registry& registry_;
  const cluster::ClusterState& state_;
  const Clock& clock_;
  scalers::ClusterLookup lookup_;
  scalers::ResolverOptions options_;
};

}  // namespace tidepool::autoscaling
