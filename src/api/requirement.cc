#include "api/requirement.h"

#include <algorithm>
#include <limits>

#include "api/well_known_labels.h"

namespace tidepool::api {
namespace {

constexpr int64_t kMaxInt = std::numeric_limits<int64_t>::max();
constexpr int64_t kMinInt = std::numeric_limits<int64_t>::min();

enum class ParseStatus { kOk, kSyntax, kRange };

// strconv.Atoi on a 64-bit platform: optional sign, decimal digits. On overflow the result
// saturates and the status says so, as Go returns the clamped value with ErrRange.
ParseStatus AtoiLikeGo(std::string_view s, int64_t* out) {
  *out = 0;
  if (s.empty()) return ParseStatus::kSyntax;
  size_t i = 0;
  bool negative = false;
  if (s[0] == '+' || s[0] == '-') {
    negative = s[0] == '-';
    i = 1;
    if (s.size() == 1) return ParseStatus::kSyntax;
  }
  // Accumulate negatively so that the smallest integer is representable.
  int64_t acc = 0;
  bool overflow = false;
  for (; i < s.size(); ++i) {
    if (s[i] < '0' || s[i] > '9') return ParseStatus::kSyntax;
    int digit = s[i] - '0';
    if (overflow) continue;
    if (acc < kMinInt / 10 || (acc == kMinInt / 10 && digit > -(kMinInt % 10))) {
      overflow = true;
      continue;
    }
    acc = acc * 10 - digit;
  }
  if (overflow) {
    *out = negative ? kMinInt : kMaxInt;
    return ParseStatus::kRange;
  }
  if (negative) {
    *out = acc;
    return ParseStatus::kOk;
  }
  if (acc == kMinInt) {
    *out = kMaxInt;
    return ParseStatus::kRange;
  }
  *out = -acc;
  return ParseStatus::kOk;
}

// The bound value of a Gt/Lt/Gte/Lte requirement, read as upstream reads it (errors ignored).
int64_t BoundValue(const std::vector<std::string>& values) {
  int64_t v = 0;
  if (!values.empty()) AtoiLikeGo(values[0], &v);
  return v;
}

void SortUnique(std::vector<std::string>& values) {
  std::sort(values.begin(), values.end());
  values.erase(std::unique(values.begin(), values.end()), values.end());
}

bool Contains(const std::vector<std::string>& sorted, std::string_view value) {
  return std::binary_search(sorted.begin(), sorted.end(), value,
                            [](std::string_view a, std::string_view b) { return a < b; });
}

template <typename T>
std::optional<T> MaxOpt(std::optional<T> a, std::optional<T> b) {
  if (!a) return b;
  if (!b) return a;
  return std::max(*a, *b);
}

template <typename T>
std::optional<T> MinOpt(std::optional<T> a, std::optional<T> b) {
  if (!a) return b;
  if (!b) return a;
  return std::min(*a, *b);
}

bool InBounds(std::string_view value, std::optional<int64_t> gte, std::optional<int64_t> lte) {
  if (!gte && !lte) return true;
  std::optional<int64_t> v = ParseRequirementInt(value);
  if (!v) return false;  // with bounds set, non-integers are outside them
  if (gte && *v < *gte) return false;
  if (lte && *v > *lte) return false;
  return true;
}

}  // namespace

std::optional<int64_t> ParseRequirementInt(std::string_view value) {
  int64_t v = 0;
  if (AtoiLikeGo(value, &v) != ParseStatus::kOk) return std::nullopt;
  return v;
}

std::string_view NodeSelectorOperatorName(NodeSelectorOperator op) {
  switch (op) {
    case NodeSelectorOperator::kIn:
      return "In";
    case NodeSelectorOperator::kNotIn:
      return "NotIn";
    case NodeSelectorOperator::kExists:
      return "Exists";
    case NodeSelectorOperator::kDoesNotExist:
      return "DoesNotExist";
    case NodeSelectorOperator::kGt:
      return "Gt";
    case NodeSelectorOperator::kLt:
      return "Lt";
    case NodeSelectorOperator::kGte:
      return "Gte";
    case NodeSelectorOperator::kLte:
      return "Lte";
  }
  return "";
}

std::optional<NodeSelectorOperator> ParseNodeSelectorOperator(std::string_view name) {
  for (NodeSelectorOperator op :
       {NodeSelectorOperator::kIn, NodeSelectorOperator::kNotIn, NodeSelectorOperator::kExists,
        NodeSelectorOperator::kDoesNotExist, NodeSelectorOperator::kGt, NodeSelectorOperator::kLt,
        NodeSelectorOperator::kGte, NodeSelectorOperator::kLte}) {
    if (NodeSelectorOperatorName(op) == name) return op;
  }
  return std::nullopt;
}

Requirement Requirement::Make(std::string_view key, NodeSelectorOperator op,
                              std::vector<std::string> values, std::optional<int32_t> min_values) {
  Requirement r;
  r.key_ = std::string(NormalizeLabelKey(key));
  r.min_values_ = min_values;
  switch (op) {
    case NodeSelectorOperator::kIn:
      r.values_ = std::move(values);
      SortUnique(r.values_);
      return r;
    case NodeSelectorOperator::kDoesNotExist:
      return r;
    case NodeSelectorOperator::kNotIn:
      r.complement_ = true;
      r.values_ = std::move(values);
      SortUnique(r.values_);
      return r;
    case NodeSelectorOperator::kExists:
      r.complement_ = true;
      return r;
    case NodeSelectorOperator::kGt: {
      int64_t v = BoundValue(values);
      if (v == kMaxInt) return r;  // nothing is greater: DoesNotExist
      r.complement_ = true;
      r.gte_ = v + 1;
      return r;
    }
    case NodeSelectorOperator::kLt: {
      int64_t v = BoundValue(values);
      // Upstream wraps around here (Lt MinInt reads as Lte MaxInt); nothing is smaller.
      if (v == kMinInt) return r;
      r.complement_ = true;
      r.lte_ = v - 1;
      return r;
    }
    case NodeSelectorOperator::kGte:
      r.complement_ = true;
      r.gte_ = BoundValue(values);
      return r;
    case NodeSelectorOperator::kLte:
      r.complement_ = true;
      r.lte_ = BoundValue(values);
      return r;
  }
  return r;
}

Requirement Requirement::FromNodeSelectorRequirement(const NodeSelectorRequirement& requirement) {
  std::optional<NodeSelectorOperator> op = ParseNodeSelectorOperator(requirement.operator_);
  std::optional<int32_t> min_values = requirement.min_values;
  return Make(requirement.key, op.value_or(NodeSelectorOperator::kExists), requirement.values,
              min_values);
}

Requirement Requirement::FromParts(std::string key, bool complement,
                                   std::vector<std::string> values, std::optional<int64_t> gte,
                                   std::optional<int64_t> lte, std::optional<int32_t> min_values) {
  Requirement r;
  r.key_ = std::move(key);
  r.complement_ = complement;
  r.values_ = std::move(values);
  SortUnique(r.values_);
  r.gte_ = gte;
  r.lte_ = lte;
  r.min_values_ = min_values;
  return r;
}

bool Requirement::WithinBounds(std::string_view value) const { return InBounds(value, gte_, lte_); }

Requirement Requirement::Intersection(const Requirement& other) const {
  Requirement out;
  out.key_ = key_;
  out.complement_ = complement_ && other.complement_;
  std::optional<int64_t> gte = MaxOpt(gte_, other.gte_);
  std::optional<int64_t> lte = MinOpt(lte_, other.lte_);
  out.min_values_ = MaxOpt(min_values_, other.min_values_);
  if (gte && lte && *gte > *lte) {
    out.complement_ = false;  // the bounds exclude everything: DoesNotExist
    return out;
  }
  const std::vector<std::string>& a = values_;
  const std::vector<std::string>& b = other.values_;
  std::vector<std::string>& result = out.values_;
  if (complement_ && other.complement_) {
    std::set_union(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(result));
  } else if (complement_) {
    std::set_difference(b.begin(), b.end(), a.begin(), a.end(), std::back_inserter(result));
  } else if (other.complement_) {
    std::set_difference(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(result));
  } else {
    std::set_intersection(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(result));
  }
  std::erase_if(result, [&](const std::string& v) { return !InBounds(v, gte, lte); });
  if (out.complement_) {
    out.gte_ = gte;
    out.lte_ = lte;
  }
  return out;
}

bool Requirement::HasIntersection(const Requirement& other) const {
  std::optional<int64_t> gte = MaxOpt(gte_, other.gte_);
  std::optional<int64_t> lte = MinOpt(lte_, other.lte_);
  if (gte && lte && *gte > *lte) return false;
  if (complement_ && other.complement_) return true;
  if (complement_ || other.complement_) {
    const std::vector<std::string>& finite = complement_ ? other.values_ : values_;
    const std::vector<std::string>& excluded = complement_ ? values_ : other.values_;
    for (const std::string& v : finite) {
      if (!Contains(excluded, v) && InBounds(v, gte, lte)) return true;
    }
    return false;
  }
  // Both finite: walk the two sorted vectors together.
  auto a = values_.begin();
  auto b = other.values_.begin();
  while (a != values_.end() && b != other.values_.end()) {
    int c = a->compare(*b);
    if (c < 0) {
      ++a;
    } else if (c > 0) {
      ++b;
    } else {
      if (InBounds(*a, gte, lte)) return true;
      ++a;
      ++b;
    }
  }
  return false;
}

bool Requirement::Has(std::string_view value) const {
  bool listed = Contains(values_, value);
  return (complement_ ? !listed : listed) && WithinBounds(value);
}

std::string Requirement::Any() const {
  switch (Operator()) {
    case NodeSelectorOperator::kIn:
      return values_.front();
    case NodeSelectorOperator::kNotIn:
    case NodeSelectorOperator::kExists: {
      // At most values_.size() candidates are excluded, so the search ends quickly unless the
      // bounds run out first.
      if (!gte_ && lte_ && *lte_ < 0) {
        for (int64_t v = *lte_;; --v) {
          std::string s = std::to_string(v);
          if (!Contains(values_, s)) return s;
          if (v == kMinInt) return "";
        }
      }
      const int64_t hi = lte_.value_or(kMaxInt);
      for (int64_t v = gte_.value_or(0); v <= hi; ++v) {
        std::string s = std::to_string(v);
        if (!Contains(values_, s)) return s;
        if (v == kMaxInt) break;
      }
      return "";
    }
    default:
      return "";
  }
}

int64_t Requirement::Len() const {
  if (complement_) return kMaxInt - static_cast<int64_t>(values_.size());
  return static_cast<int64_t>(values_.size());
}

NodeSelectorOperator Requirement::Operator() const {
  if (complement_) {
    return values_.empty() ? NodeSelectorOperator::kExists : NodeSelectorOperator::kNotIn;
  }
  return values_.empty() ? NodeSelectorOperator::kDoesNotExist : NodeSelectorOperator::kIn;
}

void Requirement::Insert(std::string_view value) {
  auto it = std::lower_bound(values_.begin(), values_.end(), value,
                             [](const std::string& a, std::string_view b) { return a < b; });
  if (it == values_.end() || *it != value) values_.insert(it, std::string(value));
}

std::string Requirement::String() const {
  NodeSelectorOperator op = Operator();
  std::string out = key_;
  out += ' ';
  out += NodeSelectorOperatorName(op);
  if (op != NodeSelectorOperator::kExists && op != NodeSelectorOperator::kDoesNotExist) {
    out += " [";
    const size_t shown = std::min<size_t>(values_.size(), 5);
    for (size_t i = 0; i < shown; ++i) {
      if (i > 0) out += ' ';
      out += values_[i];
    }
    if (values_.size() > 5) out += " and " + std::to_string(values_.size() - 5) + " others";
    out += ']';
  }
  if (gte_) out += " >=" + std::to_string(*gte_);
  if (lte_) out += " <=" + std::to_string(*lte_);
  if (min_values_) out += " minValues " + std::to_string(*min_values_);
  return out;
}

NodeSelectorRequirement Requirement::ToNodeSelectorRequirement() const {
  NodeSelectorRequirement out;
  out.key = key_;
  out.min_values = min_values_;
  if (gte_) {
    out.operator_ = "Gte";
    out.values = {std::to_string(*gte_)};
  } else if (lte_) {
    out.operator_ = "Lte";
    out.values = {std::to_string(*lte_)};
  } else {
    out.operator_ = std::string(NodeSelectorOperatorName(Operator()));
    out.values = values_;
  }
  return out;
}

std::vector<NodeSelectorRequirement> Requirement::ToNodeSelectorRequirements() const {
  if (!gte_ || !lte_) return {ToNodeSelectorRequirement()};
  NodeSelectorRequirement lower;
  lower.key = key_;
  lower.operator_ = "Gte";
  lower.values = {std::to_string(*gte_)};
  lower.min_values = min_values_;
  NodeSelectorRequirement upper = lower;
  upper.operator_ = "Lte";
  upper.values = {std::to_string(*lte_)};
  return {std::move(lower), std::move(upper)};
}

}  // namespace tidepool::api
