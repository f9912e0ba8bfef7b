//! Code blocks for the realistic mode: per language, pieces of the kind analysts paste (data
//! pulls, shell one-liners, configuration, queries, small programs), joined into blocks of a
//! few lines to a few hundred. Placeholders in a piece are filled from the brief's random
//! stream: `@I` an identifier, `@T` a type name, `@N` a number, `@W` a word, `@S` a short
//! phrase, so no two blocks are the same text.

use super::Rng;

/// Every language the generator writes, as fence names; `json` is generated structurally.
pub const LANGS: [&str; 13] =
    ["python", "bash", "yaml", "sql", "javascript", "rust", "go", "json", "toml", "html", "c", "text", "csv"];

const PYTHON: &[&str] = &[
    "import pandas as pd\nimport numpy as np\n\n",
    "def @I(df, window=@N):\n    \"\"\"Rolling @W index over the last `window` days.\"\"\"\n    s = df[\"@I\"].rolling(window).mean()\n    return (s - s.min()) / (s.max() - s.min() + 1e-9)\n\n",
    "class @T:\n    def __init__(self, name: str, weight: float = 0.@N):\n        self.name = name\n        self.weight = weight\n        self._cache = {}\n\n    def score(self, events: list[dict]) -> float:\n        total = sum(e.get(\"@I\", 0) * self.weight for e in events)\n        return round(total / max(len(events), 1), 3)\n\n",
    "events = pd.read_csv(\"data/@I.csv\", parse_dates=[\"date\"])\nevents = events[events[\"region\"] == \"@W\"]\nprint(events.groupby(\"actor\")[\"@I\"].agg([\"count\", \"mean\"]).head(@N))\n",
    "for @I, row in enumerate(rows):\n    if row[\"@I\"] > @N:  # flag outliers\n        flagged.append((@I, row[\"actor\"], f\"{row['@I']:.2f}\"))\n    elif not row.get(\"@W\"):\n        continue\n",
    "with open(\"@I.json\", encoding=\"utf-8\") as fh:\n    payload = json.load(fh)\nassert payload[\"version\"] == @N, payload.get(\"error\", \"@S\")\n",
    "@dataclass(frozen=True)\nclass @T:\n    region: str\n    level: int = @N\n    notes: tuple[str, ...] = ()\n\n",
];

const BASH: &[&str] = &[
    "#!/usr/bin/env bash\nset -euo pipefail\n\n",
    "for f in data/@I/*.csv; do\n  echo \"processing $f\"\n  wc -l \"$f\" | awk '{print $1}' >> counts.txt\ndone\n",
    "curl -sS \"https://api.example.org/v@N/@I?region=@W&limit=@N\" \\\n  -H \"Accept: application/json\" | jq '.items[] | {id, date, @I}'\n",
    "export @I_DIR=\"${HOME}/archive/@W\"\nmkdir -p \"$@I_DIR\" && cd \"$@I_DIR\" || exit 1\n",
    "grep -rn \"@W\" reports/ | sort -t: -k2 -n | head -n @N\n",
    "if [[ -z \"${@I:-}\" ]]; then\n  echo \"usage: $0 @I\" >&2\n  exit 2\nfi\n",
    "find . -name '*.md' -mtime -@N -print0 | xargs -0 grep -l '@W' # recent briefs\n",
];

const YAML: &[&str] = &[
    "# @S\n@I:\n  region: @W\n  threshold: @N\n  enabled: true\n",
    "sources:\n  - name: @W wire\n    url: https://feeds.example.org/@I.xml\n    grade: B2\n  - name: @W monitor\n    url: \"https://example.net/@I?page=@N\"\n    grade: C3\n",
    "schedule:\n  cron: \"0 */@N * * *\"\n  timezone: UTC\nalerts: [@W, @I, escalation]\n",
    "@I: &defaults\n  retries: @N\n  timeout: 30s\n@I_strict:\n  <<: *defaults\n  retries: 0\n",
    "notes: |\n  @S.\n  Reviewed by the @W desk.\n",
];

const SQL: &[&str] = &[
    "SELECT actor, COUNT(*) AS events, AVG(severity) AS mean_severity\nFROM @I\nWHERE region = '@W' AND date >= DATE '2024-01-01'\nGROUP BY actor\nHAVING COUNT(*) > @N\nORDER BY events DESC\nLIMIT 20;\n",
    "-- @S\nCREATE TABLE @I (\n    id SERIAL PRIMARY KEY,\n    actor TEXT NOT NULL,\n    region VARCHAR(64),\n    severity NUMERIC(4, 2) DEFAULT 0,\n    observed_at TIMESTAMP WITH TIME ZONE\n);\n",
    "WITH recent AS (\n  SELECT * FROM @I WHERE observed_at > now() - INTERVAL '@N days'\n)\nSELECT r.actor, a.country\nFROM recent r\nJOIN actors a ON a.id = r.actor_id\nWHERE a.country IN ('@W', '@W');\n",
    "UPDATE @I SET severity = severity * 1.@N WHERE source = '@W';\n",
    "INSERT INTO @I (actor, region, severity) VALUES ('@W', '@W', @N);\n",
];

