//! Tests of the input building blocks (core/input.rs).

use super::*;
use serde_json::json;

#[derive(Deserialize, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
struct Q {
    reference: String,
}

#[test]
fn amounts_keep_what_was_given_and_refuse_with_the_rule() {
    let a: AmountInput = serde_json::from_value(json!("100.50")).unwrap();
    assert_eq!(a.read("amount").unwrap().to_fixed2(), "100.50");
    let n: AmountInput = serde_json::from_value(json!(1500)).unwrap();
    assert_eq!(n.text("amount").unwrap(), "1500");
    // A JSON number is a number, not a string: 0.1 cannot be an exact amount.
    let f: AmountInput = serde_json::from_value(json!(0.1)).unwrap();
    assert!(f
        .read("amount")
        .unwrap_err()
        .to_string()
        .contains("as a string"));
    assert!(AmountInput::Number(f64::NAN)
        .read("amount")
        .unwrap_err()
        .to_string()
        .contains("NaN"));
    assert!(AmountInput::Number(100.1).read("amount").is_err());
    assert!(serde_json::from_value::<AmountInput>(json!(true)).is_err());
    assert!(serde_json::from_value::<AmountInput>(json!({})).is_err());
}

#[test]
fn input_values_keep_order_mark_non_finite_numbers_and_stop_deep_nesting() {
    let v = input_value(&json!({"b": 1, "a": [true, null, "x"], "n": 1.5})).unwrap();
    assert_eq!(
        v.as_object().unwrap().keys().collect::<Vec<_>>(),
        ["b", "a", "n"]
    );
    assert_eq!(v["a"], json!([true, null, "x"]));
    let nan = ValueSeed { depth: 0 }
        .visit_f64::<serde_json::Error>(f64::NAN)
        .unwrap();
    assert_eq!(nan, json!({"$number": "NaN"}));
    let inf = ValueSeed { depth: 0 }
        .visit_f64::<serde_json::Error>(f64::NEG_INFINITY)
        .unwrap();
    assert_eq!(inf, json!({"$number": "-Infinity"}));
    let amount: AmountInput = read_json(&nan, "amount").unwrap();
    assert!(amount
        .read("amount")
        .unwrap_err()
        .to_string()
        .contains("NaN"));
    let mut deep = json!(1);
    for _ in 0..MAX_INPUT_DEPTH {
        deep = json!([deep]);
    }
    assert!(
        input_value(&deep).is_ok(),
        "{MAX_INPUT_DEPTH} levels are read"
    );
    let e = input_value(&json!([deep])).unwrap_err();
    assert!(e.to_string().contains("levels deep"), "{e}");
}

/// A [`Text`] reads what a `String` reads, borrowed from the tree, and refuses the rest in the same words.
#[test]
fn text_reads_and_refuses_as_a_string_does() {
    #[derive(Deserialize)]
    struct Borrowed<'a> {
        #[serde(borrow)]
        s: Option<Text<'a>>,
    }
    #[derive(Deserialize)]
    struct Owned {
        #[allow(dead_code)]
        s: Option<String>,
    }
    let v = json!({"s": "x\u{e9}"});
    let b = read_json_in::<Borrowed>(&v, "request").unwrap();
    assert_eq!(b.s.map(String::from).as_deref(), Some("x\u{e9}"));
    for wrong in [
        json!(5),
        json!(1.5),
        json!(true),
        json!([]),
        json!({}),
        json!({"$number": "NaN"}),
    ] {
        let v = json!({ "s": wrong });
        let ours = read_json_in::<Borrowed>(&v, "request")
            .err()
            .map(|e| e.to_string());
        let string = read_json::<Owned>(&v, "request")
            .err()
            .map(|e| e.to_string());
        assert!(ours.is_some(), "{v}");
        assert_eq!(ours, string, "{v}");
    }
    assert!(read_json_in::<Borrowed>(&json!({"s": null}), "request")
        .unwrap()
        .s
        .is_none());
    assert_eq!(serde_json::Value::from(Text("t")), json!("t"));
}

