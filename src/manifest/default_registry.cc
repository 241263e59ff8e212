#include "manifest/default_registry.h"

#include "api/k8s/k8s_kinds.h"
#include "api/karpenter/karpenter_kinds.h"
#include "api/keda/keda_kinds.h"
#include "api/tidepool/tidepool_kinds.h"
#include "formula/keda.h"

namespace tidepool::manifest {

const api::KindRegistry& DefaultRegistry() {
  static const api::KindRegistry* registry = [] {
    auto* r = new api::KindRegistry();
    api::RegisterCoreKinds(*r);
    api::keda::RegisterKedaKinds(*r, formula::KedaFormulaChecker());
    api::RegisterKarpenterKinds(*r);
    api::RegisterTidepoolKinds(*r);
    return r;
  }();
  return *registry;
}

}  // namespace tidepool::manifest
