//! `Site`: the config plus every brief, page, taxonomy and the timeline — the in-memory model
//! that rendering (and, later, incremental rebuilds) work from. Assembling it is pure.

use std::collections::{HashMap, hash_map};

use crate::config::SiteConfig;
use crate::content::{Document, Kind};
use crate::diagnostics::Diagnostic;
use crate::model::citations::Citations;
use crate::model::links::{Entry, LinkMap};
use crate::model::publish::{Policy, Verdict};
use crate::model::{Taxonomy, TaxonomyKind, Timeline, related};

/// The whole site, ready to render.
#[derive(Debug, Clone)]
pub struct Site {
    /// Settings from site.yaml (with command-line overrides applied).
    pub config: SiteConfig,
    /// Briefs, newest first; ties are broken by source path so order never depends on the file system.
    pub briefs: Vec<Document>,
    /// Standalone pages (`kind: page`), by source path.
    pub pages: Vec<Document>,
    /// Term descriptions (`content/actors/iran.md`), by source path.
    pub descriptions: Vec<Document>,
    /// `region`, `actors`, `tags`, in that order.
    pub taxonomies: Vec<Taxonomy>,
    /// Briefs by year and month.
    pub timeline: Timeline,
    /// Each region's and actor's events and briefs, month by month.
    pub chronicles: crate::model::chronicle::Chronicles,
    /// Documents this build holds back (`model::publish`), kept so the model can be
    /// reassembled; nothing made from the model shows them.
    pub held: Vec<Document>,
    /// Retracted briefs: each keeps its page, with its notice, and is listed nowhere.
    pub retracted: Vec<Document>,
    /// Documents in the site's other languages (`languages:`), which their own language's
    /// model shows: kept so the model can be reassembled, and so translations can be linked.
    pub foreign: Vec<Document>,
    /// For each translation key with documents published in more than one language, where
    /// each is published, in the order of `languages` (this language's included).
    pub translations: HashMap<String, Vec<Translation>>,
    /// What this build publishes.
    pub policy: Policy,
    /// Per brief, its related briefs (indices), best first.
    pub related: Vec<Vec<usize>>,
    /// Per brief, the brief it supersedes.
    pub supersedes: Vec<Option<usize>>,
    /// Per brief, the brief that supersedes it.
    pub superseded_by: Vec<Option<usize>>,
    /// Backlinks and the index of sources.
    pub citations: Citations,
}

impl Site {
    /// A site with no documents yet.
    pub fn empty(config: SiteConfig) -> Site {
        Site::assemble(config, Vec::new(), &Policy::default()).0
    }

    /// Every published document: briefs, standalone pages, term descriptions and retracted briefs.
    pub fn all_docs(&self) -> impl Iterator<Item = &Document> {
        self.briefs.iter().chain(&self.pages).chain(&self.descriptions).chain(&self.retracted)
    }

    /// `all_docs`, to change them.
    pub fn all_docs_mut(&mut self) -> impl Iterator<Item = &mut Document> {
        self.briefs.iter_mut().chain(&mut self.pages).chain(&mut self.descriptions).chain(&mut self.retracted)
    }

    /// The description heading a term's page, if the site has one.
    pub fn description(&self, term_url: &str) -> Option<&Document> {
        self.descriptions.iter().find(|d| d.url == term_url)
    }

