//! The preview HTTP server (axum): files from the output folder with strict path rules, the
//! live-reload script and event stream, and the build-error overlay. State is passed in an
//! `Arc<AppState>`; the server never renders anything itself.

use std::convert::Infallible;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderValue, Method, Request, Response, StatusCode, header};
use axum::response::IntoResponse;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::routing::get;
use futures_util::stream::{self, Stream};
use tokio::sync::broadcast;

use crate::diagnostics::Diagnostics;

/// URL prefix reserved for the preview's own endpoints.
pub const PREFIX: &str = "/__dossier/";
const SCRIPT: &str = include_str!("livereload.js");
/// Longest request target accepted; longer ones get 414.
pub const MAX_URI: usize = 4096;

/// A build error as the browser shows it.
#[derive(Debug, Clone, serde::Serialize, PartialEq)]
pub struct ErrorView {
    /// The diagnostics, printed as in the terminal (without colour).
    pub text: String,
    /// One entry per error: file, line and message.
    pub errors: Vec<ErrorItem>,
}

/// One error for the overlay and the status endpoint.
#[derive(Debug, Clone, serde::Serialize, PartialEq)]
pub struct ErrorItem {
    /// File at fault.
    pub file: Option<String>,
    /// 1-based line.
    pub line: Option<usize>,
    /// What is wrong.
    pub message: String,
}

impl ErrorView {
    /// The errors (not warnings) of a failed rebuild.
    pub fn from_diagnostics(d: &Diagnostics) -> ErrorView {
        let errors: Vec<_> = d.sorted().into_iter().filter(|d| d.is_error()).collect();
        ErrorView {
            text: errors.iter().map(|d| d.render(false)).collect::<Vec<_>>().join("\n"),
            errors: errors
                .iter()
                .map(|d| ErrorItem {
                    file: d.path.as_ref().map(|p| p.to_string_lossy().replace('\\', "/")),
                    line: d.line,
                    message: d.message.clone(),
                })
                .collect(),
        }
    }
}

/// What the browser is told after a rebuild.
#[derive(Debug, Clone)]
pub enum LiveEvent {
    /// Pages changed: reload.
    Reload,
    /// Only stylesheets changed: swap them.
    Css,
    /// The rebuild failed: show the overlay.
    Failed(ErrorView),
}

/// The current build state, as `/__dossier/status` reports it.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Status {
    /// Rebuilds finished so far (the initial build is 1).
    pub generation: u64,
    /// True when the output matches the sources.
    pub ok: bool,
    /// The last rebuild's errors.
    pub error: Option<ErrorView>,
}

/// Which `Host` a request may name. A page on another site can make the browser send requests
/// to the preview through a domain it controls that it points at 127.0.0.1 (DNS rebinding);
/// such requests name the attacker's domain, so only names that cannot be rebound are accepted:
/// IP addresses, `localhost` and its subdomains, and the names the user allowed.
#[derive(Debug, Clone, Default)]
pub struct HostRule {
    /// Extra names accepted (lower case, without a port), from `--allow-host`.
    pub allowed: Vec<String>,
}

impl HostRule {
    /// True when a request naming `host` (a `Host` header value, port included) is answered.
    /// A request without a `Host` (HTTP/1.0 tools) is answered: browsers always send one.
    pub fn allows(&self, host: Option<&str>) -> bool {
        let Some(host) = host else { return true };
        let name = match host.strip_prefix('[') {
            // [v6]:port
            Some(rest) => match rest.split_once(']') {
                Some((v6, _)) => return v6.parse::<std::net::Ipv6Addr>().is_ok(),
                None => return false,
            },
            None => host
                .rsplit_once(':')
                .map_or(host, |(n, port)| if port.bytes().all(|b| b.is_ascii_digit()) { n } else { host }),
        };
        let name = name.trim_end_matches('.').to_ascii_lowercase();
        name.parse::<std::net::Ipv4Addr>().is_ok()
            || name == "localhost"
            || name.ends_with(".localhost")
            || self.allowed.contains(&name)
    }
}

