//! The checks only `dossier check` runs, over the assembled site: terms that look like one
//! name spelt several ways (`model::spelling`). Every warning points at the file, line and
//! column where a brief writes what is suspect; the few files warned about are read again for
//! their source lines.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::content::front_matter;
use crate::diagnostics::Diagnostic;
use crate::model::spelling;
use crate::site::Site;
use crate::yaml;

/// Every check of this module over `site`, whose files are under `root`.
pub fn run(site: &Site, root: &Path) -> Vec<Diagnostic> {
    let mut files = Files { root, texts: HashMap::new() };
    spellings(site, &mut files)
}

/// The content files warned about, read once each.
struct Files<'a> {
    root: &'a Path,
    texts: HashMap<PathBuf, Option<String>>,
}

impl Files<'_> {
    /// The text of `file` (relative to the root) with `\n` line endings, if it can be read.
    fn text(&mut self, file: &Path) -> Option<&str> {
        self.texts
            .entry(file.to_path_buf())
            .or_insert_with(|| {
                let raw = std::fs::read_to_string(self.root.join(file)).ok()?;
                let raw = raw.strip_prefix('\u{feff}').unwrap_or(&raw);
                Some(raw.replace("\r\n", "\n"))
            })
            .as_deref()
    }

    /// `d` at `file`, at `place` when known, else at the first of `items` of the front matter's
    /// `key` (`yaml::item_positions`), else at the key, else at line 1; with the source line
    /// when the file can be read.
    fn locate(
        &mut self,
        d: Diagnostic,
        file: &Path,
        place: Option<(usize, usize)>,
        key: &str,
        item: &str,
    ) -> Diagnostic {
        let d = d.at(file);
        let Some(text) = self.text(file) else {
            let (line, col) = place.unwrap_or((1, 1));
            return d.line_col(line, col);
        };
        let found = place.or_else(|| {
            let fm = front_matter::split(text).ok()?;
            // The front matter starts on the file's second line.
            yaml::item_positions(fm.yaml, key, &[item.to_string()])[0].map(|(l, c)| (l + 1, c))
        });
        let (line, col) = found.unwrap_or((1, 1));
        d.span_in(text, line, col)
    }
}

/// One warning per less used spelling of every group `spelling::groups` finds, at the newest
/// brief that writes it: the message names every spelling with its number of briefs, the
/// hint the spelling to use (the one most briefs use).
fn spellings(site: &Site, files: &mut Files) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for t in &site.taxonomies {
        let singular = t.kind.singular().to_lowercase();
        for g in spelling::groups(t) {
            let terms = spelling::group_names(t, &g);
            let usual = terms[0];
            let briefs = |n: usize| if n == 1 { "1 brief".to_string() } else { format!("{n} briefs") };
            let listing =
                terms.iter().map(|x| format!("\"{}\" ({})", x.name, briefs(x.briefs.len()))).collect::<Vec<_>>();
            let why = match terms[1].briefs.len() == usual.briefs.len() {
                true => "no spelling is more used; this one comes first alphabetically",
                false => "the spelling most briefs use",
            };
            for (pos, odd) in terms.iter().enumerate().skip(1) {
                // This spelling's page first, the suggested one's last.
                let mut pages: Vec<String> = vec![format!("/{}", t.term_url(odd))];
                pages.extend(
                    terms
                        .iter()
                        .enumerate()
                        .skip(1)
                        .filter(|&(i, _)| i != pos)
                        .map(|(_, x)| format!("/{}", t.term_url(x))),
                );
                pages.push(format!("/{}", t.term_url(usual)));
                let d = Diagnostic::warning(format!(
                    "{singular} \"{}\" looks like a misspelling of \"{}\"; spellings in use: {}",
                    odd.name,
                    usual.name,
                    listing.join(", ")
                ))
                .hint(format!(
                    "if they are one {singular}, write \"{}\" ({why}) in `{}`, or file \"{}\" under it with `aliases` in site.yaml; {} list where each is used",
                    usual.name,
                    t.kind.key(),
                    odd.name,
                    and_list(&pages)
                ));
                // The newest brief with this spelling, at the name in its front matter.
                let Some(&bi) = odd.briefs.first() else { continue };
                let brief = &site.briefs[bi];
                let ti = g.terms[pos];
                let place = t.term_ids_of(bi).position(|k| k == ti).and_then(|ni| t.kind.place(brief, ni));
                out.push(files.locate(d, &brief.file, place, t.kind.key(), &odd.name));
            }
        }
    }
    out
}

/// `a`, `a and b`, `a, b and c`.
fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn lists_read_as_prose() {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(and_list(&s(&["/a/"])), "/a/");
        assert_eq!(and_list(&s(&["/a/", "/b/"])), "/a/ and /b/");
        assert_eq!(and_list(&s(&["/a/", "/b/", "/c/"])), "/a/, /b/ and /c/");
    }
}
