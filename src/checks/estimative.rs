//! Estimative language (ICD 203): the wording lints `dossier check` runs over each brief's
//! prose, meaning its body, its `bluf` and the texts of its key judgments.
//!
//! - A hedge that is not on the likelihood scale (`possibly`, `perhaps`, `might`, `in all
//!   likelihood`, `highly likely`…, the list in `PHRASES`) is warned about, with the scale term to
//!   write instead when there is an obvious one.
//! - ICD 203 gives two word sets for one scale (`likely` or `probable`); a brief keeps to one.
//!   The set it uses most (its `likelihood` fields count too; the first set on a tie) is its set,
//!   and every term of the other set is warned about, with its equivalent.
//! - A likelihood term and a confidence level in one sentence ("we assess with high confidence
//!   that X is likely") are warned about: ICD 203 keeps the two apart, so that neither is read as
//!   the other.
//!
//! Words in code (spans and blocks), raw HTML, block quotations and text between double quotes
//! are not read: quoting someone is not our estimate. A line is silenced by the comment
//! `<!-- dossier: allow estimative -->` (in the front matter, `# dossier: allow estimative`) on
//! it or on the line before. Comparatives (`more likely`, `most likely`) are not scale terms.

use std::collections::HashMap;
use std::sync::LazyLock;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::Files;
use crate::content::Document;
use crate::content::judgments::{Judgment, Likelihood, WordSet};
use crate::diagnostics::Diagnostic;
use crate::model::site::Site;
use crate::yaml;

/// The comment that silences these lints on its line and the next.
pub const ALLOW: &str = "dossier: allow estimative";

/// What a phrase of prose is, for these lints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A term of the likelihood scale, in one of the two word sets.
    Term(Likelihood, WordSet),
    /// A hedge off the scale, with the term to use instead when one is obvious.
    OffScale(Option<Likelihood>),
    /// A confidence level.
    Confidence,
    /// Words that contain a term without being one (`more likely`): skipped.
    Ignore,
}

/// Every phrase looked for, lower case, a word at a time (hyphens separate words).
/// The longest phrase starting at a word wins.
const PHRASES: &[(&str, Kind)] = {
    use Kind::*;
    use Likelihood::*;
    &[
        // The alternative set's `remote` is an ordinary word in prose ("remote areas"): only
        // these phrases are read as the term there.
        ("remote chance", Term(AlmostNoChance, WordSet::Alternative)),
        ("remote possibility", Term(AlmostNoChance, WordSet::Alternative)),
        ("remote prospect", Term(AlmostNoChance, WordSet::Alternative)),
        ("more likely than not", OffScale(Some(Likely))),
        ("more likely", Ignore),
        ("less likely", Ignore),
        ("most likely", Ignore),
        ("least likely", Ignore),
        ("more unlikely", Ignore),
        ("more probable", Ignore),
        ("less probable", Ignore),
        ("most probable", Ignore),
        ("possibly", OffScale(None)),
        ("perhaps", OffScale(None)),
        ("maybe", OffScale(None)),
        ("might", OffScale(None)),
        ("could well", OffScale(None)),
        ("may well", OffScale(None)),
        ("conceivably", OffScale(None)),
        ("presumably", OffScale(Some(Likely))),
        ("in all likelihood", OffScale(Some(VeryLikely))),
        ("in all probability", OffScale(Some(VeryLikely))),
        ("chances are", OffScale(Some(Likely))),
        ("odds are", OffScale(Some(Likely))),
        ("a good chance", OffScale(Some(Likely))),
        ("a fair chance", OffScale(Some(Likely))),
        ("a strong chance", OffScale(Some(Likely))),
        ("a slim chance", OffScale(Some(VeryUnlikely))),
        ("a real possibility", OffScale(None)),
        ("a distinct possibility", OffScale(None)),
        ("a serious possibility", OffScale(None)),
        ("highly likely", OffScale(Some(VeryLikely))),
        ("highly unlikely", OffScale(Some(VeryUnlikely))),
        ("even chance", OffScale(Some(RoughlyEven))),
        ("fifty fifty", OffScale(Some(RoughlyEven))),
        ("toss up", OffScale(Some(RoughlyEven))),
        ("low confidence", Confidence),
        ("moderate confidence", Confidence),
        ("medium confidence", Confidence),
        ("high confidence", Confidence),
        ("highly confident", Confidence),
        ("moderately confident", Confidence),
    ]
};

