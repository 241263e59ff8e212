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

ExistingNodeTemplate::ExistingNodeTemplate(const ResourceIndex& index,
                                           const ExistingNodeInput& input,
                                           std::span<const PodData> daemons,
                                           std::span<const api::ResourceList> pod_requests)
    : name(input.name),
      initialized(input.initialized),
      under_consolidate_after(input.under_consolidate_after) {
  labels = NodeLabels(input);
  auto host = labels.find(std::string(api::kLabelHostname));
  hostname = host != labels.end() ? host->second : name;
  taints = SchedulingTaints(input);
  const api::Requirements label_requirements = api::Requirements::FromLabels(labels);
  requirements = label_requirements;
  requirements.Add(
      api::Requirement::Make(api::kLabelHostname, api::NodeSelectorOperator::kIn, {hostname}));

  api::ResourceList allocatable;
  if (input.node != nullptr) {
    allocatable = input.node->status.allocatable.empty() ? input.node->status.capacity
                                                         : input.node->status.allocatable;
    capacity = input.node->status.capacity;
  } else if (input.node_claim != nullptr) {
    allocatable = input.node_claim->status.allocatable.empty()
                      ? input.node_claim->status.capacity
                      : input.node_claim->status.allocatable;
    capacity = input.node_claim->status.capacity;
  }
  // DaemonSet pods that will run here, minus the DaemonSet pods already running.
  api::ResourceList daemon_requests;
  for (const PodData& daemon : daemons) {
    if (!ToleratesAll(taints, daemon.pod->spec.tolerations)) continue;
    if (!label_requirements.IsCompatible(daemon.strict_requirements)) continue;
    api::AddInto(daemon_requests, daemon.requests);
  }
  api::ResourceList used;
  api::ResourceList running_daemons;
  for (size_t i = 0; i < input.pods.size(); ++i) {
    const api::Pod& pod = *input.pods[i];
    api::AddInto(used, pod_requests[i]);
    if (OwnedByDaemonSet(pod)) api::AddInto(running_daemons, pod_requests[i]);
    const std::vector<HostPort> ports = GetHostPorts(pod);
    if (!ports.empty()) host_ports.Add(PodKey(pod), ports);
  }
  api::ResourceList remaining_daemons = api::Subtract(daemon_requests, running_daemons);
  for (auto& [resource, quantity] : remaining_daemons) {
    if (quantity.Sign() < 0) quantity = Quantity::FromInt(0);
  }
  remaining = index.Dense(allocatable);
  ResourceVector used_dense = index.Dense(used);
  ResourceVector daemon_dense = index.Dense(remaining_daemons);
  for (size_t r = 0; r < remaining.size(); ++r) remaining[r] -= used_dense[r] + daemon_dense[r];
}

bool ExistingNode::CanAdd(const PodData& pod, api::Requirements& requirements_out,
                          std::string* error) const {
  const api::Pod& spec_pod = *pod.pod;
  const std::vector<api::Taint>& taints = node_->taints;
  if (!ToleratesAll(taints, spec_pod.spec.tolerations)) {
    if (error) *error = api::TaintsTolerated(taints, spec_pod.spec.tolerations).error().message();
    return false;
  }
  if (!pod.host_ports.empty()) {
    if (auto conflict = host_ports().Conflicts(pod.key, pod.host_ports)) {
      if (error) *error = "checking host port usage, " + *conflict;
      return false;
    }
  }
  if (!Fits(pod.dense, remaining())) {
    if (error) *error = "exceeds node resources";
    return false;
  }
  const api::Requirements& own = requirements();
  if (!own.IsCompatible(pod.requirements)) {
    if (error) *error = own.Compatible(pod.requirements).error().message();
    return false;
  }
  requirements_out = own;
  requirements_out.Add(pod.requirements);
  if (const Topology* topology = context_->topology; topology && topology->Constrains(spec_pod)) {
    if (!topology->Narrow(spec_pod, taints, pod.strict_requirements, requirements_out)) {
      if (error) {
        Result<api::Requirements> domains =
            topology->AddRequirements(spec_pod, taints, pod.strict_requirements, requirements_out);
        *error = domains ? "unsatisfiable topology constraint" : domains.error().message();
      }
      return false;
    }
  }
  return true;
}

const std::vector<const api::Pod*>& ExistingNode::new_pods() const {
  static const std::vector<const api::Pod*> kNone;
  return changes_ ? changes_->new_pods : kNone;
}

void ExistingNode::Add(const PodData& pod, const api::Pod* original,
                       api::Requirements& requirements) {
  if (!changes_) {
    changes_ = std::make_unique<Changes>();
    changes_->remaining = node_->remaining;
  }
  changes_->new_pods.push_back(original);
  for (size_t r = 0; r < changes_->remaining.size(); ++r) changes_->remaining[r] -= pod.dense[r];
  changes_->requirements = std::move(requirements);
  if (!pod.host_ports.empty()) {
    if (!changes_->host_ports) changes_->host_ports = node_->host_ports;
    changes_->host_ports->Add(pod.key, pod.host_ports);
  }
  if (Topology* topology = context_->topology) {
    topology->Record(*pod.pod, node_->taints, changes_->requirements);
  }
}

}  // namespace tidepool::scheduling
