#!/usr/bin/env bash
# Relevance of our /api/search next to the Lucene.Net baseline, on the same relevance sets.
# Starts the app (Release) twice on 127.0.0.1 with throwaway databases: once over content/ (the content and
# question sets) and once over the tests' fixture corpus (relevance.json, with content/synonyms.yml as the tests
# use it), then runs bench/search-baseline with --ours, which prints one Markdown table with both engines.
# Usage: bench/search-baseline/compare.sh [--kinds] [--misses]   (a per-kind table for every set; every query
# whose first result is not an expected article, per engine)
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT="$PWD"
PORT_CONTENT=5891
PORT_CORPUS=5892
WORK="$(mktemp -d)"
APPS=()
cleanup() { for pid in "${APPS[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT

dotnet build src/KnowledgeBase -c Release -v q -nologo >/dev/null
dotnet build bench/search-baseline -c Release -v q -nologo >/dev/null

mkdir -p "$WORK/corpus"
cp -r tests/KnowledgeBase.Tests/Search/corpus/. "$WORK/corpus/"
cp content/synonyms.yml "$WORK/corpus/"

start() { # port, content folder, database
    (cd src/KnowledgeBase/bin/Release/net10.0 && ASPNETCORE_URLS="http://127.0.0.1:$1" Logging__LogLevel__Default=Warning \
        ConnectionStrings__KnowledgeBase="Data Source=$3" KnowledgeBase__ContentPath="$2" \
        KnowledgeBase__WatchContent=false exec dotnet KnowledgeBase.dll >"$3.log" 2>&1) &
    APPS+=($!)
}
start "$PORT_CONTENT" "$ROOT/content" "$WORK/content.db"
start "$PORT_CORPUS" "$WORK/corpus" "$WORK/corpus.db"
for port in "$PORT_CONTENT" "$PORT_CORPUS"; do
    for _ in $(seq 120); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.5; done
    curl -sf "http://127.0.0.1:$port/healthz" >/dev/null || { echo "app on port $port did not start:" >&2; cat "$WORK"/*.log >&2; exit 1; }
done

dotnet run -c Release --no-build --project bench/search-baseline -- \
    --ours "http://127.0.0.1:$PORT_CONTENT" --ours-corpus "http://127.0.0.1:$PORT_CORPUS" "$@"
