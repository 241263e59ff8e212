// The part of a Topology that one disruption pass shares between its many scheduling
// simulations (internal to src/scheduling): the domain universe of the NodePools, the existing
// Nodes with their label requirements, the existing pods, the inverse anti-affinity groups their
// required terms form, and memoised label selections. A simulation removes some existing entries
// (the candidates) and schedules some pods; TopologyState::Build over a base gives the same
// groups, counts and decisions as a fresh build over the filtered input, without rescanning the
// cluster:
//   - inverse groups are materialised only when they select a pod being scheduled (the others
//     never constrain one), in the order a fresh build would create them;
//   - a new group's domains come from per-key node counts minus the excluded nodes, and its pod
//     counts from the memoised list of existing pods its selector picks;
//   - existing hostnames are registered implicitly (TopologyGroup::SetImplicitDomains).
//
// Ownership: borrows the Nodes and Pods given to Make (they must outlive it). The memo caches are
// filled lazily by const methods: a base is used by one thread at a time.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "api/k8s/node.h"
#include "api/k8s/pod.h"
#include "api/requirements.h"
#include "scheduling/topology.h"
#include "scheduling/topology_domain_group.h"
#include "scheduling/topology_group.h"
#include "scheduling/topology_group_spec.h"
#include "scheduling/topology_state.h"

namespace tidepool::scheduling {

// One existing node or in-flight NodeClaim of the pass (the solver's ExistingNodeInput).
struct TopologyBaseEntry {
  const api::Node* node = nullptr;  // nullptr: an in-flight NodeClaim
  std::span<const api::Pod* const> pods;
  std::string_view hostname;  // as the solver's ExistingNode names it
  // Its hostname is registered implicitly in groups built with the topology (the solver
  // registers every destination node's hostname); false for nodes marked for deletion.
  bool implicit_hostname = true;
};

class TopologyBase {
 public:
  struct NodeInfo {
    const api::Node* node;
    api::Requirements requirements;  // its labels
    uint32_t entry;
    bool implicit_hostname;
  };
  struct ExistingPod {
    const api::Pod* pod;
    uint32_t node;   // index into nodes()
    uint32_t entry;  // the entry that listed it
    bool counted;    // not ignored for topology (bound, not terminal, not terminating)
    uint32_t label_class;
  };
  struct InverseSpec {
    std::string key;                          // GroupSpec::AppendKey
    GroupSpec spec;                           // copied into each simulation's group
    std::unique_ptr<TopologyGroup> selector;  // an empty group, for Selects
    std::vector<uint32_t> owners;             // existing pods owning the term, in input order
  };

  [[nodiscard]] static Result<std::unique_ptr<TopologyBase>> Make(
      std::span<const TopologyNodePool> node_pools, std::span<const TopologyBaseEntry> entries,
      const TopologyOptions& options);

  const TopologyDomains& domains() const { return domains_; }
  const std::vector<NodeInfo>& nodes() const { return nodes_; }
  const std::vector<ExistingPod>& existing() const { return existing_; }
  // Every pod an entry lists (bound to a known node or not).
  std::span<const api::Pod* const> entry_listed(uint32_t entry) const {
    return entry_listed_[entry];
  }
  size_t entry_count() const { return entry_listed_.size(); }
  // Namespace -> number of listed pods in it (for the namespaces an empty selector covers).
  const std::unordered_map<std::string, uint32_t, StringHash, std::equal_to<>>& namespaces() const {
    return namespaces_;
  }
  // False when some existing anti-affinity term uses a namespaceSelector (its namespaces depend on
  // the simulation): builds then track every existing pod's inverse terms as a fresh build does.
  bool inverse_cached() const { return inverse_cached_; }
  const std::vector<InverseSpec>& inverse_specs() const { return inverse_specs_; }
  // Existing pods with required anti-affinity terms (for builds when !inverse_cached()).
  const std::vector<uint32_t>& anti_pods() const { return anti_pods_; }

  // The inverse specs that select `pod`, ascending.
  const std::vector<uint32_t>& SelectingInverse(const api::Pod& pod) const;
  // The existing pods (indices into existing()) a group with this spec key selects, in input
  // order. `group` must be the group built from that spec.
  const std::vector<uint32_t>& Selected(const std::string& key, const GroupSpec& spec,
                                        const TopologyGroup& group) const;
  // Per domain of `key` (the nodes' label values), how many nodes passing `filter` carry it,
  // memoised by `filter_key` (the filter's AppendKey) and key.
  const std::vector<std::pair<std::string_view, uint32_t>>& NodeDomains(
      const std::string& key, const TopologyNodeFilter& filter,
      const std::string& filter_key) const;
  // Existing hostnames in sorted order, with the entry each belongs to.
  const std::vector<std::pair<std::string_view, uint32_t>>& hostnames() const { return hostnames_; }
  std::optional<uint32_t> FindNode(std::string_view name) const;
  // Appends the existing pods tracked under `key` (PodKey: uid, or namespace/name).
  void FindPods(std::string_view key, std::vector<uint32_t>& out) const;
  // Nodes whose hostname is not registered implicitly (nodes marked for deletion).
  const std::vector<uint32_t>& explicit_hostname_nodes() const { return explicit_hostname_nodes_; }

 private:
  TopologyBase() = default;
  uint32_t LabelClass(const api::Pod& pod);

  TopologyDomains domains_;
  std::vector<NodeInfo> nodes_;
  std::unordered_map<std::string_view, uint32_t> node_index_;
  std::vector<ExistingPod> existing_;
  std::unordered_map<std::string, std::vector<uint32_t>, StringHash, std::equal_to<>> by_key_;
  std::vector<std::span<const api::Pod* const>> entry_listed_;
  std::unordered_map<std::string, uint32_t, StringHash, std::equal_to<>> namespaces_;
  std::vector<std::pair<std::string_view, uint32_t>> hostnames_;
  std::vector<uint32_t> explicit_hostname_nodes_;
  bool inverse_cached_ = true;
  std::vector<InverseSpec> inverse_specs_;
  std::vector<uint32_t> anti_pods_;

  // Label classes: pods with equal namespace and labels select alike.
  std::vector<std::vector<uint32_t>> class_pods_;  // class -> existing pods
  std::vector<const api::Pod*> class_example_;
  std::unordered_map<std::string, uint32_t, StringHash, std::equal_to<>> class_index_;
  // "key=value" -> classes carrying that label, to narrow selectors with matchLabels.
  std::unordered_map<std::string, std::vector<uint32_t>, StringHash, std::equal_to<>> postings_;

  mutable std::vector<std::optional<std::vector<uint32_t>>> class_inverse_;  // per class
  mutable std::unordered_map<std::string, std::vector<uint32_t>, StringHash, std::equal_to<>>
      selected_;
  mutable std::unordered_map<std::string, std::vector<std::pair<std::string_view, uint32_t>>,
                             StringHash, std::equal_to<>>
      node_domains_;
  mutable std::vector<uint32_t> scratch_;
  mutable std::string key_buffer_;
};

}  // namespace tidepool::scheduling
