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
    /// Build, serve on localhost, and rebuild and reload the browser on every change
    Serve(ServeArgs),
    /// Create a new site that builds and serves at once
    Init(InitArgs),
    /// Write a new brief with today's date and filled-in front matter
    New(NewArgs),
    /// Check everything a build would (front matter, links, templates) without writing
    Check(CheckArgs),
    /// Work with the site's theme (`dossier theme eject`)
    Theme(ThemeArgs),
    /// Convert a Hugo or Jekyll site's content into a new dossier site (the source is only read)
    Import(ImportArgs),
    /// Remove the output, the previous output kept beside it, and the build cache
    Clean(CleanArgs),
}

/// `dossier clean` options.
#[derive(Debug, Args)]
pub struct CleanArgs {
    /// The output to remove [default: <root>/public]
    #[arg(long, short, value_name = "DIR")]
    pub output_dir: Option<PathBuf>,
    /// The build cache to remove
    #[command(flatten)]
    pub cache: CacheArgs,
}

/// The build cache's folder in the site's root, unless `--cache-dir` says otherwise.
pub const DEFAULT_CACHE_DIR: &str = ".dossier-cache";

/// Where the persistent build cache is, or that there is none.
#[derive(Debug, Clone, Args)]
pub struct CacheArgs {
    /// Build without the persistent cache (neither read nor written)
    #[arg(long)]
    pub no_cache: bool,
    /// Where the build cache is kept [default: <root>/.dossier-cache]
    #[arg(long, value_name = "DIR", conflicts_with = "no_cache")]
    pub cache_dir: Option<PathBuf>,
}

impl CacheArgs {
    /// These options in `opts`, whose `root` is set: the cache's folder, or none.
    pub fn apply(&self, opts: &mut crate::options::BuildOptions) {
        opts.cache = match self.no_cache {
            true => None,
            false => Some(self.cache_dir.clone().unwrap_or_else(|| opts.root.join(DEFAULT_CACHE_DIR))),
        };
    }
}

/// `dossier import` options.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The generator the site was made with
    #[arg(value_enum)]
    pub from: ImportFrom,
    /// The site's folder (only read: nothing in it is changed)
    #[arg(value_name = "SRC")]
    pub src: PathBuf,
    /// Folder to write the new site into, new or empty [default: ./<SRC's name>-dossier]
    #[arg(long, value_name = "DIR")]
    pub into: Option<PathBuf>,
    /// Region for briefs whose front matter names none (each is listed in the report)
    #[arg(long, default_value = "Unassigned", value_name = "NAME")]
    pub region: String,
}

/// The generators `dossier import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ImportFrom {
    /// A Hugo site: content/, static/, config.toml or hugo.toml
    Hugo,
    /// A Jekyll site: _posts/, pages at the top, _config.yml, assets/
    Jekyll,
}

/// `dossier theme` options.
#[derive(Debug, Args)]
pub struct ThemeArgs {
    /// What to do with the theme.
    #[command(subcommand)]
    pub action: ThemeAction,
}

/// `dossier theme` actions.
#[derive(Debug, Subcommand)]
pub enum ThemeAction {
    /// Copy the built-in theme into themes/<NAME>/ in the site, to change anything in it
    Eject(EjectArgs),
}

/// `dossier theme eject` options.
#[derive(Debug, Args)]
pub struct EjectArgs {
    /// Folder name under themes/ [default: the site's `theme:`, which is `default` unless set]
    #[arg(value_name = "NAME")]
    pub name: Option<String>,
    /// Write the built-in theme's files into an existing folder, replacing files of the same
    /// name (other files in it are kept)
    #[arg(long)]
    pub force: bool,
}

/// `dossier init` options.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// Folder to create the site in [default: --root, the current directory]
    #[arg(value_name = "DIR")]
    pub dir: Option<PathBuf>,
    /// The site's title
    #[arg(long, default_value = "Briefs")]
    pub title: String,
}

/// `dossier new` options.
#[derive(Debug, Args)]
pub struct NewArgs {
    /// The brief's title
    pub title: String,
    /// Region(s), comma-separated
    #[arg(long, short, value_delimiter = ',', value_name = "R")]
    pub region: Vec<String>,
    /// Actors, comma-separated
    #[arg(long, short, value_delimiter = ',', value_name = "A,B")]
    pub actors: Vec<String>,
    /// Tags, comma-separated
    #[arg(long, short, value_delimiter = ',', value_name = "T")]
    pub tags: Vec<String>,
    /// Folder under content/ to write it in
    #[arg(long, default_value = "briefs", value_name = "DIR")]
    pub section: String,
}

