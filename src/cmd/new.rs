//! `dossier new "Title"`: a new document at a slugged path, dated today in the site's time zone,
//! with its front matter filled in. Never overwrites.
//!
//! What is written depends on where it goes, by the rules the loader reads it with: under
//! `actors/`, `regions/` or `tags/` a term's description, under `pages/` a standalone page, and
//! anywhere else an analytical brief carrying every field an analyst fills in (authors, summary,
//! bottom line, key judgments, confidence, sources), the optional ones commented out with a hint.
//! Whatever it writes passes `dossier check` as written: no errors, and no warnings for a brief.

use std::path::{Path, PathBuf};

use crate::cli::{GlobalArgs, NewArgs};
use crate::config::SiteConfig;
use crate::config::load as load_config;
use crate::content::front_matter;
use crate::slug::slugify;

/// The region a brief is filed under when `--region` is not given. A brief needs a region, and
/// there is no right default, so the scaffold names one that is valid (the brief passes check
/// and shows in the preview at once) and reads as unfinished; its page, /regions/unassigned/,
/// lists every brief still waiting for one.
pub const PLACEHOLDER_REGION: &str = "Unassigned";

/// What `new` writes, decided by the folder it writes into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scaffold {
    /// An analytical brief (any folder but the ones below).
    Document,
    /// A standalone page (`kind: page`), for a folder named `pages`: it needs only a title, and is
    /// listed nowhere, so it takes no region, actors or tags.
    Page,
    /// The text heading a term's page, for `actors/`, `regions/` or `tags/` directly: the file
    /// name is the term's slug. The folder name, such as `actors`.
    Description(&'static str),
}

impl Scaffold {
    /// The scaffold for `source`, a path relative to `content/`. Term descriptions are found by
    /// the loader's own rule (`front_matter::describes`), so `new` and the build agree on them.
    pub fn for_source(source: &str) -> Scaffold {
        if let Some((tax, _)) = front_matter::describes(source) {
            return Scaffold::Description(tax);
        }
        // Only a document's `kind` makes it a page; the folder is the convention `new` offers
        // for writing one (the example site's pages live at the top of content/).
        if source.starts_with("pages/") { Scaffold::Page } else { Scaffold::Document }
    }
}

/// A YAML scalar for any text: JSON strings are valid YAML.
fn quoted(s: &str) -> String {
    serde_json::to_string(s.trim()).expect("a string")
}

/// The non-empty items, trimmed.
fn names(items: &[String]) -> Vec<&str> {
    items.iter().map(|s| s.trim()).filter(|s| !s.is_empty()).collect()
}

/// A YAML flow list of quoted names.
fn list(items: &[&str]) -> String {
    let items: Vec<String> = items.iter().map(|s| quoted(s)).collect();
    format!("[{}]", items.join(", "))
}

/// `key: value`, with a `# hint` lined up after it when there is one.
fn line(out: &mut String, key_value: &str, hint: &str) {
    if hint.is_empty() {
        out.push_str(key_value);
    } else {
        // At least one space before `#`, or YAML reads it as part of the value.
        out.push_str(&format!("{key_value:<29} # {hint}"));
    }
    out.push('\n');
}

