//! Content, files → documents: what a document is (`document`: a brief, a standalone page or
//! a term description), how its front matter is read (`front_matter`, with the analytic fields
//! in `analysis`, key judgments and the estimative vocabulary in `judgments`, a brief's cited
//! sources in `sources`, the events it covers in `events`, its review date and revisions in
//! `lifecycle`, the social image in `image`), how the `content/` folder is walked (`load`) and
//! the files published beside the briefs (`assets`).

pub mod analysis;
pub mod assets;
pub mod document;
pub mod events;
pub mod fences;
pub mod front_matter;
pub mod image;
pub mod judgments;
pub mod lifecycle;
pub mod load;
pub mod publication;
pub mod sources;

pub use document::{Document, Kind};
