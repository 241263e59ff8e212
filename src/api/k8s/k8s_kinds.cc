#include "api/k8s/k8s_kinds.h"

#include "api/k8s/config.h"
#include "api/k8s/job.h"
#include "api/k8s/node.h"
#include "api/k8s/pdb.h"
#include "api/k8s/pod.h"
#include "api/k8s/runtime_class.h"
#include "api/k8s/workloads.h"
#include "api/kind.h"

namespace tidepool::api {

void RegisterCoreKinds(KindRegistry& registry) {
  registry.Add(MakeKind<Pod>("v1", "Pod", /*namespaced=*/true));
  registry.Add(MakeKind<Node>("v1", "Node", /*namespaced=*/false));
  registry.Add(MakeKind<Namespace>("v1", "Namespace", /*namespaced=*/false));
  registry.Add(MakeKind<Secret>("v1", "Secret", /*namespaced=*/true));
  registry.Add(MakeKind<ConfigMap>("v1", "ConfigMap", /*namespaced=*/true));
  registry.Add(MakeKind<Deployment>("apps/v1", "Deployment", /*namespaced=*/true));
  registry.Add(MakeKind<ReplicaSet>("apps/v1", "ReplicaSet", /*namespaced=*/true));
  registry.Add(MakeKind<StatefulSet>("apps/v1", "StatefulSet", /*namespaced=*/true));
  registry.Add(MakeKind<DaemonSet>("apps/v1", "DaemonSet", /*namespaced=*/true));
  registry.Add(MakeKind<Job>("batch/v1", "Job", /*namespaced=*/true));
  registry.Add(MakeKind<PodDisruptionBudget>("policy/v1", "PodDisruptionBudget",
                                             /*namespaced=*/true));
  registry.Add(MakeKind<RuntimeClass>("node.k8s.io/v1", "RuntimeClass", /*namespaced=*/false));
}

}  // namespace tidepool::api
