// Keys and references for objects held in cluster state: (namespace, name) keys ordered so that
// iteration is deterministic and lookups take string views without allocating, and the
// (kind, namespace, name) reference events and errors use to name an object.
// Cluster-scoped objects (ClusterTriggerAuthentication, later Nodes) use the empty namespace.
#pragma once

#include <compare>
#include <string>
#include <string_view>

namespace tidepool::cluster {

struct ObjectKey {
  std::string namespace_;
  std::string name;
  friend bool operator==(const ObjectKey&, const ObjectKey&) = default;
};

// A borrowed key for heterogeneous lookups.
struct ObjectKeyView {
  std::string_view namespace_;
  std::string_view name;
};

// Orders keys by namespace, then name; transparent, so maps keyed by ObjectKey can be searched
// with an ObjectKeyView.
struct ObjectKeyLess {
  using is_transparent = void;
  template <class A, class B>
  bool operator()(const A& a, const B& b) const {
    std::string_view an = a.namespace_, bn = b.namespace_;
    if (an != bn) return an < bn;
    return std::string_view(a.name) < std::string_view(b.name);
  }
};

// The object an event is about (core/v1 ObjectReference, the fields events print).
struct ObjectReference {
  std::string kind;
  std::string namespace_;
  std::string name;
  friend bool operator==(const ObjectReference&, const ObjectReference&) = default;
};

}  // namespace tidepool::cluster