/// A phrase as its words, and what it is.
type Phrase = (Vec<&'static str>, Kind);

/// The phrases of `PHRASES` and of the scale (`judgments::TERMS`, but `remote` alone), as
/// words, filed by their first word and longest first, so each word of prose is compared only
/// with the few phrases that start with it.
static BY_FIRST_WORD: LazyLock<HashMap<&'static str, Vec<Phrase>>> = LazyLock::new(|| {
    let terms = crate::content::judgments::TERMS
        .iter()
        .filter(|(t, _, _)| *t != "remote")
        .map(|&(t, l, set)| (t, Kind::Term(l, set)));
    let mut map: HashMap<&'static str, Vec<Phrase>> = HashMap::new();
    for (phrase, kind) in PHRASES.iter().copied().chain(terms) {
        let words: Vec<&'static str> = phrase.split(' ').collect();
        map.entry(words[0]).or_default().push((words, kind));
    }
    for list in map.values_mut() {
        list.sort_by_key(|(words, _)| std::cmp::Reverse(words.len()));
    }
    map
});

/// The longest phrase of `BY_FIRST_WORD` that starts at `words[i]`, within its sentence and
/// outside quotation marks: how many words it spans, and what it is.
fn phrase_at(words: &[Word], i: usize) -> Option<(usize, Kind)> {
    let candidates = BY_FIRST_WORD.get(words[i].text.as_str())?;
    candidates.iter().find_map(|(phrase, kind)| {
        let span = words.get(i..i + phrase.len())?;
        let same = span.iter().all(|w| w.sentence == span[0].sentence && !w.quoted);
        (same && span.iter().zip(phrase).all(|(w, p)| w.text == *p)).then_some((phrase.len(), *kind))
    })
}

/// One word of prose: lower case, where it is written, and its sentence (numbered across the
/// brief).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Word {
    text: String,
    line: usize,
    col: usize,
    sentence: usize,
    quoted: bool,
}

/// A phrase found, with the words it spans.
struct Found {
    kind: Kind,
    written: String,
    line: usize,
    col: usize,
    sentence: usize,
}

/// Every warning of this module for the briefs of `site` (held-back ones too: a draft is where
/// wording is fixed).
pub(super) fn run(site: &Site, files: &mut Files) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for b in site.all_docs().chain(&site.held).filter(|b| b.is_brief()) {
        // Every brief is read, so none is kept after its turn (the other checks, which ran
        // first, read only the few they warn about).
        let text = match files.texts.remove(&b.file) {
            Some(text) => text,
            None => std::fs::read_to_string(files.root.join(&b.file))
                .ok()
                .map(|raw| crate::content::fences::normalise(&raw).into_owned()),
        };
        if let Some(text) = text {
            out.extend(brief(b, &text));
        }
    }
    out
}

