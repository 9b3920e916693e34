//! The Unipesa string to sign read straight from JSON text in one pass (the rules are in
//! [`super::unipesa_signature`]'s doc), with no `serde_json::Value` tree: the hot path of `signUnipesa` and
//! callback checks, and the only reader of the `payrail/crypto` wasm, which then carries no serde_json (~16 KB,
//! and the float formatting its error messages link, ~14 KB; bench/README.md).
//!
//! It gives what the tree walk over `serde_json::from_str`'s `Value` gives, on every text (tests/properties.rs):
//! - a key written twice in one object keeps its last value at its first place (the tree's `IndexMap`, and PHP's
//!   `json_decode`);
//! - nesting of 16 levels or more is refused only when it is still in the payload once keys written twice are
//!   settled (a deep value replaced by a later one is not refused, as the tree never sees it);
//! - invalid JSON is refused with serde_json's words and position (`expected value at line 1 column 7`): the
//!   same grammar (whitespace, escapes, numbers, lone surrogates refused), the same recursion limit (128), and
//!   the error at the byte serde_json stops at.

/// A JSON syntax error: serde_json's message (its `ErrorCode` text) and the byte index its position is of.
#[derive(Debug)]
pub struct Syntax {
    what: &'static str,
    at: usize,
}

impl Syntax {
    /// serde_json's `Display` of the error: `<what> at line L column C`, the column counting bytes from the
    /// line's start (serde_json's `position_of_index`).
    pub fn message(&self, text: &str) -> String {
        let before = &text.as_bytes()[..self.at.min(text.len())];
        let line_start = before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |p| p + 1);
        let line = 1 + before[..line_start].iter().filter(|&&b| b == b'\n').count();
        format!(
            "{} at line {} column {}",
            self.what,
            line,
            self.at.min(text.len()) - line_start
        )
    }
}

const EOF_VALUE: &str = "EOF while parsing a value";
const EOF_LIST: &str = "EOF while parsing a list";
const EOF_OBJECT: &str = "EOF while parsing an object";
const EOF_STRING: &str = "EOF while parsing a string";
const INVALID_NUMBER: &str = "invalid number";
const INVALID_ESCAPE: &str = "invalid escape";
const LONE_SURROGATE: &str = "lone leading surrogate in hex escape";
const TRAILING_COMMA: &str = "trailing comma";
const KEY_NOT_STRING: &str = "key must be a string";

/// serde_json's default recursion limit: the 128th container nested is refused.
const RECURSION_LIMIT: usize = 128;

/// What the text holds, for the signature functions to decide on.
pub struct Payload {
    /// The string the HMAC covers, as UTF-8 bytes.
    pub bytes: Vec<u8>,
    /// The payload's own top-level `signature` (its last value), when it is a string.
    pub signature: Option<String>,
    /// The top is an object or a list (else a scalar, which has no fields to sign).
    pub container: bool,
    /// A container 16 levels deep or more is in the payload: the signature refuses it.
    pub too_deep: bool,
}

/// One member of the object being read: its key (in `Reader::keys`), the bytes it wrote (in `Reader::out`), and
/// whether it holds a container too deep.
struct Member {
    key: (usize, usize),
    out: (usize, usize),
    deep: bool,
}

/// Objects with more keys than this find keys written twice by sorting (below, by comparing each with each).
const MAX_KEYS_COMPARED: usize = 48;

/// Reads JSON text: the string to sign of a payload, or serde_json's syntax error.
pub fn read(json: &str, max_depth: usize) -> Result<Payload, Syntax> {
    let mut r = Reader {
        s: json.as_bytes(),
        i: 0,
        out: Vec::with_capacity(json.len() + 32),
        prefix: Vec::new(),
        keys: Vec::new(),
        members: Vec::new(),
        signature: None,
        max_depth,
    };
    r.ws();
    let container = matches!(r.peek(), Some(b'{' | b'['));
    let too_deep = match r.peek() {
        None => return Err(r.peek_error(EOF_VALUE)),
        Some(_) if container => r.container(0)?,
        Some(_) => {
            r.scalar(&mut Vec::new())?;
            false
        }
    };
    r.ws();
    if r.i != json.len() {
        return Err(r.peek_error("trailing characters"));
    }
    Ok(Payload {
        bytes: r.out,
        signature: r.signature,
        container,
        too_deep,
    })
}

