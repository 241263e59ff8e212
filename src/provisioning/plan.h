// `tidepool plan -f input.yaml [--packer cost|karpenter] [-o json|text]`: one provisioning
// decision, as Karpenter's provisioner would make it, for the pending pods of a manifest set.
//
// Input (any number of files, multi-document YAML or JSON): NodePools (EC2NodeClasses accepted),
// pending Pods (no nodeName), existing Nodes, NodeClaims and the Pods bound to them, DaemonSets,
// RuntimeClasses, and at most one InstanceCatalog (an inline catalogue) or PlanOptions document
// (spec.catalog: kwok | fake | aws/<region>; spec.packer; spec.maxInstanceTypes). Without either
// the kwok catalogue is used. Flags override PlanOptions.
//
// Packers: `karpenter` is upstream's first-fit-decreasing order; `cost` (the default) starts from
// Karpenter's plan and tries cheaper ones under the same solver and constraints: claims
// prepacked from the lower bound's optimum (provisioning/prepacked_claims.h; when the node count
// is set by resources, up to three rounds) and, for inputs up to 2,000 pending pods, the
// CostPackingPolicy (scheduling/cost_packer.h). The cheapest plan wins (fewest unschedulable
// pods first), so `cost` is never costlier than `karpenter`. Every plan carries the LP lower
// bound (provisioning/lower_bound_model.h) over the pods it sends to new nodes.
//
// Exit codes, as `validate`: 0 planned (even with unschedulable pods), 1 some object is invalid
// (one line per problem), 2 unreadable or unparseable input or bad flags.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "cloud/catalog.h"
#include "core/status.h"
#include "provisioning/plan_input.h"
#include "provisioning/plan_result.h"

namespace tidepool::provisioning {

struct PlanFlags {
  std::vector<std::string> files;
  std::string packer;           // "", "cost" or "karpenter"; empty: PlanOptions or "cost"
  std::string output = "json";  // json or text
  int max_instance_types = 0;   // 0: PlanOptions or 60
};

struct PlanSettings {
  std::string packer = "cost";
  int max_instance_types = 60;
};

// Plans `input` against `catalog`. Fails only on internal errors (the lower bound's solver).
[[nodiscard]] Result<PlanResult> Plan(const PlanInput& input, const cloud::Catalog& catalog,
                                      const PlanSettings& settings);

// The whole command: load, choose the catalogue, plan, write. Returns the exit code.
int RunPlan(const PlanFlags& flags, std::ostream& out, std::ostream& err);

}  // namespace tidepool::provisioning
