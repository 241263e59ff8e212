// Host port bookkeeping (kubernetes-sigs/karpenter pkg/scheduling/hostportusage.go): a pod that
// exposes a hostPort cannot share a node with another pod using the same port and protocol on an
// overlapping IP (equal, or either side unspecified: 0.0.0.0 or ::).
//
// Only regular containers count, as upstream's GetHostPorts reads them. An empty hostIP reads as
// 0.0.0.0 and an empty protocol as TCP.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "api/k8s/pod.h"

namespace tidepool::scheduling {

struct HostPort {
  std::string ip;
  int32_t port = 0;
  std::string protocol;
  bool Matches(const HostPort& other) const;
  std::string String() const;  // "IP=0.0.0.0 Port=80 Proto=TCP"
  friend bool operator==(const HostPort&, const HostPort&) = default;
};

std::vector<HostPort> GetHostPorts(const api::Pod& pod);

// The host ports in use on one node, by pod key (namespace/name).
class HostPortUsage {
 public:
  void Add(const std::string& pod_key, const std::vector<HostPort>& ports);
  // Upstream's error, "IP=... conflicts with existing HostPort configuration IP=...", when one of
  // `ports` matches a port of another pod. nullopt when there is no conflict.
  std::optional<std::string> Conflicts(const std::string& pod_key,
                                       const std::vector<HostPort>& ports) const;
  bool empty() const { return entries_.empty(); }

 private:
  std::vector<std::pair<std::string, HostPort>> entries_;
};

}  // namespace tidepool::scheduling