const JAVASCRIPT: &[&str] = &[
    "const @I = require(\"./@I\");\n\n",
    "async function @I(region, { limit = @N } = {}) {\n  const res = await fetch(`/api/events?region=${encodeURIComponent(region)}&limit=${limit}`);\n  if (!res.ok) throw new Error(`@S: ${res.status}`);\n  return (await res.json()).items.filter((e) => e.severity > 0.@N);\n}\n\n",
    "const byActor = events.reduce((acc, e) => {\n  (acc[e.actor] ||= []).push(e);\n  return acc;\n}, {});\n",
    "document.querySelectorAll(\".@I\").forEach((el, i) => {\n  el.dataset.rank = String(i + @N); // @S\n  el.classList.toggle(\"@W\", i % 2 === 0);\n});\n",
    "export class @T {\n  #cache = new Map();\n  constructor(name) { this.name = name; }\n  get size() { return this.#cache.size; }\n}\n",
];

const RUST: &[&str] = &[
    "use std::collections::HashMap;\n\n",
    "/// @S.\n#[derive(Debug, Clone, PartialEq)]\npub struct @T {\n    pub actor: String,\n    pub severity: f64,\n    pub tags: Vec<String>,\n}\n\n",
    "fn @I(events: &[@T], region: &str) -> HashMap<&str, usize> {\n    let mut counts = HashMap::new();\n    for e in events.iter().filter(|e| e.tags.iter().any(|t| t == region)) {\n        *counts.entry(e.actor.as_str()).or_insert(0) += 1;\n    }\n    counts\n}\n\n",
    "impl @T {\n    pub fn weight(&self) -> f64 {\n        match self.severity {\n            s if s > 0.@N => 1.0,\n            s => s * @N as f64 / 100.0, // @S\n        }\n    }\n}\n\n",
    "let total: u64 = rows.iter().map(|r| r.count).sum();\nprintln!(\"{} rows, total {total}\", rows.len());\n",
];

const GO: &[&str] = &[
    "package main\n\nimport (\n\t\"encoding/json\"\n\t\"fmt\"\n\t\"os\"\n)\n\n",
    "type @T struct {\n\tActor    string   `json:\"actor\"`\n\tSeverity float64  `json:\"severity\"`\n\tTags     []string `json:\"tags,omitempty\"`\n}\n\n",
    "func @I(path string) ([]@T, error) {\n\tf, err := os.Open(path)\n\tif err != nil {\n\t\treturn nil, fmt.Errorf(\"@S: %w\", err)\n\t}\n\tdefer f.Close()\n\tvar out []@T\n\treturn out, json.NewDecoder(f).Decode(&out)\n}\n\n",
    "for i, e := range events {\n\tif e.Severity > 0.@N {\n\t\tfmt.Printf(\"%d %s %.2f\\n\", i, e.Actor, e.Severity)\n\t}\n}\n",
    "ch := make(chan @T, @N)\ngo func() {\n\tdefer close(ch)\n\tfor _, e := range events {\n\t\tch <- e\n\t}\n}()\n",
];

const TOML: &[&str] = &[
    "[@I]\nregion = \"@W\"\nthreshold = @N\nenabled = true\n\n",
    "[[sources]]\nname = \"@W wire\"\nurl = \"https://feeds.example.org/@I.xml\"\ntags = [\"@W\", \"@W\"]\n\n",
    "# @S\n[output]\ndir = \"public\"\nminify = false\n",
];

const HTML: &[&str] = &[
    "<table class=\"@I\">\n  <thead><tr><th>Actor</th><th>Events</th></tr></thead>\n  <tbody>\n    <tr><td>@W</td><td>@N</td></tr>\n  </tbody>\n</table>\n",
    "<!-- @S -->\n<div id=\"@I\" data-region=\"@W\">\n  <a href=\"/briefs/@I/\" title=\"@W &amp; @W\">Read more</a>\n</div>\n",
    "<script>\n  window.@I = { limit: @N, region: \"@W\" };\n</script>\n",
];

