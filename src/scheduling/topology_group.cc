#include "scheduling/topology_group.h"

#include <algorithm>
#include <limits>

#include "api/well_known_labels.h"

namespace tidepool::scheduling {
namespace {

// nullptr stands for Exists: every value.
bool Allows(const api::Requirement* requirement, std::string_view domain) {
  return requirement == nullptr || requirement->Has(domain);
}

// A finite node requirement ("In") can be walked instead of every domain of the group.
bool IsFinite(const api::Requirement* requirement) {
  return requirement != nullptr && !requirement->complement();
}

// The single hostname a new or existing node stands for, if its requirement names exactly one.
const std::string* SingleValue(const api::Requirement* requirement) {
  if (IsFinite(requirement) && requirement->values().size() == 1) {
    return &requirement->values().front();
  }
  return nullptr;
}

// Prefers the lower count, then the smaller name, so choices do not depend on insertion order.
bool Better(int64_t count, std::string_view name, int64_t best_count, std::string_view best) {
  return count < best_count || (count == best_count && name < best);
}

}  // namespace

std::vector<std::string> DomainList::Sorted() const {
  std::vector<std::string> out;
  out.reserve(size_);
  for (size_t i = 0; i < size_; ++i) out.emplace_back((*this)[i]);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

bool DomainList::Contains(std::string_view domain) const {
  for (size_t i = 0; i < size_; ++i) {
    if ((*this)[i] == domain) return true;
  }
  return false;
}

bool DomainList::RetainIn(const DomainList& other) {
  DomainList kept;
  for (size_t i = 0; i < size_; ++i) {
    if (other.Contains((*this)[i])) kept.push_back((*this)[i]);
  }
  *this = std::move(kept);
  return !empty();
}

TopologyGroup::TopologyGroup(TopologyType type, std::string key,
                             std::vector<std::string> namespaces, api::Selector selector,
                             int32_t max_skew, std::optional<int32_t> min_domains,
                             TopologyNodeFilter node_filter)
    : type_(type),
      key_(std::move(key)),
      namespaces_(std::move(namespaces)),
      selector_(std::move(selector)),
      max_skew_(max_skew),
      min_domains_(min_domains),
      node_filter_(std::move(node_filter)),
      is_hostname_(key_ == api::kLabelHostname) {}

bool TopologyGroup::Selects(const api::Pod& pod) const {
  const std::string& ns = pod.metadata.namespace_;
  const bool in_namespace = namespaces_.size() == 1
                                ? namespaces_.front() == ns
                                : std::binary_search(namespaces_.begin(), namespaces_.end(), ns);
  return in_namespace && selector_.Matches(pod.metadata.labels);
}

const TopologyGroup::Domain* TopologyGroup::Find(std::string_view domain) const {
  auto it = index_.find(domain);
  if (it == index_.end()) return nullptr;
  const Domain& d = domains_[it->second];
  return d.present ? &d : nullptr;
}

int32_t TopologyGroup::Count(std::string_view domain) const {
  const Domain* d = Find(domain);
  return d ? d->count : 0;
}

bool TopologyGroup::HasDomain(std::string_view domain) const {
  if (Find(domain) != nullptr) return true;
  return implicit_ != nullptr && !index_.contains(domain) &&
         std::binary_search(implicit_->begin(), implicit_->end(), domain);
}

void TopologyGroup::Register(std::string_view domain) {
  auto it = index_.find(domain);
  if (it == index_.end()) {
    domains_.push_back(Domain{std::string(domain), 0, true});
    index_.emplace(domains_.back().name, static_cast<uint32_t>(domains_.size() - 1));
    ++present_;
    return;
  }
  Domain& d = domains_[it->second];
  if (!d.present) {
    d.present = true;
    d.count = 0;
    ++present_;
  }
}

void TopologyGroup::Unregister(std::string_view domain) {
  auto it = index_.find(domain);
  if (it == index_.end()) {
    // An implicit domain is forgotten by storing it as not present.
    if (implicit_ != nullptr && std::binary_search(implicit_->begin(), implicit_->end(), domain)) {
      domains_.push_back(Domain{std::string(domain), 0, false});
      index_.emplace(domains_.back().name, static_cast<uint32_t>(domains_.size() - 1));
    }
    return;
  }
  Domain& d = domains_[it->second];
  if (!d.present) return;
  if (d.count > 0) --present_nonzero_;
  d.present = false;
  d.count = 0;
  --present_;
}

void TopologyGroup::Record(std::string_view domain) {
  Register(domain);
  const uint32_t i = index_.find(domain)->second;
  Domain& d = domains_[i];
  if (d.count++ == 0) {
    ++present_nonzero_;
    nonzero_.push_back(i);
  }
}

std::map<std::string, int32_t> TopologyGroup::CountsByDomain() const {
  std::map<std::string, int32_t> out;
  for (const Domain& d : domains_) {
    if (d.present) out.emplace(d.name, d.count);
  }
  if (implicit_ != nullptr) {
    for (std::string_view domain : *implicit_) {
      if (!index_.contains(domain)) out.emplace(std::string(domain), 0);
    }
  }
  return out;
}

std::string TopologyGroup::CountsString(size_t max_items) const {
  const std::map<std::string, int32_t> counts = CountsByDomain();
  std::string out;
  size_t shown = 0;
  for (const auto& [name, count] : counts) {
    if (!out.empty()) out += ", ";
    out += name;
    out += ": ";
    out += std::to_string(count);
    if (++shown >= max_items) break;
  }
  if (shown < counts.size()) {
    out += " and " + std::to_string(counts.size() - shown) + " other(s)";
  }
  return out;
}

bool TopologyGroup::Get(const api::Pod& pod, const api::Requirement* pod_domains,
                        const api::Requirement* node_domains, DomainList& chosen,
                        DomainList* valid) const {
  switch (type_) {
    case TopologyType::kSpread:
      return GetSpread(pod, pod_domains, node_domains, chosen, valid);
    case TopologyType::kPodAffinity:
      return GetAffinity(pod, pod_domains, node_domains, chosen);
    case TopologyType::kPodAntiAffinity:
      return GetAntiAffinity(pod_domains, node_domains, chosen);
  }
  return false;
}

int64_t TopologyGroup::DomainMinCount(const api::Requirement* pod_domains) const {
  // A new node is always possible, so some hostname domain is always empty.
  if (IsHostname()) return 0;
  int64_t min = std::numeric_limits<int32_t>::max();
  int64_t supported = 0;
  for (const Domain& d : domains_) {
    if (!d.present || !Allows(pod_domains, d.name)) continue;
    ++supported;
    min = std::min<int64_t>(min, d.count);
  }
  if (min_domains_ && supported < *min_domains_) min = 0;
  return min;
}

bool TopologyGroup::GetSpread(const api::Pod& pod, const api::Requirement* pod_domains,
                              const api::Requirement* node_domains, DomainList& chosen,
                              DomainList* valid) const {
  const int64_t self = Selects(pod) ? 1 : 0;
  if (IsHostname()) {
    if (const std::string* host = SingleValue(node_domains)) {
      // The global minimum for hostnames is 0: only this node's own count matters.
      if (Count(*host) + self > max_skew_) return false;
      chosen.push_back(*host);
      if (valid) valid->push_back(*host);
      return true;
    }
  }
  const int64_t min = DomainMinCount(pod_domains);
  const Domain* best = nullptr;
  int64_t best_count = std::numeric_limits<int64_t>::max();
  auto consider = [&](const Domain& d) {
    const int64_t count = d.count + self;
    if (count - min > max_skew_) return;
    if (valid) valid->push_back(d.name);
    if (best == nullptr || Better(count, d.name, best_count, best->name)) {
      best = &d;
      best_count = count;
    }
  };
  if (IsFinite(node_domains)) {
    for (const std::string& value : node_domains->values()) {
      if (const Domain* d = Find(value)) consider(*d);
    }
  } else {
    for (const Domain& d : domains_) {
      if (d.present && Allows(node_domains, d.name)) consider(d);
    }
  }
  if (best == nullptr) return false;
  chosen.push_back(best->name);
  return true;
}

bool TopologyGroup::AnyCompatiblePodDomain(const api::Requirement* pod_domains) const {
  for (uint32_t i : nonzero_) {
    const Domain& d = domains_[i];
    if (d.present && d.count > 0 && Allows(pod_domains, d.name)) return true;
  }
  return false;
}

bool TopologyGroup::GetAffinity(const api::Pod& pod, const api::Requirement* pod_domains,
                                const api::Requirement* node_domains, DomainList& chosen) const {
  // A self-selecting pod may start the group in a fresh domain when no selected pod exists yet,
  // or none sits anywhere the pod may go.
  auto may_bootstrap = [&] {
    return Selects(pod) && (present_nonzero_ == 0 || !AnyCompatiblePodDomain(pod_domains));
  };
  if (IsHostname()) {
    if (const std::string* host = SingleValue(node_domains)) {
      if (!Allows(pod_domains, *host)) return false;
      if (Count(*host) > 0 || may_bootstrap()) {
        chosen.push_back(*host);
        return true;
      }
      return false;
    }
  }
  const size_t before = chosen.size();
  if (IsFinite(node_domains)) {
    for (const std::string& value : node_domains->values()) {
      const Domain* d = Find(value);
      if (d && d->count > 0 && Allows(pod_domains, value)) chosen.push_back(d->name);
    }
  } else {
    for (uint32_t i : nonzero_) {
      const Domain& d = domains_[i];
      if (d.present && d.count > 0 && Allows(pod_domains, d.name) && Allows(node_domains, d.name)) {
        chosen.push_back(d.name);
      }
    }
  }
  if (chosen.size() > before) return true;
  if (!may_bootstrap()) return false;
  // Prefer a domain the node already allows (an in-flight node keeps its zone), and also offer
  // the first domain the pod may use at all, as upstream does.
  const Domain* in_both = nullptr;
  const Domain* in_pod = nullptr;
  for (const Domain& d : domains_) {
    if (!d.present || !Allows(pod_domains, d.name)) continue;
    if (in_pod == nullptr || d.name < in_pod->name) in_pod = &d;
    if (Allows(node_domains, d.name) && (in_both == nullptr || d.name < in_both->name)) {
      in_both = &d;
    }
  }
  if (in_both) chosen.push_back(in_both->name);
  if (in_pod && in_pod != in_both) chosen.push_back(in_pod->name);
  return chosen.size() > before;
}

bool TopologyGroup::GetAntiAffinity(const api::Requirement* pod_domains,
                                    const api::Requirement* node_domains,
                                    DomainList& chosen) const {
  if (IsHostname()) {
    if (const std::string* host = SingleValue(node_domains)) {
      if (Count(*host) != 0) return false;
      chosen.push_back(*host);
      return true;
    }
  }
  const size_t before = chosen.size();
  const size_t empty = present_ - present_nonzero_;
  if (IsFinite(node_domains) && node_domains->values().size() < empty) {
    for (const std::string& value : node_domains->values()) {
      const Domain* d = Find(value);
      if (d && d->count == 0 && Allows(pod_domains, value)) chosen.push_back(d->name);
    }
  } else if (empty > 0) {
    for (const Domain& d : domains_) {
      if (d.present && d.count == 0 && Allows(node_domains, d.name) &&
          Allows(pod_domains, d.name)) {
        chosen.push_back(d.name);
      }
    }
  }
  return chosen.size() > before;
}

}  // namespace tidepool::scheduling
