#include "scheduling/topology.h"

#include <algorithm>
#include <array>
#include <limits>
#include <unordered_map>

#include "api/well_known_labels.h"
#include "scheduling/topology_domain_group.h"
#include "scheduling/topology_group.h"
#include "scheduling/topology_node_filter.h"
#include "scheduling/topology_state.h"

namespace tidepool::scheduling {
namespace {

constexpr size_t kMaxCountsInError = 25;

// The domains decided for one topology key during Narrow, with the node's requirement for it.
struct KeyDomains {
  std::string_view key;
  const api::Requirement* node = nullptr;  // nullptr: the node does not define the key
  DomainList domains;

  bool IntersectsNode() const {
    if (node == nullptr) return !domains.empty();
    for (size_t i = 0; i < domains.size(); ++i) {
      if (node->Has(domains[i])) return true;
    }
    return false;
  }
  // The node already allows exactly these domains, so adding them changes nothing.
  bool NodeAlreadyEquals() const {
    if (node == nullptr || node->complement() || node->gte() || node->lte()) return false;
    if (node->values().size() != domains.size()) return false;
    for (size_t i = 0; i < domains.size(); ++i) {
      if (!node->Has(domains[i])) return false;
    }
    return true;
  }
};

// A few KeyDomains without heap allocation; a pod rarely has constraints on more than four keys.
class KeyDomainsList {
 public:
  KeyDomains* Find(std::string_view key) {
    for (size_t i = 0; i < size_; ++i) {
      if ((*this)[i].key == key) return &(*this)[i];
    }
    return nullptr;
  }
  KeyDomains& Add(std::string_view key, const api::Requirement* node) {
    KeyDomains& entry = size_ < kInline ? inline_[size_] : overflow_.emplace_back();
    ++size_;
    entry.key = key;
    entry.node = node;
    return entry;
  }
  KeyDomains& operator[](size_t i) { return i < kInline ? inline_[i] : overflow_[i - kInline]; }
  size_t size() const { return size_; }

