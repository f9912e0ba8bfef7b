//! The actor graph on a page: the SVG drawn at build time from a laid-out `model::graph::Graph`,
//! and what the theme's `partials/graph.html` receives beside it (the edges as rows for the text
//! alternative, the time windows for the filter). The SVG reads without scripts: every node is
//! a link to its actor's page with an accessible name, every edge shows its weight by its width
//! and in a `<title>`. `graph.js` adds zoom, pan and filters, from the counts per window each
//! edge carries in `data-w` (one number per window, in `windows` order).

use std::fmt::Write;

use serde::Serialize;
use tera::Value;

use crate::escape;
use crate::i18n::Strings;
use crate::model::graph::{self, Graph};
use crate::model::{Site, TaxonomyKind};
use crate::view::Views;

/// The id of a graph's figure, and the prefix of its SVG's ids: one graph a page. The theme's
/// ids on pages that show Markdown are reserved from headings (`markdown::ids::THEME_IDS`).
pub const GRAPH_ID: &str = "actor-graph";

/// Labels longer than this many characters are cut with an ellipsis in the picture; the link's
/// accessible name, its tooltip and the table keep the whole name.
pub const LABEL_CHARS: usize = 18;

/// An actor as a page shows it.
#[derive(Debug, Clone, Serialize)]
pub struct Named<'a> {
    /// Its display name.
    pub name: &'a str,
    /// Its page.
    pub url: String,
}

/// The picture's size and where the unit square goes in it: width, height, centre, half-extent.
struct Frame {
    w: f64,
    h: f64,
    cx: f64,
    cy: f64,
    sx: f64,
    sy: f64,
}

impl Frame {
    fn of(g: &Graph) -> Frame {
        // The local network leaves room for labels all round; the site-wide one mostly beside.
        if g.local {
            Frame { w: 600.0, h: 440.0, cx: 300.0, cy: 220.0, sx: 150.0, sy: 150.0 }
        } else {
            Frame { w: 720.0, h: 560.0, cx: 360.0, cy: 280.0, sx: 250.0, sy: 240.0 }
        }
    }

    fn at(&self, x: f64, y: f64) -> (f64, f64) {
        (self.cx + x * self.sx, self.cy + y * self.sy)
    }
}

/// An edge's stroke width for `weight` when the heaviest shown is `max` (`graph.js` draws
/// with the same formula when the window changes).
fn stroke(weight: u32, max: u32) -> f64 {
    1.0 + 5.0 * (f64::from(weight) / f64::from(max.max(1))).sqrt()
}

/// A node's radius: the centre of a local network is the largest; others by their size.
fn radius(g: &Graph, k: usize, max: usize) -> f64 {
    let s = (g.nodes[k].size as f64 / max.max(1) as f64).sqrt();
    match (g.local, k) {
        (true, 0) => 14.0,
        (true, _) => 5.0 + 9.0 * s,
        (false, _) => 4.0 + 10.0 * s,
    }
}

/// `name`, cut to `LABEL_CHARS` characters at a word's end, with an ellipsis. Whole words
/// only: the visible label must be words of the link's accessible name (WCAG 2.5.3, label in
/// name), so a name whose first word alone is too long keeps that word whole.
fn label(name: &str) -> String {
    if name.chars().count() <= LABEL_CHARS {
        return name.to_string();
    }
    let room: usize = name.char_indices().nth(LABEL_CHARS - 1).map_or(name.len(), |(at, _)| at);
    let words_end = if name[room..].starts_with(char::is_whitespace) {
        room
    } else {
        name[..room].rfind(char::is_whitespace).unwrap_or_else(|| name.find(char::is_whitespace).unwrap_or(name.len()))
    };
    let mut cut = name[..words_end].trim_end().to_string();
    if cut.len() < name.len() {
        cut.push('…');
    }
    cut
}

/// How a node's tooltip and link name read: "Oman: 5 briefs with Iran" on a local
/// network, "Iran: 34 briefs" on the site-wide graph.
fn node_name(s: &Strings, g: &Graph, names: &[Named], k: usize) -> String {
    let n = Some(g.nodes[k].size as u64);
    match (g.local, k) {
        (true, 0) | (false, _) => s.get("graph_node", n, &[("name", names[k].name)]),
        (true, _) => s.get("graph_node_with", n, &[("name", names[k].name), ("centre", names[0].name)]),
    }
}