/// The new brief's text. `authors` are the site's (`author`/`authors` in site.yaml).
///
/// Fields with nothing to say yet are left empty (YAML null), which check accepts and the theme
/// leaves out; an empty string would not do, as check rejects an empty `bluf`. The body has two
/// `##` headings, below the default `markdown.toc_min_headings` of 3, so a brief as short as a
/// fresh one shows no table of contents; it gets one once the analyst writes more sections.
pub fn brief_text(args: &NewArgs, today: &str, authors: &[String]) -> String {
    let mut fm = String::from("---\n");
    line(&mut fm, &format!("title: {}", quoted(&args.title)), "");
    line(&mut fm, &format!("date: {today}"), "");
    match names(&args.region)[..] {
        [] => line(
            &mut fm,
            &format!("region: {}", list(&[PLACEHOLDER_REGION])),
            "required: where it happened, such as Gulf or [Gulf, Levant]",
        ),
        ref regions => line(&mut fm, &format!("region: {}", list(regions)), ""),
    }
    let terms = [
        ("actors", names(&args.actors), "who acts in it, such as [Iran, Oman]"),
        ("tags", names(&args.tags), "its themes, such as [diplomacy, nuclear]"),
        ("authors", names(authors), "who wrote it, such as [Leila Haddad]"),
    ];
    for (key, items, hint) in terms {
        if items.is_empty() {
            line(&mut fm, &format!("{key}:"), hint);
        } else {
            line(&mut fm, &format!("{key}: {}", list(&items)), "");
        }
    }
    line(&mut fm, "summary:", "a sentence or two for lists and previews (else the first paragraph)");
    line(&mut fm, "bluf:", "bottom line up front: the one paragraph a reader must take away");
    // The two lists each get a commented-out item: uncommented, it is a list item to edit.
    line(&mut fm, "key_judgments:", "one judgment an item, the most important first");
    fm.push_str("#  - \"Oman remains the likeliest venue for a second round.\"\n");
    // A judgment may say how likely it is, in the terms of ICD 203.
    fm.push_str("#  - {text: \"Talks will resume within a month.\", likelihood: likely}\n");
    line(&mut fm, "confidence:", "low, moderate or high (the site's /confidence/ page explains each)");
    line(&mut fm, "sources:", "what it rests on, numbered in this order; only title is required");
    fm.push_str(&format!(
        "#  - {{title: \"…\", url: \"https://…\", publisher: \"…\", date: {today}, grade: B2, type: official}}\n"
    ));
    // The optional fields, commented out, each with an example value and what it is for.
    for (key_value, hint) in [
        (format!("updated: {today}"), "the date of the last substantive update"),
        (
            "status: review".into(),
            "draft, review (both built only with --drafts), published (the default), superseded or retracted",
        ),
        ("supersedes: briefs/older-brief.md".into(), "the brief this one replaces, then shown as superseded"),
        (
            format!("events: [{{date: {today}, title: \"…\"}}]"),
            "events it covers: a day, a month (2025-11), a quarter (2025-Q3) or a year, with end, place and actors if known",
        ),
        ("draft: true".into(), "kept out of the site until removed (build and serve take --drafts)"),
    ] {
        line(&mut fm, &format!("# {key_value}"), hint);
    }
    fm.push_str("---\n\n");
    // The three questions every brief answers: what happened (the opening paragraph, which is
    // also the summary while `summary` is empty), why it matters and what to watch.
    fm.push_str(
        "What happened, as precisely as the evidence allows: who did what, where and when.\n\n\
         ## Why it matters\n\n\
         What it changes for the actors involved and for the region.\n\n\
         ## What to watch\n\n\
         - An indicator that would confirm or overturn the judgments above.\n",
    );
    fm
}

/// The text of a standalone page: a title and a summary to fill in.
pub fn page_text(title: &str) -> String {
    let mut fm = String::from("---\nkind: page\n");
    line(&mut fm, &format!("title: {}", quoted(title)), "");
    line(&mut fm, "summary:", "a sentence for link previews, such as \"Who we are.\"");
    fm.push_str("---\n\n");
    fm
}

/// The text of a term's description: its name as the title, and the paragraphs that head the
/// term's page to write below.
pub fn description_text(title: &str) -> String {
    format!("---\ntitle: {}\n---\n\n", quoted(title))
}

/// Where the document goes: `content/<section>/<slug>.md`.
pub fn path_for(root: &Path, section: &str, title: &str) -> Result<PathBuf, String> {
    let slug = slugify(title);
    if slug.is_empty() {
        return Err(format!(
            "cannot make a file name from the title \"{title}\"\n  = hint: use a title with letters or digits"
        ));
    }
    let section = section.trim_matches('/');
    if section.split('/').any(|p| p.is_empty() || p == "." || p == ".." || p.contains('\\')) {
        return Err(format!("--section \"{section}\" must be a folder path inside content/, such as `briefs`"));
    }
    Ok(root.join("content").join(section).join(format!("{slug}.md")))
}

