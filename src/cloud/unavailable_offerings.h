// Offerings that recently failed to launch (aws/karpenter-provider-aws pkg/cache/
// unavailableofferings.go): an (instance type, zone, capacity type) that returned insufficient
// capacity, or whose spot instance was just interrupted, is skipped for a TTL (3 minutes by
// default, upstream's UnavailableOfferingsTTL) so that the next solve picks another offering or a
// lower-weight NodePool. A whole capacity type can be marked too (upstream's spot service-linked
// role error).
//
// Time comes from the Clock: entries expire lazily, when a query sees that the clock has passed
// their deadline (upstream's go-cache evicts on a 10 s janitor instead; here no timer is needed and
// expiry is exact). An entry is gone at exactly its deadline (go-cache still reports it during
// that nanosecond). Marking an entry again extends its TTL.
//
// Sequence numbers let consumers cache derived data: SeqNum(instance_type) changes whenever that
// type's entries change (mark, expiry, delete) or any capacity-type entry changes, as upstream's;
// SeqNum() changes on every change of any entry.
//
// ApplyTo() turns a catalogue into the one the solver sees: types with an unavailable offering are
// copied with that offering's `available` false (their zone and capacity-type requirements then
// shrink to the still-available offerings, as MakeInstanceType computes them); other types are
// shared unchanged. A rebuilt copy is cached per type and reused while that type's sequence number
// and source pointer are unchanged, so repeated solves do not rebuild anything.
//
// Not thread-safe: used from the clock's dispatching thread. Queries are logically const but
// purge expired entries and fill the ApplyTo cache (mutable state).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "cloud/instance_type.h"
#include "core/clock.h"
#include "core/duration.h"
#include "core/time.h"

namespace tidepool::cloud {

// Upstream UnavailableOfferingsTTL.
inline constexpr Duration kUnavailableOfferingsTtl = Duration::Minutes(3);

class UnavailableOfferings {
 public:
  explicit UnavailableOfferings(const Clock& clock, Duration ttl = kUnavailableOfferingsTtl)
      : clock_(clock), ttl_(ttl) {}

  // (instance_type, zone, capacity_type) is unavailable for the default TTL, or for `ttl`.
  void MarkUnavailable(std::string_view instance_type, std::string_view zone,
                       std::string_view capacity_type);
  void MarkUnavailable(std::string_view instance_type, std::string_view zone,
                       std::string_view capacity_type, Duration ttl);
  // Every offering of `capacity_type` is unavailable for the default TTL.
  void MarkCapacityTypeUnavailable(std::string_view capacity_type);
  // Forgets one offering entry (a no-op when absent, but the type's sequence number still moves,
  // as upstream's eviction callback does).
  void Delete(std::string_view instance_type, std::string_view zone,
              std::string_view capacity_type);
  // Forgets everything.
  void Flush();

  bool IsUnavailable(std::string_view instance_type, std::string_view zone,
                     std::string_view capacity_type) const;
  // Whether any offering of `instance_type` (or any capacity type) is currently marked.
  bool AnyUnavailable(std::string_view instance_type) const;

  uint64_t SeqNum(std::string_view instance_type) const;
  uint64_t SeqNum() const;
  // Live offering entries (after expiry), for tests and logs.
  size_t size() const;

  // `types` with the marked offerings unavailable. Types without marked offerings are the same
  // pointers; the others are cached copies (see the header comment).
  InstanceTypes ApplyTo(const InstanceTypes& types) const;
  // One type (the same pointer when nothing of it is marked).
  InstanceTypePtr ApplyTo(const InstanceTypePtr& type) const;

 private:
  struct OfferingKey {
    std::string instance_type;
    std::string zone;
    std::string capacity_type;
  };
  struct OfferingKeyView {
    std::string_view instance_type;
    std::string_view zone;
    std::string_view capacity_type;
  };
  // Orders by instance type first, so one type's entries are contiguous (AnyUnavailable).
  struct KeyLess {
    using is_transparent = void;
    template <class A, class B>
    bool operator()(const A& a, const B& b) const {
      std::string_view at = a.instance_type, bt = b.instance_type;
      if (at != bt) return at < bt;
      std::string_view az = a.zone, bz = b.zone;
      if (az != bz) return az < bz;
      return std::string_view(a.capacity_type) < std::string_view(b.capacity_type);
    }
  };
  struct CachedType {
    InstanceTypePtr source;
    uint64_t seq = 0;
    InstanceTypePtr applied;
  };

  // Drops entries whose deadline has passed, bumping sequence numbers.
  void Expire() const;
  void BumpType(std::string_view instance_type) const;
  void RecomputeNextExpiry() const;

  const Clock& clock_;
  const Duration ttl_;
  mutable std::map<OfferingKey, Time, KeyLess> offerings_;
  mutable std::map<std::string, Time, std::less<>> capacity_types_;
  mutable std::map<std::string, uint64_t, std::less<>> type_seq_;
  mutable uint64_t capacity_type_seq_ = 0;
  mutable uint64_t seq_ = 0;
  // The earliest deadline of any entry (none when empty), so queries skip the scan.
  mutable std::optional<Time> next_expiry_;
  mutable std::map<std::string, CachedType, std::less<>> applied_;
};

}  // namespace tidepool::cloud
