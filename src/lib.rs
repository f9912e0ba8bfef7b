//! dossier: a static site generator for analytical briefs.
//!
//! The pipeline, one module per stage: `config` (site.yaml) → `content` (walk, front matter) →
//! `markdown` → `model` and `site` (taxonomies, timeline, links) → `render` (Tera) → `output`
//! (atomic write). `build` runs the stages in order; `cmd` wires them to the command line.

// A `Diagnostic` is large, but it only travels on the error path, where size costs nothing.
#![allow(clippy::result_large_err)]

pub mod artifact;
pub mod build;
pub mod checks;
pub mod cli;
pub mod cmd;
pub mod config;
pub mod content;
pub mod dates;
pub mod diagnostics;
pub mod escape;
pub mod fields;
pub mod hashing;
pub mod i18n;
pub mod import;
pub mod lang;
pub mod markdown;
pub mod marking;
pub mod model;
pub mod options;
pub mod output;
pub mod period;
pub mod platform;
pub mod render;
pub mod serve;
pub mod session;
pub mod slug;
pub mod text;
pub mod theme;
pub mod timing;
pub mod urls;
pub mod view;
pub mod yaml;
