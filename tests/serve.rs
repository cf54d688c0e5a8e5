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
    let mut s = TcpStream::connect(("127.0.0.1", port)).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
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

#[test]
fn serves_rebuilds_and_survives_a_bad_edit() {
    let d = tempfile::tempdir().unwrap();
    copy_example(d.path());
    let port = free_port();
    let child = std::process::Command::new(assert_cmd::cargo::cargo_bin("vypusk"))
        .args(["serve", "--port", &port.to_string(), "--root"])
        .arg(d.path())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let _server = Server(child);
    let v0 = wait_status(port, |v| v["version"].as_u64() >= Some(1));
    assert!(v0["error"].is_null());

    let (code, home) = get(port, "/").unwrap();
    assert_eq!(code, 200);
    assert!(home.contains("Содействие трудоустройству"));
    assert!(
        home.contains("/__vypusk/status"),
        "live-reload script injected"
    );
    assert_eq!(get(port, "/../vypusk.yaml").map(|r| r.0), Some(404));
    assert_eq!(get(port, "/nope.html").map(|r| r.0), Some(404));
    let on_disk = read(d.path().join("output/site/index.html"));
    assert!(
        !on_disk.contains("/__vypusk/status"),
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
