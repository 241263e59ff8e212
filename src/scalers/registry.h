// The scaler registry (kedacore/keda pkg/scaling/scalers_builder.go buildScaler): an explicit
// table from trigger type to factory. Nothing registers itself through static initialisers
// (static libraries drop them); DefaultRegistry() lists the built-in scalers in one place.
//
// Contract:
//   - Build(config) looks config.trigger_type up and calls its factory; an unknown type is
//     `no scaler found for type: <type>` (plus a "did you mean" hint when a registered type is
//     close), as upstream.
//   - Factory errors are wrapped as upstream does per scaler (e.g. "error parsing cron metadata:
//     ..."); they never contain secret values.
//   - A Registry is built once and then only read; reads are thread-safe.
//
// Simulated mode: WithSimulatedSources(world) registers, for every type that needs an external
// service (aws-sqs-queue, redis, kafka, prometheus, ...), a SimulatedScaler that parses the
// type's real parameters and reads the value from `world` (see simulated_scaler.h).
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "scalers/scaler.h"

namespace tidepool::scalers {

class MetricWorld;

using ScalerFactory = std::function<Result<std::unique_ptr<Scaler>>(const ScalerConfig&)>;

class Registry {
 public:
  // Adds or replaces the factory for `type`.
  void Register(std::string type, ScalerFactory factory);
  bool Contains(std::string_view type) const;
  // Registered types, sorted.
  std::vector<std::string> Types() const;

  [[nodiscard]] Result<std::unique_ptr<Scaler>> Build(const ScalerConfig& config) const;

  // Registers simulated scalers for every type SimulatedScalerTypes() lists; `world` must
  // outlive the registry and every scaler it builds.
  Registry& WithSimulatedSources(MetricWorld& world);

 private:
  std::map<std::string, ScalerFactory, std::less<>> factories_;
};

// cron, cpu, memory: the scalers that need no external service.
Registry DefaultRegistry();

// DefaultRegistry() plus the simulated sources.
Registry SimulatedRegistry(MetricWorld& world);

}  // namespace tidepool::scalers
