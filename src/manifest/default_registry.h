// The registry of every kind tidepool understands, built once: Kubernetes built-ins, KEDA and
// Karpenter. The one table that wires the API families together.
#pragma once

#include "api/registry.h"

namespace tidepool::manifest {

const api::KindRegistry& DefaultRegistry();

}  // namespace tidepool::manifest
