#include "provisioning/plan_output.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

namespace tidepool::provisioning {
namespace {

PlanResult SampleResult() {
  PlanResult result;
  result.packer = "cost";
  result.catalog = "aws/eu-west-1";
  result.catalog_warnings = {"on-demand prices are us-east-1's"};
  result.prices_borrowed_from = "us-east-1";
  PlannedNodeClaim claim;
  claim.node_pool = "default";
  claim.instance_types = {"small-instance-type", "default-instance-type"};
  claim.requirements = {{"karpenter.sh/capacity-type", "In", {"spot"}, std::nullopt, {}},
                        {"topology.kubernetes.io/zone", "In", {"test-zone-1"}, std::nullopt, {}}};
  claim.capacity_type = "spot";
  claim.zone = "test-zone-1";
  claim.pods = {"default/pod-1"};
  claim.requests = {{"memory", Quantity::MustParse("1034Mi")},
                    {"cpu", Quantity::MustParse("1100m")},
                    {"pods", Quantity::FromInt(2)},
                    {"example.com/gpu", Quantity::FromInt(1)}};
  claim.price_usd_per_hour = 0.41;
  result.node_claims.push_back(claim);
  result.existing_nodes = {{"node-a", {"default/pod-2"}}};
  result.unschedulable = {{"default/pod-3", "no instance type fits"}};
  result.price_usd_per_hour = 0.1 + 0.2 + 0.11;  // binary noise must not show
  result.lower_bound_usd_per_hour = 0.38;
  return result;
}

TEST(PlanOutputTest, JsonHasTheIssueKeysInOrder) {
  std::ostringstream out;
  WritePlanJson(SampleResult(), out);
  nlohmann::ordered_json doc = nlohmann::ordered_json::parse(out.str());
  std::vector<std::string> keys;
  for (const auto& [key, value] : doc.items()) keys.push_back(key);
  EXPECT_EQ(keys, (std::vector<std::string>{"packer", "catalog", "nodeClaims", "existingNodes",
                                            "unschedulable", "totals"}));
  const auto& claim = doc["nodeClaims"][0];
  EXPECT_EQ(claim["nodePool"], "default");
  EXPECT_EQ(claim["instanceTypes"][0], "small-instance-type");
  EXPECT_EQ(claim["capacityType"], "spot");
  EXPECT_EQ(claim["pods"], nlohmann::ordered_json::array({"default/pod-1"}));
  EXPECT_EQ(claim["priceUSDPerHour"], 0.41);
  EXPECT_EQ(claim["requirements"][1]["key"], "topology.kubernetes.io/zone");
  EXPECT_EQ(claim["requirements"][1]["operator"], "In");
  EXPECT_EQ(claim["requirements"][1]["values"][0], "test-zone-1");
  // Requests are Quantity strings, cpu/memory/pods first.
  std::vector<std::string> request_keys;
  for (const auto& [key, value] : claim["requests"].items()) request_keys.push_back(key);
  EXPECT_EQ(request_keys, (std::vector<std::string>{"cpu", "memory", "pods", "example.com/gpu"}));
  EXPECT_EQ(claim["requests"]["cpu"], "1100m");
  EXPECT_EQ(claim["requests"]["memory"], "1034Mi");
  EXPECT_EQ(claim["requests"]["pods"], "2");
  EXPECT_EQ(doc["existingNodes"]["node-a"][0], "default/pod-2");
  EXPECT_EQ(doc["unschedulable"][0]["pod"], "default/pod-3");
  EXPECT_EQ(doc["totals"]["newNodes"], 1);
  EXPECT_EQ(doc["totals"]["priceUSDPerHour"], 0.41);
  EXPECT_EQ(doc["totals"]["lowerBoundUSDPerHour"], 0.38);
  EXPECT_EQ(doc["catalog"]["pricesBorrowedFrom"], "us-east-1");
  EXPECT_NE(out.str().find("\"priceUSDPerHour\": 0.41\n"), std::string::npos) << out.str();
}

TEST(PlanOutputTest, JsonOmitsWhatIsNotThere) {
  PlanResult result;
  result.packer = "karpenter";
  result.catalog = "kwok";
  std::ostringstream out;
  WritePlanJson(result, out);
  nlohmann::json doc = nlohmann::json::parse(out.str());
  EXPECT_FALSE(doc["catalog"].contains("pricesBorrowedFrom"));
  EXPECT_FALSE(doc["totals"].contains("lowerBoundUSDPerHour"));
  EXPECT_FALSE(doc.contains("warnings"));
  EXPECT_TRUE(doc["nodeClaims"].is_array());
  EXPECT_TRUE(doc["existingNodes"].is_object());
  EXPECT_EQ(doc["totals"]["newNodes"], 0);
}

TEST(PlanOutputTest, SameResultSameBytes) {
  std::ostringstream a, b, c, d;
  WritePlanJson(SampleResult(), a);
  WritePlanJson(SampleResult(), b);
  WritePlanText(SampleResult(), c);
  WritePlanText(SampleResult(), d);
  EXPECT_EQ(a.str(), b.str());
  EXPECT_EQ(c.str(), d.str());
}

TEST(PlanOutputTest, TextIsATable) {
  std::ostringstream out;
  WritePlanText(SampleResult(), out);
  const std::string text = out.str();
  EXPECT_NE(text.find("catalog: aws/eu-west-1 (on-demand prices borrowed from us-east-1)"),
            std::string::npos)
      << text;
  // Header and row line up: the row's first-type column starts where the header's does.
  size_t header = text.find("NODEPOOL");
  ASSERT_NE(header, std::string::npos);
  size_t header_end = text.find('\n', header);
  size_t row = header_end + 1;
  size_t type_in_header = text.find("INSTANCE TYPE", header) - header;
  size_t type_in_row = text.find("small-instance-type", row) - row;
  EXPECT_EQ(type_in_header, type_in_row) << text;
  EXPECT_NE(text.find("0.4100"), std::string::npos);
  EXPECT_NE(text.find("UNSCHEDULABLE POD"), std::string::npos);
  EXPECT_NE(text.find("no instance type fits"), std::string::npos);
  EXPECT_NE(text.find("node-a"), std::string::npos);
  EXPECT_NE(text.find("total: 1 new node, $0.4100/hour (lower bound $0.3800/hour, +7.9%)"),
            std::string::npos)
      << text;
}

}  // namespace
}  // namespace tidepool::provisioning
