//! `dossier theme eject [NAME] [--force]`: copy the built-in theme (`theme::TEMPLATES` and
//! `theme::STATIC`) into the site as `themes/<NAME>/`, for changes that `style:` in site.yaml,
//! `static/custom.css` and template overrides in `templates/` do not reach.
//!
//! A `themes/<name>/` folder named by `theme:` is used instead of the built-in theme (see
//! `render::templates::gather` and `Session::static_files`), so ejecting under the site's own
//! theme name changes nothing in the output until a file is edited: the copy is the built-in
//! theme byte for byte. An existing folder is never written into without `--force`.

use std::path::{Path, PathBuf};

use crate::cli::{EjectArgs, GlobalArgs, ThemeAction, ThemeArgs};
use crate::cmd::Output;
use crate::config;
use crate::config::load as load_config;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::theme;

/// Run a `dossier theme` action; returns the exit code.
pub fn run(global: &GlobalArgs, args: &ThemeArgs) -> i32 {
    match &args.action {
        ThemeAction::Eject(a) => run_eject(global, a),
    }
}

/// What an eject wrote.
#[derive(Debug)]
pub struct Ejected {
    /// The theme folder, relative to the site root (`themes/default`).
    pub dir: PathBuf,
    /// Every file written, relative to the theme folder (`templates/base.html`).
    pub files: Vec<String>,
    /// How many of them replaced a file that was there (only with `force`).
    pub replaced: usize,
}

fn run_eject(global: &GlobalArgs, args: &EjectArgs) -> i32 {
    let out = Output::detect(global.quiet, global.verbose);
    let fail = |d: Vec<Diagnostic>| {
        let mut all = Diagnostics::new();
        all.extend(d);
        out.print_diagnostics(&all);
        1
    };
    let root = &global.root;
    let (cfg, diags) = load_config(root, None);
    let Some(cfg) = cfg else { return fail(diags) };
    // The folder name comes from site.yaml unless given: a site.yaml with errors could be
    // naming the wrong one (a bad `theme:` falls back to `default`), so nothing is written.
    if diags.iter().any(Diagnostic::is_error) {
        let mut d: Vec<Diagnostic> = diags.into_iter().filter(Diagnostic::is_error).collect();
        d.push(
            Diagnostic::error("site.yaml has errors, so no theme was ejected")
                .hint("fix the errors above (`dossier check` lists them), then eject again"),
        );
        return fail(d);
    }
    let name = args.name.clone().unwrap_or_else(|| cfg.theme.clone());
    match eject(root, &name, args.force) {
        Ok(done) => {
            if !out.quiet {
                print_report(&done, &name, &cfg.theme);
            }
            0
        }
        Err(d) => fail(vec![d]),
    }
}

/// Tell the user what was written and whether the site now builds from it.
fn print_report(done: &Ejected, name: &str, in_use: &str) {
    let dir = done.dir.to_string_lossy().replace('\\', "/");
    let templates = done.files.iter().filter(|f| f.starts_with("templates/")).count();
    let replaced = match done.replaced {
        0 => String::new(),
        n => format!(", {n} of them over files that were there"),
    };
    println!(
        "ejected the built-in theme into {dir}/: {templates} templates and {} static files{replaced}",
        done.files.len() - templates
    );
    for f in &done.files {
        println!("  {dir}/{f}");
    }
    if name == in_use {
        println!("site.yaml's theme is \"{name}\", so the site builds from these files now;");
        println!("it looks the same until you edit them.");
    } else {
        println!("the site still uses the theme \"{in_use}\"; to build from this copy, set");
        println!("`theme: {name}` in site.yaml.");
    }
    println!("templates/ in the site still replaces a theme template of the same name, and");
    println!("static/custom.css is still linked after style.css. Later versions of dossier");
    println!("do not change this copy.");
}

