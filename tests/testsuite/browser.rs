//! The site in a real browser: `tests/e2e/run.mjs` serves a copy of the example site with
//! `dossier serve` and drives Debian's Chromium through playwright-core (pages load cleanly,
//! navigation, search, live reload and the error overlay, axe-core in light and dark, screenshots),
//! then serves an Arabic site (`tests/e2e/rtl-site`) and checks that its brief is laid out right to
//! left, with screenshots and axe of its own.
//!
//! Needs `/usr/bin/chromium`, `node` and the packages from `npm ci --prefix tests/e2e`, so a plain
//! `cargo test` lists it as ignored, saying why; `scripts/test` (the README's test command, which
//! `.ci/run` calls) installs them and runs it. Run that way, a missing piece fails the test: it
//! never skips.

use std::io::Read;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::prelude::*;

const CHROMIUM: &str = "/usr/bin/chromium";
const TIME_LIMIT: Duration = Duration::from_secs(180);

/// Read a child's pipe to the end on another thread, so a chatty child never blocks on it.
fn drain(pipe: Option<impl Read + Send + 'static>) -> std::thread::JoinHandle<String> {
    std::thread::spawn(move || {
        let mut text = String::new();
        if let Some(mut pipe) = pipe {
            let _ = pipe.read_to_string(&mut text);
        }
        text
    })
}

/// Kill the child and everything it started (it leads its own process group).
fn kill_group(child: &mut Child) {
    let _ = Command::new("kill").args(["-KILL", "--", &format!("-{}", child.id())]).status();
    let _ = child.kill();
}

#[test]
#[ignore = "needs Chromium, node and tests/e2e/node_modules: `scripts/test` installs them and runs it"]
fn browser_end_to_end() {
    let e2e = repo().join("tests/e2e");
    assert!(
        Path::new(CHROMIUM).exists(),
        "{CHROMIUM} is missing: the browser tests need Debian's chromium (`apt-get install chromium`; .ci/run does)"
    );
    assert!(
        e2e.join("node_modules/playwright-core").is_dir() && e2e.join("node_modules/axe-core").is_dir(),
        "tests/e2e/node_modules is missing playwright-core or axe-core: run `npm ci --prefix tests/e2e`; .ci/run does"
    );
    let out: PathBuf = Path::new(env!("CARGO_TARGET_TMPDIR")).join("screenshots");

    let started = Instant::now();
    let mut child = Command::new("node")
        .arg(e2e.join("run.mjs"))
        .current_dir(repo())
        .env("DOSSIER_BIN", env!("CARGO_BIN_EXE_dossier"))
        .env("E2E_OUT", &out)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .process_group(0)
        .spawn()
        .unwrap_or_else(|e| panic!("could not run `node tests/e2e/run.mjs` (is node installed?): {e}"));
    let stdout = drain(child.stdout.take());
    let stderr = drain(child.stderr.take());

    let status = loop {
        if let Some(status) = child.try_wait().expect("waiting for node") {
            break Some(status);
        }
        if started.elapsed() > TIME_LIMIT {
            kill_group(&mut child);
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let output = format!(
        "--- stdout ---\n{}\n--- stderr ---\n{}",
        stdout.join().unwrap_or_default(),
        stderr.join().unwrap_or_default()
    );
    match status {
        None => panic!("the browser tests did not finish within {} s\n{output}", TIME_LIMIT.as_secs()),
        Some(s) if !s.success() => panic!("the browser tests failed ({s})\n{output}"),
        Some(_) => println!("{output}\nscreenshots in {}", out.display()),
    }
}
