#!/usr/bin/env bash
# Runs the stop_replication_job example against tests/vendor/verify_signature.py, a local
# server that recomputes every signature with the vendor's Python signer
# (alibabacloud-openapi-util), and checks the example's output and exit status for a success
# and for a documented service error.
set -euo pipefail
cd "$(dirname "$0")/../.."
export ALIBABA_CLOUD_ACCESS_KEY_ID=testid ALIBABA_CLOUD_ACCESS_KEY_SECRET=testsecret

cargo build -q -p smc --example stop_replication_job
example=target/debug/examples/stop_replication_job

log=$(mktemp)
python3 -u tests/vendor/verify_signature.py 0 >"$log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 1 100); do
  grep -q '^LISTENING ' "$log" && break
  sleep 0.1
done
port=$(sed -n 's/^LISTENING \([0-9]*\).*/\1/p' "$log" | head -n1)
[ -n "$port" ] || { echo "vendor server did not start:"; cat "$log"; exit 1; }
endpoint="http://127.0.0.1:$port"

fail=0
out=$("$example" --endpoint "$endpoint" --job-id j-running-bw526m1vi6x21qh) && rc=0 || rc=$?
echo "success case: exit $rc: $out"
[ "$rc" = 0 ] && [[ "$out" == RequestId:* ]] || fail=1

out=$("$example" --endpoint "$endpoint" --job-id j-stopped-1) && rc=0 || rc=$?
echo "service-error case: exit $rc: $out"
[ "$rc" = 1 ] && [ "$out" = "ReplicationJobInvalidStatus (ReplicationJob.InvalidStatus): The specified replication job status is invalid." ] || fail=1

ALIBABA_CLOUD_ACCESS_KEY_SECRET=wrong "$example" --endpoint "$endpoint" --job-id j-running-1 && rc=0 || rc=$?
echo "wrong-secret case: exit $rc (the vendor signer must reject it)"
[ "$rc" = 1 ] || fail=1

if [ "$fail" != 0 ]; then
  echo "vendor cross-check FAILED; server log:"; cat "$log"; exit 1
fi
echo "vendor cross-check passed: the vendor's signer accepted our signature and rejected a wrong one"
