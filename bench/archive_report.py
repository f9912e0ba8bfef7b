#!/usr/bin/env python3
"""Summarise `dossier check --format json` for an imported archive (issue 25).

    dossier check --root SITE --format json > check.json
    bench/archive_report.py check.json POSTS

Prints the posts with at least one error, the fraction without, and every error and warning
grouped by kind (quoted parts masked; unknown keys and other generators' tags by name), with
the number of diagnostics, of files, and one example. See docs/archives.md.
"""
import collections
import json
import re
import sys


def kind(message: str) -> str:
    if message.startswith("unknown key"):
        return message if len(message) < 60 else message[:57] + "…`"
    tag = re.match(r"(.*?) `([^`]*)` is shown as written", message)
    if tag:
        return f"{tag.group(1)} `{tag.group(2)}` is shown as written"
    message = re.sub(r"`[^`]*`", "`…`", message)
    message = re.sub(r'"[^"]*"', '"…"', message)
    message = re.sub(r"content/\S*", "content/…", message)
    return message


def main() -> int:
    report = json.load(open(sys.argv[1]))
    posts = int(sys.argv[2])
    counts, files, example = collections.Counter(), collections.defaultdict(set), {}
    failed = set()
    for d in report["diagnostics"]:
        k = (d["severity"], kind(d["message"]))
        counts[k] += 1
        files[k].add(d.get("file"))
        example.setdefault(k, d)
        if d["severity"] == "error":
            failed.add(d.get("file"))
    pub = report.get("publication", {})
    print(f"posts {posts}; with an error {len(failed)}; without {posts - len(failed)} "
          f"({100 * (posts - len(failed)) / posts:.1f} %); errors {report['errors']}, "
          f"warnings {report['warnings']}; published {pub.get('published')}, held back {len(pub.get('held', []))}")
    for (sev, k), n in sorted(counts.items(), key=lambda kv: (kv[0][0], -kv[1])):
        e = example[(sev, k)]
        print(f"{sev:7} {n:6} in {len(files[(sev, k)]):5} files  {k}")
        print(f"{'':22}e.g. {e.get('file')}:{e.get('line')}: {e['message'][:160]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
