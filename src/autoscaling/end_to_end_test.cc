// The autoscaling layer end to end, with nothing faked but the event sources: manifests decoded
// as the loader decodes them, the real scaler registry (simulated SQS source, the real cron
// scaler over the system's tz database), authentication resolved from a Secret, the real HPA
// maths, all on a simulated clock.
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "api/k8s/k8s_kinds.h"
#include "api/keda/keda_kinds.h"
#include "api/testing/object_test_util.h"
#include "autoscaling/registry_scaler_builder.h"
#include "autoscaling/scaled_object_controller.h"
#include "core/simulated_clock.h"
#include "scalers/registry.h"
#include "scalers/simulated_scaler.h"

namespace tidepool::autoscaling {
namespace {

const api::testing::KindCodec& Kinds() {
  static const auto* kinds =
      new api::testing::KindCodec({&api::RegisterCoreKinds, &api::keda::RegisterKedaKinds});
  return *kinds;
}

constexpr std::string_view kQueueUrl = "https://sqs.us-east-1.amazonaws.com/123456789012/orders";

// A world of queues: a fixed depth per (source, address), counting reads.
class QueueWorld : public scalers::MetricWorld {
 public:
  Result<double> Read(std::string_view source, std::string_view address) override {
    ++reads;
    auto it = depth.find(std::string(source) + " " + std::string(address));
    if (it == depth.end()) return Fail(ErrorCode::kNotFound, "no such queue");
    return it->second;
  }
  std::map<std::string, double> depth;
  int reads = 0;
};

constexpr std::string_view kDeployment = R"(
apiVersion: apps/v1
kind: Deployment
metadata: {name: worker, namespace: shop}
spec:
  replicas: 0
  selector: {matchLabels: {app: worker}}
  template:
    metadata: {labels: {app: worker}}
    spec:
      containers:
      - name: worker
        image: worker:1
        env:
        - {name: QUEUE_URL, value: "https://sqs.us-east-1.amazonaws.com/123456789012/orders"}
)";

constexpr std::string_view kSecret = R"(
apiVersion: v1
kind: Secret
metadata: {name: aws-creds, namespace: shop}
stringData: {AWS_ACCESS_KEY_ID: AKIDEXAMPLE, AWS_SECRET_ACCESS_KEY: very-secret-value}
)";

constexpr std::string_view kTriggerAuth = R"(
apiVersion: keda.sh/v1alpha1
kind: TriggerAuthentication
metadata: {name: aws-auth, namespace: shop}
spec:
  secretTargetRef:
  - {parameter: awsAccessKeyID, name: aws-creds, key: AWS_ACCESS_KEY_ID}
  - {parameter: awsSecretAccessKey, name: aws-creds, key: AWS_SECRET_ACCESS_KEY}
)";

// The article's shape: SQS queue, queueLength 5, from zero, max 50; the queue URL comes from the
// container's environment (queueURLFromEnv).
constexpr std::string_view kScaledObject = R"(
apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata: {name: worker, namespace: shop}
spec:
  scaleTargetRef: {name: worker}
  pollingInterval: 30
  cooldownPeriod: 300
  minReplicaCount: 0
  maxReplicaCount: 50
  triggers:
  - type: aws-sqs-queue
    authenticationRef: {name: aws-auth}
    metadata:
      queueURLFromEnv: QUEUE_URL
      queueLength: "5"
      awsRegion: us-east-1
)";

