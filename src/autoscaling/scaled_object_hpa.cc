#include "autoscaling/scaled_object_hpa.h"

#include <fmt/format.h>

#include <algorithm>

#include "api/keda/annotations.h"

namespace tidepool::autoscaling {

namespace keda = api::keda;

namespace {

constexpr std::string_view kFailedGetExternalMetric = "FailedGetExternalMetric";
constexpr std::string_view kFailedGetResourceMetric = "FailedGetResourceMetric";
constexpr std::string_view kExternalMetricUnavailable = "unable to get external metric";
constexpr std::string_view kResourceMetricUnavailable =
    "failed to get resource metric value from the pods' metrics";

hpa::PodPhase PhaseOf(std::string_view phase) {
  if (phase == api::kPodRunning) return hpa::PodPhase::kRunning;
  if (phase == api::kPodSucceeded) return hpa::PodPhase::kSucceeded;
  if (phase == api::kPodFailed) return hpa::PodPhase::kFailed;
  if (phase == api::kPodPending || phase.empty()) return hpa::PodPhase::kPending;
  return hpa::PodPhase::kUnknown;
}

hpa::ResourceRequests RequestsOf(const api::ResourceList& requests) {
  hpa::ResourceRequests out;
  if (auto it = requests.find(api::kResourceCPU); it != requests.end()) {
    out.cpu_milli = it->second.MilliValue();
  }
  if (auto it = requests.find(api::kResourceMemory); it != requests.end()) {
    out.memory_milli = it->second.MilliValue();
  }
  return out;
}

hpa::PodInfo PodInfoOf(const api::Pod& pod) {
  hpa::PodInfo info;
  info.name = pod.metadata.name;
  info.phase = PhaseOf(pod.status.phase);
  for (const api::PodCondition& c : pod.status.conditions) {
    if (c.type != api::kPodReady) continue;
    hpa::ReadyCondition ready;
    ready.status = c.status == "True"    ? hpa::ConditionStatus::kTrue
                   : c.status == "False" ? hpa::ConditionStatus::kFalse
                                         : hpa::ConditionStatus::kUnknown;
    ready.last_transition_time = Time::ParseRfc3339(c.last_transition_time).value_or(Time());
    info.ready_condition = ready;
  }
  if (Result<Time> start = Time::ParseRfc3339(pod.status.start_time)) info.start_time = *start;
  info.being_deleted = !pod.metadata.deletion_timestamp.empty();
  for (const api::Container& c : pod.spec.containers) {
    info.containers.push_back({c.name, RequestsOf(c.resources.requests)});
  }
  for (const api::Container& c : pod.spec.init_containers) {
    if (c.restart_policy.value_or("") == api::kRestartPolicyAlways) {
      info.containers.push_back({c.name, RequestsOf(c.resources.requests)});
    }
  }
  if (pod.spec.resources.has_value()) info.pod_requests = RequestsOf(pod.spec.resources->requests);
  return info;
}

std::vector<hpa::PodInfo> PodsOf(const cluster::ClusterState& state, std::string_view ns,
                                 const cluster::Scale& scale) {
  std::vector<hpa::PodInfo> pods;
  for (const api::Pod* pod : state.PodsMatching(ns, scale.selector))
    pods.push_back(PodInfoOf(*pod));
  return pods;
}

hpa::PodMetricsInfo MetricsOf(const cluster::ClusterState& state, std::string_view ns,
                              std::span<const hpa::PodInfo> pods, std::string_view resource,
                              std::string_view container) {
  hpa::PodMetricsInfo out;
  for (const hpa::PodInfo& pod : pods) {
    const cluster::PodMetrics* m = state.GetPodMetrics(ns, pod.name);
    if (m == nullptr) continue;
    int64_t sum = 0;
    bool found = false;
    for (const cluster::ContainerMetrics& c : m->containers) {
      if (!container.empty() && c.name != container) continue;
      auto it = c.usage.find(std::string(resource));
      if (it == c.usage.end()) continue;
      sum += it->second.MilliValue();
      found = true;
    }
    if (found) out[pod.name] = hpa::PodMetric{sum, m->timestamp, m->window};
  }
  return out;
}

hpa::MetricProposal Invalid(std::string_view reason, std::string_view message) {
  hpa::MetricProposal p;
  p.valid = false;
  p.failure_reason = reason;
  p.failure_message = message;
  return p;
}

std::string Milli(int64_t milli) { return Quantity::FromMilli(milli).ToString(); }

}  // namespace

Result<HpaTiming> ParseHpaTiming(std::string_view text) {
  if (text == "upstream") return HpaTiming::kUpstream;
  if (text == "immediate") return HpaTiming::kImmediate;
  return Fail(
      ErrorCode::kInvalidArgument,
      fmt::format("unknown HPA timing mode \"{}\": must be \"upstream\" or \"immediate\"", text));
}

std::string_view HpaTimingName(HpaTiming timing) {
  return timing == HpaTiming::kUpstream ? "upstream" : "immediate";
}

Result<hpa::HpaSpec> HpaSpecFor(const keda::ScaledObject& so, HpaTiming timing,
                                Duration downscale_stabilization) {
  hpa::HpaSpec spec;
  spec.min_replicas = keda::HpaMinReplicas(so);
  spec.max_replicas = keda::MaxReplicaCount(so);
  std::optional<keda::HpaBehavior> behavior;
  if (so.spec.advanced.has_value() &&
      so.spec.advanced->horizontal_pod_autoscaler_config.has_value()) {
    behavior = so.spec.advanced->horizontal_pod_autoscaler_config->behavior;
  }
  // KEDA pauses one direction by disabling it in the HPA's behavior (creating one if needed).
  const bool pause_in = keda::BoolAnnotation(so.metadata, keda::kPausedScaleInAnnotation);
  const bool pause_out = keda::BoolAnnotation(so.metadata, keda::kPausedScaleOutAnnotation);
  if (pause_in || pause_out) {
    if (!behavior.has_value()) behavior = keda::HpaBehavior();
    if (pause_in) {
      if (!behavior->scale_down.has_value()) behavior->scale_down = keda::HpaScalingRules();
      behavior->scale_down->select_policy = "Disabled";
    }
    if (pause_out) {
      if (!behavior->scale_up.has_value()) behavior->scale_up = keda::HpaScalingRules();
      behavior->scale_up->select_policy = "Disabled";
    }
  }
  if (behavior.has_value()) {
    Result<hpa::Behavior> resolved = hpa::ResolveBehavior(*behavior, downscale_stabilization);
    if (!resolved) {
      return Fail(
          resolved.error().WithContext("spec.advanced.horizontalPodAutoscalerConfig.behavior"));
    }
    spec.behavior = std::move(*resolved);
  } else if (timing == HpaTiming::kImmediate) {
    hpa::Behavior unlimited;
    unlimited.scale_up.stabilization_window_seconds = 0;
    unlimited.scale_up.select_policy = hpa::SelectPolicy::kMax;
    unlimited.scale_up.policies = {
        hpa::ScalingPolicy{hpa::PolicyType::kPods, std::max(spec.max_replicas, 1), 15}};
    unlimited.scale_down = hpa::DefaultScaleDownRules(downscale_stabilization);
    spec.behavior = std::move(unlimited);
  }
  return spec;
}

HpaEvaluation EvaluateHpa(Time now, const cluster::ClusterState& state,
                          const keda::ScaledObject& so, const cluster::Scale& scale,
                          const hpa::HpaSpec& spec, std::span<const HpaMetric> metrics,
                          const hpa::ReplicaCalculator& calculator,
                          hpa::HorizontalController& controller) {
  HpaEvaluation out;
  out.current_replicas = scale.spec_replicas;
  const int32_t current = scale.spec_replicas;
  const hpa::Tolerances tolerances = controller.TolerancesFor(spec);
  const std::string& ns = so.metadata.namespace_;
  std::optional<std::vector<hpa::PodInfo>> pods;  // read only when a metric needs them
  auto pods_of = [&]() -> std::span<const hpa::PodInfo> {
    if (!pods.has_value()) pods = PodsOf(state, ns, scale);
    return *pods;
  };

  std::vector<hpa::MetricProposal> proposals;
  proposals.reserve(metrics.size());
  for (const HpaMetric& metric : metrics) {
    const scalers::MetricSpec& ms = *metric.spec;
    if (ms.source == scalers::MetricSpec::Source::kExternal) {
      if (!metric.valid) {
        proposals.push_back(Invalid(kFailedGetExternalMetric, kExternalMetricUnavailable));
        continue;
      }
      const int64_t target = ms.target_value.MilliValue();
      const std::span<const int64_t> values(&metric.value_milli, 1);
      Result<hpa::MetricReplicas> r =
          ms.target_type == scalers::MetricTargetType::kValue
              ? calculator.GetExternalMetricReplicas(current, target, tolerances, values, pods_of())
              : calculator.GetExternalPerPodMetricReplicas(current, target, tolerances, values);
      if (!r) {
        proposals.push_back(Invalid(kFailedGetExternalMetric, kExternalMetricUnavailable));
        continue;
      }
      hpa::MetricProposal p;
      p.replicas = r->replicas;
      proposals.push_back(p);
      continue;
    }
    // Resource (cpu/memory).
    const hpa::Resource resource =
        ms.metric_name == api::kResourceMemory ? hpa::Resource::kMemory : hpa::Resource::kCpu;
    std::span<const hpa::PodInfo> pod_infos = pods_of();
    hpa::PodMetricsInfo pod_metrics =
        MetricsOf(state, ns, pod_infos, hpa::ResourceName(resource), ms.container_name);
    hpa::MetricProposal p;
    if (ms.target_type == scalers::MetricTargetType::kUtilization) {
      Result<hpa::ResourceReplicas> r =
          calculator.GetResourceReplicas(now, current, ms.target_utilization.value_or(0), resource,
                                         tolerances, pod_infos, pod_metrics, ms.container_name);
      if (r)
        p.replicas = r->replicas;
      else
        p = Invalid(kFailedGetResourceMetric, kResourceMetricUnavailable);
    } else {
      Result<hpa::MetricReplicas> r = calculator.GetRawResourceReplicas(
          now, current, ms.target_value.MilliValue(), resource, tolerances, pod_infos, pod_metrics);
      if (r)
        p.replicas = r->replicas;
      else
        p = Invalid(kFailedGetResourceMetric, kResourceMetricUnavailable);
    }
    proposals.push_back(p);
  }

  out.decision = controller.Decide(now, current, spec, proposals);
  const int index = out.decision.metric_index;
  if (index >= 0 && static_cast<size_t>(index) < metrics.size()) {
    const HpaMetric& m = metrics[index];
    const scalers::MetricSpec& ms = *m.spec;
    if (ms.source == scalers::MetricSpec::Source::kExternal) {
      out.explanation = fmt::format(
          "{}={} (target {} {})", ms.metric_name, Milli(m.value_milli), ms.target_value.ToString(),
          ms.target_type == scalers::MetricTargetType::kValue ? "Value" : "AverageValue");
    } else if (ms.target_type == scalers::MetricTargetType::kUtilization) {
      out.explanation = fmt::format("resource {} (target {}% utilization)", ms.metric_name,
                                    ms.target_utilization.value_or(0));
    } else {
      out.explanation = fmt::format("resource {} (target {} per pod)", ms.metric_name,
                                    ms.target_value.ToString());
    }
  }
  return out;
}

}  // namespace tidepool::autoscaling
