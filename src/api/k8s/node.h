// core/v1 Node: the machines pods run on. Spec (taints, unschedulable, providerID) and the
// status fields the scheduler and the node autoscaler read (capacity, allocatable, conditions,
// addresses) are typed; nodeInfo, images, daemonEndpoints and the rest are kept in `extra`.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "api/codec_fwd.h"
#include "api/extra_fields.h"
#include "api/field_errors.h"
#include "api/meta.h"
#include "api/resources.h"
#include "api/taint.h"

namespace tidepool::api {

inline constexpr const char* kNodeReady = "Ready";

struct NodeSpec {
  std::string pod_cidr;
  std::vector<std::string> pod_cidrs;
  std::string provider_id;  // e.g. aws:///us-west-2a/i-0123456789abcdef0
  bool unschedulable = false;
  std::vector<Taint> taints;
  ExtraFields extra;  // configSource, externalID, podPreemptionPolicy
  friend bool operator==(const NodeSpec&, const NodeSpec&) = default;
};
TIDEPOOL_DECLARE_CODEC(NodeSpec);

struct NodeCondition {
  std::string type;    // Ready, MemoryPressure, DiskPressure, PIDPressure, NetworkUnavailable
  std::string status;  // True, False, Unknown
  std::string last_heartbeat_time;
  std::string last_transition_time;
  std::string reason;
  std::string message;
  ExtraFields extra;
  friend bool operator==(const NodeCondition&, const NodeCondition&) = default;
};
TIDEPOOL_DECLARE_CODEC(NodeCondition);

struct NodeAddress {
  std::string type;  // InternalIP, ExternalIP, Hostname, ...
  std::string address;
  ExtraFields extra;
  friend bool operator==(const NodeAddress&, const NodeAddress&) = default;
};
TIDEPOOL_DECLARE_CODEC(NodeAddress);

// Written by the kubelet; decoded leniently.
struct NodeStatus {
  ResourceList capacity;
  ResourceList allocatable;  // defaults to capacity
  std::string phase;
  std::vector<NodeCondition> conditions;
  std::vector<NodeAddress> addresses;
  ExtraFields extra;
  friend bool operator==(const NodeStatus&, const NodeStatus&) = default;
};
TIDEPOOL_DECLARE_CODEC(NodeStatus);

struct Node : Object {
  NodeSpec spec;
  NodeStatus status;

  // The status of the Ready condition ("True", "False", "Unknown"), or "" without one.
  std::string ReadyStatus() const;

  std::unique_ptr<Object> Clone() const override { return std::make_unique<Node>(*this); }
  friend bool operator==(const Node& a, const Node& b) {
    return a.HeaderEquals(b) && a.spec == b.spec && a.status == b.status;
  }
};
TIDEPOOL_DECLARE_CODEC(Node);

// SetDefaults_NodeStatus: allocatable defaults to capacity when absent.
void SetDefaults(Node& node);
// ValidateNode: name (DNS subdomain), taints (key, value, effect, unique key+effect),
// capacity and allocatable quantities.
void Validate(const Node& node, FieldErrors& errors);

}  // namespace tidepool::api
