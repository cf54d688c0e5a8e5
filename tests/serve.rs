//! `vypusk serve`: serves the built site on 127.0.0.1, rebuilds on change, and after a failed
//! rebuild keeps serving the last good site while reporting the error to the page.

mod common;
use common::*;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

struct Server(Child);
impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn get(port: u16, path: &str) -> Option<(u16, String)> {
    get_as(port, path, &format!("127.0.0.1:{port}"))
}

/// GET with a given `Host` header, as a browser (or a DNS-rebinding page) would send it.
fn get_as(port: u16, path: &str, host: &str) -> Option<(u16, String)> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .ok()?;
    let mut buf = Vec::new();
    s.read_to_end(&mut buf).ok()?;
    let text = String::from_utf8_lossy(&buf).into_owned();
    let code = text.split_whitespace().nth(1)?.parse().ok()?;
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    Some((code, body))
}

/// Poll (bounded) until `cond` holds on the status JSON.
fn wait_status(port: u16, cond: impl Fn(&serde_json::Value) -> bool) -> serde_json::Value {
    let start = Instant::now();
    loop {
        if let Some((200, body)) = get(port, "/__vypusk/status") {
            if let Ok(v) = serde_json::from_str::<serde_json::Value>(&body) {
                if cond(&v) {
                    return v;
                }
            }
        }
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "serve did not reach the expected state"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// `vypusk serve` on a free port of 127.0.0.1, with an idle timeout of `timeout_ms`.
fn start(root: &std::path::Path, timeout_ms: u64) -> (Server, u16) {
    let port = free_port();
    let child = std::process::Command::new(assert_cmd::cargo::cargo_bin("vypusk"))
        .args(["serve", "--port", &port.to_string(), "--root"])
        .arg(root)
        .env("VYPUSK_SERVE_TIMEOUT_MS", timeout_ms.to_string())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    (Server(child), port)
}

#[test]
fn serves_rebuilds_and_survives_a_bad_edit() {
    let d = tempfile::tempdir().unwrap();
    copy_example(d.path());
    let (_server, port) = start(d.path(), 15_000);
    let v0 = wait_status(port, |v| v["version"].as_u64() >= Some(1));
    assert!(v0["error"].is_null());

    let (code, home) = get(port, "/").unwrap();
    assert_eq!(code, 200);
    assert!(home.contains("Содействие трудоустройству"));
    assert!(home.contains("/__vypusk/ws"), "live-reload script injected");
    assert_eq!(get(port, "/../vypusk.yaml").map(|r| r.0), Some(404));
    assert_eq!(get(port, "/nope.html").map(|r| r.0), Some(404));
    let on_disk = read(d.path().join("output/site/index.html"));
    assert!(
        !on_disk.contains("/__vypusk/ws"),
        "output/ itself stays clean"
    );

    // a good edit is rebuilt and served
    let events = d.path().join("content/events.md");
    let mut text = read(&events);
    text.push_str("\nНовая ярмарка вакансий ПРОВЕРКА-СЕРВЕРА.\n");
    std::fs::write(&events, &text).unwrap();
    let v1 = wait_status(port, |v| v["version"].as_u64() > v0["version"].as_u64());
    assert!(v1["error"].is_null(), "{v1}");
    assert!(get(port, "/events.html")
        .unwrap()
        .1
        .contains("ПРОВЕРКА-СЕРВЕРА"));

    // vypusk.yaml replaced by an editor (write a copy, rename over) — twice: both are noticed
    let cfg = d.path().join("vypusk.yaml");
    let original = read(&cfg);
    let mut last = v1["version"].as_u64().unwrap();
    for marker in ["ПЕРВАЯ-ПРАВКА", "ВТОРАЯ-ПРАВКА"] {
        let tmp = d.path().join(".vypusk.yaml.tmp");
        std::fs::write(&tmp, original.replacen("Пт: 8:30–16:00", marker, 1)).unwrap();
        std::fs::rename(&tmp, &cfg).unwrap();
        let v = wait_status(port, |v| v["version"].as_u64() > Some(last));
        assert!(v["error"].is_null(), "{v}");
        last = v["version"].as_u64().unwrap();
        assert!(
            get(port, "/").unwrap().1.contains(marker),
            "{marker} not rebuilt"
        );
    }
    std::fs::write(&cfg, &original).unwrap();
    wait_status(port, |v| v["version"].as_u64() > Some(last));

    // a bad edit reports its error and the last good page stays
    std::fs::write(&events, "---\ntitle: x\nupdated: 31.02.2023\n---\n").unwrap();
    let v2 = wait_status(port, |v| v["error"].is_string());
    assert!(v2["error"].as_str().unwrap().contains("content/events.md"));
    assert!(get(port, "/events.html")
        .unwrap()
        .1
        .contains("ПРОВЕРКА-СЕРВЕРА"));
}

#[test]
fn answers_only_its_own_host_names() {
    let d = tempfile::tempdir().unwrap();
    copy_example(d.path());
    let (_server, port) = start(d.path(), 15_000);
    wait_status(port, |v| v["version"].as_u64() >= Some(1));
    for host in [format!("localhost:{port}"), format!("[::1]:{port}")] {
        assert_eq!(get_as(port, "/", &host).map(|r| r.0), Some(200), "{host}");
    }
    for host in [
        format!("evil.example:{port}"),
        "127.0.0.1".to_string(),
        format!("127.0.0.1:{}", port.wrapping_add(1)),
    ] {
        let (code, body) = get_as(port, "/_reports/findings.html", &host).unwrap();
        assert_eq!(code, 403, "{host}");
        assert!(!body.contains("Результаты проверки"), "{host}");
    }
}

#[test]
fn a_stuck_client_blocks_nobody_and_is_dropped() {
    let d = tempfile::tempdir().unwrap();
    copy_example(d.path());
    let (_server, port) = start(d.path(), 1_000);
    wait_status(port, |v| v["version"].as_u64() >= Some(1));
    // Three clients that stop in the middle of their request…
    let mut half: Vec<TcpStream> = (0..3)
        .map(|_| {
            let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
            s.write_all(b"GET / HTTP/1.1\r\nHo").unwrap();
            s
        })
        .collect();
    // …and three that ask for many pages and never read the answers.
    let request = format!("GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n").repeat(300);
    let _greedy: Vec<TcpStream> = (0..3)
        .map(|_| {
            let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
            s.set_write_timeout(Some(Duration::from_secs(2))).unwrap();
            let _ = s.write_all(request.as_bytes());
            s
        })
        .collect();
    let started = Instant::now();
    let (code, home) = get(port, "/").expect("served while others are stuck");
    assert_eq!(code, 200);
    assert!(home.contains("Содействие трудоустройству"));
    assert!(started.elapsed() < Duration::from_secs(5));
    // The half-finished requests are closed after the idle timeout.
    for s in &mut half {
        s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        let mut buf = [0u8; 256];
        let mut closed = false;
        // Bounded: at most an error answer, then the end of the stream.
        for _ in 0..100 {
            match s.read(&mut buf) {
                Ok(0) => {
                    closed = true;
                    break;
                }
                Ok(_) => {}
                Err(e) => {
                    closed = !matches!(
                        e.kind(),
                        std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                    );
                    break;
                }
            }
        }
        assert!(closed, "a stuck connection is still open");
    }
}

#[test]
fn live_reload_is_a_websocket() {
    let d = tempfile::tempdir().unwrap();
    copy_example(d.path());
    let (_server, port) = start(d.path(), 15_000);
    wait_status(port, |v| v["version"].as_u64() >= Some(1));
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    write!(
        s,
        "GET /__vypusk/ws HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
    )
    .unwrap();
    let mut got = Vec::new();
    let mut buf = [0u8; 1024];
    let started = Instant::now();
    while !String::from_utf8_lossy(&got).contains("\"version\"") {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "no status frame"
        );
        let n = s.read(&mut buf).unwrap();
        assert!(n > 0, "closed early");
        got.extend_from_slice(&buf[..n]);
    }
    let text = String::from_utf8_lossy(&got);
    assert!(text.starts_with("HTTP/1.1 101"), "{text}");
}

#[test]
fn refuses_an_output_inside_watched_folders() {
    let d = tempfile::tempdir().unwrap();
    copy_example(d.path());
    let out = vypusk()
        .args(["serve", "--port", &free_port().to_string(), "--root"])
        .arg(d.path())
        .arg("--output")
        .arg(d.path().join("content/pub"))
        .timeout(Duration::from_secs(30))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("нельзя сделать папкой результата"),
        "{}",
        stderr(&out)
    );
    assert!(!d.path().join("content/pub").exists());
}
