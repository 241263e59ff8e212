// The outcome of one provisioning decision as `tidepool plan` reports it, independent of the
// solver's internal types: new NodeClaims, pods placed on existing or in-flight nodes, pods that
// cannot be placed, totals and the catalogue used. plan_output.h writes it as JSON or a table.
//
// Every list is in a deterministic order (claims as the solver opened them, pods and nodes by
// name), so the same input always gives the same bytes.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "api/node_selector.h"
#include "api/resources.h"

namespace tidepool::provisioning {

struct PlannedNodeClaim {
  std::string node_pool;
  std::vector<std::string> instance_types;  // cheapest first
  // The claim's final requirements, as NodeSelectorRequirements sorted by key.
  std::vector<api::NodeSelectorRequirement> requirements;
  std::string capacity_type;      // of the cheapest compatible offering of the first type
  std::string zone;               // likewise
  std::vector<std::string> pods;  // "namespace/name"
  api::ResourceList requests;     // pods plus DaemonSet overhead, with `pods`
  double price_usd_per_hour = 0;  // cheapest compatible offering of the first type
};

struct UnschedulablePod {
  std::string pod;  // "namespace/name"
  std::string reason;
};

struct PlanResult {
  std::string packer;  // "cost" or "karpenter": the packer whose plan this is
  std::string catalog;
  std::vector<std::string> catalog_warnings;
  std::string prices_borrowed_from;  // e.g. "us-east-1"; empty when prices are the region's own
  std::vector<PlannedNodeClaim> node_claims;
  // Existing nodes and in-flight NodeClaims by name, each with the pending pods placed there.
  std::vector<std::pair<std::string, std::vector<std::string>>> existing_nodes;
  std::vector<UnschedulablePod> unschedulable;
  double price_usd_per_hour = 0;
  std::optional<double> lower_bound_usd_per_hour;  // absent when the bound could not be solved
  std::vector<std::string> warnings;
};

}  // namespace tidepool::provisioning
