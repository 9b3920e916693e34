//! One error type for the whole SDK, with a stable machine-readable [`Error::code`] per variant and a
//! [`Category`] that says what kind of problem it is and whether a retry can help.
//!
//! Messages never contain a secret: errors are built from field names, rules, provider codes and
//! provider messages, never from keys, tokens or request bodies that carry credentials.

use std::fmt;

/// The provider an error or a result belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Provider {
    /// Unipesa Payment API Gateway (docs/providers/unipesa.md).
    Unipesa,
    /// MTN MoMo Open API.
    Momo,
    /// CinetPay Transfer API v1.
    Cinetpay,
    /// ViralPAY.
    Viralpay,
    /// AliansPay.
    Alianspay,
}

impl Provider {
    /// The stable lower-case name used in JS (`"unipesa"`, `"momo"`...).
    pub fn as_str(self) -> &'static str {
        match self {
            Provider::Unipesa => "unipesa",
            Provider::Momo => "momo",
            Provider::Cinetpay => "cinetpay",
            Provider::Viralpay => "viralpay",
            Provider::Alianspay => "alianspay",
        }
    }
}

impl fmt::Display for Provider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What kind of problem an error is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Category {
    /// The input broke a rule; fix the input.
    Validation,
    /// Credentials were refused.
    Auth,
    /// The provider answered with an error.
    Provider,
    /// The request did not reach the provider or the answer did not come back.
    Network,
    /// No answer within the time limit.
    Timeout,
    /// Too many requests.
    RateLimited,
    /// A signature did not verify.
    Signature,
    /// The answer could not be read.
    Parse,
    /// The provider does not offer this operation.
    Unsupported,
}

impl Category {
    /// The stable snake_case name used in JS.
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Validation => "validation",
            Category::Auth => "auth",
            Category::Provider => "provider",
            Category::Network => "network",
            Category::Timeout => "timeout",
            Category::RateLimited => "rate_limited",
            Category::Signature => "signature",
            Category::Parse => "parse",
            Category::Unsupported => "unsupported",
        }
    }
}

/// Details a provider attached to an error answer.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProviderDetail {
    /// The HTTP status of the answer, when there was one.
    pub http_status: Option<u16>,
    /// The provider's own error code (`"10201"`, `"705"`, `"RESOURCE_ALREADY_EXIST"`...).
    pub provider_code: Option<String>,
}

/// Every error the SDK returns: one pointer to its [`ErrorKind`], so a `Result` carrying it moves a word, not
/// the 48 bytes of the kind (every `?` and every await of a fallible future moved them: bench/README.md). Read
/// it through `*error` or [`Error::kind`], make it from a kind with `.into()`; its `Debug` is the kind's.
#[derive(Clone, PartialEq, Eq)]
pub struct Error(Box<ErrorKind>);

impl Error {
    /// What went wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.0
    }

    /// What went wrong, by value.
    pub fn into_kind(self) -> ErrorKind {
        *self.0
    }
}

impl From<ErrorKind> for Error {
    fn from(kind: ErrorKind) -> Error {
        Error(Box::new(kind))
    }
}

impl std::ops::Deref for Error {
    type Target = ErrorKind;
    fn deref(&self) -> &ErrorKind {
        &self.0
    }
}

impl std::ops::DerefMut for Error {
    fn deref_mut(&mut self) -> &mut ErrorKind {
        &mut self.0
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&*self.0, f)
    }
}