/// Shared by every request handler and the rebuild loop.
pub struct AppState {
    /// The folder being served (canonical).
    pub dir: PathBuf,
    /// Which `Host` names are answered.
    pub hosts: HostRule,
    /// Build status.
    pub status: RwLock<Status>,
    /// Rebuild notifications for the event streams.
    pub events: broadcast::Sender<LiveEvent>,
}

impl AppState {
    /// State for serving `dir` to requests that name one of `hosts`.
    pub fn new(dir: &Path, hosts: HostRule) -> Arc<AppState> {
        let dir = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
        let (events, _) = broadcast::channel(64);
        Arc::new(AppState { dir, hosts, status: RwLock::new(Status::default()), events })
    }

    /// Record a rebuild's result and tell the browsers.
    pub fn publish(&self, ok: bool, error: Option<ErrorView>, css_only: bool) {
        if let Ok(mut s) = self.status.write() {
            s.generation += 1;
            s.ok = ok;
            s.error = error.clone();
        }
        let event = match error {
            Some(e) => LiveEvent::Failed(e),
            None if css_only => LiveEvent::Css,
            None => LiveEvent::Reload,
        };
        let _ = self.events.send(event);
    }

    fn current_error(&self) -> Option<ErrorView> {
        self.status.read().ok().and_then(|s| s.error.clone())
    }
}

/// The router: preview endpoints, then files; every request first passes the `Host` check.
pub fn router(state: Arc<AppState>) -> Router {
    Router::new()
        .route("/__dossier/events", get(events))
        .route("/__dossier/livereload.js", get(script))
        .route("/__dossier/status", get(status))
        .fallback(files)
        .layer(axum::middleware::from_fn_with_state(Arc::clone(&state), check_host))
        .with_state(state)
}

/// Refuse, with 403, a request whose `Host` the preview does not answer (see `HostRule`).
async fn check_host(
    State(state): State<Arc<AppState>>,
    req: Request<Body>,
    next: axum::middleware::Next,
) -> Response<Body> {
    let host = req.headers().get(header::HOST).map(|h| h.to_str().unwrap_or("\u{0}"));
    if state.hosts.allows(host) {
        return next.run(req).await;
    }
    plain(
        StatusCode::FORBIDDEN,
        "403 forbidden: the dossier preview answers only requests for localhost or an IP address \
         (start it with --allow-host NAME to add a name)\n",
    )
}

async fn script() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "text/javascript; charset=utf-8"), (header::CACHE_CONTROL, "no-store")], SCRIPT)
}

async fn status(State(state): State<Arc<AppState>>) -> impl IntoResponse {
    let s = state.status.read().map(|s| s.clone()).unwrap_or_default();
    let body = serde_json::to_string(&s).unwrap_or_else(|_| "{}".into());
    ([(header::CONTENT_TYPE, "application/json"), (header::CACHE_CONTROL, "no-store")], body)
}

async fn events(State(state): State<Arc<AppState>>) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let rx = state.events.subscribe();
    // A page opened while the build is broken shows the overlay at once.
    let first = state.current_error().map(LiveEvent::Failed);
    let stream = stream::unfold((first, rx), |(pending, mut rx)| async move {
        if let Some(ev) = pending {
            return Some((Ok(to_sse(&ev)), (None, rx)));
        }
        match rx.recv().await {
            Ok(ev) => Some((Ok(to_sse(&ev)), (None, rx))),
            // Missed some events: a reload covers whatever they were.
            Err(broadcast::error::RecvError::Lagged(_)) => Some((Ok(to_sse(&LiveEvent::Reload)), (None, rx))),
            Err(broadcast::error::RecvError::Closed) => None,
        }
    });
    // A comment well within the idle limit keeps an open page's stream from being closed.
    Sse::new(stream).keep_alive(KeepAlive::new().interval(crate::serve::listen::IDLE_TIMEOUT / 3))
}

fn to_sse(ev: &LiveEvent) -> Event {
    match ev {
        LiveEvent::Reload => Event::default().event("reload").data("reload"),
        LiveEvent::Css => Event::default().event("css").data("css"),
        LiveEvent::Failed(e) => {
            // The errors as data (for tools), and the overlay to show, rendered here once.
            #[derive(serde::Serialize)]
            struct Announced<'a> {
                #[serde(flatten)]
                view: &'a ErrorView,
                html: String,
            }
            let announced = Announced { view: e, html: overlay_html(e, true) };
            Event::default().event("build-error").data(serde_json::to_string(&announced).unwrap_or_default())
        }
    }
}

