// ResolverLookup over the in-memory cluster state: Secrets, ConfigMaps and
// TriggerAuthentications by namespace and name; ClusterTriggerAuthentications under the empty
// namespace (how ClusterState keys cluster-scoped objects). ServiceAccounts are not tracked yet,
// so aws workload identity resolution reports the ServiceAccount as not found.
//
// Holds a reference to the state, which must outlive it; same threading rules as ClusterState.
#pragma once

#include "cluster/cluster_state.h"
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

}  // namespace tidepool::scalers