    /// Build the model from loaded documents: hold back what `policy` does not publish (before
    /// anything else, so no part of the model sees it), set retracted briefs apart, sort, file
    /// under taxonomies, group into the timeline, and check that no two outputs share a URL.
    pub fn assemble(config: SiteConfig, docs: Vec<Document>, policy: &Policy) -> (Site, Vec<Diagnostic>, LinkMap) {
        let mut diags = Vec::new();
        let mut links = LinkMap::new(&config.base_path());
        links.reserve(docs.len());
        let Sorted { mut briefs, mut pages, mut descriptions, held, retracted, foreign } =
            sort_out(docs, policy, &config, &mut links);
        newest_first(&mut briefs);
        pages.sort_by(|a, b| a.source.cmp(&b.source));
        descriptions.sort_by(|a, b| a.source.cmp(&b.source));
        use rayon::prelude::*;
        let aliases = crate::model::taxonomy::aliases(&config.aliases);
        let built: Vec<(Taxonomy, Vec<Diagnostic>)> = TaxonomyKind::ALL
            .par_iter()
            .map(|&kind| Taxonomy::build_in(kind, &briefs, &aliases, &config.regions))
            .collect();
        let mut taxonomies = Vec::new();
        for (t, d) in built {
            taxonomies.push(t);
            diags.extend(d);
        }
        let timeline = Timeline::build(&briefs);
        let chronicles = crate::model::chronicle::Chronicles::build(&taxonomies, &briefs);
        let days: Vec<i64> =
            briefs.iter().map(|b| b.date.as_ref().map_or(0, |d| d.instant.as_second().div_euclid(86_400))).collect();
        let related = related::related(&taxonomies, &days);
        let (supersedes, superseded_by, lineage_diags) = lineage(&briefs, &pages, &links);
        diags.extend(lineage_diags);
        diags.extend(crate::content::lifecycle::future_revisions(&briefs, policy.now, &config.tz()));
        let citations = Citations::build(&briefs, &links);
        diags.extend(super::actor_kind::problems(&descriptions));
        for d in &descriptions {
            let t = taxonomies.iter().find(|t| d.url.starts_with(&format!("{}/", t.kind.path())));
            let slug = d.url.trim_end_matches('/').rsplit('/').next().unwrap_or("");
            if let Some(t) = t
                && !t.by_slug.contains_key(slug)
            {
                let singular = t.kind.singular().to_lowercase();
                diags.push(
                    Diagnostic::warning(format!(
                        "this file describes the {singular} page /{}, but no brief is filed under it",
                        d.url
                    ))
                    .at(&d.file)
                    // The file's name is at fault, not a line of it: point at its start.
                    .line_col(1, 1)
                    .hint(format!("name the file after the {singular}'s slug, as in its page's URL")),
                );
            }
        }
        let mut site = Site {
            config,
            briefs,
            pages,
            descriptions,
            taxonomies,
            timeline,
            chronicles,
            held,
            retracted,
            translations: HashMap::new(),
            foreign,
            policy: policy.clone(),
            related,
            supersedes,
            superseded_by,
            citations,
        };
        diags.extend(site.check_unique_urls());
        site.translations = translations(&site);
        site.name_terms();
        (site, diags, links)
    }

    /// A hash of `translations`: a page showing its translations (the language switcher, the
    /// `hreflang` alternates) is out of date when it moves.
    pub fn translations_hash(&self) -> u64 {
        let mut keys: Vec<&String> = self.translations.keys().collect();
        keys.sort_unstable();
        crate::hashing::combine(keys.into_iter().flat_map(|k| {
            std::iter::once(crate::hashing::bytes(k.as_bytes())).chain(self.translations[k].iter().map(|t| {
                crate::hashing::combine([
                    crate::hashing::bytes(t.lang.as_bytes()),
                    crate::hashing::bytes(t.url.as_bytes()),
                ])
            }))
        }))
    }

    /// Show each term by its name in the language of these pages (`languages: {ar: {terms:
    /// …}}`), keeping its slug, so a term is one entity at one path under every language.
    fn name_terms(&mut self) {
        let config = &self.config;
        for t in &mut self.taxonomies {
            let renamed: Vec<(usize, String)> = t
                .terms
                .iter()
                .enumerate()
                .filter_map(|(i, term)| {
                    let shown = config.term_name(&term.name);
                    (shown != term.name).then(|| (i, shown.to_string()))
                })
                .collect();
            for (i, name) in renamed {
                t.rename(i, &name);
            }
        }
    }

