// The karpenter.sh/termination finalizer on Nodes and NodeClaims (controllerutil's
// ContainsFinalizer / RemoveFinalizer). Pure functions; thread-safe.
#pragma once

#include <algorithm>
#include <string>
#include <vector>

#include "api/karpenter/labels.h"
#include "api/meta.h"

namespace tidepool::termination {

inline bool HasTerminationFinalizer(const api::ObjectMeta& metadata) {
  return std::ranges::find(metadata.finalizers, api::kTerminationFinalizer) !=
         metadata.finalizers.end();
}

// Whether the object is being deleted and waits on this flow.
inline bool AwaitsTermination(const api::ObjectMeta& metadata) {
  return !metadata.deletion_timestamp.empty() && HasTerminationFinalizer(metadata);
}

// Returns whether the finalizer was there.
inline bool RemoveTerminationFinalizer(api::ObjectMeta& metadata) {
  return std::erase(metadata.finalizers, std::string(api::kTerminationFinalizer)) > 0;
}

}  // namespace tidepool::termination
