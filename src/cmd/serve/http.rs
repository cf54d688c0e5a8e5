//! The HTTP side of `serve`: files of the last good build, the build status, a WebSocket
//! that tells open pages to reload — answered only to this machine's own names, and with
//! idle timeouts so that a stuck client ties up nothing.

use super::Status;
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::{Request, State};
use axum::http::{header, StatusCode, Uri};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use std::future::Future;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

pub(crate) struct App {
    pub out_dir: PathBuf,
    pub port: u16,
    pub status: Arc<Mutex<Status>>,
    /// The build version, sent on every rebuild.
    pub changed: tokio::sync::watch::Sender<u64>,
    pub timeout: Duration,
}

impl App {
    fn status_json(&self) -> String {
        let (version, error) = self
            .status
            .lock()
            .map(|s| (s.version, s.error.clone()))
            .unwrap_or((0, None));
        serde_json::json!({ "version": version, "error": error }).to_string()
    }
}

pub const STATUS_PATH: &str = "/__vypusk/status";
pub const WS_PATH: &str = "/__vypusk/ws";

/// Injected into served HTML only (never into `output/`): listens on the WebSocket, reloads
/// on a new version, shows a failed build over the page, reconnects when the server restarts.
const RELOAD_SCRIPT: &str = r#"<script>(function(){var v=null;function show(t){var o=document.getElementById('__vypusk_error');if(!t){if(o)o.remove();return}if(!o){o=document.createElement('pre');o.id='__vypusk_error';o.setAttribute('role','alert');o.style.cssText='position:fixed;left:0;right:0;bottom:0;max-height:50%;overflow:auto;margin:0;padding:1rem;background:#fff4f4;color:#6b0000;border-top:4px solid #b00020;z-index:2147483647;white-space:pre-wrap;font:0.9rem/1.4 monospace';document.body.appendChild(o)}o.textContent='Сборка не удалась — показана последняя удачная версия.\n\n'+t}function connect(){var ws=new WebSocket((location.protocol==='https:'?'wss://':'ws://')+location.host+'/__vypusk/ws');ws.onmessage=function(m){var s;try{s=JSON.parse(m.data)}catch(e){return}if(v!==null&&s.version!==v){location.reload();return}v=s.version;show(s.error)};ws.onclose=function(){setTimeout(connect,1000)}}connect()})();</script>"#;

pub(crate) async fn serve(listener: tokio::net::TcpListener, app: Arc<App>) -> io::Result<()> {
    let router = Router::new()
        .route(WS_PATH, get(live))
        .route(STATUS_PATH, get(status))
        .fallback(file)
        .layer(middleware::from_fn_with_state(Arc::clone(&app), host_guard))
        .with_state(Arc::clone(&app));
    let listener = TimedListener {
        inner: listener,
        timeout: app.timeout,
    };
    axum::serve(listener, router).await
}

/// Whether a `Host` (or `Origin` authority) names this machine with our port. Anything else —
/// a DNS-rebinding page, a proxy — gets 403: the private reports hold graduates' names.
pub fn host_allowed(host: &str, port: u16) -> bool {
    let host = host.trim().to_ascii_lowercase();
    ["127.0.0.1", "localhost", "[::1]"]
        .iter()
        .any(|name| host == format!("{name}:{port}"))
}

async fn host_guard(State(app): State<Arc<App>>, req: Request, next: Next) -> Response {
    let headers = req.headers();
    let host_ok = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .is_some_and(|h| host_allowed(h, app.port));
    // A WebSocket is not covered by the same-origin policy: its Origin must be ours too.
    let origin_ok = headers
        .get(header::ORIGIN)
        .and_then(|h| h.to_str().ok())
        .is_none_or(|o| {
            o.strip_prefix("http://")
                .is_some_and(|authority| host_allowed(authority, app.port))
        });
    if host_ok && origin_ok {
        next.run(req).await
    } else {
        (
            StatusCode::FORBIDDEN,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            format!(
                "vypusk serve отвечает только по адресу http://127.0.0.1:{}/ (или localhost).\n",
                app.port
            ),
        )
            .into_response()
    }
}

