#include "api/requirements.h"

#include <algorithm>

namespace tidepool::api {
namespace {

bool ExcludesOnly(const Requirement& r) {
  NodeSelectorOperator op = r.Operator();
  return op == NodeSelectorOperator::kNotIn || op == NodeSelectorOperator::kDoesNotExist;
}

// Calls `visit(mine, theirs)` for every key both sorted lists define, in key order, until it
// returns false. Returns false when stopped early.
template <typename Visit>
bool ForEachSharedKey(const std::vector<Requirement>& a, const std::vector<Requirement>& b,
                      Visit visit) {
  auto i = a.begin();
  auto j = b.begin();
  while (i != a.end() && j != b.end()) {
    int c = i->key().compare(j->key());
    if (c < 0) {
      ++i;
    } else if (c > 0) {
      ++j;
    } else {
      if (!visit(*i, *j)) return false;
      ++i;
      ++j;
    }
  }
  return true;
}

// A shared key whose requirements cannot both hold: no common value, unless both only exclude.
bool Conflicts(const Requirement& existing, const Requirement& incoming) {
  if (existing.HasIntersection(incoming)) return false;
  return !(ExcludesOnly(incoming) && ExcludesOnly(existing));
}

std::string_view Suffix(std::string_view key) {
  size_t slash = key.find('/');
  return slash == std::string_view::npos ? key : key.substr(slash + 1);
}

}  // namespace

CompatibilityOptions AllowUndefinedWellKnownLabels(const LabelKeySet& well_known) {
  return CompatibilityOptions{&well_known};
}

Requirements::Requirements(std::vector<Requirement> requirements) {
  for (const Requirement& r : requirements) Add(r);
}

Requirements Requirements::FromNodeSelectorRequirements(
    std::span<const NodeSelectorRequirement> requirements) {
  Requirements out;
  for (const NodeSelectorRequirement& r : requirements) {
    out.Add(Requirement::FromNodeSelectorRequirement(r));
  }
  return out;
}

Requirements Requirements::FromLabels(const std::map<std::string, std::string>& labels) {
  Requirements out;
  for (const auto& [key, value] : labels) {
    out.Add(Requirement::Make(key, NodeSelectorOperator::kIn, {value}));
  }
  return out;
}

Requirements Requirements::ForPod(const std::map<std::string, std::string>& node_selector,
                                  const NodeSelector* required,
                                  std::span<const PreferredSchedulingTerm> preferred,
                                  PodRequirementType type) {
  Requirements out = FromLabels(node_selector);
  if (type == PodRequirementType::kAll && !preferred.empty()) {
    const PreferredSchedulingTerm* heaviest = &preferred[0];
    for (const PreferredSchedulingTerm& term : preferred) {
      if (term.weight > heaviest->weight) heaviest = &term;
    }
    out.Add(FromNodeSelectorRequirements(heaviest->preference.match_expressions));
  }
  if (required != nullptr && !required->node_selector_terms.empty()) {
    out.Add(FromNodeSelectorRequirements(required->node_selector_terms[0].match_expressions));
  }
  return out;
}

size_t Requirements::LowerBound(std::string_view key) const {
  auto it = std::lower_bound(
      requirements_.begin(), requirements_.end(), key,
      [](const Requirement& r, std::string_view k) { return std::string_view(r.key()) < k; });
  return static_cast<size_t>(it - requirements_.begin());
}

void Requirements::Add(const Requirement& requirement) {
  size_t i = LowerBound(requirement.key());
  if (i < requirements_.size() && requirements_[i].key() == requirement.key()) {
    requirements_[i] = requirement.Intersection(requirements_[i]);
  } else {
    requirements_.insert(requirements_.begin() + static_cast<ptrdiff_t>(i), requirement);
  }
}

void Requirements::Add(const Requirements& requirements) {
  for (const Requirement& r : requirements.requirements_) Add(r);
}

const Requirement* Requirements::Find(std::string_view key) const {
  size_t i = LowerBound(key);
  if (i < requirements_.size() && requirements_[i].key() == key) return &requirements_[i];
  return nullptr;
}

Requirement Requirements::Get(std::string_view key) const {
  if (const Requirement* r = Find(key)) return *r;
  return Requirement::FromParts(std::string(key), /*complement=*/true, {}, std::nullopt,
                                std::nullopt, std::nullopt);
}

std::vector<std::string> Requirements::Keys() const {
  std::vector<std::string> keys;
  keys.reserve(requirements_.size());
  for (const Requirement& r : requirements_) keys.push_back(r.key());
  return keys;
}

const Requirement* Requirements::FirstUndefined(const Requirements& other,
                                                const CompatibilityOptions& options) const {
  // Both lists are sorted: walk this side alongside `other` instead of searching per key.
  auto mine = requirements_.begin();
  for (const Requirement& theirs : other.requirements_) {
    while (mine != requirements_.end() && mine->key() < theirs.key()) ++mine;
    const bool defined = mine != requirements_.end() && mine->key() == theirs.key();
    if (defined || ExcludesOnly(theirs)) continue;
    if (options.allow_undefined != nullptr && options.allow_undefined->Has(theirs.key())) continue;
    return &theirs;
  }
  return nullptr;
}

std::string Requirements::LabelHint(std::string_view key,
                                    const LabelKeySet* allow_undefined) const {
  auto matches = [&](std::string_view candidate) {
    return candidate.find(key) != std::string_view::npos || candidate.ends_with(Suffix(key));
  };
  // Upstream walks Go maps (random order); sorted order makes the hint reproducible.
  if (allow_undefined != nullptr) {
    for (const std::string& known : allow_undefined->keys()) {
      if (matches(known)) return " (typo of \"" + known + "\"?)";
    }
  }
  for (const Requirement& r : requirements_) {
    if (matches(r.key())) return " (typo of \"" + r.key() + "\"?)";
  }
  return "";
}

Status Requirements::Compatible(const Requirements& other,
                                const CompatibilityOptions& options) const {
  if (const Requirement* undefined = FirstUndefined(other, options)) {
    return Fail(ErrorCode::kInvalidArgument,
                "label \"" + undefined->key() + "\" does not have known values" +
                    LabelHint(undefined->key(), options.allow_undefined));
  }
  return Intersects(other);
}

bool Requirements::IsCompatible(const Requirements& other,
                                const CompatibilityOptions& options) const {
  return FirstUndefined(other, options) == nullptr && IntersectsFast(other);
}

Status Requirements::Intersects(const Requirements& other) const {
  std::string message;
  ForEachSharedKey(requirements_, other.requirements_,
                   [&](const Requirement& existing, const Requirement& incoming) {
                     if (Conflicts(existing, incoming)) {
                       if (!message.empty()) message += "; ";
                       message += "key " + existing.key() + ", " + incoming.String() + " not in " +
                                  existing.String();
                     }
                     return true;
                   });
  if (message.empty()) return OkStatus();
  return Fail(ErrorCode::kInvalidArgument, std::move(message));
}

bool Requirements::IntersectsFast(const Requirements& other) const {
  return ForEachSharedKey(requirements_, other.requirements_,
                          [](const Requirement& existing, const Requirement& incoming) {
                            return !Conflicts(existing, incoming);
                          });
}

std::map<std::string, std::string> Requirements::Labels() const {
  std::map<std::string, std::string> labels;
  for (const Requirement& r : requirements_) {
    if (RestrictedLabels().Has(r.key())) continue;
    if (std::string value = r.Any(); !value.empty()) labels.emplace(r.key(), std::move(value));
  }
  return labels;
}

std::vector<NodeSelectorRequirement> Requirements::NodeSelectorRequirements() const {
  std::vector<NodeSelectorRequirement> out;
  out.reserve(requirements_.size());
  for (const Requirement& r : requirements_) {
    for (NodeSelectorRequirement& n : r.ToNodeSelectorRequirements()) out.push_back(std::move(n));
  }
  return out;
}

bool Requirements::HasMinValues() const {
  return std::any_of(requirements_.begin(), requirements_.end(),
                     [](const Requirement& r) { return r.min_values().has_value(); });
}

std::string Requirements::String() const {
  std::vector<std::string> parts;
  for (const Requirement& r : requirements_) {
    if (!RestrictedLabels().Has(r.key())) parts.push_back(r.String());
  }
  std::sort(parts.begin(), parts.end());
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += ", ";
    out += parts[i];
  }
  return out;
}

}  // namespace tidepool::api
