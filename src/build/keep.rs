//! Pages kept from an earlier build. A build with a cache reuses the previous output kept beside
//! the output as its staging folder (`output::write::Staging`); the cache's ledger says, for
//! each page file the last two builds wrote, the signature it was made from and the file's stamp
//! once written. A page whose signature now (its declared inputs, the globals, its templates,
//! the program) is the one recorded, and whose file still has the recorded stamp (nothing
//! wrote, replaced or touched it since), already holds exactly the bytes this build would
//! render: it is kept, neither rendered nor written. Every other page is rendered, and what it
//! was written from is recorded for the next build.
//!
//! Social cards are always drawn again (from their own cache): they also depend on the
//! machine's fonts, which no signature covers.

use std::collections::HashMap;
use std::sync::Mutex;

use rayon::prelude::*;

use crate::hashing;
use crate::model::{Page, Site};
use crate::output::write::Staging;
use crate::render::page_keys::PageKeys;
use crate::session::Session;
use crate::session::cache::{Cache, Ledger, Written};
use crate::view::Views;

/// One language's pages against the ledger.
pub struct Keeper<'a> {
    cache: &'a Cache,
    ledger: &'a Ledger,
    /// What this build wrote or kept, for the next build's ledger.
    recorded: &'a Mutex<Vec<(String, Written)>>,
    /// Every page's hash but its own inputs: the program, the config and strings, the
    /// globals, the translations, the build's options and the templates.
    keys: PageKeys,
    /// The language's folder in the output (`ar/`), empty for the default language.
    prefix: String,
    /// The signatures of the pages handed to rendering, by output path (prefix included),
    /// until their file is written.
    pending: Mutex<HashMap<String, u64>>,
}

impl<'a> Keeper<'a> {
    /// The keeper of `session`'s pages, for the program `cache` files its entries under.
    pub fn new(
        session: &Session,
        cache: &'a Cache,
        ledger: &'a Ledger,
        recorded: &'a Mutex<Vec<(String, Written)>>,
    ) -> Self {
        let site = session.site();
        let keys = PageKeys::new(
            site,
            session.template_sources(),
            &[
                hashing::bytes(cache.salt().as_bytes()),
                hashing::value(&(&site.config, site.config.base_path())),
                site.config.strings.fingerprint(),
                // What the build publishes and where it links to; not where the site or the
                // cache is, which a CI runner's checkout may move.
                hashing::bytes(format!("{:?}", publication(session.opts())).as_bytes()),
            ],
        );
        let prefix = site.config.language_prefix.clone();
        Keeper { cache, ledger, recorded, keys, prefix, pending: Mutex::default() }
    }

    /// The pages of `pages` to render. The others are kept as `staging` holds them (counted as
    /// written, recorded again, and the HTML of a kept brief page let go).
    pub fn triage(&self, site: &Site, views: &Views, staging: Option<&Staging>, pages: &[Page]) -> Vec<Page> {
        let reused = staging.filter(|s| s.reused() && !self.ledger.is_empty());
        // Each page with its path, its signature, and whether it can be kept: only a page the
        // ledger recorded with its signature now can, and only its file is looked at.
        let signed: Vec<(Page, String, u64, bool)> = pages
            .par_iter()
            .map(|&p| {
                let path = format!("{}{}", self.prefix, p.output_path(site));
                let sig = self.keys.of(site, &views.hashes, p);
                let candidate =
                    reused.is_some() && !matches!(p, Page::SocialCard(_)) && self.ledger.recorded_with(&path, sig);
                (p, path, sig, candidate)
            })
            .collect();
        let looked: Vec<&str> = signed.iter().filter(|x| x.3).map(|(_, path, _, _)| path.as_str()).collect();
        let mut stamps = reused.map(|s| s.stamps(&looked)).unwrap_or_default().into_iter();
        let judged: Vec<(Page, String, u64, Option<Written>)> = signed
            .into_iter()
            .map(|(p, path, sig, candidate)| {
                let kept = if candidate { stamps.next().flatten() } else { None };
                let kept = kept
                    .filter(|stamp| self.ledger.signature_of(&path, stamp) == Some(sig))
                    .map(|stamp| Written { signature: sig, stamp });
                (p, path, sig, kept)
            })
            .collect();
        let mut render = Vec::new();
        let mut pending = self.pending.lock().unwrap_or_else(|e| e.into_inner());
        let mut recorded = self.recorded.lock().unwrap_or_else(|e| e.into_inner());
        for (p, path, sig, kept) in judged {
            match (kept, reused) {
                (Some(w), Some(s)) => {
                    s.keep(&path);
                    if let Page::Brief(i) = p {
                        views.release(i);
                    }
                    recorded.push((path, w));
                }
                _ => {
                    if !matches!(p, Page::SocialCard(_)) {
                        pending.insert(path, sig);
                    }
                    render.push(p);
                }
            }
        }
        self.cache.count_pages(pages.len() - render.len(), render.len());
        render
    }

    /// Record the file just written at `path` (relative to the output, prefix included) in
    /// `staging`, when it is a page handed to rendering by `triage`.
    pub fn written(&self, staging: &Staging, path: &str) {
        let Some(sig) = self.pending.lock().unwrap_or_else(|e| e.into_inner()).remove(path) else { return };
        if let Some(stamp) = staging.stamp(path) {
            self.recorded
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push((path.to_string(), Written { signature: sig, stamp }));
        }
    }
}

/// The options that decide what a build publishes and how its links read, of everything
/// `BuildOptions` holds.
fn publication(o: &crate::options::BuildOptions) -> impl std::fmt::Debug + '_ {
    (&o.base_url, o.drafts, o.future, o.expired, o.max_tlp, &o.audience, &o.language)
}