async fn status(State(app): State<Arc<App>>) -> Response {
    (
        [
            (header::CONTENT_TYPE, "application/json"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        app.status_json(),
    )
        .into_response()
}

async fn live(ws: WebSocketUpgrade, State(app): State<Arc<App>>) -> Response {
    ws.on_upgrade(move |socket| push_versions(socket, app))
}

/// Send the status now and after every rebuild; ping so that the idle timeout spares an
/// open page.
async fn push_versions(mut socket: WebSocket, app: Arc<App>) {
    let mut changed = app.changed.subscribe();
    let mut ping = tokio::time::interval(app.timeout / 3);
    if socket
        .send(Message::Text(app.status_json().into()))
        .await
        .is_err()
    {
        return;
    }
    loop {
        tokio::select! {
            c = changed.changed() => {
                if c.is_err() || socket.send(Message::Text(app.status_json().into())).await.is_err() {
                    break;
                }
            }
            _ = ping.tick() => {
                if socket.send(Message::Ping(Default::default())).await.is_err() {
                    break;
                }
            }
            m = socket.recv() => {
                if !matches!(m, Some(Ok(_))) {
                    break;
                }
            }
        }
    }
}

async fn file(State(app): State<Arc<App>>, uri: Uri) -> Response {
    let path = uri.path();
    let (base, rest) = match path.strip_prefix("/_reports") {
        Some(r) => (app.out_dir.join("reports"), r),
        None => (app.out_dir.join("site"), path),
    };
    let Some(file) = resolve(&base, rest) else {
        return not_found();
    };
    match tokio::fs::read(&file).await {
        Ok(bytes) => {
            let mime = mime_guess::from_path(&file).first_or_octet_stream();
            let is_html = mime.essence_str() == "text/html";
            let ctype = if mime.type_() == "text" || mime.essence_str() == "image/svg+xml" {
                format!("{}; charset=utf-8", mime.essence_str())
            } else {
                mime.essence_str().to_string()
            };
            let bytes = if is_html { inject(bytes) } else { bytes };
            (
                [
                    (header::CONTENT_TYPE, ctype),
                    (header::CACHE_CONTROL, "no-cache".to_string()),
                ],
                bytes,
            )
                .into_response()
        }
        Err(_) => not_found(),
    }
}

fn not_found() -> Response {
    let body = format!("<!doctype html><html lang=\"ru\"><meta charset=\"utf-8\"><title>Страница не найдена</title><body><h1>Страница не найдена</h1><p><a href=\"/\">На главную</a></p>{RELOAD_SCRIPT}</body></html>");
    (
        StatusCode::NOT_FOUND,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        body,
    )
        .into_response()
}

/// URL path → file under `base`; `None` for anything that would leave it.
pub fn resolve(base: &Path, url_path: &str) -> Option<PathBuf> {
    let decoded = crate::render::markdown::percent_decode(url_path)?;
    let rel = Path::new(decoded.trim_start_matches('/'));
    if !rel.components().all(|c| matches!(c, Component::Normal(_))) {
        return None;
    }
    let mut p = base.join(rel);
    if p.is_dir() {
        p = p.join("index.html");
    }
    p.is_file().then_some(p)
}

pub fn inject(bytes: Vec<u8>) -> Vec<u8> {
    let html = String::from_utf8_lossy(&bytes);
    match html.rfind("</body>") {
        Some(i) => format!("{}{RELOAD_SCRIPT}{}", &html[..i], &html[i..]).into_bytes(),
        None => format!("{html}{RELOAD_SCRIPT}").into_bytes(),
    }
}

/// Accepts connections wrapped in [`Timed`].
struct TimedListener {
    inner: tokio::net::TcpListener,
    timeout: Duration,
}

impl axum::serve::Listener for TimedListener {
    type Io = Timed;
    type Addr = std::net::SocketAddr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        loop {
            match self.inner.accept().await {
                Ok((stream, addr)) => {
                    let _ = stream.set_nodelay(true);
                    return (Timed::new(stream, self.timeout), addr);
                }
                // Out of file descriptors and the like: wait a little instead of spinning.
                Err(_) => tokio::time::sleep(Duration::from_millis(50)).await,
            }
        }
    }

    fn local_addr(&self) -> io::Result<Self::Addr> {
        self.inner.local_addr()
    }
}

/// A connection that fails with `TimedOut` when a read or a write makes no progress for
/// `timeout`: a client that sends half a request, or never reads the answer, is dropped.
pub(crate) struct Timed {
    inner: tokio::net::TcpStream,
    timeout: Duration,
    read_deadline: Option<Pin<Box<tokio::time::Sleep>>>,
    write_deadline: Option<Pin<Box<tokio::time::Sleep>>>,
}

impl Timed {
    fn new(inner: tokio::net::TcpStream, timeout: Duration) -> Self {
        Timed {
            inner,
            timeout,
            read_deadline: None,
            write_deadline: None,
        }
    }
}

impl AsyncRead for Timed {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        match Pin::new(&mut this.inner).poll_read(cx, buf) {
            Poll::Ready(r) => {
                this.read_deadline = None;
                Poll::Ready(r)
            }
            Poll::Pending => poll_deadline(&mut this.read_deadline, this.timeout, cx),
        }
    }
}

