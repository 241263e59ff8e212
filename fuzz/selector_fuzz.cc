// libFuzzer target: arbitrary bytes as a label-selector string, and as the operators and values of
// two node-selector requirements. Nothing may crash; whatever parses must satisfy the invariants
// below, or the target aborts with the offending input.
//
//   Selector: Parse(String()) gives an equal selector; the string form is stable; the selector
//   and its LabelSelector form (ParseToLabelSelector, then FromLabelSelector) agree on matches.
//   Requirement: intersection is commutative and agrees with Has() value by value;
//   HasIntersection agrees with the intersection; Any() is allowed; the manifest form converts
//   back; Compatible/IsCompatible and Intersects/IntersectsFast agree.
//
//   clang++ -std=c++20 -fsanitize=fuzzer,address,undefined -I src fuzz/selector_fuzz.cc \
//       src/api/selector.cc src/api/selector_parser.cc src/api/name_validation.cc \
//       src/api/requirement.cc src/api/requirements.cc src/api/well_known_labels.cc \
//       src/api/extra_fields.cc src/core/status.cc
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "api/requirements.h"
#include "api/selector.h"

namespace {

using tidepool::Result;
using tidepool::api::Labels;
using tidepool::api::LabelSelector;
using tidepool::api::NodeSelectorOperator;
using tidepool::api::NodeSelectorRequirement;
using tidepool::api::Requirement;
using tidepool::api::Requirements;
using tidepool::api::Selector;

[[noreturn]] void Violation(std::string_view what, std::string_view input, std::string_view got) {
  std::fprintf(stderr, "invariant violated: %.*s\n  input: \"%.*s\"\n  got:   \"%.*s\"\n",
               static_cast<int>(what.size()), what.data(), static_cast<int>(input.size()),
               input.data(), static_cast<int>(got.size()), got.data());
  std::abort();
}

void Check(bool ok, std::string_view what, std::string_view input, std::string_view got) {
  if (!ok) Violation(what, input, got);
}

std::vector<std::string> Split(std::string_view text, char sep) {
  std::vector<std::string> parts;
  while (true) {
    size_t at = text.find(sep);
    parts.emplace_back(text.substr(0, at));
    if (at == std::string_view::npos) return parts;
    text.remove_prefix(at + 1);
  }
}

// Label sets to match against: one per requirement (its key with each of its values, or with a
// made-up value), and the empty set.
std::vector<Labels> ProbeLabels(const Selector& s) {
  std::vector<Labels> probes = {{}};
  Labels all;
  for (const auto& r : s.requirements()) {
    for (const std::string& v : r.values()) probes.push_back({{r.key(), v}});
    probes.push_back({{r.key(), "x"}});
    probes.push_back({{r.key(), "7"}});
    if (!r.values().empty()) all[r.key()] = r.values()[0];
  }
  probes.push_back(all);
  return probes;
}

void CheckSelector(std::string_view input) {
  Result<Selector> parsed = Selector::Parse(input);
  if (!parsed) {
    Check(!parsed.error().message().empty(), "error without message", input, "");
    return;
  }
  const std::string text = parsed->String();
  Result<Selector> again = Selector::Parse(text);
  if (!again) Violation("String() does not parse", input, text + " -> " + again.error().message());
  Check(*again == *parsed, "Parse(String()) differs", input, text);
  Check(again->String() == text, "string form not stable", input, again->String());
  Check(parsed->Empty() == text.empty(), "Empty() disagrees with String()", input, text);

  // matchLabels is a map: two `=` requirements on one key collapse into one there (as upstream).
  std::vector<std::string> equal_keys;
  for (const auto& r : parsed->requirements()) {
    if (r.op() != tidepool::api::SelectorOperator::kEquals &&
        r.op() != tidepool::api::SelectorOperator::kDoubleEquals) {
      continue;
    }
    for (const std::string& k : equal_keys) {
      if (k == r.key()) return;
    }
    equal_keys.push_back(r.key());
  }
  Result<LabelSelector> as_label_selector = tidepool::api::ParseToLabelSelector(input);
  if (!as_label_selector) return;  // gt/lt/!= have no LabelSelector form
  Result<Selector> converted = Selector::FromLabelSelector(*as_label_selector);
  if (!converted) Violation("LabelSelector form does not convert", input, "");
  for (const Labels& labels : ProbeLabels(*parsed)) {
    Check(converted->Matches(labels) == parsed->Matches(labels),
          "LabelSelector form matches differently", input, converted->String());
  }
}

constexpr NodeSelectorOperator kOperators[] = {
    NodeSelectorOperator::kIn,     NodeSelectorOperator::kNotIn,
    NodeSelectorOperator::kExists, NodeSelectorOperator::kDoesNotExist,
    NodeSelectorOperator::kGt,     NodeSelectorOperator::kLt,
    NodeSelectorOperator::kGte,    NodeSelectorOperator::kLte};

// A requirement whose manifest form loses information (NotIn values beside a bound) cannot be
// expected to round-trip.
bool Lossless(const Requirement& r) {
  return !(r.complement() && !r.values().empty() && (r.gte() || r.lte()));
}

void CheckRequirement(const Requirement& r, const std::vector<std::string>& probes,
                      std::string_view input) {
  const std::string any = r.Any();
  if (!any.empty()) Check(r.Has(any), "Any() is not allowed", input, r.String() + " any=" + any);
  Check(any.empty() || r.Len() > 0, "Any() from an empty requirement", input, r.String());
  if (Lossless(r)) {
    std::vector<NodeSelectorRequirement> manifest = r.ToNodeSelectorRequirements();
    Requirements back = Requirements::FromNodeSelectorRequirements(manifest);
    Check(back.size() == 1 && back.values()[0] == r, "manifest form does not convert back", input,
          r.String() + " -> " + back.String());
  }
  for (const std::string& v : probes) (void)r.Has(v);
}

void CheckRequirements(std::string_view input) {
  if (input.size() < 2) return;
  const NodeSelectorOperator op1 = kOperators[static_cast<uint8_t>(input[0]) % 8];
  const NodeSelectorOperator op2 = kOperators[static_cast<uint8_t>(input[1]) % 8];
  std::vector<std::string> values = Split(input.substr(2), ',');
  const size_t half = values.size() / 2;
  std::vector<std::string> first(values.begin(), values.begin() + static_cast<ptrdiff_t>(half));
  std::vector<std::string> second(values.begin() + static_cast<ptrdiff_t>(half), values.end());
  const std::optional<int32_t> min1 =
      (input[0] & 0x40) ? std::optional<int32_t>(input[0] & 7) : std::nullopt;
  const Requirement a = Requirement::Make("key", op1, first, min1);
  const Requirement b = Requirement::Make("key", op2, second);

  std::vector<std::string> probes = values;
  for (const char* extra : {"0", "1", "-1", "7", "x", ""}) probes.emplace_back(extra);
  CheckRequirement(a, probes, input);
  CheckRequirement(b, probes, input);

  const Requirement ab = a.Intersection(b);
  const Requirement ba = b.Intersection(a);
  Check(ab == ba, "intersection is not commutative", input, ab.String() + " vs " + ba.String());
  Check(a.HasIntersection(b) == (ab.Len() > 0), "HasIntersection disagrees with Intersection",
        input, ab.String());
  Check(a.HasIntersection(b) == b.HasIntersection(a), "HasIntersection is not symmetric", input,
        ab.String());
  for (const std::string& v : probes) {
    Check(ab.Has(v) == (a.Has(v) && b.Has(v)), "intersection disagrees with Has", input,
          ab.String() + " value=" + v);
  }
  CheckRequirement(ab, probes, input);
  Check(ab.Intersection(ab) == ab, "intersection is not idempotent", input, ab.String());

  // The same pair as requirement sets, on a custom key and on a well-known key.
  for (std::string_view key : {"custom", "topology.kubernetes.io/zone"}) {
    Requirements x({Requirement::Make(key, op1, first)});
    Requirements y({Requirement::Make(key, op2, second)});
    Requirements none;
    for (const Requirements* lhs : {&x, &y, &none}) {
      for (const Requirements* rhs : {&x, &y, &none}) {
        Check(lhs->Compatible(*rhs).has_value() == lhs->IsCompatible(*rhs),
              "Compatible disagrees with IsCompatible", input, lhs->String());
        auto wk = tidepool::api::AllowUndefinedWellKnownLabels();
        Check(lhs->Compatible(*rhs, wk).has_value() == lhs->IsCompatible(*rhs, wk),
              "Compatible disagrees with IsCompatible (well-known)", input, lhs->String());
        Check(lhs->Intersects(*rhs).has_value() == lhs->IntersectsFast(*rhs),
              "Intersects disagrees with IntersectsFast", input, lhs->String());
      }
    }
  }

  // Label-selector requirements built from the same bytes never crash.
  static constexpr std::string_view kSelectorOps[] = {
      "in", "notin", "=", "==", "!=", "gt", "lt", "exists", "!", "bogus"};
  Result<tidepool::api::LabelRequirement> lr = tidepool::api::LabelRequirement::Make(
      first.empty() ? std::string() : first[0], kSelectorOps[static_cast<uint8_t>(input[1]) % 10],
      second);
  if (lr) {
    Result<Selector> reparsed = Selector::Parse(lr->String());
    if (!reparsed) Violation("requirement string does not parse", input, lr->String());
    Check(reparsed->requirements().size() == 1, "requirement string parses to several", input,
          lr->String());
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  CheckSelector(input);
  CheckRequirements(input);
  return 0;
}
