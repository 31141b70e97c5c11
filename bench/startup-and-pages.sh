#!/usr/bin/env bash
# Issue 2 targets: cold start to first 200 on / (< 2 s), idle RSS (< 150 MB), and the cached article page
# against Kestrel serving the same HTML as a static file (>= 50 %), side by side with wrk in one run.
# Usage: bench/startup-and-pages.sh [article-slug]   (needs wrk: apt-get install wrk)
#        R2R=0 bench/startup-and-pages.sh   to measure a plain (JIT-only) publish instead of ReadyToRun.
set -euo pipefail
cd "$(dirname "$0")/.."
slug="${1:-rnn-lstm-gru-params}"
out=/tmp/kb-bench-publish-${R2R:-1}
port=5099
if [ "${R2R:-1}" = 1 ]; then
    # As the Dockerfile publishes: ReadyToRun precompiles our code and packages, less JIT at start-up.
    dotnet publish src/KnowledgeBase -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o "$out" >/dev/null
else
    dotnet publish src/KnowledgeBase -c Release -o "$out" >/dev/null
fi
echo "publish: R2R=${R2R:-1}; load average: $(cut -d' ' -f1-3 /proc/loadavg)" 
work=$(mktemp -d)
export ConnectionStrings__KnowledgeBase="Data Source=$work/kb.db" KnowledgeBase__ContentPath="$PWD/content" Logging__LogLevel__Default=Warning

run_once() {
    local start end pid
    start=$(date +%s%N)
    dotnet "$out/KnowledgeBase.dll" --urls "http://127.0.0.1:$port" >/dev/null 2>&1 &
    pid=$!
    until curl -fs -o /dev/null "http://127.0.0.1:$port/"; do sleep 0.01; done
    end=$(date +%s%N)
    echo "$pid $(( (end - start) / 1000000 ))"
}

echo "== cold start (fresh database: migrate + import + first page) =="
read -r pid ms < <(run_once); echo "first run (empty db): ${ms} ms"; kill "$pid"; wait "$pid" 2>/dev/null || true
for i in 1 2 3; do read -r pid ms < <(run_once); echo "warm db run $i: ${ms} ms"; kill "$pid"; wait "$pid" 2>/dev/null || true; done

echo "== idle RSS =="
read -r pid ms < <(run_once)
for u in / /c/cnn "/a/$slug" /api/articles; do curl -fs -o /dev/null "http://127.0.0.1:$port$u"; done
sleep 5
grep VmRSS "/proc/$pid/status"

echo "== cached article vs the same HTML as a static file (wrk -t2 -c32 -d10s) =="
curl -fs "http://127.0.0.1:$port/a/$slug" > "$out/wwwroot/bench-article.html"
wrk -t2 -c32 -d10s "http://127.0.0.1:$port/a/$slug" | grep -E "Requests/sec|Latency"
wrk -t2 -c32 -d10s "http://127.0.0.1:$port/bench-article.html" | grep -E "Requests/sec|Latency"
kill "$pid"; wait "$pid" 2>/dev/null || true
rm -f "$out/wwwroot/bench-article.html"; rm -rf "$work"
