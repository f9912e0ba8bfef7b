//! What each page of the preview is made from, as one hash: a page is rendered again when its
//! signature moves. Kept beside `rebuild`, which compares them.

use crate::hashing;
use crate::output::feed::{self, FeedOf};
use crate::render::Page;
use crate::render::pages::{page_count, page_range};

/// Everything a page's output depends on besides globals and templates, as one hash.
pub fn signature(site: &crate::site::Site, views: &[u64], page: Page) -> u64 {
    use crate::model::TaxonomyKind;
    let brief = |i: usize| {
        let b = &site.briefs[i];
        hashing::combine([views[i], b.rendered_rev, b.revision])
    };
    let per = site.config.paginate_by;
    match page {
        Page::Home(n) | Page::Timeline(n) => {
            let range = page_range(views.len(), per, n);
            let all = page_count(views.len(), per) as u64;
            // Timeline pages show whole-year and whole-month counts; the first also charts every
            // brief and event.
            let counts = match page {
                Page::Timeline(_) => hashing::combine(site.timeline.years.iter().flat_map(|y| {
                    y.months.iter().flat_map(move |m| [y.year as u64, m.month as u64, m.briefs.len() as u64])
                })),
                _ => 0,
            };
            let chart = match page {
                Page::Timeline(1) => hashing::combine(views.iter().copied()),
                _ => 0,
            };
            hashing::combine([5, n as u64, all, counts, chart].into_iter().chain(views[range].iter().copied()))
        }
        Page::Brief(i) => hashing::combine(
            [
                1,
                brief(i),
                site.older(i).map_or(0, |_| views[i + 1]),
                site.newer(i).map_or(0, |_| views[i - 1]),
                site.supersedes[i].map_or(0, |j| views[j]),
                site.superseded_by[i].map_or(0, |j| views[j]),
            ]
            .into_iter()
            .chain(site.related[i].iter().map(|&j| views[j])),
        ),
        Page::Standalone(i) => {
            let p = &site.pages[i];
            hashing::combine([2, p.revision, p.rendered_rev, hashing::bytes(p.url.as_bytes())])
        }
        Page::TaxonomyIndex(k) => {
            let t = site.taxonomy(k);
            hashing::combine(t.terms.iter().flat_map(|term| {
                [hashing::bytes(term.name.as_bytes()), hashing::bytes(term.slug.as_bytes()), term.briefs.len() as u64]
            }))
        }
        Page::Term(k, ti, n) => {
            let term = &site.taxonomy(k).terms[ti];
            let kind = TaxonomyKind::ALL.iter().position(|x| *x == k).unwrap_or(0) as u64;
            let range = page_range(term.briefs.len(), per, n);
            // The first page heads the list with a profile drawn from all the term's briefs
            // (who appears with whom, where, when) and the term's description.
            let profile = if n == 1 {
                let t = site.taxonomy(k);
                let description = site
                    .description(&t.term_url(term))
                    .map_or(0, |d| hashing::combine([d.revision, d.rendered_rev, hashing::bytes(d.title.as_bytes())]));
                hashing::combine(term.briefs.iter().map(|&i| views[i]).chain([description]))
            } else {
                0
            };
            hashing::combine(
                [
                    3,
                    kind,
                    n as u64,
                    term.briefs.len() as u64,
                    hashing::bytes(term.name.as_bytes()),
                    hashing::bytes(term.slug.as_bytes()),
                    profile,
                ]
                .into_iter()
                .chain(term.briefs[range].iter().map(|&i| views[i])),
            )
        }
        Page::NotFound | Page::Search | Page::Robots => 4,
        // Counts of briefs per level.
        Page::Confidence => hashing::combine(
            [9].into_iter().chain(site.briefs.iter().map(|b| b.analysis.confidence.map_or(0, |c| c as u64 + 1))),
        ),
        Page::SiteFeed | Page::TermFeed(..) => {
            let of = match page {
                Page::TermFeed(k, ti) => FeedOf::Term(k, ti),
                _ => FeedOf::Site,
            };
            let ids = feed::entries(site, of);
            let name = match of {
                FeedOf::Term(k, ti) => hashing::bytes(site.taxonomy(k).terms[ti].name.as_bytes()),
                FeedOf::Site => 0,
            };
            hashing::combine(
                [6, name, hashing::bytes(feed::path(site, of).as_bytes())]
                    .into_iter()
                    .chain(ids.iter().map(|&i| brief(i))),
            )
        }
        // Every listed URL and its date; cheap next to rendering, and exact.
        Page::Sitemap(part) => hashing::combine(
            [7, part as u64].into_iter().chain(
                site.briefs
                    .iter()
                    .map(|b| {
                        let d = b.updated.as_ref().or(b.date.as_ref()).map_or(0, |d| d.instant.as_second() as u64);
                        hashing::combine([hashing::bytes(b.url.as_bytes()), d, u64::from(b.draft)])
                    })
                    .chain(site.pages.iter().map(|p| hashing::bytes(p.url.as_bytes())))
                    .chain(site.taxonomies.iter().flat_map(|t| {
                        t.terms
                            .iter()
                            .map(|t| hashing::combine([hashing::bytes(t.slug.as_bytes()), t.briefs.len() as u64]))
                    })),
            ),
        ),
        Page::Data => hashing::combine([8].into_iter().chain((0..site.briefs.len()).map(brief))),
    }
}