/// Why a request path was refused.
#[derive(Debug, PartialEq, Eq)]
pub enum PathError {
    /// Not valid percent-encoding or not UTF-8: 400.
    Malformed,
    /// Tries to leave the served folder: 404.
    Forbidden,
}

/// Decode a request path into safe segments: percent-decoding first, then refusing `..`, `.`,
/// backslashes and NUL anywhere, so no encoding can climb out of the served folder.
pub fn safe_segments(raw: &str) -> Result<Vec<String>, PathError> {
    let decoded = percent_decode(raw).ok_or(PathError::Malformed)?;
    if decoded.contains('\\') || decoded.contains('\0') || !decoded.starts_with('/') {
        return Err(PathError::Forbidden);
    }
    let mut out = Vec::new();
    for seg in decoded.split('/').filter(|s| !s.is_empty()) {
        if seg == ".." || seg == "." {
            return Err(PathError::Forbidden);
        }
        out.push(seg.to_string());
    }
    Ok(out)
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// MIME type for a file name.
pub fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref() {
        Some("html" | "htm") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("json") => "application/json",
        Some("ndjson") => "application/x-ndjson",
        Some("csv") => "text/csv; charset=utf-8",
        Some("ics") => "text/calendar; charset=utf-8",
        Some("xml") => "application/xml",
        Some("txt") => "text/plain; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("gif") => "image/gif",
        Some("webp") => "image/webp",
        Some("avif") => "image/avif",
        Some("ico") => "image/x-icon",
        Some("woff") => "font/woff",
        Some("woff2") => "font/woff2",
        Some("ttf") => "font/ttf",
        Some("otf") => "font/otf",
        Some("pdf") => "application/pdf",
        _ => "application/octet-stream",
    }
}

fn plain(status: StatusCode, msg: &'static str) -> Response<Body> {
    let mut r = Response::new(Body::from(msg));
    *r.status_mut() = status;
    r.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("text/plain; charset=utf-8"));
    r
}

async fn files(State(state): State<Arc<AppState>>, req: Request<Body>) -> Response<Body> {
    if req.method() != Method::GET && req.method() != Method::HEAD {
        let mut r = plain(StatusCode::METHOD_NOT_ALLOWED, "405 method not allowed\n");
        r.headers_mut().insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return r;
    }
    let uri = req.uri();
    if uri.to_string().len() > MAX_URI {
        return plain(StatusCode::URI_TOO_LONG, "414 URI too long\n");
    }
    let segments = match safe_segments(uri.path()) {
        Ok(s) => s,
        Err(PathError::Malformed) => return plain(StatusCode::BAD_REQUEST, "400 bad request\n"),
        Err(PathError::Forbidden) => return not_found(&state),
    };
    let mut path = state.dir.clone();
    for s in &segments {
        path.push(s);
    }
    if path.is_dir() {
        if !uri.path().ends_with('/') {
            // One leading slash only: `//host/x` would be another host to the browser.
            let mut loc = format!("/{}/", uri.path().trim_start_matches('/'));
            if let Some(q) = uri.query() {
                loc.push('?');
                loc.push_str(q);
            }
            let mut r = Response::new(Body::empty());
            *r.status_mut() = StatusCode::MOVED_PERMANENTLY;
            if let Ok(v) = HeaderValue::from_str(&loc) {
                r.headers_mut().insert(header::LOCATION, v);
            }
            return r;
        }
        path.push("index.html");
    }
    match read_inside(&state.dir, &path).await {
        Some(bytes) => respond(&state, &path, bytes, StatusCode::OK),
        None => not_found(&state),
    }
}

/// Read `path` only if, with symlinks resolved, it is a file inside `dir`.
async fn read_inside(dir: &Path, path: &Path) -> Option<Vec<u8>> {
    let real = tokio::fs::canonicalize(path).await.ok()?;
    if !real.starts_with(dir) || !real.is_file() {
        return None;
    }
    tokio::fs::read(&real).await.ok()
}

