#!/usr/bin/env bash
# End-to-end checks of `tidepool plan` as a user runs it: exit codes, JSON that parses and holds
# the documented keys, a table for people, deterministic bytes.
# Usage: plan_cli_test.sh path/to/tidepool path/to/repo
set -uo pipefail
bin=$1
root=$2
failures=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

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

check() {  # check NAME PYTHON_EXPR_ON_doc FILE
  local name=$1 expr=$2 file=$3
  if python3 -c "import json,sys; doc=json.load(open(sys.argv[1])); sys.exit(0 if ($expr) else 1)" \
      "$file" 2>/dev/null; then
    echo "ok   $name"
  else
    echo "FAIL $name: $expr"
    head -c 2000 "$file"
    failures=$((failures + 1))
  fi
}

basic=$root/testdata/plan/basic.yaml

# JSON output parses and carries the issue's keys and values.
"$bin" plan -f "$basic" -o json >"$tmp/basic.json" 2>"$tmp/basic.err"
rc=$?
if [ "$rc" -ne 0 ]; then
  echo "FAIL basic-json: exit $rc"; cat "$tmp/basic.err"; failures=$((failures + 1))
else
  echo "ok   basic-json"
fi
check json-keys "all(k in doc for k in ['nodeClaims','existingNodes','unschedulable','totals','catalog'])" "$tmp/basic.json"
check one-new-claim "doc['totals']['newNodes'] == 1 and len(doc['nodeClaims']) == 1" "$tmp/basic.json"
check claim-pods "doc['nodeClaims'][0]['pods'] == ['default/pod-1']" "$tmp/basic.json"
check claim-cheapest-first "doc['nodeClaims'][0]['instanceTypes'][0] == 'small-instance-type'" "$tmp/basic.json"
check claim-requests "doc['nodeClaims'][0]['requests'] == {'cpu': '1100m', 'memory': '1034Mi', 'pods': '2'}" "$tmp/basic.json"
check claim-price "abs(doc['nodeClaims'][0]['priceUSDPerHour'] - 0.41) < 1e-9 and doc['nodeClaims'][0]['capacityType'] == 'spot'" "$tmp/basic.json"
check claim-requirements "{'key': 'karpenter.sh/capacity-type', 'operator': 'In', 'values': ['on-demand', 'spot']} in doc['nodeClaims'][0]['requirements'] and not any(r['key'] == 'kubernetes.io/hostname' for r in doc['nodeClaims'][0]['requirements'])" "$tmp/basic.json"
check claim-zone "doc['nodeClaims'][0]['zone'] == 'test-zone-1'" "$tmp/basic.json"
check existing-node "doc['existingNodes'] == {'node-a': ['default/pod-2']}" "$tmp/basic.json"
check unschedulable "[u['pod'] for u in doc['unschedulable']] == ['default/pod-3'] and doc['unschedulable'][0]['reason']" "$tmp/basic.json"
check lower-bound "0 < doc['totals']['lowerBoundUSDPerHour'] <= doc['totals']['priceUSDPerHour'] + 1e-9" "$tmp/basic.json"
check catalog-name "doc['catalog']['name'] == 'InstanceCatalog/example'" "$tmp/basic.json"

# Deterministic: the same input gives the same bytes.
"$bin" plan -f "$basic" -o json >"$tmp/basic2.json" 2>/dev/null
if cmp -s "$tmp/basic.json" "$tmp/basic2.json"; then echo "ok   deterministic"; else
  echo "FAIL deterministic"; failures=$((failures + 1)); fi

expect text-table 0 "NODEPOOL" -- "$bin" plan -f "$basic" -o text
expect text-total 0 "total: 1 new node" -- "$bin" plan -f "$basic" -o text
expect text-unschedulable 0 "default/pod-3" -- "$bin" plan -f "$basic" -o text
expect karpenter-packer 0 '"packer": "karpenter"' -- "$bin" plan -f "$basic" --packer karpenter
expect stdin 0 '"nodeClaims"' -- bash -c "cat '$basic' | '$bin' plan -f -"

# The default catalogue is kwok; PlanOptions chooses another.
cat >"$tmp/kwok.yaml" <<'YAML'
apiVersion: karpenter.sh/v1
kind: NodePool
metadata: {name: default}
spec:
  template:
    spec:
      nodeClassRef: {group: karpenter.k8s.aws, kind: EC2NodeClass, name: default}
      requirements: []
---
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop}
spec:
  containers: [{name: app, image: app, resources: {requests: {cpu: "1", memory: 1Gi}}}]
YAML
expect kwok-default 0 '"name": "kwok"' -- "$bin" plan -f "$tmp/kwok.yaml"
{ cat "$tmp/kwok.yaml"; printf -- '---\napiVersion: tidepool.dev/v1alpha1\nkind: PlanOptions\nmetadata: {name: opts}\nspec: {catalog: aws/eu-west-1}\n'; } >"$tmp/aws.yaml"
expect aws-borrowed-prices 0 '"pricesBorrowedFrom": "us-east-1"' -- "$bin" plan -f "$tmp/aws.yaml"
{ cat "$tmp/kwok.yaml"; printf -- '---\napiVersion: tidepool.dev/v1alpha1\nkind: PlanOptions\nmetadata: {name: opts}\nspec: {catalog: aws/mars-1}\n'; } >"$tmp/badcat.yaml"
expect unknown-catalog 1 "aws/mars-1" -- "$bin" plan -f "$tmp/badcat.yaml"

# Errors: invalid objects exit 1, unreadable input and bad flags exit 2.
expect invalid-object 1 "ScaledObject/worker" -- "$bin" plan -f "$root/testdata/invalid/new-user-mistakes.yaml"
expect parse-error 2 "line 6, column" -- "$bin" plan -f "$root/testdata/invalid/broken-syntax.yaml"
expect missing-file 2 "cannot read" -- "$bin" plan -f /nonexistent/plan.yaml
expect bad-packer 2 "packer" -- "$bin" plan -f "$basic" --packer magic
expect bad-output 2 "yaml" -- "$bin" plan -f "$basic" -o yaml
expect no-file 2 "required" -- "$bin" plan

if [ "$failures" -ne 0 ]; then
  echo "$failures failure(s)"
  exit 1
fi
