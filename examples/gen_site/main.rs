//! Generate a deterministic site of synthetic briefs for benchmarks:
//! `cargo run --release --example gen_site -- --briefs 10000 --out DIR [--seed 1] [--actors 200]
//! [--no-graph] [--kit] [--langs python,json,…] [--scripts]`.
//!
//! By default briefs look like real writing: prose drawn from a vocabulary of thousands of words
//! with Zipf-like frequencies (`prose.rs`), and zero to three code blocks each, of varied size,
//! in languages that rotate through `--langs` (all of `code::LANGS` unless given; realistic code,
//! `code.rs`). Code comes from its own random stream, so `--langs json` gives the same briefs
//! with every block in JSON. `--scripts` makes one paragraph in eight Arabic, Russian or Chinese.
//! `--kit` writes the older content instead (a 64-word vocabulary and one Python block per
//! brief), which the older figures in BENCHMARKS.md were measured on.
//!
//! `--actors` sets how many actors briefs draw from (200 by default; past 200, names get a
//! number); `--no-graph` writes `graph: {enabled: false}` into site.yaml.
//! Brief *i* depends only on (seed, i), so smaller sites are prefixes of larger ones.

mod code;
mod prose;

use std::fmt::Write as _;
use std::path::PathBuf;

const REGIONS: [&str; 15] = [
    "Middle East",
    "Gulf",
    "Levant",
    "North Africa",
    "Horn of Africa",
    "Sahel",
    "East Asia",
    "South Asia",
    "Southeast Asia",
    "Central Asia",
    "Caucasus",
    "Eastern Europe",
    "Western Europe",
    "Latin America",
    "Arctic",
];

const ACTOR_STEMS: [&str; 40] = [
    "United States",
    "Iran",
    "Oman",
    "Saudi Arabia",
    "Qatar",
    "Iraq",
    "Syria",
    "Lebanon",
    "Israel",
    "Egypt",
    "Turkey",
    "Yemen",
    "Libya",
    "Sudan",
    "Ethiopia",
    "Somalia",
    "Mali",
    "Niger",
    "Chad",
    "Nigeria",
    "China",
    "Japan",
    "India",
    "Pakistan",
    "Russia",
    "Ukraine",
    "Poland",
    "Germany",
    "France",
    "Brazil",
    "Mexico",
    "Venezuela",
    "IAEA",
    "United Nations",
    "European Union",
    "NATO",
    "African Union",
    "ECOWAS",
    "OPEC",
    "Hezbollah",
];
const ACTOR_ROLES: [&str; 5] = ["", " Ministry of Defence", " Central Bank", " Foreign Ministry", " Parliament"];

const TAGS: [&str; 60] = [
    "nuclear",
    "diplomacy",
    "sanctions",
    "ballistic missiles",
    "proxy groups",
    "regional security",
    "energy",
    "oil",
    "natural gas",
    "shipping",
    "maritime security",
    "trade",
    "tariffs",
    "elections",
    "protests",
    "human rights",
    "refugees",
    "migration",
    "humanitarian aid",
    "famine",
    "water",
    "climate",
    "drought",
    "terrorism",
    "counterterrorism",
    "cyber",
    "disinformation",
    "arms control",
    "arms sales",
    "defence spending",
    "coups",
    "insurgency",
    "peace talks",
    "ceasefire",
    "mediation",
    "border disputes",
    "territorial disputes",
    "fisheries",
    "mining",
    "critical minerals",
    "semiconductors",
    "debt",
    "inflation",
    "currency",
    "central banks",
    "investment",
    "infrastructure",
    "ports",
    "pipelines",
    "railways",
    "space",
    "satellites",
    "public health",
    "food security",
    "grain",
    "fertiliser",
    "nuclear energy",
    "renewables",
    "hydrogen",
    "deterrence",
];

