#!/usr/bin/env bash
# Requests/second of the health probes against a trivial endpoint of the same app (a small static file,
# /favicon.svg). Target: /healthz ≥ 0.5× the static file. /readyz is shown too (it reads the articles table;
# the search-index integrity check is never run per probe).
# Usage: bench/health-wrk.sh [duration, default 10s]. Starts the app (Release) on 127.0.0.1 with a throwaway
# database, runs wrk (-t2 -c16) twice per endpoint, interleaved, so that noise from other load hits all alike.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${1:-10s}"
PORT=5878
WORK="$(mktemp -d)"
trap 'kill "$APP" 2>/dev/null || true; rm -rf "$WORK"' EXIT

dotnet build src/KnowledgeBase -c Release -v q -nologo >/dev/null
(cd src/KnowledgeBase/bin/Release/net10.0 && ASPNETCORE_URLS="http://127.0.0.1:$PORT" Logging__LogLevel__Default=Warning \
    ConnectionStrings__KnowledgeBase="Data Source=$WORK/kb.db" KnowledgeBase__ContentPath="$PWD/../../../../../content" \
    KnowledgeBase__WatchContent=false exec dotnet KnowledgeBase.dll >"$WORK/app.log" 2>&1) &
APP=$!
for _ in $(seq 60); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.5; done

declare -A SUM
PATHS=(/favicon.svg /healthz /readyz)
for path in "${PATHS[@]}"; do wrk -t2 -c16 -d2s "http://127.0.0.1:$PORT$path" >/dev/null; done  # warm-up (JIT)
for round in 1 2; do
    for path in "${PATHS[@]}"; do
        OUT="$(wrk -t2 -c16 -d"$DURATION" "http://127.0.0.1:$PORT$path")"
        NON2XX="$(awk '/Non-2xx/ {print $5}' <<<"$OUT")"
        [ -n "$NON2XX" ] && echo "WARNING: $path had $NON2XX non-2xx answers" >&2
        RPS="$(awk '/Requests\/sec/ {print $2}' <<<"$OUT")"
        LAT="$(awk '/^    Latency/ {print $2; exit}' <<<"$OUT")"
        printf 'round %d %-14s %10s req/s  avg %s\n' "$round" "$path" "$RPS" "$LAT"
        SUM[$path]="$(awk -v a="${SUM[$path]:-0}" -v b="$RPS" 'BEGIN {print a + b}')"
    done
done
printf '\n%-14s %12s %10s\n' endpoint "req/s (avg)" "vs static"
for path in "${PATHS[@]}"; do
    printf '%-14s %12.0f %9.2fx\n' "$path" "$(awk -v s="${SUM[$path]}" 'BEGIN {print s / 2}')" \
        "$(awk -v s="${SUM[$path]}" -v b="${SUM[/favicon.svg]}" 'BEGIN {print s / b}')"
done
