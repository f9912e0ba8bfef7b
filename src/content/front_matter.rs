//! Splitting a document into front matter and body, and turning the front matter into a
//! validated `Document`. Pure: text in, `Document` and diagnostics out.

use std::borrow::Cow;
use std::path::Path;

use jiff::tz::TimeZone;

use crate::config::SiteConfig;
use crate::content::document::{Document, Kind};
use crate::content::fences::{Split, normalise, split};
use crate::content::{analysis, events, lifecycle, publication};
use crate::dates::{self, BriefDate};
use crate::diagnostics::Diagnostic;
use crate::fields::Fields;
use crate::markdown::Rendered;
use crate::slug::{self, slugify_whole};
use crate::yaml;

/// Front matter keys dossier knows; anything else is warned about.
pub const KNOWN_KEYS: &[&str] = &[
    "title",
    "date",
    "region",
    "actors",
    "tags",
    "summary",
    "draft",
    "updated",
    "authors",
    "slug",
    "extra",
    "kind",
    "aliases",
    "image",
    "published",
    "publish_date",
    // The analytic fields (`analysis::KEYS`).
    "bluf",
    "key_judgments",
    "confidence",
    "sources",
    "status",
    "supersedes",
    // The events covered (`events::KEYS`) and the lifecycle fields (`lifecycle::KEYS`).
    "events",
    "revisit_by",
    "revisions",
    // The publication fields (`publication::KEYS`).
    "tlp",
    "expires",
    "retraction",
];

/// Front matter keys of Hugo and Jekyll read as dossier's, so an archive builds as it is
/// (site.yaml's `key_aliases` adds to these or turns one off). Matched in any case.
pub const KEY_ALIASES: &[(&str, &str)] = &[
    ("lastmod", "updated"),
    ("description", "summary"),
    ("author", "authors"),
    ("categories", "tags"),
    ("publishdate", "date"),
    ("expirydate", "expires"),
    ("excerpt", "summary"),
    ("images", "image"),
];

/// Parse a whole document. `source` is the path relative to `content/`, `file` the path shown in
/// diagnostics. Returns the brief when it is usable, and every problem found.
pub fn parse(source: &str, file: &Path, raw: &str, cfg: &SiteConfig) -> (Option<Document>, Vec<Diagnostic>) {
    let (found, diags) = parse_fields(source, file, raw, cfg);
    (with_body(found, |start| raw[start..].to_string()), diags)
}

/// `parse`, keeping `raw`'s buffer as the body: the file's bytes are moved, not copied, so a
/// build holds each file once instead of allocating it a second time for its body.
pub fn parse_owned(
    source: &str,
    file: &Path,
    mut raw: String,
    cfg: &SiteConfig,
) -> (Option<Document>, Vec<Diagnostic>) {
    let (found, diags) = parse_fields(source, file, &raw, cfg);
    let from_raw = move |start| {
        raw.drain(..start);
        raw
    };
    (with_body(found, from_raw), diags)
}

/// The brief `parse_fields` found, with its body put in: `from_raw(start)` gives the raw
/// text from byte `start` on, where the body lies unless its line endings were rewritten.
fn with_body(found: Option<(Document, Body)>, from_raw: impl FnOnce(usize) -> String) -> Option<Document> {
    found.map(|(mut b, body)| {
        b.body = match body {
            Body::At(start) => from_raw(start),
            Body::Normalised(s) => s,
        };
        b.body_digest = crate::markdown::replay::digest(&b.body);
        b
    })
}

/// Where a parsed document's body is.
enum Body {
    /// In the raw text, from this byte on.
    At(usize),
    /// Line endings had to be rewritten, so the body is a new string.
    Normalised(String),
}

/// Everything of `parse` but the body, which is left empty and located instead.
fn parse_fields(source: &str, file: &Path, raw: &str, cfg: &SiteConfig) -> (Option<(Document, Body)>, Vec<Diagnostic>) {
    let text = normalise(raw);
    let (parts, f) = match open(&text, file) {
        Ok(opened) => opened,
        Err(d) => return (None, vec![d]),
    };
    let (found, diags) = Reader { f, file, diags: Vec::new(), usable: true }.read(source, parts.yaml, cfg);
    let Some(found) = found else {
        return (None, diags);
    };
    let (lang, key) = crate::content::document::language_of(source, cfg);
    let mut brief = found.into_brief(&key, file, raw, parts.body_line);
    brief.source = source.to_string();
    brief.lang = lang;
    brief.translation_key = key;
    // The body is a slice of `raw` unless the line endings were rewritten.
    let body = match &text {
        Cow::Borrowed(_) => Body::At(parts.body.as_ptr() as usize - raw.as_ptr() as usize),
        Cow::Owned(_) => Body::Normalised(parts.body.to_string()),
    };
    (Some((brief, body)), diags)
}

