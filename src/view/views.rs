//! `Views`: the template values shared by every page of one build, made once and cloned
//! cheaply (Tera shares them): each brief's view and `briefs.json` record, its card and its
//! entry in term feeds, Atom and JSON (made by the first page that needs them), and, for a one-shot build,
//! the briefs' HTML with how many uses each has left.

use std::sync::Arc;

use tera::{Context, Value};

use crate::diagnostics::Diagnostic;
use crate::model::Site;
use crate::model::pages::FeedOf;
use crate::view::brief::SharedTerms;

/// The heading level of a card's title: under the lists' year or section headings.
pub const CARD_LEVEL: u8 = 3;

/// Values shared by every page of one build.
pub struct Views {
    /// One view per brief, same order as `Site::briefs`; shared, list and all, so the preview
    /// hands the same views to every rebuild without touching each brief's.
    pub briefs: Arc<Vec<Arc<Value>>>,
    /// One `briefs.json` record per brief, same order, shared alike.
    pub records: Arc<Vec<Arc<[u8]>>>,
    /// The hash of each brief's view, same order, for pages' signatures (`model::signature`);
    /// made with the views of a one-shot build (`streaming`), empty otherwise.
    pub hashes: Vec<u64>,
    /// Each brief's entry in term feeds, made by the first feed that lists it.
    term_feed_entries: Slots<String>,
    /// Each brief's item in term JSON Feeds, made by the first that lists it.
    term_json_items: Slots<Vec<u8>>,
    /// Each brief's card (see `CARD_TEMPLATE`), made by the first list that shows it.
    cards: Slots<Result<Value, Diagnostic>>,
    /// The briefs' HTML, when taken over from the site (see `streaming`).
    taken: Option<TakenHtml>,
    /// Term values shared by the views, kept while views are still to be added.
    shared: Option<SharedTerms>,
    base_path: String,
}

/// Feed formats written for each feed (Atom and JSON Feed), each of which reads a full-text
/// entry's HTML once.
const FEED_FORMATS: u32 = 2;

/// How many times each brief's HTML is used in a build: its page, the site feeds when they
/// carry full text, and term feeds when they are written with full text.
fn html_uses(site: &Site) -> Vec<std::sync::atomic::AtomicU32> {
    let n = site.briefs.len();
    let mut uses = vec![1u32; n];
    if FeedOf::Site.full_text(&site.config) {
        for i in FeedOf::Site.entries(site) {
            uses[i] += FEED_FORMATS;
        }
    }
    // Term feeds are written only when `feeds.terms` is on (see `Page::all`).
    if site.config.feeds.terms {
        // A brief's term-feed entry is made once, whatever the number of term feeds.
        let mut listed = vec![false; n];
        for t in &site.taxonomies {
            for ti in 0..t.terms.len() {
                let of = FeedOf::Term(t.kind, ti);
                if of.full_text(&site.config) {
                    for i in of.entries(site) {
                        listed[i] = true;
                    }
                }
            }
        }
        for (u, l) in uses.iter_mut().zip(listed) {
            *u += u32::from(l) * FEED_FORMATS;
        }
    }
    uses.into_iter().map(std::sync::atomic::AtomicU32::new).collect()
}

/// Briefs' HTML taken over from the site for one build.
struct TakenHtml {
    html: Vec<std::sync::Mutex<Held>>,
    /// Uses left per brief: its page, and the feeds that carry its full text.
    uses: Vec<std::sync::atomic::AtomicU32>,
}

/// One brief's HTML in a build's views: in hand, or left in the cache with the Markdown to
/// render it from should the cache fail to give it back.
#[derive(Default)]
struct Held {
    html: String,
    left: Option<(crate::markdown::replay::HtmlAt, String)>,
}

impl Held {
    fn clear(&mut self) {
        *self = Held::default();
    }
}

impl Views {
    /// Every brief's view and record at once: the reference a build's slice-by-slice
    /// `streaming` views are checked against.
    #[cfg(test)]
    pub fn new(site: &Site) -> Views {
        let mut p = Views::from_values(site, Arc::new(Vec::with_capacity(site.briefs.len())), Arc::default());
        p.add_views(site, 0..site.briefs.len());
        p.finish(site);
        p
    }

