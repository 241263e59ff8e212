// tidepool's own kinds (group tidepool.dev): inputs to `tidepool plan` and the simulator.
#pragma once

#include "api/registry.h"

namespace tidepool::api {

// Registers tidepool.dev/v1alpha1 InstanceCatalog and PlanOptions (both cluster-scoped).
void RegisterTidepoolKinds(KindRegistry& registry);

}  // namespace tidepool::api
