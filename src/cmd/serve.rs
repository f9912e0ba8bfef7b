//! `dossier serve`: build, serve over HTTP, watch, rebuild incrementally and live-reload.
//! The preview renders into a private folder of its own (see `serve::scratch`), never into the
//! folder a `build` publishes from.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use crate::cli::{GlobalArgs, ServeArgs};
use crate::cmd::{Output, Reporter};
use crate::diagnostics::Diagnostic;
use crate::options::BuildOptions;
use crate::serve::run_loop;
use crate::serve::scratch::PreviewDir;
use crate::serve::server::{self, AppState, ErrorView, HostRule};

/// Run the preview server until Ctrl-C; returns the exit code.
pub fn run(global: &GlobalArgs, args: &ServeArgs) -> i32 {
    let out = Output::detect(global.quiet, global.verbose);
    let Some(listener) = bind(args) else { return 1 };
    let addr = listener.local_addr().map_or(SocketAddr::new(args.bind, args.port), |a| a);
    let host = if addr.ip().is_unspecified() { "127.0.0.1".to_string() } else { addr.ip().to_string() };
    let host = if host.contains(':') { format!("[{host}]") } else { host };
    let url = format!("http://{host}:{}/", addr.port());
    let (output_dir, _private) = match preview_output(global, args) {
        Ok(x) => x,
        Err(d) => {
            let mut diags = crate::diagnostics::Diagnostics::new();
            diags.push(d);
            out.print_diagnostics(&diags);
            return 1;
        }
    };
    // Links in the preview point at the preview, whatever base_url says.
    let mut opts = BuildOptions {
        root: global.root.clone(),
        output_dir: Some(output_dir),
        base_url: Some(url.clone()),
        ..BuildOptions::default()
    };
    args.publish.apply(&mut opts);
    args.cache.apply(&mut opts);
    let (mut live, mut watcher, first) = match crate::serve::start(&opts, args.poll) {
        Ok(x) => x,
        Err(e) => return super::start_failed(e, out),
    };
    let mut reporter =
        Reporter::new(out, ["still serving the last good site", "every page shows the errors until they are fixed"]);
    reporter.report(&first);
    let dir = opts.output();
    if !first.ok() && !dir.is_dir() {
        // Nothing good to show yet: every URL gets the error page until it is fixed.
        let _ = std::fs::create_dir_all(&dir);
    }
    let hosts = HostRule {
        allowed: args.allow_host.iter().map(|h| h.trim().trim_end_matches('.').to_ascii_lowercase()).collect(),
    };
    let state = AppState::new(&dir, hosts);
    state.publish(first.ok(), (!first.ok()).then(|| ErrorView::from_diagnostics(&first.diagnostics)), false);
    println!("serving {} at {url} (Ctrl-C to stop)", opts.root.display());
    warn_if_exposed(addr, &args.publish);
    if args.open {
        let _ = std::process::Command::new("xdg-open").arg(&url).spawn();
    }
    let rebuild_state = Arc::clone(&state);
    std::thread::spawn(move || {
        run_loop(&mut live, &mut watcher, |o| {
            reporter.report(o);
            let error = (!o.ok()).then(|| ErrorView::from_diagnostics(&o.diagnostics));
            rebuild_state.publish(o.ok(), error, o.css_only);
        });
    });
    serve_until_stopped(listener, state, out)
}

/// Listen on `--bind` and `--port`; `None` (the problem printed) when that is not possible.
fn bind(args: &ServeArgs) -> Option<std::net::TcpListener> {
    match std::net::TcpListener::bind(SocketAddr::new(args.bind, args.port)) {
        Ok(l) => Some(l),
        Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => {
            eprintln!(
                "error: port {} is already in use on {}\n  = hint: pick another one with `--port {}` (or `--port 0` for any free port)",
                args.port,
                args.bind,
                args.port.wrapping_add(1)
            );
            None
        }
        Err(e) => {
            eprintln!("error: cannot listen on {}:{}: {e}", args.bind, args.port);
            None
        }
    }
}

