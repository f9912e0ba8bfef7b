#!/usr/bin/env python3
"""Self and inclusive time per function from `perf script` output, symbolised with `nm` for
binaries perf cannot symbolise itself (it shows bare addresses for dossier's release build).

    perf record -F 499 -g -o perf.data BINARY build ...
    perf script -i perf.data -F ip,sym,dso | bench/perf_symbols.py BINARY [TOP]
"""
import bisect, collections, subprocess, sys

binary = sys.argv[1]
top = int(sys.argv[2]) if len(sys.argv) > 2 else 40
syms = []
for line in subprocess.run(["nm", "-C", "--defined-only", binary], capture_output=True, text=True).stdout.splitlines():
    parts = line.split(" ", 2)
    if len(parts) == 3 and parts[1] in "tTwW":
        syms.append((int(parts[0], 16), parts[2]))
syms.sort()
addrs = [a for a, _ in syms]

def name(ip, sym, dso):
    if sym and sym != "[unknown]" or not dso.endswith(binary.split("/")[-1] + ")"):
        return sym or dso
    i = bisect.bisect_right(addrs, ip) - 1
    return syms[i][1][:110] if i >= 0 else hex(ip)

self_, incl, total = collections.Counter(), collections.Counter(), 0
chain = []
def flush():
    global total
    if chain:
        total += 1
        self_[chain[0]] += 1
        for f in set(chain):
            incl[f] += 1
    chain.clear()
for line in sys.stdin:
    line = line.strip()
    if not line:
        flush()
        continue
    parts = line.split(None, 1)
    try:
        ip = int(parts[0], 16)
    except ValueError:
        continue
    rest = parts[1] if len(parts) > 1 else ""
    dso = rest[rest.rfind("("):] if "(" in rest else ""
    sym = rest[: rest.rfind("(")].strip() if "(" in rest else rest
    chain.append(name(ip, sym, dso))
flush()
print(f"{total} samples\n-- self --")
for f, n in self_.most_common(top):
    print(f"{100 * n / total:5.1f}%  {f}")
print("-- inclusive --")
for f, n in incl.most_common(top):
    print(f"{100 * n / total:5.1f}%  {f}")
