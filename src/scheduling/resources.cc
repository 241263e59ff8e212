#include "scheduling/resources.h"

#include <cmath>

namespace tidepool::scheduling {

int64_t ToMilli(const Quantity& q) {
  // MilliValue is exact below ~9.2e15 units; beyond that the double is precise enough to decide
  // saturation, and such amounts are limits, never requests.
  double approx = q.AsDouble() * 1000.0;
  if (approx >= static_cast<double>(kUnbounded)) return kUnbounded;
  if (approx <= -static_cast<double>(kUnbounded)) return -kUnbounded;
  return q.MilliValue();
}

ResourceIndex::ResourceIndex() {
  for (const char* name : {api::kResourceCPU, api::kResourceMemory, api::kResourcePods,
                           api::kResourceEphemeralStorage}) {
    Intern(name);
  }
}

size_t ResourceIndex::Intern(std::string_view name) {
  auto it = by_name_.find(std::string(name));
  if (it != by_name_.end()) return it->second;
  names_.emplace_back(name);
  by_name_.emplace(names_.back(), names_.size() - 1);
  return names_.size() - 1;
}

void ResourceIndex::Intern(const api::ResourceList& list) {
  for (const auto& [name, quantity] : list) Intern(name);
}

int ResourceIndex::Find(std::string_view name) const {
  auto it = by_name_.find(std::string(name));
  return it == by_name_.end() ? -1 : static_cast<int>(it->second);
}

ResourceVector ResourceIndex::Dense(const api::ResourceList& list) const {
  ResourceVector v(names_.size(), 0);
  for (const auto& [name, quantity] : list) {
    int i = Find(name);
    if (i >= 0) v[static_cast<size_t>(i)] = ToMilli(quantity);
  }
  return v;
}

api::ResourceList ResourceIndex::Sparse(const ResourceVector& v) const {
  api::ResourceList list;
  for (size_t i = 0; i < v.size() && i < names_.size(); ++i) {
    if (v[i] == 0) continue;
    list[names_[i]] =
        (v[i] % 1000 == 0) ? Quantity::FromInt(v[i] / 1000) : Quantity::FromMilli(v[i]);
  }
  return list;
}

}  // namespace tidepool::scheduling
