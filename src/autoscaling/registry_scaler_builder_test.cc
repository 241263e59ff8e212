// The registry-backed builder with the scalers' real resolver and registry, and the rule that
// secret values never reach events, status or errors, checked end to end through the controller.
#include "autoscaling/registry_scaler_builder.h"

#include <gtest/gtest.h>

#include "autoscaling/autoscaling_test_util.h"
#include "autoscaling/scaled_object_controller.h"
#include "core/simulated_clock.h"

namespace tidepool::autoscaling {
namespace {

constexpr std::string_view kSecretValue = "hunter2-very-secret";

class RegistryScalerBuilderTest : public ::testing::Test {
 protected:
  RegistryScalerBuilderTest() : state_(clock_), registry_(scalers::DefaultRegistry()) {
    api::Secret secret;
    secret.metadata.name = "creds";
    secret.metadata.namespace_ = "ns";
    secret.data = {{"password", api::EncodeBase64(kSecretValue)}};
    state_.Put(secret);
    api::keda::TriggerAuthentication ta;
    ta.metadata.name = "auth";
    ta.metadata.namespace_ = "ns";
    api::keda::AuthTargetRef ref;
    ref.parameter = "password";
    ref.name = "creds";
    ref.key = "password";
    ta.spec.secret_target_ref.push_back(ref);
    state_.Put(ta);
    api::Deployment worker = testing::MakeDeployment("worker", "ns", 1);
    api::Container app;
    app.name = "app";
    worker.spec.template_.spec.containers.push_back(app);
    state_.Put(worker);
  }

  SimulatedClock clock_;
  cluster::ClusterState state_;
  scalers::Registry registry_;
  RegistryScalerBuilder builder_{registry_, state_, clock_};
};

TEST_F(RegistryScalerBuilderTest, BuildsACpuScalerForAScaledObject) {
  api::keda::ScaledObject so = testing::MakeScaledObject("so", "ns", "worker");
  api::keda::ScaleTrigger cpu = testing::MakeTrigger("cpu");
  cpu.metric_type = "Utilization";
  cpu.metadata = {{"value", "60"}};
  so.spec.triggers.push_back(cpu);
  Result<std::unique_ptr<scalers::Scaler>> scaler = builder_.Build(so, so.spec.triggers[0], 0);
  ASSERT_TRUE(scaler.has_value()) << scaler.error().message();
  std::vector<scalers::MetricSpec> specs = (*scaler)->GetMetricSpecForScaling();
  ASSERT_EQ(specs.size(), 1u);
  EXPECT_EQ(specs[0].source, scalers::MetricSpec::Source::kResource);
  EXPECT_EQ(specs[0].target_utilization, 60);
}

TEST_F(RegistryScalerBuilderTest, UnknownTypeIsAnErrorWithoutTheSecret) {
  api::keda::ScaledJob sj;
  sj.metadata.name = "sj";
  sj.metadata.namespace_ = "ns";
  api::Container app;
  app.name = "app";
  sj.spec.job_target_ref.template_.spec.containers.push_back(app);
  api::keda::ScaleTrigger trigger = testing::MakeTrigger("cpux");
  trigger.authentication_ref = api::keda::AuthenticationRef();
  trigger.authentication_ref->name = "auth";
  trigger.metadata = {{"value", "1"}};
  Result<std::unique_ptr<scalers::Scaler>> scaler = builder_.Build(sj, trigger, 0);
  ASSERT_FALSE(scaler.has_value());
  EXPECT_NE(scaler.error().message().find("cpux"), std::string::npos);
  EXPECT_EQ(scaler.error().message().find(kSecretValue), std::string::npos);
}

TEST_F(RegistryScalerBuilderTest, SecretsNeverReachEventsOrStatus) {
  api::keda::ScaledObject so = testing::MakeScaledObject("so", "ns", "worker");
  api::keda::ScaleTrigger trigger = testing::MakeTrigger("redis-typo");
  trigger.authentication_ref = api::keda::AuthenticationRef();
  trigger.authentication_ref->name = "auth";
  so.spec.triggers.push_back(trigger);
  state_.Put(so);
  ScaledObjectController controller(clock_, state_, state_, builder_);
  controller.ReconcileAll();
  clock_.Advance(Duration::Seconds(90));
  ASSERT_FALSE(state_.events().events().empty());
  bool scaler_failed = false;
  for (const cluster::Event& e : state_.events().events()) {
    EXPECT_EQ(e.message.find(kSecretValue), std::string::npos) << e.String();
    scaler_failed = scaler_failed || e.reason == "KEDAScalerFailed";
  }
  EXPECT_TRUE(scaler_failed);
  const auto* stored = state_.Get<api::keda::ScaledObject>("ns", "so");
  for (const api::keda::Condition& c : stored->status.conditions) {
    EXPECT_EQ(c.message.find(kSecretValue), std::string::npos) << c.message;
  }
}

}  // namespace
}  // namespace tidepool::autoscaling