class EndToEndTest : public ::testing::Test {
 protected:
  EndToEndTest()
      : clock_(Time::FromUnixSeconds(1'799'990'000)),  // 2027-01-15T05:13:20Z
        state_(clock_),
        registry_(scalers::SimulatedRegistry(world_)),
        builder_(registry_, state_, clock_) {}

  void Load(std::string_view so_yaml) {
    state_.Put(Kinds().DecodeOk<api::Deployment>(kDeployment));
    state_.Put(Kinds().DecodeOk<api::Secret>(kSecret));
    state_.Put(Kinds().DecodeOk<api::keda::TriggerAuthentication>(kTriggerAuth));
    state_.Put(Kinds().DecodeOk<api::keda::ScaledObject>(so_yaml));
  }
  void Start(HpaTiming timing) {
    ScaledObjectControllerOptions options;
    options.hpa_timing = timing;
    controller_ =
        std::make_unique<ScaledObjectController>(clock_, state_, state_, builder_, options);
    controller_->ReconcileAll();
  }
  int32_t Replicas() { return *state_.Get<api::Deployment>("shop", "worker")->spec.replicas; }
  // The distinct replica counts seen while the clock runs for `seconds`, second by second.
  std::vector<int32_t> Run(int seconds) {
    std::vector<int32_t> seen = {Replicas()};
    for (int i = 0; i < seconds; ++i) {
      clock_.Advance(Duration::Seconds(1));
      if (Replicas() != seen.back()) seen.push_back(Replicas());
    }
    return seen;
  }

  SimulatedClock clock_;
  cluster::ClusterState state_;
  QueueWorld world_;
  scalers::Registry registry_;
  RegistryScalerBuilder builder_;
  std::unique_ptr<ScaledObjectController> controller_;
};

TEST_F(EndToEndTest, SqsBacklogRampsAsARealClusterInUpstreamMode) {
  world_.depth["aws-sqs-queue " + std::string(kQueueUrl)] = 250;
  Load(kScaledObject);
  Start(HpaTiming::kUpstream);
  // KEDA activates 0 -> 1; the HPA then doubles per 15 s sync (legacy limit max(2x, 4)) up to
  // ceil(250 / 5) = 50.
  EXPECT_EQ(Run(180), (std::vector<int32_t>{0, 1, 4, 8, 16, 32, 50}));
  EXPECT_GT(world_.reads, 0);
}

TEST_F(EndToEndTest, SqsBacklogJumpsDirectlyInImmediateMode) {
  world_.depth["aws-sqs-queue " + std::string(kQueueUrl)] = 250;
  Load(kScaledObject);
  Start(HpaTiming::kImmediate);
  EXPECT_EQ(Run(60), (std::vector<int32_t>{0, 50}));
}

TEST_F(EndToEndTest, DrainedQueueScalesToZeroAfterCooldown) {
  const std::string key = "aws-sqs-queue " + std::string(kQueueUrl);
  world_.depth[key] = 20;
  Load(kScaledObject);
  Start(HpaTiming::kImmediate);
  Run(30);
  EXPECT_EQ(Replicas(), 4);
  world_.depth[key] = 0;
  // Inactive from the next poll; zero once lastActiveTime + 300 s has passed, in one step.
  std::vector<int32_t> seen = Run(400);
  EXPECT_EQ(seen.back(), 0);
  EXPECT_EQ(Replicas(), 0);
}

TEST_F(EndToEndTest, SecretsFromTriggerAuthenticationNeverReachEventsOrStatus) {
  world_.depth["aws-sqs-queue " + std::string(kQueueUrl)] = 250;
  Load(kScaledObject);
  Start(HpaTiming::kImmediate);
  Run(90);
  ASSERT_FALSE(state_.events().events().empty());
  for (const cluster::Event& e : state_.events().events()) {
    EXPECT_EQ(e.String().find("very-secret-value"), std::string::npos) << e.String();
  }
  const auto& so = *state_.Get<api::keda::ScaledObject>("shop", "worker");
  std::string status = Kinds().Encode(so).dump();
  EXPECT_EQ(status.find("very-secret-value"), std::string::npos);
}

TEST_F(EndToEndTest, MissingQueueIsAnErrorThatKeepsTheTargetAtZero) {
  Load(kScaledObject);  // the world has no such queue
  Start(HpaTiming::kImmediate);
  Run(90);
  EXPECT_EQ(Replicas(), 0);
  bool failed = false;
  for (const cluster::Event& e : state_.events().events()) {
    if (e.reason == "KEDAScalerFailed") failed = true;
  }
  EXPECT_TRUE(failed);
}

// The cron scaler with a real time zone: 2027-01-15 is winter, so Europe/Berlin is UTC+1 and a
// 09:00-17:00 Berlin window is 08:00-16:00 UTC.
TEST_F(EndToEndTest, CronWindowInBerlinTimeScalesUpAndBackToZero) {
  clock_.AdvanceTo(*Time::ParseRfc3339("2027-01-15T07:59:00Z"));
  Load(R"(
apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata: {name: worker, namespace: shop}
spec:
  scaleTargetRef: {name: worker}
  pollingInterval: 30
  cooldownPeriod: 300
  triggers:
  - type: cron
    metadata: {timezone: Europe/Berlin, start: "0 9 * * *", end: "0 17 * * *", desiredReplicas: "7"}
)");
  Start(HpaTiming::kImmediate);
  EXPECT_EQ(Run(30), (std::vector<int32_t>{0}));  // 07:59:30 UTC: before the window
  Run(60);                                        // 08:00:30 UTC: inside
  EXPECT_EQ(Replicas(), 7);
  clock_.AdvanceTo(*Time::ParseRfc3339("2027-01-15T15:59:00Z"));
  EXPECT_EQ(Replicas(), 7);
  clock_.AdvanceTo(*Time::ParseRfc3339("2027-01-15T16:06:00Z"));  // window closed 16:00 + 300 s
  EXPECT_EQ(Replicas(), 0);
}

}  // namespace
}  // namespace tidepool::autoscaling
