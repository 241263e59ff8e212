// Seeded randomness for every decision that needs it. The same seed gives the same sequence on
// every machine and compiler (xoshiro256** seeded through splitmix64, with our own distributions
// rather than <random>'s, whose outputs differ between standard libraries). Not thread-safe: give
// each component its own stream with Fork().
#pragma once

#include <cstdint>

namespace tidepool {

class Random {
 public:
  explicit Random(uint64_t seed);

  uint64_t seed() const { return seed_; }
  uint64_t NextU64();
  // Uniform in [lo, hi], inclusive; lo <= hi.
  int64_t UniformInt(int64_t lo, int64_t hi);
  // Uniform in [0, 1).
  double UniformDouble();
  bool Bernoulli(double p) { return UniformDouble() < p; }
  // Exponentially distributed with the given rate (mean 1/rate); rate > 0.
  double Exponential(double rate);
  // Normally distributed (Box-Muller).
  double Normal(double mean, double stddev);
  // An independent stream derived from this one's seed and `stream`, so adding draws in one
  // component does not shift the sequence of another.
  Random Fork(uint64_t stream) const;

 private:
  uint64_t seed_;
  uint64_t s_[4];
};

// A seed from the operating system's entropy, for runs where the user gave none. The seed is
// printed so the run can be repeated. Implemented in real_random.cc, the only place allowed to
// draw unseeded randomness.
uint64_t SeedFromEntropy();

}  // namespace tidepool
