// PackingPolicy: the two decisions of the scheduling solver that a cost-aware packer may make
// differently from Karpenter. The solver (scheduler.h) keeps every other rule (pod order, node
// order, requirements, taints, topology, host ports, limits, minValues) and consults the policy
// only at these two points:
//
//   (a) OpenClaimOptions: a pod could not go to any existing node or open claim, so the solver
//       opens a new NodeClaim for it from a NodePool. `options` holds the pool's instance types
//       that are compatible with the pod and the pool, have an available compatible offering and
//       fit the pod plus the pool's DaemonSet overhead (and the pool's remaining limits), in the
//       catalogue's order. The policy may remove entries (never add); the claim's later pods can
//       only narrow the list further. Leaving it empty rejects the pool for this pod (the solver
//       then tries the next pool). Karpenter keeps all of them.
//   (b) FinalizeOptions: the solve is over; `options` are the instance types still able to hold
//       everything the claim holds. The policy returns them in launch preference order, possibly
//       shortened. Karpenter orders by the cheapest available offering compatible with the
//       claim's requirements and truncates to `max_instance_types`, keeping enough types to meet
//       minValues (failing the claim under the Strict minValues policy when it cannot).
//
// Both calls get a ClaimContext describing the claim at that moment. The policy is called from
// the solving thread only; implementations must be deterministic (same input, same answer) and
// should be cheap: (a) runs once per opened claim, (b) once per claim per solve.
#pragma once

#include <span>
#include <string_view>

#include "api/k8s/pod.h"
#include "api/karpenter/nodepool.h"
#include "api/requirements.h"
#include "api/resources.h"
#include "cloud/instance_type.h"
#include "core/status.h"

namespace tidepool::scheduling {

struct ClaimContext {
  const api::NodePool* node_pool = nullptr;
  // The claim's requirements (pool, pod and topology requirements merged, including its
  // kubernetes.io/hostname placeholder).
  const api::Requirements* requirements = nullptr;
  // The pods on the claim (for (a): just the pod that opened it).
  std::span<const api::Pod* const> pods;
  // Requests of the pods plus the pool's DaemonSet overhead, with `pods`.
  const api::ResourceList* requests = nullptr;
  // Sum of the requests of the pods not yet placed in this solve (including the one opening the
  // claim), for policies that size nodes for the remaining demand. Set for (a) only.
  const api::ResourceList* pending_requests = nullptr;
  // For (b): per entry of `options`, the price of its cheapest available offering compatible with
  // `requirements` (cloud::kNoPrice when none), as cloud::CheapestPrice computes it. Empty for
  // (a).
  std::span<const double> prices;
  int max_instance_types = 60;
  cloud::MinValuesPolicy min_values_policy = cloud::MinValuesPolicy::kStrict;
};

class PackingPolicy {
 public:
  virtual ~PackingPolicy() = default;

  // (a) Which of the compatible instance types a new claim keeps as options. Edit in place.
  virtual void OpenClaimOptions(const ClaimContext& claim, cloud::InstanceTypes& options) const = 0;

  // (b) The claim's final instance-type options, launch preference first. An error (e.g. minValues
  // not met after truncation) fails the claim: its pods are reported unschedulable with the
  // error's message.
  [[nodiscard]] virtual Result<cloud::InstanceTypes> FinalizeOptions(
      const ClaimContext& claim, cloud::InstanceTypes options) const = 0;
};

// Karpenter's policy: keep every option; finalize with cloud::Truncate (cheapest compatible
// offering first, at most max_instance_types, minValues-aware).
class KarpenterPackingPolicy final : public PackingPolicy {
 public:
  void OpenClaimOptions(const ClaimContext& claim, cloud::InstanceTypes& options) const override;
  [[nodiscard]] Result<cloud::InstanceTypes> FinalizeOptions(
      const ClaimContext& claim, cloud::InstanceTypes options) const override;
};

// The process-wide KarpenterPackingPolicy instance (stateless).
const PackingPolicy& DefaultPackingPolicy();

}  // namespace tidepool::scheduling
