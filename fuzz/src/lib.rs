//! Shared helpers of the fuzz targets: turn libFuzzer's bytes into the outside data payrail reads (HTTP
//! answers, callback bodies, JS-input objects).
//!
//! Every target reads its first byte as a mode: even → the rest is used as raw bytes (any text, invalid UTF-8,
//! broken JSON); odd → the rest drives [`Gen`], which builds well-formed JSON from the keys the parser under
//! test looks for, so the fuzzer gets past `serde_json` and into the field handling (wrong types, huge
//! numbers, empty strings, deep nesting, missing and duplicated fields).

use payrail::core::HttpResponse;
use serde_json::{Map, Number, Value};

/// Reads the fuzzer's bytes one decision at a time; runs out into zeros.
pub struct Gen<'a> {
    data: &'a [u8],
    pos: usize,
}

/// Strings the generator draws from, besides the keys: the edge cases of money, phones, statuses and ids.
const STRINGS: &[&str] = &[
    "",
    " ",
    "0",
    "-0",
    "1",
    "-1",
    "0.5",
    "1.005",
    "100",
    "1100.00",
    "1e3",
    "1e400",
    "-1e400",
    "NaN",
    "Infinity",
    "18446744073709551616",
    "99999999999999999999999999.99",
    "0x10",
    "+",
    "+225",
    "+2250705145655",
    "2250705145655",
    "0705145655",
    "00225 07 05",
    "46733000001",
    "SUCCESSFUL",
    "FAILED",
    "PENDING",
    "REJECTED",
    "VAL",
    "REJ",
    "NEW",
    "EUR",
    "XOF",
    "CI",
    "MSISDN",
    "PAYER_NOT_FOUND",
    "sandbox",
    "order-1",
    "c0f0a6d3-4c1e-4b5e-9a3b-1f2e3d4c5b6a",
    "https://example.com/cb",
    "é",
    "\u{0}",
    "\u{202e}",
    "𝔘",
    "%ZZ",
    "a=b&c",
];

impl<'a> Gen<'a> {
    /// A reader over `data`.
    pub fn new(data: &'a [u8]) -> Self {
        Gen { data, pos: 0 }
    }

    /// The next byte (0 once exhausted).
    pub fn byte(&mut self) -> u8 {
        let b = self.data.get(self.pos).copied().unwrap_or(0);
        self.pos += 1;
        b
    }

    /// Whether bytes remain.
    pub fn more(&self) -> bool {
        self.pos < self.data.len()
    }

    /// A number below `n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        let v = (self.byte() as usize) << 8 | self.byte() as usize;
        v % n.max(1)
    }

    /// Up to `max` raw bytes as (lossy) text.
    pub fn text(&mut self, max: usize) -> String {
        let len = self.below(max + 1);
        let start = self.pos.min(self.data.len());
        let end = (start + len).min(self.data.len());
        self.pos = start + len;
        String::from_utf8_lossy(&self.data[start..end]).into_owned()
    }

    /// One of `items`.
    pub fn pick<'s>(&mut self, items: &[&'s str]) -> &'s str {
        items.get(self.below(items.len())).copied().unwrap_or("")
    }

    /// A string: one of the keys, an edge case, raw text, or a very long one.
    pub fn string(&mut self, keys: &[&str]) -> String {
        match self.byte() % 8 {
            0 | 1 => self.pick(STRINGS).to_string(),
            2 => self.pick(keys).to_string(),
            3 => "9".repeat(1 + self.below(400)),
            4 => format!("{}{}", self.pick(STRINGS), self.text(8)),
            _ => self.text(24),
        }
    }

    /// A number: small and large integers, negative, fractions, and numbers JSON can write but f64 cannot hold.
    pub fn number(&mut self) -> Value {
        let text = match self.byte() % 10 {
            0 => format!("{}", self.byte()),
            1 => format!("-{}", self.below(100_000)),
            2 => format!("{}.{}", self.below(100_000), self.below(1000)),
            3 => "1e400".to_string(),
            4 => "-0".to_string(),
            5 => "-0.0".to_string(),
            6 => u64::MAX.to_string(),
            7 => "123456789012345678901234567890".to_string(),
            8 => format!("{}e{}", self.below(10), self.below(40)),
            _ => format!("{}", self.below(5000)),
        };
        serde_json::from_str::<Number>(&text)
            .map(Value::Number)
            .unwrap_or(Value::Null)
    }

    /// A JSON value whose object keys come from `keys` (or anything), nested up to `depth`.
    pub fn value(&mut self, keys: &[&str], depth: u32) -> Value {
        let choice = if depth == 0 {
            self.byte() % 5
        } else {
            self.byte() % 8
        };
        match choice {
            0 => Value::Null,
            1 => Value::Bool(self.byte() & 1 == 1),
            2 => self.number(),
            3 | 4 => Value::String(self.string(keys)),
            5 | 6 => Value::Object(self.object(keys, depth - 1)),
            _ => {
                let n = self.below(5);
                Value::Array((0..n).map(|_| self.value(keys, depth - 1)).collect())
            }
        }
    }

    /// An object of up to 12 members keyed mostly from `keys`.
    pub fn object(&mut self, keys: &[&str], depth: u32) -> Map<String, Value> {
        let n = self.below(13);
        let mut m = Map::new();
        for _ in 0..n {
            if !self.more() {
                break;
            }
            let k = if self.byte() % 6 == 0 {
                self.text(10)
            } else {
                self.pick(keys).to_string()
            };
            let v = self.value(keys, depth);
            m.insert(k, v);
        }
        m
    }
}

