// The instance types of Karpenter's KWOK provider (kubernetes-sigs/karpenter
// kwok/tools/gen_instance_types.go, which generates kwok/cloudprovider/instance_types.json, read by
// kwok/cloudprovider/helpers.go ConstructInstanceTypes).
//
// 144 types, generated here by upstream's rules rather than embedded:
//   - vCPU in {1, 2, 4, 8, 16, 32, 48, 64, 96, 128, 192, 256} × memory per vCPU {2, 4, 8} GiB
//     (families c, s, m) × OS {linux, windows} × arch {amd64, arm64}, in that loop order;
//   - named `<family>-<vCPU>x-<arch>-<os>`;
//   - capacity cpu, memory, pods = min(16 × vCPU, 1024), ephemeral-storage 20Gi;
//   - eight offerings: zones test-zone-a..d × {spot, on-demand}, all available; on-demand price
//     0.025 × vCPU + 0.001 × memory bytes / 1e9 and spot 0.7 × that, computed in the same double
//     arithmetic as upstream so prices are bit-identical;
//   - labels karpenter.kwok.sh/instance-size (the vCPU count, since the names are not AWS-shaped),
//     instance-family (the name up to the first '-'), instance-cpu and instance-memory (the
//     quantities' canonical strings, e.g. "2Ti");
//   - kube-reserved 100m cpu, 10Mi memory.
//
// Thread-safety: the catalogue is built once, on first use, and shared (immutable).
#pragma once

#include <string_view>

#include "api/well_known_labels.h"
#include "cloud/instance_type.h"

namespace tidepool::cloud::kwok {

inline constexpr std::string_view kLabelInstanceSize = "karpenter.kwok.sh/instance-size";
inline constexpr std::string_view kLabelInstanceFamily = "karpenter.kwok.sh/instance-family";
inline constexpr std::string_view kLabelInstanceCPU = "karpenter.kwok.sh/instance-cpu";
inline constexpr std::string_view kLabelInstanceMemory = "karpenter.kwok.sh/instance-memory";

// The 144 types, in upstream's order.
const cloud::InstanceTypes& InstanceTypes();

// On-demand price of a type with these resources (upstream priceFromResources).
double PriceFromResources(int64_t vcpu, int64_t memory_bytes);

// The core well-known labels plus the four karpenter.kwok.sh labels (upstream adds them to
// v1.WellKnownLabels in kwok/apis/v1alpha1/labels.go).
const api::LabelKeySet& WellKnownLabels();

}  // namespace tidepool::cloud::kwok
