#!/usr/bin/env bash
# One import, for A/B runs of two builds or two runtime settings: starts a published app (PUBLISH_DIR, from
# `dotnet publish src/KnowledgeBase -c Release -o DIR`) on a fresh database over a content folder (e.g. the one
# bench/growth.sh builds, kept with KEEP=1), waits for /healthz and prints the importer's time, the process CPU
# time (user + system) and RSS; then fetches a few pages, idles 5 s and prints RSS again. Extra ENV=VALUE arguments
# go to the app (e.g. DOTNET_TieredPGO=0).
# Alternate builds in one session and compare the ratio: absolute times on a shared VM vary from run to run.
# Usage: bench/import-ab.sh PUBLISH_DIR CONTENT_DIR [ENV=VALUE ...]
set -euo pipefail
pub=$1; content=$2; shift 2
port=$((5200 + RANDOM % 500)); db=$(mktemp -d)
env "$@" ConnectionStrings__KnowledgeBase="Data Source=$db/kb.db" KnowledgeBase__ContentPath="$content" KnowledgeBase__WatchContent=false \
  Logging__LogLevel__Default=Warning Logging__LogLevel__KnowledgeBase=Information \
  dotnet "$pub/KnowledgeBase.dll" --urls "http://127.0.0.1:$port" >"$db/log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; rm -rf "$db"' EXIT
until curl -fs -o /dev/null "http://127.0.0.1:$port/healthz"; do
    kill -0 $pid 2>/dev/null || { cat "$db/log"; exit 1; }
    sleep 0.1
done
ms=$(grep -o 'in [0-9]* ms' "$db/log" | head -1 | grep -o '[0-9]*')
cpu=$(awk -v t="$(getconf CLK_TCK)" '{printf "%.1f", ($14 + $15) / t}' "/proc/$pid/stat")
rss() { awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$pid/status"; }
after_import=$(rss)
for u in / /api/articles "/a/$(curl -fs "http://127.0.0.1:$port/api/articles?limit=1" | grep -o '"slug":"[^"]*"' | head -1 | cut -d'"' -f4)"; do
    curl -fs -o /dev/null "http://127.0.0.1:$port$u"
done
sleep 5
echo "import ${ms} ms  cpu ${cpu} s  rss ${after_import} MB, idle after a few pages $(rss) MB  $*"
