//! A client's options read two ways in a real JS runtime (Node, via wasm-bindgen-test-runner): straight by
//! serde-wasm-bindgen from every entry of the object (`read_every_key`, what the constructor tries first so that
//! its first call compiles less wasm: bench/README.md, start-up), and through the JSON tree (`from_js`, the reader
//! of every input, whose errors name the field). `from_js_options` must give what `from_js` gives for any options:
//! what the first reader takes, the tree reads alike; what the tree refuses, the first reader refuses too; and
//! the error reported is the tree's own, with its words and its field.
#![cfg(target_arch = "wasm32")]

use payrail::core::Error;
use payrail::providers::momo::input::MtnMomoBaseOptions;
use payrail::wasm::boundary::{from_js, from_js_options, read_every_key};
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

#[wasm_bindgen(inline_js = r#"
const user = 'c72025f5-5cd1-4630-99e4-8ba4722fad56';
const base = { subscriptionKey: 'k', apiUser: user, apiKey: 'a', targetEnvironment: 'sandbox' };
const proto = Object.create({ inherited: 'x' });
Object.assign(proto, base);
const hidden = { ...base };
Object.defineProperty(hidden, 'secret', { value: 'x', enumerable: false });
const getter = { ...base };
Object.defineProperty(getter, 'baseUrl', { get: () => 'https://example.com', enumerable: true });
const withProto = JSON.parse(JSON.stringify(base).replace('{', '{"__proto__": 1, '));
// [name, options, whether the tree reader takes them]
export function cases() {
  return [
    ['the four required', base, true],
    ['every option', { ...base, subscriptionKeys: { collection: 'c', disbursement: null, remittance: undefined },
      baseUrl: 'https://sandbox.momodeveloper.mtn.com', callbackUrl: 'https://example.com/cb',
      providerCallbackHost: 'example.com', product: 'collection', timeoutMs: 5000, maxRetries: 3 }, true],
    ['keys per product only', { apiUser: user, apiKey: 'a', targetEnvironment: 'mtnuganda', subscriptionKeys: { remittance: 'r' } }, true],
    ['optional ones null or undefined', { ...base, baseUrl: null, callbackUrl: undefined, subscriptionKeys: null, timeoutMs: undefined }, true],
    ['numbers: float, -0, huge, BigInt', { ...base, timeoutMs: 1500.5, maxRetries: -0 }, true],
    ['numbers beyond the safe integers', { ...base, timeoutMs: 2 ** 60, maxRetries: 1e21 }, true],
    ['a BigInt number', { ...base, timeoutMs: 5000n }, true],
    ['NaN and Infinity (refused later, by the range check)', { ...base, timeoutMs: NaN, maxRetries: Infinity }, true],
    ['a Map of keys per product', { ...base, subscriptionKeys: new Map([['collection', 'c']]) }, true],
    ['a Date as the keys per product (no entries)', { ...base, subscriptionKeys: new Date(0) }, true],
    ['strings: empty, non-ASCII, a lone surrogate', { ...base, apiKey: '', apiUser: 'é\u{1F600}', baseUrl: '\uD800x' }, true],
    ['an inherited property is not an entry', proto, true],
    ['a non-enumerable property is not an entry', hidden, true],
    ['a getter', getter, true],
    ['an unknown option', { ...base, secret: 1 }, false],
    ['an unknown option set to undefined', { ...base, secret: undefined }, false],
    ['an own __proto__ key', withProto, false],
    ['an unknown key per product', { ...base, subscriptionKeys: { lending: 'x' } }, false],
    ['a missing required option', { subscriptionKey: 'k', apiUser: user, targetEnvironment: 'sandbox' }, false],
    ['a required option undefined', { ...base, apiKey: undefined }, false],
    ['a number for a string', { ...base, apiUser: 5 }, false],
    ['NaN for a string', { ...base, apiUser: NaN }, false],
    ['an object for a string', { ...base, apiKey: { secret: 'x' } }, false],
    ['an array for a string', { ...base, apiKey: ['x'] }, false],
    ['a boolean for an optional string', { ...base, baseUrl: true }, false],
    ['a string for a number', { ...base, timeoutMs: '1000' }, false],
    ['an object for a number', { ...base, maxRetries: {} }, false],
    ['a string for the keys per product', { ...base, subscriptionKeys: 'SECRET-subscription-key' }, false],
    ['an array for the keys per product', { ...base, subscriptionKeys: ['c'] }, false],
    ['a number for a key per product', { ...base, subscriptionKeys: { collection: 7 } }, false],
    ['a Symbol', { ...base, apiKey: Symbol('x') }, false],
    ['a function', { ...base, baseUrl: () => 'x' }, false],
    ['bytes', { ...base, apiKey: new Uint8Array([1]) }, false],
    ['a Set of keys per product', { ...base, subscriptionKeys: new Set(['c']) }, false],
    ['a BigInt for a string', { ...base, apiUser: 5n }, false],
    ['a BigInt beyond 64 bits', { ...base, timeoutMs: 2n ** 70n }, false],
    ['a string, not an object', 'options', false],
    ['null', null, false],
    ['an object nested too deep', { ...base, secret: JSON.parse('['.repeat(40) + ']'.repeat(40)) }, false],
  ];
}
"#)]
extern "C" {
    fn cases() -> js_sys::Array;
}

