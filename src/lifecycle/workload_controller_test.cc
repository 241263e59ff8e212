#include "lifecycle/workload_controller.h"

#include <gtest/gtest.h>

#include "core/simulated_clock.h"

namespace tidepool::lifecycle {
namespace {

api::Deployment MakeDeployment(std::string name, int32_t replicas) {
  api::Deployment d;
  d.metadata.namespace_ = "shop";
  d.metadata.name = std::move(name);
  d.spec.replicas = replicas;
  d.spec.template_.metadata.labels = {{"app", d.metadata.name}};
  api::Container c;
  c.name = "app";
  c.image = "app";
  d.spec.template_.spec.containers.push_back(c);
  return d;
}

std::vector<const api::Pod*> Pods(const cluster::ClusterState& state, std::string_view kind,
                                  std::string_view name) {
  return state.PodsOwnedBy("shop", kind, name);
}

TEST(WorkloadControllerTest, CreatesPendingPodsFromTheTemplate) {
  SimulatedClock clock;
  cluster::ClusterState state(clock);
  state.Put(MakeDeployment("web", 3));
  WorkloadController controller(state, clock);
  WorkloadController::Changes changes = controller.Reconcile();
  EXPECT_EQ(changes.created, 3);
  auto pods = Pods(state, "Deployment", "web");
  ASSERT_EQ(pods.size(), 3u);
  for (const api::Pod* pod : pods) {
    EXPECT_EQ(pod->status.phase, "Pending");
    EXPECT_EQ(pod->metadata.labels.at("app"), "web");
    EXPECT_TRUE(pod->spec.node_name.empty());
    EXPECT_FALSE(pod->metadata.uid.empty());
  }
  EXPECT_EQ(controller.Reconcile().created, 0);
}

TEST(WorkloadControllerTest, ReplacesDeletedPods) {
  SimulatedClock clock;
  cluster::ClusterState state(clock);
  state.Put(MakeDeployment("web", 2));
  WorkloadController controller(state, clock);
  controller.Reconcile();
  std::string victim = Pods(state, "Deployment", "web")[0]->metadata.name;
  ASSERT_TRUE(state.DeletePod("shop", victim).has_value());
  EXPECT_EQ(controller.Reconcile().created, 1);
  EXPECT_EQ(Pods(state, "Deployment", "web").size(), 2u);
  EXPECT_EQ(state.Get<api::Pod>("shop", victim), nullptr);
}

// kubernetes pkg/controller/controller_utils_test.go TestSortingActivePods: unassigned pods go
// before assigned ones, not-ready before ready, and lower deletion cost first.
TEST(WorkloadControllerTest, KubernetesScaleInRanksPods) {
  SimulatedClock clock;
  cluster::ClusterState state(clock);
  state.Put(MakeDeployment("web", 4));
  WorkloadController controller(state, clock);
  controller.Reconcile();
  // Bind three of the four to nodes; make one of them unready and one expensive to delete.
  ASSERT_TRUE(state
                  .CreateNode([] {
                    api::Node n;
                    n.metadata.name = "node-a";
                    return n;
                  }())
                  .has_value());
  auto pods = Pods(state, "Deployment", "web");
  std::vector<std::string> names;
  for (const api::Pod* p : pods) names.push_back(p->metadata.name);
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(state.BindPod("shop", names[i], "node-a").has_value());
  api::Pod unready = *state.Get<api::Pod>("shop", names[1]);
  unready.status.conditions.back().status = "False";
  state.Put(unready);
  api::Pod precious = *state.Get<api::Pod>("shop", names[2]);
  precious.metadata.annotations["controller.kubernetes.io/pod-deletion-cost"] = "100";
  state.Put(precious);

  api::Deployment scaled = *state.Get<api::Deployment>("shop", "web");
  scaled.spec.replicas = 1;
  state.Put(scaled);
  EXPECT_EQ(controller.Reconcile().deleted, 3);
  // The unassigned pod went first, then the unready one, then the cheap ready one.
  ASSERT_EQ(Pods(state, "Deployment", "web").size(), 1u);
  EXPECT_EQ(Pods(state, "Deployment", "web")[0]->metadata.name, names[2]);
}

TEST(WorkloadControllerTest, StatefulSetUsesOrdinals) {
  SimulatedClock clock;
  cluster::ClusterState state(clock);
  api::StatefulSet sts;
  sts.metadata.namespace_ = "shop";
  sts.metadata.name = "db";
  sts.spec.replicas = 3;
  state.Put(sts);
  WorkloadController controller(state, clock);
  controller.Reconcile();
  EXPECT_NE(state.Get<api::Pod>("shop", "db-0"), nullptr);
  EXPECT_NE(state.Get<api::Pod>("shop", "db-2"), nullptr);
  ASSERT_TRUE(state.DeletePod("shop", "db-1").has_value());
  controller.Reconcile();
  EXPECT_NE(state.Get<api::Pod>("shop", "db-1"), nullptr);
  sts.spec.replicas = 1;
  state.Put(sts);
  EXPECT_EQ(controller.Reconcile().deleted, 2);
  EXPECT_NE(state.Get<api::Pod>("shop", "db-0"), nullptr);
  EXPECT_EQ(state.Get<api::Pod>("shop", "db-2"), nullptr);
}

TEST(WorkloadControllerTest, StartRunsOnTheClock) {
  SimulatedClock clock;
  cluster::ClusterState state(clock);
  state.Put(MakeDeployment("web", 2));
  WorkloadController controller(state, clock);
  controller.Start();
  EXPECT_TRUE(Pods(state, "Deployment", "web").empty());
  clock.Advance(Duration::Seconds(1));
  EXPECT_EQ(Pods(state, "Deployment", "web").size(), 2u);
}

}  // namespace
}  // namespace tidepool::lifecycle