const WORDS: [&str; 64] = [
    "analysts",
    "expect",
    "the",
    "talks",
    "to",
    "continue",
    "despite",
    "pressure",
    "from",
    "hardliners",
    "officials",
    "signalled",
    "a",
    "willingness",
    "negotiate",
    "but",
    "core",
    "positions",
    "remain",
    "far",
    "apart",
    "regional",
    "partners",
    "watch",
    "closely",
    "as",
    "markets",
    "price",
    "risk",
    "of",
    "escalation",
    "in",
    "coming",
    "weeks",
    "delegations",
    "met",
    "under",
    "mediation",
    "while",
    "forces",
    "stayed",
    "on",
    "alert",
    "along",
    "border",
    "shipping",
    "insurers",
    "raised",
    "premiums",
    "after",
    "incidents",
    "near",
    "strait",
    "sanctions",
    "relief",
    "remains",
    "distant",
    "domestic",
    "politics",
    "constrain",
    "leaders",
    "both",
    "sides",
    "and",
];

struct Rng(u64);

impl Rng {
    fn new(seed: u64, i: u64) -> Rng {
        let mut r = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ (i + 1).wrapping_mul(0xD1B5_4A32_D192_ED03));
        for _ in 0..4 {
            r.next();
        }
        r
    }
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn sentence(r: &mut Rng) -> String {
    let n = 8 + r.below(12);
    let mut s = String::new();
    for k in 0..n {
        let w = WORDS[r.below(WORDS.len())];
        if k == 0 {
            let mut c = w.chars();
            s.push_str(&c.next().map(|f| f.to_uppercase().collect::<String>() + c.as_str()).unwrap_or_default());
        } else {
            s.push(' ');
            s.push_str(w);
        }
    }
    s.push('.');
    s
}

fn paragraph(r: &mut Rng) -> String {
    (0..3 + r.below(3)).map(|_| sentence(r)).collect::<Vec<_>>().join(" ")
}

/// Actors in the default pool: every stem in every role.
const POOL: usize = ACTOR_STEMS.len() * ACTOR_ROLES.len();

fn actor(k: usize) -> String {
    let name =
        format!("{}{}", ACTOR_STEMS[k % ACTOR_STEMS.len()], ACTOR_ROLES[(k / ACTOR_STEMS.len()) % ACTOR_ROLES.len()]);
    if k < POOL { name } else { format!("{name} {}", k / POOL + 1) }
}

/// What the briefs contain, from the command line.
struct Content {
    kit: bool,
    langs: Vec<String>,
    scripts: bool,
}

/// A brief's front matter: its slug, its text up to the closing `---`, and its first actors and
/// tag for the title.
fn front(r: &mut Rng, i: u64, pool: usize, summary: &str) -> (String, String) {
    let slug = format!("brief-{i:06}");
    let year = 2010 + r.below(16);
    let month = 1 + r.below(12);
    let day = 1 + r.below(28);
    let region = REGIONS[r.below(REGIONS.len())];
    let n_actors = 2 + r.below(4);
    let mut actors: Vec<String> = Vec::new();
    while actors.len() < n_actors {
        let a = actor(r.below(pool));
        if !actors.contains(&a) {
            actors.push(a);
        }
    }
    let mut tags: Vec<&str> = Vec::new();
    while tags.len() < 2 + r.below(3) {
        let t = TAGS[r.below(TAGS.len())];
        if !tags.contains(&t) {
            tags.push(t);
        }
    }
    let title = format!("{} and {}: {} outlook {}", actors[0], actors[1], tags[0], i);
    let quote = |s: &str| format!("\"{s}\"");
    let mut t = String::with_capacity(8000);
    let _ = writeln!(t, "---");
    let _ = writeln!(t, "title: {}", quote(&title));
    let _ = writeln!(t, "date: {year}-{month:02}-{day:02}");
    let _ = writeln!(t, "region: {}", quote(region));
    let _ = writeln!(t, "actors: [{}]", actors.iter().map(|a| quote(a)).collect::<Vec<_>>().join(", "));
    let _ = writeln!(t, "tags: [{}]", tags.iter().map(|a| quote(a)).collect::<Vec<_>>().join(", "));
    let _ = writeln!(t, "summary: {}", quote(summary));
    let _ = writeln!(t, "---\n");
    (slug, t)
}

