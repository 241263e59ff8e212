#include "scheduling/node_claim.h"

#include <algorithm>
#include <cstdio>

#include "api/resource_math.h"
#include "api/tolerations.h"
#include "api/well_known_labels.h"

namespace tidepool::scheduling {
namespace {

std::string Placeholder(int n) {
  char buffer[48];
  std::snprintf(buffer, sizeof(buffer), "hostname-placeholder-%04d", n);
  return buffer;
}

bool ExcludesOnly(const api::Requirement& r) {
  api::NodeSelectorOperator op = r.Operator();
  return op == api::NodeSelectorOperator::kNotIn || op == api::NodeSelectorOperator::kDoesNotExist;
}

}  // namespace

NodeClaim::NodeClaim(SolveContext& context, size_t pool_index, std::vector<uint32_t> options)
    : context_(&context),
      pool_index_(pool_index),
      hostname_(Placeholder(context.next_hostname)),
      requirements_(context.pools[pool_index].requirements),
      options_(std::move(options)),
      requests_(context.resources.size(), 0) {
  requirements_.Add(
      api::Requirement::Make(api::kLabelHostname, api::NodeSelectorOperator::kIn, {hostname_}));
  UpdateHeadroom();
}

void NodeClaim::UpdateHeadroom() {
  const PoolTemplate& p = pool();
  headroom_.assign(context_->resources.size(), -kUnbounded);
  for (uint32_t index : options_) {
    const InstanceOption& option = p.options[index];
    const ResourceVector& overhead = p.daemon_groups[option.daemon_group].dense;
    for (size_t r = 0; r < headroom_.size(); ++r) {
      headroom_[r] = std::max(headroom_[r], option.allocatable[r] - overhead[r]);
    }
  }
}

bool NodeClaim::CanAdd(const PodData& pod, AddPlan& plan, std::string* error) const {
  // Resources first: the most likely reason a pod does not join an open claim, and the cheapest.
  if (error == nullptr && !FitsSum(requests_, pod.dense, headroom_)) return false;
  const PoolTemplate& p = pool();
  const api::Pod& spec_pod = *pod.pod;
  if (!ToleratesAll(p.taints, spec_pod.spec.tolerations)) {
    if (error) *error = api::TaintsTolerated(p.taints, spec_pod.spec.tolerations).error().message();
    return false;
  }
  if (!pod.host_ports.empty()) {
    if (auto conflict = host_ports_.Conflicts(pod.key, pod.host_ports)) {
      if (error) *error = "checking host port usage, " + *conflict;
      return false;
    }
  }
  plan.requirements_changed = false;
  if (!pod.requirements.empty()) {
    if (!requirements_.IsCompatible(pod.requirements, context_->compat)) {
      if (error) {
        *error = "incompatible requirements, " +
                 requirements_.Compatible(pod.requirements, context_->compat).error().message();
      }
      return false;
    }
    plan.requirements = requirements_;
    plan.requirements.Add(pod.requirements);
    plan.requirements_changed = true;
  }
  const Topology* topology = context_->topology;
  if (topology != nullptr && topology->Constrains(spec_pod)) {
    if (!plan.requirements_changed) {
      if (error == nullptr &&
          !topology->MayAdmit(spec_pod, pod.strict_requirements, requirements_, context_->compat)) {
        return false;
      }
      plan.requirements = requirements_;
      plan.requirements_changed = true;
    }
    if (!topology->Narrow(spec_pod, p.taints, pod.strict_requirements, plan.requirements,
                          context_->compat)) {
      if (error) {
        Result<api::Requirements> domains = topology->AddRequirements(
            spec_pod, p.taints, pod.strict_requirements, plan.requirements);
        if (!domains) {
          *error = domains.error().message();
        } else {
          Status compatible = plan.requirements.Compatible(*domains, context_->compat);
          *error = compatible ? "unsatisfiable topology constraint" : compatible.error().message();
        }
      }
      return false;
    }
  }
  return FilterOptions(pod, plan.requirements_changed ? plan.requirements : requirements_,
                       plan.requirements_changed, plan, error);
}

bool NodeClaim::FilterOptions(const PodData& pod, const api::Requirements& requirements,
                              bool recheck, AddPlan& plan, std::string* error) const {
  const PoolTemplate& p = pool();
  plan.options.clear();
  FilterOutcome outcome;
  // Daemon groups whose host ports collide with the pod's are out.
  std::vector<bool> group_conflicts;
  if (!pod.host_ports.empty()) {
    group_conflicts.resize(p.daemon_groups.size());
    for (size_t g = 0; g < p.daemon_groups.size(); ++g) {
      group_conflicts[g] =
          p.daemon_groups[g].host_ports.Conflicts(pod.key, pod.host_ports).has_value();
    }
  }
  // Only requirements that differ from the claim's can change an option's verdict: the claim's
  // options already intersect its requirements and have a compatible offering.
  std::vector<const api::Requirement*>& changed = changed_scratch_;
  changed.clear();
  bool offerings_affected = false;
  if (recheck) {
    const auto& mine = requirements_.values();
    size_t i = 0;
    for (const api::Requirement& r : requirements.values()) {
      while (i < mine.size() && mine[i].key() < r.key()) ++i;
      if (i < mine.size() && mine[i].key() == r.key() && mine[i] == r) continue;
      changed.push_back(&r);
      if (std::binary_search(p.offering_keys.begin(), p.offering_keys.end(), r.key())) {
        offerings_affected = true;
      }
    }
  }
  const OfferingFilter offering_filter(requirements);
  for (uint32_t index : options_) {
    const InstanceOption& option = p.options[index];
    if (!group_conflicts.empty() && group_conflicts[option.daemon_group]) continue;
    const DaemonGroup& group = p.daemon_groups[option.daemon_group];
    bool fits_resources = FitsSum3(requests_, pod.dense, group.dense, option.allocatable);
    if (!fits_resources && error == nullptr) continue;
    // Unchanged requirements: every option already matched them and had an offering.
    bool compatible = true;
    bool has_offering = true;
    for (const api::Requirement* r : changed) {
      const api::Requirement* own = option.type->requirements.Find(r->key());
      if (own != nullptr && !own->HasIntersection(*r) &&
          !(ExcludesOnly(*own) && ExcludesOnly(*r))) {
        compatible = false;
        break;
      }
    }
    if (offerings_affected && (compatible || error != nullptr)) {
      has_offering = OptionHasOffering(option, requirements, offering_filter);
    }
    // Upstream's fits() only reports a fit through a compatible offering.
    bool fits = fits_resources && has_offering;
    if (compatible && fits) {
      plan.options.push_back(index);
      continue;
    }
    if (error == nullptr) continue;
    outcome.requirements_met |= compatible;
    outcome.fits |= fits;
    outcome.has_offering |= has_offering;
    outcome.requirements_and_fits |= compatible && fits && !has_offering;
    outcome.requirements_and_offering |= compatible && has_offering && !fits;
    outcome.fits_and_offering |= fits && has_offering && !compatible;
  }
  if (!plan.options.empty()) {
    outcome.requirements_met = outcome.fits = outcome.has_offering = true;
  }
  if (!plan.options.empty() && requirements.HasMinValues()) {
    cloud::InstanceTypes types;
    types.reserve(plan.options.size());
    for (uint32_t index : plan.options) types.push_back(p.options[index].type);
    cloud::MinValuesCheck check = cloud::CheckMinValues(types, requirements);
    if (!check.ok()) {
      if (context_->min_values_best_effort) {
        // Relax each short minValues to what the remaining types offer.
        std::vector<api::Requirement> values = requirements.values();
        for (api::Requirement& r : values) {
          auto it = check.unsatisfied.find(r.key());
          if (it != check.unsatisfied.end()) r.set_min_values(it->second);
        }
        plan.requirements = api::Requirements(std::move(values));
        plan.requirements_changed = true;
      } else {
        if (error) {
          std::string keys;
          for (const auto& [key, count] : check.unsatisfied) {
            keys += (keys.empty() ? "" : " ") + key;
          }
          outcome.min_values_error = "minValues requirement is not met for label(s) [" + keys + "]";
        }
        plan.options.clear();
      }
    }
  }
  if (!plan.options.empty()) return true;
  if (error) {
    // Daemon overhead bounds over the groups the claim can still use.
    const api::ResourceList* min_daemon = nullptr;
    const api::ResourceList* max_daemon = nullptr;
    api::ResourceList lo, hi;
    bool any = false;
    for (const DaemonGroup& group : p.daemon_groups) {
      if (group.overhead.empty()) continue;
      if (!any) {
        lo = hi = group.overhead;
        any = true;
      } else {
        api::ResourceList both[2] = {lo, group.overhead};
        lo = api::MinResources(both);
        api::MaxInto(hi, group.overhead);
      }
    }
    if (any) {
      min_daemon = &lo;
      max_daemon = &hi;
    }
    *error = FilterErrorText(outcome, requirements, pod.requests, min_daemon, max_daemon);
  }
  return false;
}

void NodeClaim::Add(const PodData& pod, size_t pod_index, AddPlan& plan) {
  bool first = pods_.empty();
  pods_.push_back(pod_index);
  AddInto(requests_, pod.dense);
  if (plan.requirements_changed) requirements_ = std::move(plan.requirements);
  options_.swap(plan.options);
  if (!pod.host_ports.empty()) host_ports_.Add(pod.key, pod.host_ports);
  UpdateHeadroom();
  if (Topology* topology = context_->topology) {
    if (first) topology->Register(api::kLabelHostname, hostname_);
    topology->Record(*pod.pod, pool().taints, requirements_);
  }
}

std::string FilterErrorText(const FilterOutcome& e, const api::Requirements& requirements,
                            const api::ResourceList& pod_requests,
                            const api::ResourceList* min_daemon,
                            const api::ResourceList* max_daemon) {
  std::string reqs = requirements.String();
  std::string res;
  if (min_daemon == nullptr) {
    res = api::ResourceListString(pod_requests);
  } else {
    std::string lo = api::ResourceListString(api::Add(*min_daemon, pod_requests));
    std::string hi = api::ResourceListString(api::Add(*max_daemon, pod_requests));
    res = lo == hi ? lo : "min=" + lo + ", max=" + hi;
  }
  if (!e.min_values_error.empty()) {
    return e.min_values_error + ", requirements=" + reqs + ", resources=" + res;
  }
  if (!e.requirements_met && !e.fits && !e.has_offering) {
    return "no instance type met the scheduling requirements or had enough resources or had a "
           "required offering, requirements=" +
           reqs + ", resources=" + res;
  }
  if (!e.requirements_met && !e.fits) {
    return "no instance type met the scheduling requirements or had enough resources, "
           "requirements=" +
           reqs + ", resources=" + res;
  }
  if (!e.requirements_met && !e.has_offering) {
    return "no instance type met the scheduling requirements or had a required offering, "
           "requirements=" +
           reqs;
  }
  if (!e.fits && !e.has_offering) {
    return "no instance type had enough resources or had a required offering, resources=" + res;
  }
  if (!e.requirements_met) return "no instance type met all requirements, requirements=" + reqs;
  if (!e.fits) {
    std::string msg = "no instance type has enough resources, resources=" + res;
    auto cpu = pod_requests.find(api::kResourceCPU);
    if (cpu != pod_requests.end() && api::Cmp(cpu->second, Quantity::MustParse("1M")) >= 0) {
      msg += " (CPU request >= 1 Million, m vs M typo?)";
    }
    return msg;
  }
  if (!e.has_offering) return "no instance type has the required offering, requirements=" + reqs;
  if (e.requirements_and_fits) {
    return "no instance type which met the scheduling requirements and had enough resources, had "
           "a required offering, requirements=" +
           reqs + ", resources=" + res;
  }
  if (e.fits_and_offering) {
    return "no instance type which had enough resources and the required offering met the "
           "scheduling requirements, requirements=" +
           reqs + ", resources=" + res;
  }
  if (e.requirements_and_offering) {
    return "no instance type which met the scheduling requirements and the required offering had "
           "the required resources, requirements=" +
           reqs + ", resources=" + res;
  }
  return "no instance type met the requirements/resources/offering tuple, requirements=" + reqs +
         ", resources=" + res;
}

}  // namespace tidepool::scheduling
