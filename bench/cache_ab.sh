#!/usr/bin/env bash
# Edit builds of two (or more) dossier binaries on one site, alternating on the same edits:
# each binary keeps its own output folder and build cache (`--output-dir`, `--cache-dir`), so
# neither finds the other's renderings useless (the cache keys its entries by the binary).
#
#   bench/cache_ab.sh SITE EDITS BINARY…
#   bench/cache_ab.sh /tmp/dossier-peers/kit-100000/neutral 3 /tmp/dossier-old target/release/dossier
#
# Steps, each binary in turn: a clean build, then "again" twice (the second keeps the first's
# pages), then EDITS rounds in which one brief gets a new paragraph (a different brief each
# round, put back at the end) and every binary builds it, in an order that alternates between
# rounds. Each line: binary, step, wall time, user and system CPU, peak RSS, and the CPU of the
# stages an edit build spends most in (`--timings`). As bench/cache.sh does, the page cache is
# dropped before each build where /proc/sys/vm/drop_caches is writable, with the inputs read
# back in.
set -euo pipefail
SITE=${1:?usage: bench/cache_ab.sh SITE EDITS BINARY...}
EDITS=${2:?usage: bench/cache_ab.sh SITE EDITS BINARY...}
shift 2
[ $# -ge 1 ] || { echo "usage: bench/cache_ab.sh SITE EDITS BINARY..." >&2; exit 2; }
WORK=${WORK:-${TMPDIR:-/tmp}/dossier-cache-ab}
keep=$(mktemp -d)
trap 'rm -rf "$keep"' EXIT

one() {
  local n=$1 bin=$2 what=$3 t0 t1
  sync
  if [ -w /proc/sys/vm/drop_caches ]; then echo 3 > /proc/sys/vm/drop_caches; fi
  find "$SITE/content" "$SITE/site.yaml" -type f -print0 | xargs -0 cat > /dev/null
  t0=$(date +%s%N)
  /usr/bin/time -f "%U %S %M" -o "$keep/time" "$bin" build --root "$SITE" --output-dir "$WORK/$n/public" \
    --cache-dir "$WORK/$n/cache" --timings > /dev/null 2> "$keep/err"
  t1=$(date +%s%N)
  read -r user sys kb < <(tail -1 "$keep/time")
  # The CPU column of the stages an edit build spends most in.
  stages=$(awk '/brief pages|^ +search |other pages|write the rest/ {printf "%s %s ms; ", $1 == "markdown" ? "brief pages" : ($1 == "render" ? "other pages" : ($1 == "write" ? "the rest" : $1)), $(NF-5)}' "$keep/err")
  printf '| %s | %s | %.2f s | %s s | %s s | %d MiB | %s |\n' "$bin" "$what" \
    "$(awk -v a="$t0" -v b="$t1" 'BEGIN {print (b - a) / 1e9}')" "$user" "$sys" $((kb / 1024)) "$stages"
}

rm -rf "$WORK"
echo "$SITE, $(find "$SITE/content" -name '*.md' | wc -l) documents"
echo
echo "| binary | step | wall | user | sys | peak RSS | CPU by stage |"
echo "|---|---|---|---|---|---|---|"
for step in clean again again; do
  n=0
  for bin in "$@"; do n=$((n + 1)); one "$n" "$bin" "$step"; done
done
mapfile -t briefs < <(find "$SITE/content" -name '*.md' | sort)
for e in $(seq 1 "$EDITS"); do
  f=${briefs[$(( ${#briefs[@]} * e / (EDITS + 1) ))]}
  cp "$f" "$keep/orig"
  printf '\nAn added paragraph, edit %s.\n' "$e" >> "$f"
  order=("$@")
  if [ $((e % 2)) = 0 ]; then
    order=()
    for ((i = $#; i >= 1; i--)); do order+=("${!i}"); done
  fi
  for bin in "${order[@]}"; do
    n=0
    for b in "$@"; do n=$((n + 1)); [ "$b" = "$bin" ] && one "$n" "$bin" "edit $e"; done
  done
  cp "$keep/orig" "$f"
done
