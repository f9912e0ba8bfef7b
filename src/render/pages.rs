//! Pages as data: every output page is a `Page` value with a URL, an output file and a
//! template. A full build renders all of them; an incremental one renders a subset.

use crate::model::TaxonomyKind;
use crate::site::Site;

/// One output page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Page {
    /// `/`
    Home,
    /// A brief, by index into `Site::briefs`.
    Brief(usize),
    /// A standalone page, by index into `Site::pages`.
    Standalone(usize),
    /// `/regions/`, `/actors/`, `/tags/`
    TaxonomyIndex(TaxonomyKind),
    /// `/regions/gulf/`: a taxonomy and an index into its terms.
    Term(TaxonomyKind, usize),
    /// `/timeline/`
    Timeline,
    /// `/404.html`
    NotFound,
}

impl Page {
    /// Every page of the site, in a stable order.
    pub fn all(site: &Site) -> Vec<Page> {
        let mut pages = vec![Page::Home, Page::Timeline, Page::NotFound];
        pages.extend((0..site.briefs.len()).map(Page::Brief));
        pages.extend((0..site.pages.len()).map(Page::Standalone));
        for t in &site.taxonomies {
            pages.push(Page::TaxonomyIndex(t.kind));
            pages.extend((0..t.terms.len()).map(|i| Page::Term(t.kind, i)));
        }
        pages
    }

    /// URL relative to the site root (`briefs/x/`, `404.html`, `` for home).
    pub fn url(&self, site: &Site) -> String {
        match *self {
            Page::Home => String::new(),
            Page::Brief(i) => site.briefs[i].url.clone(),
            Page::Standalone(i) => site.pages[i].url.clone(),
            Page::TaxonomyIndex(k) => site.taxonomy(k).url(),
            Page::Term(k, i) => {
                let t = site.taxonomy(k);
                t.term_url(&t.terms[i])
            }
            Page::Timeline => "timeline/".into(),
            Page::NotFound => "404.html".into(),
        }
    }

    /// File to write, relative to the output directory.
    pub fn output_path(&self, site: &Site) -> String {
        let url = self.url(site);
        if url.ends_with(".html") { url } else { format!("{url}index.html") }
    }

    /// Template that renders it.
    pub fn template(&self) -> &'static str {
        match self {
            Page::Home => "home.html",
            Page::Brief(_) => "brief.html",
            Page::Standalone(_) => "page.html",
            Page::TaxonomyIndex(_) => "taxonomy.html",
            Page::Term(..) => "term.html",
            Page::Timeline => "timeline.html",
            Page::NotFound => "404.html",
        }
    }
}
