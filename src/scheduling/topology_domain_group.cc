#include "scheduling/topology_domain_group.h"

#include "api/tolerations.h"

namespace tidepool::scheduling {
namespace {

bool ToleratesAll(std::span<const api::Taint> taints,
                  std::span<const api::Toleration> tolerations) {
  for (const api::Taint& taint : taints) {
    // Karpenter's Taints.Tolerates enables the comparison operators.
    if (!api::TolerationsTolerateTaint(tolerations, taint, /*enable_comparison_operators=*/true)) {
      return false;
    }
  }
  return true;
}

void InsertFinite(const api::Requirements& requirements, std::span<const api::Taint> taints,
                  bool only_in, TopologyDomains& domains) {
  for (const api::Requirement& requirement : requirements.values()) {
    if (requirement.complement() || requirement.values().empty()) continue;
    if (only_in && requirement.Operator() != api::NodeSelectorOperator::kIn) continue;
    auto it = domains.find(requirement.key());
    if (it == domains.end()) it = domains.emplace(requirement.key(), TopologyDomainGroup()).first;
    for (const std::string& value : requirement.values()) it->second.Insert(value, taints);
  }
}

}  // namespace

void TopologyDomainGroup::Insert(std::string_view domain, std::span<const api::Taint> taints) {
  auto it = domains_.find(domain);
  if (it == domains_.end() || taints.empty()) {
    domains_.insert_or_assign(std::string(domain),
                              std::vector<std::vector<api::Taint>>{{taints.begin(), taints.end()}});
    return;
  }
  // Already offered untainted: every pod may use it, more taint sets change nothing.
  if (it->second.front().empty()) return;
  it->second.emplace_back(taints.begin(), taints.end());
}

void TopologyDomainGroup::ForEachDomain(std::span<const api::Toleration> tolerations,
                                        bool honor_taints,
                                        const std::function<void(const std::string&)>& f) const {
  for (const auto& [domain, taint_sets] : domains_) {
    if (!honor_taints) {
      f(domain);
      continue;
    }
    for (const std::vector<api::Taint>& taints : taint_sets) {
      if (ToleratesAll(taints, tolerations)) {
        f(domain);
        break;
      }
    }
  }
}

void AddNodePoolDomains(const api::Requirements& pool_requirements,
                        std::span<const api::Taint> pool_taints,
                        std::span<const cloud::InstanceTypePtr> instance_types,
                        TopologyDomains& domains) {
  for (const cloud::InstanceTypePtr& type : instance_types) {
    // Intersecting with the pool keeps an instance type's zones from widening the universe
    // beyond what the pool allows.
    api::Requirements requirements = pool_requirements;
    requirements.Add(type->requirements);
    InsertFinite(requirements, pool_taints, /*only_in=*/false, domains);
  }
  InsertFinite(pool_requirements, pool_taints, /*only_in=*/true, domains);
}

}  // namespace tidepool::scheduling
