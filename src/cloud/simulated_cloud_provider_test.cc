#include "cloud/simulated_cloud_provider.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "api/resource_math.h"
#include "api/well_known_labels.h"
#include "cloud/catalog.h"
#include "cloud/fake_catalog.h"
#include "cloud/kwok_catalog.h"
#include "cloud/unavailable_offerings.h"
#include "core/quantity.h"
#include "core/simulated_clock.h"

namespace tidepool::cloud {
namespace {

api::NodeSelectorRequirement Req(std::string key, std::string op,
                                 std::vector<std::string> values = {}) {
  api::NodeSelectorRequirement r;
  r.key = std::move(key);
  r.operator_ = std::move(op);
  r.values = std::move(values);
  return r;
}

api::NodeClaim Claim(std::string name, std::vector<api::NodeSelectorRequirement> requirements = {},
                     api::ResourceList requests = {}) {
  api::NodeClaim claim;
  claim.metadata.name = std::move(name);
  claim.spec.requirements = std::move(requirements);
  claim.spec.resources.requests = std::move(requests);
  return claim;
}

const std::string& Label(const api::NodeClaim& claim, std::string_view key) {
  static const std::string kMissing = "<missing>";
  auto it = claim.metadata.labels.find(std::string(key));
  return it == claim.metadata.labels.end() ? kMissing : it->second;
}

const Offering* FindOffering(const InstanceType& type, std::string_view zone,
                             std::string_view capacity_type) {
  for (const Offering& o : type.offerings) {
    if (o.zone == zone && o.capacity_type == capacity_type) return &o;
  }
  return nullptr;
}

// ---- UnavailableOfferings
// ------------------------------------------------------------------------

// Ported from aws/karpenter-provider-aws pkg/cache/suite_test.go
// "should mark offerings as unavailable when calling MarkUnavailable".
TEST(UnavailableOfferingsTest, AwsCacheMarkUnavailable) {
  SimulatedClock clock;
  UnavailableOfferings cache(clock);
  EXPECT_FALSE(cache.IsUnavailable("m5.large", "test-zone-1a", "on-demand"));
  EXPECT_FALSE(cache.IsUnavailable("m5.xlarge", "test-zone-1b", "spot"));

  cache.MarkUnavailable("m5.large", "test-zone-1a", "on-demand");
  EXPECT_TRUE(cache.IsUnavailable("m5.large", "test-zone-1a", "on-demand"));
  EXPECT_FALSE(cache.IsUnavailable("m5.xlarge", "test-zone-1b", "spot"));

  cache.MarkUnavailable("m5.large", "test-zone-1b", "on-demand");
  EXPECT_TRUE(cache.IsUnavailable("m5.large", "test-zone-1a", "on-demand"));
  EXPECT_FALSE(cache.IsUnavailable("m5.xlarge", "test-zone-1b", "spot"));

  cache.MarkUnavailable("m5.xlarge", "test-zone-1b", "spot");
  EXPECT_TRUE(cache.IsUnavailable("m5.large", "test-zone-1a", "on-demand"));
  EXPECT_TRUE(cache.IsUnavailable("m5.xlarge", "test-zone-1b", "spot"));
  // Other zones and capacity types of a marked type stay available.
  EXPECT_FALSE(cache.IsUnavailable("m5.large", "test-zone-1a", "spot"));
  EXPECT_FALSE(cache.IsUnavailable("m5.large", "test-zone-1c", "on-demand"));
  EXPECT_EQ(cache.size(), 3u);
}

// Ported from pkg/cache/suite_test.go
// "should mark offerings as unavailable when calling MarkCapacityTypeUnavailable".
TEST(UnavailableOfferingsTest, AwsCacheMarkCapacityTypeUnavailable) {
  SimulatedClock clock;
  UnavailableOfferings cache(clock);
  cache.MarkCapacityTypeUnavailable("spot");
  EXPECT_FALSE(cache.IsUnavailable("m5.large", "test-zone-1a", "on-demand"));
  EXPECT_FALSE(cache.IsUnavailable("m5.xlarge", "test-zone-1a", "on-demand"));
  EXPECT_TRUE(cache.IsUnavailable("m5.xlarge", "test-zone-1a", "spot"));
  EXPECT_TRUE(cache.IsUnavailable("m5.xlarge", "test-zone-1b", "spot"));

  cache.MarkCapacityTypeUnavailable("on-demand");
  EXPECT_TRUE(cache.IsUnavailable("m5.large", "test-zone-1a", "on-demand"));
  EXPECT_TRUE(cache.IsUnavailable("m5.xlarge", "test-zone-1b", "spot"));
}

// Ported from pkg/cache/suite_test.go "should increase sequence number when unavailability
// changes" (the subnet steps are left out: the simulated cloud has no subnets).
TEST(UnavailableOfferingsTest, AwsCacheSequenceNumbers) {
  SimulatedClock clock;
  UnavailableOfferings cache(clock);
  EXPECT_EQ(cache.SeqNum("m5.large"), 0u);
  EXPECT_EQ(cache.SeqNum("m5.xlarge"), 0u);

  cache.MarkUnavailable("m5.large", "test-zone-1a", "on-demand");
  EXPECT_EQ(cache.SeqNum("m5.large"), 1u);
  EXPECT_EQ(cache.SeqNum("m5.xlarge"), 0u);

  cache.MarkUnavailable("m5.xlarge", "test-zone-1a", "on-demand");
  EXPECT_EQ(cache.SeqNum("m5.large"), 1u);
  EXPECT_EQ(cache.SeqNum("m5.xlarge"), 1u);

  cache.MarkCapacityTypeUnavailable("on-demand");
  EXPECT_EQ(cache.SeqNum("m5.large"), 2u);
  EXPECT_EQ(cache.SeqNum("m5.xlarge"), 2u);

  cache.Delete("m5.xlarge", "test-zone-1a", "on-demand");
  EXPECT_EQ(cache.SeqNum("m5.large"), 2u);
  EXPECT_EQ(cache.SeqNum("m5.xlarge"), 3u);
  EXPECT_FALSE(cache.IsUnavailable("m5.xlarge", "test-zone-1a", "spot"));
  EXPECT_EQ(cache.SeqNum(), 4u);
}

TEST(UnavailableOfferingsTest, EntriesExpireAfterTheTtlAndMarkingAgainExtendsIt) {
  SimulatedClock clock;
  UnavailableOfferings cache(clock);
  cache.MarkUnavailable("m5.large", "test-zone-1a", "spot");
  clock.Advance(Duration::Minutes(2));
  cache.MarkUnavailable("m5.large", "test-zone-1a", "spot");  // deadline now t=5m
  cache.MarkUnavailable("m5.large", "test-zone-1b", "spot");  // deadline t=5m
  cache.MarkCapacityTypeUnavailable("reserved");              // deadline t=5m
  const uint64_t before = cache.SeqNum("m5.large");

  clock.Advance(Duration::Minutes(2) + Duration::Seconds(59));  // t=4m59s
  EXPECT_TRUE(cache.IsUnavailable("m5.large", "test-zone-1a", "spot"));
  EXPECT_EQ(cache.SeqNum("m5.large"), before);

  clock.Advance(Duration::Seconds(1));  // t=5m: gone at exactly the deadline
  EXPECT_FALSE(cache.IsUnavailable("m5.large", "test-zone-1a", "spot"));
  EXPECT_FALSE(cache.IsUnavailable("m5.large", "test-zone-1b", "spot"));
  EXPECT_FALSE(cache.IsUnavailable("c5.large", "test-zone-1b", "reserved"));
  EXPECT_EQ(cache.size(), 0u);
  // Two offering expiries and one capacity-type expiry.
  EXPECT_EQ(cache.SeqNum("m5.large"), before + 3);
}

TEST(UnavailableOfferingsTest, CustomTtlPerMark) {
  SimulatedClock clock;
  UnavailableOfferings cache(clock, Duration::Minutes(3));
  cache.MarkUnavailable("m5.large", "z", "spot", Duration::Seconds(10));
  clock.Advance(Duration::Seconds(9));
  EXPECT_TRUE(cache.IsUnavailable("m5.large", "z", "spot"));
  clock.Advance(Duration::Seconds(1));
  EXPECT_FALSE(cache.IsUnavailable("m5.large", "z", "spot"));
}

TEST(UnavailableOfferingsTest, ApplyToMarksOfferingsAndShrinksRequirements) {
  SimulatedClock clock;
  UnavailableOfferings cache(clock);
  InstanceTypes types = fake::DefaultInstanceTypes();
  InstanceTypes same = cache.ApplyTo(types);
  ASSERT_EQ(same.size(), types.size());
  for (size_t i = 0; i < types.size(); ++i) EXPECT_EQ(same[i], types[i]);

  cache.MarkUnavailable("small-instance-type", "test-zone-1", "spot");
  cache.MarkUnavailable("small-instance-type", "test-zone-2", "spot");
  cache.MarkUnavailable("small-instance-type", "test-zone-3", "on-demand");
  InstanceTypes applied = cache.ApplyTo(types);
  ASSERT_EQ(applied.size(), types.size());
  const InstanceType* small = nullptr;
  for (size_t i = 0; i < types.size(); ++i) {
    if (types[i]->name == "small-instance-type") {
      EXPECT_NE(applied[i], types[i]);
      small = applied[i].get();
    } else {
      EXPECT_EQ(applied[i], types[i]) << types[i]->name;
    }
  }
  ASSERT_NE(small, nullptr);
  EXPECT_FALSE(FindOffering(*small, "test-zone-1", "spot")->available);
  EXPECT_FALSE(FindOffering(*small, "test-zone-2", "spot")->available);
  EXPECT_FALSE(FindOffering(*small, "test-zone-3", "on-demand")->available);
  EXPECT_TRUE(FindOffering(*small, "test-zone-1", "on-demand")->available);
  // No spot offering is left, and test-zone-3 had only the on-demand one.
  EXPECT_FALSE(small->requirements.Get(std::string(api::kCapacityTypeLabelKey)).Has("spot"));
  EXPECT_TRUE(small->requirements.Get(std::string(api::kCapacityTypeLabelKey)).Has("on-demand"));
  EXPECT_FALSE(small->requirements.Get(std::string(api::kLabelTopologyZone)).Has("test-zone-3"));
  EXPECT_TRUE(small->requirements.Get(std::string(api::kLabelTopologyZone)).Has("test-zone-2"));

  // Unchanged sequence number: the cached copy is reused.
  InstanceTypes again = cache.ApplyTo(types);
  for (size_t i = 0; i < types.size(); ++i) EXPECT_EQ(again[i], applied[i]);

  // Expiry gives the catalogue's own type back.
  clock.Advance(kUnavailableOfferingsTtl);
  InstanceTypes expired = cache.ApplyTo(types);
  for (size_t i = 0; i < types.size(); ++i) EXPECT_EQ(expired[i], types[i]);
}

TEST(UnavailableOfferingsTest, FlushForgetsEverything) {
  SimulatedClock clock;
  UnavailableOfferings cache(clock);
  cache.MarkUnavailable("a", "z", "spot");
  cache.MarkCapacityTypeUnavailable("spot");
  const uint64_t seq = cache.SeqNum();
  cache.Flush();
  EXPECT_FALSE(cache.IsUnavailable("a", "z", "spot"));
  EXPECT_FALSE(cache.IsUnavailable("b", "z", "spot"));
  EXPECT_GT(cache.SeqNum(), seq);
}

// ---- SimulatedCloudProvider
// ----------------------------------------------------------------------

class SimulatedCloudProviderTest : public ::testing::Test {
 protected:
  SimulatedClock clock_{Time::FromUnixSeconds(1'700'000'000)};
  // The fake catalogue's types carry `size`, `special` and `integer` labels that claims need not
  // define (upstream adds them to its well-known labels).
  static SimulatedCloudOptions FakeOptions() {
    return SimulatedCloudOptions{.well_known_labels = &fake::WellKnownLabels()};
  }
  SimulatedCloudProvider cloud_{clock_, fake::DefaultInstanceTypes(), FakeOptions()};
};

// The fake provider's Create: the cheapest compatible instance type wins (small-instance-type,
// 2 cpu / 2Gi), and the claim comes back with a provider id, capacity, allocatable and labels.
TEST_F(SimulatedCloudProviderTest, FakeCreatePicksTheCheapestCompatibleInstanceType) {
  auto created = cloud_.Create(Claim("nc-1"));
  ASSERT_TRUE(created) << created.error().message();
  EXPECT_EQ(Label(*created, api::kLabelInstanceTypeStable), "small-instance-type");
  EXPECT_EQ(Label(*created, api::kLabelArchStable), "amd64");
  // Spot in test-zone-1 is the first spot offering (all offerings share one price).
  EXPECT_EQ(Label(*created, api::kCapacityTypeLabelKey), "spot");
  EXPECT_EQ(Label(*created, api::kLabelTopologyZone), "test-zone-1");
  EXPECT_EQ(Label(*created, fake::kLabelInstanceSize), "small");
  EXPECT_EQ(created->status.provider_id, "sim:///test-zone-1/i-00000000000000001");
  EXPECT_EQ(created->status.capacity.at("cpu"), Quantity::MustParse("2"));
  EXPECT_EQ(created->status.allocatable.at("cpu"), Quantity::MustParse("1900m"));
  EXPECT_EQ(created->metadata.name, "nc-1");
  ASSERT_EQ(cloud_.instances().size(), 1u);
  const SimulatedInstance* instance = cloud_.FindInstance(created->status.provider_id);
  ASSERT_NE(instance, nullptr);
  EXPECT_EQ(instance->instance_type->name, "small-instance-type");
  EXPECT_EQ(instance->launch_time, clock_.Now());
  EXPECT_EQ(cloud_.create_calls(), 1u);
}

// The fake filters on requests <= allocatable: 3 cpu do not fit small-instance-type.
TEST_F(SimulatedCloudProviderTest, FakeCreateSkipsTypesTheRequestsDoNotFit) {
  auto created = cloud_.Create(Claim("nc", {}, {{"cpu", Quantity::MustParse("3")}}));
  ASSERT_TRUE(created) << created.error().message();
  EXPECT_EQ(Label(*created, api::kLabelInstanceTypeStable), "default-instance-type");
}

TEST_F(SimulatedCloudProviderTest, CreateHonoursInstanceTypeZoneAndCapacityTypeRequirements) {
  auto created = cloud_.Create(
      Claim("nc", {Req("node.kubernetes.io/instance-type", "In",
                       {"arm-instance-type", "default-instance-type"}),
                   Req("topology.kubernetes.io/zone", "In", {"test-zone-2", "test-zone-3"}),
                   Req("karpenter.sh/capacity-type", "In", {"on-demand"}),
                   Req("kubernetes.io/os", "In", {"linux"})}));
  ASSERT_TRUE(created) << created.error().message();
  EXPECT_EQ(Label(*created, api::kLabelInstanceTypeStable), "default-instance-type");
  EXPECT_EQ(Label(*created, api::kCapacityTypeLabelKey), "on-demand");
  EXPECT_EQ(Label(*created, api::kLabelTopologyZone), "test-zone-2");
  // The type's OS requirement is {darwin, linux, windows}; the claim narrows it.
  EXPECT_EQ(Label(*created, api::kLabelOSStable), "linux");
}

TEST_F(SimulatedCloudProviderTest, SpotIsPreferredOverCheaperOnDemandWhenAllowed) {
  InstanceTypes types = {fake::NewInstanceType(
      "t", fake::Options{
               .offerings = {Offering{.zone = "z1", .capacity_type = "on-demand", .price = 0.5},
                             Offering{.zone = "z2", .capacity_type = "spot", .price = 0.9},
                             Offering{.zone = "z3", .capacity_type = "spot", .price = 0.7}}})};
  SimulatedCloudProvider cloud(clock_, types, FakeOptions());
  auto spot = cloud.Create(Claim("a"));
  ASSERT_TRUE(spot) << spot.error().message();
  EXPECT_EQ(Label(*spot, api::kCapacityTypeLabelKey), "spot");
  EXPECT_EQ(Label(*spot, api::kLabelTopologyZone), "z3");  // the cheaper spot offering
  EXPECT_DOUBLE_EQ(cloud.FindInstance(spot->status.provider_id)->price, 0.7);
  EXPECT_DOUBLE_EQ(cloud.HourlyCost(), 0.7);

  auto od = cloud.Create(Claim("b", {Req("karpenter.sh/capacity-type", "NotIn", {"spot"})}));
  ASSERT_TRUE(od) << od.error().message();
  EXPECT_EQ(Label(*od, api::kCapacityTypeLabelKey), "on-demand");
}

// The fake: a reserved offering wins and uses up its reservation capacity.
TEST_F(SimulatedCloudProviderTest, FakeReservedOfferingWinsUntilItsCapacityIsUsed) {
  InstanceTypes types = {fake::NewInstanceType(
      "t",
      fake::Options{.offerings = {Offering{.zone = "z1", .capacity_type = "spot", .price = 0.1},
                                  Offering{.zone = "z1",
                                           .capacity_type = "reserved",
                                           .price = 0.3,
                                           .reservation_capacity = 1}}})};
  SimulatedCloudProvider cloud(clock_, types, FakeOptions());
  auto first = cloud.Create(Claim("a"));
  ASSERT_TRUE(first);
  EXPECT_EQ(Label(*first, api::kCapacityTypeLabelKey), "reserved");
  auto second = cloud.Create(Claim("b"));
  ASSERT_TRUE(second);
  EXPECT_EQ(Label(*second, api::kCapacityTypeLabelKey), "spot");
}

TEST_F(SimulatedCloudProviderTest, ExhaustedOfferingFailsOverAndIsMarkedUnavailable) {
  cloud_.SetOfferingCapacity("small-instance-type", "test-zone-1", "spot", 0);
  auto created = cloud_.Create(Claim("nc"));
  ASSERT_TRUE(created) << created.error().message();
  EXPECT_EQ(Label(*created, api::kLabelInstanceTypeStable), "small-instance-type");
  EXPECT_EQ(Label(*created, api::kLabelTopologyZone), "test-zone-2");
  EXPECT_EQ(cloud_.insufficient_capacity_errors(), 1u);
  EXPECT_TRUE(
      cloud_.unavailable_offerings().IsUnavailable("small-instance-type", "test-zone-1", "spot"));
}

// AWS: when every offering of the chosen capacity type ICEs, Create fails with insufficient
// capacity and the offerings are cached as unavailable; the next launch falls back to on-demand.
// After the TTL the spot offerings come back.
TEST_F(SimulatedCloudProviderTest, AllSpotOfferingsExhaustedIsInsufficientCapacity) {
  const std::vector<api::NodeSelectorRequirement> reqs = {
      Req("node.kubernetes.io/instance-type", "In", {"small-instance-type"})};
  cloud_.SetOfferingCapacity("small-instance-type", "test-zone-1", "spot", 0);
  cloud_.SetOfferingCapacity("small-instance-type", "test-zone-2", "spot", 1);
  ASSERT_TRUE(cloud_.Create(Claim("a", reqs)));
  auto failed = cloud_.Create(Claim("b", reqs));
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().code(), ErrorCode::kInsufficientCapacity);
  EXPECT_EQ(cloud_.instances().size(), 1u);

  api::NodePool pool;
  pool.metadata.name = "default";
  auto types = cloud_.GetInstanceTypes(pool);
  ASSERT_TRUE(types);
  for (const InstanceTypePtr& t : *types) {
    if (t->name != "small-instance-type") continue;
    EXPECT_FALSE(FindOffering(*t, "test-zone-1", "spot")->available);
    EXPECT_FALSE(FindOffering(*t, "test-zone-2", "spot")->available);
    EXPECT_TRUE(FindOffering(*t, "test-zone-1", "on-demand")->available);
  }

  auto od = cloud_.Create(Claim("c", reqs));
  ASSERT_TRUE(od) << od.error().message();
  EXPECT_EQ(Label(*od, api::kCapacityTypeLabelKey), "on-demand");

  clock_.Advance(kUnavailableOfferingsTtl);
  cloud_.SetOfferingCapacity("small-instance-type", "test-zone-1", "spot", 5);
  auto spot = cloud_.Create(Claim("d", reqs));
  ASSERT_TRUE(spot);
  EXPECT_EQ(Label(*spot, api::kCapacityTypeLabelKey), "spot");
}

TEST_F(SimulatedCloudProviderTest, NoCompatibleInstanceTypeIsInvalidArgument) {
  auto created =
      cloud_.Create(Claim("nc", {Req("node.kubernetes.io/instance-type", "In", {"nope"})}));
  ASSERT_FALSE(created);
  EXPECT_EQ(created.error().code(), ErrorCode::kInvalidArgument);
  auto too_big = cloud_.Create(Claim("nc", {}, {{"cpu", Quantity::MustParse("1000")}}));
  ASSERT_FALSE(too_big);
  EXPECT_EQ(too_big.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_TRUE(cloud_.instances().empty());
}

// Ported from the fake: claim labels win over the instance's, provider ids are unique.
TEST_F(SimulatedCloudProviderTest, FakeClaimLabelsOverrideInstanceLabels) {
  api::NodeClaim claim = Claim("nc");
  claim.metadata.labels = {{"karpenter.sh/nodepool", "default"}, {"team", "a"}, {"size", "xl"}};
  auto created = cloud_.Create(claim);
  ASSERT_TRUE(created);
  EXPECT_EQ(Label(*created, "team"), "a");
  EXPECT_EQ(Label(*created, "size"), "xl");
  EXPECT_EQ(cloud_.FindInstance(created->status.provider_id)->node_pool, "default");
  auto second = cloud_.Create(claim);
  ASSERT_TRUE(second);
  EXPECT_NE(second->status.provider_id, created->status.provider_id);
}

// Ported from the fake's Delete/Get: a deleted instance is NotFound, and so is a second delete.
TEST_F(SimulatedCloudProviderTest, FakeDeleteAndGet) {
  auto created = cloud_.Create(Claim("nc"));
  ASSERT_TRUE(created);
  EXPECT_TRUE(cloud_.Get(*created));
  EXPECT_TRUE(cloud_.Delete(*created));
  auto get = cloud_.Get(*created);
  ASSERT_FALSE(get);
  EXPECT_EQ(get.error().code(), ErrorCode::kNotFound);
  auto again = cloud_.Delete(*created);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code(), ErrorCode::kNotFound);
  EXPECT_EQ(cloud_.delete_calls(), 2u);
}

TEST_F(SimulatedCloudProviderTest, InjectedErrorsAreOneShot) {
  cloud_.FailNextCreate(Error(ErrorCode::kUnavailable, "throttled"));
  auto failed = cloud_.Create(Claim("nc"));
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().message(), "throttled");
  auto created = cloud_.Create(Claim("nc"));
  ASSERT_TRUE(created);
  cloud_.FailNextDelete(Error(ErrorCode::kUnavailable, "throttled"));
  EXPECT_FALSE(cloud_.Delete(*created));
  EXPECT_TRUE(cloud_.Get(*created));
  EXPECT_TRUE(cloud_.Delete(*created));
}

TEST_F(SimulatedCloudProviderTest, TerminatedInstancesAndDrift) {
  auto created = cloud_.Create(Claim("nc"));
  ASSERT_TRUE(created);
  EXPECT_TRUE(cloud_.Owns(created->status.provider_id));
  EXPECT_FALSE(cloud_.Owns("aws:///us-east-1a/i-0123"));
  EXPECT_EQ(cloud_.IsDrifted(*created), "");
  cloud_.SetDrifted(created->status.provider_id, "AMIDrift");
  EXPECT_EQ(cloud_.IsDrifted(*created), "AMIDrift");
  EXPECT_TRUE(cloud_.TerminateInstance(created->status.provider_id));
  EXPECT_FALSE(cloud_.TerminateInstance(created->status.provider_id));
  EXPECT_EQ(cloud_.Get(*created).error().code(), ErrorCode::kNotFound);
}

// The fake's InstanceTypesForNodePool: a pool's own list replaces the catalogue.
TEST_F(SimulatedCloudProviderTest, FakeInstanceTypesForNodePool) {
  cloud_.SetInstanceTypesForNodePool("gpu", {fake::NewInstanceType("only-type")});
  api::NodePool pool;
  pool.metadata.name = "gpu";
  auto types = cloud_.GetInstanceTypes(pool);
  ASSERT_TRUE(types);
  ASSERT_EQ(types->size(), 1u);
  EXPECT_EQ((*types)[0]->name, "only-type");
  api::NodeClaim claim = Claim("nc");
  claim.metadata.labels["karpenter.sh/nodepool"] = "gpu";
  auto created = cloud_.Create(claim);
  ASSERT_TRUE(created);
  EXPECT_EQ(Label(*created, api::kLabelInstanceTypeStable), "only-type");
  pool.metadata.name = "other";
  EXPECT_EQ(cloud_.GetInstanceTypes(pool)->size(), fake::DefaultInstanceTypes().size());
}

// Over the KWOK catalogue as `tidepool simulate` loads it: the cheapest type that fits 3 cpu and
// 10Gi among linux/amd64 is c-4x (2 GiB per vCPU is too little at 2x), launched as spot at 0.7 of
// its on-demand price.
TEST(SimulatedCloudProviderCatalogTest, KwokCatalogLaunchesTheCheapestFittingSpotType) {
  auto catalog = LoadCatalog("kwok");
  ASSERT_TRUE(catalog) << catalog.error().message();
  SimulatedClock clock;
  SimulatedCloudProvider cloud(clock, *catalog);  // the catalogue's well-known labels
  auto created = cloud.Create(Claim(
      "nc", {Req("kubernetes.io/os", "In", {"linux"}), Req("kubernetes.io/arch", "In", {"amd64"})},
      {{"cpu", Quantity::MustParse("3")}, {"memory", Quantity::MustParse("10Gi")}}));
  ASSERT_TRUE(created) << created.error().message();
  const SimulatedInstance* instance = cloud.FindInstance(created->status.provider_id);
  ASSERT_NE(instance, nullptr);
  EXPECT_EQ(Label(*created, api::kCapacityTypeLabelKey), "spot");
  EXPECT_EQ(Label(*created, kwok::kLabelInstanceFamily),
            instance->instance_type->name.substr(0, 1));
  EXPECT_EQ(Label(*created, api::kLabelOSStable), "linux");
  EXPECT_TRUE(
      api::Fits({{"cpu", Quantity::MustParse("3")}, {"memory", Quantity::MustParse("10Gi")}},
                instance->instance_type->allocatable));
  const std::optional<double> on_demand =
      OfferingPrice(*instance->instance_type, instance->zone, "on-demand");
  ASSERT_TRUE(on_demand.has_value());
  EXPECT_NEAR(instance->price, 0.7 * *on_demand, 1e-9);
  // Nothing that fits is cheaper.
  for (const InstanceTypePtr& t : catalog->types) {
    if (!api::Fits({{"cpu", Quantity::MustParse("3")}, {"memory", Quantity::MustParse("10Gi")}},
                   t->allocatable)) {
      continue;
    }
    if (t->requirements.Get("kubernetes.io/os").Has("linux") &&
        t->requirements.Get("kubernetes.io/arch").Has("amd64")) {
      EXPECT_GE(CheapestPrice(*t, api::Requirements()), instance->price - 1e-9) << t->name;
    }
  }
}

}  // namespace
}  // namespace tidepool::cloud
