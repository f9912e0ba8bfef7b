//! The floor of a build, for benchmarks: walk `content/`, read each file, turn its Markdown
//! into HTML with pulldown-cmark and write it to `<out>/<folder>/<name>/index.html`, one file
//! at a time on one thread. No templates, model, feeds or search: what any generator must at
//! least do, so a full build's time can be read against it.
//!
//! ```sh
//! cargo run --release --example floor -- --root SITE --out DIR
//! ```

use std::path::PathBuf;

fn main() {
    let mut args = std::env::args().skip(1);
    let (mut root, mut out) = (PathBuf::from("."), PathBuf::from("public"));
    while let Some(a) = args.next() {
        match a.as_str() {
            "--root" => root = args.next().expect("--root DIR").into(),
            "--out" => out = args.next().expect("--out DIR").into(),
            other => panic!("unknown argument {other}; use --root DIR --out DIR"),
        }
    }
    let start = std::time::Instant::now();
    let content = root.join("content");
    let mut html = String::new();
    let mut files = 0;
    for entry in walkdir::WalkDir::new(&content).into_iter().filter_map(Result::ok) {
        if !entry.file_type().is_file() || entry.path().extension().is_none_or(|e| e != "md") {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).expect("readable UTF-8");
        // Skip the front matter: everything up to the second `---` line.
        let body = match text.strip_prefix("---\n").and_then(|t| t.split_once("\n---\n")) {
            Some((_, body)) => body,
            None => &text,
        };
        html.clear();
        pulldown_cmark::html::push_html(&mut html, pulldown_cmark::Parser::new(body));
        let rel = entry.path().strip_prefix(&content).expect("under content/").with_extension("");
        let dir = out.join(rel);
        std::fs::create_dir_all(&dir).expect("output folder");
        std::fs::write(dir.join("index.html"), &html).expect("written");
        files += 1;
    }
    eprintln!("{files} files in {:.0} ms", start.elapsed().as_secs_f64() * 1000.0);
}
