//! Property tests (proptest): invariants that must hold for any input, not just the vectors.
#![cfg(not(target_arch = "wasm32"))]

use payrail::core::{normalize_phone, Amount};
use payrail::crypto::unipesa_signature::{
    flatten_text, parse_payload, sign_json, string_to_sign, string_to_sign_json, verify_json,
    verify_value,
};
use proptest::prelude::*;
use serde_json::{Map, Value};

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    /// Any amount in range formats to two decimals and parses back to itself.
    #[test]
    fn amount_round_trips(minor in 0u64..=999_999_999_999_999) {
        let a = Amount::from_minor(minor).unwrap();
        prop_assert_eq!(Amount::parse("amount", &a.to_fixed2()).unwrap(), a);
        prop_assert_eq!(Amount::parse("amount", &a.to_plain()).unwrap(), a);
        let f = a.to_fixed2();
        prop_assert_eq!(f.len() - f.find('.').unwrap(), 3);
    }

    /// Parsing never panics, whatever the text.
    #[test]
    fn amount_parse_never_panics(s in ".{0,40}") {
        let _ = Amount::parse("amount", &s);
    }

    /// Any finite double either is refused or is exactly the amount it names.
    #[test]
    fn amount_from_number_is_exact(v in proptest::num::f64::ANY) {
        if let Ok(a) = Amount::from_f64("amount", v) {
            prop_assert_eq!(a.minor() as f64 / 100.0, v);
        }
    }

    /// Normalising a normalised phone number changes nothing.
    #[test]
    fn phone_normalisation_is_idempotent(s in "[+]?[0-9 ().-]{1,24}") {
        if let Ok(once) = normalize_phone("phone", &s) {
            prop_assert_eq!(normalize_phone("phone", &once).unwrap(), once);
        }
    }

    /// Signing a payload and verifying it always agree, and any change of a value breaks the signature.
    #[test]
    fn sign_then_verify(fields in proptest::collection::btree_map("[a-z_]{1,12}", "[ -~]{0,20}", 1..8), key in "[ -~]{0,64}") {
        let mut m = Map::new();
        for (k, v) in &fields {
            if k != "signature" {
                m.insert(k.clone(), Value::String(v.clone()));
            }
        }
        prop_assume!(!m.is_empty());
        let text = Value::Object(m.clone()).to_string();
        let sig = sign_json(&text, &key).unwrap();
        let mut signed = m.clone();
        signed.insert("signature".into(), Value::String(sig));
        prop_assert!(verify_value(&Value::Object(signed.clone()), &key).unwrap());
        let first = signed.keys().next().unwrap().clone();
        let mut tampered = signed.clone();
        let old = tampered[&first].as_str().unwrap().to_string();
        tampered.insert(first, Value::String(format!("{old}x")));
        prop_assert!(!verify_value(&Value::Object(tampered), &key).unwrap());
    }

    /// The signature covers the order of the fields: swapping two adjacent keys changes it (their key+value
    /// strings differ, so the concatenation differs).
    #[test]
    fn key_reorder_changes_signature(a in "[a-m]{1,6}", b in "[n-z]{1,6}", va in "[0-9]{1,4}", vb in "[A-Z]{1,4}") {
        let ab = format!(r#"{{"{a}":"{va}","{b}":"{vb}"}}"#);
        let ba = format!(r#"{{"{b}":"{vb}","{a}":"{va}"}}"#);
        prop_assert_ne!(sign_json(&ab, "k").unwrap(), sign_json(&ba, "k").unwrap());
    }

    /// The signature reader never panics on arbitrary text.
    #[test]
    fn signature_on_garbage_never_panics(s in "\\PC{0,64}") {
        if let Ok(v) = parse_payload(&s) {
            let _ = verify_value(&v, "k");
        }
        let _ = flatten_text(&s);
        let _ = verify_json(&s, "k");
    }

    /// The one-pass reader of JSON text and the tree walk give the same string to sign (and the same top-level
    /// signature) on any JSON text: escapes, surrogate pairs, number forms, whitespace, `signature` at any level,
    /// keys written twice (`render` says whether some are: the generator writes them often).
    #[test]
    fn one_pass_reader_agrees_with_tree(doc in json_doc(), escape in any::<bool>(), spaced in any::<bool>()) {
        let mut text = String::new();
        render(&doc, escape, spaced, &mut text);
        let fast = flatten_text(&text);
        let tree = parse_payload(&text).and_then(|v| {
            let sig = v.get("signature").and_then(Value::as_str).map(str::to_string);
            string_to_sign(&v).map(|s| (s, sig))
        });
        match (&fast, &tree) {
            (Some(f), Ok((s, sig))) => {
                prop_assert_eq!(&f.signature, sig);
                prop_assert_eq!(&f.bytes, s.as_bytes());
            }
            (Some(_), Err(e)) => prop_assert!(false, "one pass answered, tree refused: {e}"),
            (None, Ok(_)) => prop_assert!(false, "one pass refused what the tree takes: {text}"),
            (None, Err(e)) => {
                prop_assert_eq!(string_to_sign_json(&text).unwrap_err().to_string(), e.to_string());
            }
        }
    }

    /// On JSON text broken anywhere (cut short, a byte put in or taken out), the one-pass reader refuses what
    /// the tree refuses, in serde_json's words at serde_json's line and column, and reads what it reads.
    #[test]
    fn one_pass_reader_refuses_as_the_tree(
        doc in json_doc(),
        spaced in any::<bool>(),
        at in any::<proptest::sample::Index>(),
        edit in 0..3u8,
        put in prop_oneof![Just('"'), Just('\\'), Just(','), Just(':'), Just('{'), Just(']'), Just('0'),
            Just('.'), Just('e'), Just('-'), Just('\u{1}'), Just('x'), Just('u'), Just(' ')],
    ) {
        let mut text = String::new();
        render(&doc, true, spaced, &mut text);
        let mut at = at.index(text.len() + 1);
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        match edit {
            0 => text.truncate(at),
            1 => text.insert(at, put),
            _ if at < text.len() => {
                text.remove(at);
            }
            _ => {}
        }
        let tree = parse_payload(&text).and_then(|v| string_to_sign(&v));
        let fast = string_to_sign_json(&text);
        match (fast, tree) {
            (Ok(f), Ok(t)) => prop_assert_eq!(f, t),
            (Err(f), Err(t)) => prop_assert_eq!(f.to_string(), t.to_string()),
            (f, t) => prop_assert!(false, "{text:?}: one pass {f:?}, tree {t:?}"),
        }
    }
}

#[derive(Debug, Clone)]
enum Doc {
    Object(Vec<(String, Doc)>),
    List(Vec<Doc>),
    Text(String),
    /// A number as written in the JSON text.
    Number(String),
    Literal(&'static str),
}

fn json_doc() -> impl Strategy<Value = Doc> {
    let leaf = prop_oneof![
        "[ -~\u{e9}\u{20ac}\u{1f600}\n\t\\\\\"]{0,8}".prop_map(Doc::Text),
        "-?(0|[1-9][0-9]{0,20})(\\.[0-9]{1,17})?([eE][+-]?[0-9]{1,3})?".prop_map(Doc::Number),
        prop_oneof![Just("true"), Just("false"), Just("null")].prop_map(Doc::Literal),
    ];
    let inner = leaf.prop_recursive(5, 48, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..5).prop_map(Doc::List),
            proptest::collection::vec(("[a-d]{1,2}|signature|é\\.k", inner), 0..6)
                .prop_map(Doc::Object),
        ]
    });
    proptest::collection::vec(("[a-z_]{1,8}|signature", inner), 0..8).prop_map(Doc::Object)
}

