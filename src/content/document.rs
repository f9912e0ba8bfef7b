//! `Document`: one Markdown document with validated front matter, and (after the markdown stage)
//! its rendered HTML. Standalone pages (`kind: page`) are `Document`s of kind `Page`.

use std::path::PathBuf;

use serde_json::{Map, Value};

use crate::content::analysis::Analysis;
use crate::dates::BriefDate;
use crate::markdown::Rendered;

/// Whether a document takes part in timelines, taxonomies and feeds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// An analytical brief: dated, filed under regions, actors and tags.
    Brief,
    /// A standalone page such as About: rendered, but listed nowhere.
    Page,
    /// The text that heads a term's page: `content/actors/iran.md` for the actor Iran.
    Description,
}

/// A document from `content/`.
#[derive(Debug, Clone)]
pub struct Document {
    /// Brief or standalone page.
    pub kind: Kind,
    /// Path relative to `content/`, with `/` separators (`briefs/muscat-talks.md`).
    pub source: String,
    /// Path relative to the site root, for diagnostics (`content/briefs/muscat-talks.md`).
    pub file: PathBuf,
    /// The language it is written in: one of site.yaml's `languages`, read from its name
    /// (`muscat-talks.ar.md`) or its folder (`content/ar/briefs/…`); the default language else.
    pub lang: String,
    /// What its translations share: its content path without the language
    /// (`briefs/muscat-talks.md` for `briefs/muscat-talks.ar.md`). Its URL is made from it.
    pub translation_key: String,
    /// Title, trimmed.
    pub title: String,
    /// Publication date (always present for briefs).
    pub date: Option<BriefDate>,
    /// Date of the last substantive update.
    pub updated: Option<BriefDate>,
    /// Regions, in the order written.
    pub regions: Vec<String>,
    /// Actors, in the order written.
    pub actors: Vec<String>,
    /// Tags, in the order written.
    pub tags: Vec<String>,
    /// Where each region, actor and tag (in that order) is written in the file: 1-based line
    /// and column, `(0, 0)` when not known. Diagnostics about a term point here; the file's
    /// text is not kept.
    pub term_places: Vec<(u32, u32)>,
    /// Authors.
    pub authors: Vec<String>,
    /// The front matter summary, if given.
    pub summary: Option<String>,
    /// Drafts are built only with `--drafts`.
    pub draft: bool,
    /// Free map passed to templates.
    pub extra: Map<String, Value>,
    /// Bottom line, key judgments, confidence, sources, status, events.
    pub analysis: Analysis,
    /// Marking, expiry and retraction.
    pub publication: crate::content::publication::Publication,
    /// Paths the document was once published at, each a redirect to it (`posts/old/`,
    /// `2015/01/02/talks.html`), relative to the site root.
    pub aliases: Vec<String>,
    /// The picture link previews show (`image:`), as written.
    pub image: Option<crate::content::image::SocialImage>,
    /// Where `image` was found, filled in by the markdown stage with the links.
    pub image_url: Option<crate::content::image::ImageUrl>,
    /// Output path relative to the site root, ending in `/` (`briefs/muscat-talks/`).
    pub url: String,
    /// The Markdown body; empty when `body_left`.
    pub body: String,
    /// Two hashes of the body, which key its rendering in the build cache
    /// (`markdown::replay::digest`): kept when the body is not.
    pub body_digest: [u64; 2],
    /// True when a one-shot build let the body go once the front matter was read, and reads it
    /// again from the file where it is rendered (`content::load::read_body`): a large archive's
    /// text is then never all in memory at once, and a brief whose rendering the cache holds is
    /// never read twice.
    pub body_left: bool,
    /// 1-based line of the file where the body starts.
    pub body_line: usize,
    /// Filled in by the markdown stage.
    pub rendered: Rendered,
    /// Content paths this document links to (filled in by the markdown stage), so a change to
    /// one of them can re-resolve this document's links.
    pub link_targets: Vec<String>,
    /// Hash of the file's text: a changed file is a new revision.
    pub revision: u64,
    /// What its rendering depends on besides its text (`revision`) and the site-wide options:
    /// the hash of the answers its links and images got when its Markdown was last rendered,
    /// and of its social image. With `revision` it identifies the rendered body, from one build
    /// to the next, so pages showing the document render again exactly when it would render
    /// differently.
    pub rendition: u64,
}

impl Document {
    /// When the brief last changed: `updated` when it has one, else `date`. Feeds, the sitemap
    /// and the JSON-LD all date a brief by this.
    #[inline]
    pub fn changed(&self) -> Option<&BriefDate> {
        self.updated.as_ref().or(self.date.as_ref())
    }

