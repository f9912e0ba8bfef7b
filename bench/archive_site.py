#!/usr/bin/env python3
"""Make a dossier site from a folder of someone else's Markdown posts (issue 25).

    bench/archive_site.py SRC SITE --title T [--base-url URL] [--exclude NAME ...]

Copies every `*.md` under SRC to SITE/content/ at the same relative path, byte for byte, except
that a post whose YAML front matter has no `region:` key gets one line, `region: Unassigned`,
right after its opening `---` (dossier requires a region on every brief). Nothing else in a post
is changed: not its line endings, its leading blank lines, its keys or its body. Writes
SITE/site.yaml with `title:` and `base_url:` only. Prints how many posts were copied and how
many got the line. See docs/archives.md.
"""
import argparse
import os
import re
import sys

REGION_KEY = re.compile(rb"^region\s*:", re.M)


def add_region(data: bytes) -> tuple[bytes, bool]:
    """Insert `region: Unassigned` after the opening `---` line, if the front matter lacks one."""
    start = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    # The opening fence may follow blank lines (Hugo allows it); find the first non-blank line.
    pos = start
    while True:
        nl = data.find(b"\n", pos)
        if nl < 0:
            return data, False
        line = data[pos:nl].rstrip(b"\r")
        if line.strip() == b"":
            pos = nl + 1
            continue
        break
    if line.rstrip() != b"---":
        return data, False  # no YAML front matter: left as it is
    close = re.compile(rb"^---[ \t]*\r?$", re.M).search(data, nl + 1)
    front = data[nl + 1 : close.start()] if close else data[nl + 1 :]
    if REGION_KEY.search(front):
        return data, False
    eol = b"\r\n" if data[nl - 1 : nl] == b"\r" else b"\n"
    return data[: nl + 1] + b"region: Unassigned" + eol + data[nl + 1 :], True


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("src")
    ap.add_argument("site")
    ap.add_argument("--title", required=True)
    ap.add_argument("--base-url", default="https://example.org/")
    ap.add_argument("--exclude", action="append", default=[], help="file name to skip (e.g. _index.md)")
    a = ap.parse_args()
    content = os.path.join(a.site, "content")
    os.makedirs(content, exist_ok=True)
    with open(os.path.join(a.site, "site.yaml"), "w") as f:
        f.write(f"title: {a.title}\nbase_url: {a.base_url}\n")
    copied = added = 0
    for root, _dirs, files in os.walk(a.src):
        for name in sorted(files):
            if not name.endswith(".md") or name in a.exclude:
                continue
            rel = os.path.relpath(os.path.join(root, name), a.src)
            with open(os.path.join(root, name), "rb") as f:
                data = f.read()
            data, did = add_region(data)
            out = os.path.join(content, rel)
            os.makedirs(os.path.dirname(out), exist_ok=True)
            with open(out, "wb") as f:
                f.write(data)
            copied += 1
            added += did
    print(f"{copied} posts copied, {added} given `region: Unassigned`")
    return 0


if __name__ == "__main__":
    sys.exit(main())
