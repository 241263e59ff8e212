// Checks the kwok catalogue against upstream's generated file: testdata/catalogs/kwok_upstream.csv
// is kubernetes-sigs/karpenter kwok/cloudprovider/instance_types.json flattened (one row per type).
#include "cloud/kwok_catalog.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace tidepool::cloud::kwok {
namespace {

Quantity Q(std::string_view text) { return Quantity::MustParse(text); }

std::vector<std::string> Split(const std::string& line, char sep) {
  std::vector<std::string> out;
  std::stringstream in(line);
  std::string field;
  while (std::getline(in, field, sep)) out.push_back(field);
  return out;
}

api::Requirements OnDemand() {
  return api::Requirements({api::Requirement::Make(api::kCapacityTypeLabelKey,
                                                   api::NodeSelectorOperator::kIn, {"on-demand"})});
}

std::vector<std::string> Values(const InstanceType& type, std::string_view key) {
  return type.requirements.Get(key).values();
}

TEST(KwokCatalogTest, KarpenterKwokInstanceTypesJsonExactly) {
  std::ifstream file(TIDEPOOL_TESTDATA_DIR "/catalogs/kwok_upstream.csv");
  ASSERT_TRUE(file) << "missing testdata/catalogs/kwok_upstream.csv";
  const cloud::InstanceTypes& types = InstanceTypes();
  std::string line;
  size_t row = 0;
  int fused_rows = 0;
  bool header = true;
  while (std::getline(file, line)) {
    if (line.empty() || line[0] == '#') continue;
    if (header) {
      header = false;
      continue;
    }
    std::vector<std::string> f = Split(line, ',');
    ASSERT_EQ(f.size(), 10u) << line;
    ASSERT_LT(row, types.size());
    const InstanceType& t = *types[row++];
    SCOPED_TRACE(f[0]);
    EXPECT_EQ(t.name, f[0]);
    EXPECT_EQ(Values(t, api::kLabelArchStable), std::vector<std::string>{f[1]});
    EXPECT_EQ(Values(t, api::kLabelOSStable), std::vector<std::string>{f[2]});
    EXPECT_EQ(t.capacity.at("cpu"), Q(f[3]));
    EXPECT_EQ(t.capacity.at("memory"), Q(f[4]));
    EXPECT_EQ(t.capacity.at("pods"), Q(f[5]));
    EXPECT_EQ(t.capacity.at("ephemeral-storage"), Q(f[6]));
    EXPECT_EQ(Values(t, api::kLabelTopologyZone), Split(f[7], '|'));
    double spot = std::strtod(f[8].c_str(), nullptr);
    double on_demand = std::strtod(f[9].c_str(), nullptr);
    ASSERT_EQ(t.offerings.size(), 8u);
    if (on_demand != CheapestPrice(t, OnDemand())) {
      // Upstream's generator ran where Go fuses `price += 0.025 * cpu` into one multiply-add
      // (arm64), and Go's random map order decided whether the cpu term came second: then the
      // upstream price is fma(0.025, vCPU, memory term), one rounding instead of two.
      int64_t vcpu = t.capacity.at("cpu").Value();
      double memory_term = 0.001 * static_cast<double>(t.capacity.at("memory").Value()) / 1e9;
      double fused = std::fma(0.025, static_cast<double>(vcpu), memory_term);
      EXPECT_EQ(on_demand, fused);
      EXPECT_EQ(spot, fused * .7);
      ++fused_rows;
      continue;
    }
    for (const Offering& o : t.offerings) {
      // Bit-identical: the same double arithmetic as upstream's generator.
      EXPECT_EQ(o.price, o.capacity_type == "spot" ? spot : on_demand) << o.capacity_type;
      EXPECT_TRUE(o.available);
    }
    // The labels helpers.go setDefaultOptions derives.
    EXPECT_EQ(Values(t, kLabelInstanceCPU), std::vector<std::string>{f[3]});
    EXPECT_EQ(Values(t, kLabelInstanceMemory), std::vector<std::string>{f[4]});
    EXPECT_EQ(Values(t, kLabelInstanceSize), std::vector<std::string>{f[3]});
    EXPECT_EQ(Values(t, kLabelInstanceFamily), std::vector<std::string>{f[0].substr(0, 1)});
  }
  EXPECT_EQ(row, 144u);
  EXPECT_EQ(types.size(), 144u);
  // c-48x-arm64-windows and c-192x-arm64-linux in the snapshot; the other 142 match exactly.
  EXPECT_EQ(fused_rows, 2);
}

TEST(KwokCatalogTest, KarpenterKwokPriceFormula) {
  // karpenter.md §4.2: c-1x on-demand 0.02715, spot 0.01900.
  const InstanceType& c1 = *InstanceTypes()[0];
  EXPECT_EQ(c1.name, "c-1x-amd64-linux");
  EXPECT_NEAR(CheapestPrice(c1, {}), 0.01900, 1e-5);
  EXPECT_DOUBLE_EQ(PriceFromResources(1, int64_t{2} << 30), 0.027147483648);
  for (const InstanceTypePtr& t : InstanceTypes()) {
    double spot = 0, on_demand = 0;
    for (const Offering& o : t->offerings) (o.capacity_type == "spot" ? spot : on_demand) = o.price;
    EXPECT_LT(spot, on_demand) << t->name;
  }
}

TEST(KwokCatalogTest, KarpenterKwokShapes) {
  const cloud::InstanceTypes& types = InstanceTypes();
  const InstanceType& biggest = *types.back();
  EXPECT_EQ(biggest.name, "m-256x-arm64-windows");
  EXPECT_EQ(biggest.capacity.at("pods"), Q("1024"));  // min(16 × 256, 1024)
  EXPECT_EQ(Values(biggest, kLabelInstanceMemory), std::vector<std::string>{"2Ti"});
  EXPECT_EQ(Values(biggest, kLabelInstanceFamily), std::vector<std::string>{"m"});
  const InstanceType& c1 = *types[0];
  EXPECT_EQ(c1.allocatable.at("cpu"), Q("900m"));
  EXPECT_EQ(c1.allocatable.at("memory"), Q("2Gi") - Q("10Mi"));
  EXPECT_EQ(Values(c1, api::kCapacityTypeLabelKey),
            (std::vector<std::string>{"on-demand", "spot"}));
  EXPECT_TRUE(WellKnownLabels().Has(kLabelInstanceFamily));
  EXPECT_TRUE(WellKnownLabels().Has(api::kLabelArchStable));
  // The same shared list on every call.
  EXPECT_EQ(&InstanceTypes(), &types);
}

}  // namespace
}  // namespace tidepool::cloud::kwok
