#!/usr/bin/env python3
"""The preview's wait when a save comes while the exports of the last one are being written
(stdlib only): `dossier serve` on SITE, then ROUNDS times a title edit of one brief, 0.6 s later
(past the 0.4 s pause, so the exports of every brief are being written) a title edit of another,
and the time from that second save to its brief's page on disk carrying the new title.

    bench/save_during_exports.py DOSSIER SITE OUTPUT_DIR [ROUNDS]

Edits the site's briefs in place (their titles gain a prefix): run it on a generated site.
"""
import glob
import os
import subprocess
import sys
import time


def main():
    binary, root, out = sys.argv[1], sys.argv[2], sys.argv[3]
    rounds = int(sys.argv[4]) if len(sys.argv) > 4 else 6
    subprocess.run(["rm", "-rf", out], check=True)
    serve = subprocess.Popen([binary, "serve", "--root", root, "--port", "4811", "--output-dir", out],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    files = sorted(glob.glob(os.path.join(root, "content", "briefs", "*.md")))
    page = lambda f: os.path.join(out, "briefs", os.path.basename(f)[:-3], "index.html")
    while not os.path.exists(os.path.join(out, "index.html")):
        time.sleep(0.5)
    time.sleep(3)
    run, waits = os.getpid(), []
    for k in range(rounds):
        first, second = files[1000 + 2 * k], files[1001 + 2 * k]
        for f, tag in ((first, f"A{run}x{k}"), (second, f"B{run}x{k}")):
            text = open(f).read().replace('title: "', f'title: "{tag} ', 1)
            if f == second:
                time.sleep(0.6)
                t0 = time.time()
            open(f, "w").write(text)
        while True:
            try:
                if f"B{run}x{k}" in open(page(second)).read():
                    break
            except FileNotFoundError:
                pass
            time.sleep(0.002)
        waits.append((time.time() - t0) * 1000)
        time.sleep(6)
    serve.terminate()
    print(binary, " ".join(f"{w:.0f}" for w in waits), "ms")


if __name__ == "__main__":
    main()
