// The universe of topology domains per label key, with the taints of the NodePools that offer
// each domain (kubernetes-sigs/karpenter .../scheduling/topologydomaingroup.go and
// topology.go buildDomainGroups).
//
// A topology group starts with every domain its key has here; a spread constraint with
// nodeTaintsPolicy Honor (and, as upstream, every pod (anti-)affinity group) only starts with the
// domains some NodePool offers with taints the creating pod tolerates.
//
// Thread-safety: a value type; const methods are safe to call concurrently.
#pragma once

#include <functional>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "api/requirements.h"
#include "api/taint.h"
#include "cloud/instance_type.h"

namespace tidepool::scheduling {

class TopologyDomainGroup {
 public:
  // Adds `domain` offered by a pool with `taints`. A domain offered without taints needs no
  // toleration, so it forgets any taint sets recorded for it; otherwise taint sets accumulate.
  void Insert(std::string_view domain, std::span<const api::Taint> taints);
  // Calls `f` on each domain, in name order; with `honor_taints`, only on domains that some
  // pool offers with taints all of which `tolerations` tolerate.
  void ForEachDomain(std::span<const api::Toleration> tolerations, bool honor_taints,
                     const std::function<void(const std::string&)>& f) const;
  size_t size() const { return domains_.size(); }

 private:
  // domain -> the taint sets of the pools offering it; {{}} once some pool offers it untainted.
  std::map<std::string, std::vector<std::vector<api::Taint>>, std::less<>> domains_;
};

// Label key -> its domains.
using TopologyDomains = std::map<std::string, TopologyDomainGroup, std::less<>>;

// One pool's contribution (upstream buildDomainGroups): for every instance type, the values of
// each finite requirement of pool requirements ∩ template labels ∩ instance-type requirements,
// then the `In` values of the pool requirements and labels themselves. (Upstream also inserts the
// excluded values of NotIn requirements, which are not domains; they are skipped here.)
void AddNodePoolDomains(const api::Requirements& pool_requirements,
                        std::span<const api::Taint> pool_taints,
                        std::span<const cloud::InstanceTypePtr> instance_types,
                        TopologyDomains& domains);

}  // namespace tidepool::scheduling