/// The warnings for one brief, whose file holds `text`.
fn brief(b: &Document, text: &str) -> Vec<Diagnostic> {
    let Ok(split) = crate::content::fences::split(text) else { return Vec::new() };
    let mut sentence = 0;
    let mut found = Vec::new();
    // The front matter starts on the line after its opening fence.
    let yaml_line = split.yaml_after + 1;
    if let Some(bluf) = &b.analysis.bluf {
        for words in front_words(split.yaml, yaml_line, "bluf", &[bluf], &mut sentence) {
            found.extend(find(&words));
        }
    }
    let texts: Vec<&String> = b.analysis.key_judgments.iter().map(|j| &j.text).collect();
    let mut out = Vec::new();
    for (j, words) in
        b.analysis.key_judgments.iter().zip(front_words(split.yaml, yaml_line, "key_judgments", &texts, &mut sentence))
    {
        let in_text = find(&words);
        out.extend(disagreeing(j, &in_text));
        found.extend(in_text);
    }
    found.extend(find(&body_words(split.body, split.body_line, &mut sentence)));
    let set = brief_set(b, &found);
    for f in &found {
        match f.kind {
            Kind::OffScale(instead) => out.push(off_scale(f, instead, set).line_col(f.line, f.col)),
            Kind::Term(l, s) if s != set => out.push(mixed(&f.written, l, s, set).line_col(f.line, f.col)),
            _ => {}
        }
    }
    for (i, j) in b.analysis.key_judgments.iter().filter(|j| j.likelihood.is_some()).enumerate() {
        if let (Some(l), Some(s)) = (j.likelihood, j.wording)
            && s != set
        {
            let at = vec!["likelihood:".to_string(); i + 1];
            let place = yaml::item_positions(split.yaml, "key_judgments", &at).last().copied().flatten();
            let (line, col) = place.map_or((1, 1), |(l, c)| (l + split.yaml_after, c));
            out.push(mixed(&format!("likelihood: {}", l.label(s).to_lowercase()), l, s, set).line_col(line, col));
        }
    }
    out.extend(mixed_sentences(&found));
    let lines: Vec<&str> = text.lines().collect();
    let allowed = |line: usize| {
        let at = |l: usize| l >= 1 && lines.get(l - 1).is_some_and(|s| s.contains(ALLOW));
        at(line) || at(line.saturating_sub(1))
    };
    out.retain(|d| !allowed(d.line.unwrap_or(0)));
    out.sort_by_key(|d| (d.line, d.column));
    out.into_iter()
        .map(|d| {
            let (line, col) = (d.line.unwrap_or(1), d.column.unwrap_or(1));
            d.at(&b.file).span_in(text, line, col)
        })
        .collect()
}

/// A warning for each scale term in the text of judgment `j` that names another likelihood
/// than its `likelihood` field: the reader would be told two things.
fn disagreeing(j: &Judgment, in_text: &[Found]) -> Vec<Diagnostic> {
    let (Some(field), Some(set)) = (j.likelihood, j.wording) else { return Vec::new() };
    in_text
        .iter()
        .filter_map(|f| match f.kind {
            Kind::Term(l, used) if l != field => Some(
                Diagnostic::warning(format!(
                    "the judgment says \"{}\" ({}), but its `likelihood` is \"{}\" ({})",
                    f.written,
                    l.band_text(),
                    field.label(set).to_lowercase(),
                    field.band_text()
                ))
                .hint(format!(
                    "make them agree: write \"{}\" in the text, or change `likelihood` to \"{}\"",
                    field.label(used).to_lowercase(),
                    l.label(set).to_lowercase()
                ))
                .line_col(f.line, f.col),
            ),
            _ => None,
        })
        .collect()
}

/// The set a brief keeps to: the one most of its terms (prose and `likelihood` fields) come
/// from, the first set on a tie.
fn brief_set(b: &Document, found: &[Found]) -> WordSet {
    let prose = found.iter().filter_map(|f| match f.kind {
        Kind::Term(_, s) => Some(s),
        _ => None,
    });
    let fields = b.analysis.key_judgments.iter().filter_map(|j| j.wording);
    let alternative = prose.chain(fields).map(|s| if s == WordSet::Alternative { 1 } else { -1 }).sum::<i32>();
    if alternative > 0 { WordSet::Alternative } else { WordSet::First }
}

