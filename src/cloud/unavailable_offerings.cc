#include "cloud/unavailable_offerings.h"

#include <utility>

namespace tidepool::cloud {

void UnavailableOfferings::MarkUnavailable(std::string_view instance_type, std::string_view zone,
                                           std::string_view capacity_type) {
  MarkUnavailable(instance_type, zone, capacity_type, ttl_);
}

void UnavailableOfferings::MarkUnavailable(std::string_view instance_type, std::string_view zone,
                                           std::string_view capacity_type, Duration ttl) {
  Expire();
  const Time deadline = clock_.Now() + ttl;
  auto it = offerings_.find(OfferingKeyView{instance_type, zone, capacity_type});
  if (it == offerings_.end()) {
    offerings_.emplace(
        OfferingKey{std::string(instance_type), std::string(zone), std::string(capacity_type)},
        deadline);
  } else {
    // Marking again extends the TTL (upstream calls SetDefault even when present).
    it->second = deadline;
    RecomputeNextExpiry();
  }
  if (!next_expiry_ || deadline < *next_expiry_) next_expiry_ = deadline;
  BumpType(instance_type);
}

void UnavailableOfferings::MarkCapacityTypeUnavailable(std::string_view capacity_type) {
  Expire();
  const Time deadline = clock_.Now() + ttl_;
  auto it = capacity_types_.find(capacity_type);
  if (it == capacity_types_.end()) {
    capacity_types_.emplace(std::string(capacity_type), deadline);
  } else {
    it->second = deadline;
    RecomputeNextExpiry();
  }
  if (!next_expiry_ || deadline < *next_expiry_) next_expiry_ = deadline;
  ++capacity_type_seq_;
  ++seq_;
}

void UnavailableOfferings::Delete(std::string_view instance_type, std::string_view zone,
                                  std::string_view capacity_type) {
  Expire();
  auto it = offerings_.find(OfferingKeyView{instance_type, zone, capacity_type});
  if (it != offerings_.end()) {
    offerings_.erase(it);
    RecomputeNextExpiry();
  }
  BumpType(instance_type);
}

void UnavailableOfferings::Flush() {
  for (const auto& [key, deadline] : offerings_) BumpType(key.instance_type);
  if (!capacity_types_.empty()) {
    ++capacity_type_seq_;
    ++seq_;
  }
  offerings_.clear();
  capacity_types_.clear();
  next_expiry_.reset();
}

bool UnavailableOfferings::IsUnavailable(std::string_view instance_type, std::string_view zone,
                                         std::string_view capacity_type) const {
  Expire();
  if (!capacity_types_.empty() && capacity_types_.contains(capacity_type)) return true;
  return offerings_.contains(OfferingKeyView{instance_type, zone, capacity_type});
}

bool UnavailableOfferings::AnyUnavailable(std::string_view instance_type) const {
  Expire();
  if (!capacity_types_.empty()) return true;
  auto it = offerings_.lower_bound(OfferingKeyView{instance_type, {}, {}});
  return it != offerings_.end() && it->first.instance_type == instance_type;
}

uint64_t UnavailableOfferings::SeqNum(std::string_view instance_type) const {
  Expire();
  auto it = type_seq_.find(instance_type);
  return (it == type_seq_.end() ? 0 : it->second) + capacity_type_seq_;
}

uint64_t UnavailableOfferings::SeqNum() const {
  Expire();
  return seq_;
}

size_t UnavailableOfferings::size() const {
  Expire();
  return offerings_.size();
}

InstanceTypePtr UnavailableOfferings::ApplyTo(const InstanceTypePtr& type) const {
  if (!AnyUnavailable(type->name)) return type;
  const uint64_t seq = SeqNum(type->name);
  auto cached = applied_.find(type->name);
  if (cached != applied_.end() && cached->second.source == type && cached->second.seq == seq) {
    return cached->second.applied;
  }
  InstanceType copy = *type;
  bool changed = false;
  for (Offering& offering : copy.offerings) {
    if (offering.available && IsUnavailable(copy.name, offering.zone, offering.capacity_type)) {
      offering.available = false;
      changed = true;
    }
  }
  InstanceTypePtr applied = changed ? MakeInstanceType(std::move(copy)) : type;
  applied_.insert_or_assign(type->name, CachedType{type, seq, applied});
  return applied;
}

InstanceTypes UnavailableOfferings::ApplyTo(const InstanceTypes& types) const {
  Expire();
  if (offerings_.empty() && capacity_types_.empty()) return types;
  InstanceTypes out;
  out.reserve(types.size());
  for (const InstanceTypePtr& type : types) out.push_back(ApplyTo(type));
  return out;
}

void UnavailableOfferings::Expire() const {
  if (!next_expiry_ || clock_.Now() < *next_expiry_) return;
  const Time now = clock_.Now();
  for (auto it = offerings_.begin(); it != offerings_.end();) {
    if (it->second <= now) {
      BumpType(it->first.instance_type);
      it = offerings_.erase(it);
    } else {
      ++it;
    }
  }
  for (auto it = capacity_types_.begin(); it != capacity_types_.end();) {
    if (it->second <= now) {
      ++capacity_type_seq_;
      ++seq_;
      it = capacity_types_.erase(it);
    } else {
      ++it;
    }
  }
  RecomputeNextExpiry();
}

void UnavailableOfferings::BumpType(std::string_view instance_type) const {
  auto it = type_seq_.find(instance_type);
  if (it == type_seq_.end()) it = type_seq_.emplace(std::string(instance_type), 0).first;
  ++it->second;
  ++seq_;
}

void UnavailableOfferings::RecomputeNextExpiry() const {
  next_expiry_.reset();
  for (const auto& [key, deadline] : offerings_) {
    if (!next_expiry_ || deadline < *next_expiry_) next_expiry_ = deadline;
  }
  for (const auto& [key, deadline] : capacity_types_) {
    if (!next_expiry_ || deadline < *next_expiry_) next_expiry_ = deadline;
  }
}

}  // namespace tidepool::cloud
