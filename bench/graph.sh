#!/usr/bin/env bash
# What the actor graph costs a whole build: the same generated site built with the graph on
# (a network on every actor's page and /actors/graph/) and off (`graph: {enabled: false}`),
# runs alternating so the machine's drift touches both alike. Reports the median wall and CPU
# (user + system) time of each and the ratio; the graph should stay within 10%.
#
#   bench/graph.sh                      # 10,000 briefs over 2,000 actors, 5 runs each
#   BRIEFS=1000 ACTORS=200 RUNS=1 bench/graph.sh   # a quick sanity run
set -euo pipefail
cd "$(dirname "$0")/.."
BRIEFS=${BRIEFS:-10000}
ACTORS=${ACTORS:-2000}
RUNS=${RUNS:-5}
WORK=${WORK:-${TMPDIR:-/tmp}/dossier-bench-graph}
mkdir -p "$WORK"

cargo build --release --quiet
cargo build --release --quiet --example gen_site
DOSSIER=$PWD/target/release/dossier
GEN=$PWD/target/release/examples/gen_site
for v in on off; do
  rm -rf "$WORK/$v"
  flag=(); [ "$v" = off ] && flag=(--no-graph)
  "$GEN" --kit --briefs "$BRIEFS" --actors "$ACTORS" --out "$WORK/$v" "${flag[@]}" >/dev/null
done

log=$(mktemp)
for _ in $(seq "$RUNS"); do
  for v in on off; do
    rm -rf "$WORK/public-$v"
    /usr/bin/time -f "$v %e %U %S %M" -a -o "$log" \
      "$DOSSIER" build --quiet --root "$WORK/$v" --output-dir "$WORK/public-$v" >/dev/null
  done
done
python3 - "$log" "$BRIEFS" "$ACTORS" <<'PY'
import collections, statistics, sys
runs = collections.defaultdict(list)
for line in open(sys.argv[1]):
    v, wall, user, system, kb = line.split()
    runs[v].append((float(wall), float(user) + float(system), int(kb) / 1024))
med = {v: [statistics.median(r[i] for r in rs) for i in range(3)] for v, rs in runs.items()}
print(f"{sys.argv[2]} briefs, {sys.argv[3]} actors, {len(runs['on'])} runs each")
print("| graph | median wall (s) | median CPU (s) | peak memory (MiB) |\n|---|---|---|---|")
for v in ("on", "off"):
    w, c, m = med[v]
    print(f"| {v} | {w:.2f} | {c:.2f} | {m:.0f} |")
print(f"graph on / off: wall {med['on'][0] / med['off'][0]:.3f}, CPU {med['on'][1] / med['off'][1]:.3f}")
PY
rm -f "$log"
