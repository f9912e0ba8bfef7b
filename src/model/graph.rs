//! The actor graph: which actors appear together, and how often. Two networks are drawn from
//! it: an actor page's local network (the actor, its strongest ties, and the ties among them,
//! all counted in that actor's own briefs) and the site-wide graph (the actors in the most
//! briefs and the ties among them). An edge's weight is the number of published briefs that
//! name both actors, counted once per brief; the model holds published briefs only, so a brief
//! held back by the publish filter never makes an edge.
//!
//! Each edge also carries its count in every time window a reader can pick (all time, the 12
//! and 3 months up to the newest brief drawn from, each calendar year), so a page can filter by
//! time without a list of dates. The node sets are capped (`graph.neighbours`,
//! `graph.max_nodes`) and only pairs among the chosen nodes are counted, so the cost of a
//! network grows with the briefs it reads, not with the square of the number of actors.
//! Positions come from `model::layout`.

use jiff::civil::Date;

use crate::model::{Site, Taxonomy, TaxonomyKind, cooccur, layout};

/// Reads a brief's calendar date, by index into `Site::briefs` (the context builder passes one
/// that checks the page declared the brief).
pub type DateOf<'a> = &'a dyn Fn(usize) -> Option<Date>;

/// On the site-wide graph, at most this many edges a node on average: the strongest.
pub const EDGES_PER_NODE: usize = 4;

/// A span of time a reader can restrict a network to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Window {
    /// Every brief.
    All,
    /// The briefs dated after `from` and up to `to`, the newest brief's date: the `months` up
    /// to it. Counted from the newest brief rather than from today, so a build's pages do not
    /// change with the day they are built on.
    Months {
        /// How many months.
        months: i8,
        /// Exclusive start.
        from: Date,
        /// Inclusive end: the newest brief's date.
        to: Date,
    },
    /// One calendar year.
    Year(i16),
}

impl Window {
    /// What a reader picks it by ("Last 12 months (to 2026-03-20)", "2025"), in the language
    /// of `s`.
    pub fn label(&self, s: &crate::i18n::Strings) -> String {
        match *self {
            Window::All => s.get("graph_all_time", None, &[]),
            Window::Months { months, to, .. } => {
                s.get("graph_last_months", Some(months as u64), &[("date", &s.dates.digits.apply(&to.to_string()))])
            }
            Window::Year(y) => s.dates.year(y),
        }
    }

    /// True when a brief dated `d` falls in the window (an undated brief only in `All`).
    pub fn holds(&self, d: Option<Date>) -> bool {
        match (*self, d) {
            (Window::All, _) => true,
            (Window::Months { from, to, .. }, Some(d)) => d > from && d <= to,
            (Window::Year(y), Some(d)) => d.year() == y,
            _ => false,
        }
    }
}

/// The windows of a set of briefs with these dates: all time, the last 12 and 3 months up to
/// the newest, then each year that has a brief, newest first.
pub fn windows(dates: impl Iterator<Item = Option<Date>>) -> Vec<Window> {
    let mut years: Vec<i16> = Vec::new();
    let mut newest: Option<Date> = None;
    for d in dates.flatten() {
        newest = newest.max(Some(d));
        years.push(d.year());
    }
    years.sort_unstable_by(|a, b| b.cmp(a));
    years.dedup();
    let mut out = vec![Window::All];
    if let Some(to) = newest {
        for months in [12i8, 3] {
            let from = to.saturating_sub(jiff::Span::new().months(months));
            out.push(Window::Months { months, from, to });
        }
    }
    out.extend(years.into_iter().map(Window::Year));
    out
}

/// One actor in a network.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// Index into the actors taxonomy's terms.
    pub term: usize,
    /// What the node's size shows: on a local network, the briefs it shares with the centre
    /// (the centre: its own briefs); on the site-wide graph, its briefs.
    pub size: usize,
    /// Position in the unit square `[-1, 1]²`, set by `model::layout`.
    pub x: f64,
    /// See `x`.
    pub y: f64,
}

/// Two actors that appear together, by index into `Graph::nodes` (`a < b`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edge {
    /// One end.
    pub a: usize,
    /// The other end.
    pub b: usize,
    /// Briefs naming both, in each of `Graph::windows` (the first: all time).
    pub counts: Vec<u32>,
}

impl Edge {
    /// Briefs naming both, all time.
    pub fn weight(&self) -> u32 {
        self.counts[0]
    }
}