/// A JSON value deeply nested `depth` times (`[[[...]]]` or `{"a":{"a":...}}`): hostile to recursive readers.
pub fn deep(depth: usize, arrays: bool) -> String {
    if arrays {
        format!("{}{}", "[".repeat(depth), "]".repeat(depth))
    } else {
        format!("{}1{}", "{\"a\":".repeat(depth), "}".repeat(depth))
    }
}

/// The body text of a target: raw bytes (mode even) or generated JSON (mode odd).
pub fn body(data: &[u8], keys: &[&str]) -> Vec<u8> {
    let Some((&mode, rest)) = data.split_first() else {
        return Vec::new();
    };
    if mode & 1 == 0 {
        return rest.to_vec();
    }
    let mut g = Gen::new(rest);
    let v = match mode >> 1 & 7 {
        0 => g.value(keys, 4),
        1 => Value::Object(g.object(keys, 3)),
        2 => {
            // a real answer's shape: an envelope with data / result objects and a list
            let mut m = g.object(keys, 2);
            m.insert("data".into(), g.value(keys, 3));
            m.insert("result".into(), Value::Object(g.object(keys, 1)));
            Value::Object(m)
        }
        3 => return deep(1 + g.below(5000), g.byte() & 1 == 0).into_bytes(),
        _ => Value::Object(g.object(keys, 2)),
    };
    v.to_string().into_bytes()
}

/// A JSON value for the JS-input readers: generated from `keys` (mode odd) or parsed from raw text (else Null).
pub fn input_value(data: &[u8], keys: &[&str]) -> Value {
    let b = body(data, keys);
    serde_json::from_slice(&b).unwrap_or(Value::Null)
}

/// An HTTP answer: the status from the first byte (the statuses providers use, or any), optional headers,
/// the body as [`body`] makes it.
pub fn response(data: &[u8], keys: &[&str]) -> HttpResponse {
    const STATUSES: [u16; 16] = [
        200, 200, 200, 201, 202, 204, 400, 401, 403, 404, 409, 429, 500, 502, 503, 504,
    ];
    let (head, rest) = match data {
        [a, b, rest @ ..] => ((*a, *b), rest),
        _ => ((0, 0), data),
    };
    let status = if head.0 & 0x80 == 0 {
        STATUSES[(head.0 & 15) as usize]
    } else {
        // any status, even nonsense ones
        u16::from(head.0 & 0x7f) * 8 + u16::from(head.1 >> 5)
    };
    let mut resp = HttpResponse::new(status, body(rest, keys));
    if head.1 & 1 == 1 {
        resp = resp.with_header("content-type", "application/json");
    }
    if head.1 & 2 == 2 {
        resp = resp.with_header("content-type", "text/html");
    }
    if head.1 & 4 == 4 {
        let v = [
            "0",
            "1",
            "120",
            "-1",
            "1e9",
            "18446744073709551616",
            "Wed, 21 Oct 2015 07:28:00 GMT",
            "",
        ][(head.1 >> 3 & 7) as usize];
        resp = resp.with_header("retry-after", v);
    }
    resp
}

/// The bytes as text, invalid UTF-8 replaced (what a JS caller's TextDecoder would give).
pub fn lossy(data: &[u8]) -> String {
    String::from_utf8_lossy(data).into_owned()
}
