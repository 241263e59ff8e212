#!/usr/bin/env bash
# Fails when code reads the wall clock, sleeps, or draws unseeded randomness outside the real
# Clock and Random implementations (src/core/real_clock.cc, src/core/real_random.cc). Everything
# else gets time from a Clock and randomness from a seeded Random, so runs are reproducible.
set -euo pipefail
cd "$(dirname "$0")/.."

pattern='std::chrono::(system_clock|steady_clock|high_resolution_clock|utc_clock|file_clock)::now'
pattern+='|\bsleep_for\b|\bsleep_until\b|\busleep\s*\(|\bnanosleep\s*\(|[^_a-zA-Z]sleep\s*\('
pattern+='|std::random_device|[^_a-zA-Z.>]s?rand\s*\(|\brandom\s*\(\s*\)|\bdrand48\b'
pattern+='|\btime\s*\(\s*(NULL|nullptr|0)\s*\)|\bgettimeofday\b|\bclock_gettime\b|[^_a-zA-Z]clock\s*\(\s*\)'
pattern+='|std::(mt19937|mt19937_64|default_random_engine|minstd_rand|ranlux)'

hits=$(git ls-files 'src/*.h' 'src/*.cc' 'fuzz/*.cc' 'bench/*.cc' \
  | grep -vE '^src/core/real_(clock|random)\.cc$' \
  | xargs -r grep -nE "$pattern" || true)
if [ -n "$hits" ]; then
  echo "banned calls (use Clock / Random instead):"
  echo "$hits"
  exit 1
fi
echo "banned-call check: ok"
