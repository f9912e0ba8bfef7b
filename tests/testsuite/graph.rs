//! The actor graph: on each actor's page a network of the actors that appear with it, and a
//! site-wide graph at /actors/graph/, drawn as SVG at build time. Every node links to its
//! actor's page, every edge's weight is the number of published briefs naming both (counted
//! here from the fixture, independently of dossier), the table says what the picture shows,
//! held-back briefs make no edge, the caps hold and two builds are byte-identical.

use std::collections::{BTreeMap, BTreeSet};

use scraper::Html;

use crate::prelude::*;

/// The fixture's published briefs: date and actors.
const PUBLISHED: &[(&str, &[&str])] = &[
    ("2026-03-10", &["Iran", "Oman", "United States"]),
    ("2026-02-01", &["Iran", "Oman"]),
    ("2025-11-20", &["Iran", "United States", "Israel"]),
    ("2025-06-01", &["Iran", "Israel"]),
    ("2024-05-05", &["Russia", "Ukraine", "United States"]),
    ("2024-02-02", &["Russia", "Ukraine"]),
    ("2023-09-09", &["China", "United States", "Iran"]),
    // An actor alone makes no edge.
    ("2023-01-01", &["Mali"]),
];

/// A site of `PUBLISHED`, plus a draft and a brief marked above the build's TLP, each naming a
/// pair of actors found nowhere else.
fn site(yaml_extra: &str) -> Site {
    let s = Site::new();
    s.write("site.yaml", &format!("{SITE_YAML}{yaml_extra}"));
    for (k, (date, actors)) in PUBLISHED.iter().enumerate() {
        s.brief(
            &format!("b{k}.md"),
            &format!("title: Brief {k}\ndate: {date}\nregion: Gulf\nactors: [{}]", actors.join(", ")),
            "Text.\n",
        );
    }
    s.brief("draft.md", "title: Draft\ndate: 2026-01-01\nregion: Gulf\nactors: [Oman, Qatar]\ndraft: true", "Text.\n");
    s.brief(
        "amber.md",
        "title: Amber\ndate: 2026-01-02\nregion: Gulf\nactors: [Iran, Hidden Cell]\ntlp: AMBER",
        "Text.\n",
    );
    s
}

/// Briefs of `PUBLISHED` naming every one of `actors`, in the year `year` when given.
fn in_common(actors: &[&str], year: Option<&str>) -> u32 {
    let hit = |(d, names): &&(&str, &[&str])| {
        actors.iter().all(|a| names.contains(a)) && year.is_none_or(|y| d.starts_with(y))
    };
    PUBLISHED.iter().filter(hit).count() as u32
}

/// A graph as its page shows it.
#[derive(Debug)]
struct Drawn {
    /// Node number → (the name its link gives, its href).
    nodes: BTreeMap<String, (String, String)>,
    /// (name, name) sorted → the counts per window of its edge, from `data-w`.
    edges: BTreeMap<(String, String), Vec<u32>>,
    /// The same from the table of connections, with the count shown.
    rows: BTreeMap<(String, String), (u32, Vec<u32>)>,
    /// The window menu's labels.
    windows: Vec<String>,
}

fn pair(a: &str, b: &str) -> (String, String) {
    if a < b { (a.into(), b.into()) } else { (b.into(), a.into()) }
}

fn numbers(s: &str) -> Vec<u32> {
    s.split(' ').map(|n| n.parse().expect("a count")).collect()
}

/// Read the graph figure and table of a page.
fn drawn(doc: &Html) -> Drawn {
    let mut nodes = BTreeMap::new();
    for a in doc.select(&sel("svg.graph-svg a.graph-node")) {
        let label = a.value().attr("aria-label").expect("a node has an accessible name");
        let name = label.split(": ").next().expect("name: count").to_string();
        let href = a.value().attr("href").expect("a node is a link").to_string();
        nodes.insert(a.value().attr("data-node").expect("numbered").to_string(), (name, href));
    }
    let mut edges = BTreeMap::new();
    for e in doc.select(&sel("svg.graph-svg line.graph-edge")) {
        let end = |k: &str| nodes[e.value().attr(k).expect("an end")].0.clone();
        let w = numbers(e.value().attr("data-w").expect("counts"));
        let title = e.text().collect::<String>();
        let briefs = if w[0] == 1 { "brief" } else { "briefs" };
        assert!(title.ends_with(&format!(": {} {briefs} in common", w[0])), "{title}");
        assert!(e.value().attr("stroke-width").is_some_and(|s| s.parse::<f64>().is_ok_and(|v| v >= 1.0)));
        edges.insert(pair(&end("data-a"), &end("data-b")), w);
    }
    let mut rows = BTreeMap::new();
    for tr in doc.select(&sel(".graph-table tbody tr")) {
        let cells: Vec<String> = tr.select(&sel("td")).map(|td| td.text().collect::<String>()).collect();
        let w = numbers(tr.value().attr("data-w").expect("counts"));
        rows.insert(pair(&cells[0], &cells[1]), (cells[2].parse().expect("a count"), w));
    }
    Drawn { nodes, edges, rows, windows: texts(doc, "[data-graph-window] option") }
}

