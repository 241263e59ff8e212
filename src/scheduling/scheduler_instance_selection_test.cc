// Ported from kubernetes-sigs/karpenter
// pkg/controllers/provisioning/scheduling/instance_selection_test.go (Describe "Instance Type
// Selection", Context "MinValues"): the pool allows spot and on-demand, arm64 and amd64, over the
// fake provider's assorted catalogue (shuffled deterministically, as upstream shuffles it to
// prove the solver sorts everywhere it must).
#include <gtest/gtest.h>

#include <algorithm>

#include "core/random.h"
#include "scheduling/scheduler_test_util.h"

namespace tidepool::scheduling::testing {
namespace {

constexpr const char* kZone = "topology.kubernetes.io/zone";
constexpr const char* kArch = "kubernetes.io/arch";
constexpr const char* kOs = "kubernetes.io/os";
constexpr const char* kCapacityType = "karpenter.sh/capacity-type";
constexpr const char* kInstanceType = "node.kubernetes.io/instance-type";

class KarpenterInstanceSelection : public SchedulingTest {
 protected:
  void SetUp() override {
    pool_.spec.template_.spec.requirements = {Req(kCapacityType, "In", {"spot", "on-demand"}),
                                              Req(kArch, "In", {"arm64", "amd64"})};
    types_ = cloud::fake::InstanceTypesAssorted();
    Random random(7);
    for (size_t i = types_.size(); i > 1; --i) {
      std::swap(types_[i - 1],
                types_[static_cast<size_t>(random.UniformInt(0, static_cast<int64_t>(i) - 1))]);
    }
  }

