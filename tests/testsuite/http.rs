//! A tiny HTTP/1.1 client over a raw socket (so requests are sent exactly as written, `..` and
//! all), an event-stream listener, and a `dossier serve` process that is stopped on drop.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// A response: status, lower-cased headers, body.
pub struct Resp {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Resp {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }
}

/// Send `method target` and read the whole response.
pub fn request(port: u16, method: &str, target: &str) -> Resp {
    request_as(port, method, target, &format!("127.0.0.1:{port}"))
}

/// Send `method target` naming `host` in the `Host` header, and read the whole response.
pub fn request_as(port: u16, method: &str, target: &str, host: &str) -> Resp {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(s, "{method} {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n").unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let mut lines = head.lines();
    let status = lines.next().and_then(|l| l.split_whitespace().nth(1)).and_then(|c| c.parse().ok()).unwrap_or(0);
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    Resp { status, headers, body: body.to_string() }
}

pub fn get(port: u16, target: &str) -> Resp {
    request(port, "GET", target)
}

/// Poll `check` until it returns `Some` or `secs` pass.
pub fn wait_for<T>(secs: u64, what: &str, mut check: impl FnMut() -> Option<T>) -> T {
    let deadline = Instant::now() + Duration::from_secs(secs);
    loop {
        if let Some(v) = check() {
            return v;
        }
        assert!(Instant::now() < deadline, "timed out after {secs}s waiting for {what}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Event names received on `/__dossier/events`.
pub fn listen(port: u16) -> mpsc::Receiver<(String, String)> {
    let (tx, rx) = mpsc::channel();
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(s, "GET /__dossier/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n").unwrap();
    std::thread::spawn(move || {
        let mut event = String::new();
        for line in BufReader::new(s).lines() {
            let Ok(line) = line else { break };
            if let Some(e) = line.strip_prefix("event: ").or_else(|| line.strip_prefix("event:")) {
                event = e.trim().to_string();
            } else if let Some(d) = line.strip_prefix("data: ").or_else(|| line.strip_prefix("data:"))
                && !event.is_empty()
                && tx.send((std::mem::take(&mut event), d.trim().to_string())).is_err()
            {
                break;
            }
        }
    });
    rx
}

/// Wait for an event named `name`, skipping others.
pub fn expect_event(rx: &mpsc::Receiver<(String, String)>, name: &str, secs: u64) -> String {
    let deadline = Instant::now() + Duration::from_secs(secs);
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match rx.recv_timeout(left) {
            Ok((e, data)) if e == name => return data,
            Ok(_) => continue,
            Err(_) => panic!("no `{name}` event within {secs}s"),
        }
    }
}

/// A running `dossier serve`.
pub struct Server {
    child: Child,
    pub port: u16,
    /// What it printed before it said where it serves.
    pub startup: Vec<String>,
    /// What it prints after that, line by line.
    pub lines: mpsc::Receiver<String>,
}

impl Server {
    pub fn start(root: &Path, extra: &[&str]) -> Server {
        Server::start_with(root, extra, |_| {})
    }

    /// `start`, with the process's open-file limit lowered to `files`.
    pub fn start_with_file_limit(root: &Path, extra: &[&str], files: u64) -> Server {
        Server::start_with(root, extra, |cmd| {
            use std::os::unix::process::CommandExt;
            // SAFETY: setrlimit is async-signal-safe and touches only the child being started.
            unsafe {
                cmd.pre_exec(move || {
                    let rl = libc::rlimit { rlim_cur: files, rlim_max: files };
                    if libc::setrlimit(libc::RLIMIT_NOFILE, &rl) == 0 {
                        Ok(())
                    } else {
                        Err(std::io::Error::last_os_error())
                    }
                });
            }
        })
    }

    fn start_with(root: &Path, extra: &[&str], configure: impl FnOnce(&mut Command)) -> Server {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_dossier"));
        cmd.args(["serve", "--port", "0", "--root"])
            .arg(root)
            .args(extra)
            .env("NO_COLOR", "1")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        configure(&mut cmd);
        let mut child = cmd.spawn().unwrap();
        let (tx, rx) = mpsc::channel();
        for stream in
            [Box::new(child.stdout.take().unwrap()) as Box<dyn Read + Send>, Box::new(child.stderr.take().unwrap())]
        {
            let tx = tx.clone();
            std::thread::spawn(move || {
                for line in BufReader::new(stream).lines().map_while(Result::ok) {
                    if tx.send(line).is_err() {
                        break;
                    }
                }
            });
        }
        let deadline = Instant::now() + Duration::from_secs(30);
        let mut seen = Vec::new();
        let port = loop {
            let line = rx
                .recv_timeout(deadline.saturating_duration_since(Instant::now()))
                .unwrap_or_else(|_| panic!("serve did not start; output so far:\n{}", seen.join("\n")));
            if let Some(i) = line.find("http://127.0.0.1:") {
                let rest = &line[i + "http://127.0.0.1:".len()..];
                break rest.split('/').next().unwrap().parse().unwrap();
            }
            seen.push(line);
        };
        Server { child, port, startup: seen, lines: rx }
    }

    /// The build generation reported by `/__dossier/status`.
    pub fn status(&self) -> serde_json::Value {
        serde_json::from_str(&get(self.port, "/__dossier/status").body).unwrap()
    }
}

impl Server {
    /// Ask the server to stop as Ctrl-C does and wait for it to exit (at most 20 s).
    pub fn stop(mut self) -> std::process::ExitStatus {
        self.interrupt(libc::SIGINT, Duration::from_secs(20)).expect("serve did not stop within 20 s of Ctrl-C")
    }

    /// Send `signal` and wait up to `limit` for the process to exit.
    fn interrupt(&mut self, signal: libc::c_int, limit: Duration) -> Option<std::process::ExitStatus> {
        // SAFETY: kill(2) on our own child's pid; it has not been waited for, so the pid is
        // still ours.
        unsafe { libc::kill(self.child.id() as libc::pid_t, signal) };
        let deadline = Instant::now() + limit;
        while Instant::now() < deadline {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Some(status);
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        None
    }

    /// The process id, which names the preview's private folder.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }
}

impl Drop for Server {
    /// Stop politely (SIGTERM), so the preview removes its private folder, and kill it if it
    /// does not go within a few seconds.
    fn drop(&mut self) {
        if matches!(self.child.try_wait(), Ok(Some(_))) {
            return;
        }
        if self.interrupt(libc::SIGTERM, Duration::from_secs(5)).is_none() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}
