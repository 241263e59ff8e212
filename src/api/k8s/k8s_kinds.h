// The Kubernetes built-in kinds tidepool reads from manifests and serves from its cluster state.
#pragma once

#include "api/registry.h"

namespace tidepool::api {

// Registers v1 Pod, Node, Namespace, Secret, ConfigMap; apps/v1 Deployment, ReplicaSet,
// StatefulSet, DaemonSet; batch/v1 Job; policy/v1 PodDisruptionBudget; node.k8s.io/v1
// RuntimeClass.
void RegisterCoreKinds(KindRegistry& registry);

}  // namespace tidepool::api
