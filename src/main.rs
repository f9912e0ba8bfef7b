//! The `dossier` binary: parse the command line, run one subcommand, exit 0, 1 or 2.

use clap::Parser;
use dossier::cli::{Cli, Command};

/// mimalloc rather than the system allocator. A build allocates and frees millions of small
/// strings and values on every core, and hands much of what one thread made to another.
/// Against glibc's allocator (already tuned to one heap per core): the benchmark kit's 1,000
/// briefs on disk 0.19 -> 0.15 s, 10,000 briefs on tmpfs 1.37 -> 1.12 s, with a third of
/// the system time; peak memory 29 -> 60 MiB at 1,000 briefs, 206 -> 233 MiB at 10,000 and
/// 1.85 -> 1.95 GiB at 100,000. Version 2 rather than 3: 3 held 294 MiB at 10,000 briefs and
/// over 2 GiB at 100,000 for no gain in time (BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    // clap exits with code 2 on usage errors.
    let cli = Cli::parse();
    let code = match &cli.command {
        Command::Build(args) => dossier::cmd::build::run(&cli.global, args),
        Command::Serve(args) => dossier::cmd::serve::run(&cli.global, args),
        Command::Init(args) => dossier::cmd::init::run(&cli.global, args),
        Command::New(args) => dossier::cmd::new::run(&cli.global, args),
        Command::Check(args) => dossier::cmd::check::run(&cli.global, args),
        Command::Theme(args) => dossier::cmd::theme::run(&cli.global, args),
    };
    std::process::exit(code);
}
