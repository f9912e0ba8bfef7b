//! Accepting connections for the preview with bounded cost: a cap on open connections derived
//! from the process's file limit, a deadline for each request's headers (slow senders), and an
//! idle limit on every connection, shortened while the cap is nearly reached, so a flood of idle
//! sockets can delay the author's browser by a second or two but never lock it out.

use std::convert::Infallible;
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};

/// How long a client has to send a request's headers once it starts one.
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(10);
/// A connection with no bytes in either direction for this long is closed. The event stream
/// sends a comment well within it, so open pages stay connected.
pub const IDLE_TIMEOUT: Duration = Duration::from_secs(30);
/// The idle limit while more than three quarters of the connection cap are in use.
pub const BUSY_IDLE_TIMEOUT: Duration = Duration::from_secs(2);
/// How often idle connections are looked for.
const IDLE_CHECK: Duration = Duration::from_millis(250);

/// How many connections may be open at once: half the process's file limit (the rest is for
/// the build, which opens files too), between 16 and 1,024.
pub fn connection_cap() -> usize {
    let limit = crate::platform::open_file_limit().unwrap_or(1024);
    (limit / 2).clamp(16, 1024)
}

/// Serve `router` on `listener` until `stop` resolves; connections still open then are dropped.
pub async fn serve(listener: TcpListener, router: axum::Router, stop: impl Future<Output = ()>) -> io::Result<()> {
    let cap = connection_cap();
    let open = Arc::new(AtomicUsize::new(0));
    let permits = Arc::new(tokio::sync::Semaphore::new(cap));
    let service = hyper_util::service::TowerToHyperService::new(router);
    tokio::pin!(stop);
    loop {
        let permit = tokio::select! {
            _ = &mut stop => return Ok(()),
            p = Arc::clone(&permits).acquire_owned() => match p {
                Ok(p) => p,
                Err(_) => return Ok(()),
            },
        };
        let (stream, _) = tokio::select! {
            _ = &mut stop => return Ok(()),
            accepted = listener.accept() => match accepted {
                Ok(x) => x,
                // Out of descriptors or a connection reset before it was accepted: wait a
                // moment and go on rather than stop serving.
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
        };
        let _ = stream.set_nodelay(true);
        let service = service.clone();
        let open = Arc::clone(&open);
        open.fetch_add(1, Ordering::Relaxed);
        tokio::spawn(async move {
            let _ = connection(stream, service, &open, cap).await;
            open.fetch_sub(1, Ordering::Relaxed);
            drop(permit);
        });
    }
}

async fn connection(
    stream: TcpStream,
    service: hyper_util::service::TowerToHyperService<axum::Router>,
    open: &AtomicUsize,
    cap: usize,
) -> Result<(), Infallible> {
    let started = Instant::now();
    let last = Arc::new(AtomicU64::new(0));
    let io = hyper_util::rt::TokioIo::new(Tracked { inner: stream, started, last: Arc::clone(&last) });
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder.timer(hyper_util::rt::TokioTimer::new()).header_read_timeout(HEADER_TIMEOUT);
    let conn = builder.serve_connection(io, service);
    tokio::pin!(conn);
    let mut tick = tokio::time::interval(IDLE_CHECK);
    loop {
        tokio::select! {
            _ = &mut conn => return Ok(()),
            _ = tick.tick() => {
                let limit = if open.load(Ordering::Relaxed) * 4 > cap * 3 { BUSY_IDLE_TIMEOUT } else { IDLE_TIMEOUT };
                let quiet = started.elapsed().saturating_sub(Duration::from_millis(last.load(Ordering::Relaxed)));
                if quiet > limit {
                    return Ok(());
                }
            }
        }
    }
}

/// A stream that records when bytes last moved, in milliseconds since the connection began.
struct Tracked {
    inner: TcpStream,
    started: Instant,
    last: Arc<AtomicU64>,
}

impl Tracked {
    fn touch(&self) {
        let ms = u64::try_from(self.started.elapsed().as_millis()).unwrap_or(u64::MAX);
        self.last.store(ms, Ordering::Relaxed);
    }
}

impl AsyncRead for Tracked {
    fn poll_read(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        let r = Pin::new(&mut self.inner).poll_read(cx, buf);
        if matches!(r, Poll::Ready(Ok(()))) && buf.filled().len() > before {
            self.touch();
        }
        r
    }
}

impl AsyncWrite for Tracked {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, data: &[u8]) -> Poll<io::Result<usize>> {
        let r = Pin::new(&mut self.inner).poll_write(cx, data);
        if matches!(r, Poll::Ready(Ok(n)) if n > 0) {
            self.touch();
        }
        r
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let r = Pin::new(&mut self.inner).poll_write_vectored(cx, bufs);
        if matches!(r, Poll::Ready(Ok(n)) if n > 0) {
            self.touch();
        }
        r
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }
}
