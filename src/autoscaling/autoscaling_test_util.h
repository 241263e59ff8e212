// Shared helpers for the autoscaling tests: ScaledObjects, ScaledJobs and workloads shaped like
// the fixtures of KEDA's executor and handler tests, and a fake scaler that returns injected
// values and errors and counts its calls (Karpenter/KEDA style fakes, not mocks). Included by
// *_test.cc files only.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "api/keda/scaled_job.h"
#include "api/keda/scaled_object.h"
#include "autoscaling/scaler_builder.h"
#include "cluster/cluster_state.h"
#include "core/quantity.h"
#include "scalers/scaler.h"

namespace tidepool::autoscaling::testing {

inline api::keda::ScaledObject MakeScaledObject(std::string name = "name",
                                                std::string ns = "namespace",
                                                std::string target = "name") {
  api::keda::ScaledObject so;
  so.api_version = "keda.sh/v1alpha1";
  so.kind = "ScaledObject";
  so.metadata.name = std::move(name);
  so.metadata.namespace_ = std::move(ns);
  so.metadata.generation = 1;
  so.metadata.creation_timestamp = "1970-01-01T00:00:00Z";
  so.spec.scale_target_ref.name = std::move(target);
  return so;
}

inline api::Deployment MakeDeployment(std::string name, std::string ns, int32_t replicas) {
  api::Deployment d;
  d.api_version = "apps/v1";
  d.kind = "Deployment";
  d.metadata.name = name;
  d.metadata.namespace_ = std::move(ns);
  d.spec.replicas = replicas;
  d.spec.selector = api::LabelSelector();
  d.spec.selector->match_labels = {{"app", name}};
  return d;
}

inline api::keda::ScaleTrigger MakeTrigger(std::string type = "fake", std::string name = "") {
  api::keda::ScaleTrigger t;
  t.type = std::move(type);
  t.name = std::move(name);
  return t;
}

// A trigger's behaviour, shared between the test and the scalers built for it (builds happen
// again after errors, as upstream rebuilds scalers).
struct FakeTriggerState {
  std::string metric_name = "s0-queueLength";
  scalers::MetricTargetType target_type = scalers::MetricTargetType::kAverageValue;
  double target = 5;
  double activation = 0;
  double value = 0;
  std::optional<Error> error;        // returned by GetMetricsAndActivity while set
  std::optional<Error> build_error;  // returned by the builder while set
  // Resource (cpu/memory) trigger: a Resource metric spec, active always, no metrics.
  bool resource = false;
  int calls = 0;
  int builds = 0;
  int closes = 0;
};

class FakeScaler : public scalers::Scaler {
 public:
  explicit FakeScaler(FakeTriggerState& state) : state_(state) {}
  std::vector<scalers::MetricSpec> GetMetricSpecForScaling() override {
    scalers::MetricSpec spec;
    spec.metric_name = state_.metric_name;
    spec.target_type = state_.target_type;
    spec.target_value = Quantity::FromMilli(static_cast<int64_t>(state_.target * 1000));
    if (state_.resource) {
      spec.source = scalers::MetricSpec::Source::kResource;
      spec.target_type = scalers::MetricTargetType::kUtilization;
      spec.target_utilization = static_cast<int32_t>(state_.target);
    }
    return {spec};
  }
  Result<scalers::MetricsAndActivity> GetMetricsAndActivity(std::string_view) override {
    ++state_.calls;
    if (state_.error) return Fail(*state_.error);
    scalers::MetricsAndActivity out;
    if (state_.resource) {
      out.active = true;
      return out;
    }
    out.metrics.push_back({state_.metric_name,
                           Quantity::FromMilli(static_cast<int64_t>(state_.value * 1000)), Time()});
    out.active = state_.value > state_.activation;
    return out;
  }
  Status Close() override {
    ++state_.closes;
    return OkStatus();
  }

 private:
  FakeTriggerState& state_;
};

// Builds FakeScalers for triggers by their index; a missing state is a build error.
class FakeScalerBuilder : public ScalerBuilder {
 public:
  Result<std::unique_ptr<scalers::Scaler>> Build(const api::Object&, const api::keda::ScaleTrigger&,
                                                 int trigger_index) override {
    auto it = triggers.find(trigger_index);
    if (it == triggers.end()) return Fail(ErrorCode::kNotFound, "no fake trigger");
    ++it->second.builds;
    if (it->second.build_error) return Fail(*it->second.build_error);
    return std::make_unique<FakeScaler>(it->second);
  }
  std::map<int, FakeTriggerState> triggers;
};

}  // namespace tidepool::autoscaling::testing