/// The page of the actor an href leads to, and the name in its heading.
fn actor_at(s: &Site, href: &str) -> String {
    let rel = href.trim_start_matches('/');
    let doc = s.html(&format!("{rel}index.html"));
    texts(&doc, "h1").join(" ").trim_start_matches("Actor: ").to_string()
}

#[test]
fn every_node_links_to_its_actor_and_every_edge_counts_the_briefs_in_common() {
    let s = site("");
    s.build_ok(&[]);
    let g = drawn(&s.html("actors/graph/index.html"));
    for (name, href) in g.nodes.values() {
        assert_eq!(&actor_at(&s, href), name, "{href}");
    }
    let names: BTreeSet<&str> = g.nodes.values().map(|(n, _)| n.as_str()).collect();
    assert!(!names.contains("Mali"), "an actor with no tie is not drawn: {names:?}");
    assert_eq!(names.len(), 7, "{names:?}");
    // Every pair of drawn actors that share a brief is an edge, with that many briefs.
    let mut expected = BTreeMap::new();
    for a in &names {
        for b in &names {
            let n = in_common(&[a, b], None);
            if a < b && n > 0 {
                expected.insert(pair(a, b), n);
            }
        }
    }
    let got: BTreeMap<_, _> = g.edges.iter().map(|(k, w)| (k.clone(), w[0])).collect();
    assert_eq!(got, expected);
    // The window counts: a year's is the briefs in common dated that year.
    let y2025 = g.windows.iter().position(|w| w == "2025").expect("a 2025 window");
    for ((a, b), w) in &g.edges {
        assert_eq!(w[y2025], in_common(&[a, b], Some("2025")), "{a} and {b} in 2025");
        assert_eq!(w.len(), g.windows.len());
    }
    assert_eq!(g.windows[..3], ["All time", "Last 12 months (to 2026-03-10)", "Last 3 months (to 2026-03-10)"]);
}

#[test]
fn an_actor_s_network_counts_in_its_own_briefs_and_its_table_says_the_same() {
    let s = site("");
    s.build_ok(&[]);
    let doc = s.html("actors/iran/index.html");
    let g = drawn(&doc);
    assert_eq!(g.nodes["0"].0, "Iran", "the actor is the first node");
    assert_eq!(attrs(&doc, "a.graph-centre", "aria-current"), ["page"]);
    for (name, href) in g.nodes.values() {
        assert_eq!(&actor_at(&s, href), name);
    }
    // Iran with each other actor: their briefs in common. Two others: the briefs naming both
    // and Iran (Iran's network is drawn from Iran's briefs).
    for ((a, b), w) in &g.edges {
        let expected =
            if a == "Iran" || b == "Iran" { in_common(&[a, b], None) } else { in_common(&[a, b, "Iran"], None) };
        assert_eq!(w[0], expected, "{a} and {b}");
    }
    let co: BTreeSet<&str> = g.nodes.values().map(|(n, _)| n.as_str()).filter(|n| *n != "Iran").collect();
    assert_eq!(co, BTreeSet::from(["China", "Israel", "Oman", "United States"]));
    // The table: the same edges, the same counts.
    let table: BTreeMap<_, _> = g.rows.iter().map(|(k, (n, w))| (k.clone(), (*n, w.clone()))).collect();
    let svg: BTreeMap<_, _> = g.edges.iter().map(|(k, w)| (k.clone(), (w[0], w.clone()))).collect();
    assert_eq!(table, svg);
    // An actor whose briefs name no other actor draws no network.
    assert!(s.html("actors/mali/index.html").select(&sel(".graph-svg")).next().is_none());
    // The page loads the script from a file, as a page with a strict CSP needs.
    assert!(attrs(&doc, "script", "src").iter().any(|src| src.ends_with("graph.js")));
    assert!(doc.select(&sel("script:not([src]):not([type='application/json'])")).next().is_none(), "no inline script");
}

