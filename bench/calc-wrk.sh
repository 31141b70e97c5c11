#!/usr/bin/env bash
# Requests/second of the calculator endpoints against a trivial JSON endpoint of the same app: GET /api/search/suggest
# without a query answers [] through the same pipeline (routing, JSON writer) without touching the database.
# Issue 4 target: every calc endpoint ≥ 50% of the baseline. Usage: bench/calc-wrk.sh [duration, default 10s]
# Starts the app (Release) on 127.0.0.1 with a throwaway database, runs wrk (-t2 -c16), stops the app.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${1:-10s}"
PORT=5877
WORK="$(mktemp -d)"
trap 'kill "$APP" 2>/dev/null || true; rm -rf "$WORK"' EXIT

dotnet build src/KnowledgeBase -c Release -v q -nologo >/dev/null
# Request bodies: the same shapes as the BenchmarkDotNet benchmarks (100 layers; 64×64 max pooling).
python3 - "$WORK" <<'PY'
import json, random, sys
out = sys.argv[1]
layers, ch = [], 3
for i in range(24):
    n = 16 + i % 4 * 16
    layers += [{"type": "conv2d", "inChannels": ch, "outChannels": n, "kernelSize": 3, "padding": 1},
               {"type": "batchnorm2d", "numFeatures": n}, {"type": "relu"}, {"type": "dropout"}]
    ch = n
layers += [{"type": "maxpool2d", "kernelSize": 2}, {"type": "flatten"}, {"type": "linear", "inFeatures": ch * 256, "outFeatures": 10}, {"type": "relu"}]
r = random.Random(1)
bodies = {
    # Article-sized requests (the notes' examples), then the large ones of the issue's targets.
    "params-small": {"convention": "keras", "layers": [{"type": "gru", "inputSize": 8, "hiddenSize": 5, "bidirectional": True, "resetAfter": False}, {"type": "lstm", "inputSize": 10, "hiddenSize": 50}]},
    "pool-small": {"mode": "max", "input": [[1, 3, 2, 1], [4, 6, 5, 0], [1, 2, 9, 8], [3, 0, 7, 7]], "kernelSize": 2},
    "params": {"convention": "pytorch", "inputShape": [3, 32, 32], "layers": layers},
    "pool": {"mode": "max", "input": [[r.randint(-5, 5) for _ in range(64)] for _ in range(64)], "kernelSize": 3, "stride": 2, "padding": 1, "ceilMode": True},
    "receptive-field": {"inputSize": 224, "layers": [{"type": "conv", "kernelSize": 3, "padding": 1}] * 13 + [{"type": "pool", "kernelSize": 2}] * 5},
    "batchnorm": {"batches": [[[r.uniform(-3, 3) for _ in range(8)] for _ in range(16)] for _ in range(4)], "momentum": 0.1},
    "normalization": {"kind": "group", "shape": [2, 8, 8, 8], "numGroups": 4, "input": [[[[r.uniform(-3, 3) for _ in range(8)] for _ in range(8)] for _ in range(8)] for _ in range(2)]},
}
for name, body in bodies.items():
    with open(f"{out}/{name}.json", "w") as f:
        json.dump(body, f)
    with open(f"{out}/{name}.lua", "w") as f:
        f.write('wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\n')
        f.write(f'local f = io.open("{out}/{name}.json"); wrk.body = f:read("*a"); f:close()\n')
PY

(cd src/KnowledgeBase/bin/Release/net10.0 && ASPNETCORE_URLS="http://127.0.0.1:$PORT" Logging__LogLevel__Default=Warning \
    ConnectionStrings__KnowledgeBase="Data Source=$WORK/kb.db" KnowledgeBase__ContentPath="$PWD/../../../../../content" \
    exec dotnet KnowledgeBase.dll >"$WORK/app.log" 2>&1) &
APP=$!
BASELINE="/api/search/suggest"
for _ in $(seq 60); do curl -sf "http://127.0.0.1:$PORT$BASELINE" >/dev/null && break; sleep 0.5; done
printf 'wrk.method = "GET"\n' >"$WORK/baseline.lua"
printf '[]' >"$WORK/baseline.json"

printf '%-16s %12s %10s %10s %8s\n' endpoint "req/s" "avg lat" "bytes" "vs base"
BASE=""
for name in baseline params-small pool-small receptive-field batchnorm normalization params pool; do
    URL="http://127.0.0.1:$PORT/api/calc/${name%-small}"
    [ "$name" = baseline ] && URL="http://127.0.0.1:$PORT$BASELINE"
    # Warm up (JIT, tiered compilation), then measure.
    wrk -t2 -c16 -d2s -s "$WORK/$name.lua" "$URL" >/dev/null
    OUT="$(wrk -t2 -c16 -d"$DURATION" --latency -s "$WORK/$name.lua" "$URL")"
    RPS="$(awk '/Requests\/sec/ {print $2}' <<<"$OUT")"
    LAT="$(awk '/^    Latency/ {print $2; exit}' <<<"$OUT")"
    NON2XX="$(awk '/Non-2xx/ {print $5}' <<<"$OUT")"
    [ -n "$NON2XX" ] && echo "WARNING: $name had $NON2XX non-2xx answers" >&2
    BASE="${BASE:-$RPS}"
    printf '%-16s %12s %10s %10s %7.0f%%\n' "$name" "$RPS" "$LAT" "$(stat -c %s "$WORK/$name.json")" "$(awk -v a="$RPS" -v b="$BASE" 'BEGIN {print 100 * a / b}')"
done