struct Reader<'a> {
    s: &'a [u8],
    i: usize,
    out: Vec<u8>,
    /// `parent.child.` of the container being read.
    prefix: Vec<u8>,
    /// The keys of the objects being read (unescaped), one after the other; `members` indexes them.
    keys: Vec<u8>,
    members: Vec<Member>,
    signature: Option<String>,
    max_depth: usize,
}

// The small steps are inlined by hand: the release profile optimises for size ("z"), which otherwise leaves a
// call per byte (the reader's time in the profile, bench/README.md).
impl Reader<'_> {
    #[inline(always)]
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    #[inline(always)]
    fn ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.s.get(self.i) {
            self.i += 1;
        }
    }

    /// An error at the byte just read (serde_json's `error`).
    fn error(&self, what: &'static str) -> Syntax {
        Syntax { what, at: self.i }
    }

    /// An error at the byte looked at (serde_json's `peek_error`).
    fn peek_error(&self, what: &'static str) -> Syntax {
        Syntax {
            what,
            at: (self.i + 1).min(self.s.len()),
        }
    }

    /// At `{` or `[`: reads the container; whether it holds one too deep.
    fn container(&mut self, level: usize) -> Result<bool, Syntax> {
        if level + 1 >= RECURSION_LIMIT {
            return Err(self.peek_error("recursion limit exceeded"));
        }
        let object = self.s[self.i] == b'{';
        self.i += 1;
        let (members_at, keys_at, out_at) = (self.members.len(), self.keys.len(), self.out.len());
        let mut deep = level >= self.max_depth;
        let mut index = 0u64;
        loop {
            self.ws();
            let (eof, close, comma_or_end) = match object {
                true => (EOF_OBJECT, b'}', "expected `,` or `}`"),
                false => (EOF_LIST, b']', "expected `,` or `]`"),
            };
            match self.peek() {
                None => return Err(self.peek_error(eof)),
                Some(b) if b == close => {
                    self.i += 1;
                    break;
                }
                Some(b) if index == 0 => {
                    if object && b != b'"' {
                        return Err(self.peek_error(KEY_NOT_STRING));
                    }
                }
                Some(b',') => {
                    self.i += 1;
                    self.ws();
                    match self.peek() {
                        None => return Err(self.peek_error(EOF_VALUE)),
                        Some(b) if b == close => return Err(self.peek_error(TRAILING_COMMA)),
                        Some(b) if object && b != b'"' => {
                            return Err(self.peek_error(KEY_NOT_STRING))
                        }
                        Some(_) => {}
                    }
                }
                Some(_) => return Err(self.peek_error(comma_or_end)),
            }
            let key_at = self.keys.len();
            if object {
                read_string(self.s, &mut self.i, &mut self.keys)?;
                self.ws();
                match self.peek() {
                    Some(b':') => self.i += 1,
                    Some(_) => return Err(self.peek_error("expected `:`")),
                    None => return Err(self.peek_error(EOF_OBJECT)),
                }
            } else {
                push_decimal(&mut self.keys, index);
            }
            index += 1;
            let out_start = self.out.len();
            let member_deep = self.member(key_at, level)?;
            if object {
                self.members.push(Member {
                    key: (key_at, self.keys.len()),
                    out: (out_start, self.out.len()),
                    deep: member_deep,
                });
            } else {
                self.keys.truncate(key_at);
                deep |= member_deep;
            }
        }
        if object {
            deep |= self.settle_object(members_at, out_at);
        }
        self.members.truncate(members_at);
        self.keys.truncate(keys_at);
        Ok(deep)
    }

    /// The value of the key `self.keys[key_at..]`, after its `:`; whether it holds a container too deep.
    fn member(&mut self, key_at: usize, level: usize) -> Result<bool, Syntax> {
        self.ws();
        let is_signature = &self.keys[key_at..] == b"signature";
        match self.peek() {
            None => Err(self.peek_error(EOF_VALUE)),
            Some(b'{' | b'[') => {
                let at = self.prefix.len();
                self.prefix.extend_from_slice(&self.keys[key_at..]);
                self.prefix.push(b'.');
                let deep = self.container(level + 1)?;
                self.prefix.truncate(at);
                if level == 0 && is_signature {
                    self.signature = None;
                }
                Ok(deep)
            }
            Some(first) if is_signature => {
                // Left out of the string; at the top, a string is the signature a callback check compares
                // (the last one written, as the tree keeps it).
                let mut s = Vec::new();
                self.scalar(&mut s)?;
                if level == 0 {
                    self.signature = (first == b'"').then(|| String::from_utf8(s).ok()).flatten();
                }
                Ok(false)
            }
            Some(_) => {
                self.out.extend_from_slice(&self.prefix);
                self.out.extend_from_slice(&self.keys[key_at..]);
                let mut out = std::mem::take(&mut self.out);
                let r = self.scalar(&mut out);
                self.out = out;
                r.map(|()| false)
            }
        }
    }

    /// Keys written twice in the object whose members start at `members_at` (its bytes at `out_at`): each
    /// key's last value at its first place. Whether a member left holds a container too deep.
    fn settle_object(&mut self, members_at: usize, out_at: usize) -> bool {
        let members = &self.members[members_at..];
        let key = |n: usize| &self.keys[members[n].key.0..members[n].key.1];
        // For each member, the member whose value its key keeps: itself, a later one written with the same key,
        // or none when an earlier one has its key (it is not in the payload).
        let mut last: Vec<Option<usize>> = (0..members.len()).map(Some).collect();
        let mut twice = false;
        if members.len() <= MAX_KEYS_COMPARED {
            for n in 0..members.len() {
                if let Some(first) = (0..n).find(|&m| key(m) == key(n)) {
                    last[first] = Some(n);
                    last[n] = None;
                    twice = true;
                }
            }
        } else {
            // Sorted by key, then by place: a run of one key starts with its first place and ends with its last.
            // std's heap sort (`BinaryHeap`): a fraction of the code of `sort_unstable` (~2.6 KB of wasm).
            let heap: std::collections::BinaryHeap<(&[u8], usize)> =
                (0..members.len()).map(|n| (key(n), n)).collect();
            let order: Vec<usize> = heap.into_sorted_vec().into_iter().map(|(_, n)| n).collect();
            let mut run = 0;
            for n in 1..=order.len() {
                if n == order.len() || key(order[n]) != key(order[run]) {
                    if n - run > 1 {
                        last[order[run]] = Some(order[n - 1]);
                        order[run + 1..n].iter().for_each(|&m| last[m] = None);
                        twice = true;
                    }
                    run = n;
                }
            }
        }
        if !twice {
            return members.iter().any(|m| m.deep);
        }
        let mut settled = Vec::with_capacity(self.out.len() - out_at);
        let mut deep = false;
        for m in last.into_iter().flatten().map(|n| &members[n]) {
            settled.extend_from_slice(&self.out[m.out.0..m.out.1]);
            deep |= m.deep;
        }
        self.out.truncate(out_at);
        self.out.extend_from_slice(&settled);
        deep
    }

    /// Reads a scalar and appends it as PHP writes it.
    fn scalar(&mut self, out: &mut Vec<u8>) -> Result<(), Syntax> {
        let word = |r: &mut Self, rest: &[u8]| -> Result<(), Syntax> {
            r.i += 1;
            for &want in rest {
                let got = r.peek();
                r.i += usize::from(got.is_some());
                match got {
                    None => return Err(r.error(EOF_VALUE)),
                    Some(b) if b != want => return Err(r.error("expected ident")),
                    Some(_) => {}
                }
            }
            Ok(())
        };
        match self.peek() {
            Some(b'"') => read_string(self.s, &mut self.i, out),
            Some(b't') => {
                word(self, b"rue")?;
                out.push(b'1');
                Ok(())
            }
            Some(b'f') => word(self, b"alse"),
            Some(b'n') => word(self, b"ull"),
            Some(b'-' | b'0'..=b'9') => {
                let start = self.i;
                self.number()?;
                let text = std::str::from_utf8(&self.s[start..self.i]).unwrap_or("0");
                super::unipesa_signature::push_php_number(out, text);
                Ok(())
            }
            _ => Err(self.peek_error("expected value")),
        }
    }

    /// Moves past a number as JSON's grammar writes it (`-? (0 | [1-9][0-9]*) (.[0-9]+)? ([eE][+-]?[0-9]+)?`),
    /// with serde_json's errors.
    fn number(&mut self) -> Result<(), Syntax> {
        let digits = |r: &mut Self| {
            while r.peek().is_some_and(|b| b.is_ascii_digit()) {
                r.i += 1;
            }
        };
        if self.peek() == Some(b'-') {
            self.i += 1;
        }
        let first = self.peek();
        self.i += usize::from(first.is_some());
        match first {
            None => return Err(self.error(EOF_VALUE)),
            Some(b'0') if self.peek().is_some_and(|b| b.is_ascii_digit()) => {
                return Err(self.peek_error(INVALID_NUMBER))
            }
            Some(b'0') => {}
            Some(b'1'..=b'9') => digits(self),
            Some(_) => return Err(self.error(INVALID_NUMBER)),
        }
        if self.peek() == Some(b'.') {
            self.i += 1;
            match self.peek() {
                Some(b'0'..=b'9') => digits(self),
                Some(_) => return Err(self.peek_error(INVALID_NUMBER)),
                None => return Err(self.peek_error(EOF_VALUE)),
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.i += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.i += 1;
            }
            let first = self.peek();
            self.i += usize::from(first.is_some());
            match first {
                None => return Err(self.error(EOF_VALUE)),
                Some(b'0'..=b'9') => digits(self),
                Some(_) => return Err(self.error(INVALID_NUMBER)),
            }
        }
        Ok(())
    }
}

