//! The wasm-bindgen exports: pure helpers (crypto.rs) and one class per provider, over the fetch transport. The
//! boundary is typed (boundary.rs): inputs are Rust structs read from JS objects, results cross as objects and
//! errors as real `PayrailError`s; the unified calls of every class are generated once (unified.rs). Each
//! provider's class and the pure helpers are behind their cargo feature (Cargo.toml): one wasm per entry.

// The heap of the module: talc, single-threaded, growing the wasm memory as it needs (its WebAssembly README).
// It replaces std's dlmalloc, ~7 KB of wasm that the first call of every entry had to compile.
#[cfg(not(target_feature = "atomics"))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

#[cfg(feature = "alianspay")]
mod alianspay;
#[cfg(feature = "bench")]
mod bench;
pub mod boundary;
#[cfg(feature = "cinetpay")]
mod cinetpay;
#[cfg(feature = "crypto")]
mod crypto;
pub mod fetch;
#[cfg(feature = "momo")]
mod momo;
// The unified calls of the provider classes: in every build with a provider.
#[cfg(any(
    feature = "unipesa",
    feature = "momo",
    feature = "cinetpay",
    feature = "viralpay",
    feature = "alianspay"
))]
pub(crate) mod unified;
#[cfg(feature = "unipesa")]
mod unipesa;
#[cfg(feature = "viralpay")]
mod viralpay;
