//! The preview server under load: 200 concurrent clients for 10 seconds on loopback while the
//! site is rebuilt again and again. Every response must be a whole page, old or new, never an
//! error or half a file; the server must still answer afterwards.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use crate::http::{Server, get, wait_for};
use crate::prelude::*;

const CLIENTS: usize = 200;
const SECONDS: u64 = 10;

#[test]
fn two_hundred_clients_during_rebuilds_get_whole_pages() {
    let site = Site::new();
    for i in 0..30 {
        site.brief(
            &format!("briefs/b{i:02}.md"),
            &format!("title: Brief {i}\ndate: 2025-01-{:02}\nregion: Gulf\nactors: [Iran, Oman]", 1 + i % 28),
            &"Some text for the page body.\n\n".repeat(50),
        );
    }
    let server = Server::start(site.root(), &[]);
    let port = server.port;
    let paths: Arc<Vec<String>> = Arc::new(
        [
            "/",
            "/timeline/",
            "/regions/gulf/",
            "/actors/iran/",
            "/briefs/b03/",
            "/briefs/b17/",
            "/style.css",
            "/atom.xml",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect(),
    );
    let stop = Arc::new(AtomicBool::new(false));
    let (ok, bad) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
    let problems = Arc::new(std::sync::Mutex::new(Vec::<String>::new()));
    let clients: Vec<_> = (0..CLIENTS)
        .map(|c| {
            let (paths, stop, ok, bad, problems) =
                (paths.clone(), stop.clone(), ok.clone(), bad.clone(), problems.clone());
            std::thread::spawn(move || {
                let mut k = c;
                while !stop.load(Ordering::Relaxed) {
                    let path = &paths[k % paths.len()];
                    k += 1;
                    let r = get(port, path);
                    let len: Option<usize> = r.header("content-length").and_then(|v| v.parse().ok());
                    let whole = r.status == 200
                        && len.is_none_or(|l| l == r.body.len())
                        && (!path.ends_with('/') || r.body.trim_end().ends_with("</html>"));
                    if whole {
                        ok.fetch_add(1, Ordering::Relaxed);
                    } else {
                        bad.fetch_add(1, Ordering::Relaxed);
                        let mut p = problems.lock().unwrap();
                        if p.len() < 5 {
                            p.push(format!("{path}: status {} length {:?} body {}", r.status, len, r.body.len()));
                        }
                    }
                    // Paced, so 200 clients stay within loopback's ephemeral ports.
                    std::thread::sleep(Duration::from_millis(25));
                }
            })
        })
        .collect();
    // Rebuild all the while: retitle a brief every 300 ms.
    let start = Instant::now();
    let mut n = 0;
    while start.elapsed() < Duration::from_secs(SECONDS) {
        n += 1;
        site.brief(
            "briefs/b03.md",
            &format!("title: Brief 3, edit {n}\ndate: 2025-01-04\nregion: Gulf\nactors: [Iran, Oman]"),
            &"Some text for the page body.\n\n".repeat(50),
        );
        std::thread::sleep(Duration::from_millis(300));
    }
    stop.store(true, Ordering::Relaxed);
    for c in clients {
        c.join().unwrap();
    }
    let (ok, bad) = (ok.load(Ordering::Relaxed), bad.load(Ordering::Relaxed));
    assert_eq!(bad, 0, "{bad} bad responses out of {}: {:?}", ok + bad, problems.lock().unwrap());
    assert!(ok > CLIENTS * 10, "only {ok} responses in {SECONDS}s");
    // Still up, and serving the last edit.
    let last = format!("Brief 3, edit {n}");
    wait_for(10, "the last edit", || {
        let r = get(port, "/briefs/b03/");
        (r.status == 200 && r.body.contains(&last)).then_some(())
    });
}
