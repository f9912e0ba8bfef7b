#!/usr/bin/env bash
# The build cache: a clean build, then `dossier build` again with nothing changed, and after
# editing one brief, with the cache (.dossier-cache) and the two output folders a build
# alternates between kept, as a CI job keeping them would.
#
#   bench/cache.sh SITE [EDITS]        # SITE: a generated site (gen_site, or the kit's neutral)
#   DOSSIER=/path/to/dossier bench/cache.sh /tmp/dossier-peers/kit-100000/neutral 3
#
# Steps: "clean" (no cache, no previous output), "again" twice (the second build writes into a
# new folder; the third reuses the first's output, and keeps its pages), then EDITS times "edit":
# one brief's body gets a new paragraph (a different brief each time; all are restored at the
# end, so the site ends as it began). Each line: wall time, user and system CPU, peak RSS, and what
# the cache served (`--timings`). The page cache is dropped before each build where
# /proc/sys/vm/drop_caches is writable, with the inputs read back in, as bench/peers.sh does.
set -euo pipefail
cd "$(dirname "$0")/.."
SITE=${1:?usage: bench/cache.sh SITE [EDITS]}
EDITS=${2:-3}
DOSSIER=${DOSSIER:-$PWD/target/release/dossier}
[ -n "${NO_BUILD:-}" ] || cargo build --release --quiet --bin dossier
timing=$(mktemp)
keep=$(mktemp -d)
trap 'rm -rf "$timing" "$timing.err" "$keep"' EXIT

one() {
  local what=$1 t0 t1
  sync
  if [ -w /proc/sys/vm/drop_caches ]; then echo 3 > /proc/sys/vm/drop_caches; fi
  find "$SITE/content" "$SITE/site.yaml" -type f -print0 | xargs -0 cat > /dev/null
  t0=$(date +%s%N)
  /usr/bin/time -f "%U %S %M" -o "$timing" "$DOSSIER" build --root "$SITE" --timings > /dev/null 2> "$timing.err"
  t1=$(date +%s%N)
  read -r user sys kb < <(tail -1 "$timing")
  local served kept
  served=$(grep -E '^ +markdown cache' "$timing.err" | sed 's/^ *markdown cache *//')
  kept=$(grep -E '^ +pages +[0-9]' "$timing.err" | sed 's/^ *pages *//')
  printf '| %s | %.2f s | %s s | %s s | %d MiB | %s | %s |\n' "$what" \
    "$(awk -v a="$t0" -v b="$t1" 'BEGIN {print (b - a) / 1e9}')" "$user" "$sys" $((kb / 1024)) "$served" "$kept"
}

rm -rf "$SITE/public" "$SITE"/.public.dossier-* "$SITE/.dossier-cache"
echo "$("$DOSSIER" --version), $SITE, $(find "$SITE/content" -name '*.md' | wc -l) documents"
echo
echo "| step | wall | user | sys | peak RSS | Markdown | pages |"
echo "|---|---|---|---|---|---|---|"
one clean
one again
one again
mapfile -t briefs < <(find "$SITE/content" -name '*.md' | sort)
edited=()
for e in $(seq 1 "$EDITS"); do
  f=${briefs[$(( ${#briefs[@]} * e / (EDITS + 1) ))]}
  cp "$f" "$keep/$e"
  edited+=("$f")
  printf '\nAn added paragraph, edit %s.\n' "$e" >> "$f"
  one "edit $(basename "$f")"
done
for e in $(seq 1 "$EDITS"); do cp "$keep/$e" "${edited[$((e - 1))]}"; done
