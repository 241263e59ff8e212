#include "disruption/types.h"

#include <cstdio>
#include <set>

namespace tidepool::disruption {

std::string_view ReasonName(Reason reason) {
  switch (reason) {
    case Reason::kEmpty:
      return "Empty";
    case Reason::kUnderutilized:
      return "Underutilized";
    case Reason::kDrifted:
      return "Drifted";
    case Reason::kExpired:
      return "Expired";
    case Reason::kInterrupted:
      return "Interrupted";
  }
  return "Unknown";
}

std::string_view DecisionName(Decision decision) {
  switch (decision) {
    case Decision::kNoOp:
      return "no-op";
    case Decision::kDelete:
      return "delete";
    case Decision::kReplace:
      return "replace";
  }
  return "no-op";
}

bool Candidate::OwnedByStaticNodePool() const {
  return node_pool != nullptr && node_pool->spec.replicas.has_value();
}

double Command::CandidatePrice() const {
  double total = 0;
  for (const Candidate& candidate : candidates) total += candidate.price;
  return total;
}

double Command::ReplacementPrice() const {
  double total = 0;
  for (const scheduling::NewNodeClaim& claim : replacements) {
    if (claim.instance_type_options.empty()) continue;
    double price =
        cloud::WorstLaunchPrice(*claim.instance_type_options.front(), claim.requirements);
    // A replacement with no launchable offering cannot be priced; it adds nothing rather than
    // an absurd number (upstream EstimatedSavings does the same).
    if (price != cloud::kNoPrice) total += price;
  }
  return total;
}

namespace {

std::string Money(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof(buffer), "$%.4f/h", value);
  return buffer;
}

}  // namespace

std::string Command::Explain() const {
  // Upstream Command.String: "<reason>: <decision>: nodepools=[..]: [nodes] -> [n replacements]
  // (savings: $x)", here with the method and the replacements' instance types spelled out.
  std::string out;
  out.append(ReasonName(reason)).append("/").append(method).append(": ");
  out.append(DecisionName(decision())).append(": nodepools=[");
  std::set<std::string_view> pools;
  for (const Candidate& candidate : candidates) {
    if (candidate.node_pool != nullptr) pools.insert(candidate.node_pool->metadata.name);
  }
  bool first = true;
  for (std::string_view pool : pools) {
    if (!first) out.append(",");
    out.append(pool);
    first = false;
  }
  out.append("]: [");
  for (size_t i = 0; i < candidates.size(); ++i) {
    if (i > 0) out.append(", ");
    out.append(candidates[i].name);
    if (candidates[i].instance_type != nullptr) {
      out.append(" (").append(candidates[i].instance_type->name);
      if (!candidates[i].capacity_type.empty()) out.append(" ").append(candidates[i].capacity_type);
      out.append(" ").append(Money(candidates[i].price)).append(")");
    }
  }
  out.append("]");
  if (!replacements.empty()) {
    out.append(" -> [");
    for (size_t i = 0; i < replacements.size(); ++i) {
      if (i > 0) out.append(", ");
      const scheduling::NewNodeClaim& claim = replacements[i];
      out.append(claim.node_pool).append(": ");
      if (claim.instance_type_options.empty()) {
        out.append("no instance type");
      } else {
        out.append(claim.instance_type_options.front()->name);
        if (claim.instance_type_options.size() > 1) {
          out.append(" +").append(std::to_string(claim.instance_type_options.size() - 1));
          out.append(" options");
        }
      }
    }
    out.append("]");
  }
  size_t moved = 0;
  for (const auto& [node, pods] : moved_to_existing) moved += pods.size();
  if (moved > 0) {
    out.append(" (").append(std::to_string(moved)).append(" pods to ");
    out.append(std::to_string(moved_to_existing.size())).append(" existing nodes)");
  }
  out.append(" (savings: ").append(Money(Saving())).append(")");
  return out;
}

}  // namespace tidepool::disruption