    /// Use views and records made elsewhere (the preview server caches them); same order as
    /// `Site::briefs`.
    pub fn from_values(site: &Site, briefs: Arc<Vec<Arc<Value>>>, records: Arc<Vec<Arc<[u8]>>>) -> Views {
        let n = site.briefs.len();
        let (term_feed_entries, term_json_items, cards) = (Slots::new(n), Slots::new(n), Slots::new(n));
        Views {
            briefs,
            records,
            hashes: Vec::new(),
            term_feed_entries,
            term_json_items,
            cards,
            taken: None,
            shared: None,
            base_path: site.config.base_path(),
        }
    }

    /// No views yet, for a build that renders each page once and renders the briefs' Markdown
    /// a slice at a time: `add_briefs` takes each slice's HTML over from the site and makes
    /// its views, and `finish` makes the records once every brief is in. Each brief's HTML is
    /// let go after its last use (its page, and the feeds that carry full text), so a build
    /// holds only the HTML of the briefs whose pages are still to come, not all of it, which
    /// on a large site is more memory than the rest of the build.
    pub fn streaming(site: &Site) -> Views {
        let mut p = Views::from_values(site, Arc::new(Vec::with_capacity(site.briefs.len())), Arc::default());
        p.taken = Some(TakenHtml { html: Vec::with_capacity(site.briefs.len()), uses: html_uses(site) });
        p
    }

    /// How many briefs have views so far: views are added in order, so brief `i` has one
    /// when `i` is below this.
    pub fn briefs_ready(&self) -> usize {
        self.briefs.len()
    }

    /// Take over the HTML of the briefs at `range`, whose Markdown was just rendered, and make
    /// their views. Slices come in order: `range` starts at `briefs_ready()`.
    pub fn add_briefs(&mut self, site: &mut Site, range: std::ops::Range<usize>) {
        debug_assert_eq!(range.start, self.briefs.len(), "slices of briefs are added in order");
        if let Some(t) = &mut self.taken {
            t.html.extend(site.briefs[range.clone()].iter_mut().map(|b| {
                let html = std::mem::take(&mut b.rendered.html);
                let left = b.rendered.html_at.take().map(|at| (at, std::mem::take(&mut b.body)));
                std::sync::Mutex::new(Held { html, left })
            }));
        }
        self.add_views(site, range);
    }

    /// Make the views of the briefs at `range`, which follow those made so far.
    fn add_views(&mut self, site: &Site, range: std::ops::Range<usize>) {
        use rayon::prelude::*;
        let shared = self.shared.get_or_insert_with(|| SharedTerms::new(site, &self.base_path));
        let base_path = &self.base_path;
        let views: Vec<(Value, u64)> = range
            .into_par_iter()
            .map(|i| {
                let v = shared.brief_value(site, i, base_path);
                let h = crate::hashing::value(&v);
                (v, h)
            })
            .collect();
        // The list is this build's own until it is handed out: no copy is made here.
        let briefs = Arc::make_mut(&mut self.briefs);
        for (v, h) in views {
            briefs.push(Arc::new(v));
            self.hashes.push(h);
        }
    }

    /// Make the records, once every brief has its view.
    pub fn finish(&mut self, site: &Site) {
        use rayon::prelude::*;
        self.shared = None;
        self.records =
            Arc::new((0..site.briefs.len()).into_par_iter().map(|i| crate::view::record(site, i).into()).collect());
    }

    /// `f` applied to brief `i`'s HTML; one of its uses when the HTML was taken over. HTML
    /// left in the cache must have been fetched first (`left_html`, `fetched`): a page is
    /// never rendered without its brief's body.
    pub fn brief_html<R>(&self, site: &Site, i: usize, f: impl FnOnce(&str) -> R) -> R {
        let Some(t) = &self.taken else { return f(&site.briefs[i].rendered.html) };
        let mut held = t.html[i].lock().unwrap_or_else(|e| e.into_inner());
        assert!(held.left.is_none(), "brief {i}'s HTML is used before it was fetched from the cache");
        let r = f(&held.html);
        if t.uses[i].fetch_sub(1, std::sync::atomic::Ordering::AcqRel) == 1 {
            held.clear();
        }
        r
    }