/// Every phrase of interest in `words`, in order.
fn find(words: &[Word]) -> Vec<Found> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < words.len() {
        match phrase_at(words, i) {
            Some((n, kind)) => {
                let w = &words[i];
                let written = words[i..i + n].iter().map(|w| w.text.as_str()).collect::<Vec<_>>().join(" ");
                if kind != Kind::Ignore {
                    out.push(Found { kind, written, line: w.line, col: w.col, sentence: w.sentence });
                }
                i += n;
            }
            None => i += 1,
        }
    }
    out
}

/// The warning for a hedge off the scale.
fn off_scale(f: &Found, instead: Option<Likelihood>, set: WordSet) -> Diagnostic {
    let d = Diagnostic::warning(format!("\"{}\" is not a term of the ICD 203 likelihood scale", f.written));
    match instead {
        Some(l) => d.hint(format!(
            "write \"{}\" ({}), or another term of the scale; the site's /confidence/ page lists them",
            l.label(set).to_lowercase(),
            l.band_text()
        )),
        None => d.hint(format!(
            "say how likely it is with a term of the scale ({}), or state the judgment without hedging",
            scale(set)
        )),
    }
}

/// The warning for a term `written` of the set `used` in a brief that keeps to `set`.
fn mixed(written: &str, l: Likelihood, used: WordSet, set: WordSet) -> Diagnostic {
    let name = |s: WordSet| match s {
        WordSet::First => "first",
        WordSet::Alternative => "alternative",
    };
    Diagnostic::warning(format!(
        "\"{written}\" is from ICD 203's {} word set, but this brief keeps to the {} set ({})",
        name(used),
        name(set),
        scale(set)
    ))
    .hint(format!(
        "write \"{}\" ({}): a brief uses one set of likelihood terms, so that readers compare like with like",
        l.label(set).to_lowercase(),
        l.band_text()
    ))
}

/// The seven terms of `set`, least likely first.
fn scale(set: WordSet) -> String {
    Likelihood::ALL.iter().map(|l| l.label(set).to_lowercase()).collect::<Vec<_>>().join(", ")
}

/// One warning per sentence that holds both a likelihood term and a confidence level, at the
/// first of the two.
fn mixed_sentences(found: &[Found]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for group in found.chunk_by(|a, b| a.sentence == b.sentence) {
        let term = group.iter().find(|f| matches!(f.kind, Kind::Term(..)));
        let level = group.iter().find(|f| f.kind == Kind::Confidence);
        let (Some(term), Some(level)) = (term, level) else { continue };
        let first = if (term.line, term.col) <= (level.line, level.col) { term } else { level };
        out.push(
            Diagnostic::warning(format!(
                "a likelihood (\"{}\") and a confidence level (\"{}\") in one sentence",
                term.written, level.written
            ))
            .hint("ICD 203 keeps them apart: say how likely it is in one sentence and how confident you are in another (\"We assess that X is likely. We have moderate confidence in this judgment.\")")
            .line_col(first.line, first.col),
        );
    }
    out
}

/// The words of a text, each with its byte offset in `text`, its sentence (counted on from
/// `*sentence`) and whether it stands between double quotation marks. Words are runs of
/// letters and digits; a sentence ends at `.`, `!` or `?` before white space or the end.
fn tokens(text: &str, sentence: &mut usize) -> Vec<(usize, String, usize, bool)> {
    *sentence += 1;
    let mut out = Vec::new();
    let mut quoted = false;
    let mut start: Option<usize> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c.is_alphanumeric() {
            start.get_or_insert(i);
            continue;
        }
        if let Some(s) = start.take() {
            out.push((s, text[s..i].to_lowercase(), *sentence, quoted));
        }
        match c {
            '"' => quoted = !quoted,
            '“' | '«' => quoted = true,
            '”' | '»' => quoted = false,
            '.' | '!' | '?' if chars.peek().is_none_or(|(_, n)| n.is_whitespace()) => *sentence += 1,
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, text[s..].to_lowercase(), *sentence, quoted));
    }
    *sentence += 1;
    out
}

