// EventBridge JSON -> InterruptionMessage, as upstream's EventParser and the per-kind parsers
// (aws pkg/controllers/interruption/parser.go, messages/*/parser.go) read it. The only file of
// the interruption controller that sees nlohmann.
#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>
#include <string>

#include "lifecycle/interruption.h"

namespace tidepool::lifecycle {
namespace {

using nlohmann::json;

constexpr std::string_view kEc2Source = "aws.ec2";
constexpr std::string_view kHealthSource = "aws.health";

// A string member, "" when absent or null; false (an unmarshal error upstream) when it has
// another type.
bool StringField(const json& object, const char* key, std::string& out) {
  out.clear();
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return true;
  if (!it->is_string()) return false;
  out = it->get<std::string>();
  return true;
}

Status TypeError(std::string_view what, std::string_view field) {
  return Fail(ErrorCode::kParse, "unmarshalling the message as " + std::string(what) + ", field " +
                                     std::string(field) + " has the wrong type");
}

// `detail` as an object; a missing or null detail reads as empty, as Go's decoder leaves it.
Result<const json*> Detail(const json& root, std::string_view what) {
  static const json kEmpty = json::object();
  auto it = root.find("detail");
  if (it == root.end() || it->is_null()) return &kEmpty;
  if (!it->is_object()) return tl::unexpected(TypeError(what, "detail").error());
  return &*it;
}

// Messages whose detail carries one `instance-id` (spot interruption, rebalance, capacity
// reservation interruption).
Status ParseInstanceDetail(const json& root, std::string_view what, InterruptionMessage& out) {
  Result<const json*> detail = Detail(root, what);
  if (!detail) return tl::unexpected(detail.error());
  std::string id;
  if (!StringField(**detail, "instance-id", id)) return TypeError(what, "detail.instance-id");
  out.instance_ids.push_back(std::move(id));
  return OkStatus();
}

Status ParseStateChange(const json& root, InterruptionMessage& out) {
  constexpr std::string_view kWhat = "EC2InstanceStateChangeNotification";
  Result<const json*> detail = Detail(root, kWhat);
  if (!detail) return tl::unexpected(detail.error());
  std::string id, state;
  if (!StringField(**detail, "instance-id", id)) return TypeError(kWhat, "detail.instance-id");
  if (!StringField(**detail, "state", state)) return TypeError(kWhat, "detail.state");
  std::transform(state.begin(), state.end(), state.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (state == "stopping" || state == "stopped") {
    out.kind = InterruptionKind::kInstanceStopped;
  } else if (state == "shutting-down" || state == "terminated") {
    out.kind = InterruptionKind::kInstanceTerminated;
  } else {
    out.kind = InterruptionKind::kNoOp;  // a state Karpenter does not react to
    return OkStatus();
  }
  out.instance_ids.push_back(std::move(id));
  return OkStatus();
}

Status ParseHealthEvent(const json& root, InterruptionMessage& out) {
  constexpr std::string_view kWhat = "AWSHealthEvent";
  Result<const json*> detail = Detail(root, kWhat);
  if (!detail) return tl::unexpected(detail.error());
  std::string service, category;
  if (!StringField(**detail, "service", service)) return TypeError(kWhat, "detail.service");
  if (!StringField(**detail, "eventTypeCategory", category)) {
    return TypeError(kWhat, "detail.eventTypeCategory");
  }
  std::vector<std::string> ids;
  auto entities = (*detail)->find("affectedEntities");
  if (entities != (*detail)->end() && !entities->is_null()) {
    if (!entities->is_array()) return TypeError(kWhat, "detail.affectedEntities");
    for (const json& entity : *entities) {
      if (!entity.is_object()) return TypeError(kWhat, "detail.affectedEntities");
      std::string value;
      if (!StringField(entity, "entityValue", value)) {
        return TypeError(kWhat, "detail.affectedEntities.entityValue");
      }
      ids.push_back(std::move(value));
    }
  }
  if (service != "EC2" || category != "scheduledChange") {
    out.kind = InterruptionKind::kNoOp;  // other services and categories are not watched
    return OkStatus();
  }
  out.kind = InterruptionKind::kScheduledChange;
  out.instance_ids = std::move(ids);
  return OkStatus();
}

}  // namespace

Result<InterruptionMessage> ParseInterruptionMessage(std::string_view body) {
  InterruptionMessage out;
  if (body.empty()) return out;
  json root = json::parse(body.begin(), body.end(), nullptr, /*allow_exceptions=*/false);
  if (root.is_discarded() || !root.is_object()) {
    return Fail(ErrorCode::kParse, "unmarshalling the message as Metadata, invalid JSON object");
  }
  std::string version, source, detail_type, time;
  if (!StringField(root, "version", version) || !StringField(root, "source", source) ||
      !StringField(root, "detail-type", detail_type) || !StringField(root, "id", out.id) ||
      !StringField(root, "time", time)) {
    return Fail(ErrorCode::kParse,
                "unmarshalling the message as Metadata, a field has the "
                "wrong type");
  }
  if (!time.empty()) {
    Result<Time> parsed = Time::ParseRfc3339(time);
    if (!parsed) {
      return Fail(ErrorCode::kParse,
                  "unmarshalling the message as Metadata, " + parsed.error().message());
    }
    out.time = *parsed;
  }
  if (version != "0") return out;  // no parser for this key: a no-op, as upstream
  Status status = OkStatus();
  if (source == kEc2Source && detail_type == "EC2 Spot Instance Interruption Warning") {
    out.kind = InterruptionKind::kSpotInterrupted;
    status = ParseInstanceDetail(root, "EC2SpotInstanceInterruptionWarning", out);
  } else if (source == kEc2Source && detail_type == "EC2 Instance Rebalance Recommendation") {
    out.kind = InterruptionKind::kRebalanceRecommendation;
    status = ParseInstanceDetail(root, "EC2InstanceRebalanceRecommendation", out);
  } else if (source == kEc2Source &&
             detail_type == "EC2 Capacity Reservation Instance Interruption Warning") {
    out.kind = InterruptionKind::kCapacityReservationInterrupted;
    status = ParseInstanceDetail(root, "EC2CapacityReservationInterruptionWarning", out);
  } else if (source == kEc2Source && detail_type == "EC2 Instance State-change Notification") {
    status = ParseStateChange(root, out);
  } else if (source == kHealthSource && detail_type == "AWS Health Event") {
    status = ParseHealthEvent(root, out);
  }
  if (!status) {
    return Fail(ErrorCode::kParse, "parsing event message, " + status.error().message());
  }
  if (out.kind == InterruptionKind::kNoOp) out.instance_ids.clear();
  return out;
}

}  // namespace tidepool::lifecycle
