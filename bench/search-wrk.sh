#!/usr/bin/env bash
# /api/search under load against a small static file of the same app, in one run (issue: search ≥ 25 % of the
# static file's rate). The search side cycles through the natural-language questions of
# tests/KnowledgeBase.Tests/Search/relevance-questions.json (348 real questions, one per request, in order).
# Two app configurations: the default (result cache on) and KnowledgeBase__Search__ResultCacheSize=0 (every
# request analyzes, matches, ranks and builds snippets) — the honest uncached rate.
# Usage: bench/search-wrk.sh [duration, default 10s]. wrk -t2 -c16, the static file and search interleaved, twice.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${1:-10s}"
PORT=5879
WORK="$(mktemp -d)"
APP=""
trap '[ -n "$APP" ] && kill "$APP" 2>/dev/null; rm -rf "$WORK"' EXIT

dotnet build src/KnowledgeBase -c Release -v q -nologo >/dev/null
/usr/bin/python3 - "$WORK/questions.lua" <<'PY'
import json, sys, urllib.parse
qs = [c["q"] for c in json.load(open("tests/KnowledgeBase.Tests/Search/relevance-questions.json"))["queries"]]
with open(sys.argv[1], "w") as f:
    f.write("local paths = {\n")
    for q in qs:
        f.write('  "/api/search?q=%s",\n' % urllib.parse.quote(q, safe=""))
    f.write("}\nlocal i = 0\nrequest = function()\n  i = i % #paths + 1\n  return wrk.format(nil, paths[i])\nend\n")
PY

start() {
    (cd src/KnowledgeBase/bin/Release/net10.0 && ASPNETCORE_URLS="http://127.0.0.1:$PORT" Logging__LogLevel__Default=Warning \
        ConnectionStrings__KnowledgeBase="Data Source=$WORK/kb.db" KnowledgeBase__ContentPath="$PWD/../../../../../content" \
        KnowledgeBase__WatchContent=false KnowledgeBase__Search__ResultCacheSize="$1" exec dotnet KnowledgeBase.dll >"$WORK/app.log" 2>&1) &
    APP=$!
    for _ in $(seq 120); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && return; sleep 0.5; done
    echo "app did not start" >&2; cat "$WORK/app.log" >&2; exit 1
}

run() { # name, wrk arguments…
    local name="$1"; shift
    local out; out="$(wrk -t2 -c16 -d"$DURATION" --latency "$@")"
    local non2xx; non2xx="$(awk '/Non-2xx/ {print $5}' <<<"$out")"
    [ -n "$non2xx" ] && echo "WARNING: $name had $non2xx non-2xx answers" >&2
    printf '%-22s %10s req/s  avg %-9s p99 %s\n' "$name" "$(awk '/Requests\/sec/ {print $2}' <<<"$out")" \
        "$(awk '/^    Latency/ {print $2; exit}' <<<"$out")" "$(awk '/^ +99%/ {print $2}' <<<"$out")"
    awk '/Requests\/sec/ {print $2}' <<<"$out" >>"$WORK/$name"
}

for cache in 4096 0; do
    start "$cache"
    label="search (cache $cache)"; [ "$cache" = 0 ] && label="search (no cache)"
    wrk -t2 -c16 -d2s "http://127.0.0.1:$PORT/favicon.svg" >/dev/null                      # warm-up (JIT)
    # Every question once (JIT, and with the cache on, the cache: the measured rate is then the steady state of a
    # site whose readers ask these questions; the no-cache run shows the cost of a question never seen before).
    grep -o '"/api/search?q=[^"]*"' "$WORK/questions.lua" | tr -d '"' | while read -r path; do curl -sf -o /dev/null "http://127.0.0.1:$PORT$path"; done
    for round in 1 2; do
        run "static-$cache" "http://127.0.0.1:$PORT/favicon.svg"
        run "search-$cache" -s "$WORK/questions.lua" "http://127.0.0.1:$PORT"
    done
    kill "$APP"; wait "$APP" 2>/dev/null || true; APP=""
    avg() { awk '{s += $1} END {print s / NR}' "$WORK/$1"; }
    printf '=> %-18s %8.0f req/s = %5.1f %% of the static file (%0.f req/s)\n\n' "$label" "$(avg "search-$cache")" \
        "$(awk -v a="$(avg "search-$cache")" -v b="$(avg "static-$cache")" 'BEGIN {print 100 * a / b}')" "$(avg "static-$cache")"
done
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) (shared with other work)"