/// `text` split at its fences, with its front matter parsed and ready to be read key by key; or
/// the one error that stops the front matter being read at all.
fn open<'a>(text: &'a str, file: &Path) -> Result<(Split<'a>, Fields<'a>), Diagnostic> {
    let parts = split(text).map_err(|d| {
        let d = d.at(file);
        if d.line.is_some() { d.span_in(text, 1, 1) } else { d }
    })?;
    let map = yaml::parse_map(parts.yaml).map_err(|e| {
        // The hint fits the problem: a key written twice needs one of them gone, not quotes.
        let hint = if e.message.contains("appears twice") {
            "a key may be written once: keep the value that is meant and delete the other line"
        } else {
            "front matter is YAML: `key: value` lines; quote values that contain `: ` or start with `[`, `{`, `*`, `&`, `!` or `@`"
        };
        Diagnostic::error(format!("invalid front matter: {}", e.message))
            .at(file)
            .span_in(text, e.line + parts.yaml_after, e.column)
            .hint(hint)
    })?;
    let f = Fields::new(map, text, parts.yaml, parts.yaml_after, file);
    Ok((parts, f))
}

/// The front matter's values, read and checked: a brief but for its body and where it lies.
struct Found {
    kind: Kind,
    title: String,
    date: Option<BriefDate>,
    updated: Option<BriefDate>,
    terms: Terms,
    authors: Vec<String>,
    summary: Option<String>,
    draft: bool,
    extra: serde_json::Map<String, serde_json::Value>,
    analysis: analysis::Analysis,
    publication: publication::Publication,
    slug: Option<String>,
    aliases: Vec<String>,
    image: Option<crate::content::image::SocialImage>,
}

/// A document's names under `region`, `actors` and `tags`, and where each is written.
struct Terms {
    regions: Vec<String>,
    actors: Vec<String>,
    tags: Vec<String>,
    /// As `Document::term_places`.
    places: Vec<(u32, u32)>,
}

impl Found {
    /// The brief, its body empty: `source` gives its URL (a term's page for a description),
    /// `raw` its revision.
    fn into_brief(self, source: &str, file: &Path, raw: &str, body_line: usize) -> Document {
        let url = match describes(source) {
            Some((tax, slug)) => format!("{tax}/{slug}/"),
            None => url_for(source, self.slug.as_deref()),
        };
        Document {
            kind: self.kind,
            source: source.to_string(),
            file: file.to_path_buf(),
            lang: String::new(),
            translation_key: source.to_string(),
            title: self.title,
            date: self.date,
            updated: self.updated,
            regions: self.terms.regions,
            actors: self.terms.actors,
            tags: self.terms.tags,
            term_places: self.terms.places,
            authors: self.authors,
            summary: self.summary,
            draft: self.draft,
            extra: self.extra,
            analysis: self.analysis,
            publication: self.publication,
            aliases: self.aliases,
            image: self.image,
            image_url: None,
            url,
            body: String::new(),
            body_digest: [0; 2],
            body_left: false,
            body_line,
            rendered: Rendered::default(),
            link_targets: Vec::new(),
            revision: crate::hashing::bytes(raw.as_bytes()),
            rendition: 0,
        }
    }
}

/// One document's front matter being read: the keys not taken yet, the problems found so far,
/// and whether a brief can still be made of it. Every key is read even after a problem, so that
/// one pass reports them all.
struct Reader<'a> {
    f: Fields<'a>,
    file: &'a Path,
    diags: Vec<Diagnostic>,
    usable: bool,
}

