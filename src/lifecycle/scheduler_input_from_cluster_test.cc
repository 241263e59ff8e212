// The cluster -> SchedulerInput assembly the provisioner and disruption share.
#include "lifecycle/scheduler_input_from_cluster.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "api/karpenter/labels.h"
#include "api/tolerations.h"
#include "lifecycle/provisioning_test_util.h"

namespace tidepool::lifecycle {
namespace {

using testing::DefaultNodePool;
using testing::MakeTaint;
using testing::ProvisioningTest;

class SchedulerInputFromClusterTest : public ProvisioningTest {
 protected:
  void SetUp() override {
    AddNodePool(DefaultNodePool());
    AddPod();
    ASSERT_TRUE(provisioner().Provision().has_value());
    LaunchAndRegister();  // node ip-0 for claim default-*
    ASSERT_TRUE(kube_.Reconcile().has_value());
  }
  const scheduling::ExistingNodeInput* Find(const ClusterSchedulingInput& in,
                                            std::string_view name) {
    for (const scheduling::ExistingNodeInput& e : in.input.existing_nodes) {
      if (e.name == name) return &e;
    }
    return nullptr;
  }
  std::string Bind(const std::string& pod, const std::string& node) {
    EXPECT_TRUE(state_.BindPod("default", pod, node).has_value());
    return pod;
  }
};

TEST_F(SchedulerInputFromClusterTest, NodesClaimsAndPods) {
  std::string bound = Bind(AddPod(), "ip-0");
  std::string finished = Bind(AddPod(), "ip-0");
  state_.GetMutable<api::Pod>("default", finished)->status.phase = "Succeeded";
  // An in-flight claim without a Node.
  api::NodeClaim in_flight;
  in_flight.metadata.name = "default-inflight";
  in_flight.metadata.labels[std::string(api::kNodePoolLabelKey)] = "default";
  state_.Put(in_flight);
  // A static pool is not provisioned for.
  api::NodePool fixed = DefaultNodePool("fixed");
  fixed.spec.replicas = 3;
  AddNodePool(fixed);

  ClusterSchedulingInput in = SchedulerInputFromCluster(state_, cloud_);
  ASSERT_EQ(in.input.node_pools.size(), 1u);
  EXPECT_EQ(in.input.node_pools[0].node_pool->metadata.name, "default");
  EXPECT_EQ(in.input.node_pools[0].instance_types.size(), cloud_.types.size());
  ASSERT_EQ(in.input.existing_nodes.size(), 2u);
  const scheduling::ExistingNodeInput* node = Find(in, "ip-0");
  ASSERT_NE(node, nullptr);
  ASSERT_NE(node->node_claim, nullptr);
  EXPECT_TRUE(node->initialized);
  EXPECT_FALSE(node->marked_for_deletion);
  EXPECT_EQ(node->pods.size(), 2u);  // the first pod and `bound`; not the finished one
  const scheduling::ExistingNodeInput* claim = Find(in, "default-inflight");
  ASSERT_NE(claim, nullptr);
  EXPECT_EQ(claim->node, nullptr);
  EXPECT_FALSE(claim->initialized);
  EXPECT_TRUE(in.pending_pods.empty());
  EXPECT_TRUE(in.deleting_node_pods.empty());
}

// A node tainted karpenter.sh/disrupted belongs to a disruption command: marked for deletion,
// its reschedulable pods (not DaemonSet pods) simulated with the pending ones.
TEST_F(SchedulerInputFromClusterTest, DisruptedNodeIsMarkedForDeletion) {
  std::string daemon = Bind(AddPod(), "ip-0");
  api::OwnerReference owner;
  owner.api_version = "apps/v1";
  owner.kind = "DaemonSet";
  owner.name = "ds";
  state_.GetMutable<api::Pod>("default", daemon)->metadata.owner_references.push_back(owner);
  api::Node node = *state_.Get<api::Node>("", "ip-0");
  node.spec.taints.push_back(MakeTaint(std::string(api::kDisruptedTaintKey), "", "NoSchedule"));
  state_.Put(node);
  ClusterSchedulingInput in = SchedulerInputFromCluster(state_, cloud_);
  ASSERT_NE(Find(in, "ip-0"), nullptr);
  EXPECT_TRUE(Find(in, "ip-0")->marked_for_deletion);
  ASSERT_EQ(in.deleting_node_pods.size(), 1u);
  EXPECT_EQ(in.deleting_node_pods[0]->metadata.name, pods_[0]->metadata.name);
}

// Nominated pods count on their nominee (by node name or by claim name) and are not pending;
// a nomination to a deleting nominee is stale and the pod is pending again.
TEST_F(SchedulerInputFromClusterTest, NominatedPodsCountOnTheirNominee) {
  std::string claim = state_.NodeClaimForNode("ip-0")->metadata.name;
  std::string by_node = AddPod();
  std::string by_claim = AddPod();
  std::string stale = AddPod();
  ASSERT_TRUE(state_.NominatePod("default", by_node, "ip-0").has_value());
  ASSERT_TRUE(state_.NominatePod("default", by_claim, claim).has_value());
  ASSERT_TRUE(state_.NominatePod("default", stale, "gone").has_value());
  ClusterSchedulingInput in = SchedulerInputFromCluster(state_, cloud_);
  EXPECT_EQ(in.nominated_pods.size(), 2u);
  EXPECT_EQ(Find(in, "ip-0")->pods.size(), 3u);
  ASSERT_EQ(in.pending_pods.size(), 1u);
  EXPECT_EQ(in.pending_pods[0]->metadata.name, stale);

  api::Node node = *state_.Get<api::Node>("", "ip-0");
  node.metadata.finalizers.push_back(std::string(api::kTerminationFinalizer));
  state_.Put(node);
  ASSERT_TRUE(state_.DeleteNode("ip-0").has_value());
  EXPECT_FALSE(IsNominationLive(state_, "ip-0"));
  EXPECT_FALSE(IsNominationLive(state_, claim));
  in = SchedulerInputFromCluster(state_, cloud_);
  EXPECT_TRUE(in.nominated_pods.empty());
  EXPECT_EQ(in.pending_pods.size(), 3u);
}

TEST_F(SchedulerInputFromClusterTest, InitializationFollowsTheClaim) {
  const api::Node* node = state_.Get<api::Node>("", "ip-0");
  const api::NodeClaim* claim = state_.NodeClaimForNode("ip-0");
  EXPECT_TRUE(IsNodeInitialized(*node, claim));
  api::Node unlabelled = *node;
  unlabelled.metadata.labels.erase(std::string(api::kNodeInitializedLabelKey));
  EXPECT_FALSE(IsNodeInitialized(unlabelled, claim));
  api::NodeClaim initialized = *claim;
  api::StatusCondition condition;
  condition.type = "Initialized";
  condition.status = "True";
  initialized.status.conditions.push_back(condition);
  EXPECT_TRUE(IsNodeInitialized(unlabelled, &initialized));
  // An unmanaged node (no claim, no nodepool label) is always initialized.
  unlabelled.metadata.labels.erase(std::string(api::kNodePoolLabelKey));
  EXPECT_TRUE(IsNodeInitialized(unlabelled, nullptr));
}

// The disruption simulator's use: NodePools resolved by the caller, nodes its queue holds
// counted as deleting before their taint is seen, and its own rule for which pods move.
TEST_F(SchedulerInputFromClusterTest, CallerNodePoolsAndDeletionRules) {
  std::string kept = Bind(AddPod(), "ip-0");
  std::vector<scheduling::NodePoolInput> pools;
  pools.push_back(scheduling::NodePoolInput{state_.Get<api::NodePool>("", "default"), {}});
  ClusterInputOptions options;
  options.also_marked_for_deletion = [](const api::Node& node) {
    return node.metadata.name == "ip-0";
  };
  options.currently_reschedulable = [&kept](const api::Pod& pod) {
    return pod.metadata.name != kept;
  };
  ClusterSchedulingInput in = SchedulerInputFromCluster(state_, std::move(pools), options);
  ASSERT_EQ(in.input.node_pools.size(), 1u);
  EXPECT_TRUE(in.input.node_pools[0].instance_types.empty());  // as given, not looked up
  EXPECT_TRUE(in.skipped_node_pools.empty());
  ASSERT_NE(Find(in, "ip-0"), nullptr);
  EXPECT_TRUE(Find(in, "ip-0")->marked_for_deletion);
  ASSERT_EQ(in.deleting_node_pods.size(), 1u);
  EXPECT_EQ(in.deleting_node_pods[0]->metadata.name, pods_[0]->metadata.name);

  // Without the options the same cluster has nothing deleting.
  in = SchedulerInputFromCluster(state_, cloud_);
  EXPECT_FALSE(Find(in, "ip-0")->marked_for_deletion);
  EXPECT_TRUE(in.deleting_node_pods.empty());
}

// A second claim naming a registered node in status.nodeName is not an in-flight node: its
// capacity is the node's, already counted.
TEST_F(SchedulerInputFromClusterTest, ClaimOfARegisteredNodeIsNotInFlight) {
  api::NodeClaim duplicate = *state_.NodeClaimForNode("ip-0");
  duplicate.metadata.name = "default-duplicate";
  duplicate.metadata.uid = "uid-duplicate";
  duplicate.status.provider_id = "";
  ASSERT_EQ(duplicate.status.node_name, "ip-0");
  state_.Put(duplicate);
  ClusterSchedulingInput in = SchedulerInputFromCluster(state_, cloud_);
  ASSERT_EQ(in.input.existing_nodes.size(), 1u);
  EXPECT_NE(in.input.existing_nodes[0].node, nullptr);  // no claim-only (in-flight) entry
}

}  // namespace
}  // namespace tidepool::lifecycle