    /// Two outputs with one URL would overwrite each other: report both sources.
    fn check_unique_urls(&self) -> Vec<Diagnostic> {
        // Built-in pages first; descriptions are made only when there is a clash.
        let mut builtin: HashMap<String, String> = HashMap::new();
        for url in ["", "timeline/", "search/", "confidence/", "sources/", "404.html"] {
            builtin.insert(url.to_string(), format!("the built-in /{url} page"));
        }
        // The other languages' pages are under their prefixes.
        if self.config.language_prefix.is_empty() {
            for l in self.config.languages.iter().skip(1) {
                builtin.insert(self.config.prefix_of(&l.code), format!("the home page in language `{}`", l.code));
            }
        }
        for t in &self.taxonomies {
            builtin.insert(t.url(), format!("the built-in /{} page", t.url()));
            for term in &t.terms {
                builtin.insert(
                    t.term_url(term),
                    format!("the {} page for \"{}\"", t.kind.singular().to_lowercase(), term.name),
                );
            }
        }
        // Of the documents that share a URL, the first by content path keeps it and each other
        // one is reported. Only the clashes are sorted: sorting every document by path read
        // each one's cold memory about n log n times.
        let mut taken: HashMap<&str, &Document> = HashMap::with_capacity(self.briefs.len() + self.pages.len());
        let mut clashes: Vec<&Document> = Vec::new();
        for doc in self.briefs.iter().chain(&self.pages) {
            if builtin.contains_key(&doc.url) {
                clashes.push(doc);
                continue;
            }
            match taken.entry(&doc.url) {
                hash_map::Entry::Vacant(e) => {
                    e.insert(doc);
                }
                hash_map::Entry::Occupied(mut e) if doc.source < e.get().source => clashes.push(e.insert(doc)),
                hash_map::Entry::Occupied(_) => clashes.push(doc),
            }
        }
        clashes.sort_unstable_by(|a, b| a.source.cmp(&b.source));
        let mut diags = Vec::new();
        for doc in clashes {
            let other = match builtin.get(&doc.url) {
                Some(b) => b.clone(),
                None => taken[doc.url.as_str()].file.to_string_lossy().replace('\\', "/"),
            };
            let me = doc.file.to_string_lossy().replace('\\', "/");
            diags.push(
                Diagnostic::error(format!("{me} and {other} both want the URL /{}", doc.url))
                    .at(&doc.file)
                    .hint("give one of them a different file name or a `slug:` in its front matter"),
            );
        }
        diags
    }

    /// The brief before `i` in the sorted list: the newer neighbour.
    pub fn newer(&self, i: usize) -> Option<&Document> {
        i.checked_sub(1).and_then(|j| self.briefs.get(j))
    }

    /// The brief after `i`: the older neighbour.
    pub fn older(&self, i: usize) -> Option<&Document> {
        self.briefs.get(i + 1)
    }

    /// The newest brief of the chain that supersedes brief `i`, when one does: following
    /// `superseded_by` to its end.
    pub fn latest(&self, i: usize) -> Option<usize> {
        let mut j = self.superseded_by[i]?;
        // Chains have no circles (`break_circles`), and are at most as long as the site.
        for _ in 0..self.briefs.len() {
            match self.superseded_by[j] {
                Some(k) => j = k,
                None => break,
            }
        }
        Some(j)
    }

    /// The taxonomy of a kind.
    pub fn taxonomy(&self, kind: TaxonomyKind) -> &Taxonomy {
        self.taxonomies.iter().find(|t| t.kind == kind).expect("every taxonomy is built")
    }

    /// The terms of a kind brief `i` is filed under, in the order it names them: what
    /// `Taxonomy::terms_of` gives for `&briefs[i]`, from ids kept in the model rather than by
    /// looking its names up, which at 100,000 briefs means reading cold memory.
    pub fn terms_of_brief(&self, kind: TaxonomyKind, i: usize) -> impl Iterator<Item = &crate::model::Term> {
        let tax = self.taxonomy(kind);
        tax.term_ids_of(i).map(|k| &tax.terms[k])
    }
}

/// `briefs` newest first, ties by content path. A `Document` is hundreds of bytes, and a sort
/// moves its elements about n log n times: the positions are sorted instead and each brief
/// swapped into its place once.
fn newest_first(briefs: &mut [Document]) {
    // The keys are copied out first, so that comparisons read one small array rather than
    // a brief's cold memory each time.
    let mut keyed: Vec<_> =
        briefs.iter().enumerate().map(|(i, b)| (b.date.as_ref().map(|d| d.instant), b.source.as_str(), i)).collect();
    keyed.sort_unstable_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(b.1)).then(a.2.cmp(&b.2)));
    let mut order: Vec<usize> = keyed.into_iter().map(|(_, _, i)| i).collect();
    permute(briefs, &mut order);
}

