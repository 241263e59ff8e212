#include "scalers/cluster_lookup.h"

namespace tidepool::scalers {

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

}  // namespace tidepool::scalers
