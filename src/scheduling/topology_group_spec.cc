#include "scheduling/topology_group_spec.h"

#include <algorithm>

namespace tidepool::scheduling {
namespace {

// Canonical text of a selector: matchLabels in key order, then the expressions as a set (their
// order and repeats do not matter, as upstream's hash treats them).
void AppendSelectorKey(const std::optional<api::LabelSelector>& selector, std::string& out) {
  if (!selector) {
    out += "|nil";
    return;
  }
  out += "|labels:";
  for (const auto& [key, value] : selector->match_labels) {
    out += key;
    out += '=';
    out += value;
    out += ';';
  }
  std::vector<std::string> expressions;
  expressions.reserve(selector->match_expressions.size());
  for (const api::LabelSelectorRequirement& e : selector->match_expressions) {
    std::vector<std::string> values = e.values;
    std::sort(values.begin(), values.end());
    values.erase(std::unique(values.begin(), values.end()), values.end());
    std::string text = e.key + '\x1f' + e.operator_ + '\x1f';
    for (const std::string& v : values) text.append(v).append(1, ',');
    expressions.push_back(std::move(text));
  }
  std::sort(expressions.begin(), expressions.end());
  expressions.erase(std::unique(expressions.begin(), expressions.end()), expressions.end());
  out += "|expr:";
  for (const std::string& e : expressions) {
    out += e;
    out += ';';
  }
}

}  // namespace

std::optional<api::LabelSelector> WithLabelKeys(const std::optional<api::LabelSelector>& selector,
                                                const api::Pod& pod,
                                                std::span<const std::string> match_keys,
                                                std::span<const std::string> mismatch_keys) {
  if (!selector) return std::nullopt;
  api::LabelSelector out = *selector;
  auto add = [&](std::span<const std::string> keys, const char* op) {
    for (const std::string& key : keys) {
      auto it = pod.metadata.labels.find(key);
      if (it == pod.metadata.labels.end()) continue;
      api::LabelSelectorRequirement requirement;
      requirement.key = key;
      requirement.operator_ = op;
      requirement.values = {it->second};
      out.match_expressions.push_back(std::move(requirement));
    }
  };
  add(match_keys, "In");
  add(mismatch_keys, "NotIn");
  return out;
}

void GroupSpec::AppendKey(std::string& out) const {
  out.clear();
  out += static_cast<char>('0' + static_cast<int>(type));
  out += '|';
  out += key;
  out += "|ns:";
  for (const std::string& ns : namespaces) {
    out += ns;
    out += ',';
  }
  AppendSelectorKey(selector, out);
  out += "|skew:" + std::to_string(max_skew);
  if (min_domains) out += "|min:" + std::to_string(*min_domains);
  node_filter.AppendKey(out);
}

std::unique_ptr<TopologyGroup> GroupSpec::MakeGroup() && {
  api::Selector compiled = api::Selector::Nothing();
  if (selector) {
    if (auto parsed = api::Selector::FromLabelSelector(*selector)) compiled = std::move(*parsed);
  }
  return std::make_unique<TopologyGroup>(type, std::string(key), std::move(namespaces),
                                         std::move(compiled), max_skew, min_domains,
                                         std::move(node_filter));
}

}  // namespace tidepool::scheduling