/// A field read by [`object_passed_over`] takes and refuses what a `Map` field does, in the same words; its
/// entries come from the tree.
#[test]
fn an_object_passed_over_is_refused_as_a_map_is() {
    #[derive(Deserialize)]
    struct Passed {
        #[serde(default, deserialize_with = "object_passed_over")]
        e: Option<serde_json::Map<String, serde_json::Value>>,
    }
    #[derive(Deserialize)]
    struct Read {
        #[serde(default)]
        e: Option<serde_json::Map<String, serde_json::Value>>,
    }
    for e in [
        json!([1]),
        json!("x"),
        json!(5),
        json!(1.5),
        json!(true),
        json!({"$number": "NaN"}),
    ] {
        let v = json!({ "e": e });
        let passed = read_json::<Passed>(&v, "request").map(|p| p.e.is_some());
        let read = read_json::<Read>(&v, "request").map(|r| r.e.is_some());
        assert_eq!(
            passed.map_err(|e| e.to_string()),
            read.map_err(|e| e.to_string()),
            "{v}"
        );
    }
    let v = json!({"e": {"b": [1, {"c": null}], "a": 1}});
    let p = read_json::<Passed>(&v, "request").unwrap();
    assert_eq!(p.e, Some(serde_json::Map::new()));
    assert_eq!(
        object_in(&v, "e").map(serde_json::Value::Object),
        Some(v["e"].clone())
    );
    assert!(read_json::<Passed>(&json!({"e": null}), "request")
        .unwrap()
        .e
        .is_none());
    assert!(read_json::<Passed>(&json!({}), "request")
        .unwrap()
        .e
        .is_none());
    assert_eq!(object_in(&json!({"e": 1}), "e"), None);
}

#[test]
fn integers_from_numbers_and_numeric_strings_only() {
    let f = |v| serde_json::from_value::<IntInput>(v).unwrap().0;
    assert_eq!(f(json!(14)), Some(14));
    assert_eq!(f(json!(" 9197 ")), Some(9197));
    assert_eq!(f(json!(1.5)), None);
    assert_eq!(f(json!(-3)), None);
    assert_eq!(f(json!("x")), None);
}

#[test]
fn serde_errors_name_the_field_by_its_path() {
    #[derive(Deserialize, Debug)]
    #[serde(deny_unknown_fields, rename_all = "camelCase")]
    struct Outer {
        #[allow(dead_code)]
        inner: Q,
        #[allow(dead_code)]
        amount: Option<AmountInput>,
    }
    let e =
        read_json::<Outer>(&json!({"inner": {"reference": "r", "zz": 1}}), "request").unwrap_err();
    assert_eq!(e.field(), Some("inner.zz"));
    assert!(e.to_string().contains("allowed: reference"), "{e}");
    let e = read_json::<Outer>(&json!({"inner": {}}), "request").unwrap_err();
    assert_eq!(e.field(), Some("inner.reference"));
    assert!(e.to_string().contains("is required"), "{e}");
    let e = read_json::<Outer>(&json!({"inner": {"reference": 5}}), "request").unwrap_err();
    assert_eq!(e.field(), Some("inner.reference"));
    let e = read_json::<Outer>(
        &json!({"inner": {"reference": "r"}, "amount": true}),
        "request",
    )
    .unwrap_err();
    assert_eq!(e.field(), Some("amount"));
    // An array is not an object: refused as a whole (serde_json alone reads a struct from an array).
    let e = read_json::<Outer>(&json!([1]), "request").unwrap_err();
    assert_eq!(e.field(), Some("request"));
    assert!(
        e.to_string().contains("has the wrong type: sequence"),
        "{e}"
    );
    let e = read_json::<Vec<Q>>(&json!([{"reference": "a"}, {}]), "list").unwrap_err();
    assert_eq!(e.field(), Some("list[1].reference"));
    assert_eq!(
        read_json::<Outer>(&json!(null), "request")
            .unwrap_err()
            .field(),
        Some("request")
    );
}

