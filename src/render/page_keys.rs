//! What a page's output is made from, as one hash: its declared inputs (`model::signature`), the
//! templates it renders with (its own with everything it includes, and the card template for
//! pages that list cards) and what every page shares (the globals, the translations, and what
//! the caller adds). The preview renders a page again when this moves; a build with a cache
//! keeps a page's earlier file while it holds.

use std::collections::HashMap;

use crate::hashing;
use crate::model::{Page, Site, signature};
use crate::render::{context, templates};

/// The parts of every page's hash that do not depend on the page.
pub struct PageKeys {
    /// What every page depends on alike.
    global: u64,
    /// Each template's hash with everything it includes.
    templates: HashMap<String, u64>,
    /// The card template's, for pages that list cards.
    card: u64,
    /// The facts many pages share, hashed once.
    memo: signature::Memo,
}

impl PageKeys {
    /// The keys of `site`'s pages rendered with `sources`; `shared` adds what else every page
    /// depends on for the caller (a build's program and options).
    pub fn new(site: &Site, sources: &[templates::TemplateSource], shared: &[u64]) -> PageKeys {
        let templates = templates::dependency_hashes(sources);
        let card = templates.get(context::CARD_TEMPLATE).copied().unwrap_or(0);
        let globals = crate::view::globals(site);
        let global = hashing::combine(
            [hashing::value(&globals.iter().map(|(k, v)| (k, v)).collect::<Vec<_>>()), site.translations_hash()]
                .into_iter()
                .chain(shared.iter().copied()),
        );
        PageKeys { global, templates, card, memo: signature::Memo::new(site) }
    }

    /// `page`'s hash, with `views` holding each brief's view hash in `Site::briefs` order, for
    /// the model these keys were made for.
    pub fn of(&self, site: &Site, views: &[u64], page: Page) -> u64 {
        self.with(page, signature::signature(site, views, page, &self.memo))
    }

    /// `page`'s hash, given its signature (`model::signature`) for the model these keys
    /// were made for.
    pub fn with(&self, page: Page, signature: u64) -> u64 {
        let tpl = page.template().and_then(|t| self.templates.get(t)).copied().unwrap_or(0);
        let cards = if page.lists_cards() { self.card } else { 0 };
        hashing::combine([self.global, tpl, cards, signature])
    }

    /// The hash of everything these keys add to a page's signature, for every page: while it
    /// holds, a page's hash moves only with its signature.
    pub fn shared(&self) -> u64 {
        let mut templates: Vec<(&String, &u64)> = self.templates.iter().collect();
        templates.sort_unstable();
        let templates = templates.into_iter().flat_map(|(name, h)| [hashing::bytes(name.as_bytes()), *h]);
        hashing::combine([self.global, self.card].into_iter().chain(templates))
    }

    /// The facts memo these keys sign with.
    pub fn memo(&self) -> &signature::Memo {
        &self.memo
    }
}
