// Dense resource vectors for the solver's inner loops. A ResourceIndex numbers the resource names
// seen in one solve (cpu, memory, pods, ephemeral-storage first, then extended resources as they
// appear); a ResourceVector holds one int64 per index in milli-units (Quantity::MilliValue), so
// fitting a pod is a loop over a handful of integers instead of a std::map<string, Quantity>
// lookup per resource.
//
// Quantities too large for milli-units (e.g. a NodePool limit of 10,000,000Gi) saturate at
// kUnbounded, which behaves as "no limit": no real request or capacity comes near it.
//
// Thread-safety: value types.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "api/resources.h"
#include "core/quantity.h"

namespace tidepool::scheduling {

inline constexpr int64_t kUnbounded = int64_t{1} << 61;

// Milli-units of `q`, saturating at ±kUnbounded.
int64_t ToMilli(const Quantity& q);

using ResourceVector = std::vector<int64_t>;

class ResourceIndex {
 public:
  ResourceIndex();
  // The index of `name`, adding it when new. Vectors built before an Intern that adds a name are
  // shorter than size(): callers intern every name (Intern(list)) before building vectors.
  size_t Intern(std::string_view name);
  void Intern(const api::ResourceList& list);
  // The index of `name` or -1.
  int Find(std::string_view name) const;
  size_t size() const { return names_.size(); }
  const std::string& name(size_t i) const { return names_[i]; }

  // `list` as a vector of size(); names not interned are ignored.
  ResourceVector Dense(const api::ResourceList& list) const;
  // Back to a ResourceList, leaving out zero entries.
  api::ResourceList Sparse(const ResourceVector& v) const;

 private:
  std::vector<std::string> names_;
  std::unordered_map<std::string, size_t> by_name_;
};

// a += b (sizes must match).
inline void AddInto(ResourceVector& a, const ResourceVector& b) {
  for (size_t i = 0; i < a.size(); ++i) a[i] += b[i];
}
// Upstream resources.Fits over dense vectors: every request is within the available amount.
inline bool Fits(const ResourceVector& requests, const ResourceVector& available) {
  for (size_t i = 0; i < requests.size(); ++i) {
    if (requests[i] > available[i]) return false;
  }
  return true;
}
// Fits(a + b, available) without building a + b.
inline bool FitsSum(const ResourceVector& a, const ResourceVector& b,
                    const ResourceVector& available) {
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i] + b[i] > available[i]) return false;
  }
  return true;
}
// Fits(a + b + c, available).
inline bool FitsSum3(const ResourceVector& a, const ResourceVector& b, const ResourceVector& c,
                     const ResourceVector& available) {
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i] + b[i] + c[i] > available[i]) return false;
  }
  return true;
}

}  // namespace tidepool::scheduling
