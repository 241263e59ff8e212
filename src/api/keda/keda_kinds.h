// Registers the keda.sh/v1alpha1 kinds (ScaledObject, ScaledJob, TriggerAuthentication,
// ClusterTriggerAuthentication) with the kind registry: decoding with the CRDs' defaults,
// encoding, and validation with the CRDs' rules and KEDA's admission webhooks.
#pragma once

#include "api/keda/scaled_object.h"
#include "api/registry.h"

namespace tidepool::api::keda {

void RegisterKedaKinds(KindRegistry& registry);
// As above, with ScaledObject validation also compiling scalingModifiers formulas.
void RegisterKedaKinds(KindRegistry& registry, FormulaChecker check_formula);

}  // namespace tidepool::api::keda
