//! dossier's integration tests, as one test binary (one link of the crate instead of one per
//! file). Each module below specifies one area of behaviour, mostly by building fixture sites
//! in temporary folders with the real `dossier` binary and parsing what it produced; the shared
//! helpers are in `prelude` (sites, runs, HTML readers, link checks), `http` (a raw HTTP client
//! and a `dossier serve` process) and `published` (feeds, sitemaps, links in JSON).
//!
//! Run one area with a filter on the module's name: `cargo test --test testsuite serve::`.

mod http;
mod prelude;
mod published;

mod analysis;
mod architecture;
mod archives;
mod assets;
mod authoring;
mod browser;
mod build_site;
mod cache;
mod calendar;
mod check_spelling;
mod citations;
mod data;
mod durability;
mod errors;
mod estimative;
mod events;
mod example_site;
mod graph;
mod home;
mod hostile;
mod import;
mod incremental;
mod languages;
mod load;
mod new_brief;
mod page_inputs;
mod properties;
mod publication;
mod publish;
mod regions;
mod search_scripts;
mod serve;
mod social_cards;
mod theming;
mod xss;
