// tidepool.dev/v1alpha1 PlanOptions: settings of `tidepool plan` given in its input.
//
//   apiVersion: tidepool.dev/v1alpha1
//   kind: PlanOptions
//   metadata: {name: options}
//   spec: {catalog: kwok, packer: cost, maxInstanceTypes: 60}
//
// spec.catalog names a catalogue (cloud/catalog.h); an InstanceCatalog document may be given
// instead. spec.packer (cost | karpenter) is optional: the command line's choice applies when
// unset. spec.maxInstanceTypes is how many instance types a new NodeClaim keeps after ordering
// by price (Karpenter's truncation), 60 by default. Cluster-scoped.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "api/codec_fwd.h"
#include "api/extra_fields.h"
#include "api/field_errors.h"
#include "api/meta.h"

namespace tidepool::api {

inline constexpr int32_t kDefaultMaxInstanceTypes = 60;
inline constexpr const char* kPackerCost = "cost";
inline constexpr const char* kPackerKarpenter = "karpenter";

struct PlanOptionsSpec {
  std::string catalog;
  std::optional<std::string> packer;
  std::optional<int32_t> max_instance_types;  // defaulted to kDefaultMaxInstanceTypes
  ExtraFields extra;
  friend bool operator==(const PlanOptionsSpec&, const PlanOptionsSpec&) = default;
};
TIDEPOOL_DECLARE_CODEC(PlanOptionsSpec);

struct PlanOptions : Object {
  PlanOptionsSpec spec;

  std::unique_ptr<Object> Clone() const override { return std::make_unique<PlanOptions>(*this); }
  friend bool operator==(const PlanOptions& a, const PlanOptions& b) {
    return a.HeaderEquals(b) && a.spec == b.spec;
  }
};
TIDEPOOL_DECLARE_CODEC(PlanOptions);

// maxInstanceTypes defaults to 60.
void SetDefaults(PlanOptions& options);
// metadata; spec.catalog, when set, a catalogue name (IsCatalogName); spec.packer cost or
// karpenter; spec.maxInstanceTypes >= 1.
void Validate(const PlanOptions& options, FieldErrors& errors);

}  // namespace tidepool::api