#[test]
fn a_value_of_the_wrong_type_is_never_quoted_and_top_level_options_are_named_options() {
    #[derive(Deserialize, Debug)]
    #[serde(deny_unknown_fields, rename_all = "camelCase")]
    struct Opts {
        #[allow(dead_code)]
        timeout_ms: Option<f64>,
    }
    let e =
        read_json::<Opts>(&json!({"timeoutMs": "sk_live_SECRET_VALUE"}), "options").unwrap_err();
    assert_eq!(e.field(), Some("timeoutMs"));
    assert!(!e.to_string().contains("SECRET"), "{e}");
    assert!(
        e.to_string()
            .contains("has the wrong type: string, expected f64"),
        "{e}"
    );
    let e = read_json::<Opts>(&json!({"timeoutMss": 1}), "options").unwrap_err();
    assert_eq!(e.field(), Some("timeoutMss"));
    assert!(
        e.to_string()
            .contains("is not an option (allowed: timeoutMs)"),
        "{e}"
    );
}

#[test]
fn a_reference_or_an_object_with_unknown_fields_refused() {
    let r: RefOr<Q> = serde_json::from_value(json!("o-1")).unwrap();
    assert_eq!(r, RefOr::Reference("o-1".into()));
    let q: RefOr<Q> = serde_json::from_value(json!({"reference": "o-2"})).unwrap();
    assert!(matches!(q, RefOr::Query(Q { ref reference }) if reference == "o-2"));
    let e = serde_json::from_value::<RefOr<Q>>(json!({"reference": "o", "x": 1})).unwrap_err();
    assert!(e.to_string().contains("unknown field `x`"), "{e}");
    assert!(serde_json::from_value::<RefOr<Q>>(json!(5)).is_err());
}

/// What a JS caller sees when a value is of the wrong type for a field: serde's words, with what was expected.
fn refusal<T: DeserializeOwned + fmt::Debug>(v: serde_json::Value) -> String {
    read_json::<T>(&v, "request").unwrap_err().to_string()
}

#[derive(Deserialize, Debug)]
struct WithAmount {
    #[allow(dead_code)]
    amount: AmountInput,
}

#[derive(Deserialize, Debug)]
struct WithInt {
    n: IntInput,
}

#[test]
fn input_values_keep_every_scalar_as_given() {
    let given =
        json!({"neg": -5, "pos": 7, "max": u64::MAX, "s": "x", "null": null, "f": 1.5, "t": true});
    // Owned (strings handed over as `String`) and borrowed (as `&str`).
    assert_eq!(input_value(given.clone()).unwrap(), given);
    assert_eq!(input_value(&given).unwrap(), given);
}

/// A self-describing format that marks a present optional value (serde's `visit_some`).
struct Present<D>(D);
impl<'de, D: Deserializer<'de>> Deserializer<'de> for Present<D> {
    type Error = D::Error;
    fn deserialize_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value, D::Error> {
        v.visit_some(self.0)
    }
    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf option unit
        unit_struct newtype_struct seq tuple tuple_struct map struct enum identifier ignored_any
    }
}

#[test]
fn an_input_value_marked_present_is_the_value_and_bytes_are_refused_saying_what_is_expected() {
    assert_eq!(input_value(Present(json!("x"))).unwrap(), json!("x"));
    assert_eq!(
        input_value(Present(json!({"a": [1]}))).unwrap(),
        json!({"a": [1]})
    );
    // serde-wasm-bindgen hands a Uint8Array as bytes: no JSON value holds them.
    let bytes = de::value::BytesDeserializer::<serde_json::Error>::new(b"ab");
    let e = input_value(bytes).unwrap_err().to_string();
    assert_eq!(e, "invalid type: byte array, expected JSON-like data");
}