    /// An empty document, for moving a real one out of a collection.
    pub fn placeholder() -> Document {
        Document {
            kind: Kind::Page,
            source: String::new(),
            file: PathBuf::new(),
            lang: String::new(),
            translation_key: String::new(),
            title: String::new(),
            date: None,
            updated: None,
            regions: Vec::new(),
            actors: Vec::new(),
            tags: Vec::new(),
            term_places: Vec::new(),
            authors: Vec::new(),
            summary: None,
            draft: false,
            extra: Map::new(),
            analysis: Analysis::default(),
            publication: Default::default(),
            aliases: Vec::new(),
            image: None,
            image_url: None,
            url: String::new(),
            body: String::new(),
            body_digest: [0; 2],
            body_left: false,
            body_line: 1,
            rendered: Rendered::default(),
            link_targets: Vec::new(),
            revision: 0,
            rendition: 0,
        }
    }

    /// The summary to show: the front matter's, else the body's first paragraph.
    pub fn summary_text(&self) -> &str {
        self.summary.as_deref().unwrap_or(&self.rendered.first_paragraph)
    }

    /// True for a draft or a brief in review: published only by a build that asks for them, and
    /// then still kept out of feeds and the sitemap, and marked so search engines leave it.
    pub fn unfinished(&self) -> bool {
        use crate::content::analysis::Status;
        self.draft || matches!(self.analysis.status, Some(Status::Draft | Status::Review))
    }

    /// True for analytical briefs (not standalone pages).
    pub fn is_brief(&self) -> bool {
        self.kind == Kind::Brief
    }
}

/// The language a document at content path `source` is written in, and its translation key:
/// on a site of several languages, a name ending in a declared language's code
/// (`muscat-talks.ar.md`, `index.fa.md`, `about.en.md`) or a path under a folder named after
/// one (`ar/briefs/x.md`) is in that language, and its key is the path without it. A site of
/// one language reads every name as it always has (`notes.fr.md` stays `notes-fr`).
pub fn language_of(source: &str, cfg: &crate::config::SiteConfig) -> (String, String) {
    let default = cfg.languages.first().map_or(cfg.language.as_str(), |l| l.code.as_str());
    let several = cfg.languages.len() > 1;
    let declared = || cfg.languages.iter().filter(move |_| several).map(|l| l.code.as_str());
    if let Some(stem) = source.strip_suffix(".md")
        && let Some((base, code)) = stem.rsplit_once('.')
        && !base.ends_with('/')
        && !base.is_empty()
        && let Some(lang) = declared().find(|l| l.eq_ignore_ascii_case(code))
    {
        return (lang.to_string(), format!("{base}.md"));
    }
    if let Some((folder, rest)) = source.split_once('/')
        && let Some(lang) = declared().find(|l| l.eq_ignore_ascii_case(folder))
    {
        return (lang.to_string(), rest.to_string());
    }
    (default.to_string(), source.to_string())
}

#[cfg(test)]
mod tests {
    use super::language_of;

    #[test]
    fn a_language_is_read_from_the_name_or_the_folder_only_on_a_site_of_several() {
        let text = "title: T\nlanguage: en\nlanguages: {en: {}, ar: {}, pt-BR: {}}\n";
        let (cfg, d) = crate::config::parse(text, std::path::Path::new("site.yaml"));
        assert!(d.is_empty(), "{d:?}");
        let of = |s: &str| language_of(s, &cfg);
        let pair = |l: &str, k: &str| (l.to_string(), k.to_string());
        assert_eq!(of("briefs/muscat.ar.md"), pair("ar", "briefs/muscat.md"));
        assert_eq!(of("briefs/muscat.en.md"), pair("en", "briefs/muscat.md"));
        assert_eq!(of("briefs/muscat.md"), pair("en", "briefs/muscat.md"));
        assert_eq!(of("ar/briefs/x.md"), pair("ar", "briefs/x.md"));
        assert_eq!(of("briefs/a.pt-br.md"), pair("pt-BR", "briefs/a.md"));
        assert_eq!(of("briefs/v1.2.md"), pair("en", "briefs/v1.2.md"));
        assert_eq!(of("briefs/.ar.md"), pair("en", "briefs/.ar.md"));
        let (one, _) = crate::config::parse("title: T\nlanguage: en\n", std::path::Path::new("site.yaml"));
        assert_eq!(language_of("notes.fr.md", &one), pair("en", "notes.fr.md"));
        assert_eq!(language_of("en/x.md", &one), pair("en", "en/x.md"));
    }
}