#[test]
fn briefs_held_back_make_no_edge_and_name_no_actor() {
    let s = site("");
    s.build_ok(&[]);
    for page in ["actors/graph/index.html", "actors/iran/index.html", "actors/oman/index.html"] {
        let g = drawn(&s.html(page));
        let named: Vec<&String> =
            g.nodes.values().map(|(n, _)| n).chain(g.rows.keys().flat_map(|(a, b)| [a, b])).collect();
        assert!(!named.iter().any(|n| *n == "Qatar" || *n == "Hidden Cell"), "{page}: {named:?}");
    }
    let html = std::fs::read_to_string(s.path("public/actors/graph/index.html")).unwrap();
    assert!(!html.contains("Hidden Cell") && !html.contains("Qatar"));
    // Built for readers cleared for AMBER, the marked brief's edge appears; the draft's does not.
    s.build_ok(&["--max-tlp", "AMBER"]);
    let g = drawn(&s.html("actors/iran/index.html"));
    assert_eq!(g.edges.get(&pair("Iran", "Hidden Cell")).map(|w| w[0]), Some(1));
    assert!(!std::fs::read_to_string(s.path("public/actors/oman/index.html")).unwrap().contains("Qatar"));
}

#[test]
fn the_caps_hold_and_are_stated_on_the_page() {
    let s = site("graph:\n  neighbours: 2\n  max_nodes: 3\n");
    s.build_ok(&[]);
    let doc = s.html("actors/graph/index.html");
    let g = drawn(&doc);
    // The three actors in the most briefs: Iran (5), United States (4), then Israel, Oman,
    // Russia and Ukraine (2 each), the first by name.
    let names: BTreeSet<String> = g.nodes.values().map(|(n, _)| n.clone()).collect();
    assert_eq!(names, BTreeSet::from(["Iran".into(), "Israel".into(), "United States".into()]));
    let caption = texts(&doc, "figure.graph figcaption").join(" ");
    assert!(caption.contains("(at most 3; 4 more with ties not shown)"), "{caption}");
    let iran = s.html("actors/iran/index.html");
    let local = drawn(&iran);
    assert_eq!(local.nodes.len(), 3, "the actor and its 2 strongest ties");
    let caption = texts(&iran, "figure.graph figcaption").join(" ");
    assert!(caption.contains("at most 2; 2 more not shown"), "{caption}");
}

#[test]
fn two_builds_draw_the_same_bytes() {
    let s = site("");
    let (a, b) = (s.path("one"), s.path("two"));
    s.build_ok(&["--output-dir", a.to_str().unwrap()]);
    s.build_ok(&["--output-dir", b.to_str().unwrap()]);
    let (one, two) = (snapshot(&s.path("one")), snapshot(&s.path("two")));
    assert!(one.contains_key("actors/graph/index.html"));
    for (path, bytes) in &one {
        if path.starts_with("actors/") {
            assert!(two.get(path) == Some(bytes), "{path} differs between two builds");
        }
    }
}

#[test]
fn graphs_can_be_switched_off_and_bad_options_are_reported_where_written() {
    let s = site("graph:\n  enabled: false\n");
    s.build_ok(&[]);
    assert!(!s.path("public/actors/graph/index.html").exists());
    for page in ["actors/index.html", "actors/iran/index.html"] {
        let html = std::fs::read_to_string(s.path("public").join(page)).unwrap();
        assert!(
            !html.contains("graph.js") && !html.contains("graph-svg") && !html.contains("/actors/graph/"),
            "{page}"
        );
    }
    let s = site("graph:\n  max_nodes: 1000\n  neighbors: 3\n");
    let (code, report) = s.check_json(&[]);
    assert_eq!(code, 1, "{report}");
    let diags = check_diagnostics(&report);
    assert!(
        diags
            .iter()
            .any(|(sev, file, line, m)| sev == "error" && file == "site.yaml" && *line == 4 && m.contains("2–150")),
        "{diags:?}"
    );
    assert!(diags.iter().any(|(_, _, line, m)| *line == 5 && m.contains("neighbors")), "{diags:?}");
}

#[test]
fn the_actors_overview_links_the_graph() {
    let s = site("");
    s.build_ok(&[]);
    let links = attrs(&s.html("actors/index.html"), "main a", "href");
    assert!(links.contains(&"/actors/graph/".to_string()), "{links:?}");
    assert!(broken_links(&s.path("public"), "/").is_empty());
}

#[test]
fn an_actor_called_graph_clashes_with_the_graph_page_and_the_error_names_it() {
    let s = site("");
    s.brief("graph.md", "title: Graph\ndate: 2026-01-05\nregion: Gulf\nactors: [Graph, Iran]", "Text.\n");
    let r = s.build_err();
    assert!(r.stderr.contains("the page of actor \"Graph\" (/actors/graph/)"), "{r:?}");
    // With graphs off, the actor has the address to itself.
    s.write("site.yaml", &format!("{SITE_YAML}graph:\n  enabled: false\n"));
    s.build_ok(&[]);
    assert_eq!(texts(&s.html("actors/graph/index.html"), "h1"), ["Actor: Graph"]);
}