/// The file's text for `args`, or why the flags do not fit what goes in `source`.
pub fn text_for(source: &str, args: &NewArgs, today: &str, cfg: &SiteConfig) -> Result<String, String> {
    let scaffold = Scaffold::for_source(source);
    let terms = [("--region", &args.region), ("--actors", &args.actors), ("--tags", &args.tags)];
    if scaffold != Scaffold::Document
        && let Some((flag, _)) = terms.iter().find(|(_, v)| !names(v).is_empty())
    {
        let what = match scaffold {
            Scaffold::Description(tax) => {
                format!("the text heading a term's page in {tax}/, which is filed under nothing")
            }
            _ => "a standalone page, which is listed nowhere".to_string(),
        };
        return Err(format!(
            "{flag} is for briefs, but content/{source} would be {what}; nothing was written\n  = hint: drop {flag}, or write a brief in another folder, such as `--section briefs`"
        ));
    }
    Ok(match scaffold {
        Scaffold::Document => brief_text(args, today, &cfg.authors),
        Scaffold::Page => page_text(&args.title),
        Scaffold::Description(_) => description_text(&args.title),
    })
}

/// Write the document; returns the exit code.
pub fn run(global: &GlobalArgs, args: &NewArgs) -> i32 {
    let root = &global.root;
    let (cfg, diags) = load_config(root, None);
    let Some(cfg) = cfg else {
        for d in diags {
            eprintln!("{}", d.render(false));
        }
        return 1;
    };
    let path = match path_for(root, &args.section, &args.title) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("error: {e}");
            return 1;
        }
    };
    let source = path.strip_prefix(root.join("content")).map(|p| p.to_string_lossy().replace('\\', "/"));
    let source = source.unwrap_or_default();
    let today = jiff::Zoned::now().with_time_zone(cfg.tz()).date().to_string();
    let text = match text_for(&source, args, &today, &cfg) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: {e}");
            return 1;
        }
    };
    if let Some(parent) = path.parent()
        && let Err(e) = std::fs::create_dir_all(parent)
    {
        eprintln!("error: cannot create {}: {e}", parent.display());
        return 1;
    }
    // `create_new` refuses an existing file atomically: two `new`s never clobber each other.
    let file = std::fs::OpenOptions::new().write(true).create_new(true).open(&path);
    let result = file.and_then(|mut f| std::io::Write::write_all(&mut f, text.as_bytes()));
    match result {
        Ok(()) => {
            if !global.quiet {
                println!("wrote {}", path.display());
                if Scaffold::for_source(&source) == Scaffold::Document && names(&args.region).is_empty() {
                    eprintln!(
                        "note: no --region given: the brief is filed under \"{PLACEHOLDER_REGION}\" until you set `region:`"
                    );
                }
            }
            0
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            eprintln!(
                "error: {} already exists; nothing was written\n  = hint: choose another title, or edit the existing file",
                path.display()
            );
            1
        }
        Err(e) => {
            eprintln!("error: cannot write {}: {e}", path.display());
            1
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_folder_decides_what_is_written() {
        assert_eq!(Scaffold::for_source("briefs/x.md"), Scaffold::Document);
        assert_eq!(Scaffold::for_source("briefs/sahel/x.md"), Scaffold::Document);
        assert_eq!(Scaffold::for_source("pages/x.md"), Scaffold::Page);
        assert_eq!(Scaffold::for_source("pages/legal/x.md"), Scaffold::Page);
        assert_eq!(Scaffold::for_source("actors/oman.md"), Scaffold::Description("actors"));
        assert_eq!(Scaffold::for_source("regions/gulf.md"), Scaffold::Description("regions"));
        // Deeper than a term's file: not a description, so a brief.
        assert_eq!(Scaffold::for_source("actors/gulf/oman.md"), Scaffold::Document);
    }
}
