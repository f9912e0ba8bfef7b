//! Footnotes as readers expect them (and as GitHub, Hugo and pandoc write them): numbered in
//! the order they are first referred to, collected at the end of the document in one ordered
//! list, each with a link back to every reference to it. The renderer sets the definitions
//! aside as it meets them; `finish` numbers the references, gives notes ids that no heading
//! has, and appends the list.

use crate::escape;
use std::collections::{HashMap, HashSet};

use pulldown_cmark::{CowStr, Event, TagEnd};

use super::{Issue, IssueKind};

/// A footnote definition as written: its label, its content's events and where it starts.
pub struct Definition<'a> {
    /// The label as written (`[^Summary]: …` → `Summary`).
    pub label: String,
    /// The note's content.
    pub events: Vec<Event<'a>>,
    /// Byte offset of the definition in the body.
    pub offset: usize,
}

/// Labels match as GitHub matches them: without regard to case.
fn key(label: &str) -> String {
    label.to_lowercase()
}

/// Number the references in `main` (the document without its notes) and in the notes they
/// lead to, replace each with a superscript link, and append the notes that were referred to.
/// `used` holds the ids taken (headings, the theme's, raw HTML) and receives the notes'.
/// Returns the ids given to notes and references, for `#fragment` checks.
pub fn finish<'a>(
    main: &mut Vec<Event<'a>>,
    defs: Vec<Definition<'a>>,
    used: &mut HashSet<String>,
    issues: &mut Vec<Issue>,
) -> Vec<String> {
    let by_key = first_definitions(&defs, issues);
    let (order, number) = number_notes(main, &defs, &by_key);
    report_unused(&defs, &by_key, &number, issues);
    if order.is_empty() {
        return Vec::new();
    }
    let note_ids = name_notes(&order, &defs, used);
    // References are linked in reading order, the text's and then each note's in the notes'
    // order, so that a note's first back-link leads to its first reference.
    let mut refs = References { by_key: &by_key, note_ids: &note_ids, number: &number, backrefs: HashMap::new() };
    refs.link(main, used);
    let mut defs: Vec<Option<Definition<'a>>> = defs.into_iter().map(Some).collect();
    let mut notes: Vec<(usize, Vec<Event<'a>>)> = Vec::with_capacity(order.len());
    for &d in &order {
        let mut events = defs[d].take().map(|def| def.events).unwrap_or_default();
        refs.link(&mut events, used);
        notes.push((d, events));
    }
    let backrefs = refs.backrefs;
    main.push(Event::Html("<section class=\"footnotes\" role=\"doc-endnotes\" aria-label=\"Notes\">\n<ol>\n".into()));
    for (d, events) in notes {
        let back = back_links(number[&d], backrefs.get(&d).map_or(&[], Vec::as_slice));
        append_note(main, &note_ids[&d], events, back);
    }
    main.push(Event::Html("</ol>\n</section>\n".into()));
    let mut anchors: Vec<String> = note_ids.into_values().collect();
    anchors.extend(backrefs.into_values().flatten());
    anchors.sort();
    anchors
}

/// The definition each label means (the first with its key), by key; every later one is
/// reported as a duplicate.
fn first_definitions(defs: &[Definition], issues: &mut Vec<Issue>) -> HashMap<String, usize> {
    let mut by_key: HashMap<String, usize> = HashMap::new();
    for (i, d) in defs.iter().enumerate() {
        match by_key.entry(key(&d.label)) {
            std::collections::hash_map::Entry::Occupied(_) => issues.push(Issue {
                offset: d.offset,
                kind: IssueKind::DuplicateFootnote,
                target: d.label.clone(),
                message: format!("footnote [^{}] is defined more than once; only the first is shown", d.label),
            }),
            std::collections::hash_map::Entry::Vacant(v) => {
                v.insert(i);
            }
        }
    }
    by_key
}

/// Numbers in order of first reference: the text first, then notes referred to from notes.
/// Returns the definitions in that order, and each one's number (from 1).
fn number_notes(
    main: &[Event],
    defs: &[Definition],
    by_key: &HashMap<String, usize>,
) -> (Vec<usize>, HashMap<usize, usize>) {
    let mut order: Vec<usize> = Vec::new();
    let mut number: HashMap<usize, usize> = HashMap::new();
    let mut visit = |events: &[Event], order: &mut Vec<usize>| {
        for e in events {
            if let Event::FootnoteReference(label) = e
                && let Some(&d) = by_key.get(&key(label))
                && !number.contains_key(&d)
            {
                order.push(d);
                number.insert(d, order.len());
            }
        }
    };
    visit(main, &mut order);
    let mut k = 0;
    while k < order.len() {
        visit(&defs[order[k]].events, &mut order);
        k += 1;
    }
    (order, number)
}

/// Report each definition that is the one its label means but that nothing numbered refers to.
fn report_unused(
    defs: &[Definition],
    by_key: &HashMap<String, usize>,
    number: &HashMap<usize, usize>,
    issues: &mut Vec<Issue>,
) {
    for (i, d) in defs.iter().enumerate() {
        if !number.contains_key(&i) && by_key.get(&key(&d.label)) == Some(&i) {
            issues.push(Issue {
                offset: d.offset,
                kind: IssueKind::UnusedFootnote,
                target: d.label.clone(),
                message: format!("footnote [^{}] is defined but never referred to, so it is not shown", d.label),
            });
        }
    }
}

/// Each note's id comes from its label (`[^summary]` → `fn-summary`), so links to it survive
/// renumbering; one that a heading or another note has gets a suffix. Ids are given in
/// `order`.
fn name_notes(order: &[usize], defs: &[Definition], used: &mut HashSet<String>) -> HashMap<usize, String> {
    let mut note_ids: HashMap<usize, String> = HashMap::new();
    for (n, &d) in order.iter().enumerate() {
        let slug = crate::slug::slugify(&defs[d].label);
        let base = if slug.is_empty() { format!("fn-{}", n + 1) } else { format!("fn-{slug}") };
        note_ids.insert(d, unique(base, used));
    }
    note_ids
}

/// What turns references into links: the notes' keys, ids and numbers, and the ids given to
/// the references to each note so far, for its back-links.
struct References<'k> {
    by_key: &'k HashMap<String, usize>,
    note_ids: &'k HashMap<usize, String>,
    number: &'k HashMap<usize, usize>,
    backrefs: HashMap<usize, Vec<String>>,
}