/// A network ready to draw.
#[derive(Debug, Clone, PartialEq)]
pub struct Graph {
    /// The actors shown; on a local network the first is the centre.
    pub nodes: Vec<Node>,
    /// Ties among them, strongest first (then by their ends).
    pub edges: Vec<Edge>,
    /// The windows each edge is counted in.
    pub windows: Vec<Window>,
    /// True for an actor's local network, whose first node is the actor.
    pub local: bool,
    /// Actors with ties that the cap left out.
    pub nodes_left_out: usize,
    /// Edges among the shown actors that the cap left out.
    pub edges_left_out: usize,
}

/// The actors shown around `centre` on its page: its strongest ties, at most `cap`, as
/// `(term index, briefs in common)`, strongest first; and how many others it has ties with.
/// The page's declared inputs name these terms (`Page::inputs`).
pub fn neighbours(actors: &Taxonomy, centre: usize, cap: usize) -> (cooccur::Counts, usize) {
    let count = || cooccur::top_counted(&actors.terms[centre].briefs, actors, Some(centre), cap);
    // Every rebuild of the preview signs each actor's page with these: kept with the model.
    let (kept_cap, near, total) = actors.neighbours.get_or_init(centre, || {
        let (near, total) = count();
        (cap, near, total)
    });
    match *kept_cap == cap {
        true => (near.clone(), *total),
        false => count(),
    }
}

/// Actor `centre`'s local network: it, its strongest `cap` ties, and the ties among them,
/// all counted in `centre`'s briefs only (the briefs its page declares).
pub fn local(actors: &Taxonomy, centre: usize, cap: usize, date_of: DateOf) -> Graph {
    let ids = &actors.terms[centre].briefs;
    let (near, total) = neighbours(actors, centre, cap);
    let mut nodes = vec![node(centre, ids.len())];
    nodes.extend(near.iter().map(|&(t, n)| node(t, n)));
    let windows = windows(ids.iter().map(|&i| date_of(i)));
    let edges = count_edges(ids.iter().copied(), actors, &nodes, date_of, &windows);
    let mut g = Graph { nodes, edges, windows, local: true, nodes_left_out: total - near.len(), edges_left_out: 0 };
    layout::radial(&mut g);
    g
}

/// The site-wide graph: the `cap` actors in the most briefs among those that share a brief with
/// another actor (ties by name), the ties among them, at most `EDGES_PER_NODE` per node. Reads
/// every brief's date and actors, and no other field: its page declares exactly that
/// (`inputs::Fact::ActorGraph`) rather than every brief's view.
pub fn site_wide(site: &Site, cap: usize) -> Graph {
    let actors = site.taxonomy(TaxonomyKind::Actors);
    let n = site.briefs.len();
    let mut tied = vec![false; actors.terms.len()];
    let mut own: Vec<usize> = Vec::new();
    for i in 0..n {
        own.clear();
        own.extend(actors.term_ids_of(i));
        own.sort_unstable();
        own.dedup();
        if own.len() > 1 {
            own.iter().for_each(|&t| tied[t] = true);
        }
    }
    let mut chosen: Vec<usize> = (0..actors.terms.len()).filter(|&t| tied[t]).collect();
    let candidates = chosen.len();
    chosen.sort_by(|&a, &b| actors.terms[b].briefs.len().cmp(&actors.terms[a].briefs.len()).then(a.cmp(&b)));
    chosen.truncate(cap);
    let nodes: Vec<Node> = chosen.iter().map(|&t| node(t, actors.terms[t].briefs.len())).collect();
    let date_of = |i: usize| site.briefs[i].date.as_ref().map(|d| d.civil);
    let windows = windows((0..n).map(date_of));
    let mut edges = count_edges(0..n, actors, &nodes, &date_of, &windows);
    let keep = cap * EDGES_PER_NODE;
    let edges_left_out = edges.len().saturating_sub(keep);
    edges.truncate(keep);
    let nodes_left_out = candidates - nodes.len();
    let mut g = Graph { nodes, edges, windows, local: false, nodes_left_out, edges_left_out };
    layout::force(&mut g);
    g
}

fn node(term: usize, size: usize) -> Node {
    Node { term, size, x: 0.0, y: 0.0 }
}

