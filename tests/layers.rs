//! The crate's layers (issue 11): `core` (plain data and rules) depends on nothing else in the crate, `crypto` on
//! `core`, and `providers` (the pure request builders and answer parsers) only on `core` and `crypto`, never on
//! `client` (the async driver) or `wasm` (the exports). Read from the source files: every `crate::` path in a
//! layer's files must start with one of the modules that layer may use.

use std::fs;
use std::path::{Path, PathBuf};

/// Files that break their layer's rule for now, each with why. An entry that no longer breaks it fails the test,
/// so the list only shrinks.
const ALLOWED: &[(&str, &str)] = &[];

/// A layer: its directory and the top-level modules its files may name after `crate::`.
const LAYERS: &[(&str, &[&str])] = &[
    ("src/core", &["core"]),
    ("src/crypto", &["core", "crypto"]),
    ("src/providers", &["core", "crypto", "providers"]),
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let entries = fs::read_dir(dir).unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()));
    for entry in entries {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|x| x == "rs") {
            out.push(path);
        }
    }
}

/// The source with the blanks around `::`, braces and commas removed, so `crate :: { a, b }` reads `crate::{a,b}`.
fn squeeze(src: &str) -> String {
    let chars: Vec<char> = src.chars().collect();
    let joins = |c: Option<&char>| matches!(c, Some(':' | '{' | '}' | ','));
    let mut out = String::with_capacity(src.len());
    for (i, c) in chars.iter().enumerate() {
        if c.is_whitespace() {
            let before = out.chars().last();
            let after = chars[i..].iter().find(|c| !c.is_whitespace());
            if joins(before.as_ref()) || joins(after) {
                continue;
            }
        }
        out.push(*c);
    }
    out
}

fn is_ident_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// The first identifier of `s` and what follows it.
fn ident(s: &str) -> (&str, &str) {
    let end = s.find(|c: char| !is_ident_char(c)).unwrap_or(s.len());
    s.split_at(end)
}

/// The top-level modules a source names through `crate::` (`crate::a::x`, `crate::{a::x, b}`), and through
/// `super::super::super` (from a provider's sub-module, that is the crate root too).
fn crate_roots(src: &str) -> Vec<String> {
    let text = squeeze(src);
    let mut roots = Vec::new();
    for (at, _) in text.match_indices("crate::") {
        if text[..at].chars().last().is_some_and(is_ident_char) {
            continue; // `my_crate::`, not the crate root
        }
        let rest = &text[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            // The top-level names of the group: after `{` and after each comma at depth 0.
            let (mut depth, mut expect_name) = (0usize, true);
            for (i, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => expect_name = true,
                    _ if expect_name => {
                        roots.push(ident(&group[i..]).0.to_string());
                        expect_name = false;
                    }
                    _ => {}
                }
            }
        } else {
            roots.push(ident(rest).0.to_string());
        }
    }
    if text.contains("super::super::super::") {
        roots.push("super::super::super".to_string());
    }
    roots
}

#[test]
fn the_scanner_finds_every_form_of_a_crate_path() {
    let src = "use crate::core::Error;\nuse crate :: {\n    crypto::hex_lower,\n    client::{retry, token},\n};\n\
               let x = crate::wasm::f(); let y = other_crate::client::g();\n\
               use super::super::super::client;";
    assert_eq!(
        crate_roots(src),
        ["core", "crypto", "client", "wasm", "super::super::super"]
    );
    assert!(crate_roots("use super::input::read; // crates: none").is_empty());
}

#[test]
fn each_layer_names_only_the_layers_below_it() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut broken = Vec::new();
    let mut excused = vec![false; ALLOWED.len()];
    for (dir, may_use) in LAYERS {
        let mut files = Vec::new();
        rust_files(&root.join(dir), &mut files);
        assert!(!files.is_empty(), "no Rust files under {dir}");
        for file in files {
            let rel = file
                .strip_prefix(root)
                .expect("under the crate")
                .to_string_lossy()
                .replace('\\', "/");
            let src = fs::read_to_string(&file).expect("a readable source file");
            let bad: Vec<String> = crate_roots(&src)
                .into_iter()
                .filter(|r| !may_use.contains(&r.as_str()))
                .collect();
            if bad.is_empty() {
                continue;
            }
            match ALLOWED.iter().position(|(p, _)| rel.starts_with(p)) {
                Some(i) => excused[i] = true,
                None => broken.push(format!("{rel} names crate::{}", bad.join(", crate::"))),
            }
        }
    }
    assert!(
        broken.is_empty(),
        "layer rules broken (may use: {LAYERS:?}):\n{}",
        broken.join("\n")
    );
    for ((path, why), used) in ALLOWED.iter().zip(excused) {
        assert!(
            used,
            "{path} keeps its layer's rule now: remove it from ALLOWED ({why})"
        );
    }
}
