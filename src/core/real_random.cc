#include <random>

#include "core/random.h"

namespace tidepool {

uint64_t SeedFromEntropy() {
  std::random_device device;
  return (static_cast<uint64_t>(device()) << 32) ^ device();
}

}  // namespace tidepool