/// The kinds of [`Error`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ErrorKind {
    /// An input broke a rule.
    Validation {
        /// The input concerned (`"amount"`, `"extra.customer_name"`).
        field: String,
        /// What was wrong, in words a developer can act on.
        rule: String,
    },
    /// The provider refused the credentials.
    Auth {
        /// Which provider.
        provider: Provider,
        /// What happened and what to check.
        message: String,
        /// HTTP status and provider code.
        detail: ProviderDetail,
    },
    /// The provider answered with an error.
    Provider {
        /// Which provider.
        provider: Provider,
        /// The provider's message, or ours.
        message: String,
        /// The normalised reason (`"insufficient_funds"`...).
        reason: Option<String>,
        /// HTTP status and provider code.
        detail: ProviderDetail,
        /// Whether the same request may succeed later.
        retryable: bool,
    },
    /// The request could not be sent or its answer not received.
    Network {
        /// What the runtime said.
        message: String,
    },
    /// No answer within the time limit.
    Timeout {
        /// The limit, in milliseconds.
        after_ms: u64,
    },
    /// The caller's `AbortSignal` ended the call; nothing further is sent.
    Aborted {
        /// Whether a request had left before the abort (then its outcome is unknown).
        sent: bool,
    },
    /// The provider said "too many requests".
    RateLimited {
        /// Which provider.
        provider: Provider,
        /// The wait the provider asked for, when given.
        retry_after_ms: Option<u64>,
        /// HTTP status and provider code.
        detail: ProviderDetail,
    },
    /// A signature did not match: the message may be forged or tampered with.
    SignatureMismatch {
        /// Which provider.
        provider: Provider,
        /// What did not match.
        message: String,
    },
    /// An answer could not be read.
    Parse {
        /// Which provider, when known.
        provider: Option<Provider>,
        /// What went wrong.
        message: String,
        /// Where in the JSON (`"result.code"`), or empty.
        path: String,
        /// The start of the body (answers from providers never carry our secrets).
        body_snippet: String,
    },
    /// The provider does not offer this operation.
    Unsupported {
        /// Which provider.
        provider: Provider,
        /// The operation asked for.
        operation: String,
        /// What to do instead.
        message: String,
    },
}

impl Error {
    /// The error of a transient HTTP status, the same for every provider that has no more to say about it: 429
    /// → [`ErrorKind::RateLimited`] (with the caller's reading of `Retry-After`), 408 and 5xx → a retryable
    /// provider error (`provider_unavailable`) carrying what the provider said, if anything. `None` for any
    /// other status (or none in `detail`).
    pub fn transient_http(
        provider: Provider,
        detail: ProviderDetail,
        retry_after_ms: Option<u64>,
        said: &str,
    ) -> Option<Error> {
        let status = detail.http_status?;
        match status {
            429 => Some(Error::from(ErrorKind::RateLimited {
                provider,
                retry_after_ms,
                detail,
            })),
            408 | 500..=599 => Some(Error::from(ErrorKind::Provider {
                provider,
                message: if said.is_empty() {
                    format!("HTTP {status} (a temporary failure; retry later)")
                } else {
                    format!("HTTP {status} (a temporary failure; retry later): {said}")
                },
                reason: Some(crate::core::Reason::ProviderUnavailable.as_str().into()),
                detail,
                retryable: true,
            })),
            _ => None,
        }
    }

    /// A validation error for `field`.
    pub fn validation(field: impl Into<String>, rule: impl Into<String>) -> Error {
        ErrorKind::Validation {
            field: field.into(),
            rule: rule.into(),
        }
        .into()
    }

    /// A parse error of a provider's answer.
    pub fn parse(
        provider: Provider,
        message: impl Into<String>,
        path: impl Into<String>,
        body: &[u8],
    ) -> Error {
        ErrorKind::Parse {
            provider: Some(provider),
            message: message.into(),
            path: path.into(),
            body_snippet: snippet(body),
        }
        .into()
    }
}