impl Reader<'_> {
    /// Read every key, in a fixed order so the problems always come out in the same order: the
    /// values' problems, then the keys of the wrong type (and the analytic fields' problems),
    /// then the unknown keys. `yaml` is the front matter's text, `source` the path in content/.
    fn read(mut self, source: &str, yaml: &str, cfg: &SiteConfig) -> (Option<Found>, Vec<Diagnostic>) {
        // Hugo's `publishDate` beside a `date` is when the post goes out, not its date.
        if self.f.has("date") {
            self.f.rename("publishdate", "publish_date");
        }
        for &(from, to) in KEY_ALIASES {
            if !cfg.key_aliases.contains_key(from) {
                self.f.rename(from, to);
            }
        }
        for (from, to) in &cfg.key_aliases {
            if !to.is_empty() {
                self.f.rename(from, to);
            }
        }
        let is_description = describes(&crate::content::document::language_of(source, cfg).1).is_some();
        let kind = self.kind(is_description);
        let is_brief = kind == Kind::Brief;
        let title = self.title(is_description);
        self.usable &= title.is_some();
        let tz = cfg.tz();
        // Jekyll dates a post by its file name (`2015-01-02-talks.md`) when it says nothing.
        let named = date_in_file_name(source, &tz).filter(|_| !self.f.has("date"));
        let date = self.date("date", is_brief && named.is_none(), &tz).or(named);
        self.usable &= date.is_some() || !is_brief;
        let mut updated = self.date("updated", false, &tz);
        let terms = self.terms(yaml, is_brief, cfg.max_terms_per_brief);
        let f = &mut self.f;
        let authors = f.take_list("authors").unwrap_or_default();
        let summary = f.take_text("summary", "a string").map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
        let draft_line = f.line_of("draft");
        // Jekyll's `published: false` keeps a post out, as a draft.
        let unpublished = f.take::<bool>("published", "true or false") == Some(false);
        let draft = f.take::<bool>("draft", "true or false").unwrap_or(false) || unpublished;
        let extra = f.take("extra", "a map").unwrap_or_default();
        let mut analysis = analysis::take(f, &tz);
        let scope = events::Scope { regions: &terms.regions, actors: &terms.actors, aliases: &cfg.aliases };
        analysis.events = events::take(f, &tz, &scope);
        analysis.lifecycle = lifecycle::take(f, &tz, date.as_ref());
        // The latest revision is the brief's last substantive update.
        if let Some(r) = analysis.lifecycle.last_revised()
            && updated.as_ref().is_none_or(|u| u.instant < r.instant)
        {
            updated = Some(r.clone());
        }
        // A retraction written but unusable is reported where it is read, not again as missing.
        let retraction_written = f.has("retraction");
        let publication = publication::take(f, &tz);
        let draft = self.one_status(draft, draft_line, &mut analysis, &publication, retraction_written);
        let slug = self.slug(source);
        let aliases = self.aliases();
        let image = crate::content::image::take(&mut self.f);
        let mut diags = self.diags;
        diags.extend(self.f.finish(KNOWN_KEYS));
        let usable = self.usable && !diags.iter().any(Diagnostic::is_error);
        let Some(title) = title.filter(|_| usable) else {
            return (None, diags);
        };
        let found = Found {
            kind,
            title,
            date,
            updated,
            terms,
            authors,
            summary,
            draft,
            extra,
            analysis,
            publication,
            slug,
            aliases,
            image,
        };
        (Some(found), diags)
    }

    /// `draft: true` is the older way to write `status: draft`: the two are one status, and
    /// a document that says both otherwise is an error. A retracted brief says why, and only a
    /// retracted one has a retraction. Returns whether the document is a draft.
    fn one_status(
        &mut self,
        draft: bool,
        draft_line: Option<usize>,
        analysis: &mut analysis::Analysis,
        publication: &publication::Publication,
        retraction_written: bool,
    ) -> bool {
        use analysis::Status;
        match (draft, analysis.status) {
            (true, None) => analysis.status = Some(Status::Draft),
            (true, Some(s)) if s != Status::Draft => {
                let mut d = Diagnostic::error(format!("`draft: true` contradicts `status: {}`", s.key()))
                    .at(self.file)
                    .hint("a draft is `status: draft`; remove `draft: true` or the status");
                if let Some(line) = draft_line {
                    d = d.line_col(line, 1);
                }
                self.diags.push(d);
            }
            _ => {}
        }
        let retracted = analysis.status == Some(Status::Retracted);
        match (retracted, publication.retraction.is_some()) {
            (true, false) if !retraction_written => self.diags.push(
                self.f
                    .error_at("status", "a retracted brief needs a `retraction` saying when and why")
                    .hint("add `retraction: {date: 2026-03-01, reason: \"The source withdrew its report.\"}`"),
            ),
            (false, true) => self.diags.push(
                self.f
                    .error_at("retraction", "`retraction` is given but the status is not `retracted`")
                    .hint("add `status: retracted`, or remove the retraction"),
            ),
            _ => {}
        }
        analysis.status == Some(Status::Draft)
    }

    /// `kind`: a brief unless it says `page`; a file describing a term is a description
    /// whatever it says.
    fn kind(&mut self, is_description: bool) -> Kind {
        match self.f.take::<String>("kind", "\"brief\" or \"page\"").as_deref() {
            _ if is_description => Kind::Description,
            None | Some("brief") => Kind::Brief,
            Some("page") => Kind::Page,
            Some(other) => {
                self.diags.push(
                    self.f
                        .error_at("kind", format!("unknown kind \"{other}\""))
                        .hint("`kind` is `brief` (the default) or `page`"),
                );
                self.usable = false;
                Kind::Brief
            }
        }
    }

    /// `title`, trimmed: required and not blank, except that a term's description may leave
    /// its title to the term's name (an empty title).
    fn title(&mut self, is_description: bool) -> Option<String> {
        // Asked before taking it: a title of the wrong type is reported as such, not as missing.
        let written = self.f.has("title");
        match self.f.take_text("title", "a string") {
            None if is_description => Some(String::new()),
            Some(t) if !t.trim().is_empty() => Some(t.trim().to_string()),
            Some(_) => {
                self.diags.push(
                    self.f
                        .error_at("title", "the title is empty")
                        .hint("give the brief a title: `title: \"Talks resume in Muscat\"`"),
                );
                None
            }
            None => {
                if !written {
                    self.diags.push(missing(self.file, "title", "title: \"Talks resume in Muscat\""));
                }
                None
            }
        }
    }

    /// The date at `key`, a date without a time taken in `tz`. When `required`, a missing or
    /// empty one is an error.
    fn date(&mut self, key: &str, required: bool, tz: &TimeZone) -> Option<BriefDate> {
        let present = self.f.has(key);
        match self.f.take_date(key, tz) {
            Some(Ok(d)) => Some(d),
            Some(Err(d)) => {
                self.diags.push(d);
                None
            }
            None => {
                if required && !present {
                    self.diags.push(missing(self.file, key, "date: 2026-02-07"));
                } else if required {
                    self.diags.push(
                        self.f
                            .error_at(key, format!("`{key}` is empty"))
                            .hint("write dates as YYYY-MM-DD (2026-02-07)"),
                    );
                }
                None
            }
        }
    }

    /// `region`, `actors` and `tags` (see `take_terms`), and where each name is written in
    /// `yaml`, the front matter. A brief must name a region.
    fn terms(&mut self, yaml: &str, is_brief: bool, max: usize) -> Terms {
        let mut regions = take_terms(&mut self.f, "region", max, &mut self.diags);
        if is_brief && regions.is_empty() {
            if self.f.line_of("region").is_some() {
                self.diags.push(
                    self.f.error_at("region", "`region` is empty").hint("name at least one region: `region: Gulf`"),
                );
            } else if !self.diags.iter().any(|d| d.message.contains("`region`")) {
                self.diags.push(missing(self.file, "region", "region: Gulf   (or a list: region: [Gulf, Levant])"));
            }
            self.usable = false;
        }
        regions.dedup();
        let actors = take_terms(&mut self.f, "actors", max, &mut self.diags);
        let tags = take_terms(&mut self.f, "tags", max, &mut self.diags);
        let places = [("region", &regions), ("actors", &actors), ("tags", &tags)]
            .into_iter()
            .filter(|(_, names)| !names.is_empty())
            .flat_map(|(key, names)| yaml::item_positions(yaml, key, names))
            // The front matter starts on the file's second line.
            .map(|p| p.map_or((0, 0), |(line, col)| (line as u32 + 1, col as u32)))
            .collect();
        Terms { regions, actors, tags, places }
    }

    /// `slug`: the URL segment replacing the file's name, refused unless it is already a slug.
    fn slug(&mut self, source: &str) -> Option<String> {
        let Some(s) = self.f.take_text("slug", "a string") else {
            self.file_name_slug(source);
            return None;
        };
        let s = s.trim().to_string();
        let clean = slugify_whole(&s);
        if clean.len() > slug::MAX_LEN && clean == s {
            let cut = slug::cut_at_word(&clean);
            self.diags.push(too_long(self.f.error_at("slug", ""), "`slug`", &clean, &cut));
            return Some(cut);
        }
        // A slug that names a path (`../escape`, `a/b`) is refused outright: never made usable.
        if clean.is_empty() || s.contains(['/', '\\']) || s.contains("..") {
            let hint = if clean.is_empty() {
                "a slug uses letters, digits and `-`".to_string()
            } else {
                format!("write `slug: {clean}`")
            };
            self.diags.push(self.f.error_at("slug", format!("`slug` \"{s}\" is not a valid URL segment")).hint(hint));
            self.usable = false;
            None
        } else if clean != s {
            // As other generators do, the slug is made usable rather than refused.
            let cut = slug::cut_at_word(&clean);
            let d = self.f.warning_at("slug", format!("`slug` \"{s}\" is not a URL segment; the URL uses `{cut}`"));
            self.diags.push(d.hint(format!("write `slug: {cut}`")));
            Some(cut)
        } else {
            Some(clean)
        }
    }
}