  // getMinPrice over the types `keep` accepts.
  double MinPrice(const std::function<bool(const cloud::InstanceType&, const cloud::Offering&)>&
                      keep = {}) const {
    double best = cloud::kNoPrice;
    for (const auto& type : types_) {
      for (const cloud::Offering& offering : type->offerings) {
        if (!keep || keep(*type, offering)) best = std::min(best, offering.price);
      }
    }
    return best;
  }
  // nodePrice: the launched type's cheapest offering compatible with the node's labels.
  double NodePrice(const Results& r, const api::Pod* pod) const {
    const NewNodeClaim* claim = ClaimOf(r, pod);
    if (claim == nullptr) return -1;
    auto labels = LaunchLabels(*claim);
    for (const auto& type : claim->instance_type_options) {
      if (type->name != labels[kInstanceType]) continue;
      return cloud::CheapestPrice(*type, api::Requirements::FromLabels(labels));
    }
    return -1;
  }
  // ExpectInstancesWithLabel over every type the claim may launch.
  static bool AllOptionsHave(const Results& r, const api::Pod* pod, std::string_view key,
                             std::string_view value) {
    const NewNodeClaim* claim = ClaimOf(r, pod);
    if (claim == nullptr || claim->instance_type_options.empty()) return false;
    for (const auto& type : claim->instance_type_options) {
      const api::Requirement* req = type->requirements.Find(key);
      if (req == nullptr || !req->Has(value)) return false;
    }
    return true;
  }
  static bool Has(const cloud::InstanceType& type, std::string_view key, std::string_view value) {
    const api::Requirement* req = type.requirements.Find(key);
    return req != nullptr && req->Has(value);
  }
};

// Not ported: tidepool behaviour around the same code paths.
using InstanceSelectionTest = KarpenterInstanceSelection;

TEST_F(KarpenterInstanceSelection, ShouldScheduleOnOneOfTheCheapestInstances) {
  api::Pod* pod = NewPod();
  Results r = Solve({pod});
  EXPECT_DOUBLE_EQ(NodePrice(r, pod), MinPrice());
}

TEST_F(KarpenterInstanceSelection, ShouldScheduleOnOneOfTheCheapestInstancesPodArchAmd64) {
  api::Pod* pod = NewPod({.node_requirements = {Req(kArch, "In", {"amd64"})}});
  Results r = Solve({pod});
  EXPECT_DOUBLE_EQ(NodePrice(r, pod),
                   MinPrice([](const auto& t, const auto&) { return Has(t, kArch, "amd64"); }));
  EXPECT_TRUE(AllOptionsHave(r, pod, kArch, "amd64"));
}

TEST_F(KarpenterInstanceSelection, ShouldScheduleOnOneOfTheCheapestInstancesPodArchArm64) {
  api::Pod* pod = NewPod({.node_requirements = {Req(kArch, "In", {"arm64"})}});
  Results r = Solve({pod});
  EXPECT_DOUBLE_EQ(NodePrice(r, pod),
                   MinPrice([](const auto& t, const auto&) { return Has(t, kArch, "arm64"); }));
  EXPECT_TRUE(AllOptionsHave(r, pod, kArch, "arm64"));
}

TEST_F(KarpenterInstanceSelection, ShouldScheduleOnOneOfTheCheapestInstancesProvOsWindows) {
  pool_.spec.template_.spec.requirements.push_back(Req(kOs, "In", {"windows"}));
  api::Pod* pod = NewPod();
  Results r = Solve({pod});
  EXPECT_DOUBLE_EQ(NodePrice(r, pod),
                   MinPrice([](const auto& t, const auto&) { return Has(t, kOs, "windows"); }));
  EXPECT_TRUE(AllOptionsHave(r, pod, kOs, "windows"));
}

TEST_F(KarpenterInstanceSelection, ShouldScheduleOnOneOfTheCheapestInstancesPodZoneTestZone2) {
  api::Pod* pod = NewPod({.node_requirements = {Req(kZone, "In", {"test-zone-2"})}});
  Results r = Solve({pod});
  EXPECT_DOUBLE_EQ(NodePrice(r, pod), MinPrice([](const auto&, const cloud::Offering& o) {
                     return o.zone == "test-zone-2";
                   }));
  EXPECT_EQ(Label(r, pod, kZone), "test-zone-2");
}

TEST_F(KarpenterInstanceSelection, ShouldScheduleOnOneOfTheCheapestInstancesPodCtSpot) {
  api::Pod* pod = NewPod({.node_requirements = {Req(kCapacityType, "In", {"spot"})}});
  Results r = Solve({pod});
  EXPECT_DOUBLE_EQ(NodePrice(r, pod), MinPrice([](const auto&, const cloud::Offering& o) {
                     return o.capacity_type == "spot";
                   }));
  EXPECT_EQ(Label(r, pod, kCapacityType), "spot");
}

TEST_F(KarpenterInstanceSelection,
       ShouldScheduleOnOneOfTheCheapestInstancesProvCtOndemandProvZoneTestZone1) {
  pool_.spec.template_.spec.requirements = {Req(kCapacityType, "In", {"on-demand"}),
                                            Req(kZone, "In", {"test-zone-1"})};
  api::Pod* pod = NewPod();
  Results r = Solve({pod});
  EXPECT_DOUBLE_EQ(NodePrice(r, pod), MinPrice([](const auto&, const cloud::Offering& o) {
                     return o.capacity_type == "on-demand" && o.zone == "test-zone-1";
                   }));
  // Every option has an on-demand offering in test-zone-1 (ExpectInstancesWithOffering).
  const NewNodeClaim* claim = ClaimOf(r, pod);
  ASSERT_NE(claim, nullptr);
  for (const auto& type : claim->instance_type_options) {
    EXPECT_TRUE(std::any_of(type->offerings.begin(), type->offerings.end(), [](const auto& o) {
      return o.capacity_type == "on-demand" && o.zone == "test-zone-1";
    })) << type->name;
  }
}

TEST_F(KarpenterInstanceSelection, ShouldNotScheduleIfNoInstanceTypeMatchesSelectorPodArchArm) {
  cloud::InstanceTypes amd;
  for (const auto& t : types_) {
    if (Has(*t, kArch, "amd64")) amd.push_back(t);
  }
  types_ = amd;
  ASSERT_FALSE(types_.empty());
  api::Pod* pod = NewPod({.node_requirements = {Req(kArch, "In", {"arm64"})}});
  Results r = Solve({pod});
  EXPECT_FALSE(Scheduled(r, pod));
  EXPECT_TRUE(r.new_node_claims.empty());
}

TEST_F(KarpenterInstanceSelection, ShouldScheduleOnAnInstanceWithEnoughResources) {
  for (const char* cpu : {"0.1", "1.0", "2", "2.5", "4", "8", "16"}) {
    for (const char* mem : {"0.1Gi", "1.0Gi", "2Gi", "4Gi", "8Gi", "16Gi", "32Gi"}) {
      PodOptions opts{.requests = Resources({{"cpu", cpu}, {"memory", mem}})};
      std::vector<api::Pod*> pods = {NewPod(opts), NewPod(opts), NewPod(opts)};
      Results r = Solve(pods);
      ASSERT_EQ(r.new_node_claims.size(), 1u) << cpu << " " << mem;
      const NewNodeClaim& claim = r.new_node_claims[0];
      Quantity total_cpu = Quantity::MustParse(cpu) * 3;
      Quantity total_mem = Quantity::MustParse(mem) * 3;
      for (const auto& type : claim.instance_type_options) {
        api::ResourceList overhead = type->overhead.Total();
        EXPECT_LT(api::Cmp(total_cpu + overhead["cpu"], type->capacity.at("cpu")), 0) << type->name;
        EXPECT_LT(api::Cmp(total_mem + overhead["memory"], type->capacity.at("memory")), 0)
            << type->name;
      }
    }
  }
}

cloud::InstanceTypePtr TwoOfferingType(const std::string& name, double on_demand, double spot) {
  cloud::fake::Options options;
  options.architecture = "amd64";
  options.operating_systems = {"linux"};
  options.resources = Resources({{"cpu", "1"}, {"memory", "1Gi"}});
  options.offerings = {
      cloud::Offering{.zone = "test-zone-1a", .capacity_type = "on-demand", .price = on_demand},
      cloud::Offering{.zone = "test-zone-1a", .capacity_type = "spot", .price = spot}};
  return cloud::fake::NewInstanceType(name, options);
}

TEST_F(
    KarpenterInstanceSelection,
    ShouldScheduleOnCheaperOnDemandInstanceEvenWhenSpotPriceOrderingWouldPlaceOtherInstanceTypesFirst) {
  types_ = {TwoOfferingType("test-instance1", 1.0, 0.2),
            TwoOfferingType("test-instance2", 1.3, 0.1)};
  pool_.spec.template_.spec.requirements = {Req(kCapacityType, "In", {"on-demand"})};
  api::Pod* pod = NewPod();
  Results r = Solve({pod});
  EXPECT_EQ(Label(r, pod, kInstanceType), "test-instance1");
}

cloud::InstanceTypePtr SpotType(const std::string& name, const char* cpu, const char* mem,
                                double price) {
  cloud::fake::Options options;
  options.architecture = "arm64";
  options.operating_systems = {"linux"};
  options.resources = Resources({{"cpu", cpu}, {"memory", mem}});
  options.offerings = {
      cloud::Offering{.zone = "test-zone-1-spot", .capacity_type = "spot", .price = price}};
  return cloud::fake::NewInstanceType(name, options);
}

// Context("MinValues")
TEST_F(KarpenterInstanceSelection,
       ShouldScheduleRespectingTheMinValuesFromInstanceTypeRequirements) {
  types_ = {SpotType("instance-type-1", "1", "1Gi", 0.52),
            SpotType("instance-type-2", "4", "4Gi", 1.0)};
  pool_.spec.template_.spec.requirements = {
      Req(kInstanceType, "In", {"instance-type-1", "instance-type-2"}, 2)};
  PodOptions opts{.requests = Resources({{"cpu", "0.9"}, {"memory", "0.9Gi"}})};
  api::Pod* a = NewPod(opts);
  api::Pod* b = NewPod(opts);
  Results r = Solve({a, b});
  ASSERT_TRUE(Scheduled(r, a));
  ASSERT_TRUE(Scheduled(r, b));
  // Together they only fit instance-type-2, which alone breaks minValues: two nodes.
  EXPECT_NE(ClaimOf(r, a), ClaimOf(r, b));
  EXPECT_GE(r.new_node_claims[0].instance_type_options.size(), 2u);
}

TEST_F(KarpenterInstanceSelection,
       ScheduleShouldFailIfMinimumNumberOfInstanceTypesIsNotMetAsPerTheMinValuesInTheRequirement) {
  types_.resize(10);
  pool_.spec.template_.spec.requirements = {Req(kInstanceType, "Exists", {}, 11)};
  api::Pod* pod = NewPod();
  Results r = Solve({pod});
  EXPECT_FALSE(Scheduled(r, pod));
}

TEST_F(
    KarpenterInstanceSelection,
    ScheduleShouldFailIfMinimumNumberOfInstanceTypesIsNotMetAsPerTheMinValuesInTheRequirementAfterTruncation) {
  types_ = {SpotType("instance-type-1", "1", "1Gi", 0.52),
            SpotType("instance-type-2", "4", "4Gi", 1.0)};
  pool_.spec.template_.spec.requirements = {
      Req(kInstanceType, "In", {"instance-type-1", "instance-type-2"}, 2)};
  PodOptions opts{.requests = Resources({{"cpu", "0.9"}, {"memory", "0.9Gi"}})};
  api::Pod* a = NewPod(opts);
  api::Pod* b = NewPod(opts);
  Results r = Solve({a, b}, {.max_instance_types = 1});
  EXPECT_FALSE(Scheduled(r, a));
  EXPECT_FALSE(Scheduled(r, b));
  EXPECT_NE(ErrorOf(r, a).find("couldn't meet minValues requirements"), std::string::npos)
      << ErrorOf(r, a);
}

TEST_F(InstanceSelectionTest, ShouldRelaxMinValuesUnderTheBestEffortPolicy) {
  // MIN_VALUES_POLICY=BestEffort: the truncation above is kept instead of failing.
  types_ = {SpotType("instance-type-1", "1", "1Gi", 0.52),
            SpotType("instance-type-2", "4", "4Gi", 1.0)};
  pool_.spec.template_.spec.requirements = {
      Req(kInstanceType, "In", {"instance-type-1", "instance-type-2"}, 2)};
  PodOptions opts{.requests = Resources({{"cpu", "0.9"}, {"memory", "0.9Gi"}})};
  api::Pod* a = NewPod(opts);
  api::Pod* b = NewPod(opts);
  Results r = Solve({a, b}, {.max_instance_types = 1, .min_values_best_effort = true});
  ASSERT_TRUE(Scheduled(r, a));
  ASSERT_TRUE(Scheduled(r, b));
  EXPECT_EQ(ClaimOf(r, a), ClaimOf(r, b));
  EXPECT_EQ(Label(r, a, kInstanceType), "instance-type-2");
}

TEST_F(InstanceSelectionTest, ShouldSkipOfferingsThatAreNotAvailable) {
  cloud::fake::Options options;
  options.resources = Resources({{"cpu", "2"}, {"memory", "2Gi"}});
  options.offerings = {
      cloud::Offering{
          .zone = "test-zone-1", .capacity_type = "spot", .price = 0.01, .available = false},
      cloud::Offering{.zone = "test-zone-2", .capacity_type = "on-demand", .price = 0.5}};
  types_ = {cloud::fake::NewInstanceType("flaky", options)};
  api::Pod* pod = NewPod();
  api::Pod* spot = NewPod({.node_selector = {{kCapacityType, "spot"}}});
  Results r = Solve({pod, spot});
  EXPECT_EQ(Label(r, pod, kZone), "test-zone-2");
  EXPECT_EQ(Label(r, pod, kCapacityType), "on-demand");
  EXPECT_FALSE(Scheduled(r, spot));
}

TEST_F(KarpenterInstanceSelection,
       ShouldTruncateInstanceTypeOptionsToMaxInstanceTypesCheapestFirst) {
  api::Pod* pod = NewPod();
  Results r = Solve({pod}, {.max_instance_types = 5});
  const NewNodeClaim* claim = ClaimOf(r, pod);
  ASSERT_NE(claim, nullptr);
  ASSERT_EQ(claim->instance_type_options.size(), 5u);
  double last = 0;
  for (const auto& type : claim->instance_type_options) {
    double price = cloud::CheapestPrice(*type, claim->requirements);
    EXPECT_GE(price, last);
    last = price;
  }
}

}  // namespace
}  // namespace tidepool::scheduling::testing
