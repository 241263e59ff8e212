// meta/v1 LabelSelector as written in manifests (matchLabels, matchExpressions). The matching
// logic and the string syntax ("a=b,c!=d,e in (x,y),!f") live in api/selector.h.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "api/codec_fwd.h"
#include "api/extra_fields.h"

namespace tidepool::api {

struct LabelSelectorRequirement {
  std::string key;
  std::string operator_;  // In, NotIn, Exists, DoesNotExist
  std::vector<std::string> values;
  ExtraFields extra;
  friend bool operator==(const LabelSelectorRequirement&,
                         const LabelSelectorRequirement&) = default;
};
TIDEPOOL_DECLARE_CODEC(LabelSelectorRequirement);

struct LabelSelector {
  std::map<std::string, std::string> match_labels;
  std::vector<LabelSelectorRequirement> match_expressions;
  ExtraFields extra;
  friend bool operator==(const LabelSelector&, const LabelSelector&) = default;
};
TIDEPOOL_DECLARE_CODEC(LabelSelector);

}  // namespace tidepool::api
