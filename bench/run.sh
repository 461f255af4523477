#!/usr/bin/env bash
# Builds benchmark corpora of 44 (the bundled site), 1,000, 10,000 and
# (with --large) 100,000 measures on the tmpfs /dev/shm and reports, for
# each: median wall time of 5 full builds, median peak RSS (GNU time -v),
# median CPU time (user + sys: steadier than wall on a shared machine),
# output size and file count, and the search index's size and file count;
# then, with Node, a second table for the search: the bytes the first query
# fetches (scripts and index files, raw; median and worst over the dev
# queries of ../shared/search-eval, 5 results shown) and the query time in
# Node (median; warm = index files already loaded, cold = a fresh engine).
# usage: bench/run.sh [--large] [--runs N]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=5; sizes=(44 1000 10000)
while [ $# -gt 0 ]; do
  case $1 in
    --large) sizes+=(100000) ;;
    --runs) runs=$2; shift ;;
    *) echo "usage: bench/run.sh [--large] [--runs N]" >&2; exit 2 ;;
  esac
  shift
done
cargo build --release -q --bin shinchoku --example gen_corpus
bin=target/release/shinchoku
work=$(mktemp -d /dev/shm/shinchoku-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
queries=../shared/search-eval/queries-dev.tsv
search_rows=()
printf '| measures | median wall (s) | median CPU (s) | peak RSS (MiB) | output | files | search index | index files |\n'
printf '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n'
for n in "${sizes[@]}"; do
  if [ "$n" = 44 ]; then
    site=.
  else
    site=$work/site-$n
    target/release/examples/gen_corpus --measures "$n" --out "$site" 2>/dev/null
  fi
  walls=(); cpus=(); rss=()
  for _ in $(seq "$runs"); do
    /usr/bin/time -v "$bin" build --root "$site" --out "$work/public" 2>"$work/time.txt" >/dev/null
    walls+=("$(awk -F': ' '/Elapsed \(wall clock\)/ {split($2, t, ":"); print t[1]*60 + t[2]}' "$work/time.txt")")
    cpus+=("$(awk -F': ' '/(User|System) time/ {t += $2} END {print t}' "$work/time.txt")")
    rss+=("$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/time.txt")")
  done
  # Apparent sizes: tmpfs rounds every small file up to a page.
  out_mb=$(du -s --apparent-size -B1 "$work/public" | awk '{printf "%.1f MB", $1/1e6}')
  idx_mb=$(du -s --apparent-size -B1 "$work/public/search/index" | awk '{printf "%.1f MB", $1/1e6}')
  printf '| %s | %s | %s | %s | %s | %s | %s | %s |\n' "$n" "$(median "${walls[@]}")" "$(median "${cpus[@]}")" \
    "$(( $(median "${rss[@]}") / 1024 ))" "$out_mb" "$(find "$work/public" -type f | wc -l)" \
    "$idx_mb" "$(find "$work/public/search/index" -type f | wc -l)"
  if command -v node >/dev/null && [ -f "$queries" ]; then
    bytes=$(node tests/search/first-query-bytes.mjs --site "$work/public" --queries "$queries" | tail -1)
    times=$(node tests/search/query.mjs --site "$work/public" --queries "$queries" --timing 2>&1 >/dev/null | tail -1)
    kb() { echo "$bytes" | sed -n "s/.*$1 raw=\([0-9]*\).*/\1/p" | awk '{printf "%.0f KB", $1/1e3}'; }
    ms() { echo "$times" | sed -n "s/.*$1: runs=[0-9]* median_ms=\([0-9.]*\).*/\1/p" | awk '{printf "%.1f ms", $1}'; }
    search_rows+=("| $n | $(kb median) | $(kb max) | $(ms warm) | $(ms cold) |")
  fi
  rm -rf "$work/public" "$work/site-$n"
done
if [ ${#search_rows[@]} -gt 0 ]; then
  printf '\n| measures | first query, median | first query, worst | query time, warm | query time, cold |\n'
  printf '| ---: | ---: | ---: | ---: | ---: |\n'
  printf '%s\n' "${search_rows[@]}"
fi
