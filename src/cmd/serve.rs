//! `dossier serve`: build, serve over HTTP, watch, rebuild incrementally and live-reload.

use std::net::SocketAddr;
use std::sync::Arc;

use crate::build::BuildOptions;
use crate::cli::{GlobalArgs, ServeArgs};
use crate::cmd::Output;
use crate::serve::rebuild::Live;
use crate::serve::server::{self, AppState, ErrorView};
use crate::serve::{POLL_INTERVAL, run_loop, watch};

/// Run the preview server until Ctrl-C; returns the exit code.
pub fn run(global: &GlobalArgs, args: &ServeArgs) -> i32 {
    let out = Output::detect(global.quiet, global.verbose);
    let listener = match std::net::TcpListener::bind(SocketAddr::new(args.bind, args.port)) {
        Ok(l) => l,
        Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => {
            eprintln!(
                "error: port {} is already in use on {}\n  = hint: pick another one with `--port {}` (or `--port 0` for any free port)",
                args.port,
                args.bind,
                args.port.wrapping_add(1)
            );
            return 1;
        }
        Err(e) => {
            eprintln!("error: cannot listen on {}:{}: {e}", args.bind, args.port);
            return 1;
        }
    };
    let addr = listener.local_addr().map_or(SocketAddr::new(args.bind, args.port), |a| a);
    let host = if addr.ip().is_unspecified() { "127.0.0.1".to_string() } else { addr.ip().to_string() };
    let host = if host.contains(':') { format!("[{host}]") } else { host };
    let url = format!("http://{host}:{}/", addr.port());
    // Links in the preview point at the preview, whatever base_url says.
    let opts = BuildOptions {
        root: global.root.clone(),
        output_dir: args.output_dir.clone(),
        base_url: Some(url.clone()),
        drafts: args.drafts,
    };
    let mut watcher = match watch::watch(&opts.root, args.poll.then_some(POLL_INTERVAL)) {
        Ok(w) => w,
        Err(e) => {
            eprintln!("error: {e}");
            return 1;
        }
    };
    let (mut live, first) = match Live::start(&opts) {
        Ok(x) => x,
        Err(d) => {
            out.print_diagnostics(&d);
            return 1;
        }
    };
    out.print_outcome(&first);
    let dir = opts.output();
    if !first.ok() && !dir.is_dir() {
        // Nothing good to show yet: serve an empty folder with the overlay until it is fixed.
        let _ = std::fs::create_dir_all(&dir);
    }
    let state = AppState::new(&dir);
    state.publish(first.ok(), (!first.ok()).then(|| ErrorView::from_diagnostics(&first.diagnostics)), false);
    println!("serving {} at {url} (Ctrl-C to stop)", opts.root.display());
    if args.open {
        let _ = std::process::Command::new("xdg-open").arg(&url).spawn();
    }
    let rebuild_state = Arc::clone(&state);
    std::thread::spawn(move || {
        run_loop(&mut live, &mut watcher, |o| {
            out.print_outcome(o);
            let error = (!o.ok()).then(|| ErrorView::from_diagnostics(&o.diagnostics));
            rebuild_state.publish(o.ok(), error, o.css_only);
        });
    });
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
        axum::serve(listener, server::router(state))
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await
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