impl References<'_> {
    /// Replace each reference to a note in `events` with its superscript link, with an id of
    /// its own (`fnref-summary`, then `fnref-summary-2`… for later references to the same
    /// note) that the note's back-link leads to.
    fn link(&mut self, events: &mut [Event], used: &mut HashSet<String>) {
        for e in events.iter_mut() {
            let Event::FootnoteReference(label) = e else { continue };
            let Some(&d) = self.by_key.get(&key(label)) else { continue };
            let note = &self.note_ids[&d];
            let refs = self.backrefs.entry(d).or_default();
            let base = format!("fnref-{}", &note["fn-".len()..]);
            let base = if refs.is_empty() { base } else { format!("{base}-{}", refs.len() + 1) };
            let id = unique(base, used);
            *e = Event::InlineHtml(CowStr::from(format!(
                "<sup class=\"footnote-reference\"><a href=\"#{note}\" id=\"{id}\" role=\"doc-noteref\" aria-label=\"Note {n}\">{n}</a></sup>",
                note = escape::html(note),
                id = escape::html(&id),
                n = self.number[&d],
            )));
            refs.push(id);
        }
    }
}

/// The back-links of note `n` to its references `ids`: `↩`, then `↩²`, `↩³`… each after a
/// space.
fn back_links(n: usize, ids: &[String]) -> String {
    let mut back = String::new();
    for (k, id) in ids.iter().enumerate() {
        let (label, mark) = match k {
            0 => (format!("Back to reference {n}"), "↩".to_string()),
            k => (format!("Back to reference {n} ({})", k + 1), format!("↩<sup>{}</sup>", k + 1)),
        };
        back.push_str(&format!(
            " <a href=\"#{}\" class=\"footnote-backref\" role=\"doc-backlink\" aria-label=\"{label}\">{mark}</a>",
            escape::html(id)
        ));
    }
    back
}

/// Append one note to `main` as an item of the notes' list. The back-links close the note's
/// last paragraph, or follow it as one of their own.
fn append_note<'a>(main: &mut Vec<Event<'a>>, id: &str, mut events: Vec<Event<'a>>, back: String) {
    main.push(Event::Html(format!("<li id=\"{}\">\n", escape::html(id)).into()));
    match events.last() {
        Some(Event::End(TagEnd::Paragraph)) => {
            let end = events.pop().expect("a last event");
            events.push(Event::InlineHtml(back.into()));
            events.push(end);
        }
        _ => events.push(Event::Html(format!("<p>{}</p>\n", back.trim_start()).into())),
    }
    main.extend(events);
    main.push(Event::Html("</li>\n".into()));
}

/// `base`, or `base-2`, `base-3`… : the first that is not in `used`, which then holds it.
fn unique(base: String, used: &mut HashSet<String>) -> String {
    if used.insert(base.clone()) {
        return base;
    }
    (2..).map(|n| format!("{base}-{n}")).find(|id| used.insert(id.clone())).expect("a free id")
}

/// Footnote references written where there is no such note stay as text (`[^x]`); find them
/// in the source of a run of text, skipping escaped brackets. Returns each label with its
/// offset in that source.
pub fn undefined_refs(source: &str) -> Vec<(usize, &str)> {
    let mut found = Vec::new();
    let b = source.as_bytes();
    let mut from = 0;
    while let Some(i) = source[from..].find("[^") {
        let at = from + i;
        from = at + 2;
        if at > 0 && b[at - 1] == b'\\' {
            continue;
        }
        let rest = &source[at + 2..];
        if let Some(end) = rest.find(']') {
            let label = &rest[..end];
            if !label.is_empty() && !label.contains(|c: char| c.is_whitespace() || c == '[') {
                found.push((at, label));
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_made_unique_with_a_number() {
        let mut used: HashSet<String> = ["fn-a".to_string(), "fn-a-2".to_string()].into();
        assert_eq!(unique("fn-a".into(), &mut used), "fn-a-3");
        assert_eq!(unique("fn-b".into(), &mut used), "fn-b");
    }

    #[test]
    fn undefined_references_are_found_unless_escaped() {
        assert_eq!(undefined_refs("See [^gone] and \\[^kept] and [^a b] and [^x]."), [(4, "gone"), (40, "x")]);
        assert!(undefined_refs("[^]").is_empty());
    }
}