/// Rearrange `items` so that position `p` holds what was at `order[p]`, in place, one cycle
/// of the permutation at a time: sorting the documents themselves would move each of them
/// many times, and collecting them anew would copy them all. `order` is used up.
fn permute<T>(items: &mut [T], order: &mut [usize]) {
    const DONE: usize = usize::MAX;
    for start in 0..items.len() {
        let mut p = start;
        // Each swap brings the item due at `p` into place and carries `items[start]`'s
        // original along the cycle to the one position still owed it.
        while order[p] != DONE {
            let q = std::mem::replace(&mut order[p], DONE);
            if q == start {
                break;
            }
            items.swap(p, q);
            p = q;
        }
    }
}

/// The documents of a site, each where `assemble` puts it.
struct Sorted {
    briefs: Vec<Document>,
    pages: Vec<Document>,
    descriptions: Vec<Document>,
    held: Vec<Document>,
    retracted: Vec<Document>,
    foreign: Vec<Document>,
}

/// Sort `docs` out by what `policy` makes of them and by kind, and record each in `links`: its
/// URL, or why it is held back.
fn sort_out(docs: Vec<Document>, policy: &Policy, config: &SiteConfig, links: &mut LinkMap) -> Sorted {
    let verdicts: Vec<Verdict> = docs.iter().map(|d| policy.verdict(d)).collect();
    let foreign = |d: &Document| !d.lang.is_empty() && d.lang != config.language;
    for (d, v) in docs.iter().zip(&verdicts) {
        let entry = match v {
            Verdict::Held(why) => Entry::Held(why.clone()),
            // A document in another language is published under that language's prefix.
            _ if foreign(d) => Entry::Elsewhere(address(config, d)),
            _ => Entry::Url(d.url.clone()),
        };
        links.insert(&d.source, entry);
    }
    // The briefs stay where they were loaded and everything else is taken out of their way:
    // the documents are never copied, since a copy is fresh memory the size of the site.
    let mut briefs = docs;
    let (mut pages, mut descriptions, mut held, mut retracted) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut others = Vec::new();
    // Where each document goes. `extract_if` asks in order, and hands each document out right
    // after it is asked about, so `last` names the place of the one it hands out.
    let place: Vec<Place> = briefs
        .iter()
        .zip(&verdicts)
        .map(|(d, v)| match (v, d.kind) {
            _ if foreign(d) => Place::Foreign,
            (Verdict::Held(_), _) => Place::Held,
            (Verdict::Retracted, Kind::Brief) => Place::Retracted,
            (_, Kind::Page) => Place::Page,
            (_, Kind::Description) => Place::Description,
            (_, Kind::Brief) => Place::Brief,
        })
        .collect();
    let (next, last) = (std::cell::Cell::new(0), std::cell::Cell::new(Place::Brief));
    for d in briefs.extract_if(.., |_| {
        last.set(place[next.get()]);
        next.set(next.get() + 1);
        last.get() != Place::Brief
    }) {
        match last.get() {
            Place::Held => held.push(d),
            Place::Foreign => others.push(d),
            Place::Retracted => retracted.push(d),
            Place::Page => pages.push(d),
            Place::Description | Place::Brief => descriptions.push(d),
        }
    }
    Sorted { briefs, pages, descriptions, held, retracted, foreign: others }
}

/// Where document `d` is published, from the server's root (`/ar/briefs/muscat-talks/`), in
/// whichever language it is written.
pub fn address(config: &SiteConfig, d: &Document) -> String {
    format!("{}{}{}", config.root_base_path(), config.prefix_of(&d.lang), d.url)
}

/// One published translation of a document.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
pub struct Translation {
    /// Its language's code.
    pub lang: String,
    /// Where it is published, from the server's root.
    pub url: String,
}

