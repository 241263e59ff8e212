#include "lifecycle/simulated_kubelet.h"

#include <gtest/gtest.h>

#include <string>

#include "api/tolerations.h"
#include "api/well_known_labels.h"
#include "cloud/fake_catalog.h"
#include "cloud/simulated_cloud_provider.h"
#include "cluster/cluster_state.h"
#include "core/simulated_clock.h"
#include "lifecycle/nodeclaim_lifecycle.h"

namespace tidepool::lifecycle {
namespace {

api::Taint MakeTaint(std::string key, std::string effect) {
  api::Taint t;
  t.key = std::move(key);
  t.effect = std::move(effect);
  return t;
}

bool HasTaintKey(const api::Node& node, std::string_view key) {
  for (const api::Taint& t : node.spec.taints) {
    if (t.key == key) return true;
  }
  return false;
}

class SimulatedKubeletTest : public ::testing::Test {
 protected:
  SimulatedKubeletTest()
      : cloud_(clock_, cloud::fake::DefaultInstanceTypes(),
               cloud::SimulatedCloudOptions{.well_known_labels = &cloud::fake::WellKnownLabels()}),
        kubelet_(state_, state_, cloud_, clock_) {}

  // A claim launched in the cloud at the current time, as the lifecycle controller leaves it.
  std::string Launch(std::string name, std::vector<api::Taint> startup_taints = {}) {
    api::NodeClaim claim;
    claim.metadata.name = std::move(name);
    claim.metadata.labels[std::string(api::kNodePoolLabelKey)] = "default";
    claim.spec.taints = {MakeTaint("dedicated", "NoSchedule")};
    claim.spec.startup_taints = std::move(startup_taints);
    auto launched = cloud_.Create(claim);
    EXPECT_TRUE(launched);
    auto created = state_.CreateNodeClaim(*launched);
    EXPECT_TRUE(created);
    return *created;
  }

  const api::Node* Node(std::string_view name) { return state_.Get<api::Node>("", name); }