/// Write every file of the built-in theme into `root/themes/<name>/`. Without `force`, an
/// existing `themes/<name>` is refused and nothing is written; the files go into a hidden
/// folder beside it first and are renamed into place together, so a failure halfway (a full
/// disk) leaves no half-written theme that the next build would pick up. With `force`, the
/// files are written over those of the same name and every other file is kept.
pub fn eject(root: &Path, name: &str, force: bool) -> Result<Ejected, Diagnostic> {
    let rel = PathBuf::from("themes").join(name);
    let shown = rel.to_string_lossy().replace('\\', "/");
    if !config::is_folder_name(name) {
        return Err(Diagnostic::error(format!("\"{name}\" is not a theme name"))
            .hint("a theme is one folder in themes/: give a plain name such as `house`"));
    }
    let dir = root.join(&rel);
    let exists = dir.symlink_metadata().is_ok();
    if exists && !dir.is_dir() {
        return Err(Diagnostic::error(format!("{shown} exists and is not a folder; nothing was written"))
            .at(&rel)
            .hint("move it away, or eject under another name: `dossier theme eject NAME`"));
    }
    if exists && !force {
        return Err(Diagnostic::error(format!("{shown}/ already exists; nothing was written")).at(&rel).hint(format!(
            "your theme folder is kept as it is: rename or move it to eject afresh, eject under another name \
                 (`dossier theme eject NAME`), or pass --force to write the built-in theme's files over the ones \
                 in {shown}/ (its other files are kept)"
        )));
    }
    let io = |what: &Path, e: std::io::Error| {
        Diagnostic::error(format!("cannot write {}: {e}", what.display())).hint("nothing was ejected")
    };
    let files: Vec<(String, &[u8])> = theme::files().collect();
    if exists {
        let mut replaced = 0;
        for (file, bytes) in &files {
            let path = dir.join(file);
            replaced += usize::from(path.exists());
            write_file(&path, bytes).map_err(|e| io(&path, e))?;
        }
        return Ok(Ejected { dir: rel, files: files.into_iter().map(|(f, _)| f).collect(), replaced });
    }
    // A hidden name, which the build, the preview's watcher and `theme:` all pass over.
    let staging = root.join("themes").join(format!(".{name}.dossier-eject"));
    if staging.exists() {
        // Left by an eject that was interrupted: it is ours, and never used.
        std::fs::remove_dir_all(&staging).map_err(|e| io(&staging, e))?;
    }
    let written = files.iter().try_for_each(|(file, bytes)| {
        let path = staging.join(file);
        write_file(&path, bytes).map_err(|e| io(&path, e))
    });
    let moved = written.and_then(|()| std::fs::rename(&staging, &dir).map_err(|e| io(&dir, e)));
    if let Err(d) = moved {
        let _ = std::fs::remove_dir_all(&staging);
        return Err(d);
    }
    Ok(Ejected { dir: rel, files: files.into_iter().map(|(f, _)| f).collect(), replaced: 0 })
}

fn write_file(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(path, bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eject_writes_every_file_once_and_refuses_an_existing_folder() {
        let site = tempfile::tempdir().unwrap();
        let done = eject(site.path(), "house", false).unwrap();
        assert_eq!(done.files.len(), theme::TEMPLATES.len() + theme::STATIC.len() + theme::I18N.len());
        for (file, bytes) in theme::files() {
            assert_eq!(std::fs::read(site.path().join("themes/house").join(&file)).unwrap(), bytes, "{file}");
        }
        let names: Vec<String> = std::fs::read_dir(site.path().join("themes"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["house"], "the staging folder is gone");
        let err = eject(site.path(), "house", false).unwrap_err();
        assert!(err.message.contains("already exists"), "{err:?}");
        assert!(eject(site.path(), "../out", false).is_err());
    }

    #[test]
    fn force_replaces_the_theme_files_and_keeps_the_others() {
        let site = tempfile::tempdir().unwrap();
        let dir = site.path().join("themes/default");
        std::fs::create_dir_all(dir.join("static")).unwrap();
        std::fs::write(dir.join("static/style.css"), "edited").unwrap();
        std::fs::write(dir.join("static/mine.css"), "mine").unwrap();
        let done = eject(site.path(), "default", true).unwrap();
        assert_eq!(done.replaced, 1);
        assert_ne!(std::fs::read_to_string(dir.join("static/style.css")).unwrap(), "edited");
        assert_eq!(std::fs::read_to_string(dir.join("static/mine.css")).unwrap(), "mine");
    }
}
