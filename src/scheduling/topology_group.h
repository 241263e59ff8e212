// One topology group: the pods a selector picks out, counted per domain of one topology key
// (kubernetes-sigs/karpenter .../scheduling/topologygroup.go). Spread constraints, pod affinity
// terms and pod anti-affinity terms all use it; Get() answers "which domains may this pod use".
//
// Rules, as upstream:
//   - Spread: a domain is valid when count + (1 if the group selects the pod) - global minimum
//     <= maxSkew, where the global minimum is over the registered domains the pod's own
//     requirements allow, and is 0 when minDomains is set and fewer such domains exist, or when
//     the key is kubernetes.io/hostname (a new node can always be created). The valid domain with
//     the lowest count is chosen.
//   - Affinity: domains holding a selected pod. When none does (or none the pod may use) and the
//     group selects the pod itself, it may bootstrap into any domain it may use.
//   - Anti-affinity: domains holding no selected pod.
//   - A node whose requirement for the key is a single hostname is decided from that hostname's
//     count alone, so new NodeClaims need not be registered before they are checked.
// Ties are broken by the smallest domain name (upstream uses Go's random map order).
//
// Performance: Get() allocates nothing unless it returns more than four domains; domain lookups
// are hash lookups by string_view, and counts are kept incrementally with the number of empty
// domains, so a hostname group with thousands of nodes answers the single-hostname case in O(1).
//
// Thread-safety: const methods are safe to call concurrently; mutation needs exclusive access.
#pragma once

#include <array>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "api/k8s/pod.h"
#include "api/requirements.h"
#include "api/selector.h"
#include "scheduling/topology.h"
#include "scheduling/topology_node_filter.h"

namespace tidepool::scheduling {

// A short list of domain names without heap allocation for the usual one to four entries. The
// views point into a TopologyGroup and are valid until it is next changed.
class DomainList {
 public:
  void push_back(std::string_view domain) {
    if (size_ < kInline) {
      inline_[size_] = domain;
    } else {
      overflow_.push_back(domain);
    }
    ++size_;
  }
  std::string_view operator[](size_t i) const {
    return i < kInline ? inline_[i] : overflow_[i - kInline];
  }
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  void clear() {
    size_ = 0;
    overflow_.clear();
  }
  // Sorted, without duplicates.
  std::vector<std::string> Sorted() const;
  // Keeps only the domains also in `other`; returns whether any is left.
  bool RetainIn(const DomainList& other);
  bool Contains(std::string_view domain) const;

 private:
  static constexpr size_t kInline = 4;
  std::array<std::string_view, kInline> inline_{};
  std::vector<std::string_view> overflow_;
  size_t size_ = 0;
};

class TopologyGroup {
 public:
  // `namespaces` sorted and unique. `selector` is the compiled label selector (Nothing() for an
  // absent or invalid one). Domains start empty: the owner registers the universe's.
  TopologyGroup(TopologyType type, std::string key, std::vector<std::string> namespaces,
                api::Selector selector, int32_t max_skew, std::optional<int32_t> min_domains,
                TopologyNodeFilter node_filter);

  TopologyType type() const { return type_; }
  const std::string& key() const { return key_; }
  int32_t max_skew() const { return max_skew_; }
  const TopologyNodeFilter& node_filter() const { return node_filter_; }

  // The pod's namespace is one of the group's and its labels match the selector.
  bool Selects(const api::Pod& pod) const;
  // The pod would be counted on a node with these taints and requirements.
  bool Counts(const api::Pod& pod, std::span<const api::Taint> taints,
              const api::Requirements& requirements) const {
    return Selects(pod) && node_filter_.Matches(taints, requirements);
  }

  // One more selected pod in `domain` (registering it if needed).
  void Record(std::string_view domain);
  // Makes `domain` known with no pods, if it is not already.
  void Register(std::string_view domain);
  // Forgets `domain` and its count.
  void Unregister(std::string_view domain);

  // The domains `pod` may use, given the domains its own requirements allow (`pod_domains`) and
  // the node's (`node_domains`); nullptr means any value. Appends them to `chosen` (one domain
  // for spread, the allowed set otherwise) and returns whether there is any. For spread, `valid`
  // (if given) receives every domain within maxSkew.
  bool Get(const api::Pod& pod, const api::Requirement* pod_domains,
           const api::Requirement* node_domains, DomainList& chosen,
           DomainList* valid = nullptr) const;

  // 0 for an unknown domain.
  int32_t Count(std::string_view domain) const;
  bool HasDomain(std::string_view domain) const;
  std::map<std::string, int32_t> CountsByDomain() const;
  // upstream pretty.Map(domains, max_items): "a: 1, b: 0 and 3 other(s)".
  std::string CountsString(size_t max_items) const;

  // Domains known with no pods without being stored one by one: a solve over a cached pass
  // (topology_base.h) registers every existing node's hostname this way instead of calling
  // Register on every hostname group. `sorted` is borrowed and must outlive the group; a stored
  // domain (present or not) takes precedence over an implicit one. Only hostname groups use it,
  // and they decide a node from its single hostname's count, which an implicit domain (count 0)
  // does not change; implicit domains appear in HasDomain, CountsByDomain and CountsString.
  void SetImplicitDomains(const std::vector<std::string_view>* sorted) { implicit_ = sorted; }

  // Owners are tracked by Topology; the group only keeps their number for diagnostics.
  size_t owners() const { return owners_; }
  void AddOwner() { ++owners_; }
  void RemoveOwner() { --owners_; }

 private:
  struct Domain {
    std::string name;
    int32_t count = 0;
    bool present = true;
  };
  const Domain* Find(std::string_view domain) const;
  bool GetSpread(const api::Pod& pod, const api::Requirement* pod_domains,
                 const api::Requirement* node_domains, DomainList& chosen, DomainList* valid) const;
  bool GetAffinity(const api::Pod& pod, const api::Requirement* pod_domains,
                   const api::Requirement* node_domains, DomainList& chosen) const;
  bool GetAntiAffinity(const api::Requirement* pod_domains, const api::Requirement* node_domains,
                       DomainList& chosen) const;
  int64_t DomainMinCount(const api::Requirement* pod_domains) const;
  bool AnyCompatiblePodDomain(const api::Requirement* pod_domains) const;
  bool IsHostname() const { return is_hostname_; }

  const TopologyType type_;
  const std::string key_;
  const std::vector<std::string> namespaces_;
  const api::Selector selector_;
  const int32_t max_skew_;
  const std::optional<int32_t> min_domains_;
  const TopologyNodeFilter node_filter_;
  const bool is_hostname_;

  std::deque<Domain> domains_;  // stable addresses: index_ keys view their names
  std::unordered_map<std::string_view, uint32_t> index_;
  std::vector<uint32_t> nonzero_;  // domains that reached a count > 0 (may hold stale entries)
  const std::vector<std::string_view>* implicit_ = nullptr;  // sorted; see SetImplicitDomains
  size_t present_ = 0;
  size_t present_nonzero_ = 0;
  size_t owners_ = 0;
};

}  // namespace tidepool::scheduling
