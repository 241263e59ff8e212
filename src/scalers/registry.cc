#include "scalers/registry.h"

#include <algorithm>

#include "scalers/cpu_memory_scaler.h"
#include "scalers/cron_scaler.h"
#include "scalers/simulated_scaler.h"

namespace tidepool::scalers {
namespace {

// Levenshtein distance, for the "did you mean" hint (types are short; no allocation beyond one
// row).
size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = up;
    }
  }
  return row[b.size()];
}

}  // namespace

void Registry::Register(std::string type, ScalerFactory factory) {
  factories_[std::move(type)] = std::move(factory);
}

bool Registry::Contains(std::string_view type) const {
  return factories_.find(type) != factories_.end();
}

std::vector<std::string> Registry::Types() const {
  std::vector<std::string> out;
  out.reserve(factories_.size());
  for (const auto& [type, factory] : factories_) out.push_back(type);
  return out;
}

Result<std::unique_ptr<Scaler>> Registry::Build(const ScalerConfig& config) const {
  auto it = factories_.find(config.trigger_type);
  if (it != factories_.end()) return it->second(config);
  std::string message = "no scaler found for type: " + config.trigger_type;
  const std::string* best = nullptr;
  size_t best_distance = 3;  // suggest only near misses
  for (const auto& [type, factory] : factories_) {
    size_t d = EditDistance(config.trigger_type, type);
    if (d < best_distance) {
      best_distance = d;
      best = &type;
    }
  }
  if (best != nullptr) message += " (did you mean \"" + *best + "\"?)";
  return Fail(ErrorCode::kInvalidArgument, std::move(message));
}

Registry& Registry::WithSimulatedSources(MetricWorld& world) {
  for (std::string_view type : SimulatedScalerTypes()) {
    Register(std::string(type),
             [&world](const ScalerConfig& config) { return NewSimulatedScaler(config, world); });
  }
  return *this;
}

Registry DefaultRegistry() {
  Registry r;
  r.Register("cron", NewCronScaler);
  r.Register("cpu",
             [](const ScalerConfig& c) { return NewCpuMemoryScaler(ResourceKind::kCpu, c); });
  r.Register("memory",
             [](const ScalerConfig& c) { return NewCpuMemoryScaler(ResourceKind::kMemory, c); });
  return r;
}

Registry SimulatedRegistry(MetricWorld& world) {
  Registry r = DefaultRegistry();
  r.WithSimulatedSources(world);
  return r;
}

}  // namespace tidepool::scalers
