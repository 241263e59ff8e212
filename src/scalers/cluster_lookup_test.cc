#include "scalers/cluster_lookup.h"

#include <gtest/gtest.h>

#include "core/simulated_clock.h"
#include "scalers/simulated_scaler.h"

namespace tidepool::scalers {
namespace {

class ClusterLookupTest : public ::testing::Test {
 protected:
  ClusterLookupTest() : state_(clock_) {
    api::Deployment d;
    d.metadata.namespace_ = "shop";
    d.metadata.name = "worker";
    api::Container c;
    c.name = "app";
    api::EnvVar queue;
    queue.name = "QUEUE_URL";
    queue.value = "https://sqs.eu-west-1.amazonaws.com/123/orders";
    c.env.push_back(queue);
    d.spec.template_.spec.containers.push_back(c);
    state_.Put(d);

    api::Secret s;
    s.metadata.namespace_ = "keda";
    s.metadata.name = "aws";
    s.data["region"] = api::EncodeBase64("eu-west-1");
    state_.Put(s);

    api::keda::ClusterTriggerAuthentication cta;
    cta.metadata.name = "aws-creds";
    api::keda::AuthTargetRef ref;
    ref.parameter = "awsRegion";
    ref.name = "aws";
    ref.key = "region";
    cta.spec.secret_target_ref.push_back(ref);
    state_.Put(cta);

    so_.metadata.namespace_ = "shop";
    so_.metadata.name = "orders";
    so_.spec.scale_target_ref.name = "worker";
    trigger_.type = "aws-sqs-queue";
    trigger_.metadata = {{"queueURLFromEnv", "QUEUE_URL"}};
    trigger_.authentication_ref = api::keda::AuthenticationRef{};
    trigger_.authentication_ref->name = "aws-creds";
    trigger_.authentication_ref->kind = "ClusterTriggerAuthentication";
  }

  SimulatedClock clock_{Time::FromUnixSeconds(1000)};
  cluster::ClusterState state_;
  api::keda::ScaledObject so_;
  api::keda::ScaleTrigger trigger_;
};

class ConstantWorld final : public MetricWorld {
 public:
  Result<double> Read(std::string_view, std::string_view address) override {
    last_address = std::string(address);
    return 42;
  }
  std::string last_address;
};

TEST_F(ClusterLookupTest, ResolvesEnvAndClusterTriggerAuthenticationFromState) {
  ClusterLookup lookup(state_);
  EXPECT_NE(lookup.GetSecret("keda", "aws"), nullptr);
  EXPECT_EQ(lookup.GetSecret("shop", "aws"), nullptr);
  EXPECT_NE(lookup.GetClusterTriggerAuthentication("aws-creds"), nullptr);

  Result<ScalableObjectRef> ref = ScalableObjectFor(so_, state_);
  ASSERT_TRUE(ref);
  ASSERT_NE(ref->pod_spec, nullptr);
  Result<ScalerConfig> config = BuildScalerConfig(*ref, trigger_, 0, lookup, clock_);
  ASSERT_TRUE(config);
  EXPECT_EQ(config->auth_params.at("awsRegion"), "eu-west-1");
  EXPECT_EQ(config->resolved_env.at("QUEUE_URL"), "https://sqs.eu-west-1.amazonaws.com/123/orders");

  ConstantWorld world;
  Registry registry = SimulatedRegistry(world);
  Result<std::unique_ptr<Scaler>> scaler =
      BuildScalerFromCluster(so_, trigger_, 0, state_, registry, clock_);
  ASSERT_TRUE(scaler) << scaler.error().message();
  EXPECT_EQ((*scaler)->GetMetricSpecForScaling()[0].metric_name, "s0-aws-sqs-orders");
  Result<MetricsAndActivity> m = (*scaler)->GetMetricsAndActivity("s0-aws-sqs-orders");
  ASSERT_TRUE(m);
  EXPECT_EQ(world.last_address, "https://sqs.eu-west-1.amazonaws.com/123/orders");
  EXPECT_TRUE(m->active);
}

TEST_F(ClusterLookupTest, MissingScaleTargetAndScaledJobTemplate) {
  so_.spec.scale_target_ref.name = "absent";
  Result<ScalableObjectRef> ref = ScalableObjectFor(so_, state_);
  ASSERT_FALSE(ref);
  EXPECT_EQ(ref.error().message(), "deployments.apps \"absent\" not found");

  so_.spec.scale_target_ref.api_version = "argoproj.io/v1alpha1";
  so_.spec.scale_target_ref.kind = "Rollout";
  Result<ScalableObjectRef> custom = ScalableObjectFor(so_, state_);
  ASSERT_TRUE(custom);
  EXPECT_EQ(custom->pod_spec, nullptr);

  api::keda::ScaledJob sj;
  sj.metadata.namespace_ = "shop";
  sj.metadata.name = "batch";
  sj.spec.env_source_container_name = "main";
  Result<ScalableObjectRef> job = ScalableObjectFor(sj, state_);
  ASSERT_TRUE(job);
  EXPECT_EQ(job->kind, "ScaledJob");
  EXPECT_EQ(job->pod_spec, &sj.spec.job_target_ref.template_.spec);
  EXPECT_EQ(job->env_source_container_name, "main");
}

}  // namespace
}  // namespace tidepool::scalers
