//! `dossier new "Title"`: a new brief at a slugged path, dated today in the site's time zone,
//! with its front matter filled in. Never overwrites.

use std::path::{Path, PathBuf};

use crate::build::load_config;
use crate::cli::{GlobalArgs, NewArgs};
use crate::slug::slugify;

/// A YAML scalar for any text: JSON strings are valid YAML.
fn quoted(s: &str) -> String {
    serde_json::to_string(s.trim()).expect("a string")
}

fn list(items: &[String]) -> String {
    let items: Vec<String> = items.iter().map(|s| s.trim()).filter(|s| !s.is_empty()).map(quoted).collect();
    format!("[{}]", items.join(", "))
}

/// The new brief's text.
pub fn brief_text(args: &NewArgs, today: &str) -> String {
    let region = if args.region.iter().any(|r| !r.trim().is_empty()) {
        list(&args.region)
    } else {
        "[]   # required: one region or a list, such as [Gulf, Levant]".to_string()
    };
    format!(
        "---\ntitle: {}\ndate: {today}\nregion: {region}\nactors: {}\ntags: {}\nsummary: \"\"\n---\n\n## What happened\n\n\n## Why it matters\n\n\n## What to watch\n\n",
        quoted(&args.title),
        list(&args.actors),
        list(&args.tags),
    )
}

/// Where the brief goes: `content/<section>/<slug>.md`.
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

/// Write the brief; returns the exit code.
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
    let today = jiff::Zoned::now().with_time_zone(cfg.tz()).date().to_string();
    if let Some(parent) = path.parent()
        && let Err(e) = std::fs::create_dir_all(parent)
    {
        eprintln!("error: cannot create {}: {e}", parent.display());
        return 1;
    }
    // `create_new` refuses an existing file atomically: two `new`s never clobber each other.
    let file = std::fs::OpenOptions::new().write(true).create_new(true).open(&path);
    let result = file.and_then(|mut f| std::io::Write::write_all(&mut f, brief_text(args, &today).as_bytes()));
    match result {
        Ok(()) => {
            if !global.quiet {
                println!("wrote {}", path.display());
            }
            0
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            eprintln!(
                "error: {} already exists; nothing was written\n  = hint: choose another title, or edit the existing brief",
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