impl ErrorKind {
    /// The stable machine-readable code of this error.
    pub fn code(&self) -> &'static str {
        match self {
            ErrorKind::Validation { .. } => "validation_error",
            ErrorKind::Auth { .. } => "auth_error",
            ErrorKind::Provider { .. } => "provider_error",
            ErrorKind::Network { .. } => "network_error",
            ErrorKind::Timeout { .. } => "timeout",
            ErrorKind::Aborted { .. } => "aborted",
            ErrorKind::RateLimited { .. } => "rate_limited",
            ErrorKind::SignatureMismatch { .. } => "signature_mismatch",
            ErrorKind::Parse { .. } => "parse_error",
            ErrorKind::Unsupported { .. } => "unsupported",
        }
    }

    /// The category of this error.
    pub fn category(&self) -> Category {
        match self {
            ErrorKind::Validation { .. } => Category::Validation,
            ErrorKind::Auth { .. } => Category::Auth,
            ErrorKind::Provider { .. } => Category::Provider,
            ErrorKind::Network { .. } => Category::Network,
            ErrorKind::Timeout { .. } => Category::Timeout,
            ErrorKind::Aborted { .. } => Category::Network,
            ErrorKind::RateLimited { .. } => Category::RateLimited,
            ErrorKind::SignatureMismatch { .. } => Category::Signature,
            ErrorKind::Parse { .. } => Category::Parse,
            ErrorKind::Unsupported { .. } => Category::Unsupported,
        }
    }

    /// Whether sending the same request again may succeed (the retry policy still checks idempotency).
    pub fn is_retryable(&self) -> bool {
        match self {
            ErrorKind::Network { .. }
            | ErrorKind::Timeout { .. }
            | ErrorKind::RateLimited { .. } => true,
            ErrorKind::Provider { retryable, .. } => *retryable,
            _ => false,
        }
    }

    /// The provider concerned, when known.
    pub fn provider(&self) -> Option<Provider> {
        match self {
            ErrorKind::Auth { provider, .. }
            | ErrorKind::Provider { provider, .. }
            | ErrorKind::RateLimited { provider, .. }
            | ErrorKind::SignatureMismatch { provider, .. }
            | ErrorKind::Unsupported { provider, .. } => Some(*provider),
            ErrorKind::Parse { provider, .. } => *provider,
            _ => None,
        }
    }

    /// The provider's detail (HTTP status, provider code), when the error came from an answer.
    pub fn detail(&self) -> Option<&ProviderDetail> {
        match self {
            ErrorKind::Auth { detail, .. }
            | ErrorKind::Provider { detail, .. }
            | ErrorKind::RateLimited { detail, .. } => Some(detail),
            _ => None,
        }
    }

    /// The input field concerned, for validation errors.
    pub fn field(&self) -> Option<&str> {
        match self {
            ErrorKind::Validation { field, .. } => Some(field),
            _ => None,
        }
    }

    /// The normalised reason, for provider errors.
    pub fn reason(&self) -> Option<&str> {
        match self {
            ErrorKind::Provider { reason, .. } => reason.as_deref(),
            _ => None,
        }
    }

    /// The wait the provider asked for, for rate-limit errors.
    pub fn retry_after_ms(&self) -> Option<u64> {
        match self {
            ErrorKind::RateLimited { retry_after_ms, .. } => *retry_after_ms,
            _ => None,
        }
    }
}

/// The first 200 characters of a body, lossily decoded, for error messages.
pub fn snippet(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let mut out: String = text.chars().take(200).collect();
    if text.chars().count() > 200 {
        out.push('…');
    }
    out
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ErrorKind::Validation { field, rule } => write!(f, "invalid `{field}`: {rule}"),
            ErrorKind::Auth {
                provider, message, ..
            } => write!(f, "{provider}: authentication failed: {message}"),
            ErrorKind::Provider {
                provider,
                message,
                detail,
                ..
            } => {
                write!(f, "{provider}: {message}")?;
                if let Some(code) = &detail.provider_code {
                    write!(f, " (provider code {code})")?;
                }
                Ok(())
            }
            ErrorKind::Network { message } => write!(f, "network error: {message}"),
            ErrorKind::Timeout { after_ms } => write!(f, "no answer within {after_ms} ms"),
            ErrorKind::Aborted { sent: false } => {
                write!(f, "aborted by the caller's signal before anything was sent")
            }
            ErrorKind::Aborted { sent: true } => write!(
                f,
                "aborted by the caller's signal after the request was sent (nothing further was sent)"
            ),
            ErrorKind::RateLimited {
                provider,
                retry_after_ms,
                ..
            } => match retry_after_ms {
                Some(ms) => write!(f, "{provider}: rate limited, retry after {ms} ms"),
                None => write!(f, "{provider}: rate limited"),
            },
            ErrorKind::SignatureMismatch { provider, message } => {
                write!(f, "{provider}: signature mismatch: {message}")
            }
            ErrorKind::Parse {
                provider,
                message,
                path,
                ..
            } => {
                if let Some(p) = provider {
                    write!(f, "{p}: ")?;
                }
                if path.is_empty() {
                    write!(f, "cannot read the answer: {message}")
                } else {
                    write!(f, "cannot read the answer at `{path}`: {message}")
                }
            }
            ErrorKind::Unsupported {
                provider, message, ..
            } => write!(f, "{provider}: {message}"),
        }
    }
}

impl std::error::Error for Error {}

/// Whether the money of a failed call that moves money may have moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Refused before any byte of the money request left: bad input, credentials, no token.
    NotSent,
    /// The provider answered a definite refusal: nothing moved.
    Rejected,
    /// It may have executed: the answer was lost, came too late, was a server error or could not be read.
    Unknown,
}

