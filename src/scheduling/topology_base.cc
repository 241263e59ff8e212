#include "scheduling/topology_base.h"

#include <algorithm>

#include "api/well_known_labels.h"

namespace tidepool::scheduling {
namespace {

bool IsTerminal(const api::Pod& pod) {
  return pod.status.phase == api::kPodSucceeded || pod.status.phase == api::kPodFailed;
}

// As TopologyState: unscheduled, terminal or terminating pods do not count.
bool IgnoredForTopology(const api::Pod& pod) {
  return pod.spec.node_name.empty() || IsTerminal(pod) || !pod.metadata.deletion_timestamp.empty();
}

const std::vector<api::PodAffinityTerm>* RequiredAntiAffinity(const api::Pod& pod) {
  if (!pod.spec.affinity || !pod.spec.affinity->pod_anti_affinity) return nullptr;
  const auto& terms =
      pod.spec.affinity->pod_anti_affinity->required_during_scheduling_ignored_during_execution;
  return terms.empty() ? nullptr : &terms;
}

// Namespace and labels: pods with equal keys are selected alike by every group.
void AppendClassKey(const api::Pod& pod, std::string& out) {
  out.clear();
  out += pod.metadata.namespace_;
  out += '\x1e';
  for (const auto& [key, value] : pod.metadata.labels) {
    out += key;
    out += '\x1f';
    out += value;
    out += '\x1e';
  }
}

}  // namespace

uint32_t TopologyBase::LabelClass(const api::Pod& pod) {
  AppendClassKey(pod, key_buffer_);
  auto [it, inserted] =
      class_index_.try_emplace(key_buffer_, static_cast<uint32_t>(class_pods_.size()));
  if (inserted) {
    class_pods_.emplace_back();
    class_example_.push_back(&pod);
    for (const auto& [key, value] : pod.metadata.labels) {
      postings_[key + '=' + value].push_back(it->second);
    }
  }
  return it->second;
}

Result<std::unique_ptr<TopologyBase>> TopologyBase::Make(
    std::span<const TopologyNodePool> node_pools, std::span<const TopologyBaseEntry> entries,
    const TopologyOptions& options) {
  std::unique_ptr<TopologyBase> base(new TopologyBase());
  for (const TopologyNodePool& pool : node_pools) {
    const api::NodeClaimTemplate& tmpl = pool.node_pool->spec.template_;
    api::Requirements requirements =
        api::Requirements::FromNodeSelectorRequirements(tmpl.spec.requirements);
    requirements.Add(api::Requirements::FromLabels(tmpl.metadata.labels));
    AddNodePoolDomains(requirements, tmpl.spec.taints, pool.instance_types, base->domains_);
  }
  for (uint32_t e = 0; e < entries.size(); ++e) {
    const TopologyBaseEntry& entry = entries[e];
    if (entry.implicit_hostname) base->hostnames_.emplace_back(entry.hostname, e);
    if (entry.node == nullptr) continue;
    const auto index = static_cast<uint32_t>(base->nodes_.size());
    base->node_index_.emplace(entry.node->metadata.name, index);
    base->nodes_.push_back({entry.node, api::Requirements::FromLabels(entry.node->metadata.labels),
                            e, entry.implicit_hostname});
    if (!entry.implicit_hostname) base->explicit_hostname_nodes_.push_back(index);
  }
  std::sort(base->hostnames_.begin(), base->hostnames_.end());

  base->entry_listed_.reserve(entries.size());
  for (const TopologyBaseEntry& entry : entries) base->entry_listed_.push_back(entry.pods);
  std::map<std::string, size_t, std::less<>> spec_index;
  std::string key;
  for (uint32_t e = 0; e < entries.size(); ++e) {
    for (const api::Pod* pod : entries[e].pods) {
      ++base->namespaces_[pod->metadata.namespace_];
      auto node = base->node_index_.find(pod->spec.node_name);
      if (pod->spec.node_name.empty() || node == base->node_index_.end()) continue;
      const auto index = static_cast<uint32_t>(base->existing_.size());
      const uint32_t label_class = base->LabelClass(*pod);
      base->class_pods_[label_class].push_back(index);
      base->existing_.push_back({pod, node->second, e, !IgnoredForTopology(*pod), label_class});
      base->by_key_[std::string(PodKey(*pod, key))].push_back(index);
      const auto* terms = RequiredAntiAffinity(*pod);
      if (terms == nullptr) continue;
      base->anti_pods_.push_back(index);
      for (const api::PodAffinityTerm& term : *terms) {
        if (term.namespace_selector) base->inverse_cached_ = false;
        if (!base->inverse_cached_) continue;
        GroupSpec spec;
        spec.type = TopologyType::kPodAntiAffinity;
        spec.key = term.topology_key;
        spec.namespaces = term.namespaces.empty()
                              ? std::vector<std::string>{pod->metadata.namespace_}
                              : term.namespaces;
        std::sort(spec.namespaces.begin(), spec.namespaces.end());
        spec.namespaces.erase(std::unique(spec.namespaces.begin(), spec.namespaces.end()),
                              spec.namespaces.end());
        spec.selector = WithLabelKeys(term.label_selector, *pod, term.match_label_keys,
                                      term.mismatch_label_keys);
        spec.AppendKey(key);
        auto [it, inserted] = spec_index.try_emplace(key, base->inverse_specs_.size());
        if (inserted) {
          InverseSpec& added = base->inverse_specs_.emplace_back();
          added.key = key;
          added.selector = GroupSpec(spec).MakeGroup();
          added.spec = std::move(spec);
        }
        base->inverse_specs_[it->second].owners.push_back(index);
      }
    }
  }
  if (!base->inverse_cached_) base->inverse_specs_.clear();
  base->class_inverse_.resize(base->class_pods_.size());
  (void)options;  // namespace labels only matter for namespaceSelectors, which disable caching
  return base;
}

std::optional<uint32_t> TopologyBase::FindNode(std::string_view name) const {
  auto it = node_index_.find(name);
  if (it == node_index_.end()) return std::nullopt;
  return it->second;
}

void TopologyBase::FindPods(std::string_view key, std::vector<uint32_t>& out) const {
  auto it = by_key_.find(key);
  if (it != by_key_.end()) out.insert(out.end(), it->second.begin(), it->second.end());
}

const std::vector<uint32_t>& TopologyBase::SelectingInverse(const api::Pod& pod) const {
  AppendClassKey(pod, key_buffer_);
  auto it = class_index_.find(key_buffer_);
  std::vector<uint32_t>* out = &scratch_;
  if (it != class_index_.end()) {
    std::optional<std::vector<uint32_t>>& memo = class_inverse_[it->second];
    if (memo) return *memo;
    out = &memo.emplace();
  }
  out->clear();
  for (uint32_t s = 0; s < inverse_specs_.size(); ++s) {
    if (inverse_specs_[s].selector->Selects(pod)) out->push_back(s);
  }
  return *out;
}

const std::vector<uint32_t>& TopologyBase::Selected(const std::string& key, const GroupSpec& spec,
                                                    const TopologyGroup& group) const {
  auto it = selected_.find(key);
  if (it != selected_.end()) return it->second;
  std::vector<uint32_t> pods;
  auto take = [&](uint32_t label_class) {
    if (!group.Selects(*class_example_[label_class])) return;
    pods.insert(pods.end(), class_pods_[label_class].begin(), class_pods_[label_class].end());
  };
  if (spec.selector && !spec.selector->match_labels.empty()) {
    // Only classes carrying the first matchLabels pair can match.
    const auto& [label, value] = *spec.selector->match_labels.begin();
    auto posting = postings_.find(label + '=' + value);
    if (posting != postings_.end()) {
      for (uint32_t label_class : posting->second) take(label_class);
    }
  } else if (spec.selector) {
    for (uint32_t label_class = 0; label_class < class_pods_.size(); ++label_class) {
      take(label_class);
    }
  }
  std::sort(pods.begin(), pods.end());
  return selected_.emplace(key, std::move(pods)).first->second;
}

const std::vector<std::pair<std::string_view, uint32_t>>& TopologyBase::NodeDomains(
    const std::string& key, const TopologyNodeFilter& filter, const std::string& filter_key) const {
  key_buffer_.assign(key);
  key_buffer_ += '\x1e';
  key_buffer_ += filter_key;
  auto it = node_domains_.find(key_buffer_);
  if (it != node_domains_.end()) return it->second;
  std::vector<std::pair<std::string_view, uint32_t>> domains;
  std::unordered_map<std::string_view, size_t> position;
  for (const NodeInfo& info : nodes_) {
    if (!filter.Matches(info.node->spec.taints, info.requirements)) continue;
    auto label = info.node->metadata.labels.find(key);
    if (label == info.node->metadata.labels.end()) continue;
    auto [at, inserted] = position.try_emplace(label->second, domains.size());
    if (inserted) {
      domains.emplace_back(label->second, 1);
    } else {
      ++domains[at->second].second;
    }
  }
  return node_domains_.emplace(key_buffer_, std::move(domains)).first->second;
}

}  // namespace tidepool::scheduling
