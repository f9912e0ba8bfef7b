#!/usr/bin/env python3
"""Rewrite a dossier site from examples/gen_site into a Hugo or a Zola site (stdlib only).

    bench/peer_site.py SRC DEST --flavor {hugo,zola} [--kit ../shared/bench]

SRC is gen_site's output (content/briefs/*.md with YAML front matter: title, date, region,
actors, tags, summary: the fields of the shared kit's neutral flavor). DEST gets the same
bodies byte for byte, with the front matter in the peer's form and the peer's configuration
and templates taken from the kit's generator (gen_briefs.py), so the peers build the briefs
dossier builds with the same layouts they use on the kit. DEST is replaced.
"""

import argparse
import datetime as dt
import json
import os
import shutil
import sys


class Brief:
    """The fields gen_briefs.py's front-matter writers read."""


def parse_value(text):
    """A front-matter value as gen_site writes it: a quoted string, a list, or a bare date."""
    text = text.strip()
    if text.startswith("[") or text.startswith('"'):
        return json.loads(text)
    return text


def split(path):
    """The front matter of a brief as a dict, and its body after the closing `---`."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    if not text.startswith("---\n"):
        sys.exit(f"{path}: no YAML front matter")
    end = text.index("\n---\n", 3)
    fields = {}
    for line in text[4:end].splitlines():
        key, _, value = line.partition(":")
        fields[key.strip()] = parse_value(value)
    return fields, text[end + 5:]


def brief(fields):
    b = Brief()
    b.title = fields["title"]
    b.date = dt.date.fromisoformat(fields["date"])
    b.region = fields["region"]
    b.actors = fields["actors"]
    b.tags = fields["tags"]
    b.summary = fields["summary"]
    return b


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("src")
    ap.add_argument("dest")
    ap.add_argument("--flavor", choices=["hugo", "zola"], required=True)
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--kit", default=os.path.join(here, "..", "..", "shared", "bench"),
                    help="the folder of the shared kit's gen_briefs.py")
    a = ap.parse_args()
    sys.path.insert(0, a.kit)
    import gen_briefs as kit  # noqa: E402 (the kit's folder is only known at run time)

    if os.path.exists(a.dest):
        shutil.rmtree(a.dest)
    src_dir = os.path.join(a.src, "content", "briefs")
    dest_dir = os.path.join(a.dest, "content", "briefs")
    os.makedirs(dest_dir)
    names = sorted(n for n in os.listdir(src_dir) if n.endswith(".md"))
    for name in names:
        fields, body = split(os.path.join(src_dir, name))
        b = brief(fields)
        front = kit.toml_front(b) if a.flavor == "zola" else kit.yaml_front(b)
        kit.write(os.path.join(dest_dir, name), front + body.lstrip("\n"))
    if a.flavor == "hugo":
        kit.write(os.path.join(a.dest, "hugo.yaml"), kit.HUGO_CONFIG)
        kit.write(os.path.join(dest_dir, "_index.md"), '---\ntitle: "Briefs"\n---\n')
        for name, text in kit.HUGO_LAYOUTS.items():
            kit.write(os.path.join(a.dest, "layouts", name), text)
    else:
        kit.write(os.path.join(a.dest, "config.toml"), kit.ZOLA_CONFIG)
        kit.write(os.path.join(a.dest, "content", "_index.md"), '+++\nsort_by = "date"\n+++\n')
        kit.write(os.path.join(dest_dir, "_index.md"),
                  '+++\ntitle = "Briefs"\nsort_by = "date"\ntransparent = true\n+++\n')
        for name, text in kit.ZOLA_TEMPLATES.items():
            kit.write(os.path.join(a.dest, "templates", name), text)
    print(f"{a.flavor}: {len(names)} briefs from {a.src} to {a.dest}", file=sys.stderr)


if __name__ == "__main__":
    main()