/// The words of `texts`, the values of the front matter's `key` (as read: white space made
/// single spaces), placed where each is written in `yaml` (whose first line is file line
/// `first_line`). Each text is looked for, word for word, after the one before; a text not
/// found so (written with escapes) is placed at the key.
fn front_words(yaml: &str, first_line: usize, key: &str, texts: &[&String], sentence: &mut usize) -> Vec<Vec<Word>> {
    let key_at = yaml::key_position(yaml, &[key]).unwrap_or((1, 1));
    let raw = region_words(yaml, key_at.0);
    let mut from = 0;
    let mut out = Vec::new();
    for text in texts {
        let words = tokens(text, sentence);
        if words.is_empty() {
            out.push(Vec::new());
            continue;
        }
        let found = (from..raw.len().saturating_sub(words.len() - 1).max(from))
            .find(|&p| words.iter().enumerate().all(|(k, w)| raw.get(p + k).is_some_and(|r| r.0 == w.1)));
        if let Some(p) = found {
            from = p + words.len();
        }
        let placed = words.into_iter().enumerate().map(|(k, (_, text, s, quoted))| {
            let (line, col) = found.map_or(key_at, |p| (raw[p + k].1, raw[p + k].2));
            Word { text, line: line + first_line - 1, col, sentence: s, quoted }
        });
        out.push(placed.collect());
    }
    out
}

/// The words written under the top-level key on line `key_line` of `yaml` (from its value on,
/// to the next top-level key): each lower case, with its 1-based line and column.
fn region_words(yaml: &str, key_line: usize) -> Vec<(String, usize, usize)> {
    let mut out = Vec::new();
    for (idx, line) in yaml.lines().enumerate().skip(key_line - 1) {
        let top = !line.starts_with([' ', '\t', '-', '#']) && !line.trim().is_empty();
        if idx + 1 > key_line && top {
            break;
        }
        // The key itself is not part of the value.
        let from = if idx + 1 == key_line { line.find(':').map_or(0, |c| c + 1) } else { 0 };
        let mut start: Option<usize> = None;
        for (i, c) in line[from..].char_indices().map(|(i, c)| (i + from, c)).chain([(line.len(), ' ')]) {
            match (c.is_alphanumeric(), start) {
                (true, None) => start = Some(i),
                (false, Some(s)) => {
                    out.push((line[s..i].to_lowercase(), idx + 1, line[..s].chars().count() + 1));
                    start = None;
                }
                _ => {}
            }
        }
    }
    out
}

/// The words of a Markdown body that starts on file line `first_line`, but those in code,
/// raw HTML and block quotations (callouts are read: they are the brief's own words).
fn body_words(body: &str, first_line: usize, sentence: &mut usize) -> Vec<Word> {
    let opts = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM;
    let mut out = Vec::new();
    let mut block = Block::default();
    let (mut quotes, mut code) = (0usize, 0usize);
    for (event, range) in Parser::new_ext(body, opts).into_offset_iter() {
        match event {
            Event::Text(t) if quotes == 0 && code == 0 => block.push(&t, range.start, t.len() == range.len()),
            Event::Start(tag) => {
                match tag {
                    Tag::BlockQuote(None) => quotes += 1,
                    Tag::CodeBlock(_) | Tag::HtmlBlock => code += 1,
                    Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Link { .. } | Tag::Image { .. } => continue,
                    _ => {}
                }
                block.flush(body, first_line, sentence, &mut out);
            }
            Event::End(tag) => {
                match tag {
                    TagEnd::BlockQuote(None) => quotes = quotes.saturating_sub(1),
                    TagEnd::CodeBlock | TagEnd::HtmlBlock => code = code.saturating_sub(1),
                    TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link | TagEnd::Image => {
                        continue;
                    }
                    _ => {}
                }
                block.flush(body, first_line, sentence, &mut out);
            }
            // Code, HTML, breaks and notes separate words without being read.
            _ => block.push(" ", range.start, false),
        }
    }
    block.flush(body, first_line, sentence, &mut out);
    out
}

