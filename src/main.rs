//! The `dossier` binary: parse the command line, run one subcommand, exit 0, 1 or 2.

use clap::Parser;
use dossier::cli::{Cli, Command};

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
        Command::Import(args) => dossier::cmd::import::run(&cli.global, args),
        Command::Clean(args) => dossier::cmd::clean::run(&cli.global, args),
    };
    std::process::exit(code);
}