/// A URL with nothing behind it: while the build is broken, the error page (the page may be
/// missing only because of the errors); else the site's 404 page.
fn not_found(state: &AppState) -> Response<Body> {
    if let Some(e) = state.current_error() {
        let mut r = Response::new(Body::from(error_page(&e)));
        *r.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
        r.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
        r.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        return r;
    }
    let page = state.dir.join("404.html");
    match std::fs::read(&page) {
        Ok(bytes) => respond(state, &page, bytes, StatusCode::NOT_FOUND),
        Err(_) => plain(StatusCode::NOT_FOUND, "404 not found\n"),
    }
}

fn respond(state: &AppState, path: &Path, bytes: Vec<u8>, status: StatusCode) -> Response<Body> {
    let ctype = content_type(path);
    let body = if ctype.starts_with("text/html") { inject(bytes, state.current_error().as_ref()) } else { bytes };
    let mut r = Response::new(Body::from(body));
    *r.status_mut() = status;
    r.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(ctype));
    r.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

/// The overlay's look, in every HTML page the preview serves. Every colour is set on the
/// overlay's own elements, with the page's styles reset, so no theme rule (a light `pre`
/// background, say) can leave its text unreadable; it follows the reader's colour scheme, and
/// both schemes keep well over WCAG AA contrast (4.5:1) for the text and the heading.
pub const OVERLAY_CSS: &str = "#__dossier_overlay{all:initial;position:fixed;inset:0;z-index:2147483647;\
overflow:auto;box-sizing:border-box;padding:2rem;background:#ffffff!important;color:#1b1b1b!important;\
font:14px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;color-scheme:light}\
#__dossier_overlay *{all:revert;box-sizing:border-box;color:inherit!important;background:transparent!important;\
font:inherit;text-shadow:none}\
#__dossier_overlay h2{font:700 18px/1.3 system-ui,sans-serif;margin:0 0 1rem;color:#a4000f!important}\
#__dossier_overlay ul{margin:0 0 1.25rem;padding:0 0 0 1.25rem}\
#__dossier_overlay li{margin:0 0 .25rem}\
#__dossier_overlay pre{white-space:pre-wrap;margin:0;padding:0;border:0}\
#__dossier_overlay button{border:1px solid currentColor;border-radius:4px;padding:.25rem .75rem;\
margin:0 0 1rem;cursor:pointer;font:600 14px/1.4 system-ui,sans-serif}\
@media (prefers-color-scheme:dark){#__dossier_overlay{background:#16181d!important;color:#eceff4!important;\
color-scheme:dark}#__dossier_overlay h2{color:#ff9e94!important}}";

/// The overlay as HTML: a heading, a button that hides it when there is a last good page to
/// look at under it (`over_last_good`; the live-reload script makes the button work), one line
/// per error (file, line, message), then the full report as printed in the terminal. The
/// server renders it both into pages and into the `build-error` event, so the browser shows
/// one overlay however it learnt of the failure.
fn overlay_html(e: &ErrorView, over_last_good: bool) -> String {
    use crate::escape;
    let heading = match over_last_good {
        true => "dossier: the last rebuild failed — showing the last good version",
        false => "dossier: the site cannot be built — fix the errors below and this page reloads by itself",
    };
    let mut out = format!("<div id=\"__dossier_overlay\" role=\"alert\"><h2>{heading}</h2>");
    if over_last_good {
        out.push_str("<button type=\"button\" data-dossier-hide>Hide until the next rebuild</button>");
    }
    out.push_str("<ul>");
    for item in &e.errors {
        out.push_str("<li>");
        if let Some(f) = &item.file {
            out.push_str(&escape::html(f));
            if let Some(l) = item.line {
                out.push_str(&format!(":{l}"));
            }
            out.push_str(": ");
        }
        out.push_str(&escape::html(&item.message));
        out.push_str("</li>");
    }
    out.push_str("</ul><pre>");
    out.push_str(&escape::html(&e.text));
    out.push_str("</pre></div>");
    out
}

