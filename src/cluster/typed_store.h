// The objects of one kind, by (namespace, name), in a sorted map: iteration order is the key
// order, so everything built on the store is deterministic. Values are owned by the store;
// pointers returned by Get stay valid until that object is erased or replaced.
// Not thread-safe: cluster state is used from the controllers' single dispatching thread.
#pragma once

#include <cstdint>
#include <map>
#include <ranges>
#include <string_view>
#include <utility>

#include "cluster/object_key.h"

namespace tidepool::cluster {

template <class T>
class TypedStore {
 public:
  using Map = std::map<ObjectKey, T, ObjectKeyLess>;

  const T* Get(std::string_view ns, std::string_view name) const {
    auto it = items_.find(ObjectKeyView{ns, name});
    return it == items_.end() ? nullptr : &it->second;
  }
  T* GetMutable(std::string_view ns, std::string_view name) {
    auto it = items_.find(ObjectKeyView{ns, name});
    return it == items_.end() ? nullptr : &it->second;
  }

  // Inserts or replaces the object stored under its metadata's (namespace, name).
  T& Put(T object) {
    ++version_;
    ObjectKey key{object.metadata.namespace_, object.metadata.name};
    auto [it, inserted] = items_.try_emplace(std::move(key), std::move(object));
    if (!inserted) it->second = std::move(object);
    return it->second;
  }

  bool Erase(std::string_view ns, std::string_view name) {
    auto it = items_.find(ObjectKeyView{ns, name});
    if (it == items_.end()) return false;
    ++version_;
    items_.erase(it);
    return true;
  }

  const Map& items() const { return items_; }
  // Incremented by every Put and Erase (not by changes through GetMutable): while it is unchanged,
  // a pointer from Get still points at the same, unreplaced object.
  uint64_t version() const { return version_; }
  size_t size() const { return items_.size(); }

  // The objects of one namespace, in name order.
  auto InNamespace(std::string_view ns) const {
    auto first = items_.lower_bound(ObjectKeyView{ns, std::string_view()});
    auto last = first;
    while (last != items_.end() && last->first.namespace_ == ns) ++last;
    return std::ranges::subrange(first, last);
  }

 private:
  Map items_;
  uint64_t version_ = 0;
};

}  // namespace tidepool::cluster
