#include "autoscaling/scaled_object_controller.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "api/keda/annotations.h"
#include "api/keda/go_strconv.h"
#include "autoscaling/event_reasons.h"
#include "autoscaling/fallback.h"
#include "autoscaling/scaled_object_status.h"
#include "formula/keda.h"

namespace tidepool::autoscaling {

namespace keda = api::keda;

struct ScaledObjectController::TriggerSlot {
  std::unique_ptr<scalers::Scaler> scaler;  // null when the build failed
  std::vector<scalers::MetricSpec> specs;
  bool use_cached_metrics = false;
  int formula_index = -1;  // position among the formula's bound triggers, -1 if unbound
  // This poll's reading of the first external metric (for the formula and cached HPA reads).
  bool valid = false;
  int64_t value_milli = 0;
  bool nil_for_formula = false;
};

struct ScaledObjectController::Loop {
  cluster::ObjectKey key;
  int64_t generation = 0;
  bool scalers_built = false;
  std::vector<TriggerSlot> triggers;
  bool cpu_memory_only = false;
  hpa::HpaSpec hpa_spec;
  hpa::HorizontalController hpa;
  std::optional<formula::Program> formula;
  std::vector<std::string> formula_names;
  scalers::MetricSpec composite_spec;
  double activation_target = 0;
  std::optional<Time> last_active;
  Time creation;
  const keda::ScaledObject* object = nullptr;  // valid while object_version is the store's
  uint64_t object_version = 0;
  // `status` equals the stored status (nobody replaced the object since the last write).
  bool status_synced = false;
  TimerId poll_timer = 0;
  bool poll_armed = false;
  TimerId hpa_timer = 0;
  bool hpa_armed = false;
  // Scratch reused by every poll.
  keda::ScaledObjectStatus status;
  std::vector<HpaMetric> metrics;
  std::vector<std::string> active_triggers;
  std::vector<std::optional<double>> formula_values;

  explicit Loop(hpa::HorizontalControllerOptions options) : hpa(options) {}
};

namespace {

// Replica counts for fallback, read from cluster state when a substitute is computed.
class StateReplicaCounts : public ReplicaCounts {
 public:
  StateReplicaCounts(const cluster::ClusterState& state, const keda::ScaledObject& so)
      : state_(state), so_(so) {}
  Result<int32_t> Current() override {
    Result<cluster::Scale> scale = state_.GetScale(TargetOf(so_));
    if (!scale) return Fail(scale.error());
    return scale->spec_replicas;
  }
  Result<int32_t> Ready() override {
    Result<cluster::Scale> scale = state_.GetScale(TargetOf(so_));
    if (!scale) return Fail(scale.error());
    int32_t ready = 0;
    for (const api::Pod* pod : state_.PodsMatching(so_.metadata.namespace_, scale->selector)) {
      if (pod->status.phase == api::kPodRunning && cluster::IsPodReady(*pod)) ++ready;
    }
    return ready;
  }