/// The graph as SVG, titled `title`; `id` prefixes its ids so two graphs can share a page.
/// `names[k]` names node `k`.
pub fn svg(s: &Strings, g: &Graph, names: &[Named], title: &str, id: &str) -> String {
    let f = Frame::of(g);
    let mut out = String::with_capacity(512 + g.edges.len() * 160 + g.nodes.len() * 240);
    let _ = write!(
        out,
        // A group, not an image: its nodes are links, and an image may not contain any.
        "<svg class=\"graph-svg\" viewBox=\"0 0 {} {}\" role=\"group\" aria-labelledby=\"{id}-title\" xmlns=\"http://www.w3.org/2000/svg\"><title id=\"{id}-title\">{}</title><g class=\"graph-edges\" aria-hidden=\"true\">",
        f.w,
        f.h,
        escape::html(title)
    );
    let max_w = g.edges.iter().map(|e| e.weight()).max().unwrap_or(1);
    for e in &g.edges {
        let (x1, y1) = f.at(g.nodes[e.a].x, g.nodes[e.a].y);
        let (x2, y2) = f.at(g.nodes[e.b].x, g.nodes[e.b].y);
        let w = e.weight();
        let counts: Vec<String> = e.counts.iter().map(u32::to_string).collect();
        let _ = write!(
            out,
            "<line class=\"graph-edge\" data-a=\"{}\" data-b=\"{}\" data-name-a=\"{}\" data-name-b=\"{}\" data-w=\"{}\" x1=\"{x1:.1}\" y1=\"{y1:.1}\" x2=\"{x2:.1}\" y2=\"{y2:.1}\" stroke-width=\"{:.1}\"><title>{}</title></line>",
            e.a,
            e.b,
            escape::html(names[e.a].name),
            escape::html(names[e.b].name),
            counts.join(" "),
            stroke(w, max_w),
            escape::html(&s.get("graph_edge", Some(w as u64), &[("a", names[e.a].name), ("b", names[e.b].name)]))
        );
    }
    out.push_str("</g><g class=\"graph-nodes\">");
    let max_size = g.nodes.iter().skip(usize::from(g.local)).map(|n| n.size).max().unwrap_or(1);
    for k in 0..g.nodes.len() {
        node(s, &mut out, g, &f, names, k, radius(g, k, max_size));
    }
    out.push_str("</g></svg>");
    out
}

/// One node: a link holding its circle and its label, the label set outward from the middle.
fn node(s: &Strings, out: &mut String, g: &Graph, f: &Frame, names: &[Named], k: usize, r: f64) {
    let n = &g.nodes[k];
    let (x, y) = f.at(n.x, n.y);
    let centre = g.local && k == 0;
    // Which way the label goes: outward from the middle of the picture.
    let (dx, dy) = (n.x, n.y);
    let (lx, ly, anchor) = if centre {
        (x, y + r + 18.0, "middle")
    } else if dx > 0.3 || (!g.local && dx >= 0.0) {
        (x + r + 4.0, y + 5.0, "start")
    } else if dx < -0.3 || !g.local {
        (x - r - 4.0, y + 5.0, "end")
    } else if dy < 0.0 {
        (x, y - r - 6.0, "middle")
    } else {
        (x, y + r + 17.0, "middle")
    };
    let name = escape::html(&node_name(s, g, names, k));
    let _ = write!(
        out,
        "<a class=\"graph-node{}\" href=\"{}\" data-node=\"{k}\" aria-label=\"{name}\"{}><title>{name}</title><circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"{r:.1}\"/><text x=\"{lx:.1}\" y=\"{ly:.1}\" text-anchor=\"{anchor}\">{}</text></a>",
        if centre { " graph-centre" } else { "" },
        escape::html(&names[k].url),
        if centre { " aria-current=\"page\"" } else { "" },
        escape::html(&label(names[k].name)),
    );
}

/// One edge as the text alternative lists it.
#[derive(Serialize)]
struct Row<'a> {
    a: &'a Named<'a>,
    b: &'a Named<'a>,
    count: u32,
    /// Its count in each window, space-separated, for `graph.js`.
    w: String,
}

