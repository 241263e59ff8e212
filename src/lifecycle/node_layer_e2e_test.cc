// The node layer's provisioning half on one simulated clock: kube-scheduler, the provisioner, the
// NodeClaim lifecycle controller, the simulated cloud and kubelet, and interruption. Pending pods
// end up bound to nodes that did not exist; a spot interruption marks its offering unavailable
// and the interrupted node's pods get a replacement elsewhere.
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "api/well_known_labels.h"
#include "cloud/fake_catalog.h"
#include "cloud/simulated_cloud_provider.h"
#include "cluster/cluster_state.h"
#include "core/simulated_clock.h"
#include "lifecycle/interruption.h"
#include "lifecycle/kube_scheduler.h"
#include "lifecycle/nodeclaim_lifecycle.h"
#include "lifecycle/provisioner.h"
#include "lifecycle/simulated_kubelet.h"
#include "scheduling/scheduler_test_util.h"

namespace tidepool::lifecycle {
namespace {

using scheduling::testing::DefaultNodePool;
using scheduling::testing::PodOptions;
using scheduling::testing::Resources;

ProvisionerOptions FakeCatalogProvisionerOptions() {
  ProvisionerOptions options;
  options.well_known_labels = &cloud::fake::WellKnownLabels();
  return options;
}

SimulatedKubeletOptions KubeletOptions() {
  SimulatedKubeletOptions options;
  options.name_nodes_after_instance = true;  // node names differ from claim names
  return options;
}

class NodeLayerEndToEndTest : public scheduling::testing::SchedulingTest {
 protected:
  void StartAll() {
    state_.Put(DefaultNodePool());
    kube_.Start();
    provisioner_.Start();
    lifecycle_.Start();
    kubelet_.Start();
    interruption_.Start();
  }
  std::string AddFreshPod(PodOptions options = {}) {
    api::Pod pod = *NewPod(std::move(options));
    pod.status.conditions.clear();  // kube-scheduler has not seen it yet
    std::string name = pod.metadata.name;
    state_.Put(std::move(pod));
    return name;
  }
  const api::Pod& Pod(const std::string& name) const {
    return *state_.Get<api::Pod>("default", name);
  }

  SimulatedClock clock_{Time::FromUnixSeconds(1'800'000'000)};
  cluster::ClusterState state_{clock_};
  cloud::SimulatedCloudProvider cloud_{
      clock_, cloud::fake::DefaultInstanceTypes(),
      cloud::SimulatedCloudOptions{.well_known_labels = &cloud::fake::WellKnownLabels()}};
  InMemoryInterruptionQueue queue_;
  UnavailableOfferingsMarker marker_{cloud_.unavailable_offerings()};
  KubeScheduler kube_{state_, clock_};
  Provisioner provisioner_{state_, state_, state_, cloud_, clock_, FakeCatalogProvisionerOptions()};
  NodeClaimLifecycleController lifecycle_{state_, state_, state_, cloud_, clock_};
  SimulatedKubelet kubelet_{state_, state_, cloud_, clock_, KubeletOptions()};
  InterruptionController interruption_{state_, state_, state_, clock_, &queue_, &marker_};
};

TEST_F(NodeLayerEndToEndTest, PendingPodsGetNodesAndInterruptedSpotIsAvoided) {
  std::vector<std::string> pods;
  for (int i = 0; i < 10; ++i) pods.push_back(AddFreshPod({.requests = Resources({{"cpu", "1"}})}));
  StartAll();
  clock_.Advance(Duration::Minutes(2));
  std::set<std::string> nodes;
  for (const std::string& pod : pods) {
    ASSERT_FALSE(Pod(pod).spec.node_name.empty()) << pod;
    nodes.insert(Pod(pod).spec.node_name);
  }
  const size_t claims = state_.Store<api::NodeClaim>().size();
  EXPECT_EQ(claims, nodes.size());  // no claim was launched twice for the same pods
  EXPECT_EQ(cloud_.instances().size(), claims);

  // Interrupt the node of the first pod (whatever its capacity type, the warning marks spot).
  const api::Node* node = state_.Get<api::Node>("", Pod(pods[0]).spec.node_name);
  ASSERT_NE(node, nullptr);
  const api::NodeClaim* claim = state_.NodeClaimForNode(node->metadata.name);
  ASSERT_NE(claim, nullptr);
  const std::string claim_name = claim->metadata.name;
  std::set<std::string> before;
  for (const auto& [key, c] : state_.Store<api::NodeClaim>().items()) before.insert(key.name);
  const std::string type = node->metadata.labels.at(std::string(api::kLabelInstanceTypeStable));
  const std::string zone = node->metadata.labels.at(std::string(api::kLabelTopologyZone));
  InterruptionMessage message;
  message.kind = InterruptionKind::kSpotInterrupted;
  message.instance_ids = {std::string(InstanceIdFromProviderId(node->spec.provider_id))};
  ASSERT_TRUE(interruption_.Handle(message).has_value());
  EXPECT_TRUE(cloud_.unavailable_offerings().IsUnavailable(type, zone, "spot"));
  ASSERT_NE(state_.Get<api::NodeClaim>("", claim_name), nullptr);  // held by its finalizer
  EXPECT_FALSE(state_.Get<api::NodeClaim>("", claim_name)->metadata.deletion_timestamp.empty());

  // The deleting node's pods are provisioned for: a replacement launches, not on the interrupted
  // spot offering.
  clock_.Advance(Duration::Seconds(15));
  ASSERT_GT(state_.Store<api::NodeClaim>().size(), claims);
  for (const auto& [key, replacement] : state_.Store<api::NodeClaim>().items()) {
    if (before.count(key.name) != 0) continue;
    const auto& labels = replacement.metadata.labels;
    auto it_type = labels.find(std::string(api::kLabelInstanceTypeStable));
    auto it_zone = labels.find(std::string(api::kLabelTopologyZone));
    auto it_capacity = labels.find(std::string(api::kCapacityTypeLabelKey));
    ASSERT_TRUE(it_type != labels.end() && it_zone != labels.end() && it_capacity != labels.end())
        << replacement.metadata.name << " was not launched";
    EXPECT_FALSE(it_type->second == type && it_zone->second == zone &&
                 it_capacity->second == "spot")
        << replacement.metadata.name << " relaunched the interrupted offering";
  }
}

}  // namespace
}  // namespace tidepool::lifecycle
