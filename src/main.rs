//! The `dossier` binary: parse the command line, run one subcommand, exit 0, 1 or 2.

use clap::Parser;
use dossier::cli::{Cli, Command};

fn main() {
    tune_allocator();
    // clap exits with code 2 on usage errors.
    let cli = Cli::parse();
    let code = match &cli.command {
        Command::Build(args) => dossier::cmd::build::run(&cli.global, args),
        Command::Serve(args) => dossier::cmd::serve::run(&cli.global, args),
        Command::Init(args) => dossier::cmd::init::run(&cli.global, args),
        Command::New(args) => dossier::cmd::new::run(&cli.global, args),
        Command::Check(args) => dossier::cmd::check::run(&cli.global, args),
    };
    std::process::exit(code);
}

/// Fit glibc's allocator to how a build uses memory, before any thread starts.
///
/// By default glibc allows eight heaps per core, and a build starts sixteen reader threads
/// (see `content::load`): it made sixteen heaps, each mapped, grown and faulted in on its own,
/// which showed as system time in the read stage. One heap per core avoids that; with so few
/// heaps, a growth step of 8 MiB instead of 128 KiB cuts the calls that grow them from thousands
/// to hundreds without holding much memory back. Measured on the benchmark kit's 1,000 briefs:
/// about 6% less CPU and wall time on tmpfs, less system time on disk; peak memory slightly
/// lower at 1,000, 10,000 and 100,000 briefs (BENCHMARKS.md).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn tune_allocator() {
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get()).max(2);
    let arenas = libc::c_int::try_from(cores).unwrap_or(libc::c_int::MAX);
    // SAFETY: mallopt only sets allocator parameters; it is called before any other thread
    // exists, and a value it refuses leaves the default in place.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, arenas);
        libc::mallopt(libc::M_TOP_PAD, 8 << 20);
    }
}

/// Other allocators keep their defaults.
#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn tune_allocator() {}