/// Everything `partials/graph.html` shows of a graph: `svg`, `edges` (rows of the table),
/// `windows` (labels), `max_weight`, the caps and what they left out.
fn value(s: &Strings, g: &Graph, names: &[Named], title: &str, id: &str, cap: usize) -> Value {
    #[derive(Serialize)]
    struct View<'a> {
        id: &'a str,
        title: &'a str,
        svg: String,
        centre: Option<&'a Named<'a>>,
        nodes: usize,
        cap: usize,
        nodes_left_out: usize,
        edges_left_out: usize,
        max_weight: u32,
        windows: Vec<String>,
        edges: Vec<Row<'a>>,
    }
    let edges = g
        .edges
        .iter()
        .map(|e| Row {
            a: &names[e.a],
            b: &names[e.b],
            count: e.weight(),
            w: e.counts.iter().map(u32::to_string).collect::<Vec<_>>().join(" "),
        })
        .collect();
    let view = View {
        id,
        title,
        svg: svg(s, g, names, title, id),
        centre: g.local.then(|| &names[0]),
        nodes: g.nodes.len(),
        cap,
        nodes_left_out: g.nodes_left_out,
        edges_left_out: g.edges_left_out,
        max_weight: g.edges.iter().map(|e| e.weight()).max().unwrap_or(0),
        windows: g.windows.iter().map(|w| w.label(s)).collect(),
        edges,
    };
    let Some(mut m) = Value::from_serializable(&view).into_map() else { return Value::none() };
    // Drawn by us with every name escaped: safe, so templates need no filter.
    m.insert("svg".into(), Value::safe_string(&view.svg));
    Value::from(m)
}

/// The names and pages of a graph's nodes.
fn names<'a>(site: &'a Site, views: &Views, g: &Graph) -> Vec<Named<'a>> {
    let t = site.taxonomy(TaxonomyKind::Actors);
    g.nodes
        .iter()
        .map(|n| Named { name: &t.terms[n.term].name, url: views.url(&t.term_url(&t.terms[n.term])) })
        .collect()
}

/// Actor `ti`'s local network for its page, or null when graphs are off or it appears with no
/// other actor. `date_of` reads the dates of its briefs.
pub fn local(site: &Site, views: &Views, ti: usize, date_of: graph::DateOf) -> Value {
    let cap = site.config.graph.neighbours;
    if !site.config.graph.enabled {
        return Value::none();
    }
    let g = graph::local(site.taxonomy(TaxonomyKind::Actors), ti, cap, date_of);
    if g.edges.is_empty() {
        return Value::none();
    }
    let names = names(site, views, &g);
    let s = &site.config.strings;
    let title = s.get("graph_title_with", None, &[("name", names[0].name)]);
    value(s, &g, &names, &title, GRAPH_ID, cap)
}

/// The site-wide graph for `/actors/graph/`.
pub fn site_wide(site: &Site, views: &Views) -> Value {
    let cap = site.config.graph.max_nodes;
    let g = graph::site_wide(site, cap);
    let names = names(site, views, &g);
    let s = &site.config.strings;
    value(s, &g, &names, &s.get("graph_title_all", None, &[]), GRAPH_ID, cap)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::graph::{Edge, Node, Window};

    #[test]
    fn nodes_are_links_with_names_and_edges_carry_their_weight() {
        let g = Graph {
            nodes: vec![Node { term: 0, size: 3, x: 0.0, y: 0.0 }, Node { term: 1, size: 2, x: 1.0, y: 0.0 }],
            edges: vec![Edge { a: 0, b: 1, counts: vec![2, 1] }],
            windows: vec![Window::All, Window::Year(2026)],
            local: true,
            nodes_left_out: 0,
            edges_left_out: 0,
        };
        let long = "An actor whose name is far too long";
        let names = [Named { name: "A & B", url: "/actors/a/".into() }, Named { name: long, url: "/x/".into() }];
        let svg = svg(&crate::config::languages::english(), &g, &names, "Graph", "g");
        assert!(svg.contains("aria-label=\"A &amp; B: 3 briefs\""), "{svg}");
        assert!(svg.contains(&format!("aria-label=\"{long}: 2 briefs with A &amp; B\"")));
        assert!(svg.contains("data-w=\"2 1\"") && svg.contains("2 briefs in common</title>"));
        assert!(svg.contains(">An actor whose…</text>"), "{svg}");
        assert_eq!(label("Sultan Haitham bin Tariq Al Said"), "Sultan Haitham…");
        assert_eq!(label("Internationalisationsgesellschaft mbH"), "Internationalisationsgesellschaft…");
        assert_eq!(label("Iran"), "Iran");
    }
}
