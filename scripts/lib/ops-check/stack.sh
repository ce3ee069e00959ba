# The local stack ops-check runs the runbooks against: its own moto (one request at a time, as
# scripts/run-local starts it) and scripts/run-local pointed at it with AWS_ENDPOINT_URL, as the
# README shows for `local invoke`, each on a free loopback port. Sourced by scripts/ops-check.

oc_free_port() {
  "$OC_PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# oc_wait_for TIMEOUT_SECONDS DESCRIPTION COMMAND...: polls COMMAND twice a second.
oc_wait_for() {
  local timeout=$1 what=$2 deadline
  shift 2
  deadline=$((SECONDS + timeout))
  until "$@" >/dev/null 2>&1; do
    if [ $SECONDS -ge $deadline ]; then
      oc_say "$what: not within ${timeout} s"
      return 1
    fi
    sleep 0.5
  done
}

oc_start_moto() {
  local port
  port=$(oc_free_port)
  "$OC_PYTHON" "$OC_ROOT/testkit/src/main/resources/dev/keyfob/testkit/serialized_moto.py" \
    -H 127.0.0.1 -p "$port" >"$OC_WORK/moto.log" 2>&1 &
  OC_MOTO_PID=$!
  export AWS_ENDPOINT_URL="http://127.0.0.1:$port"
  oc_wait_for 60 "moto at $AWS_ENDPOINT_URL" curl -sf "$AWS_ENDPOINT_URL/moto-api/" \
    || { cat "$OC_WORK/moto.log" >&2; return 1; }
  oc_say "moto at $AWS_ENDPOINT_URL"
}

# How long the local API caches the JWKS it publishes (KEYFOB_JWKS_CACHE_SECONDS): deployed
# stacks keep the default and longest, 60 s. jwks-after-rotation waits out this cache, so a
# short one spares the check most of a minute of waiting; SigningKeysTest holds the 60 s.
OC_JWKS_CACHE_SECONDS=5
# Recovery codes hashed at the lowest cost allowed (deployed: 10000 PBKDF2 iterations): the
# runbooks enroll a dozen people, and the hashing cost is not what they check.
OC_RECOVERY_CODE_ITERATIONS=1000

# Starts scripts/run-local (or starts it again: a fresh execution environment) on OC_API_PORT.
oc_start_api() {
  local listening="keyfob local API listening on http://localhost:$OC_API_PORT"
  KEYFOB_LOCAL_PORT=$OC_API_PORT KEYFOB_JWKS_CACHE_SECONDS=$OC_JWKS_CACHE_SECONDS \
    KEYFOB_RECOVERY_CODE_ITERATIONS=$OC_RECOVERY_CODE_ITERATIONS \
    "$OC_ROOT/scripts/run-local" >>"$OC_WORK/run-local.log" 2>&1 &
  OC_API_PID=$!
  oc_wait_for 180 "scripts/run-local" grep -qxF "$listening" "$OC_WORK/run-local.log" \
    || { tail -n 40 "$OC_WORK/run-local.log" >&2; return 1; }
  # An answer, from the development identity provider: keyfob's own JWKS would be cached, and
  # the steps watch that cache.
  oc_wait_for 30 "the local API" curl -sf "http://localhost:$OC_API_PORT/dev/jwks.json"
}

oc_stop_api() {
  [ -n "${OC_API_PID:-}" ] || return 0
  kill -TERM "$OC_API_PID" 2>/dev/null || true
  wait "$OC_API_PID" 2>/dev/null || true
  OC_API_PID=
  # The next start appends to the log: only its own listening line may count.
  sed -i 's/^keyfob local API listening on /(earlier run) &/' "$OC_WORK/run-local.log"
}

oc_stop_stack() {
  oc_stop_api
  if [ -n "${OC_MOTO_PID:-}" ]; then
    kill -TERM "$OC_MOTO_PID" 2>/dev/null || true
    wait "$OC_MOTO_PID" 2>/dev/null || true
    OC_MOTO_PID=
  fi
}
