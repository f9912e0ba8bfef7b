#!/usr/bin/env bash
# Clean-build benchmarks of dossier, and the same content through Hugo when it is installed.
#
#   bench/run.sh                  # scaling: 1,000, 10,000 and 100,000 generated briefs
#   NS="1000 10000" RUNS=5 bench/run.sh
#   COMPARE=1 bench/run.sh        # also the shared kit (../shared/bench): dossier vs Hugo side by side
#
# GEN_ARGS="" bench/run.sh    # realistic content (code in many languages) instead of --kit
#
# Scaling runs use this repo's generator (examples/gen_site.rs; its older content, `--kit`,
# unless GEN_ARGS says otherwise, so older figures stay comparable) and report, per size, the median
# wall time, pages per second and peak memory from /usr/bin/time. Each run starts from an empty
# output folder with no kept previous output and no build cache (a clean build); as root, the page cache is dropped
# first so every run reads its input from a cold cache and writes to a quiet disk.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
NS=${NS:-"1000 10000 100000"}
RUNS=${RUNS:-3}
WORK=${WORK:-${TMPDIR:-/tmp}/dossier-bench}
GEN_ARGS=${GEN_ARGS---kit}
mkdir -p "$WORK"

cargo build --release --quiet
cargo build --release --quiet --example gen_site
DOSSIER=$ROOT/target/release/dossier
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; $($DOSSIER --version)"

drop_caches() {
  sync
  if [ -w /proc/sys/vm/drop_caches ]; then echo 3 > /proc/sys/vm/drop_caches; fi
}

printf '\n| briefs | median wall | pages/s | peak memory | output files |\n|---|---|---|---|---|\n'
for n in $NS; do
  site=$WORK/dossier-$n${GEN_ARGS// /}
  # shellcheck disable=SC2086 # GEN_ARGS is a list of flags
  [ -f "$site/site.yaml" ] || "$ROOT/target/release/examples/gen_site" --briefs "$n" --out "$site" --seed 1 $GEN_ARGS >/dev/null
  times=()
  mem=0
  for _ in $(seq "$RUNS"); do
    rm -rf "$site/public" "$site/.public.dossier-prev" "$site/.dossier-cache"
    drop_caches
    # Let the file system settle after the deletes, as a fresh checkout would be.
    sleep 2
    out=$( { /usr/bin/time -f "%e %M" "$DOSSIER" build --root "$site" --quiet; } 2>&1 | tail -1)
    times+=("${out% *}")
    mem=${out#* }
  done
  median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  pages=$(find "$site/public" -name '*.html' | wc -l)
  files=$(find "$site/public" -type f | wc -l)
  rate=$(awk -v p="$pages" -v t="$median" 'BEGIN {printf "%.0f", p / t}')
  printf '| %s | %s s | %s | %s MiB | %s |\n' "$n" "$median" "$rate" "$((mem / 1024))" "$files"
done

if [ -n "${COMPARE:-}" ]; then
  KIT=$ROOT/../shared/bench
  if [ ! -x "$KIT/run.sh" ] && [ ! -f "$KIT/run.sh" ]; then
    echo "no benchmark kit at $KIT" >&2
    exit 1
  fi
  command -v hugo >/dev/null || echo "hugo is not installed (apt-get install hugo): dossier alone" >&2
  # The kit deletes OURS_OUT before each run; building into out/public, with the build cache in
  # out/cache, lets it delete the kept previous output (out/.public.dossier-prev) and the cache
  # too, so every dossier run is a clean build.
  export OURS_NAME=dossier
  export OURS_OUT=out
  export OURS_SETUP="printf 'title: Bench\nbase_url: https://example.org/\n' > site.yaml"
  export OURS_VERSION_CMD="$DOSSIER --version"
  NS=${KIT_NS:-"1000 10000"} RUNS=${KIT_RUNS:-5} WORK=$WORK/kit bash "$KIT/run.sh" "$DOSSIER build --quiet --output-dir out/public --cache-dir out/cache"
fi