/// A brief that reads like real writing (see the module doc).
fn real_brief(seed: u64, i: u64, pool: usize, content: &Content) -> (String, String) {
    let r = &mut Rng::new(seed, i);
    // Code is drawn from a stream of its own, so the prose does not depend on the languages.
    let cr = &mut Rng::new(seed ^ 0x00C0_DE00, i);
    let summary = prose::sentence(r);
    let (slug, mut t) = front(r, i, pool, &summary);
    let scripts = content.scripts;
    let mut blocks = 0;
    let mut code = |t: &mut String, r: &mut Rng| {
        let lang = &content.langs[(i as usize * 3 + blocks) % content.langs.len()];
        blocks += 1;
        let text = code::block(cr, lang, &mut prose::word);
        let _ = writeln!(t, "```{lang}\n{text}```\n");
        let _ = writeln!(t, "{}\n", prose::paragraph(r, scripts));
    };
    let _ = writeln!(t, "{}\n", prose::paragraph(r, scripts));
    let _ = writeln!(t, "## Background\n\n{}\n\n{}[^1]\n", prose::paragraph(r, scripts), prose::paragraph(r, scripts));
    // Zero to three blocks: one brief in four has none, as most briefs are prose.
    let n_blocks = [0, 1, 1, 1, 2, 2, 3, 1][r.below(8)];
    if n_blocks > 0 {
        code(&mut t, r);
    }
    let _ = writeln!(t, "## Key developments\n");
    for _ in 0..3 + r.below(4) {
        let _ = writeln!(t, "- {}", prose::sentence(r));
    }
    let _ = writeln!(t, "\n{}\n", prose::paragraph(r, scripts));
    let _ = writeln!(t, "| Indicator | Previous | Latest |\n|---|---:|---:|");
    for k in 0..4 {
        let _ = writeln!(t, "| {} | {} | {} |", TAGS[(i as usize + k) % TAGS.len()], r.below(100), r.below(100));
    }
    let _ = writeln!(t, "\n### Assessment\n\n{}\n", prose::paragraph(r, scripts));
    for _ in 1..n_blocks {
        code(&mut t, r);
    }
    let _ = writeln!(t, "## Outlook\n\n{}\n\n{}\n", prose::paragraph(r, scripts), prose::paragraph(r, scripts));
    let _ = writeln!(t, "[^1]: {}", prose::sentence(r));
    (slug, t)
}

