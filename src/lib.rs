//! # payrail
//!
//! Five African payment APIs — Unipesa, MTN MoMo, CinetPay (payouts), ViralPAY and AliansPay — from one sans-IO
//! core, compiled to WebAssembly for Node, Cloudflare Workers, Deno, Bun and browsers.
//!
//! Data flows one way: a pure builder makes an [`core::HttpRequest`], a [`client::Transport`] sends it, a pure
//! parser reads the [`core::HttpResponse`] into a typed result or a typed [`core::Error`]:
//!
//! ```
//! use payrail::core::{Amount, HttpResponse, Secret, Status};
//! use payrail::providers::unipesa::{build_payment_c2b, parse_payment_response, PaymentRequest, UnipesaConfig};
//!
//! let cfg = UnipesaConfig {
//!     base_url: "https://api.unipesa.tech".into(),
//!     public_id: "f54ec96649be11ebb3780242ac130002".into(),
//!     merchant_id: "e0fecd91fcb24f348048193b3fb34875ba3722b4".into(),
//!     secret_key: Secret::new("my-secret-key".into()),
//!     validate: true,
//! };
//! let req = PaymentRequest {
//!     customer_id: "2250705145655".into(),
//!     order_id: Some("order-1".into()),
//!     amount: Amount::parse("amount", "1100").unwrap(),
//!     currency: "XOF".into(),
//!     country: Some("CI".into()),
//!     callback_url: None,
//!     provider_id: 14, // the simulator
//!     extra: None,
//! };
//! // build: pure, every byte decided here
//! let http = build_payment_c2b(&cfg, &req).unwrap();
//! assert_eq!(http.url, "https://api.unipesa.tech/f54ec96649be11ebb3780242ac130002/payment_c2b");
//! // send: any transport (fetch in wasm); here, a canned answer
//! let resp = HttpResponse::new(200, r#"{"order_id":"order-1","transaction_id":"12345","status":1,"result":{"code":0,"message":"OK"}}"#);
//! // parse: a typed result
//! let tx = parse_payment_response(&resp, "order-1").unwrap();
//! assert_eq!(tx.status, Status::Pending);
//! ```

#![deny(unsafe_code)]
#![warn(missing_docs)]

pub mod client;
pub mod core;
pub mod crypto;
pub mod providers;

#[cfg(target_arch = "wasm32")]
pub mod wasm;