/// The translations of the site's briefs and standalone pages: the documents of every language
/// published (not held back, not retracted) under one translation key, when there are two or
/// more, in the order of `languages`.
fn translations(site: &Site) -> HashMap<String, Vec<Translation>> {
    if site.config.languages.len() < 2 {
        return HashMap::new();
    }
    let published = |d: &&Document| d.kind != Kind::Description && matches!(site.policy.verdict(d), Verdict::Publish);
    let mut by_key: HashMap<String, Vec<Translation>> = HashMap::new();
    for d in site.briefs.iter().chain(&site.pages).chain(site.foreign.iter().filter(published)) {
        let lang = if d.lang.is_empty() { site.config.language.clone() } else { d.lang.clone() };
        by_key.entry(d.translation_key.clone()).or_default().push(Translation { url: address(&site.config, d), lang });
    }
    let order = |l: &str| site.config.languages.iter().position(|x| x.code == l).unwrap_or(usize::MAX);
    by_key.retain(|_, v| {
        v.sort_by_key(|t| order(&t.lang));
        v.dedup_by(|a, b| a.lang == b.lang);
        v.len() > 1
    });
    by_key
}

/// Where `assemble` puts a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    Brief,
    Page,
    Description,
    Held,
    Retracted,
    Foreign,
}

/// Resolve every brief's `supersedes` to an index, both ways. A target that is missing, a
/// page, a draft left out, the brief itself, or already superseded is an error.
#[allow(clippy::type_complexity)]
fn lineage(
    briefs: &[Document],
    pages: &[Document],
    links: &LinkMap,
) -> (Vec<Option<usize>>, Vec<Option<usize>>, Vec<Diagnostic>) {
    let index: HashMap<&str, usize> = briefs.iter().enumerate().map(|(i, b)| (b.source.as_str(), i)).collect();
    let mut supersedes = vec![None; briefs.len()];
    let mut superseded_by: Vec<Option<usize>> = vec![None; briefs.len()];
    let mut diags = Vec::new();
    for (i, b) in briefs.iter().enumerate() {
        let Some(dest) = &b.analysis.supersedes else { continue };
        let written = dest.trim_start_matches("@/");
        let dest =
            if dest.starts_with("./") || dest.starts_with("../") { dest.clone() } else { format!("@/{written}") };
        let target = links.target_of(&b.source, &dest);
        let problem = match target.as_deref().map(|t| (t, index.get(t))) {
            Some((_, Some(&j))) if j == i => Some("a brief cannot supersede itself".to_string()),
            Some((_, Some(&j))) => match superseded_by[j] {
                Some(k) => {
                    Some(format!("content/{} is already superseded by {}", briefs[j].source, briefs[k].file.display()))
                }
                None => {
                    supersedes[i] = Some(j);
                    superseded_by[j] = Some(i);
                    None
                }
            },
            Some((t, None)) if pages.iter().any(|p| p.source == t) => {
                Some(format!("content/{t} is a standalone page, not a brief"))
            }
            Some((t, None)) if links.held(t).is_some() => Some(format!(
                "content/{t} is held back from this build ({})",
                links.held(t).map(|h| h.reason()).unwrap_or_default()
            )),
            Some((t, None)) if links.contains(t) => Some(format!("content/{t} is not a published brief of this build")),
            Some((t, None)) => Some(format!("there is no content/{t}")),
            None => Some(format!("\"{dest}\" is not a path in content/")),
        };
        if let Some(p) = problem {
            let mut d = Diagnostic::error(format!("invalid `supersedes`: {p}")).at(&b.file).hint(
                "name the brief this one replaces by its path in content/, such as `supersedes: briefs/old-brief.md`",
            );
            if let Some(line) = b.analysis.supersedes_line {
                d = d.line_col(line, 1);
            }
            diags.push(d);
        }
    }
    diags.extend(break_circles(briefs, &mut supersedes, &mut superseded_by));
    (supersedes, superseded_by, diags)
}

