#!/usr/bin/env bash
# Runs every libFuzzer target in BUILD_DIR/fuzz for SECONDS each, starting from the committed
# seeds in fuzz/seeds/<name>. Any crash, leak, timeout or out-of-memory fails the run.
set -euo pipefail
build_dir=${1:?usage: run-fuzzers.sh BUILD_DIR SECONDS}
seconds=${2:-60}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

status=0
for target in "$build_dir"/fuzz/*_fuzz; do
  [ -x "$target" ] || continue
  name=$(basename "$target" _fuzz)
  corpus="$work/$name"
  mkdir -p "$corpus"
  if [ -d "$root/fuzz/seeds/$name" ]; then cp -r "$root/fuzz/seeds/$name/." "$corpus/"; fi
  echo "fuzzing $name for ${seconds}s"
  if ! "$target" "$corpus" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
      -max_len=65536 -print_final_stats=1 -artifact_prefix="$work/$name-" \
      >"$work/$name.log" 2>&1; then
    echo "fuzzer $name failed:"
    tail -n 60 "$work/$name.log"
    mkdir -p "$root/fuzz/artifacts"
    cp "$work/$name"-* "$root/fuzz/artifacts/" 2>/dev/null || true
    status=1
  else
    grep -E "stat::number_of_executed_units|Done" "$work/$name.log" | tail -n 2
  fi
done
exit $status