/// A preview reachable from other machines is said so: anyone on the network can read it.
fn warn_if_exposed(addr: SocketAddr, publish: &crate::cli::PublishArgs) {
    if addr.ip().is_loopback() {
        return;
    }
    let reach = if addr.ip().is_unspecified() {
        format!(
            "every address of this machine, port {} (http://<this machine's address>:{}/)",
            addr.port(),
            addr.port()
        )
    } else {
        format!("http://{}/", addr)
    };
    eprintln!(
        "warning: the preview listens on {reach}: anyone on your network can read it{}\n  = hint: leave out --bind to keep it on this machine (127.0.0.1)",
        beyond_the_public(publish)
    );
}

/// What the preview shows that a default build would not, as the end of a sentence.
fn beyond_the_public(p: &crate::cli::PublishArgs) -> String {
    let mut shown = Vec::new();
    if p.drafts {
        shown.push("drafts".to_string());
    }
    if p.future {
        shown.push("future briefs".to_string());
    }
    if p.expired {
        shown.push("expired briefs".to_string());
    }
    if let Some(t) = p.max_tlp.filter(|t| *t > crate::marking::Tlp::Clear) {
        shown.push(format!("briefs marked up to {}", t.label()));
    }
    if let Some(a) = &p.audience {
        shown.push(format!("what the audience \"{a}\" may read"));
    }
    match shown.is_empty() {
        true => String::new(),
        false => format!(", {} included", shown.join(", ")),
    }
}

/// Serve the output over HTTP until Ctrl-C; returns the exit code.
fn serve_until_stopped(listener: std::net::TcpListener, state: Arc<AppState>, out: Output) -> i32 {
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: cannot start the server: {e}");
            return 1;
        }
    };
    let result = runtime.block_on(async move {
        listener.set_nonblocking(true)?;
        let listener = tokio::net::TcpListener::from_std(listener)?;
        crate::serve::listen::serve(listener, server::router(state), stop_signal()).await
    });
    match result {
        Ok(()) => {
            if !out.quiet {
                println!("stopped");
            }
            0
        }
        Err(e) => {
            eprintln!("error: server stopped: {e}");
            1
        }
    }
}

/// Where the preview is written: `--output-dir` when given (never the site's `public/`, which is
/// what `build` publishes), else a new private folder that is removed when `serve` stops. The
/// second value owns that folder.
fn preview_output(global: &GlobalArgs, args: &ServeArgs) -> Result<(PathBuf, Option<PreviewDir>), Diagnostic> {
    if let Some(dir) = &args.output_dir {
        let published = global.root.join("public");
        let same = |a: &std::path::Path, b: &std::path::Path| match (a.canonicalize(), b.canonicalize()) {
            (Ok(a), Ok(b)) => a == b,
            _ => std::path::absolute(a).ok() == std::path::absolute(b).ok(),
        };
        if same(dir, &published) {
            return Err(Diagnostic::error(format!(
                "refusing to write the preview into {}: it is where `dossier build` puts the site to publish, \
                 and the preview's pages link to the preview's own address",
                dir.display()
            ))
            .hint("leave out --output-dir (the preview then uses a private folder it removes when it stops), or name another folder"));
        }
        return Ok((dir.clone(), None));
    }
    let tmp = std::env::temp_dir();
    match PreviewDir::create(&tmp, &global.root) {
        Ok(p) => Ok((p.output(), Some(p))),
        Err(e) => Err(Diagnostic::error(format!("cannot make a folder for the preview in {}: {e}", tmp.display()))
            .hint("set TMPDIR to a writable folder, or pass --output-dir DIR")),
    }
}

/// Resolves when the process is asked to stop: Ctrl-C, or a polite kill (SIGTERM, or SIGHUP
/// when the terminal closes), so the server stops cleanly and the preview folder is removed.
async fn stop_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let term = signal(SignalKind::terminate());
        let hup = signal(SignalKind::hangup());
        if let (Ok(mut term), Ok(mut hup)) = (term, hup) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
                _ = hup.recv() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}