/// A brief of the older content (`--kit`), kept as it was so older figures stay reproducible.
fn brief(seed: u64, i: u64, pool: usize) -> (String, String) {
    let r = &mut Rng::new(seed, i);
    let slug = format!("brief-{i:06}");
    let year = 2010 + r.below(16);
    let month = 1 + r.below(12);
    let day = 1 + r.below(28);
    let region = REGIONS[r.below(REGIONS.len())];
    let n_actors = 2 + r.below(4);
    let mut actors: Vec<String> = Vec::new();
    while actors.len() < n_actors {
        let a = actor(r.below(pool));
        if !actors.contains(&a) {
            actors.push(a);
        }
    }
    let mut tags: Vec<&str> = Vec::new();
    while tags.len() < 2 + r.below(3) {
        let t = TAGS[r.below(TAGS.len())];
        if !tags.contains(&t) {
            tags.push(t);
        }
    }
    let title = format!("{} and {}: {} outlook {}", actors[0], actors[1], tags[0], i);
    let quote = |s: &str| format!("\"{s}\"");
    let mut t = String::with_capacity(7000);
    let _ = writeln!(t, "---");
    let _ = writeln!(t, "title: {}", quote(&title));
    let _ = writeln!(t, "date: {year}-{month:02}-{day:02}");
    let _ = writeln!(t, "region: {}", quote(region));
    let _ = writeln!(t, "actors: [{}]", actors.iter().map(|a| quote(a)).collect::<Vec<_>>().join(", "));
    let _ = writeln!(t, "tags: [{}]", tags.iter().map(|a| quote(a)).collect::<Vec<_>>().join(", "));
    let _ = writeln!(t, "summary: {}", quote(&sentence(r)));
    let _ = writeln!(t, "---\n");
    let _ = writeln!(t, "{}\n", paragraph(r));
    let _ = writeln!(t, "## Background\n\n{}\n\n{}[^1]\n", paragraph(r), paragraph(r));
    let _ = writeln!(t, "## Key developments\n");
    for _ in 0..4 {
        let _ = writeln!(t, "- {}", sentence(r));
    }
    let _ = writeln!(t, "\n{}\n", paragraph(r));
    let _ = writeln!(t, "| Indicator | Previous | Latest |\n|---|---:|---:|");
    for k in 0..4 {
        let _ = writeln!(t, "| {} | {} | {} |", TAGS[(i as usize + k) % TAGS.len()], r.below(100), r.below(100));
    }
    let _ = writeln!(t, "\n### Assessment\n\n{}\n\n{}\n", paragraph(r), paragraph(r));
    let _ = writeln!(
        t,
        "```python\n# risk index for brief {i}\nweights = {{\"military\": 0.5, \"economic\": 0.3}}\nscore = sum(w * {} for w in weights.values())\nprint(f\"risk={{score:.2f}}\")\n```\n",
        r.below(10)
    );
    let _ = writeln!(t, "## Outlook\n\n{}\n\n{}\n\n{}\n", paragraph(r), paragraph(r), paragraph(r));
    let _ = writeln!(t, "[^1]: {}", sentence(r));
    (slug, t)
}

const USAGE: &str = "usage: gen_site --briefs N --out DIR [--seed S] [--actors N] [--no-graph] [--kit] \
[--langs python,bash,…] [--scripts]";

fn main() {
    let mut briefs = 1000u64;
    let mut out = PathBuf::from("bench-site");
    let mut seed = 1u64;
    let mut pool = POOL;
    let mut graph = true;
    let mut content =
        Content { kit: false, langs: code::LANGS.iter().map(|s| s.to_string()).collect(), scripts: false };
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut val = || args.next().unwrap_or_else(|| panic!("{a} needs a value"));
        match a.as_str() {
            "--briefs" => briefs = val().parse().expect("--briefs N"),
            "--out" => out = PathBuf::from(val()),
            "--seed" => seed = val().parse().expect("--seed N"),
            "--actors" => pool = val().parse::<usize>().expect("--actors N").max(5),
            "--no-graph" => graph = false,
            "--kit" => content.kit = true,
            "--scripts" => content.scripts = true,
            "--langs" => {
                content.langs = val().split(',').filter(|l| !l.is_empty()).map(str::to_string).collect();
                assert!(!content.langs.is_empty(), "--langs needs at least one language");
            }
            "--help" | "-h" => {
                println!("{USAGE}");
                return;
            }
            other => panic!("unknown argument {other}; {USAGE}"),
        }
    }
    let dir = out.join("content/briefs");
    std::fs::create_dir_all(&dir).expect("create output");
    std::fs::write(
        out.join("site.yaml"),
        format!(
            "title: Benchmark Briefs\nbase_url: https://example.org/\ndescription: Generated by gen_site.\n{}",
            if graph { "" } else { "graph:\n  enabled: false\n" }
        ),
    )
    .expect("write site.yaml");
    for i in 0..briefs {
        let (slug, text) = if content.kit { brief(seed, i, pool) } else { real_brief(seed, i, pool, &content) };
        std::fs::write(dir.join(format!("{slug}.md")), text).expect("write brief");
    }
    if content.kit {
        println!("wrote {briefs} briefs to {}", out.display());
    } else {
        println!(
            "wrote {briefs} briefs to {} (vocabulary of {} words; code in {})",
            out.display(),
            prose::vocabulary_size(),
            content.langs.join(", ")
        );
    }
}
