//! Microbenchmarks of the hot stages on one realistic brief: front matter, Markdown (with and
//! without a highlighted block), search tokens and slugs; and the model (sorting, taxonomies,
//! timeline, related briefs, URL checks) of a whole site. `cargo bench --bench stages`.

use std::path::Path;

use dossier::config::SiteConfig;
use dossier::content::front_matter;
use dossier::markdown::{self, Highlighter, LinkTarget, Options};

fn brief(code: bool) -> String {
    let mut s = String::from(
        "---\ntitle: \"US and Iran open indirect talks in Muscat\"\ndate: 2026-02-07\nregion: [Middle East, Gulf]\nactors: [United States, Iran, Oman]\ntags: [diplomacy, nuclear]\nsummary: \"Oman hosted the first round of indirect talks.\"\n---\n",
    );
    for section in 0..6 {
        s.push_str(&format!("## Section {section}\n\n"));
        for _ in 0..3 {
            s.push_str("Omani officials carried messages between the delegations, which sat in separate rooms; neither side moved on enrichment, missiles or regional proxies, but both agreed to meet again.[^1]\n\n");
        }
        s.push_str("- one point\n- another point, with *emphasis*\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n");
    }
    if code {
        s.push_str("```python\nweights = {\"military\": 0.5, \"economic\": 0.3}\nscore = sum(w * 4 for w in weights.values())\nprint(f\"risk={score:.2f}\")\n```\n\n");
    }
    s.push_str("[^1]: A footnote.\n");
    s
}

fn main() {
    divan::main();
}

#[divan::bench]
fn front_matter(b: divan::Bencher) {
    let text = brief(false);
    let cfg = SiteConfig::default();
    b.bench(|| front_matter::parse("briefs/x.md", Path::new("content/briefs/x.md"), divan::black_box(&text), &cfg));
}

#[divan::bench(args = [false, true])]
fn markdown(b: divan::Bencher, code: bool) {
    let text = brief(code);
    let hl = Highlighter::new();
    let opts = Options { smart_punctuation: true, unsafe_html: true };
    // Load the syntaxes outside the measurement.
    let _ = markdown::render(&text, opts, &hl, &|_| LinkTarget::Keep);
    b.bench(|| markdown::render(divan::black_box(&text), opts, &hl, &|_| LinkTarget::Keep));
}

/// The prose a brief's search tokens come from, as Markdown hands it over: smart punctuation
/// turns apostrophes, quotes and dashes into typographic characters, which are not ASCII.
fn prose() -> String {
    let para = "Oman\u{2019}s officials carried messages between the delegations \u{2014} which sat in separate rooms; neither side moved on enrichment, missiles or regional proxies, but both agreed to meet again. ";
    let mut s = String::new();
    for i in 0..60 {
        s.push_str(para);
        s.push_str(&format!("Section {i} of the \u{201c}talks\u{201d} file, C\u{f4}te d\u{2019}Ivoire. "));
    }
    s
}

/// As the Markdown stage does it: one token set per thread, fed the prose, read out in the
/// order first met, cleared for the next brief.
#[divan::bench]
fn search_tokens(b: divan::Bencher) {
    let text = prose();
    let mut set = dossier::text::TokenSet::default();
    b.bench_local(|| {
        set.add(divan::black_box(&text));
        let terms = set.in_order();
        set.clear();
        terms
    });
}

#[divan::bench]
fn slugify(b: divan::Bencher) {
    b.bench(|| dossier::slug::slugify(divan::black_box("Côte d'Ivoire Ministry of Foreign Affairs")));
}

/// The front matter of brief `i` of a site: dates spread over five years, many on the same
/// day (as in a real archive, where the sort must break ties by path), one of 15 regions, two to
/// five of 200 actors and two of 60 tags.
fn site_brief(i: usize) -> String {
    let actors: Vec<String> = (0..2 + i % 4).map(|k| format!("Actor {}", (i * 7 + k * 31) % 200)).collect();
    format!(
        "---\ntitle: \"Document {i}\"\ndate: {}-{:02}-{:02}\nregion: Region {}\nactors: [{}]\ntags: [tag {}, tag {}]\n---\nBody.\n",
        2021 + i % 5,
        1 + i / 5 % 12,
        1 + i / 60 % 28,
        i % 15,
        actors.join(", "),
        i % 60,
        (i / 3 + 17) % 60
    )
}

/// The model stage of a whole site (`Site::assemble`), from documents already loaded.
#[divan::bench(args = [1_000, 10_000, 100_000], sample_count = 20)]
fn model(b: divan::Bencher, briefs: usize) {
    let cfg = SiteConfig::default();
    let docs: Vec<dossier::content::Document> = (0..briefs)
        .map(|i| {
            let source = format!("briefs/b{i:06}.md");
            let file = Path::new("content").join(&source);
            front_matter::parse(&source, &file, &site_brief(i), &cfg).0.expect("valid front matter")
        })
        .collect();
    b.with_inputs(|| docs.clone()).bench_local_values(|docs| {
        dossier::model::site::Site::assemble(cfg.clone(), docs, &dossier::model::publish::Policy::default())
    });
}

/// The actor graph of a whole site, beside the model it is drawn from: the site-wide graph and
/// every actor's network (counted and laid out), for `briefs` briefs over `actors` actors, two
/// to five a brief. `bench/graph.sh` measures a whole build with the graph on and off.
#[divan::bench(args = [(1_000, 200), (10_000, 2_000)], sample_count = 10)]
fn actor_graphs(b: divan::Bencher, (briefs, actors): (usize, usize)) {
    use dossier::model::{TaxonomyKind, graph};
    let cfg = SiteConfig::default();
    let docs: Vec<dossier::content::Document> = (0..briefs)
        .map(|i| {
            let names: Vec<String> = (0..2 + i % 4).map(|k| format!("Actor {}", (i * 7 + k * 131) % actors)).collect();
            let text = format!(
                "---\ntitle: \"Document {i}\"\ndate: {}-{:02}-{:02}\nregion: Region {}\nactors: [{}]\n---\nBody.\n",
                2021 + i % 5,
                1 + i / 5 % 12,
                1 + i / 60 % 28,
                i % 15,
                names.join(", ")
            );
            let source = format!("briefs/b{i:06}.md");
            front_matter::parse(&source, &Path::new("content").join(&source), &text, &cfg)
                .0
                .expect("valid front matter")
        })
        .collect();
    let site = dossier::model::site::Site::assemble(cfg.clone(), docs, &dossier::model::publish::Policy::default()).0;
    let date_of = |i: usize| site.briefs[i].date.as_ref().map(|d| d.civil);
    b.bench_local(|| {
        let all = site.taxonomy(TaxonomyKind::Actors);
        let local: usize = (0..all.terms.len()).map(|t| graph::local(all, t, 12, &date_of).edges.len()).sum();
        (graph::site_wide(&site, 40).edges.len(), local)
    });
}
