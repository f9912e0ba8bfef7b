//! `DiagStore`: every current problem of a session, filed by where it came from, so that
//! replacing one file's problems leaves the others' in place.

use std::collections::BTreeMap;

use crate::diagnostics::{Diagnostic, Diagnostics};

/// Diagnostics kept by origin, so replacing one file's problems leaves the others' in place.
#[derive(Debug, Default, Clone)]
pub struct DiagStore {
    /// From site.yaml and the command line.
    pub config: Vec<Diagnostic>,
    /// From walking content/.
    pub walk: Vec<Diagnostic>,
    /// Per content path: front matter problems.
    pub docs: BTreeMap<String, Vec<Diagnostic>>,
    /// Per content path: what rendering its Markdown found (links, images, footnotes).
    pub markdown: BTreeMap<String, Vec<Diagnostic>>,
    /// From assembling the model (term spellings, duplicate URLs).
    pub model: Vec<Diagnostic>,
    /// From gathering and compiling templates.
    pub templates: Vec<Diagnostic>,
    /// Per output path: rendering problems.
    pub render: BTreeMap<String, Vec<Diagnostic>>,
    /// From collecting static files.
    pub statics: Vec<Diagnostic>,
    /// From the checks over the whole rendered site: `#fragments`, root-relative paths,
    /// assets published where something else is.
    pub site: Vec<Diagnostic>,
}

impl DiagStore {
    /// Every stored diagnostic, stage by stage.
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.config
            .iter()
            .chain(&self.walk)
            .chain(self.docs.values().flatten())
            .chain(self.markdown.values().flatten())
            .chain(&self.model)
            .chain(&self.templates)
            .chain(self.render.values().flatten())
            .chain(&self.statics)
            .chain(&self.site)
    }

    /// Everything, as one collection.
    pub fn all(&self) -> Diagnostics {
        let mut d = Diagnostics::new();
        d.extend(self.iter().cloned());
        d
    }

    /// True when any stored diagnostic is an error. Asked before and during every build, so
    /// it looks without copying them all.
    pub fn has_errors(&self) -> bool {
        self.iter().any(Diagnostic::is_error)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_store_sees_an_error_from_any_stage_and_gives_back_everything() {
        let mut store = DiagStore::default();
        store.docs.insert("briefs/a.md".into(), vec![Diagnostic::warning("unknown key").at("content/briefs/a.md")]);
        store.statics.push(Diagnostic::warning("empty static folder"));
        assert!(!store.has_errors(), "warnings alone are not errors");
        let stages: [fn(&mut DiagStore, Diagnostic); 9] = [
            |s, d| s.config.push(d),
            |s, d| s.walk.push(d),
            |s, d| s.docs.entry("briefs/b.md".into()).or_default().push(d),
            |s, d| s.markdown.entry("briefs/b.md".into()).or_default().push(d),
            |s, d| s.model.push(d),
            |s, d| s.templates.push(d),
            |s, d| s.render.entry("index.html".into()).or_default().push(d),
            |s, d| s.statics.push(d),
            |s, d| s.site.push(d),
        ];
        for (n, add) in stages.iter().enumerate() {
            let mut s = store.clone();
            add(&mut s, Diagnostic::error(format!("broken in stage {n}")));
            assert!(s.has_errors(), "stage {n}");
            assert_eq!(s.all().iter().count(), 3, "stage {n}");
            assert_eq!(s.all().counts(), (1, 2), "stage {n}");
        }
    }
}