impl Reader<'_> {
    /// `aliases`: the site paths a brief was once published at (Hugo's redirects). Each
    /// becomes a page that sends the reader on to the brief; a path that is not a path of this
    /// site (a full URL, `..`) is an error.
    fn aliases(&mut self) -> Vec<String> {
        let Some(list) = self.f.take_list("aliases") else { return Vec::new() };
        let mut out = Vec::new();
        for a in list {
            let path = a.trim().trim_start_matches('/');
            let path = if path.is_empty() || path.ends_with('/') || path.ends_with(".html") || path.ends_with(".htm") {
                path.to_string()
            } else {
                format!("{path}/")
            };
            let file = if path.is_empty() || path.ends_with('/') { format!("{path}index.html") } else { path.clone() };
            let safe = !a.contains("://") && file.split('/').all(|s| !s.is_empty() && s != "." && s != "..");
            if safe && !file.contains(['\\', '\0', '?', '#']) {
                out.push(path);
            } else {
                self.diags.push(self.f.error_at("aliases", format!("alias \"{a}\" is not a path of this site")).hint(
                    "write the path the brief had before, from the site's root: `aliases: [/2015/01/02/talks.html]`",
                ));
            }
        }
        out
    }

    /// A file name whose slug is longer than `slug::MAX_LEN` is cut at a word, as a `slug` in
    /// the front matter is, and said so.
    fn file_name_slug(&mut self, source: &str) {
        let stem = source.rsplit('/').next().unwrap_or(source).trim_end_matches(".md");
        let whole = slugify_whole(stem);
        if whole.len() > slug::MAX_LEN {
            let cut = slug::cut_at_word(&whole);
            let at = Diagnostic::warning("").at(self.file).line_col(1, 1);
            self.diags.push(too_long(at, "the file name", &whole, &cut));
        }
    }
}

