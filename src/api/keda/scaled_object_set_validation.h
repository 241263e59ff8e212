// The ScaledObject admission checks that need other objects (scaledobject_webhook.go
// verifyScaledObjects and verifyCPUMemoryScalers), run over a set of decoded manifests instead
// of the API server's cache:
//   - two ScaledObjects in one namespace on the same workload (same group/version/kind and name):
//     "the workload 'web' of type 'apps/v1.Deployment' is already managed by the ScaledObject
//     'first'";
//   - two ScaledObjects that would own the same HPA: "the HPA 'keda-hpa-a' is already managed
//     by the ScaledObject 'a'";
//   - a cpu or memory trigger whose target Deployment or StatefulSet (when it is in the set) has a
//     container without that resource's request or limit: "the scaledobject has a cpu trigger but
//     the container app doesn't have the cpu request defined".
// In each conflict the first object in the set wins and the later ones get the error. A target
// that is not in the set is not checked (it may already exist in the cluster), where KEDA's
// webhook, which can look, rejects a missing one. LimitRange defaults, which KEDA accepts in
// place of container requests, are not modelled.
#pragma once

#include <cstddef>
#include <vector>

#include "api/field_errors.h"
#include "api/meta.h"

namespace tidepool::api::keda {

// A problem with objects[index].
struct ObjectFieldError {
  size_t index = 0;
  FieldError error;
  friend bool operator==(const ObjectFieldError&, const ObjectFieldError&) = default;
};

// `objects` is every decoded object of the manifest set, of any kind, in file order; objects
// that are not ScaledObjects, Deployments or StatefulSets are ignored. Namespaces compare with
// "" read as "default". Appends to `errors`.
void ValidateScaledObjectSet(const std::vector<const Object*>& objects,
                             std::vector<ObjectFieldError>& errors);

}  // namespace tidepool::api::keda
