// core/v1 node-selector types as written in manifests, and Karpenter's
// NodeSelectorRequirementWithMinValues. The algebra over them (Karpenter's
// scheduling.Requirements) lives in api/requirements.h.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "api/codec_fwd.h"
#include "api/extra_fields.h"

namespace tidepool::api {

// core/v1 NodeSelectorRequirement; with min_values it is Karpenter's
// NodeSelectorRequirementWithMinValues (min_values is only valid in karpenter.sh objects).
struct NodeSelectorRequirement {
  std::string key;
  std::string operator_;  // In, NotIn, Exists, DoesNotExist, Gt, Lt (Karpenter also Gte, Lte)
  std::vector<std::string> values;
  std::optional<int32_t> min_values;
  ExtraFields extra;
  friend bool operator==(const NodeSelectorRequirement&, const NodeSelectorRequirement&) = default;
};
TIDEPOOL_DECLARE_CODEC(NodeSelectorRequirement);

struct NodeSelectorTerm {
  std::vector<NodeSelectorRequirement> match_expressions;
  std::vector<NodeSelectorRequirement> match_fields;
  ExtraFields extra;
  friend bool operator==(const NodeSelectorTerm&, const NodeSelectorTerm&) = default;
};
TIDEPOOL_DECLARE_CODEC(NodeSelectorTerm);

struct NodeSelector {
  std::vector<NodeSelectorTerm> node_selector_terms;
  ExtraFields extra;
  friend bool operator==(const NodeSelector&, const NodeSelector&) = default;
};
TIDEPOOL_DECLARE_CODEC(NodeSelector);

struct PreferredSchedulingTerm {
  int32_t weight = 0;
  NodeSelectorTerm preference;
  ExtraFields extra;
  friend bool operator==(const PreferredSchedulingTerm&, const PreferredSchedulingTerm&) = default;
};
TIDEPOOL_DECLARE_CODEC(PreferredSchedulingTerm);

}  // namespace tidepool::api
