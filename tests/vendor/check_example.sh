#!/usr/bin/env bash
# Runs the stop_replication_job example against tests/vendor/verify_signature.py, a local
# server that recomputes every signature with the vendor's Python signers
# (alibabacloud-openapi-util: v1 and v3), and checks the example's output and exit status:
# a success with each signature version (v3, the default, and v1) and method (POST, the
# default, and GET), a documented service error, a wrong secret, an STS token taken from
# ALIBABA_CLOUD_SECURITY_TOKEN by a server that requires it, a job whose first two attempts
# fail on purpose (503, then throttled with a TimeLeft) and succeeds on the third, with every
# attempt verified and given a fresh nonce, and the --max-attempts and --timeout flags. The
# servers' logs must show each signature verified by the version it was sent with.
set -euo pipefail
cd "$(dirname "$0")/../.."
export ALIBABA_CLOUD_ACCESS_KEY_ID=testid ALIBABA_CLOUD_ACCESS_KEY_SECRET=testsecret
unset ALIBABA_CLOUD_SECURITY_TOKEN
export VERIFY_SIGNATURE_VERBOSE=1
STS_TOKEN='STS.example-token/with+chars='

cargo build -q -p smc --example stop_replication_job
example=target/debug/examples/stop_replication_job

log=$(mktemp)
sts_log=$(mktemp)
servers=()
trap 'kill "${servers[@]}" 2>/dev/null || true; rm -f "$log" "$sts_log"' EXIT

# start_server LOG [TOKEN]: starts a verifying server (requiring TOKEN, if given) and prints
# its port.
start_server() {
  local out=$1
  if [ -n "${2:-}" ]; then
    ALIBABA_CLOUD_SECURITY_TOKEN=$2 python3 -u tests/vendor/verify_signature.py 0 >"$out" 2>&1 &
  else
    python3 -u tests/vendor/verify_signature.py 0 >"$out" 2>&1 &
  fi
  servers+=($!)
  for _ in $(seq 1 100); do
    grep -q '^LISTENING ' "$out" && break
    sleep 0.1
  done
  sed -n 's/^LISTENING \([0-9]*\).*/\1/p' "$out" | head -n1
}

port=$(start_server "$log")
[ -n "$port" ] || { echo "vendor server did not start:"; cat "$log"; exit 1; }
sts_port=$(start_server "$sts_log" "$STS_TOKEN")
[ -n "$sts_port" ] || { echo "vendor STS server did not start:"; cat "$sts_log"; exit 1; }
endpoint="http://127.0.0.1:$port"
sts_endpoint="http://127.0.0.1:$sts_port"

fail=0
# expect NAME EXIT OUTPUT-PATTERN COMMAND...: runs COMMAND, checks its exit status and stdout.
expect() {
  local name=$1 want_rc=$2 pattern=$3 out rc
  shift 3
  out=$("$@") && rc=0 || rc=$?
  echo "$name: exit $rc: $out"
  if [ "$rc" != "$want_rc" ] || [[ "$out" != $pattern ]]; then
    echo "  FAILED: wanted exit $want_rc and output matching $pattern"
    fail=1
  fi
}

invalid='ReplicationJobInvalidStatus (ReplicationJob.InvalidStatus): The specified replication job status is invalid.'
expect "success, defaults (v3 POST)" 0 'RequestId:*' \
  "$example" --endpoint "$endpoint" --job-id j-running-bw526m1vi6x21qh
for signature in v3 v1; do
  for method in POST GET; do
    expect "success, $signature $method" 0 'RequestId:*' \
      "$example" --endpoint "$endpoint" --job-id 'j-running-bw526m1vi6x21qh****' \
      --signature "$signature" --method "$method"
  done
  expect "service error, $signature" 1 "$invalid" \
    "$example" --endpoint "$endpoint" --job-id j-stopped-1 --signature "$signature"
  expect "wrong secret, $signature (the vendor signer must reject it)" 1 '*SignatureDoesNotMatch*' \
    env ALIBABA_CLOUD_ACCESS_KEY_SECRET=wrong \
    "$example" --endpoint "$endpoint" --job-id j-running-1 --signature "$signature"
  expect "STS token from the environment, $signature" 0 'RequestId:*' \
    env ALIBABA_CLOUD_SECURITY_TOKEN="$STS_TOKEN" \
    "$example" --endpoint "$sts_endpoint" --job-id j-running-sts --signature "$signature"
  expect "no STS token where one is required, $signature" 1 '*InvalidSecurityToken*' \
    "$example" --endpoint "$sts_endpoint" --job-id j-running-sts --signature "$signature"
done

# Retries: the server fails the first two verified requests of a j-flaky job (503
# ServiceUnavailable, then Throttling.User with TimeLeft:300) and answers the third.
for signature in v3 v1; do
  expect "503 then throttled, retried, $signature" 0 $'RequestId:*\nattempts: 3' \
    "$example" --endpoint "$endpoint" --job-id "j-flaky-$signature" --signature "$signature"
done
expect "--max-attempts 1 gives up at the 503" 1 'Unhandled (ServiceUnavailable): *' \
  "$example" --endpoint "$endpoint" --job-id j-flaky-once --max-attempts 1
expect "--max-attempts 2 gives up at the throttling answer" 1 \
  $'Unhandled (Throttling.User): *\nattempts: 2' \
  "$example" --endpoint "$endpoint" --job-id j-flaky-twice --max-attempts 2
expect "--timeout 1 against a 5 s answer" 2 \
  'error: request has timed out: the call did not complete within 1s' \
  sh -c '"$0" "$@" 2>&1' "$example" --endpoint "$endpoint" --job-id j-slow-1 --timeout 1

# Every attempt at a flaky job reached the vendor's verification (a reused nonce would have been
# rejected there) and the retries said which retry they were.
for signature in v3 v1; do
  for n in '1 x-acs-retry-attempts=-' '2 x-acs-retry-attempts=1' '3 x-acs-retry-attempts=2'; do
    grep -q "^verify_signature: flaky j-flaky-$signature request $n\$" "$log" \
      || { echo "server log lacks \"flaky j-flaky-$signature request $n\""; fail=1; }
  done
done
[ "$(grep -c '^verify_signature: flaky j-flaky-' "$log")" = 9 ] \
  || { echo "expected 9 verified requests for the flaky jobs"; fail=1; }

# Each success above was verified by the vendor's code for the version it was sent with.
for line in 'verified v3 POST' 'verified v3 GET' 'verified v1 POST' 'verified v1 GET'; do
  grep -q "^verify_signature: $line StopReplicationJob sts=no" "$log" \
    || { echo "server log lacks \"$line\""; fail=1; }
done
for version in v3 v1; do
  grep -q "^verify_signature: verified $version POST StopReplicationJob sts=yes" "$sts_log" \
    || { echo "STS server log lacks a verified $version call"; fail=1; }
done

if [ "$fail" != 0 ]; then
  echo "vendor cross-check FAILED; server logs:"; cat "$log" "$sts_log"; exit 1
fi
echo "vendor cross-check passed: the vendor's signers accepted our v1 and v3 signatures (GET, POST, STS, retries) and rejected wrong ones"
