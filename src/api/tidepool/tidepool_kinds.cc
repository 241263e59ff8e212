#include "api/tidepool/tidepool_kinds.h"

#include "api/kind.h"
#include "api/tidepool/instance_catalog.h"
#include "api/tidepool/plan_options.h"

namespace tidepool::api {

void RegisterTidepoolKinds(KindRegistry& registry) {
  registry.Add(MakeKind<InstanceCatalog>(kTidepoolApiVersion, "InstanceCatalog",
                                         /*namespaced=*/false));
  registry.Add(MakeKind<PlanOptions>(kTidepoolApiVersion, "PlanOptions", /*namespaced=*/false));
}

}  // namespace tidepool::api
