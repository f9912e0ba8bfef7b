//! What one rebuild of the preview did: for the log line, the browser and the tests.

use crate::diagnostics::Diagnostics;

/// What one rebuild did, for the log line and the browser.
#[derive(Debug, Default)]
pub struct Outcome {
    /// What changed, in words.
    pub what: String,
    /// Pages rendered.
    pub rendered: usize,
    /// The output paths of the pages rendered, in the order of `Page::all`.
    pub pages: Vec<String>,
    /// Files written because their bytes changed.
    pub written: usize,
    /// Files removed because their page is gone.
    pub deleted: usize,
    /// Wall time in milliseconds.
    pub millis: f64,
    /// Every current problem; the rebuild failed when one is an error.
    pub diagnostics: Diagnostics,
    /// Only stylesheets changed: pages can swap styles instead of reloading.
    pub css_only: bool,
}

impl Outcome {
    /// True when the site on disk is now current.
    pub fn ok(&self) -> bool {
        !self.diagnostics.has_errors()
    }
}
