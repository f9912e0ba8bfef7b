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
    /// Publish drafts and briefs in review (`--drafts`).
    pub drafts: bool,
    /// Publish briefs dated in the future (`--future`).
    pub future: bool,
    /// Publish briefs past their `expires` date (`--expired`).
    pub expired: bool,
    /// The most restricted marking the build may publish (`--max-tlp`); CLEAR when neither this
    /// nor `audience` is given.
    pub max_tlp: Option<crate::marking::Tlp>,
    /// A named audience of site.yaml's `audiences`, whose marking is the most the build may
    /// publish (`--audience`).
    pub audience: Option<String>,
    /// Which of the site's languages to build (`languages:`); the default language when `None`.
    /// A multilingual build opens one session per language.
    pub language: Option<String>,
    /// The persistent build cache's folder; `None` (the library's default) builds without one.
    /// The command line keeps one in `<root>/.dossier-cache` unless told otherwise
    /// (`--cache-dir`, `--no-cache`).
    pub cache: Option<PathBuf>,
}

impl BuildOptions {
    /// These options for the site's language `code`.
    pub fn for_language(&self, code: &str) -> BuildOptions {
        BuildOptions { language: Some(code.to_string()), ..self.clone() }
    }

    /// The output directory in effect.
    pub fn output(&self) -> PathBuf {
        self.output_dir.clone().unwrap_or_else(|| self.root.join("public"))
    }
}
