//! Owned HTTP messages: what a provider builder produces and a provider parser reads. No I/O here.

/// The HTTP method of a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// GET
    Get,
    /// POST
    Post,
    /// PUT
    Put,
    /// DELETE
    Delete,
}

impl Method {
    /// The method as sent on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
        }
    }
}

/// A request, complete and ready to send: every byte decided by a pure builder.
///
/// Requests carry credentials (signatures, tokens in headers or in the query, passwords in forms), so `Debug`
/// shows only the method, the URL with its query values redacted, the header names and the body length.
#[derive(Clone, PartialEq, Eq)]
pub struct HttpRequest {
    /// The method.
    pub method: Method,
    /// The absolute URL, query included.
    pub url: String,
    /// Header names and values, in order.
    pub headers: Vec<(String, String)>,
    /// The body, if any.
    pub body: Option<String>,
}

impl std::fmt::Debug for HttpRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HttpRequest")
            .field("method", &self.method)
            .field("url", &redact_query(&self.url))
            .field(
                "headers",
                &self.headers.iter().map(|(k, _)| k).collect::<Vec<_>>(),
            )
            .field(
                "body",
                &self.body.as_ref().map(|b| format!("[{} bytes]", b.len())),
            )
            .finish()
    }
}

/// The URL with every query value replaced by `[redacted]` (CinetPay puts its token in the query).
fn redact_query(url: &str) -> String {
    match url.split_once('?') {
        None => url.to_string(),
        Some((base, query)) => {
            let names: Vec<String> = query
                .split('&')
                .map(|pair| match pair.split_once('=') {
                    Some((k, _)) => format!("{k}=[redacted]"),
                    None => pair.to_string(),
                })
                .collect();
            format!("{base}?{}", names.join("&"))
        }
    }
}

impl HttpRequest {
    /// A request with no headers and no body.
    pub fn new(method: Method, url: impl Into<String>) -> HttpRequest {
        HttpRequest {
            method,
            url: url.into(),
            headers: Vec::new(),
            body: None,
        }
    }

    /// Adds a header.
    pub fn header(mut self, name: &str, value: impl Into<String>) -> HttpRequest {
        self.headers.push((name.to_string(), value.into()));
        self
    }

    /// Sets a JSON body and its content type.
    /// A JSON object as the body (fields in their order), with its Content-Type.
    pub fn json_object(self, body: &serde_json::Map<String, serde_json::Value>) -> HttpRequest {
        self.json_body(json_text(body))
    }

    /// JSON text as the body, with its Content-Type.
    pub fn json_body(mut self, body: String) -> HttpRequest {
        self.headers
            .push(("Content-Type".to_string(), "application/json".to_string()));
        self.body = Some(body);
        self
    }

    /// The first value of a header, case-insensitively.
    pub fn header_value(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }
}

/// An answer as received.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct HttpResponse {
    /// The HTTP status.
    pub status: u16,
    /// Header names (any case) and values.
    pub headers: Vec<(String, String)>,
    /// The raw body bytes (they may not be valid UTF-8).
    pub body: Vec<u8>,
}

impl HttpResponse {
    /// A response with a status and a body.
    pub fn new(status: u16, body: impl Into<Vec<u8>>) -> HttpResponse {
        HttpResponse {
            status,
            headers: Vec::new(),
            body: body.into(),
        }
    }

    /// Adds a header.
    pub fn with_header(mut self, name: &str, value: &str) -> HttpResponse {
        self.headers.push((name.to_string(), value.to_string()));
        self
    }

    /// The first value of a header, case-insensitively.
    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }

    /// Whether the status is 2xx.
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }
}

/// Whether `url` is an absolute http(s) URL with a host, and no whitespace or control character: what a provider
/// can call back (callback and notify URLs) and what may go into a header (MoMo's `X-Callback-Url`). One rule for
/// every provider; each names its own field and advice.
pub fn is_http_url(url: &str) -> bool {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    match rest {
        Some(r) => {
            !r.is_empty()
                && !r.starts_with('/')
                && !url.contains(|c: char| c.is_whitespace() || c.is_control())
        }
        None => false,
    }
}

/// Checks a URL the caller gives for the provider to call back (`callbackUrl`, `notify_url`...): [`is_http_url`].
pub fn check_http_url(field: &str, url: &str) -> Result<(), crate::core::Error> {
    if is_http_url(url) {
        Ok(())
    } else {
        Err(crate::core::Error::validation(
            field,
            "must be an absolute http(s) URL",
        ))
    }
}

