#!/usr/bin/env bash
# Highlighting, every language: the CPU time (user + system) of clean builds of the same
# generated briefs with code in every language and with every block in JSON, for one or more
# dossier binaries, runs alternating between binaries and sites so the machine's drift touches
# all alike. Prints the median CPU per binary and site, and the mixed/JSON ratio per binary.
#
#   bench/highlight.sh BRIEFS RUNS BINARY...
#   LANGS=python,bash,yaml,sql,javascript,rust,go,json bench/highlight.sh 3000 5 old new
#
# Output goes to /dev/shm (tmpfs), so the disk's noise stays out of the CPU figures.
set -euo pipefail
cd "$(dirname "$0")/.."
N=$1; RUNS=$2; shift 2
WORK=${WORK:-${TMPDIR:-/tmp}/dossier-hl}
LANGS=${LANGS:-python,bash,yaml,sql,javascript,rust,go,json,toml,html,c,text,csv}
OUT=/dev/shm/dossier-hl-out
cargo build --release --quiet --example gen_site
mkdir -p "$WORK"
mixed=$WORK/mixed-$N-${LANGS//,/-}; json=$WORK/json-$N
[ -f "$mixed/site.yaml" ] || target/release/examples/gen_site --briefs "$N" --out "$mixed" --langs "$LANGS" >/dev/null
[ -f "$json/site.yaml" ] || target/release/examples/gen_site --briefs "$N" --out "$json" --langs json >/dev/null
log=$(mktemp)
for _ in $(seq "$RUNS"); do
  for site in "$mixed" "$json"; do
    for bin in "$@"; do
      rm -rf "$OUT"
      /usr/bin/time -f "$bin $(basename "$site") %U %S %M" -a -o "$log" "$bin" build --quiet --root "$site" --output-dir "$OUT" >/dev/null
    done
  done
done
rm -rf "$OUT"
python3 - "$log" "$@" <<'PY'
import collections, statistics, sys
runs = collections.defaultdict(list)
for line in open(sys.argv[1]):
    b, site, user, system, kb = line.split()
    runs[(b, site.split("-")[0])].append((float(user) + float(system), int(kb) / 1024))
for b in sys.argv[2:]:
    m = {s: statistics.median(x[0] for x in runs[(b, s)]) for s in ("mixed", "json")}
    mem = max(x[1] for s in ("mixed", "json") for x in runs[(b, s)])
    n = len(runs[(b, "mixed")])
    print(f"{b}: mixed {m['mixed']:.2f} s CPU, json {m['json']:.2f} s CPU, ratio {m['mixed'] / m['json']:.2f}, peak {mem:.0f} MiB ({n} runs each)")
PY
rm -f "$log"
