// Validation rules that need the whole set of loaded objects rather than one object: each API
// family contributes its own (KEDA: one ScaledObject per workload, cpu/memory triggers need
// container requests). Called by Loader::ValidateSet.
#pragma once

namespace tidepool::manifest {

struct LoadResult;

void ValidateObjectSet(LoadResult& result);

}  // namespace tidepool::manifest
