// tidepool.dev/v1alpha1 InstanceCatalog: the instance types a plan or simulation may launch,
// given inline in a manifest instead of by name (see cloud/catalog.h for the named catalogues).
//
//   apiVersion: tidepool.dev/v1alpha1
//   kind: InstanceCatalog
//   metadata: {name: example}
//   spec:
//     base: kwok                 # optional: start from a named catalogue (kwok, fake,
//                                # aws/<region>); types below add to it or replace its types
//     instanceTypes:
//     - name: small-instance-type
//       capacity: {cpu: "2", memory: 2Gi, pods: "5"}        # extended resources allowed
//       overhead: {kubeReserved: {cpu: 100m, memory: 10Mi}} # also systemReserved,
//                                                           # evictionThreshold
//       labels: {kubernetes.io/arch: amd64, kubernetes.io/os: linux}
//       offerings:
//       - {zone: test-zone-1, capacityType: spot, price: 0.41}
//       - {zone: test-zone-2, capacityType: on-demand, price: 0.41, available: false}
//
// Each type becomes a cloud::InstanceType: its labels become `key In [value]` requirements; the
// instance-type, zone and capacity-type labels come from the name and the offerings, so they
// cannot be given as labels. Cluster-scoped.
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

namespace tidepool::api {

inline constexpr const char* kTidepoolApiVersion = "tidepool.dev/v1alpha1";

struct InstanceCatalogOverhead {
  ResourceList kube_reserved;
  ResourceList system_reserved;
  ResourceList eviction_threshold;
  ExtraFields extra;
  friend bool operator==(const InstanceCatalogOverhead&, const InstanceCatalogOverhead&) = default;
};
TIDEPOOL_DECLARE_CODEC(InstanceCatalogOverhead);

struct InstanceCatalogOffering {
  std::string zone;
  std::string capacity_type;      // spot | on-demand | reserved
  double price = 0;               // USD per hour, required
  std::optional<bool> available;  // defaulted to true
  ExtraFields extra;
  friend bool operator==(const InstanceCatalogOffering&, const InstanceCatalogOffering&) = default;
};
TIDEPOOL_DECLARE_CODEC(InstanceCatalogOffering);

struct InstanceCatalogType {
  std::string name;
  ResourceList capacity;
  InstanceCatalogOverhead overhead;
  std::map<std::string, std::string> labels;
  std::vector<InstanceCatalogOffering> offerings;
  ExtraFields extra;
  friend bool operator==(const InstanceCatalogType&, const InstanceCatalogType&) = default;
};
TIDEPOOL_DECLARE_CODEC(InstanceCatalogType);

struct InstanceCatalogSpec {
  std::optional<std::string> base;
  std::vector<InstanceCatalogType> instance_types;
  ExtraFields extra;
  friend bool operator==(const InstanceCatalogSpec&, const InstanceCatalogSpec&) = default;
};
TIDEPOOL_DECLARE_CODEC(InstanceCatalogSpec);

struct InstanceCatalog : Object {
  InstanceCatalogSpec spec;

  std::unique_ptr<Object> Clone() const override {
    return std::make_unique<InstanceCatalog>(*this);
  }
  friend bool operator==(const InstanceCatalog& a, const InstanceCatalog& b) {
    return a.HeaderEquals(b) && a.spec == b.spec;
  }
};
TIDEPOOL_DECLARE_CODEC(InstanceCatalog);

// Offerings without `available` become available.
void SetDefaults(InstanceCatalog& catalog);
// metadata; spec.base a catalogue name (IsCatalogName); at least one instance type unless a base
// is given; per type: name required, a valid label value, unique; capacity cpu and memory
// required, resource names qualified names, quantities >= 0; overhead quantities >= 0; labels
// valid and not the ones the catalogue sets itself (instance type, zone, capacity type);
// offerings non-empty, zone required and a valid label value, capacityType one of spot,
// on-demand, reserved, price finite and >= 0, no two offerings with the same zone and capacity
// type.
void Validate(const InstanceCatalog& catalog, FieldErrors& errors);

// The syntax of a catalogue name: "fake", "kwok" or "aws/<region>" with a region of lowercase
// letters, digits and '-'. Whether the region has data is checked when the catalogue is loaded.
bool IsCatalogName(std::string_view name);

}  // namespace tidepool::api