/// After the inner stream said `Pending`: keep waiting unless no progress was made for
/// `timeout` (the deadline starts at the first `Pending` and is cleared by any progress).
fn poll_deadline<T>(
    deadline: &mut Option<Pin<Box<tokio::time::Sleep>>>,
    timeout: Duration,
    cx: &mut Context<'_>,
) -> Poll<io::Result<T>> {
    let d = deadline.get_or_insert_with(|| Box::pin(tokio::time::sleep(timeout)));
    match d.as_mut().poll(cx) {
        Poll::Ready(()) => {
            *deadline = None;
            Poll::Ready(Err(io::Error::new(
                io::ErrorKind::TimedOut,
                "no progress on the connection",
            )))
        }
        Poll::Pending => Poll::Pending,
    }
}

impl AsyncWrite for Timed {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        match Pin::new(&mut this.inner).poll_write(cx, buf) {
            Poll::Ready(r) => {
                this.write_deadline = None;
                Poll::Ready(r)
            }
            Poll::Pending => poll_deadline(&mut this.write_deadline, this.timeout, cx),
        }
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        match Pin::new(&mut this.inner).poll_flush(cx) {
            Poll::Ready(r) => {
                this.write_deadline = None;
                Poll::Ready(r)
            }
            Poll::Pending => poll_deadline(&mut this.write_deadline, this.timeout, cx),
        }
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_shutdown(cx)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        match Pin::new(&mut this.inner).poll_write_vectored(cx, bufs) {
            Poll::Ready(r) => {
                this.write_deadline = None;
                Poll::Ready(r)
            }
            Poll::Pending => poll_deadline(&mut this.write_deadline, this.timeout, cx),
        }
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_our_own_host_names_with_the_port() {
        for ok in [
            "127.0.0.1:1111",
            "localhost:1111",
            "LOCALHOST:1111",
            "[::1]:1111",
        ] {
            assert!(host_allowed(ok, 1111), "{ok}");
        }
        for bad in [
            "127.0.0.1",
            "127.0.0.1:2222",
            "evil.example:1111",
            "localhost.evil.example:1111",
            "",
        ] {
            assert!(!host_allowed(bad, 1111), "{bad}");
        }
    }

    #[test]
    fn resolve_refuses_traversal() {
        let d = tempfile::tempdir().unwrap();
        std::fs::write(d.path().join("index.html"), "x").unwrap();
        assert!(resolve(d.path(), "/").is_some());
        assert!(resolve(d.path(), "/../etc/passwd").is_none());
        assert!(resolve(d.path(), "/%2e%2e/x").is_none());
    }

    #[test]
    fn script_goes_before_body_end() {
        let out = String::from_utf8(inject(b"<html><body>x</body></html>".to_vec())).unwrap();
        assert!(out.contains("x<script>"));
        assert!(out.ends_with("</script></body></html>"));
    }
}