/// Writes `doc` as JSON text (non-ASCII as `\uXXXX` escapes when `escape`, spaces around tokens when `spaced`);
/// returns whether some object has a key twice.
fn render(doc: &Doc, escape: bool, spaced: bool, out: &mut String) -> bool {
    let sp = if spaced { " \n" } else { "" };
    let text = |s: &str, out: &mut String| {
        out.push('"');
        for c in s.chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                '\n' => out.push_str("\\n"),
                '\t' => out.push_str("\\t"),
                c if escape && !c.is_ascii() => {
                    let mut units = [0u16; 2];
                    for u in c.encode_utf16(&mut units) {
                        out.push_str(&format!("\\u{u:04X}"));
                    }
                }
                c => out.push(c),
            }
        }
        out.push('"');
    };
    match doc {
        Doc::Object(members) => {
            let mut seen = std::collections::HashSet::new();
            let mut duplicate = false;
            out.push('{');
            for (i, (k, v)) in members.iter().enumerate() {
                duplicate |= !seen.insert(k.clone());
                if i > 0 {
                    out.push(',');
                }
                out.push_str(sp);
                text(k, out);
                out.push_str(sp);
                out.push(':');
                out.push_str(sp);
                duplicate |= render(v, escape, spaced, out);
            }
            out.push_str(sp);
            out.push('}');
            duplicate
        }
        Doc::List(items) => {
            let mut duplicate = false;
            out.push('[');
            for (i, v) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(sp);
                duplicate |= render(v, escape, spaced, out);
            }
            out.push(']');
            duplicate
        }
        Doc::Text(s) => {
            text(s, out);
            false
        }
        Doc::Number(n) => {
            out.push_str(n);
            false
        }
        Doc::Literal(l) => {
            out.push_str(l);
            false
        }
    }
}