/// Appends `n` in decimal (a list item's key).
fn push_decimal(out: &mut Vec<u8>, n: u64) {
    super::unipesa_signature::push_decimal(out, false, n);
}

/// Reads the string at `*i` (on its opening quote), appending it unescaped, with serde_json's errors: a control
/// character, a bad escape, a lone surrogate, the end of the text.
fn read_string(s: &[u8], i: &mut usize, out: &mut Vec<u8>) -> Result<(), Syntax> {
    let error = |what, at: usize| Err(Syntax { what, at });
    *i += 1;
    loop {
        let start = *i;
        let run = s[start..]
            .iter()
            .position(|&b| b == b'"' || b == b'\\' || b < 0x20);
        let Some(run) = run else {
            *i = s.len();
            return error(EOF_STRING, *i);
        };
        *i += run;
        // The text is UTF-8 and the run stops on an ASCII byte: the run is whole characters.
        out.extend_from_slice(&s[start..*i]);
        let b = s[*i];
        *i += 1;
        let c = match b {
            b'"' => return Ok(()),
            b'\\' => {
                let Some(&e) = s.get(*i) else {
                    return error(EOF_STRING, *i);
                };
                *i += 1;
                match e {
                    b'"' => '"',
                    b'\\' => '\\',
                    b'/' => '/',
                    b'b' => '\u{8}',
                    b'f' => '\u{c}',
                    b'n' => '\n',
                    b'r' => '\r',
                    b't' => '\t',
                    b'u' => read_unicode_escape(s, i)?,
                    _ => return error(INVALID_ESCAPE, *i),
                }
            }
            _ => {
                return error(
                    "control character (\\u0000-\\u001F) found while parsing a string",
                    *i,
                )
            }
        };
        out.extend_from_slice(c.encode_utf8(&mut [0u8; 4]).as_bytes());
    }
}

