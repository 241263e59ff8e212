#include "autoscaling/hpa/replica_calculator.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "core/int128.h"

namespace tidepool::autoscaling::hpa {
namespace {

constexpr int64_t kMaxInt64 = std::numeric_limits<int64_t>::max();
constexpr int64_t kMinInt64 = std::numeric_limits<int64_t>::min();
constexpr int32_t kMaxInt32 = std::numeric_limits<int32_t>::max();
constexpr int32_t kMinInt32 = std::numeric_limits<int32_t>::min();

constexpr std::string_view kNoPods = "no pods returned by selector while calculating replica count";
constexpr std::string_view kNoTargetedMetrics =
    "did not receive metrics for targeted pods (pods might be unready)";

// int32(math.Ceil(x)), saturating where Go's conversion would be undefined.
int32_t CeilToInt32(double x) {
  if (std::isnan(x)) return 0;
  const double c = std::ceil(x);
  if (c >= static_cast<double>(kMaxInt32)) return kMaxInt32;
  if (c <= static_cast<double>(kMinInt32)) return kMinInt32;
  return static_cast<int32_t>(c);
}

int64_t ClampToInt64(Int128 v) {
  if (v > kMaxInt64) return kMaxInt64;
  if (v < kMinInt64) return kMinInt64;
  return static_cast<int64_t>(v);
}

int32_t ClampToInt32(Int128 v) {
  if (v > kMaxInt32) return kMaxInt32;
  if (v < kMinInt32) return kMinInt32;
  return static_cast<int32_t>(v);
}

const PodMetric* FindMetric(const PodMetricsInfo& metrics, const std::string& pod) {
  auto it = metrics.find(pod);
  return it == metrics.end() ? nullptr : &it->second;
}

// Sum of external metric values. Upstream saturates at MaxInt64 on overflow; the wide sum does the
// same for both signs.
int64_t SumValues(std::span<const int64_t> values) {
  Int128 sum = 0;
  for (int64_t v : values) sum += v;
  return ClampToInt64(sum);
}

// Counts from one pass of groupPods over the pod list.
struct Grouping {
  int64_t ready = 0;
  int64_t unready = 0;
  int64_t missing = 0;
  int64_t removed_metrics = 0;  // samples of ignored and unready pods, dropped from the metrics
  Int128 removed_sum = 0;       // their values
};

// currentUtilization = metrics * 100 / requests, as int32 (clamped, as upstream's big-int path).
int32_t Utilization(Int128 metrics_total, Int128 requests_total) {
  return ClampToInt32(metrics_total * 100 / requests_total);
}

}  // namespace

std::string_view ResourceName(Resource resource) {
  switch (resource) {
    case Resource::kCpu:
      return "cpu";
    case Resource::kMemory:
      return "memory";
    case Resource::kNone:
      break;
  }
  return "";
}

std::optional<int64_t> ResourceRequests::Get(Resource resource) const {
  switch (resource) {
    case Resource::kCpu:
      return cpu_milli;
    case Resource::kMemory:
      return memory_milli;
    case Resource::kNone:
      break;
  }
  return std::nullopt;
}

PodGroup ReplicaCalculator::ClassifyPod(Time now, const PodInfo& pod, const PodMetric* metric,
                                        Resource resource) const {
  if (pod.being_deleted || pod.phase == PodPhase::kFailed) return PodGroup::kIgnored;
  if (pod.phase == PodPhase::kPending) return PodGroup::kUnready;
  if (metric == nullptr) return PodGroup::kMissing;
  if (resource == Resource::kCpu) {
    bool unready;
    if (!pod.ready_condition || !pod.start_time) {
      unready = true;
    } else {
      const ReadyCondition& ready = *pod.ready_condition;
      const bool is_false = ready.status == ConditionStatus::kFalse;
      if (*pod.start_time + options_.cpu_initialization_period > now) {
        // Still initialising: the sample counts only if the pod is ready and a full metric window
        // has passed since it became so (cpu is often high during start-up).
        unready = is_false || metric->timestamp < ready.last_transition_time + metric->window;
      } else {
        // Past initialisation: ignore only a pod that is unready and has never been ready.
        unready = is_false && *pod.start_time + options_.delay_of_initial_readiness_status >
                                  ready.last_transition_time;
      }
    }
    if (unready) return PodGroup::kUnready;
  }
  return PodGroup::kReady;
}

Result<int64_t> PodRequest(const PodInfo& pod, std::string_view container, Resource resource) {
  if (container.empty()) {
    if (auto pod_level = pod.pod_requests.Get(resource)) return *pod_level;
  }
  int64_t request = 0;
  for (const ContainerInfo& c : pod.containers) {
    if (container.empty() || container == c.name) {
      auto r = c.requests.Get(resource);
      if (!r) {
        return Fail(ErrorCode::kInvalidArgument,
                    "missing request for " + std::string(ResourceName(resource)) +
                        " in container " + c.name + " of Pod " + pod.name);
      }
      request += *r;
    }
    if (container == c.name) return request;  // container names are unique in a pod
  }
  if (!container.empty()) {
    return Fail(ErrorCode::kInvalidArgument,
                "container " + std::string(container) + " not found in Pod " + pod.name);
  }
  return request;
}

int64_t ReadyPodCount(std::span<const PodInfo> pods) {
  int64_t ready = 0;
  for (const PodInfo& pod : pods) {
    if (pod.phase == PodPhase::kRunning && pod.ready_condition &&
        pod.ready_condition->status == ConditionStatus::kTrue) {
      ++ready;
    }
  }
  return ready;
}

Result<ResourceReplicas> ReplicaCalculator::GetResourceReplicas(
    Time now, int32_t current_replicas, int32_t target_utilization, Resource resource,
    const Tolerances& tolerances, std::span<const PodInfo> pods, const PodMetricsInfo& metrics,
    std::string_view container) const {
  if (metrics.empty()) {
    return Fail(ErrorCode::kUnavailable, "unable to get metrics for resource " +
                                             std::string(ResourceName(resource)) +
                                             ": no metrics returned from resource metrics API");
  }
  if (pods.empty()) return Fail(ErrorCode::kFailedPrecondition, std::string(kNoPods));
  if (target_utilization <= 0) {
    return Fail(ErrorCode::kInvalidArgument, "target utilization must be positive");
  }

  Grouping g;
  for (const PodInfo& pod : pods) {
    const PodMetric* m = FindMetric(metrics, pod.name);
    switch (ClassifyPod(now, pod, m, resource)) {
      case PodGroup::kReady:
        ++g.ready;
        break;
      case PodGroup::kUnready:
        ++g.unready;
        if (m != nullptr) ++g.removed_metrics;
        break;
      case PodGroup::kMissing:
        ++g.missing;
        break;
      case PodGroup::kIgnored:
        if (m != nullptr) ++g.removed_metrics;
        break;
    }
  }
  const int64_t remaining = static_cast<int64_t>(metrics.size()) - g.removed_metrics;
  if (remaining == 0) return Fail(ErrorCode::kUnavailable, std::string(kNoTargetedMetrics));

  // Every listed pod needs a request (even ignored ones, as upstream); samples of pods outside the
  // list have none and so do not count towards the utilisation.
  Int128 metrics_total = 0;
  Int128 requests_total = 0;
  int64_t entries = 0;
  for (const PodInfo& pod : pods) {
    auto request = PodRequest(pod, container, resource);
    if (!request) return Fail(request.error());
    const PodMetric* m = FindMetric(metrics, pod.name);
    if (ClassifyPod(now, pod, m, resource) == PodGroup::kReady) {
      metrics_total += m->value;
      requests_total += *request;
      ++entries;
    }
  }
  if (requests_total == 0) {
    return Fail(ErrorCode::kUnavailable, "no metrics returned matched known pods");
  }

  ResourceReplicas out;
  out.utilization = Utilization(metrics_total, requests_total);
  out.raw_utilization = ClampToInt64(metrics_total / entries);
  const double usage_ratio =
      static_cast<double>(out.utilization) / static_cast<double>(target_utilization);

  const bool scale_up_with_unready = g.unready > 0 && usage_ratio > 1.0;
  if (!scale_up_with_unready && g.missing == 0) {
    out.replicas = tolerances.IsWithin(usage_ratio)
                       ? current_replicas
                       : CeilToInt32(usage_ratio * static_cast<double>(g.ready));
    return out;
  }

  // Assume the most conservative usage for the pods we could not measure, and re-run.
  const Int128 fallback_utilization = std::max<int32_t>(100, target_utilization);
  int64_t added = 0;
  for (const PodInfo& pod : pods) {
    const PodMetric* m = FindMetric(metrics, pod.name);
    const PodGroup group = ClassifyPod(now, pod, m, resource);
    const bool use_missing = group == PodGroup::kMissing && usage_ratio != 1.0;
    const bool use_unready = group == PodGroup::kUnready && scale_up_with_unready;
    if (!use_missing && !use_unready) continue;
    const int64_t request = *PodRequest(pod, container, resource);  // checked above
    if (use_missing && usage_ratio < 1.0) {
      // Scale-down: a missing pod uses all of its request (or the target, if above 100%).
      metrics_total += static_cast<Int128>(request) * fallback_utilization / 100;
    }
    requests_total += request;
    ++added;
  }
  const int32_t new_utilization = Utilization(metrics_total, requests_total);
  const double new_usage_ratio =
      static_cast<double>(new_utilization) / static_cast<double>(target_utilization);

  if (tolerances.IsWithin(new_usage_ratio) || (usage_ratio < 1.0 && new_usage_ratio > 1.0) ||
      (usage_ratio > 1.0 && new_usage_ratio < 1.0)) {
    // Too small a change, or the assumptions reversed the direction.
    out.replicas = current_replicas;
    return out;
  }
  const int32_t new_replicas =
      CeilToInt32(new_usage_ratio * static_cast<double>(remaining + added));
  if ((new_usage_ratio < 1.0 && new_replicas > current_replicas) ||
      (new_usage_ratio > 1.0 && new_replicas < current_replicas)) {
    out.replicas = current_replicas;
    return out;
  }
  out.replicas = new_replicas;
  return out;
}

namespace {

// calcPlainMetricReplicas: per-pod averages against an average target.
Result<MetricReplicas> PlainMetricReplicas(const ReplicaCalculator& calc, Time now,
                                           int32_t current_replicas, int64_t target_usage,
                                           Resource resource, const Tolerances& tolerances,
                                           std::span<const PodInfo> pods,
                                           const PodMetricsInfo& metrics) {
  if (pods.empty()) return Fail(ErrorCode::kFailedPrecondition, std::string(kNoPods));
  if (target_usage <= 0) {
    return Fail(ErrorCode::kInvalidArgument, "target average value must be positive");
  }
  Grouping g;
  for (const PodInfo& pod : pods) {
    const PodMetric* m = FindMetric(metrics, pod.name);
    switch (calc.ClassifyPod(now, pod, m, resource)) {
      case PodGroup::kReady:
        ++g.ready;
        break;
      case PodGroup::kUnready:
        ++g.unready;
        [[fallthrough]];
      case PodGroup::kIgnored:
        if (m != nullptr) {
          ++g.removed_metrics;
          g.removed_sum += m->value;
        }
        break;
      case PodGroup::kMissing:
        ++g.missing;
        break;
    }
  }
  const int64_t remaining = static_cast<int64_t>(metrics.size()) - g.removed_metrics;
  if (remaining == 0) return Fail(ErrorCode::kUnavailable, std::string(kNoTargetedMetrics));

  // Samples of pods outside the list still count here, as upstream's GetMetricUsageRatio has no
  // requests to join them against.
  Int128 total = -g.removed_sum;
  for (const auto& [name, metric] : metrics) total += metric.value;

  MetricReplicas out;
  out.usage = ClampToInt64(total / remaining);
  const double usage_ratio = static_cast<double>(out.usage) / static_cast<double>(target_usage);

  const bool scale_up_with_unready = g.unready > 0 && usage_ratio > 1.0;
  if (!scale_up_with_unready && g.missing == 0) {
    out.replicas = tolerances.IsWithin(usage_ratio)
                       ? current_replicas
                       : CeilToInt32(usage_ratio * static_cast<double>(g.ready));
    return out;
  }

  int64_t added = 0;
  if (usage_ratio != 1.0) {
    added += g.missing;
    // Scale-down: a missing pod uses exactly the target; scale-up: nothing.
    if (usage_ratio < 1.0) total += static_cast<Int128>(target_usage) * g.missing;
  }
  if (scale_up_with_unready) added += g.unready;  // unready pods use nothing

  const int64_t count = remaining + added;
  const double new_usage_ratio =
      static_cast<double>(ClampToInt64(total / count)) / static_cast<double>(target_usage);
  if (tolerances.IsWithin(new_usage_ratio) || (usage_ratio < 1.0 && new_usage_ratio > 1.0) ||
      (usage_ratio > 1.0 && new_usage_ratio < 1.0)) {
    out.replicas = current_replicas;
    return out;
  }
  const int32_t new_replicas = CeilToInt32(new_usage_ratio * static_cast<double>(count));
  if ((new_usage_ratio < 1.0 && new_replicas > current_replicas) ||
      (new_usage_ratio > 1.0 && new_replicas < current_replicas)) {
    out.replicas = current_replicas;
    return out;
  }
  out.replicas = new_replicas;
  return out;
}

}  // namespace

Result<MetricReplicas> ReplicaCalculator::GetRawResourceReplicas(
    Time now, int32_t current_replicas, int64_t target_usage, Resource resource,
    const Tolerances& tolerances, std::span<const PodInfo> pods,
    const PodMetricsInfo& metrics) const {
  if (metrics.empty()) {
    return Fail(ErrorCode::kUnavailable, "unable to get metrics for resource " +
                                             std::string(ResourceName(resource)) +
                                             ": no metrics returned from resource metrics API");
  }
  return PlainMetricReplicas(*this, now, current_replicas, target_usage, resource, tolerances, pods,
                             metrics);
}

Result<MetricReplicas> ReplicaCalculator::GetMetricReplicas(Time now, int32_t current_replicas,
                                                            int64_t target_usage,
                                                            const Tolerances& tolerances,
                                                            std::span<const PodInfo> pods,
                                                            const PodMetricsInfo& metrics) const {
  return PlainMetricReplicas(*this, now, current_replicas, target_usage, Resource::kNone,
                             tolerances, pods, metrics);
}

Result<MetricReplicas> ReplicaCalculator::GetExternalMetricReplicas(
    int32_t current_replicas, int64_t target_usage, const Tolerances& tolerances,
    std::span<const int64_t> metric_values, std::span<const PodInfo> pods) const {
  if (target_usage <= 0) return Fail(ErrorCode::kInvalidArgument, "target value must be positive");
  MetricReplicas out;
  out.usage = SumValues(metric_values);
  const double usage_ratio = static_cast<double>(out.usage) / static_cast<double>(target_usage);
  if (current_replicas == 0) {
    // From zero there are no pods to scale by: zero or n pods depending on the ratio alone.
    out.replicas = CeilToInt32(usage_ratio);
    return out;
  }
  if (tolerances.IsWithin(usage_ratio)) {
    out.replicas = current_replicas;
    return out;
  }
  if (pods.empty()) {
    return Fail(ErrorCode::kFailedPrecondition,
                "unable to calculate ready pods: " + std::string(kNoPods));
  }
  out.replicas = CeilToInt32(usage_ratio * static_cast<double>(ReadyPodCount(pods)));
  return out;
}

Result<MetricReplicas> ReplicaCalculator::GetExternalPerPodMetricReplicas(
    int32_t status_replicas, int64_t target_usage_per_pod, const Tolerances& tolerances,
    std::span<const int64_t> metric_values) const {
  if (target_usage_per_pod <= 0) {
    return Fail(ErrorCode::kInvalidArgument, "target average value must be positive");
  }
  const int64_t usage = SumValues(metric_values);
  const double target = static_cast<double>(target_usage_per_pod);
  MetricReplicas out;
  out.replicas = status_replicas;
  // With no replicas the ratio is infinite (or undefined), never within tolerance.
  const bool within = status_replicas != 0 &&
                      tolerances.IsWithin(static_cast<double>(usage) / (target * status_replicas));
  if (!within) out.replicas = CeilToInt32(static_cast<double>(usage) / target);
  if (static_cast<double>(usage) >= static_cast<double>(kMaxInt64) || status_replicas == 0) {
    out.usage = usage;
  } else {
    out.usage = static_cast<int64_t>(
        std::ceil(static_cast<double>(usage) / static_cast<double>(status_replicas)));
  }
  return out;
}

}  // namespace tidepool::autoscaling::hpa