/// The text of one block of a body being gathered, with where each piece is in the body.
#[derive(Default)]
struct Block {
    text: String,
    /// (offset in `text`, offset in the body, whether the piece is the body's text as is).
    pieces: Vec<(usize, usize, bool)>,
}

impl Block {
    fn push(&mut self, s: &str, at: usize, exact: bool) {
        self.pieces.push((self.text.len(), at, exact));
        self.text.push_str(s);
    }

    /// Move the block's words into `out`, placed in the file, and start a new block.
    fn flush(&mut self, body: &str, first_line: usize, sentence: &mut usize, out: &mut Vec<Word>) {
        if self.text.trim().is_empty() {
            *self = Block::default();
            return;
        }
        for (off, text, s, quoted) in tokens(&self.text, sentence) {
            let p = self.pieces.partition_point(|&(t, _, _)| t <= off) - 1;
            let (t, b, exact) = self.pieces[p];
            let at = if exact { b + off - t } else { b };
            let before = &body[..at.min(body.len())];
            let line = first_line + before.matches('\n').count();
            let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            out.push(Word { text, line, col, sentence: s, quoted });
        }
        *self = Block::default();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(prose: &str) -> Vec<(Kind, String)> {
        let mut s = 0;
        find(&body_words(prose, 1, &mut s)).into_iter().map(|f| (f.kind, f.written)).collect()
    }

    #[test]
    fn the_longest_phrase_wins_and_comparatives_are_not_terms() {
        use Likelihood::*;
        assert_eq!(found("It is very likely."), [(Kind::Term(VeryLikely, WordSet::First), "very likely".into())]);
        assert_eq!(found("A remote area, more likely than before; most likely so."), []);
        assert_eq!(found("Highly likely."), [(Kind::OffScale(Some(VeryLikely)), "highly likely".into())]);
        assert_eq!(found("It is probably so."), [(Kind::Term(Likely, WordSet::Alternative), "probably".into())]);
    }

    #[test]
    fn code_quotes_and_html_are_not_read() {
        assert_eq!(found("`likely` and\n\n```\nperhaps\n```\n\n> maybe\n\nShe said \"possibly\".\n<!-- might -->"), []);
        assert_eq!(found("> [!NOTE]\n> Perhaps.").len(), 1);
    }

    #[test]
    fn words_are_placed_in_the_body() {
        let mut s = 0;
        let words = body_words("Title\n\nOne *two* `x`\nthree.\n", 5, &mut s);
        let placed: Vec<_> = words.iter().map(|w| (w.text.as_str(), w.line, w.col)).collect();
        assert_eq!(placed, [("title", 5, 1), ("one", 7, 1), ("two", 7, 6), ("three", 8, 1)]);
    }

    #[test]
    fn front_matter_texts_are_placed_where_written() {
        let yaml = "title: T\nkey_judgments:\n  - One likely.\n  - text: >\n      Two is\n      unlikely.\n    likelihood: likely\nbluf: x";
        let mut s = 0;
        let one = "One likely.".to_string();
        let two = "Two is unlikely.".to_string();
        let words = front_words(yaml, 2, "key_judgments", &[&one, &two], &mut s);
        let placed: Vec<_> = words.iter().flatten().map(|w| (w.text.as_str(), w.line, w.col)).collect();
        assert_eq!(placed, [("one", 4, 5), ("likely", 4, 9), ("two", 6, 7), ("is", 6, 11), ("unlikely", 7, 7)]);
        // A text without a word, and one not found as written, are no trouble.
        let dashes = "—".to_string();
        let escaped = "Not \"written\" so.".to_string();
        let words = front_words(yaml, 2, "key_judgments", &[&dashes, &escaped], &mut s);
        assert_eq!(words[0], []);
        assert!(words[1].iter().all(|w| (w.line, w.col) == (3, 1)), "{words:?}");
    }
}
