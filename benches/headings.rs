//! Benchmark of heading ids (not a test): `cargo bench --bench headings` renders pages of N
//! identical headings, the worst case for making ids unique, and prints the time.
//! `VYPUSK_BENCH_SIZES=2000,20000` chooses N.

use std::time::Instant;
use vypusk::render::markdown::{render, MarkdownOptions};

fn main() {
    let sizes: Vec<usize> = std::env::var("VYPUSK_BENCH_SIZES")
        .ok()
        .map(|s| s.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![2_000, 20_000]);
    for n in sizes {
        let body = "## Раздел\n\nТекст.\n\n".repeat(n);
        let opts = MarkdownOptions {
            dir: "",
            line_offset: 0,
            raw_html: false,
        };
        // pulldown-cmark alone, for comparison: what vypusk adds is the difference.
        let started = Instant::now();
        let mut html = String::new();
        pulldown_cmark::html::push_html(
            &mut html,
            pulldown_cmark::Parser::new_ext(&body, pulldown_cmark::Options::all()),
        );
        let parser = started.elapsed().as_secs_f64();
        let started = Instant::now();
        let r = render(&body, &opts);
        let secs = started.elapsed().as_secs_f64();
        assert_eq!(r.anchors.len(), n);
        println!("{n} identical headings: {secs:.3} s (pulldown-cmark alone: {parser:.3} s)");
    }
}
