//! `dossier clean`: remove what builds leave behind — the output, the previous output kept
//! beside it for the next build to overwrite, and the build cache — each only when dossier
//! made it, so a mistyped path never deletes someone's folder.

use crate::cli::{CleanArgs, GlobalArgs};
use crate::cmd::Output;
use crate::diagnostics::Diagnostics;
use crate::options::BuildOptions;

/// Remove the output, the kept previous output and the cache; returns the exit code (1 when
/// something could not, or must not, be removed).
pub fn run(global: &GlobalArgs, args: &CleanArgs) -> i32 {
    let out = Output::detect(global.quiet, global.verbose);
    let mut opts =
        BuildOptions { root: global.root.clone(), output_dir: args.output_dir.clone(), ..BuildOptions::default() };
    args.cache.apply(&mut opts);
    let mut problems = Diagnostics::new();
    let mut removed = Vec::new();
    match crate::output::write::remove_output(&opts.output()) {
        Ok(gone) => removed.extend(gone.into_iter().map(|p| p.display().to_string())),
        Err(d) => problems.push(d),
    }
    if let Some(dir) = &opts.cache {
        match crate::session::cache::remove(dir) {
            Ok(true) => removed.push(dir.display().to_string()),
            Ok(false) => {}
            Err(d) => problems.push(d),
        }
    }
    out.print_diagnostics(&problems);
    if !out.quiet {
        match removed.is_empty() {
            true => println!("nothing to remove"),
            false => println!("removed {}", removed.join(", ")),
        }
    }
    i32::from(problems.has_errors())
}