#[test]
fn an_amount_of_the_wrong_type_is_refused_saying_what_an_amount_is() {
    let e = refusal::<WithAmount>(json!({"amount": true}));
    assert!(
        e.contains(
            "wrong type: boolean `true`, expected a decimal string such as \"100.50\" or a number"
        ),
        "{e}"
    );
    // An object is no amount, even with one string entry.
    let e = refusal::<WithAmount>(json!({"amount": {"value": "100"}}));
    assert!(
        e.contains("invalid `amount`: has the wrong type: map"),
        "{e}"
    );
}

#[test]
fn an_amount_written_with_a_trailing_zero_in_json_is_read() {
    // JSON text keeps "100.50" as written (arbitrary precision): the number 100.5, i.e. 100.50.
    let v: serde_json::Value = serde_json::from_str(r#"{"amount": 100.50}"#).unwrap();
    let a: WithAmount = read_json(&v, "request").unwrap();
    assert_eq!(a.amount.read("amount").unwrap().to_fixed2(), "100.50");
}

#[test]
fn whole_numbers_as_doubles_up_to_the_largest_below_2_pow_64() {
    let n = |v| {
        read_json::<WithInt>(&json!({ "n": v }), "request")
            .unwrap()
            .n
            .0
    };
    assert_eq!(n(json!(14.0)), Some(14));
    // Beyond 2^53 a JS number is no longer a "safe integer" and arrives as a double: 1e16 is still whole.
    assert_eq!(n(json!(1e16)), Some(10_000_000_000_000_000));
    // 2^64 - 2048 is the largest double below 2^64 (doubles there are 2^11 apart): it fits in a u64.
    assert_eq!(
        n(json!(18_446_744_073_709_549_568.0)),
        Some(18_446_744_073_709_549_568)
    );
    // 2^64 does not fit in a u64 (its maximum is 2^64 - 1): not a whole number here, never u64::MAX.
    assert_eq!(n(json!(18_446_744_073_709_551_616.0)), None);
    assert_eq!(n(json!(-1.0)), None);
    assert_eq!(n(json!(14.5)), None);
}

#[test]
fn an_integer_field_reads_numbers_only_and_says_what_it_expects() {
    let n = |v| {
        read_json::<WithInt>(&json!({ "n": v }), "request")
            .unwrap()
            .n
            .0
    };
    // An object is no number, even with one numeric string entry...
    assert_eq!(n(json!({"value": "14"})), None);
    // ...but serde_json's own form of a number (its text under its private key, how an arbitrary-precision
    // number reaches a visitor) is read by that text.
    assert_eq!(n(json!({NUMBER_TOKEN: "14"})), Some(14));
    let e = refusal::<WithInt>(json!({"n": [14]}));
    assert!(
        e.contains("invalid `n`: has the wrong type: sequence, expected a whole number"),
        "{e}"
    );
}

#[test]
fn a_query_of_the_wrong_type_is_refused_saying_it_takes_a_reference_or_an_object() {
    let e = refusal::<RefOr<Q>>(json!(5));
    assert!(
        e.contains("wrong type: integer `5`, expected the reference string or an object"),
        "{e}"
    );
}

#[test]
fn strip_all_is_trim_start_matches() {
    for (text, prefix) in [
        ("Error: Error: x", "Error: "),
        ("Error: ", "Error: "),
        ("Error:x", "Error: "),
        (", expected one of `a`, `b`", ", expected one of "),
        (", expected , expected `a`", ", expected "),
        ("", "abc"),
        ("abc", ""),
        ("ééé", "é"),
    ] {
        assert_eq!(
            super::strip_all(text, prefix),
            text.trim_start_matches(prefix),
            "{text:?}"
        );
    }
}

#[test]
fn after_last_is_rsplit_next() {
    for (text, sep) in [
        ("a.b.c", b'.'),
        ("abc", b'.'),
        ("", b'.'),
        ("a.", b'.'),
        (".a", b'.'),
        ("user:pw@host@x:1", b'@'),
        ("é.è", b'.'),
    ] {
        assert_eq!(
            super::after_last(text, sep),
            text.rsplit(sep as char).next().unwrap(),
            "{text:?}"
        );
    }
}