    /// Give up one use of brief `i`'s HTML without reading it: its page is kept from an earlier
    /// build instead of rendered, and the HTML must still go once nothing else needs it.
    pub fn release(&self, i: usize) {
        if let Some(t) = &self.taken
            && t.uses[i].fetch_sub(1, std::sync::atomic::Ordering::AcqRel) == 1
        {
            t.html[i].lock().unwrap_or_else(|e| e.into_inner()).clear();
        }
    }

    /// Of `briefs`, those whose HTML is still in the cache, with where it is and the Markdown
    /// it was rendered from; each is taken, to be given back with `fetched`.
    pub fn left_html(
        &self,
        briefs: impl Iterator<Item = usize>,
    ) -> Vec<(usize, crate::markdown::replay::HtmlAt, String)> {
        let Some(t) = &self.taken else { return Vec::new() };
        briefs
            .filter_map(|i| {
                let left = t.html[i].lock().unwrap_or_else(|e| e.into_inner()).left.take()?;
                Some((i, left.0, left.1))
            })
            .collect()
    }

    /// Every brief whose HTML some page may still use and is still in the cache: those the
    /// feeds carry in full, once the brief pages are done.
    pub fn html_still_left(&self) -> Vec<usize> {
        let Some(t) = &self.taken else { return Vec::new() };
        (0..t.html.len())
            .filter(|&i| {
                t.uses[i].load(std::sync::atomic::Ordering::Acquire) > 0
                    && t.html[i].lock().unwrap_or_else(|e| e.into_inner()).left.is_some()
            })
            .collect()
    }

    /// Brief `i`'s HTML, fetched from the cache (or rendered again) after `left_html`.
    pub fn fetched(&self, i: usize, html: String) {
        if let Some(t) = &self.taken {
            t.html[i].lock().unwrap_or_else(|e| e.into_inner()).html = html;
        }
    }

    /// Brief `i`'s card, rendered by `render` (given the card's context) the first time it is
    /// asked for.
    pub fn card(&self, i: usize, render: &dyn Fn(&Context) -> Result<String, Diagnostic>) -> Result<Value, Diagnostic> {
        self.cards
            .get_or_init(i, || {
                let mut ctx = Context::new();
                ctx.insert_value("item", Value::clone(&self.briefs[i]));
                ctx.insert("level", &CARD_LEVEL);
                render(&ctx).map(|html| Value::safe_string(&html))
            })
            .clone()
    }

    /// Brief `i`'s entry in term feeds, made by `make` the first time it is asked for.
    pub fn term_feed_entry(&self, i: usize, make: impl FnOnce() -> String) -> &str {
        self.term_feed_entries.get_or_init(i, make)
    }

    /// Brief `i`'s item in term JSON Feeds, made by `make` the first time it is asked for.
    pub fn term_json_item(&self, i: usize, make: impl FnOnce() -> Vec<u8>) -> &[u8] {
        self.term_json_items.get_or_init(i, make)
    }

    /// The site path of `rel`, a path relative to the site root.
    pub fn url(&self, rel: &str) -> String {
        // A link is a URI: a path in another script is percent-encoded, as in the sitemap.
        format!("{}{}", self.base_path, crate::urls::encode_path(rel))
    }
}

/// One slot per brief, each filled once by the first page that needs it. Slots are made a
/// block at a time when one of the block is first asked for: a preview's save renders a few
/// pages of an archive of a hundred thousand briefs, and would otherwise make and drop a slot
/// for every brief each time.
struct Slots<T> {
    blocks: Vec<std::sync::OnceLock<Box<[std::sync::OnceLock<T>]>>>,
}

/// Briefs per block of `Slots`.
const SLOT_BLOCK: usize = 256;

impl<T> Slots<T> {
    fn new(n: usize) -> Slots<T> {
        Slots { blocks: (0..n.div_ceil(SLOT_BLOCK)).map(|_| std::sync::OnceLock::new()).collect() }
    }

    /// Brief `i`'s value, made by `make` the first time.
    fn get_or_init(&self, i: usize, make: impl FnOnce() -> T) -> &T {
        let block =
            self.blocks[i / SLOT_BLOCK].get_or_init(|| (0..SLOT_BLOCK).map(|_| std::sync::OnceLock::new()).collect());
        block[i % SLOT_BLOCK].get_or_init(make)
    }
}
