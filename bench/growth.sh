#!/usr/bin/env bash
# Growth targets at 10k articles: import < 30 s, database <= 3x the Markdown, WAL checkpointed after import,
# no page over 300 KB, RSS < 300 MB after touching every kind of page.
# Builds a content folder of COPIES copies of the shipped content/ (slugs renamed <slug>-<n>) in a temp dir,
# imports it with the Release app, then fetches one page of every kind. Baseline in the same run: the
# shipped content/ alone, imported the same way.
# Usage: bench/growth.sh [copies]   (default 176: 57 articles x 176 = 10,032)
set -euo pipefail
cd "$(dirname "$0")/.."
copies="${1:-176}"
port=5097
out=/tmp/kb-bench-growth-publish
dotnet publish src/KnowledgeBase -c Release -o "$out" >/dev/null
work=$(mktemp -d)
# KEEP=1 keeps the folder (content, database of the last run) for a closer look.
[ "${KEEP:-0}" = 1 ] && echo "work folder: $work" || trap 'rm -rf "$work"' EXIT
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); load average: $(cut -d' ' -f1-3 /proc/loadavg)"

# content: categories.yml, synonyms.yml and media once; every article COPIES times under a new slug.
big="$work/content"
mkdir -p "$big"
cp content/*.yml "$big/"
python3 - "$big" "$copies" <<'PY'
import pathlib, shutil, sys
target, copies = pathlib.Path(sys.argv[1]), int(sys.argv[2])
for folder in sorted(p for p in pathlib.Path("content").iterdir() if p.is_dir()):
    (target / folder.name).mkdir(parents=True, exist_ok=True)
    for f in folder.iterdir():
        if f.is_dir():
            shutil.copytree(f, target / folder.name / f.name, dirs_exist_ok=True)
            continue
        if f.suffix != ".md":
            shutil.copy(f, target / folder.name / f.name)
            continue
        text = f.read_bytes()
        for n in range(1, copies + 1):
            (target / folder.name / f"{f.stem}-{n}.md").write_bytes(text)
PY
md_bytes() { find "$1" -name '*.md' -printf '%s\n' | awk '{s += $1} END {print s}'; }

wait_up() {
    until curl -fs -o /dev/null "http://127.0.0.1:$port/healthz"; do
        kill -0 "$pid" 2>/dev/null || { cat "$work/log"; exit 1; }
        sleep 0.1
    done
}
stop() { kill "$pid"; wait "$pid" 2>/dev/null || true; }
# Starts the app on a fresh database over $1 and prints the import line of its log; leaves it running as $pid.
start() {
    rm -f "$work"/kb.db*
    ConnectionStrings__KnowledgeBase="Data Source=$work/kb.db" KnowledgeBase__ContentPath="$1" KnowledgeBase__WatchContent=false \
        Logging__LogLevel__Default=Warning Logging__LogLevel__KnowledgeBase=Information \
        dotnet "$out/KnowledgeBase.dll" --urls "http://127.0.0.1:$port" >"$work/log" 2>&1 &
    pid=$!
    wait_up
    grep -o 'Imported .*' "$work/log" | head -1
    # CPU time is the fairer figure on a shared machine: wall time there is mostly waiting for a core.
    echo "process CPU time at start-up (migrate + import), user + system: $(awk -v t="$(getconf CLK_TCK)" '{printf "%.1f s", ($14 + $15) / t}' "/proc/$pid/stat")"
}
mb() { awk -v b="$1" 'BEGIN {printf "%.1f MB", b / 1048576}'; }
report() {
    local md db wal
    md=$(md_bytes "$1"); db=$(stat -c %s "$work/kb.db"); wal=$(stat -c %s "$work/kb.db-wal" 2>/dev/null || echo 0)
    echo "markdown $(mb "$md"), database $(mb "$db") ($(awk -v d="$db" -v m="$md" 'BEGIN {printf "%.2f", d / m}')x), WAL after import $(mb "$wal")"
}

echo "== baseline: shipped content/ ($(find content -name '*.md' | wc -l) articles) =="
start "$PWD/content"; report "$PWD/content"; stop

echo "== $(find "$big" -name '*.md' | wc -l) articles ($copies copies) =="
start "$big"; report "$big"
slug=$(find content -name '*.md' | sort | head -1 | xargs basename | sed 's/\.md$//')
category=$(basename "$(dirname "$(find content -name '*.md' | sort | head -1)")")
tag=$(curl -fs "http://127.0.0.1:$port/api/articles?limit=1" | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["tags"][0])')
tag_url=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$tag")
echo "page sizes (bytes; target: none over 300 KB):"
for u in / "/c/$category" "/c/$category?page=2" "/t/$tag_url" /t /recent "/a/$slug-1" "/search?q=%E6%A2%AF%E5%BA%A6" /practice \
         /api/articles "/api/articles?limit=500" /api/practice "/api/practice/$slug-1" "/api/search?q=BN"; do
    printf '  %-40s %8s\n' "$u" "$(curl -fs -o /dev/null -w '%{http_code} %{size_download}' "http://127.0.0.1:$port$u")"
done
largest=$(for f in $(find content -name '*.md' | sort); do
    s=$(basename "$f" .md); printf '%s bytes (/a/%s-1)\n' "$(curl -fs -o /dev/null -w '%{size_download}' "http://127.0.0.1:$port/a/$s-1")" "$s"
done | sort -n | tail -1)
echo "  largest article page of all $(find content -name '*.md' | wc -l) (first copies): $largest"
sleep 2
echo "RSS after every kind of page: $(grep VmRSS "/proc/$pid/status" | awk '{printf "%.0f MB", $2 / 1024}')"
echo "== re-import of the unchanged 10k folder (restart, hash check only) =="
stop
ConnectionStrings__KnowledgeBase="Data Source=$work/kb.db" KnowledgeBase__ContentPath="$big" KnowledgeBase__WatchContent=false \
    Logging__LogLevel__Default=Warning Logging__LogLevel__KnowledgeBase=Information \
    dotnet "$out/KnowledgeBase.dll" --urls "http://127.0.0.1:$port" >"$work/log" 2>&1 &
pid=$!
until curl -fs -o /dev/null "http://127.0.0.1:$port/healthz"; do sleep 0.1; done
grep -o 'Imported .*' "$work/log" | head -1
stop
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
