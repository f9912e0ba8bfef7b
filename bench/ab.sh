#!/usr/bin/env bash
# Two (or more) dossier binaries side by side on one site, runs alternating so that the
# machine's drift touches all alike: clean builds, median wall and CPU (user + system) time
# and peak memory per binary.
#
#   bench/ab.sh SITE RUNS OLD_BINARY NEW_BINARY
#   OUT=/dev/shm/ab bench/ab.sh …     # output on tmpfs: CPU without the disk's noise
#
# With the output on disk (the default) and as root, the page cache is dropped before each run.
# Each run is clean: the output, the previous output kept beside it and the site's build cache
# (.dossier-cache) are deleted first. A "binary" may be a script that runs dossier with more
# flags (`exec dossier "$@" --no-cache`), to compare settings.
set -euo pipefail
SITE=$1; RUNS=$2; shift 2
OUT=${OUT:-${TMPDIR:-/tmp}/dossier-ab/public}
log=$(mktemp)
for _ in $(seq "$RUNS"); do
  for bin in "$@"; do
    # A clean build: no output, no previous output kept beside it, no build cache.
    rm -rf "$OUT" "$(dirname "$OUT")/.$(basename "$OUT").dossier-prev" "$SITE/.dossier-cache"
    mkdir -p "$(dirname "$OUT")"
    if [[ $OUT != /dev/shm/* ]]; then
      sync
      if [ -w /proc/sys/vm/drop_caches ]; then echo 3 > /proc/sys/vm/drop_caches; fi
    fi
    /usr/bin/time -f "$bin %e %U %S %M" -a -o "$log" "$bin" build --quiet --root "$SITE" --output-dir "$OUT" >/dev/null
  done
done
python3 - "$log" "$@" <<'PY'
import collections, statistics, sys
runs = collections.defaultdict(list)
for line in open(sys.argv[1]):
    b, wall, user, system, kb = line.split()
    runs[b].append((float(wall), float(user) + float(system), int(kb) / 1024))
for b in sys.argv[2:]:
    v = runs[b]
    med = lambda k: statistics.median(x[k] for x in v)
    print(f"{b}: wall {med(0):.2f} s, cpu {med(1):.2f} s, peak {med(2):.0f} MiB ({len(v)} runs)")
PY
rm -f "$log"