/// `dossier check` options.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Report format: `text` for people, `json` for CI
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// What may be published: drafts, future and expired briefs, markings
    #[command(flatten)]
    pub publish: PublishArgs,
    /// The build cache
    #[command(flatten)]
    pub cache: CacheArgs,
}

/// What a build, the preview or a check may publish. By default: published briefs marked
/// TLP:CLEAR, dated today or earlier and not expired.
#[derive(Debug, Clone, Args)]
pub struct PublishArgs {
    /// Also publish drafts (`status: draft`, `draft: true`) and briefs in review
    #[arg(long)]
    pub drafts: bool,
    /// Also publish briefs dated in the future
    #[arg(long)]
    pub future: bool,
    /// Also publish briefs past their `expires` date
    #[arg(long)]
    pub expired: bool,
    /// The most restricted TLP 2.0 marking to publish: CLEAR, GREEN, AMBER, AMBER+STRICT or RED
    /// [default: CLEAR]
    #[arg(long, value_name = "LEVEL", value_parser = parse_tlp)]
    pub max_tlp: Option<crate::marking::Tlp>,
    /// Publish for an audience named in site.yaml's `audiences` (its marking is the most the
    /// build publishes)
    #[arg(long, value_name = "NAME")]
    pub audience: Option<String>,
}

impl PublishArgs {
    /// These options in `opts`.
    pub fn apply(&self, opts: &mut crate::options::BuildOptions) {
        opts.drafts = self.drafts;
        opts.future = self.future;
        opts.expired = self.expired;
        opts.max_tlp = self.max_tlp;
        opts.audience = self.audience.clone();
    }
}

fn parse_tlp(s: &str) -> Result<crate::marking::Tlp, String> {
    crate::marking::Tlp::parse(s)
}

/// How `dossier check` reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Readable, with source lines and hints.
    Text,
    /// One JSON object.
    Json,
}

/// `dossier serve` options.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on
    #[arg(long, default_value = "127.0.0.1", value_name = "ADDR")]
    pub bind: std::net::IpAddr,
    /// Port to listen on (0 picks a free one)
    #[arg(long, short, default_value_t = DEFAULT_PORT, value_name = "N")]
    pub port: u16,
    /// Where to write the preview [default: a private temporary folder, removed on exit; never
    /// <root>/public, which is for `build`]
    #[arg(long, short, value_name = "DIR")]
    pub output_dir: Option<PathBuf>,
    /// The build cache, which the preview's first render reads and fills
    #[command(flatten)]
    pub cache: CacheArgs,
    /// What may be published: drafts, future and expired briefs, markings
    #[command(flatten)]
    pub publish: PublishArgs,
    /// Open the site in the default browser
    #[arg(long)]
    pub open: bool,
    /// Poll for changes instead of using file system events (network drives, some containers)
    #[arg(long)]
    pub poll: bool,
    /// Also answer requests for this host name (repeatable); by default only localhost and IP
    /// addresses are answered, so no other web site can read the preview
    #[arg(long, value_name = "NAME")]
    pub allow_host: Vec<String>,
}

/// Port `dossier serve` listens on unless told otherwise.
pub const DEFAULT_PORT: u16 = 4747;

/// `dossier build` options.
#[derive(Debug, Args)]
pub struct BuildArgs {
    /// Where to write the site [default: <root>/public]
    #[arg(long, short, value_name = "DIR")]
    pub output_dir: Option<PathBuf>,
    /// Override base_url from site.yaml (e.g. https://example.org/analysis/)
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// What may be published: drafts, future and expired briefs, markings
    #[command(flatten)]
    pub publish: PublishArgs,
    /// Keep running and rebuild on every change
    #[arg(long)]
    pub watch: bool,
    /// With --watch: poll for changes instead of using file system events
    #[arg(long, requires = "watch")]
    pub poll: bool,
    /// Print the wall time of each stage and the peak memory
    #[arg(long)]
    pub timings: bool,
    /// The build cache
    #[command(flatten)]
    pub cache: CacheArgs,
}
