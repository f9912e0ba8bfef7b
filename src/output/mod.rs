//! Output: the files that are not Tera pages (feeds, sitemap, robots.txt, the data export and
//! the search index), the static files and assets published beside them (`files`), and
//! writing the site to disk (`write`, kept whole by `swap`).

pub mod data;
pub mod feed;
pub mod files;
pub mod search;
pub mod sitemap;
pub mod swap;
pub mod write;

use crate::render::Page;
use crate::render::context::Prepared;
use crate::site::Site;

/// The bytes of a page that is generated in code rather than from a template.
pub fn generate(site: &Site, prep: &Prepared, page: Page) -> Vec<u8> {
    match page {
        Page::SiteFeed => feed::render(site, prep, feed::FeedOf::Site).into_bytes(),
        Page::TermFeed(k, ti) => feed::render(site, prep, feed::FeedOf::Term(k, ti)).into_bytes(),
        Page::Sitemap(part) => sitemap::render(site, part).into_bytes(),
        Page::Robots => sitemap::robots(site).into_bytes(),
        Page::Data => data::assemble(site, prep.records.iter().map(|r| &r[..])),
        other => unreachable!("{other:?} is rendered from a template"),
    }
}