/// Find the briefs that supersede one another in a circle (a supersedes b, b supersedes a):
/// each circle is one error naming every file in it, and its links are dropped so the rest of
/// the model stays a set of chains.
fn break_circles(
    briefs: &[Document],
    supersedes: &mut [Option<usize>],
    superseded_by: &mut [Option<usize>],
) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let mut seen = vec![false; briefs.len()];
    for start in 0..briefs.len() {
        if seen[start] {
            continue;
        }
        let mut path = Vec::new();
        let mut i = start;
        while !seen[i] {
            seen[i] = true;
            path.push(i);
            match supersedes[i] {
                Some(j) => i = j,
                None => break,
            }
        }
        // A circle closes when the walk comes back to a brief of this very walk.
        let Some(from) = path.iter().position(|&k| Some(k) == supersedes[*path.last().unwrap_or(&start)]) else {
            continue;
        };
        let circle = &path[from..];
        let names: Vec<String> = circle.iter().map(|&k| briefs[k].file.display().to_string()).collect();
        let first = &briefs[circle[0]];
        let mut d = Diagnostic::error(format!(
            "invalid `supersedes`: these briefs supersede one another in a circle: {} → {}",
            names.join(" → "),
            names[0]
        ))
        .at(&first.file)
        .hint("a later brief supersedes an earlier one; remove `supersedes` from the oldest of them");
        if let Some(line) = first.analysis.supersedes_line {
            d = d.line_col(line, 1);
        }
        diags.push(d);
        for &k in circle {
            supersedes[k] = None;
            superseded_by[k] = None;
        }
    }
    diags
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::taxonomy::tests::brief;

    #[test]
    fn briefs_are_ordered_newest_first_then_by_path_with_undated_last() {
        let dated = |name: &str, day: &str| {
            let mut b = brief(name, &[]);
            b.date = Some(crate::dates::parse(day, &jiff::tz::TimeZone::UTC).expect("a valid date"));
            b
        };
        let mut docs = vec![
            brief("undated", &[]),
            dated("old", "2024-01-01"),
            dated("new-b", "2026-03-02"),
            dated("new-a", "2026-03-02"),
            dated("middle", "2025-06-30"),
        ];
        newest_first(&mut docs);
        let order: Vec<String> = docs.into_iter().map(|b| b.title).collect();
        assert_eq!(order, ["new-a", "new-b", "middle", "old", "undated"]);
    }

    #[test]
    fn of_briefs_sharing_a_url_the_first_by_path_keeps_it_whatever_order_they_come_in() {
        let at = |name: &str, url: &str| {
            let mut b = brief(name, &["Gulf"]);
            b.url = url.into();
            b
        };
        let docs =
            || vec![at("c", "same/"), at("own", "own/"), at("a", "same/"), at("t", "timeline/"), at("b", "same/")];
        let mut reversed = docs();
        reversed.reverse();
        for input in [docs(), reversed] {
            let (_, diags, _) = Site::assemble(SiteConfig::default(), input, &Policy::default());
            let said: Vec<(String, String)> = diags
                .iter()
                .map(|d| (d.path.as_ref().expect("a file").display().to_string(), d.message.clone()))
                .collect();
            assert_eq!(
                said,
                [
                    ("content/b.md".into(), "content/b.md and content/a.md both want the URL /same/".into()),
                    ("content/c.md".into(), "content/c.md and content/a.md both want the URL /same/".into()),
                    (
                        "content/t.md".into(),
                        "content/t.md and the built-in /timeline/ page both want the URL /timeline/".into()
                    ),
                ]
            );
        }
    }

    #[test]
    fn permuting_in_place_puts_each_item_where_the_order_says() {
        // Every permutation of five items: fixed points, swaps, and cycles of every length.
        fn each(prefix: &mut Vec<usize>, n: usize, f: &mut dyn FnMut(&[usize])) {
            if prefix.len() == n {
                return f(prefix);
            }
            for i in 0..n {
                if !prefix.contains(&i) {
                    prefix.push(i);
                    each(prefix, n, f);
                    prefix.pop();
                }
            }
        }
        let mut seen = 0;
        each(&mut Vec::new(), 5, &mut |order| {
            let mut items: Vec<String> = (0..5).map(|i| format!("item {i}")).collect();
            let expected: Vec<String> = order.iter().map(|&i| items[i].clone()).collect();
            permute(&mut items, &mut order.to_vec());
            assert_eq!(items, expected, "order {order:?}");
            seen += 1;
        });
        assert_eq!(seen, 120);
    }
}
