//! The site model built from loaded documents: the `Site` (briefs in order, taxonomies, the
//! timeline, the month-by-month timelines of regions and actors (`chronicle`), lineage, related briefs, backlinks and sources), its output pages (`pages`) and what each page is made
//! from (`inputs`), resolving what the Markdown refers to and checking it against the whole
//! site. Pure functions over documents; no templates, and no I/O but reading an image's header
//! the first time a brief shows it.

pub mod actor_kind;
pub mod body;
pub mod chronicle;
pub mod citations;
pub mod cooccur;
pub mod graph;
pub mod inputs;
pub mod layout;
pub mod links;
pub mod pages;
pub mod publish;
pub mod references;
pub mod regions;
pub mod related;
pub mod signature;
pub mod site;
pub mod spelling;
pub mod taxonomy;
pub mod timeline;

pub use pages::Page;
pub use site::Site;
pub use taxonomy::{Taxonomy, TaxonomyKind, Term};
pub use timeline::{Month, Timeline, Year};
