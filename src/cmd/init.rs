//! `dossier init [DIR]`: a new site that builds and serves at once. It needs no theme folder:
//! the default theme is built into the binary.

use std::path::Path;

use crate::cli::{GlobalArgs, InitArgs};

fn site_yaml(title: &str) -> String {
    let title = serde_json::to_string(title).expect("a string");
    format!(
        "# dossier site configuration. Every key is described in dossier's README (\"Config reference\").
title: {title}
description: \"Short, dated analysis.\"
# The address the site will be published at; its path prefixes every link.
base_url: https://example.org/
language: en
timezone: UTC
date_format: \"%-d %B %Y\"
"
    )
}

fn sample_brief(today: &str) -> String {
    format!(
        "---
title: \"Welcome to your briefs\"
date: {today}
region: Global
actors: [\"Your Team\"]
tags: [meta]
summary: \"What a brief looks like, and how to write the next one.\"
bluf: \"Briefs are Markdown files with a few lines of front matter; dossier turns them into a site with timelines and pages per region, actor and tag.\"
key_judgments:
  - \"A brief answers three questions: what happened, why it matters and what to watch.\"
  - \"A bottom line, key judgments and a confidence level let a reader stop after the first screen.\"
confidence: high
---

## Writing a brief

Each brief is a Markdown file under `content/`. The lines between the `---` fences say what it is
about (its `title`, `date`, `region`, `actors` and `tags`) and what it concludes (`bluf`,
`key_judgments`, `confidence` and `sources`). Start the next one with

```sh
dossier new \"Title of the next brief\" --region Gulf --actors Iran,Oman --tags diplomacy
```

It writes those fields for you, each with a hint, and a skeleton of the body to fill in.

## Previewing

Run `dossier serve` and open the address it prints: the page reloads every time you save.
`dossier check` reports problems without building, and `dossier build` writes the site to
`public/`, ready for any static host.
"
    )
}

/// Create the site; returns the exit code.
pub fn run(global: &GlobalArgs, args: &InitArgs) -> i32 {
    let dir = args.dir.clone().unwrap_or_else(|| global.root.clone());
    match init(&dir, &args.title) {
        Ok(()) => {
            if !global.quiet {
                let shown = dir.display();
                println!("created a dossier site in {shown}");
                println!("  next: dossier serve --root {shown}    (preview, reloads on save)");
                println!("        dossier new \"Title\" --root {shown} --region R    (a new brief)");
            }
            0
        }
        Err(e) => {
            eprintln!("error: {e}");
            1
        }
    }
}

/// Write `site.yaml`, one sample brief and an empty `templates/` into `dir`.
pub fn init(dir: &Path, title: &str) -> Result<(), String> {
    if dir.join("site.yaml").exists() {
        return Err(format!(
            "{} already holds a dossier site (site.yaml exists); nothing was changed\n  = hint: pick another folder: `dossier init NEW-DIR`",
            dir.display()
        ));
    }
    let brief = dir.join("content/briefs/welcome.md");
    if brief.exists() {
        return Err(format!("{} exists; nothing was changed", brief.display()));
    }
    let today = jiff::Zoned::now().date().to_string();
    let io = |what: &Path, e: std::io::Error| format!("cannot write {}: {e}", what.display());
    for d in [dir.join("content/briefs"), dir.join("templates")] {
        std::fs::create_dir_all(&d).map_err(|e| io(&d, e))?;
    }
    // Git keeps no empty folders; the marker keeps templates/ in a fresh repository.
    let keep = dir.join("templates/.gitkeep");
    std::fs::write(&keep, "").map_err(|e| io(&keep, e))?;
    let cfg = dir.join("site.yaml");
    std::fs::write(&cfg, site_yaml(title)).map_err(|e| io(&cfg, e))?;
    std::fs::write(&brief, sample_brief(&today)).map_err(|e| io(&brief, e))?;
    let ignore = dir.join(".gitignore");
    if !ignore.exists() {
        std::fs::write(&ignore, "/public/\n/.public.dossier-*\n/.dossier-cache/\n").map_err(|e| io(&ignore, e))?;
    }
    Ok(())
}