impl Outcome {
    /// The stable name used in JS (`"not_sent"`, `"rejected"`, `"unknown"`).
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::NotSent => "not_sent",
            Outcome::Rejected => "rejected",
            Outcome::Unknown => "unknown",
        }
    }

    /// The outcome of a money call that ended in `e`. Conservative: whatever may have reached the provider and
    /// got no definite answer is [`Outcome::Unknown`].
    pub fn of(e: &Error) -> Outcome {
        match e.kind() {
            ErrorKind::Validation { .. } | ErrorKind::Unsupported { .. } => Outcome::NotSent,
            // A refused credential (the token call or the money call itself) executed nothing.
            ErrorKind::Auth { detail, .. } => match detail.http_status {
                Some(_) => Outcome::Rejected,
                None => Outcome::NotSent,
            },
            // A rate limiter refuses before the work is done.
            ErrorKind::RateLimited { .. } => Outcome::Rejected,
            ErrorKind::Provider {
                detail, retryable, ..
            } => match detail.http_status {
                Some(s) if s >= 500 || s == 408 => Outcome::Unknown,
                _ if *retryable => Outcome::Unknown,
                _ => Outcome::Rejected,
            },
            ErrorKind::Aborted { sent: false } => Outcome::NotSent,
            ErrorKind::Network { .. }
            | ErrorKind::Timeout { .. }
            | ErrorKind::Aborted { sent: true }
            | ErrorKind::Parse { .. }
            | ErrorKind::SignatureMismatch { .. } => Outcome::Unknown,
        }
    }
}

/// The error of a call that moves money: what went wrong, the idempotency key the call was (or would have been)
/// sent under, and whether the money may have moved. An [`Outcome::Unknown`] is never a definite failure: its
/// message says to read the status of the reference (or repeat the call with the same reference) before trying
/// again under a new one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MoneyError {
    /// What went wrong.
    pub error: Error,
    /// The idempotency key (Unipesa `order_id`, MoMo `X-Reference-Id`, ...), once one exists.
    pub reference: Option<String>,
    /// Whether the money may have moved.
    pub outcome: Outcome,
    /// The provider's id of its last answer, when it named one (to quote to its support).
    pub request_id: Option<String>,
}

impl MoneyError {
    /// `error` of a call under `reference`, its outcome classified by [`Outcome::of`].
    pub fn new(error: Error, reference: Option<String>) -> MoneyError {
        let outcome = Outcome::of(&error);
        MoneyError {
            error,
            reference,
            outcome,
            request_id: None,
        }
    }
}

impl fmt::Display for MoneyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.error)?;
        match (self.outcome, &self.reference) {
            (Outcome::Unknown, Some(r)) => write!(
                f,
                " (outcome unknown: the operation may have gone through under reference {r}; call \
                 status({r:?}), or repeat the call with this same reference, before trying again with a new \
                 one)"
            ),
            _ => Ok(()),
        }
    }
}

/// The TypeScript declarations of the error vocabulary (codes, categories, provider names), published with the
/// package's types (src/wasm/boundary.rs). A test checks that every code and category of [`Error`] is listed,
/// so the declarations cannot drift from the Rust error. `internal_error` is the JS layer's own code for a bug.
pub const TS_DECLARATIONS: &str = r#"
/** The stable codes of PayrailError. */
export type PayrailErrorCode =
  | 'validation_error'
  | 'auth_error'
  | 'provider_error'
  | 'network_error'
  | 'timeout'
  | 'aborted'
  | 'rate_limited'
  | 'signature_mismatch'
  | 'parse_error'
  | 'unsupported'
  | 'internal_error'
  /** Raised by the JS of a browser entry: a synchronous call before `init()` (an UnsupportedError). */
  | 'not_initialized'
  /** Raised by the JS of a browser entry: the WebAssembly module could not be fetched or compiled (a NetworkError). */
  | 'wasm_load_failed';

/** What kind of problem an error is. */
export type PayrailErrorCategory =
  | 'validation'
  | 'auth'
  | 'provider'
  | 'network'
  | 'timeout'
  | 'rate_limited'
  | 'signature'
  | 'parse'
  | 'unsupported';

/** The providers. */
export type ProviderName = 'unipesa' | 'momo' | 'cinetpay' | 'viralpay' | 'alianspay';
"#;

#[cfg(test)]
#[path = "tests/error.rs"]
mod tests;
