// Simulated scalers: in the simulator, a trigger of a real type that needs an external service
// (aws-sqs-queue, redis, kafka, prometheus, ...) is served by a SimulatedScaler. It parses the
// type's real parameters (same names, sources, defaults and errors as upstream), produces the
// type's real metric name and target, and reads the current value from a MetricWorld instead of
// the service. The value read is the one the real scaler would export (queue length, total lag,
// query result), before milli rounding; activity is value > activation threshold.
//
// Sources and addresses (what MetricWorld::Read receives), per trigger type:
//   aws-sqs-queue   source "aws-sqs-queue",  address: queueURL as resolved
//   redis           source "redis",          address: "<first address or host:port>/<listName>"
//   redis-streams   source "redis-streams",  address: "<host>/<stream>" or
//                                             "<host>/<stream>/<consumerGroup>" (pending or lag
//                                             mode: the value is the pending count or the lag)
//   kafka           source "kafka",          address: "<consumerGroup>/<topic>" (topic may be "")
//   prometheus      source "prometheus",     address: the query
//   rabbitmq        source "rabbitmq",       address: the queue name
//   postgresql      source "postgresql",     address: the query
//   mysql           source "mysql",          address: the query
//   nats-jetstream  source "nats-jetstream", address: "<account>/<stream>/<consumer>"
// A Read error is the scaler's error (the controller counts it for fallback).
// Simplifications: the world supplies the exported value directly, so kafka's per-partition
// capping and rabbitmq's rate-mode activity rule (rate or queued messages above activation) are
// the world's business; connection and TLS parameters are parsed and validated but unused.
#pragma once

#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "scalers/scaler.h"

namespace tidepool::scalers {

// The simulated outside world's metric sources. Called from the controller thread.
class MetricWorld {
 public:
  virtual ~MetricWorld() = default;
  [[nodiscard]] virtual Result<double> Read(std::string_view source, std::string_view address) = 0;
};

// What a simulated trigger parsed to.
struct SimulatedTrigger {
  std::string source;
  std::string address;
  std::string metric_name;  // with the s<index>- prefix
  Quantity target;
  double activation = 0;
};

// The trigger types served by simulated scalers.
std::span<const std::string_view> SimulatedScalerTypes();

// The type's real parameter parsing; errors worded as upstream.
[[nodiscard]] Result<SimulatedTrigger> ParseSimulatedTrigger(const ScalerConfig& config);

// kafka's parsePartitionLimitation: "1-4,8,10-12" -> 1 2 3 4 8 10 11 12; blank -> none.
[[nodiscard]] Result<std::vector<int32_t>> ParseKafkaPartitionLimitation(std::string_view text);

// `world` must outlive the scaler. config.clock must be set.
[[nodiscard]] Result<std::unique_ptr<Scaler>> NewSimulatedScaler(const ScalerConfig& config,
                                                                 MetricWorld& world);

}  // namespace tidepool::scalers