/// Checks a provider's base URL (`baseUrl`): [`is_http_url`], as every request's URL starts with it.
pub fn check_base_url(field: &str, url: &str) -> Result<(), crate::core::Error> {
    if is_http_url(url) {
        Ok(())
    } else {
        Err(crate::core::Error::validation(
            field,
            "must start with https:// (or http:// for a local sandbox) and name a host",
        ))
    }
}

/// JSON text of an object, written straight into a buffer: `Value::to_string` goes through `fmt::Display` and an
/// `io::Write` adaptor, ~40% slower on a request body (the round-trip profile, bench/README.md).
pub fn json_text(body: &serde_json::Map<String, serde_json::Value>) -> String {
    // Writing a map of strings to JSON cannot fail (no I/O, no non-string keys).
    serde_json::to_string(body).unwrap_or_default()
}

fn find_header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// Joins a base URL and a path with exactly one `/` between them.
pub fn join_url(base: &str, path: &str) -> String {
    format!(
        "{}/{}",
        base.trim_end_matches('/'),
        path.trim_start_matches('/')
    )
}

/// Percent-encodes a query or form component (RFC 3986 unreserved characters are kept).
pub fn percent_encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Encodes pairs as `application/x-www-form-urlencoded` / a query string.
pub fn form_encode(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", percent_encode(k), percent_encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// A credential that travels as an HTTP header value (RFC 9110 §5.5: visible ASCII, Latin-1, spaces and tabs;
/// no CR, LF, NUL or other control character). Refused at construction with a ValidationError naming the
/// `option`, never showing the value (it is a secret).
pub fn check_header_credential(option: &str, value: &str) -> Result<(), crate::core::Error> {
    let ok = value
        .chars()
        .all(|c| c == '\t' || (c >= ' ' && c != '\u{7f}' && (c as u32) <= 0xff));
    match ok {
        true => Ok(()),
        false => Err(crate::core::Error::validation(
            option,
            "cannot be sent as an HTTP header value (it holds a line break, a NUL, another control character \
             or a character beyond Latin-1); check how it was copied",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn http_urls_need_a_scheme_a_host_and_no_control_characters() {
        for ok in [
            "https://shop.example/cb",
            "http://127.0.0.1:8080/x?y=1",
            "https://a",
        ] {
            assert!(is_http_url(ok), "{ok}");
        }
        for bad in [
            "",
            "shop.example/cb",
            "ftp://shop.example",
            "https://",
            "https:///path",
            "https://shop.example/a b",
            "https://shop.example/\u{0}x",
            "https://shop.example/\nX-Injected: yes",
            "HTTPS//shop.example",
        ] {
            assert!(!is_http_url(bad), "{bad:?}");
        }
    }

    #[test]
    fn headers_are_case_insensitive() {
        let r = HttpResponse::new(429, "").with_header("Retry-After", "3");
        assert_eq!(r.header("retry-after"), Some("3"));
        assert_eq!(r.header("x"), None);
        assert!(!r.is_success());
    }

    #[test]
    fn url_join_and_encoding() {
        assert_eq!(join_url("https://a.b/", "/x/y"), "https://a.b/x/y");
        assert_eq!(join_url("https://a.b", "x"), "https://a.b/x");
        assert_eq!(percent_encode("a b&c=d/é"), "a%20b%26c%3Dd%2F%C3%A9");
        assert_eq!(
            form_encode(&[("lang", "fr"), ("token", "a+b")]),
            "lang=fr&token=a%2Bb"
        );
    }

    #[test]
    fn debug_hides_header_values_and_body() {
        let q = HttpRequest::new(Method::Get, "https://x/check?token=eyJsecret&lang=fr");
        assert!(format!("{q:?}").contains("https://x/check?token=[redacted]&lang=[redacted]"));
        let r = HttpRequest::new(Method::Post, "https://x")
            .header("Authorization", "Basic c2VjcmV0")
            .json_body("{\"password\":\"hunter2\"}".into());
        let d = format!("{r:?}");
        assert!(!d.contains("c2VjcmV0") && !d.contains("hunter2"), "{d}");
        assert!(d.contains("Authorization"));
    }

    #[test]
    fn a_credential_that_cannot_be_a_header_value_is_named_never_shown() {
        assert!(check_header_credential("guid", "cd8fb6d0-051d-4187-9d32-481ff4c0bfab").is_ok());
        for bad in ["abc\ndef", "abc\r\n", "a\u{0}b", "a\u{7f}", "clé€"] {
            let e = check_header_credential("subscriptionKey", bad).unwrap_err();
            assert_eq!(e.field(), Some("subscriptionKey"));
            assert!(!e.to_string().contains(bad), "{e}");
        }
    }
}
