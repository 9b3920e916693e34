//! Tests of the Unipesa signature (src/crypto/unipesa_signature.rs), kept apart: that file is near the 800-line
//! limit of scripts/check-sizes.mjs.

use super::*;

#[test]
fn php_floats() {
    // Expected strings: PHP 8 `(string)` with precision=14 (php.net, "String conversion" of floats).
    let cases = [
        (100.5, "100.5"),
        (1.0, "1"),
        (0.1, "0.1"),
        (0.1 + 0.2, "0.3"),
        (1e20, "1.0E+20"),
        (1.5e-7, "1.5E-7"),
        (0.0001, "0.0001"),
        (0.00001, "1.0E-5"),
        (1e14, "1.0E+14"),
        (1e13, "10000000000000"),
        (-2.5, "-2.5"),
        (123456789.12345678, "123456789.12346"),
        (-0.0, "-0"),
    ];
    for (v, want) in cases {
        assert_eq!(php_float_to_string(v), want, "{v}");
    }
}

#[test]
fn flattening_rules() {
    let v = parse_payload(
        r#"{"b":1,"a":true,"n":null,"f":false,"signature":"x","extra":{"otp":"5647","signature":"y","l":[7,{"k":"v"}]}}"#,
    )
    .unwrap();
    assert_eq!(
        string_to_sign(&v).unwrap(),
        "b1a1nfextra.otp5647extra.l.07extra.l.1.kv"
    );
}

/// What `serde_json::from_str` (the tree) answers about JSON text: its error's text, or nothing.
fn tree_error(text: &str) -> Option<String> {
    serde_json::from_str::<Value>(text)
        .err()
        .map(|e| e.to_string())
}

/// The one-pass reader's answer on invalid JSON: the error's rule, which must be serde_json's words.
fn one_pass_error(text: &str) -> Option<String> {
    sign_json(text, "k").err().map(|e| {
        assert_eq!(e.field(), Some("payload"), "{text:?}");
        let rule = e.to_string();
        let rule = rule
            .split_once("is not valid JSON: ")
            .map(|(_, r)| r.to_string());
        rule.unwrap_or_else(|| panic!("{text:?}: {e}"))
    })
}

