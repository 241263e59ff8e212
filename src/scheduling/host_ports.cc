#include "scheduling/host_ports.h"

namespace tidepool::scheduling {
namespace {

bool IsUnspecified(const std::string& ip) { return ip == "0.0.0.0" || ip == "::"; }

}  // namespace

bool HostPort::Matches(const HostPort& other) const {
  if (protocol != other.protocol || port != other.port) return false;
  return ip == other.ip || IsUnspecified(ip) || IsUnspecified(other.ip);
}

std::string HostPort::String() const {
  return "IP=" + ip + " Port=" + std::to_string(port) + " Proto=" + protocol;
}

std::vector<HostPort> GetHostPorts(const api::Pod& pod) {
  std::vector<HostPort> ports;
  for (const api::Container& container : pod.spec.containers) {
    for (const api::ContainerPort& port : container.ports) {
      if (port.host_port == 0) continue;
      ports.push_back(HostPort{port.host_ip.empty() ? "0.0.0.0" : port.host_ip, port.host_port,
                               port.protocol.empty() ? "TCP" : port.protocol});
    }
  }
  return ports;
}

void HostPortUsage::Add(const std::string& pod_key, const std::vector<HostPort>& ports) {
  for (const HostPort& port : ports) entries_.emplace_back(pod_key, port);
}

std::optional<std::string> HostPortUsage::Conflicts(const std::string& pod_key,
                                                    const std::vector<HostPort>& ports) const {
  for (const HostPort& port : ports) {
    for (const auto& [owner, existing] : entries_) {
      if (owner != pod_key && port.Matches(existing)) {
        return port.String() + " conflicts with existing HostPort configuration " +
               existing.String();
      }
    }
  }
  return std::nullopt;
}

}  // namespace tidepool::scheduling
