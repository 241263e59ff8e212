#include "disruption/expiration.h"

#include <gtest/gtest.h>

#include <string>

#include "api/k8s/node.h"
#include "api/well_known_labels.h"
#include "cluster/cluster_state.h"
#include "core/simulated_clock.h"

namespace tidepool::disruption {
namespace {

const Time kStart = Time::FromUnixSeconds(1'800'000'000);

// Ported from kubernetes-sigs/karpenter pkg/controllers/nodeclaim/expiration/suite_test.go: a
// NodeClaim of the default pool (expireAfter 30s) and its Node; a real ClusterState on a
// SimulatedClock.
class ExpirationTest : public ::testing::Test {
 protected:
  ExpirationTest() : clock_(kStart), state_(clock_), controller_(state_, state_, state_, clock_) {
    claim_.api_version = "karpenter.sh/v1";
    claim_.kind = "NodeClaim";
    claim_.metadata.name = "claim";
    claim_.metadata.labels[std::string(api::kNodePoolLabelKey)] = "default";
    claim_.spec.expire_after = NillableDuration{Duration::Seconds(30)};
    claim_.status.node_name = "node";
    claim_.status.provider_id = "fake:///node";
    node_.api_version = "v1";
    node_.kind = "Node";
    node_.metadata.name = "node";
    node_.spec.provider_id = "fake:///node";
  }

  const api::NodeClaim* Claim() { return state_.Get<api::NodeClaim>("", "claim"); }
  Result<std::optional<Duration>> ReconcileClaim() { return controller_.Reconcile(*Claim()); }
  int EventsWithReason(std::string_view reason) {
    int n = 0;
    for (const auto& e : state_.events().events()) n += e.reason == reason;
    return n;
  }

  SimulatedClock clock_;
  cluster::ClusterState state_;
  ExpirationController controller_;
  api::NodeClaim claim_;
  api::Node node_;
};

TEST_F(ExpirationTest, KarpenterRemovesExpiredNodeClaims) {
  state_.Put(claim_);
  clock_.Advance(Duration::Seconds(60));
  Result<std::optional<Duration>> requeue = ReconcileClaim();
  ASSERT_TRUE(requeue);
  EXPECT_FALSE(requeue->has_value());
  EXPECT_EQ(Claim(), nullptr);
}

TEST_F(ExpirationTest, KarpenterDoesNotRemoveWhenExpirationDisabled) {
  claim_.spec.expire_after = NillableDuration{};  // Never
  state_.Put(claim_);
  clock_.Advance(Duration::Hours(10'000));
  Result<std::optional<Duration>> requeue = ReconcileClaim();
  ASSERT_TRUE(requeue);
  EXPECT_FALSE(requeue->has_value());
  EXPECT_NE(Claim(), nullptr);
}

TEST_F(ExpirationTest, KarpenterDoesNotRemoveNonExpiredNodeClaims) {
  claim_.spec.expire_after = NillableDuration{Duration::Seconds(200)};
  state_.Put(claim_);
  ASSERT_TRUE(ReconcileClaim());
  EXPECT_NE(Claim(), nullptr);
}

TEST_F(ExpirationTest, KarpenterDeletesExpiredNodeClaimWhoseNodeIsNot) {
  state_.Put(claim_);
  clock_.Advance(Duration::Seconds(60));
  state_.Put(node_);  // the node is younger than the claim: only the claim counts
  ASSERT_TRUE(ReconcileClaim());
  EXPECT_EQ(Claim(), nullptr);
  // The event names both objects, as the disruption controller's Terminating events do.
  ASSERT_EQ(EventsWithReason("DisruptionTerminating"), 2);
  std::vector<std::string> messages;
  for (const auto& e : state_.events().events()) messages.push_back(e.message);
  EXPECT_NE(std::find(messages.begin(), messages.end(), "Disrupting NodeClaim: Expired"),
            messages.end());
  EXPECT_NE(std::find(messages.begin(), messages.end(), "Disrupting Node: Expired"),
            messages.end());
}

TEST_F(ExpirationTest, KarpenterReturnsRequeueUntilExpiry) {
  claim_.spec.expire_after = NillableDuration{Duration::Seconds(200)};
  state_.Put(claim_);
  clock_.Advance(Duration::Seconds(100));
  Result<std::optional<Duration>> requeue = ReconcileClaim();
  ASSERT_TRUE(requeue);
  EXPECT_EQ(*requeue, Duration::Seconds(100));
}

TEST_F(ExpirationTest, KarpenterDoesNotExpireSameNodeClaimTwice) {
  claim_.metadata.finalizers = {"test-finalizer"};
  state_.Put(claim_);
  clock_.Advance(Duration::Seconds(60));
  ASSERT_TRUE(ReconcileClaim());
  ASSERT_NE(Claim(), nullptr);  // the finalizer holds it; deletion has started
  EXPECT_FALSE(Claim()->metadata.deletion_timestamp.empty());
  EXPECT_EQ(EventsWithReason("DisruptionTerminating"), 1);
  ASSERT_TRUE(ReconcileClaim());
  EXPECT_EQ(EventsWithReason("DisruptionTerminating"), 1);
}

TEST_F(ExpirationTest, DefaultExpireAfterIs720Hours) {
  claim_.spec.expire_after.reset();
  state_.Put(claim_);
  EXPECT_EQ(ExpirationTime(*Claim()), kStart + Duration::Hours(720));
  clock_.Advance(Duration::Hours(720) - Duration::Seconds(1));
  ASSERT_TRUE(ReconcileClaim());
  EXPECT_NE(Claim(), nullptr);
  clock_.Advance(Duration::Seconds(1));
  ASSERT_TRUE(ReconcileClaim());
  EXPECT_EQ(Claim(), nullptr);
}

TEST_F(ExpirationTest, PeriodicPassWakesAtTheEarliestExpiry) {
  state_.Put(claim_);  // expires at +30s
  api::NodeClaim later = claim_;
  later.metadata.name = "later";
  later.spec.expire_after = NillableDuration{Duration::Hours(1)};
  state_.Put(later);
  EXPECT_EQ(controller_.Reconcile(), Duration::Seconds(30));
  controller_.Start();
  clock_.Advance(Duration::Seconds(29));
  EXPECT_NE(Claim(), nullptr);
  clock_.Advance(Duration::Seconds(1));
  EXPECT_EQ(Claim(), nullptr);
  EXPECT_NE(state_.Get<api::NodeClaim>("", "later"), nullptr);
  // Afterwards it wakes at least every max_period.
  EXPECT_EQ(controller_.Reconcile(), Duration::Minutes(1));
}

}  // namespace
}  // namespace tidepool::disruption
