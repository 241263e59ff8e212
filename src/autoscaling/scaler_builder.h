// How the controllers get a Scaler for a trigger: build it from the trigger's type, metadata and
// resolved authentication (the scalers registry and resolver in production and the simulator; a
// fake in tests). One call per trigger when a scale loop starts, and again after a scaler
// errors (KEDA rebuilds scalers, re-resolving secrets, after an error).
#pragma once

#include <memory>

#include "api/keda/scale_triggers.h"
#include "api/meta.h"
#include "core/status.h"
#include "scalers/scaler.h"

namespace tidepool::autoscaling {

class ScalerBuilder {
 public:
  virtual ~ScalerBuilder() = default;
  // `object` is the ScaledObject or ScaledJob that holds `trigger` at `trigger_index`. Errors
  // must not contain secret values.
  [[nodiscard]] virtual Result<std::unique_ptr<scalers::Scaler>> Build(
      const api::Object& object, const api::keda::ScaleTrigger& trigger, int trigger_index) = 0;
};

}  // namespace tidepool::autoscaling
