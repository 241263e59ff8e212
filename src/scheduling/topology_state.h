// The bookkeeping behind Topology (internal to src/scheduling/topology*.cc): the domain
// universe, the existing nodes and pods used to count new groups, the groups themselves (shared
// between pods with equal constraints) and, per pending pod, the groups it owns.
//
// Group creation follows upstream topology.go: NewTopology, Update, updateInverseAntiAffinity,
// countDomains, newForTopologies, newForAffinities and buildNamespaceList.
//
// Thread-safety: const methods may run concurrently; Build and Update need exclusive access.
#pragma once

#include <algorithm>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "api/k8s/node.h"
#include "api/k8s/pod.h"
#include "core/status.h"
#include "scheduling/topology.h"
#include "scheduling/topology_domain_group.h"
#include "scheduling/topology_group.h"
#include "scheduling/topology_group_spec.h"

namespace tidepool::scheduling {

struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

// The identity a pod is tracked by: its uid, or namespace/name (written into `buffer`) when it
// has none.
std::string_view PodKey(const api::Pod& pod, std::string& buffer);

class TopologyBase;

class TopologyState {
 public:
  struct PodState {
    std::vector<uint32_t> groups;          // regular groups the pod owns
    std::vector<uint32_t> inverse_groups;  // inverse anti-affinity groups the pod owns
    // The inverse groups among the first `inverse_seen` that select the pod, so the hot path
    // does not match selectors; later ones are matched live.
    std::vector<uint32_t> selecting_inverse;
    uint32_t inverse_seen = 0;
  };
  using Groups = std::vector<std::unique_ptr<TopologyGroup>>;

  // Domain universe, existing pods' inverse anti-affinities, then every pending pod's groups.
  [[nodiscard]] static Result<std::unique_ptr<TopologyState>> Build(const TopologyInput& input,
                                                                    TopologyOptions options);

  // Re-derives the groups `pod` owns from its spec (see Topology::Update).
  [[nodiscard]] Status Update(const api::Pod& pod);

  const PodState* FindPod(const api::Pod& pod) const;
  const Groups& groups() const { return groups_; }
  const Groups& inverse() const { return inverse_; }

  // Calls f(const TopologyGroup&) for the groups that decide where `pod` may go: those it owns
  // (`state`, from FindPod) and the inverse groups that select it. A tracked pod's labels and
  // namespace must not change (its selection by inverse groups is cached).
  template <typename F>
  void ForEachMatching(const api::Pod& pod, const PodState* state, F&& f) const {
    size_t live_from = 0;
    if (state) {
      for (uint32_t g : state->groups) f(*groups_[g]);
      for (uint32_t g : state->selecting_inverse) f(*inverse_[g]);
      live_from = state->inverse_seen;
    }
    for (size_t g = live_from; g < inverse_.size(); ++g) {
      if (inverse_[g]->Selects(pod)) f(*inverse_[g]);
    }
  }

 private:
  struct NodeInfo {
    const api::Node* node;
    api::Requirements requirements;  // its labels
  };
  struct ExistingPod {
    const api::Pod* pod;
    uint32_t node;
    bool counted;  // not ignored for topology (bound, not terminal, not terminating)
  };

  Result<std::vector<std::string>> Namespaces(const api::Pod& pod,
                                              const api::PodAffinityTerm& term) const;
  void RegisterUniverse(TopologyGroup& group, const api::Pod& pod) const;
  void CountDomains(TopologyGroup& group) const;
  // CountDomains over base_ minus the excluded entries and the pending pods.
  void CountDomainsFromBase(TopologyGroup& group, const GroupSpec& spec,
                            const std::string& key) const;
  bool ExcludedEntry(uint32_t entry) const {
    return entry < excluded_entries_.size() && excluded_entries_[entry];
  }
  bool Pending(const api::Pod& pod) const;
  // Whether base existing pod `e` is one of the pods being scheduled.
  bool PendingExisting(uint32_t e) const {
    return std::binary_search(pending_existing_.begin(), pending_existing_.end(), e);
  }
  // Build's steps over a base: namespaces, then the inverse groups that select a pending pod.
  void UseBase(const TopologyInput& input);
  Status AddInverseFromBase(const TopologyInput& input);
  void SetImplicit(TopologyGroup& group) const;
  const TopologyDomains& Domains() const;
  uint32_t GetOrCreate(GroupSpec spec, const api::Pod& pod);
  Status AddInverse(const api::Pod& pod, const std::map<std::string, std::string>* labels,
                    PodState* state);
  void Own(PodState& state, uint32_t index);
  void CacheSelection(const api::Pod& pod, PodState& state) const;
  void AddSpreadGroups(const api::Pod& pod, PodState& state);
  Status AddAffinityTerm(const api::Pod& pod, TopologyType type, const api::PodAffinityTerm& term,
                         PodState& state);
  template <typename Affinity>
  Status AddAffinityGroups(const api::Pod& pod, TopologyType type, const Affinity& affinity,
                           PodState& state);

  TopologyOptions options_;
  TopologyDomains domains_;
  std::vector<NodeInfo> nodes_;
  std::vector<ExistingPod> existing_;
  Groups groups_;
  Groups inverse_;
  std::unordered_map<std::string, uint32_t, StringHash, std::equal_to<>> group_index_;
  std::unordered_map<std::string, uint32_t, StringHash, std::equal_to<>> inverse_index_;
  std::unordered_map<std::string, PodState, StringHash, std::equal_to<>> pods_;
  // Set when built over a TopologyBase (nodes_ and existing_ then stay empty).
  const TopologyBase* base_ = nullptr;
  std::vector<bool> excluded_entries_;
  std::vector<uint32_t> excluded_nodes_;  // base nodes of excluded entries
  const std::vector<std::string_view>* implicit_hostnames_ = nullptr;
  std::unordered_map<std::string, bool, StringHash, std::equal_to<>> pending_;  // by PodKey
  std::vector<uint32_t> pending_existing_;  // base existing pods among them, sorted
  std::string key_buffer_;                  // scratch for group keys
  bool building_ = false;                   // Build caches every pod's selection once, at the end
};

}  // namespace tidepool::scheduling
