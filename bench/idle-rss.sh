#!/usr/bin/env bash
# Idle RSS of a published app (PUBLISH_DIR) over the shipped content/: fresh database, a few pages, 5 s idle.
# Usage: bench/idle-rss.sh PUBLISH_DIR [ENV=VALUE ...]
set -euo pipefail
cd "$(dirname "$0")/.."
pub=$1; shift
port=$((5200 + RANDOM % 500)); db=$(mktemp -d)
env "$@" ConnectionStrings__KnowledgeBase="Data Source=$db/kb.db" KnowledgeBase__ContentPath="$PWD/content" Logging__LogLevel__Default=Warning \
  dotnet "$pub/KnowledgeBase.dll" --urls "http://127.0.0.1:$port" >"$db/log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; rm -rf "$db"' EXIT
until curl -fs -o /dev/null "http://127.0.0.1:$port/healthz"; do
    kill -0 $pid 2>/dev/null || { cat "$db/log"; exit 1; }
    sleep 0.05
done
for u in / /c/cnn /a/rnn-lstm-gru-params /api/articles; do curl -fs -o /dev/null "http://127.0.0.1:$port$u"; done
sleep 5
echo "$(basename "$pub") $* $(grep VmRSS "/proc/$pid/status")"
