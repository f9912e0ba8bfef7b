//! The site model built from loaded briefs: taxonomies, the timeline and internal link
//! resolution. Pure functions over `&[Brief]`; no I/O, no templates.

pub mod cooccur;
pub mod links;
pub mod related;
pub mod spelling;
pub mod taxonomy;
pub mod timeline;

pub use taxonomy::{Taxonomy, TaxonomyKind, Term};
pub use timeline::{Month, Timeline, Year};