const C: &[&str] = &[
    "#include <stdio.h>\n#include <stdlib.h>\n\n",
    "/* @S */\nstruct @I {\n    char actor[64];\n    double severity;\n    int flags;\n};\n\n",
    "static int @I(const struct event *ev, size_t n, double cut) {\n    int hits = 0;\n    for (size_t i = 0; i < n; i++) {\n        if (ev[i].severity > cut && (ev[i].flags & 0x@N)) {\n            hits++;\n        }\n    }\n    return hits;\n}\n\n",
    "int main(int argc, char **argv) {\n    if (argc < 2) {\n        fprintf(stderr, \"usage: %s FILE\\n\", argv[0]);\n        return 1;\n    }\n    printf(\"%d\\n\", @N);\n    return 0;\n}\n",
];

const TEXT: &[&str] =
    &["@S\n", "Source: @W wire, retrieved @N March\nReliability: B2\n", "  @W      @N      @N\n  @W      @N      @N\n"];

const CSV: &[&str] = &["date,actor,region,severity\n", "2024-0@N-1@N,@W,@W,0.@N\n"];

const IDENTS: [&str; 24] = [
    "events",
    "score",
    "risk",
    "load",
    "fetch",
    "summary",
    "actors",
    "flows",
    "tally",
    "sources",
    "index",
    "signals",
    "rows",
    "cache",
    "window",
    "weights",
    "alerts",
    "ports",
    "routes",
    "trend",
    "deltas",
    "shipments",
    "ledger",
    "incidents",
];
const TYPES: [&str; 10] =
    ["Event", "Actor", "RiskModel", "Source", "Report", "Signal", "Shipment", "Region", "Indicator", "Alert"];

/// A code block in `lang`: its text, ending in a newline.
pub fn block(r: &mut Rng, lang: &str, word: &mut dyn FnMut(&mut Rng) -> &'static str) -> String {
    // Sizes: most blocks are a few pieces; one in ten is long, as pasted programs are.
    let pieces = if r.below(10) == 0 { 8 + r.below(24) } else { 1 + r.below(4) };
    if lang == "json" {
        return json(r, pieces, word);
    }
    let table = match lang {
        "python" => PYTHON,
        "bash" => BASH,
        "yaml" => YAML,
        "sql" => SQL,
        "javascript" => JAVASCRIPT,
        "rust" => RUST,
        "go" => GO,
        "toml" => TOML,
        "html" => HTML,
        "c" => C,
        "csv" => CSV,
        _ => TEXT,
    };
    let mut out = String::new();
    // A header piece (imports, includes) comes first when the language has one, then the rest.
    for k in 0..=pieces {
        let t = if k == 0 { table[0] } else { table[1 + r.below(table.len() - 1)] };
        fill(r, t, &mut out, word);
    }
    let end = out.trim_end().len();
    out.truncate(end);
    out.push('\n');
    out
}

fn fill(r: &mut Rng, template: &str, out: &mut String, word: &mut dyn FnMut(&mut Rng) -> &'static str) {
    let mut rest = template;
    while let Some(at) = rest.find('@') {
        out.push_str(&rest[..at]);
        let kind = rest[at + 1..].chars().next().unwrap_or(' ');
        match kind {
            'I' => out.push_str(IDENTS[r.below(IDENTS.len())]),
            'T' => out.push_str(TYPES[r.below(TYPES.len())]),
            'N' => out.push_str(&(1 + r.below(98)).to_string()),
            'W' => out.push_str(word(r)),
            'S' => {
                for k in 0..3 + r.below(5) {
                    if k > 0 {
                        out.push(' ');
                    }
                    out.push_str(word(r));
                }
            }
            _ => {
                out.push('@');
                rest = &rest[at + 1..];
                continue;
            }
        }
        rest = &rest[at + 2..];
    }
    out.push_str(rest);
}

/// A JSON document of about `size` records: an API response or a data excerpt.
fn json(r: &mut Rng, size: usize, word: &mut dyn FnMut(&mut Rng) -> &'static str) -> String {
    let mut out = String::from("{\n  \"source\": \"");
    out.push_str(word(r));
    out.push_str("\",\n  \"count\": ");
    out.push_str(&(size * 2).to_string());
    out.push_str(",\n  \"items\": [\n");
    for k in 0..size * 2 {
        let _ = std::fmt::Write::write_fmt(
            &mut out,
            format_args!(
                "    {{\"id\": {}, \"actor\": \"{}\", \"severity\": 0.{}, \"tags\": [\"{}\", \"{}\"], \"confirmed\": {}, \"note\": {}}}{}\n",
                r.below(100_000),
                word(r),
                r.below(100),
                word(r),
                word(r),
                if r.below(2) == 0 { "true" } else { "false" },
                if r.below(3) == 0 { "null".to_string() } else { format!("\"{} {}\"", word(r), word(r)) },
                if k + 1 < size * 2 { "," } else { "" }
            ),
        );
    }
    out.push_str("  ]\n}\n");
    out
}
