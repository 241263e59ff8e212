#include "scheduling/cost_packer.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace tidepool::scheduling {
namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();
constexpr double kGiB = 1024.0 * 1024.0 * 1024.0;

double Get(const api::ResourceList& list, const char* name) {
  auto it = list.find(name);
  return it == list.end() ? 0.0 : it->second.AsDouble();
}

// The lowest price of any offering, available or not: a property of the type, not of a claim,
// so that the family a type belongs to never changes.
double ListPrice(const cloud::InstanceType& type) {
  double price = kInfinity;
  for (const cloud::Offering& offering : type.offerings) price = std::min(price, offering.price);
  return price;
}

// The shape of the demand the claim should be sized for: the remaining demand, over the
// resources the opening pod asks for (a GPU request elsewhere in the queue must not rule out
// every GPU-less family for a cpu-only pod).
api::ResourceList DemandShape(const ClaimContext& claim) {
  api::ResourceList shape;
  if (claim.requests == nullptr) return shape;
  const api::ResourceList& source =
      claim.pending_requests != nullptr ? *claim.pending_requests : *claim.requests;
  for (const auto& [name, q] : *claim.requests) {
    if (q.Sign() <= 0) continue;
    auto it = source.find(name);
    shape[name] = it != source.end() && it->second.Sign() > 0 ? it->second : q;
  }
  return shape;
}

struct FamilyChoice {
  int family;
  const cloud::InstanceType* largest;
  double largest_cpu;
  double cost = kInfinity;
};

}  // namespace

double CostPackingPolicy::ShapeCost(const cloud::InstanceType& type, double price,
                                    const api::ResourceList& demand) {
  double nodes = 0;
  for (const auto& [name, q] : demand) {
    if (q.Sign() <= 0) continue;
    auto it = type.allocatable.find(name);
    if (it == type.allocatable.end() || it->second.Sign() <= 0) return kInfinity;
    nodes = std::max(nodes, q.AsDouble() / it->second.AsDouble());
  }
  return price * nodes;
}

const CostPackingPolicy::TypeInfo& CostPackingPolicy::Info(const cloud::InstanceType& type) const {
  auto [it, inserted] = info_.try_emplace(&type);
  if (!inserted) return it->second;
  const double cpu = Get(type.capacity, api::kResourceCPU);
  const double memory = Get(type.capacity, api::kResourceMemory) / kGiB;
  const double price = ListPrice(type);
  // Memory per cpu to 1%, price per cpu in buckets of about 0.5%.
  int64_t ratio_key = cpu > 0 ? std::llround(100.0 * memory / cpu) : -1;
  int64_t price_key = cpu > 0 && price > 0 && std::isfinite(price)
                          ? std::llround(200.0 * std::log2(price / cpu))
                          : std::numeric_limits<int32_t>::min();
  uint64_t key = (static_cast<uint64_t>(static_cast<uint32_t>(ratio_key)) << 32) |
                 static_cast<uint32_t>(price_key);
  auto [family, added] = families_.try_emplace(key, static_cast<int>(families_.size()));
  it->second.family = family->second;
  it->second.cpu = Get(type.allocatable, api::kResourceCPU);
  return it->second;
}

void CostPackingPolicy::OpenClaimOptions(const ClaimContext& claim,
                                         cloud::InstanceTypes& options) const {
  if (options.size() <= 1 || claim.requirements == nullptr) return;
  if (claim.requirements->HasMinValues()) return;
  const api::ResourceList demand = DemandShape(claim);
  if (demand.empty()) return;

  // Each family's largest option stands for the family: the size that wastes least on
  // per-node overhead, i.e. the family's best cost for this shape.
  std::vector<FamilyChoice> families;
  for (const cloud::InstanceTypePtr& type : options) {
    const TypeInfo& info = Info(*type);
    auto f = std::find_if(families.begin(), families.end(),
                          [&](const FamilyChoice& c) { return c.family == info.family; });
    if (f == families.end()) {
      families.push_back({info.family, type.get(), info.cpu});
    } else if (info.cpu > f->largest_cpu) {
      f->largest = type.get();
      f->largest_cpu = info.cpu;
    }
  }
  if (families.size() <= 1) return;
  double best = kInfinity;
  for (FamilyChoice& f : families) {
    double price = cloud::CheapestPrice(*f.largest, *claim.requirements);
    if (price == cloud::kNoPrice) continue;
    f.cost = ShapeCost(*f.largest, price, demand);
    best = std::min(best, f.cost);
  }
  if (!std::isfinite(best)) return;
  const double limit = best * (1.0 + tolerance_);
  std::erase_if(options, [&](const cloud::InstanceTypePtr& type) {
    int family = Info(*type).family;
    auto f = std::find_if(families.begin(), families.end(),
                          [&](const FamilyChoice& c) { return c.family == family; });
    return !(f->cost <= limit);
  });
}

Result<cloud::InstanceTypes> CostPackingPolicy::FinalizeOptions(
    const ClaimContext& claim, cloud::InstanceTypes options) const {
  // Cheapest compatible offering first: the smallest adequate size of the chosen family.
  return DefaultPackingPolicy().FinalizeOptions(claim, std::move(options));
}

}  // namespace tidepool::scheduling
