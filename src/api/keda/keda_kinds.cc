#include "api/keda/keda_kinds.h"

#include "api/keda/scaled_job.h"
#include "api/keda/trigger_authentication.h"
#include "api/kind.h"

namespace tidepool::api::keda {

void RegisterKedaKinds(KindRegistry& registry) { RegisterKedaKinds(registry, nullptr); }

void RegisterKedaKinds(KindRegistry& registry, FormulaChecker check_formula) {
  const std::string version(kApiVersion);
  KindInfo scaled_object = MakeKind<ScaledObject>(version, std::string(kKindScaledObject), true);
  if (check_formula) {
    scaled_object.validate = [check = std::move(check_formula)](const Object& o,
                                                                FieldErrors& errors) {
      Validate(static_cast<const ScaledObject&>(o), errors, check);
    };
  }
  registry.Add(std::move(scaled_object));
  registry.Add(MakeKind<ScaledJob>(version, std::string(kKindScaledJob), true));
  registry.Add(
      MakeKind<TriggerAuthentication>(version, std::string(kKindTriggerAuthentication), true));
  registry.Add(MakeKind<ClusterTriggerAuthentication>(
      version, std::string(kKindClusterTriggerAuthentication), false));
}

}  // namespace tidepool::api::keda
