#!/usr/bin/env bash
# Page sizes (bytes) of every shipped article and of the calculator pages with their presets and the largest
# normalization shape; target: no page over 300 KB. Usage: bench/calc-page-sizes.sh [port]
set -euo pipefail
cd "$(dirname "$0")/.."
port="${1:-5098}"
out=$(mktemp -d)
dotnet build src/KnowledgeBase -c Release -o "$out/app" >/dev/null
export ConnectionStrings__KnowledgeBase="Data Source=$out/kb.db" KnowledgeBase__ContentPath="$PWD/content" Logging__LogLevel__Default=Warning
dotnet "$out/app/KnowledgeBase.dll" --urls "http://127.0.0.1:$port" >/dev/null 2>&1 &
pid=$!
trap 'kill "$pid"; rm -rf "$out"' EXIT
base="http://127.0.0.1:$port"
until curl -fs -o /dev/null "$base/"; do sleep 0.2; done
size() { echo "$(curl -s -o /dev/null -w '%{size_download}' "$base$1") ${1:0:90}"; }
echo "== articles (largest 5) =="
curl -s "$base/api/articles?limit=500" | grep -o '"url":"[^"]*"' | cut -d'"' -f4 | while read -r u; do size "$u"; done | sort -n | tail -5
echo "== calculator pages =="
for p in /calc /calculators/params /calculators/pool /calculators/receptive-field /calculators/batchnorm /calculators/normalization \
    "/calculators/pool?rows=16&cols=16&kernelSize=1&stride=1"; do size "$p"; done
curl -s "$base/calculators/params" | grep -o '<a href="[^"]*" data-preset' | sed 's/<a href="//;s/" data-preset//;s/&amp;/\&/g' \
    | while read -r u; do size "$u"; done | sort -n | tail -3
for q in "batch&shape=8,32,16,16" "group&shape=8,32,16,16&numGroups=8" "layer&shape=8,32,16,16" "instance&shape=8,32,16,16" \
    "group&shape=64,1024,128,128,64&numGroups=32"; do size "/calculators/normalization?kind=$q"; done