 private:
  static constexpr size_t kInline = 4;
  std::array<KeyDomains, kInline> inline_;
  std::vector<KeyDomains> overflow_;
  size_t size_ = 0;
};

// Decides every group matching `pod` against `node_requirements` as given; domains on the same
// key intersect. With `pod_fills_undefined`, a key the node does not define reads as the pod's
// requirement for it (the node's requirements have not been merged with the pod's yet).
// Allocation-free unless a key needs more than four domains.
bool Decide(const TopologyState& topology, const api::Pod& pod,
            const api::Requirements& pod_requirements, const api::Requirements& node_requirements,
            const api::CompatibilityOptions& options, bool pod_fills_undefined,
            KeyDomainsList& decided) {
  const TopologyState::PodState* state = topology.FindPod(pod);
  bool ok = true;
  DomainList scratch;
  topology.ForEachMatching(pod, state, [&](const TopologyGroup& group) {
    if (!ok) return;
    const api::Requirement* pod_domains = pod_requirements.Find(group.key());
    const api::Requirement* node_domains = node_requirements.Find(group.key());
    if (node_domains == nullptr && pod_fills_undefined) node_domains = pod_domains;
    if (node_domains == nullptr &&
        (options.allow_undefined == nullptr || !options.allow_undefined->Has(group.key()))) {
      ok = false;
      return;
    }
    KeyDomains* entry = decided.Find(group.key());
    DomainList& out = entry ? scratch : decided.Add(group.key(), node_domains).domains;
    out.clear();
    ok = group.Get(pod, pod_domains, node_domains, out);
    if (ok && entry) ok = entry->domains.RetainIn(scratch);
  });
  if (!ok) return false;
  for (size_t i = 0; i < decided.size(); ++i) {
    if (!decided[i].IntersectsNode()) return false;
  }
  return true;
}

}  // namespace

std::string_view TopologyTypeName(TopologyType type) {
  switch (type) {
    case TopologyType::kSpread:
      return "topology spread";
    case TopologyType::kPodAffinity:
      return "pod affinity";
    case TopologyType::kPodAntiAffinity:
      return "pod anti-affinity";
  }
  return "";
}

Topology::Topology(std::unique_ptr<TopologyState> state) : state_(std::move(state)) {}
Topology::~Topology() = default;

Result<std::unique_ptr<Topology>> Topology::Make(const TopologyInput& input,
                                                 TopologyOptions options) {
  auto state = TopologyState::Build(input, std::move(options));
  if (!state) return Fail(state.error());
  return std::unique_ptr<Topology>(new Topology(std::move(*state)));
}

bool Topology::MayAdmit(const api::Pod& pod, const api::Requirements& pod_requirements,
                        const api::Requirements& node_requirements,
                        const api::CompatibilityOptions& options) const {
  KeyDomainsList decided;
  return Decide(*state_, pod, pod_requirements, node_requirements, options,
                /*pod_fills_undefined=*/true, decided);
}

bool Topology::Narrow(const api::Pod& pod, std::span<const api::Taint> node_taints,
                      const api::Requirements& pod_requirements,
                      api::Requirements& node_requirements,
                      const api::CompatibilityOptions& options) const {
  (void)node_taints;  // inverse groups have no node filter; owned groups apply regardless
  KeyDomainsList decided;
  if (!Decide(*state_, pod, pod_requirements, node_requirements, options,
              /*pod_fills_undefined=*/false, decided)) {
    return false;
  }
  // Build every change before applying any: the decisions point into node_requirements, which
  // Add may reallocate.
  std::vector<api::Requirement> changes;
  for (size_t i = 0; i < decided.size(); ++i) {
    const KeyDomains& entry = decided[i];
    if (entry.NodeAlreadyEquals()) continue;  // e.g. the node's own hostname
    changes.push_back(api::Requirement::FromParts(std::string(entry.key), false,
                                                  entry.domains.Sorted(), std::nullopt,
                                                  std::nullopt, std::nullopt));
  }
  for (const api::Requirement& change : changes) node_requirements.Add(change);
  return true;
}

Result<api::Requirements> Topology::AddRequirements(
    const api::Pod& pod, std::span<const api::Taint> node_taints,
    const api::Requirements& pod_requirements, const api::Requirements& node_requirements) const {
  (void)node_taints;
  const TopologyState::PodState* state = state_->FindPod(pod);
  api::Requirements requirements = node_requirements;
  std::optional<Error> error;
  DomainList domains;
  state_->ForEachMatching(pod, state, [&](const TopologyGroup& group) {
    if (error) return;
    const api::Requirement* pod_domains = pod_requirements.Find(group.key());
    const api::Requirement* node_domains = node_requirements.Find(group.key());
    domains.clear();
    if (!group.Get(pod, pod_domains, node_domains, domains)) {
      auto describe = [&](const api::Requirement* r) {
        return r ? r->String()
                 : api::Requirement::Make(group.key(), api::NodeSelectorOperator::kExists).String();
      };
      error = Error(ErrorCode::kFailedPrecondition,
                    "unsatisfiable topology constraint for " +
                        std::string(TopologyTypeName(group.type())) + ", key=" + group.key() +
                        " (counts = " + group.CountsString(kMaxCountsInError) + ", podDomains = " +
                        describe(pod_domains) + ", nodeDomains = " + describe(node_domains));
      return;
    }
    requirements.Add(api::Requirement::FromParts(group.key(), false, domains.Sorted(), std::nullopt,
                                                 std::nullopt, std::nullopt));
  });
  if (error) return Fail(std::move(*error));
  return requirements;
}

void Topology::Record(const api::Pod& pod, std::span<const api::Taint> node_taints,
                      const api::Requirements& node_requirements) {
  for (const auto& group : state_->groups()) {
    if (!group->Counts(pod, node_taints, node_requirements)) continue;
    const api::Requirement* domains = node_requirements.Find(group->key());
    if (domains == nullptr || domains->complement()) continue;
    if (group->type() == TopologyType::kPodAntiAffinity) {
      // Block every domain the pod may still end up in.
      for (const std::string& domain : domains->values()) group->Record(domain);
    } else if (domains->values().size() == 1) {
      // Spread and affinity only count a pod once its domain is known.
      group->Record(domains->values().front());
    }
  }
  const TopologyState::PodState* state = state_->FindPod(pod);
  if (state == nullptr) return;
  for (uint32_t g : state->inverse_groups) {
    TopologyGroup& group = *state_->inverse()[g];
    const api::Requirement* domains = node_requirements.Find(group.key());
    if (domains == nullptr || domains->complement()) continue;
    for (const std::string& domain : domains->values()) group.Record(domain);
  }
}

void Topology::Register(std::string_view key, std::string_view domain) {
  for (const auto& group : state_->groups()) {
    if (group->key() == key) group->Register(domain);
  }
  for (const auto& group : state_->inverse()) {
    if (group->key() == key) group->Register(domain);
  }
}

void Topology::Unregister(std::string_view key, std::string_view domain) {
  for (const auto& group : state_->groups()) {
    if (group->key() == key) group->Unregister(domain);
  }
  for (const auto& group : state_->inverse()) {
    if (group->key() == key) group->Unregister(domain);
  }
}

Status Topology::Update(const api::Pod& pod) { return state_->Update(pod); }

ZoneConstraint Topology::ZoneConstraints(const api::Pod& pod,
                                         const api::Requirements& pod_requirements) const {
  ZoneConstraint out;
  const TopologyState::PodState* state = state_->FindPod(pod);
  if (state == nullptr) return out;
  DomainList chosen;
  DomainList valid;
  for (uint32_t g : state->groups) {
    const TopologyGroup& group = *state_->groups()[g];
    if (group.key() != api::kLabelTopologyZone) continue;
    chosen.clear();
    valid.clear();
    (void)group.Get(pod, pod_requirements.Find(group.key()), nullptr, chosen, &valid);
    std::vector<std::string> zones =
        group.type() == TopologyType::kSpread ? valid.Sorted() : chosen.Sorted();
    if (zones.empty()) return ZoneConstraint{false, true, {}};
    if (!out.constrained) {
      out.constrained = true;
      out.zones = std::move(zones);
      continue;
    }
    std::vector<std::string> both;
    std::set_intersection(out.zones.begin(), out.zones.end(), zones.begin(), zones.end(),
                          std::back_inserter(both));
    out.zones = std::move(both);
  }
  return out;
}

bool Topology::Constrains(const api::Pod& pod) const {
  const TopologyState::PodState* state = state_->FindPod(pod);
  if (state && !state->groups.empty()) return true;
  return std::any_of(state_->inverse().begin(), state_->inverse().end(),
                     [&](const auto& group) { return group->Selects(pod); });
}

std::vector<TopologyGroupInfo> Topology::Groups() const {
  std::vector<TopologyGroupInfo> out;
  auto add = [&](const TopologyGroup& group, bool inverse) {
    out.push_back({group.type(), group.key(), inverse, group.owners(), group.CountsByDomain()});
  };
  for (const auto& group : state_->groups()) add(*group, false);
  for (const auto& group : state_->inverse()) add(*group, true);
  return out;
}

}  // namespace tidepool::scheduling
