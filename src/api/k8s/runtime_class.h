// node.k8s.io/v1 RuntimeClass: a container runtime configuration. Its overhead is added to the
// requests of every pod that names it, and its scheduling constraints to the pod's (the
// RuntimeClass admission plugin).
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "api/codec_fwd.h"
#include "api/extra_fields.h"
#include "api/field_errors.h"
#include "api/meta.h"
#include "api/resources.h"
#include "api/taint.h"

namespace tidepool::api {

struct RuntimeClassOverhead {
  ResourceList pod_fixed;
  ExtraFields extra;
  friend bool operator==(const RuntimeClassOverhead&, const RuntimeClassOverhead&) = default;
};
TIDEPOOL_DECLARE_CODEC(RuntimeClassOverhead);

struct RuntimeClassScheduling {
  std::map<std::string, std::string> node_selector;
  std::vector<Toleration> tolerations;
  ExtraFields extra;
  friend bool operator==(const RuntimeClassScheduling&, const RuntimeClassScheduling&) = default;
};
TIDEPOOL_DECLARE_CODEC(RuntimeClassScheduling);

// Top-level fields only: a RuntimeClass has no spec.
struct RuntimeClass : Object {
  std::string handler;
  std::optional<RuntimeClassOverhead> overhead;
  std::optional<RuntimeClassScheduling> scheduling;

  std::unique_ptr<Object> Clone() const override { return std::make_unique<RuntimeClass>(*this); }
  friend bool operator==(const RuntimeClass& a, const RuntimeClass& b) {
    return a.HeaderEquals(b) && a.handler == b.handler && a.overhead == b.overhead &&
           a.scheduling == b.scheduling;
  }
};
TIDEPOOL_DECLARE_CODEC(RuntimeClass);

void SetDefaults(RuntimeClass& runtime_class);
// pkg/apis/node/validation ValidateRuntimeClass: name, handler a DNS-1123 label, overhead
// quantities, scheduling node selector labels and tolerations (valid and unique).
void Validate(const RuntimeClass& runtime_class, FieldErrors& errors);

}  // namespace tidepool::api
