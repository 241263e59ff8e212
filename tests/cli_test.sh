#!/usr/bin/env bash
# End-to-end checks of the tidepool binary as a user runs it: exit codes, stdout and stderr.
# Usage: cli_test.sh path/to/tidepool path/to/repo
set -uo pipefail
bin=$1
root=$2
failures=0

expect() {  # expect NAME WANT_EXIT WANT_FRAGMENT -- command...
  local name=$1 want_exit=$2 want=$3
  shift 4
  local out
  out=$("$@" 2>&1)
  local got=$?
  if [ "$got" -ne "$want_exit" ] || [[ "$out" != *"$want"* ]]; then
    echo "FAIL $name: exit $got (want $want_exit), output:"
    echo "$out" | head -20
    failures=$((failures + 1))
  else
    echo "ok   $name"
  fi
}

expect valid-example 0 "ok: 5 objects" -- "$bin" validate -f "$root/examples/sqs-burst.yaml"
expect formula-unknown-trigger 1 "unknown name rps (1:15)" -- "$bin" validate -f "$root/testdata/invalid/formula-unknown-trigger.yaml"
expect several-files 0 "ok: 4 objects" -- "$bin" validate \
  -f "$root/testdata/article/node-spot-nodepool.yaml" \
  -f "$root/testdata/article/sqs-scaledobject.yaml" \
  -f "$root/testdata/article/sqs-consumer-deployment.yaml" --log-format json
expect duplicates-across-files 1 "ScaledObject/sqs-consumer-scaler: metadata.name: Duplicate value" -- \
  "$bin" validate -f "$root/testdata/article/sqs-scaledobject.yaml" -f "$root/examples/sqs-burst.yaml"
expect stdin 0 "ok: 1 objects" -- bash -c \
  "printf 'apiVersion: v1\nkind: Namespace\nmetadata: {name: processing}\n' | '$bin' validate -f -"
expect stdin-invalid 1 "<stdin>:1: Namespace/Bad_Name: metadata.name: Invalid value" -- bash -c \
  "printf 'apiVersion: v1\nkind: Namespace\nmetadata: {name: Bad_Name}\n' | '$bin' validate -f -"
expect invalid-objects 1 "new-user-mistakes.yaml:1: ScaledObject/worker: spec.maxReplicaCont: unknown field" -- \
  "$bin" validate -f "$root/testdata/invalid/new-user-mistakes.yaml"
expect parse-error 2 "broken-syntax.yaml: line 6, column" -- \
  "$bin" validate -f "$root/testdata/invalid/broken-syntax.yaml"
expect binary 2 "binary file" -- "$bin" validate -f "$root/testdata/invalid/binary.bin"
expect missing-file 2 "cannot read" -- "$bin" validate -f /nonexistent/file.yaml
expect parse-error-wins 2 "line 6" -- "$bin" validate \
  -f "$root/testdata/invalid/new-user-mistakes.yaml" -f "$root/testdata/invalid/broken-syntax.yaml"
expect usage 2 "required" -- "$bin" validate
expect bad-log-format 2 "xml" -- "$bin" --log-format xml validate -f "$root/examples/sqs-burst.yaml"
expect deep-nesting 2 "nesting deeper" -- bash -c \
  "python3 -c 'print(\"a: \" + \"[\" * 100000)' | '$bin' validate -f -"
expect huge-garbage 2 "line" -- bash -c "head -c 3000000 /dev/zero | tr '\\0' '{' | '$bin' validate -f -"

if [ "$failures" -ne 0 ]; then
  echo "$failures failure(s)"
  exit 1
fi