/// Add the live-reload script, the overlay's style and, while the build is broken, a
/// server-rendered overlay to an HTML page, just before `</body>`.
pub fn inject(bytes: Vec<u8>, error: Option<&ErrorView>) -> Vec<u8> {
    let mut tag = format!("<style id=\"__dossier_style\">{OVERLAY_CSS}</style>");
    if let Some(e) = error {
        tag.push_str(&overlay_html(e, true));
    }
    tag.push_str("<script src=\"/__dossier/livereload.js\"></script>");
    let text = String::from_utf8_lossy(&bytes);
    let out = match text.rfind("</body>") {
        Some(i) => format!("{}{tag}{}", &text[..i], &text[i..]),
        None => format!("{text}{tag}"),
    };
    out.into_bytes()
}

/// The page for any URL while the site has errors and no good version of that URL exists (a
/// site broken since `serve` started): the errors with their files and lines, and the
/// live-reload script, so fixing them brings the real page up by itself.
pub fn error_page(e: &ErrorView) -> Vec<u8> {
    format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
<meta name=\"color-scheme\" content=\"light dark\"><title>Build failed · dossier preview</title>\
<style id=\"__dossier_style\">{OVERLAY_CSS}</style></head><body>{}\
<script src=\"/__dossier/livereload.js\"></script></body></html>",
        overlay_html(e, false)
    )
    .into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traversal_in_every_encoding_is_refused() {
        for p in [
            "/../etc/passwd",
            "/a/../../b",
            "/%2e%2e/etc",
            "/%2E%2E%2Fetc",
            "/a\\..\\b",
            "/a%5c..%5cb",
            "/a%00b",
            "/./x",
        ] {
            assert_eq!(safe_segments(p), Err(PathError::Forbidden), "{p}");
        }
        assert_eq!(safe_segments("/%zz"), Err(PathError::Malformed));
        assert_eq!(safe_segments("/%ff"), Err(PathError::Malformed));
        assert_eq!(safe_segments("/briefs/x/").unwrap(), ["briefs", "x"]);
        assert_eq!(safe_segments("/regions/c%C3%B4te/").unwrap(), ["regions", "côte"]);
    }

    #[test]
    fn only_names_that_cannot_be_rebound_are_answered() {
        let rule = HostRule { allowed: vec!["preview.internal".into()] };
        for ok in [
            None,
            Some("127.0.0.1:4747"),
            Some("127.0.0.1"),
            Some("[::1]:4747"),
            Some("192.168.1.20:4747"),
            Some("localhost:4747"),
            Some("LOCALHOST"),
            Some("app.localhost:80"),
            Some("preview.internal:4747"),
            Some("localhost.:4747"),
        ] {
            assert!(rule.allows(ok), "{ok:?}");
        }
        for bad in [
            Some("evil.example:4747"),
            Some("localhost.evil.example"),
            Some("127.0.0.1.nip.io:4747"),
            Some("[::1"),
            Some("[evil]:80"),
            Some(""),
            Some("\u{0}"),
        ] {
            assert!(!rule.allows(bad), "{bad:?}");
        }
    }

    #[test]
    fn content_types() {
        for (f, t) in [
            ("a.html", "text/html"),
            ("a.css", "text/css"),
            ("a.svg", "image/svg+xml"),
            ("a.woff2", "font/woff2"),
            ("calendar.ics", "text/calendar"),
            ("briefs.csv", "text/csv"),
            ("briefs.ndjson", "application/x-ndjson"),
        ] {
            assert!(content_type(Path::new(f)).starts_with(t), "{f}");
        }
    }

    #[test]
    fn injection_goes_before_body_end() {
        let out = String::from_utf8(inject(b"<html><body><p>x</p></body></html>".to_vec(), None)).unwrap();
        assert!(out.ends_with("<script src=\"/__dossier/livereload.js\"></script></body></html>"), "{out}");
        let err = ErrorView {
            text: "<bad> line 3".into(),
            errors: vec![ErrorItem { file: Some("content/a.md".into()), line: Some(3), message: "<bad>".into() }],
        };
        let out = String::from_utf8(inject(b"<body></body>".to_vec(), Some(&err))).unwrap();
        assert!(out.contains("&lt;bad&gt; line 3") && out.contains("__dossier_overlay"));
        assert!(out.contains("<li>content/a.md:3: &lt;bad&gt;</li>"), "{out}");
        let page = String::from_utf8(error_page(&err)).unwrap();
        assert!(page.starts_with("<!doctype html>") && page.contains("content/a.md:3"), "{page}");
    }
}