/// The warning that a slug of `what` is longer than `slug::MAX_LEN` and was cut to `cut`.
fn too_long(at: Diagnostic, what: &str, whole: &str, cut: &str) -> Diagnostic {
    let mut d = at;
    d.severity = crate::diagnostics::Severity::Warning;
    d.message =
        format!("{what} makes a slug of {} characters; the URL uses the first {}: `{cut}`", whole.len(), cut.len());
    d.hint(format!("give the brief a shorter `slug:` (at most {} characters)", slug::MAX_LEN))
}

/// The date at the start of a Jekyll post's file name (`2015-01-02-talks.md`), at midnight in
/// the site's time zone.
fn date_in_file_name(source: &str, tz: &TimeZone) -> Option<BriefDate> {
    let name = source.rsplit('/').next()?;
    let head = name.get(..11)?;
    (head.as_bytes()[10] == b'-').then_some(())?;
    dates::parse(&head[..10], tz).ok()
}

fn missing(file: &Path, key: &str, example: &str) -> Diagnostic {
    Diagnostic::error(format!("missing required field `{key}`"))
        .at(file)
        .line_col(2, 1)
        .hint(format!("add it to the front matter: `{example}`"))
}

/// A term list: trimmed, without empty names or repeats, at most `max` names (the site's
/// `max_terms_per_brief`). Each name is a page, a feed and an entry in every list of its
/// taxonomy, so a brief pasted with 100,000 tags would otherwise write 300,000 files.
fn take_terms(f: &mut Fields, key: &str, max: usize, diags: &mut Vec<Diagnostic>) -> Vec<String> {
    let list = f.take_list(key).unwrap_or_default();
    let mut out: Vec<String> = Vec::with_capacity(list.len().min(max));
    let mut seen = std::collections::HashSet::new();
    let mut empty = false;
    let mut dropped = 0usize;
    for name in list {
        let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
        // One name, one spelling: `Côte` typed with a composed ô and pasted with o and a
        // combining accent look the same everywhere, so they are made the same (NFC) here.
        let name = match unicode_normalization::is_nfc_quick(name.chars()) {
            unicode_normalization::IsNormalized::Yes => name,
            _ => unicode_normalization::UnicodeNormalization::nfc(name.as_str()).collect(),
        };
        if name.is_empty() {
            empty = true;
        } else if seen.insert(name.clone()) {
            if out.len() < max {
                out.push(name);
            } else {
                dropped += 1;
            }
        }
    }
    if empty {
        diags.push(f.error_at(key, format!("`{key}` contains an empty name")).hint("remove the empty entry"));
    }
    if dropped > 0 {
        let message = format!("`{key}` lists {} names; only the first {max} are used", max + dropped);
        diags.push(f.warning_at(key, message).hint(
            "each name gets its own page and feed: keep the names that say what the brief is about, \
             or raise `max_terms_per_brief` in site.yaml",
        ));
    }
    out
}