 private:
  const cluster::ClusterState& state_;
  const keda::ScaledObject& so_;
};

int64_t SumMilli(const std::vector<scalers::MetricValue>& metrics, std::string_view name) {
  int64_t sum = 0;
  for (const scalers::MetricValue& m : metrics) {
    if (m.metric_name != name) continue;
    // KEDA clamps negative values to 0 (v2.20.2+).
    sum += std::max<int64_t>(m.value.MilliValue(), 0);
  }
  return sum;
}

}  // namespace

ScaledObjectController::ScaledObjectController(Clock& clock, cluster::ClusterState& state,
                                               cluster::ClusterWriter& writer,
                                               ScalerBuilder& builder,
                                               ScaledObjectControllerOptions options)
    : clock_(clock),
      state_(state),
      writer_(writer),
      builder_(builder),
      options_(options),
      executor_(clock, state, writer),
      calculator_(options.calculator) {}

ScaledObjectController::~ScaledObjectController() {
  for (auto& [key, loop] : loops_) {
    if (loop->poll_armed) clock_.Cancel(loop->poll_timer);
    if (loop->hpa_armed) clock_.Cancel(loop->hpa_timer);
  }
}

void ScaledObjectController::CloseScalers(Loop& loop) {
  for (TriggerSlot& slot : loop.triggers) {
    if (slot.scaler) (void)slot.scaler->Close();
    slot.scaler.reset();
    slot.specs.clear();
  }
  loop.scalers_built = false;
}

void ScaledObjectController::StopLoop(std::string_view ns, std::string_view name) {
  auto it = loops_.find(cluster::ObjectKeyView{ns, name});
  if (it == loops_.end()) return;
  Loop& loop = *it->second;
  if (loop.poll_armed) clock_.Cancel(loop.poll_timer);
  if (loop.hpa_armed) clock_.Cancel(loop.hpa_timer);
  CloseScalers(loop);
  loops_.erase(it);
}

void ScaledObjectController::SchedulePoll(Loop& loop, Duration delay) {
  if (loop.poll_armed) clock_.Cancel(loop.poll_timer);
  Loop* target = &loop;
  loop.poll_timer = clock_.ScheduleAfter(delay, [this, target] {
    target->poll_armed = false;
    if (!PollLoop(*target) || target->poll_armed) return;  // stopped, or rescheduled already
    if (const keda::ScaledObject* so = ObjectOf(*target)) {
      SchedulePoll(*target, Duration::Seconds(keda::PollingIntervalSeconds(*so)));
    }
  });
  loop.poll_armed = true;
}

void ScaledObjectController::ScheduleHpa(Loop& loop, Duration delay) {
  if (loop.hpa_armed) clock_.Cancel(loop.hpa_timer);
  Loop* target = &loop;
  loop.hpa_timer = clock_.ScheduleAfter(delay, [this, target] {
    target->hpa_armed = false;
    SyncHpaLoop(*target);
    if (!target->hpa_armed) ScheduleHpa(*target, options_.hpa_sync_period);
  });
  loop.hpa_armed = true;
}

void ScaledObjectController::ReconcileAll() {
  std::vector<cluster::ObjectKey> stale;
  for (const auto& [key, loop] : loops_) {
    if (state_.Get<keda::ScaledObject>(key.namespace_, key.name) == nullptr) stale.push_back(key);
  }
  for (const cluster::ObjectKey& key : stale) StopLoop(key.namespace_, key.name);
  for (const auto& [key, so] : state_.Store<keda::ScaledObject>().items()) {
    Reconcile(key.namespace_, key.name);
  }
}

// What a successful check of a ScaledObject produces for its loop.
struct ScaledObjectController::Checked {
  hpa::HpaSpec hpa_spec;
  std::optional<formula::Program> program;
  std::vector<std::string> formula_names;
};

void ScaledObjectController::WriteReconciledStatus(const keda::ScaledObject& so,
                                                   const keda::ScaledObjectStatus& status) {
  if (status == so.status) return;
  Status written =
      writer_.UpdateScaledObjectStatus(so.metadata.namespace_, so.metadata.name, status);
  if (!written) {
    writer_.RecordEvent(ReferenceOf(so), cluster::kEventTypeWarning,
                        kReasonScaledObjectUpdateFailed, written.error().message());
  }
}

void ScaledObjectController::Pause(const keda::ScaledObject& so, keda::ScaledObjectStatus& status) {
  // handlePause: stop the loop (and so the HPA), then hold the paused replica count if given.
  const cluster::ObjectReference ref = ReferenceOf(so);
  if (!IsConditionTrue(status.conditions, kConditionPaused)) {
    SetCondition(status.conditions, kConditionPaused, kStatusTrue, kPausedReason, kPausedMessage);
    writer_.RecordEvent(ref, cluster::kEventTypeNormal, kReasonScaledObjectPaused,
                        std::string(kPausedMessage));
  }
  StopLoop(so.metadata.namespace_, so.metadata.name);
  std::string failure;
  Result<std::optional<int32_t>> paused = keda::PausedReplicaCount(so.metadata);
  if (!paused) {
    failure = "failed to scale target to paused replica count: " + paused.error().message();
  } else if (paused->has_value()) {
    Result<cluster::Scale> scale = state_.GetScale(TargetOf(so));
    if (scale && scale->spec_replicas != **paused) {
      Result<int32_t> done = writer_.UpdateScale(TargetOf(so), **paused);
      if (!done) {
        failure = "failed to scale target to paused replica count: " + done.error().message();
      }
    }
    status.paused_replica_count = **paused;
  }
  if (failure.empty()) {
    SetCondition(status.conditions, kConditionReady, kStatusTrue, kReadySuccessReason,
                 kPausedMessage);
  } else {
    SetCondition(status.conditions, kConditionReady, kStatusFalse, kReadyCheckFailedReason,
                 failure);
    writer_.RecordEvent(ref, cluster::kEventTypeWarning, kReasonScaledObjectCheckFailed, failure);
  }
}

void ScaledObjectController::UpdatePausedDirections(const keda::ScaledObject& so,
                                                    keda::ScaledObjectStatus& status) {
  const cluster::ObjectReference ref = ReferenceOf(so);
  const bool paused_in_status = IsConditionTrue(status.conditions, kConditionPaused);
  if (keda::BoolAnnotation(so.metadata, keda::kPausedScaleInAnnotation) ||
      keda::BoolAnnotation(so.metadata, keda::kPausedScaleOutAnnotation)) {
    SetCondition(status.conditions, kConditionPaused, kStatusTrue, kPausedReason, kPausedMessage);
    if (!paused_in_status) {
      writer_.RecordEvent(ref, cluster::kEventTypeNormal, kReasonScaledObjectPaused,
                          std::string(kPausedMessage));
    }
  } else if (paused_in_status) {
    SetCondition(status.conditions, kConditionPaused, kStatusFalse, kUnpausedReason,
                 kUnpausedMessage);
    writer_.RecordEvent(ref, cluster::kEventTypeNormal, kReasonScaledObjectUnpaused,
                        std::string(kUnpausedMessage));
    status.paused_replica_count.reset();
  }
}

std::string ScaledObjectController::Check(const keda::ScaledObject& so,
                                          keda::ScaledObjectStatus& status, Checked& checked) {
  // reconcileScaledObject's checks, in upstream's order; the result is upstream's fullErrMsg.
  if (so.spec.scale_target_ref.name.empty()) {
    return std::string(kMessageScaleTargetErr) +
           ": ScaledObject.spec.scaleTargetRef.name is missing";
  }
  Result<cluster::Scale> scale = state_.GetScale(TargetOf(so));
  if (!scale) {
    const bool missing = scale.error().code() == ErrorCode::kNotFound;
    writer_.RecordEvent(
        ReferenceOf(so), cluster::kEventTypeWarning, kReasonScaledObjectCheckFailed,
        std::string(missing ? kMessageScaleTargetNotFound : kMessageScaleTargetNoSubresource));
    return std::string(kMessageScaleTargetErr) + ": " + scale.error().message();
  }
  if (!status.original_replica_count.has_value()) {
    status.original_replica_count = scale->spec_replicas;
  }
  if (Status bounds = keda::CheckReplicaCountBounds(so); !bounds) {
    return "ScaledObject doesn't have correct Idle/Min/Max Replica Counts specification: " +
           bounds.error().message();
  }
  if (Status triggers = keda::CheckTriggers(so.spec.triggers); !triggers) {
    return "ScaledObject doesn't have correct triggers specification: " +
           triggers.error().message();
  }
  Result<hpa::HpaSpec> hpa_spec =
      HpaSpecFor(so, options_.hpa_timing, options_.downscale_stabilization);
  if (!hpa_spec) {
    return "failed to ensure HPA is correctly created for ScaledObject: " +
           hpa_spec.error().message();
  }
  checked.hpa_spec = std::move(*hpa_spec);
  if (!keda::IsUsingModifiers(so)) return {};
  const keda::ScalingModifiers& mods = so.spec.advanced->scaling_modifiers;
  for (const keda::ScaleTrigger& t : so.spec.triggers) {
    if (!t.name.empty() && !keda::IsCpuOrMemory(t)) checked.formula_names.push_back(t.name);
  }
  Result<formula::Program> compiled =
      formula::CompileKedaFormula(mods.formula, checked.formula_names);
  if (!compiled) return "error compiling scalingModifiers formula: " + compiled.error().message();
  Result<double> target = keda::ParseGoFloat(mods.target);
  if (!target || *target <= 0) {
    return "error converting target for scalingModifiers (string->float) to valid target";
  }
  if (!mods.activation_target.empty()) {
    Result<double> activation = keda::ParseGoFloat(mods.activation_target);
    if (!activation) {
      return "scalingModifiers.ActivationTarget parsing error: " + activation.error().message();
    }
  }
  checked.program = std::move(*compiled);
  return {};
}

void ScaledObjectController::Reconcile(std::string_view ns, std::string_view name) {
  const keda::ScaledObject* so = state_.Get<keda::ScaledObject>(ns, name);
  if (so == nullptr) {
    StopLoop(ns, name);
    return;
  }
  keda::ScaledObjectStatus status = so->status;
  if (!AreInitialized(status.conditions)) status.conditions = InitializedConditions();
  Conditions& conditions = status.conditions;

  if (keda::NeedToBePausedByAnnotation(so->metadata)) {
    Pause(*so, status);
    WriteReconciledStatus(*state_.Get<keda::ScaledObject>(ns, name), status);
    return;
  }
  UpdatePausedDirections(*so, status);

  Checked checked;
  const std::string failure = Check(*so, status, checked);
  if (!HasValidFallback(*so)) {
    SetCondition(conditions, kConditionFallback, kStatusFalse, kNoFallbackFoundReason,
                 kNoFallbackFoundMessage);
  }
  if (!failure.empty()) {
    spdlog::warn("ScaledObject {}/{}: {}", ns, name, failure);
    SetCondition(conditions, kConditionReady, kStatusFalse, kReadyCheckFailedReason, failure);
    SetCondition(conditions, kConditionActive, kStatusUnknown, kUnknownStateReason,
                 kUnknownStateMessage);
    writer_.RecordEvent(ReferenceOf(*so), cluster::kEventTypeWarning,
                        kReasonScaledObjectCheckFailed, failure);
    StopLoop(ns, name);
    WriteReconciledStatus(*so, status);
    return;
  }

  Result<keda::GroupVersionKind> gvk =
      keda::ScaleTargetGvk(so->spec.scale_target_ref.api_version, so->spec.scale_target_ref.kind);
  if (gvk) status.scale_target_kind = gvk->GvkString();
  status.triggers_types = keda::TriggerTypesList(so->spec.triggers);
  status.authentications_types = keda::AuthenticationNamesList(so->spec.triggers);
  status.hpa_name = keda::HpaName(*so);
  if (checked.program.has_value()) {
    status.composite_scaler_name = std::string(keda::kCompositeMetricName);
  }
  const keda::Condition* ready = FindCondition(conditions, kConditionReady);
  if (ready == nullptr || ready->status != kStatusTrue) {
    writer_.RecordEvent(ReferenceOf(*so), cluster::kEventTypeNormal, kReasonScaledObjectReady,
                        std::string(kMessageScalerReady));
  }
  SetCondition(conditions, kConditionReady, kStatusTrue, kReadySuccessReason, kReadySuccessMessage);
  WriteReconciledStatus(*so, status);
  StartLoop(*state_.Get<keda::ScaledObject>(ns, name), std::move(checked));
}

void ScaledObjectController::StartLoop(const keda::ScaledObject& so, Checked checked) {
  // Start the loop, or restart it with fresh scalers when the spec changed. The HPA's state
  // survives a restart, as the HPA object does when KEDA updates it.
  const std::string& ns = so.metadata.namespace_;
  const std::string& name = so.metadata.name;
  auto it = loops_.find(cluster::ObjectKeyView{ns, name});
  Loop* loop = it == loops_.end() ? nullptr : it->second.get();
  const bool restart = loop == nullptr || loop->generation != so.metadata.generation;
  if (loop == nullptr) {
    auto created = std::make_unique<Loop>(
        hpa::HorizontalControllerOptions{options_.downscale_stabilization, options_.tolerance});
    created->key = cluster::ObjectKey{std::string(ns), std::string(name)};
    loop = created.get();
    loops_.emplace(created->key, std::move(created));
    if (Result<Time> last = Time::ParseRfc3339(so.status.last_active_time)) {
      loop->last_active = *last;
    }
  }
  loop->generation = so.metadata.generation;
  loop->status_synced = false;  // Reconcile wrote the status itself
  loop->creation = Time::ParseRfc3339(so.metadata.creation_timestamp).value_or(Time());
  loop->hpa_spec = std::move(checked.hpa_spec);
  loop->formula = std::move(checked.program);
  loop->formula_names = std::move(checked.formula_names);
  loop->cpu_memory_only =
      std::all_of(so.spec.triggers.begin(), so.spec.triggers.end(),
                  [](const keda::ScaleTrigger& t) { return keda::IsCpuOrMemory(t); });
  if (loop->formula.has_value()) {
    const keda::ScalingModifiers& mods = so.spec.advanced->scaling_modifiers;
    loop->composite_spec.source = scalers::MetricSpec::Source::kExternal;
    loop->composite_spec.metric_name = std::string(keda::kCompositeMetricName);
    loop->composite_spec.target_type =
        keda::ScalingModifiersMetricType(mods) == keda::kMetricTypeValue
            ? scalers::MetricTargetType::kValue
            : scalers::MetricTargetType::kAverageValue;
    loop->composite_spec.target_value =
        Quantity::FromMilli(static_cast<int64_t>(*keda::ParseGoFloat(mods.target) * 1000));
    loop->activation_target =
        mods.activation_target.empty() ? 0 : *keda::ParseGoFloat(mods.activation_target);
  }
  if (restart) {
    CloseScalers(*loop);
    writer_.RecordEvent(ReferenceOf(so), cluster::kEventTypeNormal, kReasonKedaScalersStarted,
                        std::string(kMessageScalerStart));
    SchedulePoll(*loop, Duration());
    if (options_.hpa_timing == HpaTiming::kUpstream && !loop->hpa_armed) {
      ScheduleHpa(*loop, options_.hpa_sync_period);
    }
  }
}

void ScaledObjectController::BuildScalers(Loop& loop, const keda::ScaledObject& so,
                                          bool& is_error) {
  CloseScalers(loop);
  loop.triggers.resize(so.spec.triggers.size());
  for (size_t i = 0; i < so.spec.triggers.size(); ++i) {
    const keda::ScaleTrigger& trigger = so.spec.triggers[i];
    TriggerSlot& slot = loop.triggers[i];
    slot.use_cached_metrics = trigger.use_cached_metrics;
    slot.formula_index = -1;
    for (size_t n = 0; n < loop.formula_names.size(); ++n) {
      if (loop.formula_names[n] == trigger.name) slot.formula_index = static_cast<int>(n);
    }
    Result<std::unique_ptr<scalers::Scaler>> built =
        builder_.Build(so, trigger, static_cast<int>(i));
    if (!built) {
      writer_.RecordEvent(ReferenceOf(so), cluster::kEventTypeWarning, kReasonKedaScalerFailed,
                          built.error().message());
      is_error = true;
      continue;
    }
    slot.scaler = std::move(*built);
    slot.specs = slot.scaler->GetMetricSpecForScaling();
    writer_.RecordEvent(ReferenceOf(so), cluster::kEventTypeNormal, kReasonKedaScalersStarted,
                        "Scaler " + trigger.type + " is built");
  }
  loop.formula_values.assign(loop.formula_names.size(), std::nullopt);
  loop.scalers_built = true;
}

bool ScaledObjectController::ReadMetric(Loop& loop, const keda::ScaledObject& so, TriggerSlot& slot,
                                        size_t spec_index, bool& is_error, bool& fallback_active) {
  const scalers::MetricSpec& spec = slot.specs[spec_index];
  Result<scalers::MetricsAndActivity> read = slot.scaler->GetMetricsAndActivity(spec.metric_name);
  StateReplicaCounts replicas(state_, so);
  FallbackResult fb =
      ApplyFallback(so, loop.status, !read.has_value(), spec.metric_name, spec, replicas);
  HpaMetric metric;
  metric.spec = &spec;
  bool active = false;
  const bool first = spec_index == 0;
  if (first) {
    slot.valid = false;
    slot.nil_for_formula = false;
  }
  switch (fb.kind) {
    case FallbackResult::Kind::kMetrics:
      metric.valid = true;
      metric.value_milli = SumMilli(read->metrics, spec.metric_name);
      active = read->active;
      if (active) {
        for (const scalers::MetricValue& m : read->metrics)
          loop.active_triggers.push_back(m.metric_name);
      }
      break;
    case FallbackResult::Kind::kSubstitute:
      metric.valid = true;
      metric.value_milli = static_cast<int64_t>(fb.value * 1000);
      active = true;
      fallback_active = true;
      loop.active_triggers.push_back(spec.metric_name);
      break;
    case FallbackResult::Kind::kNilForFormula:
      fallback_active = true;
      if (first) slot.nil_for_formula = true;
      break;
    case FallbackResult::Kind::kError:
      is_error = true;
      writer_.RecordEvent(
          ReferenceOf(so), cluster::kEventTypeWarning,
          loop.formula.has_value() ? kReasonKedaMetricSourceFailed : kReasonKedaScalerFailed,
          read ? std::string("error performing fallback") : read.error().message());
      break;
  }
  if (first) {
    slot.valid = metric.valid;
    slot.value_milli = metric.value_milli;
  }
  loop.metrics.push_back(metric);
  return active;
}

bool ScaledObjectController::CollectMetrics(Loop& loop, const keda::ScaledObject& so, bool hpa_sync,
                                            bool& is_error, bool& fallback_active) {
  loop.metrics.clear();
  loop.active_triggers.clear();
  bool active = false;
  for (TriggerSlot& slot : loop.triggers) {
    for (size_t s = 0; s < slot.specs.size(); ++s) {
      const scalers::MetricSpec& spec = slot.specs[s];
      if (spec.source != scalers::MetricSpec::Source::kExternal) {
        // Resource metrics feed only the HPA; their activity is not KEDA's to judge.
        HpaMetric metric;
        metric.spec = &spec;
        loop.metrics.push_back(metric);
        continue;
      }
      if (hpa_sync && slot.use_cached_metrics && s == 0) {
        HpaMetric metric;
        metric.spec = &spec;
        metric.valid = slot.valid;
        metric.value_milli = slot.value_milli;
        loop.metrics.push_back(metric);
        continue;
      }
      if (!slot.scaler) continue;
      active = ReadMetric(loop, so, slot, s, is_error, fallback_active) || active;
    }
  }
  if (!loop.formula.has_value()) return active;

  // scalingModifiers: one composite metric replaces the external ones.
  for (const TriggerSlot& slot : loop.triggers) {
    if (slot.formula_index < 0) continue;
    loop.formula_values[slot.formula_index] =
        slot.valid && !slot.nil_for_formula
            ? std::optional<double>(static_cast<double>(slot.value_milli) / 1000)
            : std::nullopt;
  }
  Result<std::optional<double>> composite =
      formula::EvalKedaFormula(*loop.formula, loop.formula_values);
  HpaMetric metric;
  metric.spec = &loop.composite_spec;
  if (!composite) {
    is_error = true;
    writer_.RecordEvent(ReferenceOf(so), cluster::kEventTypeWarning, kReasonKedaMetricSourceFailed,
                        composite.error().message());
  } else if (composite->has_value()) {
    metric.valid = true;
    metric.value_milli = formula::CompositeMetricMilli(**composite);
  } else if (HasValidFallback(so)) {
    // A nil result falls back to fallback.replicas × target.
    metric.valid = true;
    metric.value_milli = loop.composite_spec.target_value.MilliValue() * so.spec.fallback->replicas;
    fallback_active = true;
  } else {
    is_error = true;
  }
  std::erase_if(loop.metrics, [](const HpaMetric& m) {
    return m.spec->source == scalers::MetricSpec::Source::kExternal;
  });
  loop.metrics.insert(loop.metrics.begin(), metric);
  loop.active_triggers.clear();
  active = false;
  if (!is_error && metric.valid &&
      static_cast<double>(metric.value_milli) / 1000 > loop.activation_target) {
    active = true;
    loop.active_triggers.push_back(loop.composite_spec.metric_name);
  }
  return active;
}

void ScaledObjectController::WriteStatus(Loop& loop, const keda::ScaledObject& so) {
  loop.status_synced = true;
  if (loop.status == so.status) return;
  Status written =
      writer_.UpdateScaledObjectStatus(so.metadata.namespace_, so.metadata.name, loop.status);
  if (!written) {
    writer_.RecordEvent(ReferenceOf(so), cluster::kEventTypeWarning,
                        kReasonScaledObjectUpdateFailed, written.error().message());
  }
}

void ScaledObjectController::RunHpa(Loop& loop, const keda::ScaledObject& so,
                                    const cluster::Scale& scale) {
  HpaEvaluation eval = EvaluateHpa(clock_.Now(), state_, so, scale, loop.hpa_spec, loop.metrics,
                                   calculator_, loop.hpa);
  const hpa::Decision& d = eval.decision;
  if (d.rescale && d.desired_replicas != eval.current_replicas) {
    Result<int32_t> done = writer_.UpdateScale(TargetOf(so), d.desired_replicas);
    if (done) {
      std::string reason = d.reason == hpa::RescaleReason::kMetricAboveTarget
                               ? eval.explanation + " above target"
                               : std::string(hpa::RescaleReasonText(d.reason)) +
                                     (eval.explanation.empty() ? "" : "; " + eval.explanation);
      writer_.RecordEvent(ReferenceOf(so), cluster::kEventTypeNormal, kReasonSuccessfulRescale,
                          fmt::format("New size: {}; reason: {}", d.desired_replicas, reason));
    }
  }
  if (d.scaling_active.has_value()) {
    const hpa::HpaCondition& c = *d.scaling_active;
    if (c.status) {
      SetCondition(loop.status.conditions, kConditionHpaActive, kStatusTrue, kHpaActiveReason,
                   kHpaActiveMessage);
    } else if (c.reason == kHpaScalingDisabledReason) {
      SetCondition(loop.status.conditions, kConditionHpaActive, kStatusTrue,
                   kHpaScalingDisabledReason, c.message);
    } else {
      SetCondition(loop.status.conditions, kConditionHpaActive, kStatusFalse,
                   c.reason.empty() ? std::string_view("HPAMetricsUnavailable") : c.reason,
                   "HPA is not actively scaling: " + std::string(c.message));
    }
  }
}

const keda::ScaledObject* ScaledObjectController::ObjectOf(Loop& loop) {
  const auto& store = state_.Store<keda::ScaledObject>();
  if (loop.object == nullptr || loop.object_version != store.version()) {
    loop.object = store.Get(loop.key.namespace_, loop.key.name);
    loop.object_version = store.version();
    loop.status_synced = false;
  }
  return loop.object;
}

void ScaledObjectController::Poll(std::string_view ns, std::string_view name) {
  auto it = loops_.find(cluster::ObjectKeyView{ns, name});
  if (it != loops_.end()) PollLoop(*it->second);
}

void ScaledObjectController::SyncHpa(std::string_view ns, std::string_view name) {
  auto it = loops_.find(cluster::ObjectKeyView{ns, name});
  if (it != loops_.end()) SyncHpaLoop(*it->second);
}

void ScaledObjectController::UpdateMetricStatus(Loop& loop) {
  // Metric names and per-trigger activity, as KEDA keeps them in the status. Assign only what
  // differs, so a steady poll neither allocates nor changes the status.
  size_t external = 0;
  size_t resource = 0;
  auto set = [](std::vector<std::string>& names, size_t& i, const std::string& name) {
    if (i >= names.size()) {
      names.push_back(name);
    } else if (names[i] != name) {
      names[i] = name;
    }
    ++i;
  };
  for (const TriggerSlot& slot : loop.triggers) {
    for (const scalers::MetricSpec& spec : slot.specs) {
      if (spec.source != scalers::MetricSpec::Source::kExternal) {
        set(loop.status.resource_metric_names, resource, spec.metric_name);
        continue;
      }
      set(loop.status.external_metric_names, external, spec.metric_name);
      const bool active = std::find(loop.active_triggers.begin(), loop.active_triggers.end(),
                                    spec.metric_name) != loop.active_triggers.end();
      auto it = loop.status.triggers_activity.find(spec.metric_name);
      if (it == loop.status.triggers_activity.end()) {
        loop.status.triggers_activity[spec.metric_name].is_active = active;
      } else {
        it->second.is_active = active;
      }
    }
  }
  if (loop.scalers_built) {
    loop.status.external_metric_names.resize(external);
    loop.status.resource_metric_names.resize(resource);
  }
}

bool ScaledObjectController::PollLoop(Loop& loop) {
  const keda::ScaledObject* so = ObjectOf(loop);
  if (so == nullptr) {
    cluster::ObjectKey key = loop.key;
    StopLoop(key.namespace_, key.name);
    return false;
  }
  if (!loop.status_synced && loop.status != so->status) loop.status = so->status;
  if (!AreInitialized(loop.status.conditions)) loop.status.conditions = InitializedConditions();
  const bool fallback_was_active = IsConditionTrue(so->status.conditions, kConditionFallback);

  bool is_error = false;
  bool fallback_active = false;
  if (!loop.scalers_built) BuildScalers(loop, *so, is_error);
  bool active = CollectMetrics(loop, *so, /*hpa_sync=*/false, is_error, fallback_active);
  if (loop.cpu_memory_only && !is_error) active = true;

  if (fallback_active && !fallback_was_active) {
    writer_.RecordEvent(ReferenceOf(*so), cluster::kEventTypeNormal,
                        kReasonScaledObjectFallbackActivated,
                        std::string(kMessageFallbackActivated));
  } else if (!fallback_active && fallback_was_active) {
    writer_.RecordEvent(ReferenceOf(*so), cluster::kEventTypeNormal,
                        kReasonScaledObjectFallbackDeactivated,
                        std::string(kMessageFallbackDeactivated));
  }

  UpdateMetricStatus(loop);

  ScaleRequest request;
  request.is_active = active;
  request.is_error = is_error;
  request.active_triggers = loop.active_triggers;
  request.last_active_time = loop.last_active;
  request.creation_time = loop.creation;
  ScaleOutcome outcome = executor_.RequestScale(*so, request, loop.status);
  if (outcome.new_replicas.has_value() && *outcome.new_replicas != outcome.current_replicas) {
    // Explain the decision with the values behind it (scaling is rare; this is not the hot path).
    std::string values;
    for (const HpaMetric& m : loop.metrics) {
      if (m.spec->source != scalers::MetricSpec::Source::kExternal) continue;
      if (!values.empty()) values += ", ";
      values += m.spec->metric_name + "=" +
                (m.valid ? Quantity::FromMilli(m.value_milli).ToString() : std::string("error"));
    }
    spdlog::info("ScaledObject {}/{}: scaled {} from {} to {} (triggers {}; {})",
                 so->metadata.namespace_, so->metadata.name, so->spec.scale_target_ref.name,
                 outcome.current_replicas, *outcome.new_replicas, active ? "active" : "inactive",
                 values);
  }
  if (outcome.last_active_time.has_value()) {
    const bool same_second =
        loop.last_active.has_value() &&
        loop.last_active->unix_seconds() == outcome.last_active_time->unix_seconds() &&
        !loop.status.last_active_time.empty();
    loop.last_active = outcome.last_active_time;
    if (!same_second) loop.status.last_active_time = loop.last_active->ToRfc3339();
  }
  if (options_.hpa_timing == HpaTiming::kImmediate && outcome.replicas_known &&
      !keda::NeedToBePausedByAnnotation(so->metadata)) {
    cluster::Scale scale;
    scale.spec_replicas = outcome.new_replicas.value_or(outcome.current_replicas);
    scale.selector = outcome.selector;
    RunHpa(loop, *so, scale);
  }
  if (is_error) CloseScalers(loop);  // rebuilt (secrets re-resolved) at the next poll
  WriteStatus(loop, *so);
  return true;
}

void ScaledObjectController::SyncHpaLoop(Loop& loop) {
  const keda::ScaledObject* so = ObjectOf(loop);
  if (so == nullptr) return;
  if (!loop.status_synced && loop.status != so->status) loop.status = so->status;
  if (!AreInitialized(loop.status.conditions)) loop.status.conditions = InitializedConditions();
  Result<cluster::Scale> scale = state_.GetScale(TargetOf(*so));
  if (!scale) return;
  bool is_error = false;
  bool fallback_active = false;
  if (scale->spec_replicas > 0) {
    // The cluster's HPA asks the metrics server, which queries the scalers again (unless the
    // trigger uses cached metrics); at zero replicas it does not ask at all.
    if (!loop.scalers_built) BuildScalers(loop, *so, is_error);
    CollectMetrics(loop, *so, /*hpa_sync=*/true, is_error, fallback_active);
  } else {
    loop.metrics.clear();
  }
  RunHpa(loop, *so, *scale);
  if (is_error) CloseScalers(loop);
  WriteStatus(loop, *so);
}

}  // namespace tidepool::autoscaling
