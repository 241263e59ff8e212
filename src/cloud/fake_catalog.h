// Karpenter's fake cloud provider catalogue (kubernetes-sigs/karpenter
// pkg/cloudprovider/fake/instancetype.go and cloudprovider.go GetInstanceTypes), reproduced
// exactly so that upstream's scheduling tests and benchmark can be ported against it.
//
// NewInstanceType fills what the options leave unset as upstream does: 4 cpu, 4Gi memory, 5 pods;
// arch amd64; OS {darwin, linux, windows}; five offerings all at PriceFromResources(resources):
// spot in test-zone-1 and test-zone-2, on-demand in test-zone-1..3. Every type carries the fake
// provider's extra labels: `size` (large when cpu > 4 and memory > 8Gi, else small), `special`
// (optional on large types, DoesNotExist otherwise) and `integer` (the cpu count), and
// kube-reserved 100m cpu / 10Mi memory.
//
// Upstream adds `size`, `special` and `integer` to the global well-known label set; here they are
// in WellKnownLabels(), which the solver passes as the allow-undefined set when it runs against
// this catalogue.
//
// Thread-safety: pure functions returning fresh, immutable instance types.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "api/requirement.h"
#include "api/well_known_labels.h"
#include "cloud/instance_type.h"

namespace tidepool::cloud::fake {

inline constexpr std::string_view kLabelInstanceSize = "size";
inline constexpr std::string_view kExoticInstanceLabelKey = "special";
inline constexpr std::string_view kIntegerInstanceLabelKey = "integer";
inline constexpr const char* kResourceGPUVendorA = "fake.com/vendor-a";
inline constexpr const char* kResourceGPUVendorB = "fake.com/vendor-b";

// upstream InstanceTypeConfig; empty fields take the defaults above.
struct Options {
  api::ResourceList resources{};  // cpu, memory or pods left out (or zero) take the defaults
  std::vector<Offering> offerings{};
  std::string architecture{};
  std::vector<std::string> operating_systems{};
  std::vector<api::Requirement> requirements{};  // added to the type's requirements
};

// 0.1 per cpu + 0.1 per 10^9 bytes of memory + 1.0 per GPU-vendor resource present.
double PriceFromResources(const api::ResourceList& resources);

// The five default offerings at `price`.
std::vector<Offering> DefaultOfferings(double price);

InstanceTypePtr NewInstanceType(std::string name, Options options = {});

// cloudprovider.go's list when no instance types are set: default-instance-type,
// small-instance-type, gpu-vendor-instance-type, gpu-vendor-b-instance-type, arm-instance-type,
// single-pod-instance-type, in that order.
cloud::InstanceTypes DefaultInstanceTypes();

// fake-it-<i> for i in [0, total): i+1 cpu, 2(i+1)Gi memory, 10(i+1) pods, default offerings.
cloud::InstanceTypes InstanceTypes(int total);

// The 1,344 single-offering types of cpu {1..64} × memory {1..128}Gi × zone × capacity type ×
// OS {linux, windows} × arch, named `<cpu>-cpu-<mem>-mem-<arch>-<os>-<zone>-<capacity type>`.
cloud::InstanceTypes InstanceTypesAssorted();

// The core well-known labels plus size, special and integer.
const api::LabelKeySet& WellKnownLabels();

}  // namespace tidepool::cloud::fake
