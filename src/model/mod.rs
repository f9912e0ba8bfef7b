//! The site model built from loaded briefs: taxonomies, the timeline, resolving what the
//! Markdown refers to and checking it against the whole site. Pure functions over `&[Brief]`;
//! no templates, and no I/O but reading an image's header the first time a brief shows it.

pub mod body;
pub mod cooccur;
pub mod links;
pub mod references;
pub mod related;
pub mod spelling;
pub mod taxonomy;
pub mod timeline;

pub use taxonomy::{Taxonomy, TaxonomyKind, Term};
pub use timeline::{Month, Timeline, Year};