#[test]
fn one_pass_reader_settles_what_the_tree_settles() {
    // Written twice: PHP's json_decode (and the tree) keep the last value at the first place.
    for (text, expected) in [
        (r#"{"a":1,"b":2,"a":3}"#, "a3b2"),
        (r#"{"x":{"a":1,"a":3}}"#, "x.a3"),
        (r#"{"a":{"p":1,"q":2},"b":2,"a":[5]}"#, "a.05b2"),
        (r#"{"a":[5],"b":2,"a":{"p":1}}"#, "a.p1b2"),
        (
            r#"{"a":1,"signature":"s","a":"","b":[{"c":1,"c":2}]}"#,
            "ab.0.c2",
        ),
    ] {
        assert_eq!(string_to_sign_json(text).unwrap(), expected, "{text}");
        assert_eq!(string_to_sign_json_tree(text), expected, "{text}");
    }
    // The last top-level `signature` is the one a callback check compares; one that is not a string does not
    // verify.
    let key = "k";
    let sig = sign_json(r#"{"a":1}"#, key).unwrap();
    let last = format!(r#"{{"signature":"bad","a":1,"signature":"{sig}"}}"#);
    assert!(verify_json(&last, key).unwrap());
    assert!(verify_value(&parse_payload(&last).unwrap(), key).unwrap());
    let replaced = format!(r#"{{"signature":"{sig}","a":1,"signature":5}}"#);
    assert!(!verify_json(&replaced, key).unwrap());
    assert!(!verify_value(&parse_payload(&replaced).unwrap(), key).unwrap());
    // A deep value replaced by a later one is no longer in the payload: signed, as by the tree.
    let deep = format!("{}1{}", "[".repeat(20), "]".repeat(20));
    let text = format!(r#"{{"a":{deep},"a":1}}"#);
    assert_eq!(string_to_sign_json(&text).unwrap(), "a1");
    assert_eq!(string_to_sign_json_tree(&text), "a1");
    assert!(string_to_sign_json(&format!(r#"{{"a":1,"a":{deep}}}"#)).is_err());
}

#[test]
fn invalid_json_is_refused_with_the_trees_words_and_position() {
    // Invalid JSON of every kind: refused by both readers with the same rule (serde_json's message, its line
    // and column).
    for bad in [
        r#"{"s":"\ud800"}"#,
        r#"{"s":"\udc00"}"#,
        r#"{"s":"\ud800\u0041"}"#,
        r#"{"s":"\ud800x"}"#,
        r#"{"s":"\ud800\x"}"#,
        r#"{"s":"\ud800"#,
        r#"{"s":"\ud800\"#,
        r#"{"s":"\u12"#,
        r#"{"s":"\u12g4"}"#,
        r#"{"s":"\x"}"#,
        r#"{"s":"\"#,
        "{\"s\":\"a\u{1}b\"}",
        "{\"s\":\n\"ab",
        r#"{"n":01}"#,
        r#"{"n":1.}"#,
        r#"{"n":1."#,
        r#"{"n":-}"#,
        r#"{"n":-"#,
        r#"{"n":-x}"#,
        r#"{"n":1e}"#,
        r#"{"n":1e"#,
        r#"{"n":1e+x}"#,
        r#"{"n":.5}"#,
        r#"{"t":tru}"#,
        r#"{"t":tru"#,
        r#"{"t":nul"#,
        r#"{"t":fals"#,
        r#"{"a":1,}"#,
        r#"{"a":1,"#,
        r#"{"a":1,2}"#,
        r#"{"a":1 "b":2}"#,
        r#"{"a":1}x"#,
        r#"{"a" 1}"#,
        r#"{"a""#,
        r#"{"a":"#,
        r#"{"a":}"#,
        "\u{feff}{}",
        "",
        "  \n ",
        "x",
        "[1,2",
        "[1,]",
        "[1,",
        "[1 2]",
        "[,1]",
        "[",
        "{",
        "{\n\"a\":1,\n  \"b\" 2}",
        r#"{a":1}"#,
        r#"{"a":1]"#,
        "[1}",
        "\"a",
        "1 2",
        "nulx",
    ] {
        assert!(flatten_text(bad).is_none(), "{bad}");
        assert_eq!(one_pass_error(bad), tree_error(bad), "{bad:?}");
    }
    // serde_json's recursion limit: the 128th container nested is refused, at its position.
    for n in [126, 127, 128, 129, 200] {
        let text = format!("{}{}", "[".repeat(n), "]".repeat(n));
        let tree = tree_error(&text);
        assert_eq!(tree.is_some(), n >= 128, "{n}");
        match tree {
            Some(_) => assert_eq!(one_pass_error(&text), tree, "{n}"),
            None => assert_eq!(sign_json(&text, "k").unwrap_err().field(), Some("payload")),
        }
    }
    // Scalars at the top: valid JSON, refused as not an object; a callback check says "does not verify", as
    // for the tree.
    assert!(flatten_text("1").is_none());
    for scalar in ["1", "\"a\"", "null"] {
        assert!(sign_json(scalar, "k")
            .unwrap_err()
            .to_string()
            .contains("must be a JSON object"));
        assert!(!verify_json(scalar, "k").unwrap());
    }
}

#[test]
fn one_pass_reader_reads_escapes_numbers_and_lists() {
    let text = r#" { "a\u00e9" : "x\ud83d\ude00\n" , "n" : [ -0 , 1.50 , 1E2 , 12345678901234567890 ] ,
        "signature" : "AB" , "e" : { } , "l" : [ ] , "z" : { "signature" : 5 , "q" : null } } "#;
    let f = flatten_text(text).unwrap();
    let signature = f.signature.clone();
    let f = f.string();
    // Expected by the rules above, written out by hand: -0 is int 0; 1.50 and 1E2 are floats (1.5, 100);
    // an integer beyond PHP_INT_MAX is a float (1.2345678901235E+19).
    assert_eq!(
        f,
        "a\u{e9}x\u{1f600}\nn.00n.11.5n.2100n.31.2345678901235E+19z.q"
    );
    assert_eq!(signature.as_deref(), Some("AB"));
    assert_eq!(f, string_to_sign_json_tree(text));
}

fn string_to_sign_json_tree(text: &str) -> String {
    string_to_sign(&parse_payload(text).unwrap()).unwrap()
}

#[test]
fn cached_key_is_per_key() {
    let a = sign_json(r#"{"a":"1"}"#, "key-one").unwrap();
    let b = sign_json(r#"{"a":"1"}"#, "key-two").unwrap();
    assert_ne!(a, b);
    assert_eq!(sign_json(r#"{"a":"1"}"#, "key-one").unwrap(), a);
    // RFC 4231 test case 2 (HMAC-SHA-512, key "Jefe"), after the cache holds another key.
    assert_eq!(
        hmac_sha512_hex(b"Jefe", b"what do ya want for nothing?"),
        "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737"
    );
    // The same key again (the cached MAC is reused) must still give RFC 4231's published value, and a
    // switch to RFC 4231 test case 1's key (20 bytes of 0x0b, "Hi There") must not reuse Jefe's MAC.
    assert_eq!(
        hmac_sha512_hex(b"Jefe", b"what do ya want for nothing?"),
        "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737"
    );
    assert_eq!(
        hmac_sha512_hex(&[0x0b; 20], b"Hi There"),
        "87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cdedaa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854"
    );
}

#[test]
fn depth_limit() {
    let mut s = String::from("1");
    for _ in 0..15 {
        s = format!("{{\"a\":{s}}}");
    }
    // 15 nested objects: the innermost scalar sits at level 14: fine.
    assert!(sign_json(&s, "k").is_ok());
    let deeper = format!("{{\"a\":{{\"a\":{s}}}}}");
    assert_eq!(
        sign_json(&deeper, "k").unwrap_err().field(),
        Some("payload")
    );
}

#[test]
fn sign_then_verify_and_tamper() {
    let mut m =
        match parse_payload(r#"{"merchant_id":"m","order_id":"o","amount":"100.00"}"#).unwrap() {
            Value::Object(m) => m,
            _ => unreachable!(),
        };
    append_signature(&mut m, "secret").unwrap();
    let mut v = Value::Object(m);
    assert!(verify_value(&v, "secret").unwrap());
    assert!(!verify_value(&v, "other").unwrap());
    v["amount"] = Value::String("1000.00".into());
    assert!(!verify_value(&v, "secret").unwrap());
    assert!(!verify_value(&serde_json::json!({"a":1}), "secret").unwrap());
}

#[test]
fn a_list_at_the_top_is_signed_item_by_item() {
    // PHP's json_decode makes an array of a JSON list too: its items are keyed by index, nested ones prefixed.
    let text = r#"[7,{"k":"v"},[true]]"#;
    let expected = "071.kv2.01";
    assert_eq!(string_to_sign_json_tree(text), expected);
    assert_eq!(string_to_sign_json(text).unwrap(), expected);
}

#[test]
fn lists_count_toward_the_depth_limit_as_objects_do() {
    let nested = |n: usize| format!("{}1{}", "[".repeat(n), "]".repeat(n));
    // As depth_limit(): 15 levels are signed, 17 are refused, whether lists or objects nest.
    assert!(sign_json(&nested(15), "k").is_ok());
    assert_eq!(
        sign_json(&nested(17), "k").unwrap_err().field(),
        Some("payload")
    );
    let mixed = format!("{{\"a\":{}}}", nested(16));
    assert_eq!(sign_json(&mixed, "k").unwrap_err().field(), Some("payload"));
}

#[test]
fn objects_of_many_keys_find_keys_written_twice_by_sorting() {
    let object = |keys: Vec<usize>| {
        let fields: Vec<String> = keys
            .iter()
            .enumerate()
            .map(|(n, k)| format!("\"k{k}\":{n}"))
            .collect();
        format!("{{{}}}", fields.join(","))
    };
    // Up to 48 keys (MAX_KEYS_COMPARED) each is compared with each; beyond, they are sorted: both find k3 written
    // twice, and give the tree's string.
    for len in [10, 48, 49, 300] {
        let mut keys: Vec<usize> = (0..len).collect();
        let plain = object(keys.clone());
        assert_eq!(
            string_to_sign_json(&plain).unwrap(),
            string_to_sign_json_tree(&plain)
        );
        keys.push(3);
        let twice = object(keys);
        let one_pass = string_to_sign_json(&twice).unwrap();
        assert_eq!(one_pass, string_to_sign_json_tree(&twice), "{len}");
        assert!(one_pass.contains(&format!("k3{len}k4")), "{len}");
    }
}

#[test]
fn the_one_pass_reader_reads_every_escape_literal_and_exponent_itself() {
    // Valid JSON it must take itself (it gives up only on what the module's doc lists), with the string to
    // sign written out by hand: true is "1", false "", escapes unescaped, 1e+2 the float 100, 1.5e-7 PHP's
    // "1.5E-7" (php_floats), a space inside a string kept.
    let text = r#"{"t":true,"f":false,"s":"a b\"\\\/\b\f\n\r\t\u0041","n":[1e+2,1.5e-7,-5]}"#;
    let expected = "t1fsa b\"\\/\u{8}\u{c}\n\r\tAn.0100n.11.5E-7n.2-5";
    let f = flatten_text(text).expect("read in one pass");
    assert_eq!(f.string(), expected);
    assert_eq!(string_to_sign_json_tree(text), expected);
}

#[test]
fn infinite_and_nan_floats_are_written_as_php_writes_them() {
    // PHP: (string)INF is "INF", (string)-INF "-INF", (string)NAN "NAN"; json_decode reads 1e400 as INF.
    assert_eq!(php_float_to_string(f64::INFINITY), "INF");
    assert_eq!(php_float_to_string(f64::NEG_INFINITY), "-INF");
    assert_eq!(php_float_to_string(f64::NAN), "NAN");
    assert_eq!(
        string_to_sign_json(r#"{"a":1e400,"b":-1e400}"#).unwrap(),
        "aINFb-INF"
    );
}

#[test]
fn a_signature_does_not_depend_on_the_key_used_before() {
    // The MAC of the last key is kept (its key blocks hashed once); whatever came before, each key must give
    // what it gives alone. Alone = in a fresh thread, where nothing is kept yet. The pairs: RFC 4231's
    // 20-byte keys 0x0b.. and 0xaa.. (their byte differences cancel out when XOR-ed together), keys with no
    // bit in common ("@" = 0x40, "!" = 0x21), and a key that is the start of the other.
    let alone = |key: Vec<u8>| {
        std::thread::spawn(move || hmac_sha512_hex(&key, b"msg"))
            .join()
            .unwrap()
    };
    let pairs: [(&[u8], &[u8]); 4] = [
        (&[0x0b; 20], &[0xaa; 20]),
        (b"@@@@", b"!!!!"),
        (b"key", b"key-longer"),
        (b"key-longer", b"key"),
    ];
    for (first, then) in pairs {
        let (first, then) = (first.to_vec(), then.to_vec());
        let expected = alone(then.clone());
        assert_ne!(alone(first.clone()), expected);
        let after = std::thread::spawn(move || {
            hmac_sha512_hex(&first, b"msg");
            hmac_sha512_hex(&then, b"msg")
        })
        .join()
        .unwrap();
        assert_eq!(after, expected);
    }
}

#[test]
fn a_signed_json_text_verifies_and_nothing_else_does() {
    let mut m = match parse_payload(r#"{"order_id":"o","amount":"100.00","extra":{"otp":"5647"}}"#)
        .unwrap()
    {
        Value::Object(m) => m,
        _ => unreachable!(),
    };
    append_signature(&mut m, "secret").unwrap();
    let text = Value::Object(m.clone()).to_string();
    assert!(verify_json(&text, "secret").unwrap());
    // The hex compared in any case (the expected one is lower-case).
    let upper = text.replace(
        m["signature"].as_str().unwrap(),
        &m["signature"].as_str().unwrap().to_uppercase(),
    );
    assert!(verify_json(&upper, "secret").unwrap());
    assert!(!verify_json(&text, "other").unwrap());
    assert!(!verify_json(&text.replace("100.00", "1000.00"), "secret").unwrap());
    // No signature, or not a string: does not verify.
    assert!(!verify_json(r#"{"order_id":"o"}"#, "secret").unwrap());
    assert!(!verify_json(r#"{"order_id":"o","signature":5}"#, "secret").unwrap());
    // A key written twice: the same answers.
    let twice = text.replacen("{", r#"{"order_id":"x","#, 1);
    assert!(verify_json(&twice, "secret").unwrap());
    assert!(!verify_json(&twice, "other").unwrap());
    assert!(verify_json("{", "secret").is_err());
}