  SimulatedClock clock_{Time::FromUnixSeconds(1'700'000'000)};
  cluster::ClusterState state_{clock_};
  cloud::SimulatedCloudProvider cloud_;
  SimulatedKubelet kubelet_;
};

TEST_F(SimulatedKubeletTest, RegistersTheNodeAfterTheRegistrationDelay) {
  const std::string name = Launch("nc-1");
  EXPECT_EQ(kubelet_.Reconcile(), Duration::Seconds(1));  // capped by the poll interval
  EXPECT_EQ(Node(name), nullptr);
  clock_.Advance(Duration::Seconds(29));
  kubelet_.Reconcile();
  EXPECT_EQ(Node(name), nullptr);
  clock_.Advance(Duration::Seconds(1));
  kubelet_.Reconcile();
  const api::Node* node = Node(name);
  ASSERT_NE(node, nullptr);
  const api::NodeClaim& claim = *state_.Get<api::NodeClaim>("", name);
  EXPECT_EQ(node->spec.provider_id, claim.status.provider_id);
  EXPECT_EQ(node->metadata.labels.at(std::string(api::kLabelHostname)), name);
  EXPECT_EQ(node->metadata.labels.at(std::string(api::kLabelInstanceTypeStable)),
            "small-instance-type");
  EXPECT_EQ(node->status.allocatable, claim.status.allocatable);
  EXPECT_EQ(node->status.capacity, claim.status.capacity);
  EXPECT_TRUE(HasTaintKey(*node, api::kUnregisteredTaintKey));
  EXPECT_TRUE(HasTaintKey(*node, "dedicated"));
  EXPECT_EQ(node->ReadyStatus(), "False");
  EXPECT_EQ(state_.NodeByProviderId(claim.status.provider_id), node);
  EXPECT_EQ(kubelet_.nodes_created(), 1u);
  // Registering is done once.
  kubelet_.Reconcile();
  EXPECT_EQ(kubelet_.nodes_created(), 1u);
}

TEST_F(SimulatedKubeletTest, MarksReadyAndRemovesStartupTaintsOnSchedule) {
  const std::string name = Launch("nc-1", {MakeTaint("example.com/cni", "NoSchedule")});
  SimulatedKubelet slow(state_, state_, cloud_, clock_,
                        SimulatedKubeletOptions{.poll_interval = Duration::Hours(1)});
  EXPECT_EQ(slow.Reconcile(), Duration::Seconds(30));
  clock_.Advance(Duration::Seconds(30));
  EXPECT_EQ(slow.Reconcile(), Duration::Seconds(10));
  ASSERT_NE(Node(name), nullptr);
  EXPECT_TRUE(HasTaintKey(*Node(name), "example.com/cni"));
  clock_.Advance(Duration::Seconds(10));
  EXPECT_EQ(slow.Reconcile(), Duration::Seconds(5));
  EXPECT_EQ(Node(name)->ReadyStatus(), "True");
  EXPECT_TRUE(HasTaintKey(*Node(name), "example.com/cni"));
  clock_.Advance(Duration::Seconds(5));
  EXPECT_EQ(slow.Reconcile(), Duration::Hours(1));
  EXPECT_FALSE(HasTaintKey(*Node(name), "example.com/cni"));
  EXPECT_TRUE(HasTaintKey(*Node(name), "dedicated"));  // not a startup taint
}

TEST_F(SimulatedKubeletTest, ANodeWhoseInstanceIsGoneTurnsNotReady) {
  const std::string name = Launch("nc-1");
  clock_.Advance(Duration::Seconds(40));
  kubelet_.Reconcile();
  ASSERT_EQ(Node(name)->ReadyStatus(), "True");
  ASSERT_TRUE(cloud_.TerminateInstance(Node(name)->spec.provider_id));
  kubelet_.Reconcile();
  EXPECT_EQ(Node(name)->ReadyStatus(), "Unknown");
  EXPECT_EQ(kubelet_.nodes_lost(), 1u);
  kubelet_.Reconcile();
  EXPECT_EQ(kubelet_.nodes_lost(), 1u);
}

TEST_F(SimulatedKubeletTest, IgnoresDeletingClaimsUnlaunchedClaimsAndForeignNodes) {
  api::NodeClaim unlaunched;
  unlaunched.metadata.name = "pending";
  ASSERT_TRUE(state_.CreateNodeClaim(unlaunched));
  const std::string deleting = Launch("deleting");
  api::NodeClaim with_finalizer = *state_.Get<api::NodeClaim>("", deleting);
  with_finalizer.metadata.finalizers.push_back("karpenter.sh/termination");
  ASSERT_TRUE(state_.UpdateNodeClaim(with_finalizer));
  ASSERT_TRUE(state_.DeleteNodeClaim(deleting));
  api::Node foreign;
  foreign.metadata.name = "foreign";
  foreign.spec.provider_id = "aws:///us-east-1a/i-0abc";
  ASSERT_TRUE(state_.CreateNode(foreign));

  clock_.Advance(Duration::Minutes(5));
  kubelet_.Reconcile();
  EXPECT_EQ(Node("pending"), nullptr);
  EXPECT_EQ(Node(deleting), nullptr);
  EXPECT_EQ(Node("foreign")->ReadyStatus(), "");  // untouched
  EXPECT_EQ(kubelet_.nodes_created(), 0u);
}

// The world and Karpenter together on the clock: a NodeClaim is launched, its Node registers,
// turns Ready, loses its startup taint, and the claim ends up Initialized.
TEST_F(SimulatedKubeletTest, EndToEndWithTheLifecycleController) {
  NodeClaimLifecycleController lifecycle(state_, state_, state_, cloud_, clock_);
  api::NodeClaim claim;
  claim.metadata.name = "nc-1";
  claim.metadata.labels[std::string(api::kNodePoolLabelKey)] = "default";
  claim.spec.startup_taints = {MakeTaint("example.com/cni", "NoSchedule")};
  ASSERT_TRUE(state_.CreateNodeClaim(claim));
  lifecycle.Start();
  kubelet_.Start();

  clock_.Advance(Duration::Seconds(31));
  const api::NodeClaim* nc = state_.Get<api::NodeClaim>("", "nc-1");
  ASSERT_NE(nc, nullptr);
  ASSERT_NE(Node("nc-1"), nullptr);
  EXPECT_EQ(nc->status.node_name, "nc-1");
  EXPECT_FALSE(HasTaintKey(*Node("nc-1"), api::kUnregisteredTaintKey));
  EXPECT_EQ(lifecycle.initialized(), 0u);

  clock_.Advance(Duration::Seconds(20));
  nc = state_.Get<api::NodeClaim>("", "nc-1");
  EXPECT_EQ(lifecycle.initialized(), 1u);
  EXPECT_EQ(Node("nc-1")->metadata.labels.at(std::string(api::kNodeInitializedLabelKey)), "true");
  EXPECT_TRUE(api::IsConditionTrue(*nc, api::kConditionTypeReady));
  // Liveness never fires for it.
  clock_.Advance(Duration::Minutes(30));
  EXPECT_TRUE(state_.Get<api::NodeClaim>("", "nc-1")->metadata.deletion_timestamp.empty());
}

// Nodes named after their instance: registration still links them through the providerID and
// records the Node's name in status.nodeName.
TEST_F(SimulatedKubeletTest, NodesNamedAfterTheInstanceRegisterThroughTheProviderId) {
  SimulatedKubelet kubelet(state_, state_, cloud_, clock_,
                           SimulatedKubeletOptions{.name_nodes_after_instance = true});
  NodeClaimLifecycleController lifecycle(state_, state_, state_, cloud_, clock_);
  api::NodeClaim claim;
  claim.metadata.name = "nc-1";
  ASSERT_TRUE(state_.CreateNodeClaim(claim));
  lifecycle.Start();
  kubelet.Start();
  clock_.Advance(Duration::Seconds(45));
  const api::NodeClaim* nc = state_.Get<api::NodeClaim>("", "nc-1");
  ASSERT_NE(nc, nullptr);
  EXPECT_EQ(nc->status.node_name, "i-00000000000000001");
  ASSERT_NE(Node("i-00000000000000001"), nullptr);
  EXPECT_EQ(Node("nc-1"), nullptr);
  EXPECT_EQ(state_.NodeClaimForNode("i-00000000000000001"), nc);
  EXPECT_EQ(lifecycle.initialized(), 1u);
}

// An instance whose kubelet never joins: after the 15-minute registration timeout the lifecycle
// controller deletes the claim.
TEST_F(SimulatedKubeletTest, AnInstanceThatNeverRegistersIsReapedByLiveness) {
  NodeClaimLifecycleController lifecycle(state_, state_, state_, cloud_, clock_);
  api::NodeClaim claim;
  claim.metadata.name = "nc-1";
  ASSERT_TRUE(state_.CreateNodeClaim(claim));
  ASSERT_EQ(lifecycle.Reconcile(), Duration::Seconds(1));  // launched
  kubelet_.NeverRegister(state_.Get<api::NodeClaim>("", "nc-1")->status.provider_id);
  lifecycle.Start();
  kubelet_.Start();
  clock_.Advance(Duration::Minutes(14));
  EXPECT_EQ(Node("nc-1"), nullptr);
  EXPECT_TRUE(state_.Get<api::NodeClaim>("", "nc-1")->metadata.deletion_timestamp.empty());
  clock_.Advance(Duration::Minutes(1));
  EXPECT_FALSE(state_.Get<api::NodeClaim>("", "nc-1")->metadata.deletion_timestamp.empty());
  EXPECT_EQ(lifecycle.deleted_registration_timeout(), 1u);
}

}  // namespace
}  // namespace tidepool::lifecycle
