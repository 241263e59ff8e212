#include "cluster/cluster_state.h"

#include <gtest/gtest.h>

#include "core/simulated_clock.h"

namespace tidepool::cluster {
namespace {

api::Deployment MakeDeployment(std::string ns, std::string name, int32_t replicas) {
  api::Deployment d;
  d.api_version = "apps/v1";
  d.kind = "Deployment";
  d.metadata.namespace_ = std::move(ns);
  d.metadata.name = std::move(name);
  d.spec.replicas = replicas;
  d.spec.selector = api::LabelSelector{};
  d.spec.selector->match_labels = {{"app", d.metadata.name}};
  return d;
}

api::Pod MakePod(std::string ns, std::string name, std::map<std::string, std::string> labels,
                 std::string owner_kind = "", std::string owner_name = "") {
  api::Pod p;
  p.metadata.namespace_ = std::move(ns);
  p.metadata.name = std::move(name);
  p.metadata.labels = std::move(labels);
  if (!owner_kind.empty()) {
    api::OwnerReference ref;
    ref.kind = std::move(owner_kind);
    ref.name = std::move(owner_name);
    ref.controller = true;
    p.metadata.owner_references.push_back(ref);
  }
  return p;
}

std::vector<std::string> Names(const auto& objects) {
  std::vector<std::string> out;
  for (const auto* o : objects) out.push_back(o->metadata.name);
  return out;
}

TEST(ClusterStateTest, GetPutDeleteByNamespaceAndName) {
  SimulatedClock clock(Time::FromUnixSeconds(1000));
  ClusterState state(clock);
  state.Put(MakeDeployment("a", "web", 3));
  state.Put(MakeDeployment("b", "web", 5));
  ASSERT_NE(state.Get<api::Deployment>("a", "web"), nullptr);
  EXPECT_EQ(state.Get<api::Deployment>("b", "web")->spec.replicas, 5);
  EXPECT_EQ(state.Get<api::Deployment>("a", "web")->metadata.creation_timestamp,
            Time::FromUnixSeconds(1000).ToRfc3339());
  EXPECT_EQ(state.Get<api::Deployment>("c", "web"), nullptr);
  EXPECT_TRUE(state.Delete<api::Deployment>("a", "web"));
  EXPECT_FALSE(state.Delete<api::Deployment>("a", "web"));
  EXPECT_EQ(state.Store<api::Deployment>().size(), 1u);
}

TEST(ClusterStateTest, InNamespaceIteratesInNameOrder) {
  SimulatedClock clock;
  ClusterState state(clock);
  for (const char* name : {"c", "a", "b"}) state.Put(MakeDeployment("ns", name, 1));
  state.Put(MakeDeployment("other", "z", 1));
  std::vector<std::string> names;
  for (const auto& [key, d] : state.Store<api::Deployment>().InNamespace("ns")) {
    names.push_back(d.metadata.name);
  }
  EXPECT_EQ(names, (std::vector<std::string>{"a", "b", "c"}));
}

TEST(ClusterStateTest, ScaleReadsAndWritesReplicas) {
  SimulatedClock clock;
  ClusterState state(clock);
  state.Put(MakeDeployment("ns", "web", 3));
  WorkloadRef ref{"apps/v1", "Deployment", "ns", "web"};
  Result<Scale> scale = state.GetScale(ref);
  ASSERT_TRUE(scale.has_value());
  EXPECT_EQ(scale->spec_replicas, 3);
  ASSERT_NE(scale->selector, nullptr);
  Result<int32_t> previous = state.UpdateScale(ref, 7);
  ASSERT_TRUE(previous.has_value());
  EXPECT_EQ(*previous, 3);
  EXPECT_EQ(state.Get<api::Deployment>("ns", "web")->spec.replicas, 7);
}

TEST(ClusterStateTest, ScaleErrors) {
  SimulatedClock clock;
  ClusterState state(clock);
  Result<Scale> missing = state.GetScale({"", "", "ns", "web"});
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().code(), ErrorCode::kNotFound);
  EXPECT_EQ(missing.error().message(), "deployments.apps \"web\" not found");
  Result<Scale> unsupported = state.GetScale({"argoproj.io/v1alpha1", "Rollout", "ns", "web"});
  ASSERT_FALSE(unsupported.has_value());
  EXPECT_EQ(unsupported.error().code(), ErrorCode::kFailedPrecondition);
}

TEST(ClusterStateTest, StatefulSetAndReplicaSetScale) {
  SimulatedClock clock;
  ClusterState state(clock);
  api::StatefulSet ss;
  ss.metadata.name = "db";
  ss.metadata.namespace_ = "ns";
  ss.spec.replicas = 2;
  state.Put(ss);
  api::ReplicaSet rs;
  rs.metadata.name = "rs";
  rs.metadata.namespace_ = "ns";
  state.Put(rs);
  EXPECT_EQ(state.GetScale({"apps/v1", "StatefulSet", "ns", "db"})->spec_replicas, 2);
  // An unset replicas field reads as the API server's default, 1.
  EXPECT_EQ(state.GetScale({"apps/v1", "ReplicaSet", "ns", "rs"})->spec_replicas, 1);
}

TEST(ClusterStateTest, PodIndexesFollowPutAndDelete) {
  SimulatedClock clock;
  ClusterState state(clock);
  state.Put(MakePod("ns", "p2", {{"job-name", "j1"}}, "Job", "j1"));
  state.Put(MakePod("ns", "p1", {{"job-name", "j1"}}, "Job", "j1"));
  state.Put(MakePod("ns", "p3", {{"job-name", "j2"}}, "Job", "j2"));
  state.Put(MakePod("other", "p4", {{"job-name", "j1"}}, "Job", "j1"));
  EXPECT_EQ(Names(state.PodsOfJob("ns", "j1")), (std::vector<std::string>{"p1", "p2"}));
  EXPECT_EQ(Names(state.PodsOwnedBy("ns", "Job", "j2")), (std::vector<std::string>{"p3"}));
  // Relabelling moves the pod between index entries.
  state.Put(MakePod("ns", "p2", {{"job-name", "j2"}}, "Job", "j2"));
  EXPECT_EQ(Names(state.PodsOfJob("ns", "j1")), (std::vector<std::string>{"p1"}));
  EXPECT_EQ(Names(state.PodsOfJob("ns", "j2")), (std::vector<std::string>{"p2", "p3"}));
  EXPECT_TRUE(state.Delete<api::Pod>("ns", "p3"));
  EXPECT_EQ(Names(state.PodsOwnedBy("ns", "Job", "j2")), (std::vector<std::string>{"p2"}));
}

TEST(ClusterStateTest, PodsMatchingSelector) {
  SimulatedClock clock;
  ClusterState state(clock);
  state.Put(MakePod("ns", "a", {{"app", "web"}}));
  state.Put(MakePod("ns", "b", {{"app", "db"}}));
  state.Put(MakePod("x", "c", {{"app", "web"}}));
  api::LabelSelector selector;
  selector.match_labels = {{"app", "web"}};
  EXPECT_EQ(Names(state.PodsMatching("ns", &selector)), (std::vector<std::string>{"a"}));
  EXPECT_TRUE(state.PodsMatching("ns", nullptr).empty());
  api::LabelSelector everything;
  EXPECT_EQ(state.PodsMatching("ns", &everything).size(), 2u);
}

TEST(ClusterStateTest, CreateJobGeneratesDistinctNamesAndIndexesByScaledJob) {
  SimulatedClock clock;
  ClusterState state(clock);
  std::set<std::string> names;
  for (int i = 0; i < 30; ++i) {
    api::Job job;
    job.metadata.namespace_ = "ns";
    job.metadata.generate_name = "sj-";
    job.metadata.labels = {{"scaledjob.keda.sh/name", "sj"}};
    Result<std::string> name = state.CreateJob(job);
    ASSERT_TRUE(name.has_value());
    EXPECT_EQ(name->substr(0, 3), "sj-");
    EXPECT_EQ(name->size(), 8u);
    names.insert(*name);
  }
  EXPECT_EQ(names.size(), 30u);
  EXPECT_EQ(state.JobsOfScaledJob("ns", "sj").size(), 30u);
  EXPECT_TRUE(state.JobsOfScaledJob("ns", "other").empty());
  ASSERT_TRUE(state.DeleteJob("ns", *names.begin(), DeletePropagation::kBackground).has_value());
  EXPECT_EQ(state.JobsOfScaledJob("ns", "sj").size(), 29u);
  EXPECT_FALSE(state.DeleteJob("ns", "nope", DeletePropagation::kBackground).has_value());
}

TEST(ClusterStateTest, CreateJobRejectsDuplicatesAndMissingNames) {
  SimulatedClock clock;
  ClusterState state(clock);
  api::Job job;
  job.metadata.namespace_ = "ns";
  EXPECT_EQ(state.CreateJob(job).error().code(), ErrorCode::kInvalidArgument);
  job.metadata.name = "fixed";
  ASSERT_TRUE(state.CreateJob(job).has_value());
  EXPECT_EQ(state.CreateJob(job).error().code(), ErrorCode::kAlreadyExists);
}

TEST(ClusterStateTest, StatusWritesAndEvents) {
  SimulatedClock clock(Time::FromUnixSeconds(50));
  ClusterState state(clock);
  api::keda::ScaledObject so;
  so.metadata.name = "so";
  so.metadata.namespace_ = "ns";
  state.Put(so);
  api::keda::ScaledObjectStatus status;
  status.last_active_time = "x";
  ASSERT_TRUE(state.UpdateScaledObjectStatus("ns", "so", status).has_value());
  EXPECT_EQ(state.Get<api::keda::ScaledObject>("ns", "so")->status.last_active_time, "x");
  EXPECT_FALSE(state.UpdateScaledObjectStatus("ns", "missing", status).has_value());
  EXPECT_EQ(state.status_writes(), 1u);

  state.RecordEvent({"ScaledObject", "ns", "so"}, kEventTypeNormal, "R1", "first");
  clock.Advance(Duration::Seconds(5));
  state.RecordEvent({"ScaledObject", "ns", "other"}, kEventTypeWarning, "R2", "second");
  ASSERT_EQ(state.events().events().size(), 2u);
  EXPECT_EQ(state.events().events()[0].String(), "Normal R1 first");
  EXPECT_EQ(state.events().events()[1].time, Time::FromUnixSeconds(55));
  EXPECT_EQ(state.events().EventsFor("ScaledObject", "ns", "other").size(), 1u);
}

TEST(ClusterStateTest, BoundedEventRecorderDropsOldest) {
  SimulatedClock clock;
  EventRecorder recorder(clock, 2);
  for (int i = 0; i < 3; ++i)
    recorder.Record({"K", "ns", "n"}, kEventTypeNormal, "R", "m" + std::to_string(i));
  ASSERT_EQ(recorder.events().size(), 2u);
  EXPECT_EQ(recorder.events().front().message, "m1");
  EXPECT_EQ(recorder.total_recorded(), 3u);
}

TEST(ClusterStateTest, PodMetricsAndReadiness) {
  SimulatedClock clock;
  ClusterState state(clock);
  PodMetrics m;
  m.metadata = {"ns", "p"};
  m.containers.push_back({"c", {{"cpu", Quantity::MustParse("250m")}}});
  state.Put(m);
  ASSERT_NE(state.GetPodMetrics("ns", "p"), nullptr);
  EXPECT_EQ(state.GetPodMetrics("ns", "p")->containers[0].usage.at("cpu").MilliValue(), 250);
  EXPECT_EQ(state.GetPodMetrics("ns", "q"), nullptr);

  api::Pod pod;
  EXPECT_FALSE(IsPodReady(pod));
  api::PodCondition ready;
  ready.type = "Ready";
  ready.status = "True";
  pod.status.conditions.push_back(ready);
  EXPECT_TRUE(IsPodReady(pod));
}

}  // namespace
}  // namespace tidepool::cluster