/// The edges among `nodes` in the briefs `ids`, each counted in every window, strongest first.
/// Only pairs of chosen nodes are looked at, so a brief naming many actors costs the square of
/// the chosen ones it names, not of all it names.
fn count_edges(
    ids: impl Iterator<Item = usize>,
    actors: &Taxonomy,
    nodes: &[Node],
    date_of: DateOf,
    windows: &[Window],
) -> Vec<Edge> {
    // Term → node, sorted by term for a binary search: the node sets are small.
    let mut by_term: Vec<(usize, usize)> = nodes.iter().enumerate().map(|(k, n)| (n.term, k)).collect();
    by_term.sort_unstable();
    let n = nodes.len();
    // Pair (a, b) → its edge, in a dense n × n table: n is capped.
    let mut slot: Vec<u32> = vec![u32::MAX; n * n];
    let mut edges: Vec<Edge> = Vec::new();
    let mut members: Vec<usize> = Vec::new();
    let mut holds: Vec<usize> = Vec::new();
    for i in ids {
        members.clear();
        members.extend(
            actors
                .term_ids_of(i)
                .filter_map(|t| by_term.binary_search_by_key(&t, |&(t, _)| t).ok().map(|k| by_term[k].1)),
        );
        if members.len() < 2 {
            continue;
        }
        members.sort_unstable();
        members.dedup();
        let d = date_of(i);
        holds.clear();
        holds.extend((0..windows.len()).filter(|&w| windows[w].holds(d)));
        for (x, &a) in members.iter().enumerate() {
            for &b in &members[x + 1..] {
                let s = &mut slot[a * n + b];
                if *s == u32::MAX {
                    *s = edges.len() as u32;
                    edges.push(Edge { a, b, counts: vec![0; windows.len()] });
                }
                let e = &mut edges[*s as usize];
                holds.iter().for_each(|&w| e.counts[w] += 1);
            }
        }
    }
    edges.sort_by(|x, y| y.weight().cmp(&x.weight()).then((x.a, x.b).cmp(&(y.a, y.b))));
    edges
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::SiteConfig;
    use crate::model::taxonomy::tests::brief;

    fn site(briefs: &[(&str, &[&str])]) -> Site {
        let docs = briefs
            .iter()
            .enumerate()
            .map(|(k, (day, actors))| {
                let mut b = brief(&format!("b{k}"), &["Gulf"]);
                b.date = Some(crate::dates::parse(day, &jiff::tz::TimeZone::UTC).expect("a valid date"));
                b.actors = actors.iter().map(|s| s.to_string()).collect();
                b
            })
            .collect();
        Site::assemble(SiteConfig::default(), docs, &crate::model::publish::Policy::default()).0
    }

    fn named(site: &Site, g: &Graph) -> Vec<(String, String, Vec<u32>)> {
        let actors = site.taxonomy(TaxonomyKind::Actors);
        let name = |k: usize| actors.terms[g.nodes[k].term].name.clone();
        g.edges.iter().map(|e| (name(e.a), name(e.b), e.counts.clone())).collect()
    }

    #[test]
    fn windows_run_back_from_the_newest_brief() {
        let d = |s: &str| s.parse::<Date>().ok();
        let w = windows([d("2026-03-20"), d("2024-01-02"), None, d("2026-01-01")].into_iter());
        let en = crate::config::languages::english();
        let labels: Vec<String> = w.iter().map(|w| w.label(&en)).collect();
        assert_eq!(
            labels,
            ["All time", "Last 12 months (to 2026-03-20)", "Last 3 months (to 2026-03-20)", "2026", "2024"]
        );
        assert!(w[1].holds(d("2025-03-21")) && !w[1].holds(d("2025-03-20")));
        assert!(w[2].holds(d("2026-01-01")) && !w[2].holds(d("2025-12-20")) && !w[2].holds(None));
    }

    #[test]
    fn a_local_network_counts_only_the_centre_s_briefs() {
        let site = site(&[
            ("2026-03-01", &["Iran", "Oman", "Qatar"]),
            ("2025-06-01", &["Iran", "Oman"]),
            ("2024-06-01", &["Iran", "Qatar"]),
            // Oman and Qatar together without Iran: not on Iran's network.
            ("2026-02-01", &["Oman", "Qatar"]),
        ]);
        let actors = site.taxonomy(TaxonomyKind::Actors);
        let iran = actors.by_slug["iran"];
        let date_of = |i: usize| site.briefs[i].date.as_ref().map(|d| d.civil);
        let g = local(actors, iran, 10, &date_of);
        // Windows: all, 12 months, 3 months, 2026, 2025, 2024.
        assert_eq!(
            named(&site, &g),
            [
                ("Iran".into(), "Oman".into(), vec![2, 2, 1, 1, 1, 0]),
                ("Iran".into(), "Qatar".into(), vec![2, 1, 1, 1, 0, 1]),
                ("Oman".into(), "Qatar".into(), vec![1, 1, 1, 1, 0, 0]),
            ]
        );
        let capped = local(actors, iran, 1, &date_of);
        assert_eq!((capped.nodes.len(), capped.nodes_left_out), (2, 1));
        let everyone = site_wide(&site, 2);
        assert_eq!((everyone.nodes.len(), everyone.nodes_left_out), (2, 1));
        assert_eq!(named(&site, &everyone)[0].2[0], 2, "the two actors in the most briefs, their shared briefs");
    }
}
