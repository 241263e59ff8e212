#include "scheduling/existing_node.h"

#include <algorithm>

#include "api/resource_math.h"
#include "api/tolerations.h"
#include "api/well_known_labels.h"

namespace tidepool::scheduling {

std::vector<api::Taint> SchedulingTaints(const ExistingNodeInput& input) {
  std::vector<api::Taint> taints;
  if (input.node != nullptr) {
    taints = input.node->spec.taints;
  } else if (input.node_claim != nullptr) {
    taints = api::MergeTaints(input.node_claim->spec.taints, input.node_claim->spec.startup_taints);
  }
  if (!input.initialized && input.node_claim != nullptr) {
    const auto& startup = input.node_claim->spec.startup_taints;
    std::erase_if(taints, [&](const api::Taint& taint) {
      if (api::IsKnownEphemeralTaint(taint)) return true;
      return std::any_of(startup.begin(), startup.end(),
                         [&](const api::Taint& s) { return api::MatchTaint(s, taint); });
    });
  }
  return taints;
}

std::map<std::string, std::string> NodeLabels(const ExistingNodeInput& input) {
  if (input.node != nullptr) return input.node->metadata.labels;
  std::map<std::string, std::string> labels;
  if (input.node_claim == nullptr) return labels;
  labels = input.node_claim->metadata.labels;
  for (const api::NodeSelectorRequirement& r : input.node_claim->spec.requirements) {
    if (r.operator_ == "In" && r.values.size() == 1) labels.emplace(r.key, r.values[0]);
  }
  return labels;
}

namespace {

bool OwnedByDaemonSet(const api::Pod& pod) {
  for (const api::OwnerReference& ref : pod.metadata.owner_references) {
    if (ref.kind == "DaemonSet") return true;
  }
  return false;
}

}  // namespace

ExistingNode::ExistingNode(SolveContext& context, const ExistingNodeInput& input,
                           std::span<const api::Pod> daemon_pods,
                           std::span<const api::RuntimeClass* const> runtime_classes)
    : context_(&context), name_(input.name), initialized_(input.initialized) {
  labels_ = NodeLabels(input);
  auto hostname = labels_.find(std::string(api::kLabelHostname));
  hostname_ = hostname != labels_.end() ? hostname->second : name_;
  taints_ = SchedulingTaints(input);
  requirements_ = api::Requirements::FromLabels(labels_);
  requirements_.Add(
      api::Requirement::Make(api::kLabelHostname, api::NodeSelectorOperator::kIn, {hostname_}));

  api::ResourceList allocatable;
  if (input.node != nullptr) {
    allocatable = input.node->status.allocatable.empty() ? input.node->status.capacity
                                                         : input.node->status.allocatable;
    capacity_ = input.node->status.capacity;
  } else if (input.node_claim != nullptr) {
    allocatable = input.node_claim->status.allocatable.empty()
                      ? input.node_claim->status.capacity
                      : input.node_claim->status.allocatable;
    capacity_ = input.node_claim->status.capacity;
  }
  // DaemonSet pods that will run here, minus the DaemonSet pods already running.
  api::ResourceList daemon_requests;
  for (const api::Pod& daemon : daemon_pods) {
    if (!ToleratesAll(taints_, daemon.spec.tolerations)) continue;
    PodData data;
    ComputePodData(daemon, runtime_classes, context.resources, true, data);
    if (!api::Requirements::FromLabels(labels_).IsCompatible(data.strict_requirements)) continue;
    api::AddInto(daemon_requests, data.requests);
  }
  api::ResourceList used;
  api::ResourceList running_daemons;
  for (const api::Pod* pod : input.pods) {
    api::ResourceList requests = PodRequestsWithOverhead(*pod, runtime_classes);
    api::AddInto(used, requests);
    if (OwnedByDaemonSet(*pod)) api::AddInto(running_daemons, requests);
    host_ports_.Add(PodKey(*pod), GetHostPorts(*pod));
  }
  api::ResourceList remaining_daemons = api::Subtract(daemon_requests, running_daemons);
  for (auto& [name, quantity] : remaining_daemons) {
    if (quantity.Sign() < 0) quantity = Quantity::FromInt(0);
  }
  remaining_ = context.resources.Dense(allocatable);
  ResourceVector used_dense = context.resources.Dense(used);
  ResourceVector daemon_dense = context.resources.Dense(remaining_daemons);
  for (size_t r = 0; r < remaining_.size(); ++r) remaining_[r] -= used_dense[r] + daemon_dense[r];
}

bool ExistingNode::CanAdd(const PodData& pod, api::Requirements& requirements,
                          std::string* error) const {
  const api::Pod& spec_pod = *pod.pod;
  if (!ToleratesAll(taints_, spec_pod.spec.tolerations)) {
    if (error) *error = api::TaintsTolerated(taints_, spec_pod.spec.tolerations).error().message();
    return false;
  }
  if (!pod.host_ports.empty()) {
    if (auto conflict = host_ports_.Conflicts(pod.key, pod.host_ports)) {
      if (error) *error = "checking host port usage, " + *conflict;
      return false;
    }
  }
  if (!Fits(pod.dense, remaining_)) {
    if (error) *error = "exceeds node resources";
    return false;
  }
  if (!requirements_.IsCompatible(pod.requirements)) {
    if (error) *error = requirements_.Compatible(pod.requirements).error().message();
    return false;
  }
  requirements = requirements_;
  requirements.Add(pod.requirements);
  if (const Topology* topology = context_->topology; topology && topology->Constrains(spec_pod)) {
    if (!topology->Narrow(spec_pod, taints_, pod.strict_requirements, requirements)) {
      if (error) {
        Result<api::Requirements> domains =
            topology->AddRequirements(spec_pod, taints_, pod.strict_requirements, requirements);
        *error = domains ? "unsatisfiable topology constraint" : domains.error().message();
      }
      return false;
    }
  }
  return true;
}

void ExistingNode::Add(const PodData& pod, const api::Pod* original,
                       api::Requirements& requirements) {
  new_pods_.push_back(original);
  for (size_t r = 0; r < remaining_.size(); ++r) remaining_[r] -= pod.dense[r];
  requirements_ = std::move(requirements);
  if (!pod.host_ports.empty()) host_ports_.Add(pod.key, pod.host_ports);
  if (Topology* topology = context_->topology) topology->Record(*pod.pod, taints_, requirements_);
}

}  // namespace tidepool::scheduling