/// After `\u`: the escape's character, a surrogate pair read whole (serde_json's `parse_unicode_escape`).
fn read_unicode_escape(s: &[u8], i: &mut usize) -> Result<char, Syntax> {
    let error = |what, at: usize| Err(Syntax { what, at });
    let hi = read_hex4(s, i)?;
    let code = match hi {
        0xDC00..=0xDFFF => return error(LONE_SURROGATE, *i),
        0xD800..=0xDBFF => {
            for want in [b'\\', b'u'] {
                match s.get(*i) {
                    None => return error(EOF_STRING, *i),
                    Some(&b) if b != want => return error("unexpected end of hex escape", *i + 1),
                    Some(_) => *i += 1,
                }
            }
            let lo = read_hex4(s, i)?;
            if !(0xDC00..=0xDFFF).contains(&lo) {
                return error(LONE_SURROGATE, *i);
            }
            0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
        }
        _ => hi,
    };
    // Not a surrogate, or a whole pair: always a character.
    char::from_u32(code).ok_or(Syntax {
        what: LONE_SURROGATE,
        at: *i,
    })
}

/// The four hex digits of a `\uXXXX` escape (either case) at `*i`, as a UTF-16 code unit.
fn read_hex4(s: &[u8], i: &mut usize) -> Result<u32, Syntax> {
    let Some(four) = s.get(*i..*i + 4) else {
        *i = s.len();
        return Err(Syntax {
            what: EOF_STRING,
            at: *i,
        });
    };
    *i += 4;
    let mut unit = [0u8; 2];
    hex::decode_to_slice(four, &mut unit).map_err(|_| Syntax {
        what: INVALID_ESCAPE,
        at: *i,
    })?;
    Ok(u32::from(u16::from_be_bytes(unit)))
}
