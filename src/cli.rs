//! The command line: every subcommand and flag, with help text (clap derive).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// dossier: a static site generator for analytical briefs.
#[derive(Debug, Parser)]
#[command(name = "dossier", version, about, propagate_version = true)]
pub struct Cli {
    /// Options shared by every subcommand.
    #[command(flatten)]
    pub global: GlobalArgs,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Options accepted by every subcommand.
#[derive(Debug, Args, Clone)]
pub struct GlobalArgs {
    /// The site folder (holds site.yaml)
    #[arg(long, global = true, default_value = ".", value_name = "DIR")]
    pub root: PathBuf,
    /// Print errors only
    #[arg(long, short, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Print stage timings and more detail
    #[arg(long, short, global = true)]
    pub verbose: bool,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into the output directory
    Build(BuildArgs),
}

/// `dossier build` options.
#[derive(Debug, Args)]
pub struct BuildArgs {
    /// Where to write the site [default: <root>/public]
    #[arg(long, short, value_name = "DIR")]
    pub output_dir: Option<PathBuf>,
    /// Override base_url from site.yaml (e.g. https://example.org/analysis/)
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// Include briefs marked `draft: true`
    #[arg(long)]
    pub drafts: bool,
}
