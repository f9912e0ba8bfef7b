//! `dossier import hugo|jekyll SRC [--into DIR]`: a Hugo or Jekyll site converted into a new
//! dossier site (`crate::import`), then its report printed and written beside it.

use crate::cli::{GlobalArgs, ImportArgs, ImportFrom};
use crate::import::{self, Flavor, Options};

/// Import the site; returns the exit code.
pub fn run(global: &GlobalArgs, args: &ImportArgs) -> i32 {
    let flavor = match args.from {
        ImportFrom::Hugo => Flavor::Hugo,
        ImportFrom::Jekyll => Flavor::Jekyll,
    };
    let into = args.into.clone().unwrap_or_else(|| import::default_into(&args.src));
    let opts = Options { flavor, src: args.src.clone(), into, region: args.region.clone() };
    match import::run(&opts) {
        Ok(report) => {
            if !global.quiet {
                print!("{}", report.text(&opts.src, &opts.into));
                println!("\nthe report is in {}", opts.into.join("import-report.txt").display());
                println!("  next: dossier build --root {}", opts.into.display());
            }
            0
        }
        Err(e) => {
            eprintln!("error: {e}");
            1
        }
    }
}
