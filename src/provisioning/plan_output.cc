#include "provisioning/plan_output.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace tidepool::provisioning {
namespace {

using OrderedJson = nlohmann::ordered_json;

double RoundPrice(double price) { return std::round(price * 1e6) / 1e6; }

OrderedJson RequestsJson(const api::ResourceList& requests) {
  // cpu, memory and pods first (as people read them), then the rest by name.
  OrderedJson out = OrderedJson::object();
  for (const char* name : {api::kResourceCPU, api::kResourceMemory, api::kResourcePods}) {
    auto it = requests.find(name);
    if (it != requests.end()) out[name] = it->second.ToString();
  }
  for (const auto& [name, q] : requests) {
    if (name != api::kResourceCPU && name != api::kResourceMemory && name != api::kResourcePods) {
      out[name] = q.ToString();
    }
  }
  return out;
}

OrderedJson RequirementJson(const api::NodeSelectorRequirement& requirement) {
  OrderedJson out = OrderedJson::object();
  out["key"] = requirement.key;
  out["operator"] = requirement.operator_;
  if (!requirement.values.empty()) out["values"] = requirement.values;
  if (requirement.min_values) out["minValues"] = *requirement.min_values;
  return out;
}

std::string Resource(const api::ResourceList& list, const char* name) {
  auto it = list.find(name);
  return it == list.end() ? "0" : it->second.ToString();
}

// A plain-text table: columns padded to their widest cell, two spaces apart.
void WriteTable(const std::vector<std::vector<std::string>>& rows, std::ostream& out) {
  std::vector<size_t> widths;
  for (const auto& row : rows) {
    widths.resize(std::max(widths.size(), row.size()), 0);
    for (size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], row[i].size());
  }
  for (const auto& row : rows) {
    std::string line;
    for (size_t i = 0; i < row.size(); ++i) {
      line += row[i];
      if (i + 1 < row.size()) line.append(widths[i] - row[i].size() + 2, ' ');
    }
    out << line << "\n";
  }
}

}  // namespace

void WritePlanJson(const PlanResult& result, std::ostream& out) {
  OrderedJson doc = OrderedJson::object();
  doc["packer"] = result.packer;
  OrderedJson catalog = OrderedJson::object();
  catalog["name"] = result.catalog;
  catalog["warnings"] = result.catalog_warnings;
  if (!result.prices_borrowed_from.empty()) {
    catalog["pricesBorrowedFrom"] = result.prices_borrowed_from;
  }
  doc["catalog"] = std::move(catalog);

  OrderedJson claims = OrderedJson::array();
  for (const PlannedNodeClaim& claim : result.node_claims) {
    OrderedJson c = OrderedJson::object();
    c["nodePool"] = claim.node_pool;
    c["instanceTypes"] = claim.instance_types;
    OrderedJson requirements = OrderedJson::array();
    for (const api::NodeSelectorRequirement& r : claim.requirements) {
      requirements.push_back(RequirementJson(r));
    }
    c["requirements"] = std::move(requirements);
    c["capacityType"] = claim.capacity_type;
    c["zone"] = claim.zone;
    c["pods"] = claim.pods;
    c["requests"] = RequestsJson(claim.requests);
    c["priceUSDPerHour"] = RoundPrice(claim.price_usd_per_hour);
    claims.push_back(std::move(c));
  }
  doc["nodeClaims"] = std::move(claims);

  OrderedJson existing = OrderedJson::object();
  for (const auto& [node, pods] : result.existing_nodes) existing[node] = pods;
  doc["existingNodes"] = std::move(existing);

  OrderedJson unschedulable = OrderedJson::array();
  for (const UnschedulablePod& pod : result.unschedulable) {
    OrderedJson u = OrderedJson::object();
    u["pod"] = pod.pod;
    u["reason"] = pod.reason;
    unschedulable.push_back(std::move(u));
  }
  doc["unschedulable"] = std::move(unschedulable);

  OrderedJson totals = OrderedJson::object();
  totals["newNodes"] = result.node_claims.size();
  totals["priceUSDPerHour"] = RoundPrice(result.price_usd_per_hour);
  if (result.lower_bound_usd_per_hour) {
    totals["lowerBoundUSDPerHour"] = RoundPrice(*result.lower_bound_usd_per_hour);
  }
  doc["totals"] = std::move(totals);
  if (!result.warnings.empty()) doc["warnings"] = result.warnings;
  out << doc.dump(2) << "\n";
}

void WritePlanText(const PlanResult& result, std::ostream& out) {
  out << "catalog: " << result.catalog;
  if (!result.prices_borrowed_from.empty()) {
    out << " (on-demand prices borrowed from " << result.prices_borrowed_from << ")";
  }
  out << "; packer: " << result.packer << "\n";
  for (const std::string& w : result.catalog_warnings) out << "warning: " << w << "\n";
  for (const std::string& w : result.warnings) out << "warning: " << w << "\n";
  out << "\n";

  if (result.node_claims.empty()) {
    out << "no new nodes\n";
  } else {
    std::vector<std::vector<std::string>> rows = {{"NODEPOOL", "INSTANCE TYPE", "OPTIONS",
                                                   "CAPACITY", "ZONE", "PODS", "CPU", "MEMORY",
                                                   "$/HOUR"}};
    for (const PlannedNodeClaim& claim : result.node_claims) {
      rows.push_back({claim.node_pool,
                      claim.instance_types.empty() ? "-" : claim.instance_types.front(),
                      std::to_string(claim.instance_types.size()), claim.capacity_type,
                      claim.zone.empty() ? "-" : claim.zone, std::to_string(claim.pods.size()),
                      Resource(claim.requests, api::kResourceCPU),
                      Resource(claim.requests, api::kResourceMemory),
                      fmt::format("{:.4f}", RoundPrice(claim.price_usd_per_hour))});
    }
    WriteTable(rows, out);
  }

  if (!result.existing_nodes.empty()) {
    out << "\n";
    std::vector<std::vector<std::string>> rows = {{"EXISTING NODE", "NEW PODS"}};
    for (const auto& [node, pods] : result.existing_nodes) {
      rows.push_back({node, std::to_string(pods.size())});
    }
    WriteTable(rows, out);
  }
  if (!result.unschedulable.empty()) {
    out << "\n";
    std::vector<std::vector<std::string>> rows = {{"UNSCHEDULABLE POD", "REASON"}};
    for (const UnschedulablePod& pod : result.unschedulable) rows.push_back({pod.pod, pod.reason});
    WriteTable(rows, out);
  }

  out << "\ntotal: " << result.node_claims.size() << " new node"
      << (result.node_claims.size() == 1 ? "" : "s") << ", "
      << fmt::format("${:.4f}/hour", RoundPrice(result.price_usd_per_hour));
  if (result.lower_bound_usd_per_hour) {
    double bound = RoundPrice(*result.lower_bound_usd_per_hour);
    out << fmt::format(" (lower bound ${:.4f}/hour", bound);
    if (bound > 0) {
      out << fmt::format(", {:+.1f}%", 100.0 * (result.price_usd_per_hour / bound - 1.0));
    }
    out << ")";
  }
  out << "\n";
}

}  // namespace tidepool::provisioning