/// For `actors/iran.md`, `regions/gulf.md` or `tags/x.md`: the taxonomy folder and term slug
/// the file describes.
pub fn describes(source: &str) -> Option<(&'static str, String)> {
    let (folder, file) = source.split_once('/')?;
    let stem = file.strip_suffix(".md").filter(|s| !s.contains('/'))?;
    let tax = ["actors", "regions", "tags"].into_iter().find(|t| *t == folder)?;
    Some((tax, crate::slug::slugify_or_hash(stem)))
}

/// The output URL (relative to the site root, ending in `/`) for a content path: folder names are
/// slugified, the file stem (or the `slug` override) is the last segment, `index.md` stands for its
/// folder.
pub fn url_for(source: &str, slug: Option<&str>) -> String {
    let mut segments: Vec<String> = source.split('/').map(str::to_string).collect();
    let file = segments.pop().unwrap_or_default();
    let stem = file.strip_suffix(".md").unwrap_or(&file);
    let mut url = String::new();
    for s in &segments {
        let seg = crate::slug::slugify_or_hash(s);
        url.push_str(&seg);
        url.push('/');
    }
    let last = match slug {
        Some(s) => s.to_string(),
        None if stem == "index" || stem == "_index" => return url,
        None => crate::slug::slugify_or_hash(stem),
    };
    url.push_str(&last);
    url.push('/');
    url
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_analysis_key_is_known() {
        let keys = [super::analysis::KEYS, super::events::KEYS, super::lifecycle::KEYS];
        for k in keys.concat() {
            assert!(super::KNOWN_KEYS.contains(&k), "{k}");
        }
    }

    use super::*;

    fn parse_str(text: &str) -> (Option<Document>, Vec<Diagnostic>) {
        parse("briefs/a.md", Path::new("content/briefs/a.md"), text, &SiteConfig::default())
    }

    #[test]
    fn a_moved_buffer_gives_the_same_brief_as_a_borrowed_one() {
        let front = "---\ntitle: A\ndate: 2026-01-02\nregion: Gulf\n---\n";
        for text in [
            format!("{front}Body *one*.\n\nTwo.\n"),
            format!("\u{feff}{front}Body after a byte-order mark.\n"),
            format!("{front}Windows\r\nline endings.\r\n").replace('\n', "\r\n").replace("\r\r", "\r"),
            front.to_string(),
        ] {
            let (borrowed, d1) = parse_str(&text);
            let (moved, d2) =
                parse_owned("briefs/a.md", Path::new("content/briefs/a.md"), text.clone(), &SiteConfig::default());
            let (borrowed, moved) = (borrowed.expect("a valid brief"), moved.expect("a valid brief"));
            assert!(!borrowed.body.contains('\r') && !borrowed.body.starts_with("---"), "{:?}", borrowed.body);
            assert_eq!(moved.body, borrowed.body, "{text:?}");
            assert_eq!(
                (moved.body_line, moved.revision, &moved.title),
                (borrowed.body_line, borrowed.revision, &borrowed.title)
            );
            assert_eq!(d1.len(), d2.len());
        }
        let (bad, d) =
            parse_owned("briefs/a.md", Path::new("content/briefs/a.md"), "no fence".into(), &SiteConfig::default());
        assert!(bad.is_none() && d[0].message.contains("no front matter"), "{d:?}");
    }

    const OK: &str = "---\ntitle: Talks\ndate: 2026-02-07\nregion: Gulf\nactors: [Iran, Oman]\n---\nBody\n";

    #[test]
    fn a_minimal_brief_parses() {
        let (b, d) = parse_str(OK);
        assert!(d.is_empty(), "{d:?}");
        let b = b.unwrap();
        assert_eq!(b.title, "Talks");
        assert_eq!(b.regions, ["Gulf"]);
        assert_eq!(b.actors, ["Iran", "Oman"]);
        assert_eq!(b.body, "Body\n");
        assert_eq!(b.body_line, 7);
        assert_eq!(b.url, "briefs/a/");
    }

    #[test]
    fn blank_lines_before_the_front_matter_are_tolerated_and_lines_still_count_from_the_top() {
        let (b, d) = parse_str(&format!("\n  \n{OK}"));
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(b.expect("a brief").body_line, 9);
        let (_, d) = parse_str("\n\n---\ntitle: T\ndate: 2026-02-30\nregion: Gulf\n---\n");
        assert_eq!(
            (d[0].line, d[0].message.as_str()),
            (Some(5), "invalid `date`: \"2026-02-30\" is not a real date: February 2026 has 28 days")
        );
    }

    #[test]
    fn numbers_are_read_as_text_where_text_is_expected_and_long_slugs_are_cut_with_a_warning() {
        let (b, d) = parse_str("---\ntitle: 2024\ndate: 2026-02-07\nregion: Gulf\nslug: 124062\n---\n");
        assert!(d.is_empty(), "{d:?}");
        let b = b.expect("a brief");
        assert_eq!((b.title.as_str(), b.url.as_str()), ("2024", "briefs/124062/"));
        let long = "a-word-".repeat(30) + "end";
        let (b, d) = parse_str(&format!("---\ntitle: T\ndate: 2026-02-07\nregion: Gulf\nslug: {long}\n---\n"));
        let cut = crate::slug::cut_at_word(&long);
        assert_eq!(b.expect("a brief").url, format!("briefs/{cut}/"));
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(!d[0].is_error() && d[0].line == Some(5), "{d:?}");
        assert_eq!(
            d[0].message,
            format!("`slug` makes a slug of 213 characters; the URL uses the first {}: `{cut}`", cut.len())
        );
        // The same rule for a file name.
        let source = format!("briefs/{long}.md");
        let (b, d) = parse(
            &source,
            Path::new("content/x.md"),
            "---\ntitle: T\ndate: 2026-02-07\nregion: Gulf\n---\n",
            &SiteConfig::default(),
        );
        assert_eq!(b.expect("a brief").url, format!("briefs/{cut}/"));
        assert_eq!(
            d[0].message,
            format!("the file name makes a slug of 213 characters; the URL uses the first {}: `{cut}`", cut.len())
        );
    }

    #[test]
    fn a_title_of_the_wrong_type_is_one_error_and_not_missing() {
        let (b, d) = parse_str("---\ntitle: [Talks]\ndate: 2026-01-02\nregion: Gulf\n---\nBody.\n");
        assert!(b.is_none());
        let messages: Vec<&str> = d.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(messages, ["`title` must be a string, found a list"], "{d:?}");
    }

    #[test]
    fn bom_and_crlf_are_accepted() {
        let text = format!("\u{feff}{}", OK.replace('\n', "\r\n"));
        let (b, d) = parse_str(&text);
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(b.unwrap().title, "Talks");
    }

    #[test]
    fn every_term_knows_where_it_is_written() {
        let text = "---\ntitle: T\ndate: 2026-01-01\nregion: [Gulf, Levant]\nactors:\n  - Hezbollah\n  - Iran\ntags: sanctions\n---\n";
        let (b, d) = parse_str(text);
        assert!(d.is_empty(), "{d:?}");
        // Regions, then actors, then tags: file lines and columns.
        assert_eq!(b.unwrap().term_places, [(4, 10), (4, 16), (6, 5), (7, 5), (8, 7)]);
    }

    #[test]
    fn a_brief_with_100_000_tags_keeps_the_first_thousand_and_says_so() {
        let tags: Vec<String> = (0..100_000).map(|i| format!("t{i}")).collect();
        let text = format!("---\ntitle: T\ndate: 2026-01-01\nregion: Gulf\ntags: [{}]\n---\n", tags.join(", "));
        let (b, d) = parse_str(&text);
        let b = b.unwrap();
        assert_eq!(b.tags.len(), 1000);
        assert_eq!(b.tags[0], "t0");
        let w: Vec<_> = d.iter().filter(|d| !d.is_error()).collect();
        assert_eq!(w.len(), 1, "{d:?}");
        assert!(w[0].message.contains("lists 100000 names; only the first 1000 are used"), "{}", w[0].message);
        assert_eq!(w[0].line, Some(5));
    }

    #[test]
    fn names_written_with_decomposed_accents_are_the_same_names() {
        let text = "---\ntitle: T\ndate: 2026-01-01\nregion: [\"Co\u{302}te d'Ivoire\", \"C\u{f4}te d'Ivoire\"]\n---\n";
        let (b, d) = parse_str(text);
        assert_eq!(b.unwrap().regions, ["C\u{f4}te d'Ivoire"], "{d:?}");
    }

    #[test]
    fn region_as_list() {
        let (b, _) = parse_str("---\ntitle: T\ndate: 2026-01-01\nregion: [Gulf, Levant]\n---\n");
        assert_eq!(b.unwrap().regions, ["Gulf", "Levant"]);
    }

    #[test]
    fn missing_fields_are_all_reported() {
        let (b, d) = parse_str("---\nactors: []\n---\n");
        assert!(b.is_none());
        let msgs: Vec<_> = d.iter().map(|d| d.message.as_str()).collect();
        for key in ["title", "date", "region"] {
            assert!(msgs.iter().any(|m| m.contains(&format!("`{key}`"))), "{key}: {msgs:?}");
        }
    }

    #[test]
    fn impossible_date_points_at_its_line() {
        let (b, d) = parse_str("---\ntitle: T\ndate: 2026-02-30\nregion: Gulf\n---\n");
        assert!(b.is_none());
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!((d[0].line, d[0].column), (Some(3), Some(7)));
        assert!(d[0].message.contains("February 2026 has 28 days"));
    }

    #[test]
    fn wrong_type_names_expected_and_found() {
        let (_, d) = parse_str("---\ntitle: T\ndate: 2026-02-01\nregion: Gulf\ndraft: sometimes\n---\n");
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(d[0].message.contains("`draft` must be true or false"), "{}", d[0].message);
        assert_eq!(d[0].line, Some(5));
    }

    #[test]
    fn unknown_key_is_a_warning_with_suggestion() {
        let (b, d) = parse_str("---\ntitle: T\ndate: 2026-02-01\nregion: Gulf\nregoin: x\n---\n");
        assert!(b.is_some());
        assert_eq!(d.len(), 1);
        assert!(!d[0].is_error());
        assert_eq!(d[0].hint.as_deref(), Some("did you mean `region`?"));
        assert_eq!(d[0].line, Some(5));
    }

    #[test]
    fn yaml_syntax_error_line_is_a_file_line() {
        let (_, d) = parse_str("---\ntitle: T\ndate: [2026\nregion: Gulf\n---\n");
        assert_eq!(d.len(), 1);
        assert!(d[0].line.unwrap() >= 3, "{d:?}");
    }

    #[test]
    fn pages_need_only_a_title() {
        let (b, d) = parse_str("---\nkind: page\ntitle: About\n---\nHi\n");
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(b.unwrap().kind, Kind::Page);
    }

    #[test]
    fn no_or_unterminated_front_matter() {
        assert!(parse_str("just text").1[0].message.contains("no front matter"));
        assert!(parse_str("").1[0].message.contains("empty"));
        assert!(parse_str("---\ntitle: x\n").1[0].message.contains("never closed"));
    }

    #[test]
    fn urls_follow_folders_slugs_and_index_files() {
        assert_eq!(url_for("briefs/Sahel Notes/x.md", None), "briefs/sahel-notes/x/");
        assert_eq!(url_for("briefs/x.md", Some("custom")), "briefs/custom/");
        assert_eq!(url_for("about.md", None), "about/");
        assert_eq!(url_for("briefs/bundle/index.md", None), "briefs/bundle/");
    }

    #[test]
    fn a_slug_that_is_no_url_segment_is_made_one_with_a_warning_but_a_path_is_refused() {
        let (b, d) = parse_str("---\ntitle: T\ndate: 2026-02-01\nregion: Gulf\nslug: ../../etc\n---\n");
        assert!(b.is_none() && d[0].is_error() && d[0].message.contains("not a valid URL segment"), "{d:?}");
        let (b, d) = parse_str("---\ntitle: T\ndate: 2026-02-01\nregion: Gulf\nslug: \"Talks & tea\"\n---\n");
        assert_eq!(b.expect("a brief").url, "briefs/talks-tea/");
        assert_eq!(d.len(), 1);
        assert!(
            !d[0].is_error() && d[0].message == "`slug` \"Talks & tea\" is not a URL segment; the URL uses `talks-tea`"
        );
        let (b, d) = parse_str("---\ntitle: T\ndate: 2026-02-01\nregion: Gulf\nslug: \"%%\"\n---\n");
        assert!(b.is_none() && d[0].message.contains("not a valid URL segment"), "nothing usable is an error");
    }
}
