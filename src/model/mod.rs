//! The site model built from loaded documents: the `Site` (briefs in order, taxonomies, the
//! timeline, lineage and related briefs), its output pages (`pages`) and what each page is made
//! from (`inputs`), resolving what the Markdown refers to and checking it against the whole
//! site. Pure functions over documents; no templates, and no I/O but reading an image's header
//! the first time a brief shows it.

pub mod body;
pub mod cooccur;
pub mod graph;
pub mod inputs;
pub mod layout;
pub mod links;
pub mod pages;
pub mod publish;
pub mod references;
pub mod related;
pub mod site;
pub mod spelling;
pub mod taxonomy;
pub mod timeline;

pub use pages::Page;
pub use site::Site;
pub use taxonomy::{Taxonomy, TaxonomyKind, Term};
pub use timeline::{Month, Timeline, Year};