/// What the options read into, field by field (no secret here: test values).
fn shape(o: &MtnMomoBaseOptions) -> String {
    let keys = o.subscription_keys.as_ref().map(|k| {
        (
            k.0.collection.clone(),
            k.0.disbursement.clone(),
            k.0.remittance.clone(),
        )
    });
    format!(
        "{:?} {:?} {} {} {} {:?} {:?} {:?} {:?} {:?} {:?}",
        o.subscription_key,
        keys,
        o.api_user,
        o.api_key,
        o.target_environment,
        o.base_url,
        o.callback_url,
        o.provider_callback_host,
        o.product,
        o.timeout_ms.map(|n| n.0.to_bits()),
        o.max_retries.map(|n| n.0.to_bits()),
    )
}

#[wasm_bindgen_test]
fn options_read_straight_are_read_as_the_tree_reads_them() {
    let all = cases();
    assert!(all.length() > 30);
    for case in all.iter() {
        let case: js_sys::Array = case.unchecked_into();
        let name = case.get(0).as_string().unwrap();
        let (value, good) = (case.get(1), case.get(2).as_bool().unwrap());
        let tree = from_js::<MtnMomoBaseOptions>(value.clone(), "options");
        let first = read_every_key::<MtnMomoBaseOptions>(&value);
        let both = from_js_options::<MtnMomoBaseOptions>(value.clone(), "options");
        match (&tree, &first) {
            (Ok(t), Some(f)) => assert_eq!(shape(f), shape(t), "{name}"),
            (Err(_), None) => {}
            (Ok(_), None) => panic!("{name}: good options missed the first reader"),
            (Err(e), Some(_)) => panic!("{name}: the first reader took what the tree refuses: {e}"),
        }
        assert_eq!(tree.is_ok(), good, "{name}: {:?}", tree.as_ref().err());
        match (tree, both) {
            (Ok(t), Ok(b)) => assert_eq!(shape(&b), shape(&t), "{name}"),
            (Err(t), Err(b)) => assert_eq!(error_text(&b), error_text(&t), "{name}"),
            (t, b) => panic!("{name}: {:?} vs {:?}", t.err(), b.err()),
        }
    }
}

/// The error as the JS `PayrailError` gets it: its field and its message.
fn error_text(e: &Error) -> String {
    format!("{:?} {}", e.field(), e)
}

/// The refusals name the option as the tree reader does (the words the JS tests and the docs quote).
#[wasm_bindgen_test]
fn refused_options_name_the_option() {
    let read = |js: &str| {
        from_js_options::<MtnMomoBaseOptions>(js_sys::eval(js).unwrap(), "options")
            .err()
            .unwrap()
    };
    let base = "({subscriptionKey: 'k', apiUser: 'u', apiKey: 'a', targetEnvironment: 'sandbox'";
    let e = read(&format!("{base}, secret: 1}})"));
    assert_eq!(e.field(), Some("secret"));
    assert!(
        e.to_string()
            .contains("is not an option (allowed: subscriptionKey, subscriptionKeys, apiUser"),
        "{e}"
    );
    let e = read(&format!("{base}, subscriptionKeys: {{lending: 'x'}}}})"));
    assert_eq!(e.field(), Some("subscriptionKeys.lending"));
    let e = read(&format!("{base}, apiUser: 5}})"));
    assert_eq!(e.field(), Some("apiUser"));
    assert!(
        e.to_string()
            .contains("has the wrong type: number, expected a string"),
        "{e}"
    );
    let e = read("({subscriptionKey: 'k', apiUser: 'u', targetEnvironment: 'sandbox'})");
    assert_eq!(e.field(), Some("apiKey"));
    assert!(e.to_string().contains("is required"), "{e}");
    let e = read(&format!("{base}, subscriptionKeys: 'SECRET-4f1e'}})"));
    assert_eq!(e.field(), Some("subscriptionKeys"));
    assert!(!e.to_string().contains("SECRET-4f1e"), "{e}");
}
