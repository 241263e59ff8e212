#include "scheduling/topology_state.h"

#include <algorithm>

#include "api/well_known_labels.h"
#include "scheduling/topology_base.h"

namespace tidepool::scheduling {
namespace {

bool IsTerminal(const api::Pod& pod) {
  return pod.status.phase == api::kPodSucceeded || pod.status.phase == api::kPodFailed;
}

// upstream IgnoredForTopology: unscheduled, terminal or terminating pods do not count.
bool IgnoredForTopology(const api::Pod& pod) {
  return pod.spec.node_name.empty() || IsTerminal(pod) || !pod.metadata.deletion_timestamp.empty();
}

const std::vector<api::PodAffinityTerm>* RequiredAntiAffinity(const api::Pod& pod) {
  if (!pod.spec.affinity || !pod.spec.affinity->pod_anti_affinity) return nullptr;
  const auto& terms =
      pod.spec.affinity->pod_anti_affinity->required_during_scheduling_ignored_during_execution;
  return terms.empty() ? nullptr : &terms;
}

}  // namespace

std::string_view PodKey(const api::Pod& pod, std::string& buffer) {
  if (!pod.metadata.uid.empty()) return pod.metadata.uid;
  buffer.clear();
  buffer.append(pod.metadata.namespace_).append("/").append(pod.metadata.name);
  return buffer;
}

Result<std::unique_ptr<TopologyState>> TopologyState::Build(const TopologyInput& input,
                                                            TopologyOptions options) {
  std::unique_ptr<TopologyState> state(new TopologyState());
  state->options_ = std::move(options);
  std::string buffer;
  // The pods being scheduled are counted where they land, not where they are now.
  for (const api::Pod* pod : input.pods) {
    state->pending_.emplace(PodKey(*pod, buffer), true);
    state->options_.namespace_labels.try_emplace(pod->metadata.namespace_);
  }
  std::vector<std::string> errors;
  if (input.base != nullptr) {
    state->UseBase(input);
    state->building_ = true;  // inverse groups made now get the implicit hostnames
    if (auto s = state->AddInverseFromBase(input); !s) errors.push_back(s.error().message());
    state->building_ = false;
  }
  for (const TopologyNodePool& pool :
       input.base ? std::span<const TopologyNodePool>() : input.node_pools) {
    const api::NodeClaimTemplate& tmpl = pool.node_pool->spec.template_;
    api::Requirements requirements =
        api::Requirements::FromNodeSelectorRequirements(tmpl.spec.requirements);
    requirements.Add(api::Requirements::FromLabels(tmpl.metadata.labels));
    AddNodePoolDomains(requirements, tmpl.spec.taints, pool.instance_types, state->domains_);
  }

  std::unordered_map<std::string_view, uint32_t> node_index;
  for (const api::Node* node : input.base ? std::span<const api::Node* const>() : input.nodes) {
    node_index.emplace(node->metadata.name, static_cast<uint32_t>(state->nodes_.size()));
    state->nodes_.push_back({node, api::Requirements::FromLabels(node->metadata.labels)});
  }

  // Namespaces an empty namespaceSelector covers: the given ones and every pod's.
  auto& namespaces = state->options_.namespace_labels;
  std::span<const api::Pod* const> existing_pods =
      input.base ? std::span<const api::Pod* const>() : input.existing_pods;
  for (const api::Pod* pod : existing_pods) namespaces.try_emplace(pod->metadata.namespace_);
  for (const api::Pod* pod : input.pods) namespaces.try_emplace(pod->metadata.namespace_);

  for (const api::Pod* pod : existing_pods) {
    if (state->Pending(*pod)) continue;
    auto node = node_index.find(pod->spec.node_name);
    if (pod->spec.node_name.empty() || node == node_index.end()) continue;
    state->existing_.push_back({pod, node->second, !IgnoredForTopology(*pod)});
    const auto& labels = state->nodes_[node->second].node->metadata.labels;
    if (auto s = state->AddInverse(*pod, &labels, nullptr); !s) {
      errors.push_back("tracking existing pod anti-affinity, " + s.error().message());
    }
  }
  state->building_ = true;
  for (const api::Pod* pod : input.pods) {
    if (auto s = state->Update(*pod); !s) errors.push_back(s.error().message());
  }
  state->building_ = false;
  for (const api::Pod* pod : input.pods) {
    auto it = state->pods_.find(PodKey(*pod, buffer));
    if (it != state->pods_.end()) state->CacheSelection(*pod, it->second);
  }
  if (!errors.empty()) {
    std::string message;
    for (const std::string& e : errors) {
      if (!message.empty()) message += "; ";
      message += e;
    }
    return Fail(ErrorCode::kInvalidArgument, std::move(message));
  }
  return state;
}

bool TopologyState::Pending(const api::Pod& pod) const {
  std::string buffer;
  return pending_.find(PodKey(pod, buffer)) != pending_.end();
}

const TopologyDomains& TopologyState::Domains() const {
  return base_ != nullptr ? base_->domains() : domains_;
}

void TopologyState::SetImplicit(TopologyGroup& group) const {
  if (implicit_hostnames_ != nullptr && group.key() == api::kLabelHostname) {
    group.SetImplicitDomains(implicit_hostnames_);
  }
}

void TopologyState::UseBase(const TopologyInput& input) {
  base_ = input.base;
  implicit_hostnames_ = input.implicit_hostnames;
  if (input.excluded_entries != nullptr) excluded_entries_ = *input.excluded_entries;
  excluded_entries_.resize(base_->entry_count(), false);
  for (const auto& [key, unused] : pending_) base_->FindPods(key, pending_existing_);
  std::sort(pending_existing_.begin(), pending_existing_.end());
  for (uint32_t n = 0; n < base_->nodes().size(); ++n) {
    if (ExcludedEntry(base_->nodes()[n].entry)) excluded_nodes_.push_back(n);
  }
  // Namespaces of the pods the remaining entries list.
  std::unordered_map<std::string_view, uint32_t> removed;
  for (uint32_t e = 0; e < excluded_entries_.size(); ++e) {
    if (!excluded_entries_[e]) continue;
    for (const api::Pod* pod : base_->entry_listed(e)) ++removed[pod->metadata.namespace_];
  }
  for (const auto& [name, count] : base_->namespaces()) {
    auto minus = removed.find(name);
    if (count > (minus == removed.end() ? 0 : minus->second)) {
      options_.namespace_labels.try_emplace(name);
    }
  }
}

// The inverse groups of the existing pods that remain, as the loop over existing pods in Build
// creates them; with a cached base only those that select a pending pod (no other pod asks).
Status TopologyState::AddInverseFromBase(const TopologyInput& input) {
  const auto& existing = base_->existing();
  const auto& nodes = base_->nodes();
  auto remains = [&](uint32_t e) {
    const TopologyBase::ExistingPod& pod = existing[e];
    return !ExcludedEntry(pod.entry) && !ExcludedEntry(nodes[pod.node].entry) &&
           !PendingExisting(e);
  };
  if (!base_->inverse_cached()) {
    for (uint32_t e : base_->anti_pods()) {
      if (!remains(e)) continue;
      const auto& labels = nodes[existing[e].node].node->metadata.labels;
      if (auto s = AddInverse(*existing[e].pod, &labels, nullptr); !s) {
        return Fail(s.error().WithContext("tracking existing pod anti-affinity"));
      }
    }
    return OkStatus();
  }
  const auto& specs = base_->inverse_specs();
  std::vector<std::pair<uint32_t, uint32_t>> relevant;  // (first remaining owner, spec)
  for (const api::Pod* pod : input.pods) {
    for (uint32_t s : base_->SelectingInverse(*pod)) {
      if (std::any_of(relevant.begin(), relevant.end(),
                      [&](const auto& r) { return r.second == s; }))
        continue;
      for (uint32_t owner : specs[s].owners) {
        if (!remains(owner)) continue;
        relevant.emplace_back(owner, s);
        break;
      }
    }
  }
  std::sort(relevant.begin(), relevant.end());
  for (const auto& [first, s] : relevant) {
    const TopologyBase::InverseSpec& spec = specs[s];
    std::unique_ptr<TopologyGroup> group = GroupSpec(spec.spec).MakeGroup();
    RegisterUniverse(*group, *existing[first].pod);
    SetImplicit(*group);
    for (uint32_t owner : spec.owners) {
      if (!remains(owner)) continue;
      const auto& labels = nodes[existing[owner].node].node->metadata.labels;
      auto label = labels.find(group->key());
      if (label != labels.end()) group->Record(label->second);
      group->AddOwner();
    }
    inverse_index_.emplace(spec.key, static_cast<uint32_t>(inverse_.size()));
    inverse_.push_back(std::move(group));
  }
  return OkStatus();
}

void TopologyState::CountDomainsFromBase(TopologyGroup& group, const GroupSpec& spec,
                                         const std::string& key) const {
  const auto& nodes = base_->nodes();
  const TopologyNodeFilter& filter = group.node_filter();
  auto register_node = [&](uint32_t n) {
    const TopologyBase::NodeInfo& info = nodes[n];
    if (ExcludedEntry(info.entry)) return;
    if (!filter.Matches(info.node->spec.taints, info.requirements)) return;
    auto label = info.node->metadata.labels.find(group.key());
    if (label != info.node->metadata.labels.end()) group.Register(label->second);
  };
  if (group.key() == api::kLabelHostname) {
    if (building_ && implicit_hostnames_ != nullptr) {
      SetImplicit(group);
      for (uint32_t n : base_->explicit_hostname_nodes()) register_node(n);
    } else {
      for (uint32_t n = 0; n < nodes.size(); ++n) register_node(n);
    }
  } else {
    std::string filter_key;
    filter.AppendKey(filter_key);
    for (auto [domain, count] : base_->NodeDomains(group.key(), filter, filter_key)) {
      for (uint32_t n : excluded_nodes_) {
        const TopologyBase::NodeInfo& info = nodes[n];
        auto label = info.node->metadata.labels.find(group.key());
        if (label == info.node->metadata.labels.end() || label->second != domain) continue;
        if (filter.Matches(info.node->spec.taints, info.requirements)) --count;
      }
      if (count > 0) group.Register(domain);
    }
  }
  for (uint32_t e : base_->Selected(key, spec, group)) {
    const TopologyBase::ExistingPod& pod = base_->existing()[e];
    const TopologyBase::NodeInfo& info = nodes[pod.node];
    if (!pod.counted || ExcludedEntry(pod.entry) || ExcludedEntry(info.entry) ||
        PendingExisting(e)) {
      continue;
    }
    const auto& labels = info.node->metadata.labels;
    auto label = labels.find(group.key());
    std::string_view domain;
    if (label != labels.end()) {
      domain = label->second;
    } else if (group.key() == api::kLabelHostname) {
      domain = info.node->metadata.name;
    } else {
      continue;
    }
    if (!filter.Matches(info.node->spec.taints, info.requirements)) continue;
    group.Record(domain);
  }
}

const TopologyState::PodState* TopologyState::FindPod(const api::Pod& pod) const {
  std::string buffer;
  auto it = pods_.find(PodKey(pod, buffer));
  return it == pods_.end() ? nullptr : &it->second;
}

Result<std::vector<std::string>> TopologyState::Namespaces(const api::Pod& pod,
                                                           const api::PodAffinityTerm& term) const {
  std::vector<std::string> out;
  if (term.namespaces.empty() && !term.namespace_selector) {
    out.push_back(pod.metadata.namespace_);
    return out;
  }
  out = term.namespaces;
  if (term.namespace_selector) {
    auto selector = api::Selector::FromLabelSelector(*term.namespace_selector);
    if (!selector) {
      return Fail(selector.error().WithContext("parsing namespace selector"));
    }
    for (const auto& [name, labels] : options_.namespace_labels) {
      if (selector->Matches(labels)) out.push_back(name);
    }
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

// The group's starting domains: the universe's for its key; spread constraints with
// nodeTaintsPolicy Ignore see every domain, the rest (as upstream, also affinity groups) only
// those offered with taints the creating pod tolerates.
void TopologyState::RegisterUniverse(TopologyGroup& group, const api::Pod& pod) const {
  const TopologyDomains& domains = Domains();
  auto it = domains.find(group.key());
  if (it == domains.end()) return;
  const bool honor_taints =
      group.type() != TopologyType::kSpread || group.node_filter().honor_taints();
  it->second.ForEachDomain(pod.spec.tolerations, honor_taints,
                           [&](const std::string& domain) { group.Register(domain); });
}

// upstream countDomains: domains of existing nodes the filter admits, then the existing pods
// the group selects, in the domain of their node.
void TopologyState::CountDomains(TopologyGroup& group) const {
  for (const NodeInfo& info : nodes_) {
    if (!group.node_filter().Matches(info.node->spec.taints, info.requirements)) continue;
    auto label = info.node->metadata.labels.find(group.key());
    if (label != info.node->metadata.labels.end()) group.Register(label->second);
  }
  for (const ExistingPod& e : existing_) {
    if (!e.counted || !group.Selects(*e.pod)) continue;
    const NodeInfo& info = nodes_[e.node];
    const auto& labels = info.node->metadata.labels;
    auto label = labels.find(group.key());
    std::string_view domain;
    if (label != labels.end()) {
      domain = label->second;
    } else if (group.key() == api::kLabelHostname) {
      // A node without its hostname label yet: its name stands in, so the pods still count
      // somewhere (self-affinity relies on that).
      domain = info.node->metadata.name;
    } else {
      continue;
    }
    if (!group.node_filter().Matches(info.node->spec.taints, info.requirements)) continue;
    group.Record(domain);
  }
}

uint32_t TopologyState::GetOrCreate(GroupSpec spec, const api::Pod& pod) {
  spec.AppendKey(key_buffer_);
  auto it = group_index_.find(key_buffer_);
  if (it != group_index_.end()) return it->second;
  std::unique_ptr<TopologyGroup> group;
  if (base_ != nullptr) {
    group = GroupSpec(spec).MakeGroup();
    RegisterUniverse(*group, pod);
    CountDomainsFromBase(*group, spec, key_buffer_);
  } else {
    group = std::move(spec).MakeGroup();
    RegisterUniverse(*group, pod);
    CountDomains(*group);
  }
  const auto index = static_cast<uint32_t>(groups_.size());
  groups_.push_back(std::move(group));
  group_index_.emplace(key_buffer_, index);
  return index;
}

// upstream updateInverseAntiAffinity: one inverse group per required anti-affinity term;
// `labels` are the labels of the node the pod runs on (nullptr for a pending pod).
Status TopologyState::AddInverse(const api::Pod& pod,
                                 const std::map<std::string, std::string>* labels,
                                 PodState* state) {
  const auto* terms = RequiredAntiAffinity(pod);
  if (terms == nullptr) return OkStatus();
  for (const api::PodAffinityTerm& term : *terms) {
    auto namespaces = Namespaces(pod, term);
    if (!namespaces) return Fail(namespaces.error());
    GroupSpec spec;
    spec.type = TopologyType::kPodAntiAffinity;
    spec.key = term.topology_key;
    spec.namespaces = std::move(*namespaces);
    spec.selector =
        WithLabelKeys(term.label_selector, pod, term.match_label_keys, term.mismatch_label_keys);
    spec.AppendKey(key_buffer_);
    uint32_t index;
    if (auto it = inverse_index_.find(key_buffer_); it != inverse_index_.end()) {
      index = it->second;
    } else {
      std::unique_ptr<TopologyGroup> group = std::move(spec).MakeGroup();
      RegisterUniverse(*group, pod);
      if (building_) SetImplicit(*group);
      index = static_cast<uint32_t>(inverse_.size());
      inverse_.push_back(std::move(group));
      inverse_index_.emplace(key_buffer_, index);
    }
    TopologyGroup& group = *inverse_[index];
    if (labels) {
      auto label = labels->find(group.key());
      if (label != labels->end()) group.Record(label->second);
    }
    if (state == nullptr) {
      group.AddOwner();
    } else if (std::find(state->inverse_groups.begin(), state->inverse_groups.end(), index) ==
               state->inverse_groups.end()) {
      state->inverse_groups.push_back(index);
      group.AddOwner();
    }
  }
  return OkStatus();
}

void TopologyState::Own(PodState& state, uint32_t index) {
  if (std::find(state.groups.begin(), state.groups.end(), index) != state.groups.end()) return;
  state.groups.push_back(index);
  groups_[index]->AddOwner();
}

void TopologyState::AddSpreadGroups(const api::Pod& pod, PodState& state) {
  for (const api::TopologySpreadConstraint& tsc : pod.spec.topology_spread_constraints) {
    if (options_.ignore_preferences && tsc.when_unsatisfiable != api::kDoNotSchedule) continue;
    GroupSpec spec;
    spec.type = TopologyType::kSpread;
    spec.key = tsc.topology_key;
    spec.namespaces = {pod.metadata.namespace_};
    spec.selector = WithLabelKeys(tsc.label_selector, pod, tsc.match_label_keys, {});
    spec.max_skew = tsc.max_skew;
    spec.min_domains = tsc.min_domains;
    spec.node_filter =
        TopologyNodeFilter::ForSpread(pod, tsc.node_taints_policy, tsc.node_affinity_policy);
    Own(state, GetOrCreate(std::move(spec), pod));
  }
}

Status TopologyState::AddAffinityTerm(const api::Pod& pod, TopologyType type,
                                      const api::PodAffinityTerm& term, PodState& state) {
  auto namespaces = Namespaces(pod, term);
  if (!namespaces) return Fail(namespaces.error());
  GroupSpec spec;
  spec.type = type;
  spec.key = term.topology_key;
  spec.namespaces = std::move(*namespaces);
  spec.selector =
      WithLabelKeys(term.label_selector, pod, term.match_label_keys, term.mismatch_label_keys);
  Own(state, GetOrCreate(std::move(spec), pod));
  return OkStatus();
}

template <typename Affinity>
Status TopologyState::AddAffinityGroups(const api::Pod& pod, TopologyType type,
                                        const Affinity& affinity, PodState& state) {
  for (const api::PodAffinityTerm& term :
       affinity.required_during_scheduling_ignored_during_execution) {
    if (auto s = AddAffinityTerm(pod, type, term, state); !s) return s;
  }
  if (options_.ignore_preferences) return OkStatus();
  for (const api::WeightedPodAffinityTerm& weighted :
       affinity.preferred_during_scheduling_ignored_during_execution) {
    if (auto s = AddAffinityTerm(pod, type, weighted.pod_affinity_term, state); !s) return s;
  }
  return OkStatus();
}

void TopologyState::CacheSelection(const api::Pod& pod, PodState& state) const {
  state.selecting_inverse.clear();
  for (size_t g = 0; g < inverse_.size(); ++g) {
    if (inverse_[g]->Selects(pod)) state.selecting_inverse.push_back(static_cast<uint32_t>(g));
  }
  state.inverse_seen = static_cast<uint32_t>(inverse_.size());
}

Status TopologyState::Update(const api::Pod& pod) {
  std::string buffer;
  const std::string_view key = PodKey(pod, buffer);
  auto it = pods_.find(key);
  if (it == pods_.end()) it = pods_.emplace(std::string(key), PodState{}).first;
  PodState& state = it->second;
  for (uint32_t g : state.groups) groups_[g]->RemoveOwner();
  state.groups.clear();

  // Only required anti-affinity terms are tracked inversely, under either preference policy:
  // upstream enforces no preference on behalf of another pod.
  if (auto s = AddInverse(pod, nullptr, &state); !s) {
    return Fail(s.error().WithContext("updating inverse anti-affinities"));
  }
  AddSpreadGroups(pod, state);
  if (pod.spec.affinity) {
    const api::Affinity& affinity = *pod.spec.affinity;
    Status s = OkStatus();
    if (affinity.pod_affinity) {
      s = AddAffinityGroups(pod, TopologyType::kPodAffinity, *affinity.pod_affinity, state);
    }
    if (s && affinity.pod_anti_affinity) {
      s = AddAffinityGroups(pod, TopologyType::kPodAntiAffinity, *affinity.pod_anti_affinity,
                            state);
    }
    if (!s) return Fail(s.error().WithContext("updating affinities"));
  }
  if (!building_) CacheSelection(pod, state);
  return OkStatus();
}

}  // namespace tidepool::scheduling
