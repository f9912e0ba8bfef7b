//! What to build and how: the options every command hands to the pipeline (`Session`), read
//! once from the command line. The pipeline derives everything else from these and the site's
//! `site.yaml`.

use std::path::PathBuf;

/// What to build and how.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// The site root (holds site.yaml).
    pub root: PathBuf,
    /// Output directory; `<root>/public` when `None`.
    pub output_dir: Option<PathBuf>,
    /// Overrides `base_url` from site.yaml.
    pub base_url: Option<String>,
    /// Include drafts.
    pub drafts: bool,
}

impl BuildOptions {
    /// The output directory in effect.
    pub fn output(&self) -> PathBuf {
        self.output_dir.clone().unwrap_or_else(|| self.root.join("public"))
    }
}
