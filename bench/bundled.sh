#!/usr/bin/env bash
# Median wall time and peak RSS of 5 full builds of the bundled site
# (GNU time -v), output on a tmpfs so disk behaviour does not swamp figures.
# usage: bench/bundled.sh [runs]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
cargo build --release -q
bin=target/release/shinchoku
out=$(mktemp -d /dev/shm/shinchoku-bench.XXXXXX)
trap 'rm -rf "$out"' EXIT
walls=(); rss=()
for _ in $(seq "$runs"); do
  /usr/bin/time -v "$bin" build --root . --out "$out/public" 2>"$out/time.txt" >/dev/null
  walls+=("$(awk -F': ' '/Elapsed \(wall clock\)/ {split($2, t, ":"); print t[1]*60 + t[2]}' "$out/time.txt")")
  rss+=("$(awk -F': ' '/Maximum resident set size/ {print $2}' "$out/time.txt")")
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
echo "bundled site, $runs builds: median wall $(median "${walls[@]}") s, median peak RSS $(( $(median "${rss[@]}") / 1024 )) MiB"
echo "output: $(du -sh "$out/public" | cut -f1), $(find "$out/public" -type f | wc -l) files"
