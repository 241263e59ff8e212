#include "lifecycle/nodeclaim_template.h"

#include <algorithm>
#include <cctype>
#include <utility>

#include "api/karpenter/labels.h"
#include "api/requirements.h"
#include "api/well_known_labels.h"
#include "cloud/instance_type.h"

namespace tidepool::lifecycle {
namespace {

// Requirement keys added only for the DaemonSet simulation (upstream schedulingSimulationKeys),
// and the hostname placeholder; never written to a NodeClaim.
bool IsSimulationOnlyKey(std::string_view key) {
  return key == api::kNodeRegisteredLabelKey || key == api::kNodeInitializedLabelKey ||
         key == api::kLabelHostname;
}

// v1.NodeClassLabelKey: "<group>/<lower-case kind>".
std::string NodeClassLabelKey(const api::NodeClassReference& ref) {
  std::string kind = ref.kind;
  std::transform(kind.begin(), kind.end(), kind.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return ref.group + "/" + kind;
}

// upstream validateNodeSelectorTerm / v1.ValidateRequirement for one requirement of a pod.
void ValidateRequirement(const api::NodeSelectorRequirement& r, const api::LabelKeySet& well_known,
                         std::string& errors) {
  auto add = [&](std::string error) {
    if (!errors.empty()) errors += "; ";
    errors += error;
  };
  std::string_view key = api::NormalizeLabelKey(r.key);
  const std::string& op = r.operator_;
  if (op != "In" && op != "NotIn" && op != "Exists" && op != "DoesNotExist" && op != "Gt" &&
      op != "Lt") {
    add("key " + r.key + " has an unsupported operator " + op +
        " not in [DoesNotExist Exists Gt In Lt NotIn]");
  }
  if (Status restricted = api::IsRestrictedLabel(key, well_known); !restricted) {
    add(restricted.error().message());
  }
  if (op == "In" && r.values.empty()) {
    add("key " + r.key + " with operator " + op + " must have a value defined");
  }
  if (op == "Gt" || op == "Lt") {
    bool integer = r.values.size() == 1 && !r.values[0].empty() &&
                   std::all_of(r.values[0].begin(), r.values[0].end(),
                               [](unsigned char c) { return std::isdigit(c) != 0; });
    if (!integer) {
      add("key " + r.key + " with operator " + op + " must have a single positive integer value");
    }
  }
}

}  // namespace

api::NodeClaim ToNodeClaim(const scheduling::NewNodeClaim& claim, int max_instance_types,
                           const api::LabelKeySet& well_known_labels,
                           const std::optional<Duration>& default_termination_grace_period) {
  api::NodeClaim out;
  out.api_version = api::kKarpenterApiVersion;
  out.kind = api::kNodeClaimKind;
  out.metadata.generate_name = claim.node_pool + "-";
  const api::NodePool* pool = claim.node_pool_object;
  if (pool != nullptr) {
    const api::NodeClaimTemplate& tmpl = pool->spec.template_;
    out.metadata.labels = tmpl.metadata.labels;
    out.metadata.annotations = tmpl.metadata.annotations;
    if (tmpl.spec.node_class_ref) {
      out.metadata.labels[NodeClassLabelKey(*tmpl.spec.node_class_ref)] =
          tmpl.spec.node_class_ref->name;
    }
    api::OwnerReference owner;
    owner.api_version = api::kKarpenterApiVersion;
    owner.kind = "NodePool";
    owner.name = pool->metadata.name;
    owner.uid = pool->metadata.uid;
    owner.block_owner_deletion = true;
    out.metadata.owner_references.push_back(std::move(owner));
    out.spec.taints = tmpl.spec.taints;
    out.spec.startup_taints = tmpl.spec.startup_taints;
    out.spec.node_class_ref = tmpl.spec.node_class_ref;
    out.spec.expire_after = tmpl.spec.expire_after;
    out.spec.termination_grace_period = tmpl.spec.termination_grace_period;
  }
  out.metadata.labels[std::string(api::kNodePoolLabelKey)] = claim.node_pool;
  if (!out.spec.termination_grace_period) {
    out.spec.termination_grace_period = default_termination_grace_period;
  }

  api::Requirements requirements = claim.requirements;
  size_t count = std::min(claim.instance_type_options.size(),
                          static_cast<size_t>(std::max(max_instance_types, 0)));
  if (count > 0) {
    std::vector<std::string> names;
    names.reserve(count);
    for (size_t i = 0; i < count; ++i) names.push_back(claim.instance_type_options[i]->name);
    const api::Requirement* existing = requirements.Find(api::kLabelInstanceTypeStable);
    std::optional<int32_t> min_values = existing != nullptr ? existing->min_values() : std::nullopt;
    requirements.Add(api::Requirement::Make(api::kLabelInstanceTypeStable,
                                            api::NodeSelectorOperator::kIn, names, min_values));
    std::vector<std::string> capacity_types;
    for (size_t i = 0; i < count; ++i) {
      for (const cloud::Offering& offering : claim.instance_type_options[i]->offerings) {
        if (!offering.available || !cloud::IsCompatible(offering, claim.requirements)) continue;
        if (std::find(capacity_types.begin(), capacity_types.end(), offering.capacity_type) ==
            capacity_types.end()) {
          capacity_types.push_back(offering.capacity_type);
        }
      }
    }
    if (!capacity_types.empty()) {
      requirements.Add(api::Requirement::Make(api::kCapacityTypeLabelKey,
                                              api::NodeSelectorOperator::kIn, capacity_types));
    }
  }
  // Custom labels the requirements pin down (upstream resolveCustomLabelsFromRequirements);
  // well-known labels depend on the instance type, so the cloud provider sets those.
  for (const api::Requirement& r : requirements.values()) {
    if (well_known_labels.Has(r.key()) || api::RestrictedLabels().Has(r.key()) ||
        IsSimulationOnlyKey(r.key())) {
      continue;
    }
    std::string value = r.Any();
    if (!value.empty()) out.metadata.labels.try_emplace(r.key(), std::move(value));
  }
  for (api::NodeSelectorRequirement& r : requirements.NodeSelectorRequirements()) {
    if (IsSimulationOnlyKey(r.key)) continue;
    out.spec.requirements.push_back(std::move(r));
  }
  out.spec.resources.requests = claim.requests;
  return out;
}

std::string ValidatePodForProvisioning(const api::Pod& pod, const api::LabelKeySet& well_known,
                                       bool& silent) {
  silent = false;
  std::string errors;
  const api::NodeSelector* required = nullptr;
  if (pod.spec.affinity && pod.spec.affinity->node_affinity &&
      pod.spec.affinity->node_affinity->required_during_scheduling_ignored_during_execution) {
    required =
        &*pod.spec.affinity->node_affinity->required_during_scheduling_ignored_during_execution;
  }
  if (required != nullptr && !required->node_selector_terms.empty()) {
    for (const api::NodeSelectorRequirement& r :
         required->node_selector_terms.front().match_expressions) {
      if (r.key == api::kNodePoolLabelKey && r.operator_ == "DoesNotExist") {
        silent = true;
        return "configured to not run on a Karpenter provisioned node";
      }
    }
  }
  for (const auto& [key, value] : pod.spec.node_selector) {
    ValidateRequirement(api::NodeSelectorRequirement{key, "In", {value}, std::nullopt, {}},
                        well_known, errors);
  }
  if (required != nullptr) {
    for (const api::NodeSelectorTerm& term : required->node_selector_terms) {
      if (!term.match_fields.empty()) {
        if (!errors.empty()) errors += "; ";
        errors += "node selector term with matchFields is not supported";
      }
      for (const api::NodeSelectorRequirement& r : term.match_expressions) {
        ValidateRequirement(r, well_known, errors);
      }
    }
  }
  return errors;
}

}  // namespace tidepool::lifecycle
