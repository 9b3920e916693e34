//! Access-token cache shared by the token-based providers (MoMo, CinetPay, ViralPAY): a token per key (provider,
//! product, credential id — never the secret itself), reused until shortly before it expires, fetched ONCE when
//! several calls start together (the others wait for that fetch), and dropped on a 401 so the next call renews it.
//!
//! Optionally backed by a shared [`TokenStore`] (Cloudflare Workers KV, Redis...): short-lived isolates then reuse
//! one token instead of logging in again each. Store keys are `payrail:{namespace}:{key}`, where the namespace names
//! the provider and the credential by an id or a fingerprint, never by the secret itself.

/// The token value lives in the pure core; re-exported here for the paths that used it.
pub use crate::core::token::{CachedToken, EXPIRY_MARGIN_MS};
use crate::core::{Error, Secret};
use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll, Waker};

enum Slot {
    Fetching(Vec<Waker>),
    Ready(CachedToken),
}

/// The slots of a cache by key. A client has a token key per product (MoMo: three at most), so a list searched
/// in order serves: a `HashMap` would bring its hasher and table code into every wasm for nothing.
#[derive(Default)]
struct Slots(Vec<(String, Slot)>);

impl Slots {
    fn position(&self, key: &str) -> Option<usize> {
        self.0.iter().position(|(k, _)| k == key)
    }
    fn get(&self, key: &str) -> Option<&Slot> {
        self.position(key).map(|i| &self.0[i].1)
    }
    fn get_mut(&mut self, key: &str) -> Option<&mut Slot> {
        self.position(key).map(|i| &mut self.0[i].1)
    }
    /// Puts `slot` under `key`; returns the slot it replaced.
    fn insert(&mut self, key: &str, slot: Slot) -> Option<Slot> {
        match self.position(key) {
            Some(i) => Some(std::mem::replace(&mut self.0[i].1, slot)),
            None => {
                self.0.push((key.to_string(), slot));
                None
            }
        }
    }
    fn remove(&mut self, key: &str) -> Option<Slot> {
        self.position(key).map(|i| self.0.swap_remove(i).1)
    }
}

/// A shared, asynchronous token store. `get` answers the value `set` stored (or `None`); failures of the store
/// are the store's to swallow: a payment never fails because a cache did.
pub trait TokenStore {
    /// The value stored under `key`, if any.
    fn get(&self, key: &str) -> Pin<Box<dyn Future<Output = Option<String>> + '_>>;
    /// Stores `value` under `key` for `ttl_seconds`.
    fn set(
        &self,
        key: &str,
        value: String,
        ttl_seconds: u64,
    ) -> Pin<Box<dyn Future<Output = ()> + '_>>;
}

/// A token as a [`TokenStore`] holds it: JSON `{"token": ..., "usableUntilMs": ...}`.
fn encode_stored(t: &CachedToken) -> String {
    // serde_json::to_string, not the Value's Display: one JSON writer in the wasm (the request bodies').
    let stored =
        serde_json::json!({ "token": t.value.expose(), "usableUntilMs": t.usable_until_ms });
    serde_json::to_string(&stored).unwrap_or_default()
}

fn decode_stored(text: &str) -> Option<CachedToken> {
    let v: serde_json::Value = serde_json::from_slice(text.as_bytes()).ok()?;
    Some(CachedToken {
        value: Secret::new(v.get("token")?.as_str()?.to_string()),
        usable_until_ms: v.get("usableUntilMs")?.as_u64()?,
    })
}

/// A fingerprint of a credential for store keys: 24 hex digits of SHA-256 over a fixed label and the value.
/// Store keys name credentials by it, so a key never contains a secret.
pub fn credential_fingerprint(value: &str) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(format!("payrail token-store key\n{value}").as_bytes());
    hex::encode(&digest[..12])
}

struct SharedStore {
    store: std::rc::Rc<dyn TokenStore>,
    namespace: String,
}

/// The token cache (one per client), in memory, optionally backed by a shared [`TokenStore`].
#[derive(Default)]
pub struct TokenCache {
    slots: RefCell<Slots>,
    shared: RefCell<Option<SharedStore>>,
    /// Tokens a 401 refused: a shared store may still hand them out until someone stores a new one.
    rejected: RefCell<Vec<String>>,
}

/// Resets a slot left `Fetching` when the fetching future is dropped or fails, and wakes the waiters.
struct FetchGuard<'a> {
    cache: &'a TokenCache,
    key: &'a str,
    done: bool,
}

impl Drop for FetchGuard<'_> {
    fn drop(&mut self) {
        if !self.done {
            let removed = self.cache.slots.borrow_mut().remove(self.key);
            if let Some(Slot::Fetching(wakers)) = removed {
                wakers.into_iter().for_each(Waker::wake);
            }
        }
    }
}

/// Waits while another call is fetching the token of `key`.
struct WaitForFetch<'a> {
    cache: &'a TokenCache,
    key: &'a str,
}

impl Future for WaitForFetch<'_> {
    type Output = ();
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let mut slots = self.cache.slots.borrow_mut();
        match slots.get_mut(self.key) {
            Some(Slot::Fetching(wakers)) => {
                wakers.push(cx.waker().clone());
                Poll::Pending
            }
            _ => Poll::Ready(()),
        }
    }
}

impl TokenCache {
    /// Shares tokens through `store`, under keys `payrail:{namespace}:{key}`.
    pub fn use_store(&self, store: std::rc::Rc<dyn TokenStore>, namespace: String) {
        *self.shared.borrow_mut() = Some(SharedStore { store, namespace });
    }

    fn shared_store(&self, key: &str) -> Option<(std::rc::Rc<dyn TokenStore>, String)> {
        self.shared
            .borrow()
            .as_ref()
            .map(|s| (s.store.clone(), format!("payrail:{}:{key}", s.namespace)))
    }

    /// The usable token of `key` at `now_ms`, if cached.
    pub fn peek(&self, key: &str, now_ms: u64) -> Option<Secret<String>> {
        match self.slots.borrow().get(key) {
            Some(Slot::Ready(t)) if now_ms < t.usable_until_ms => Some(t.value.clone()),
            _ => None,
        }
    }

    /// The cached token of `key`, or the result of `fetch` (run once however many callers wait for it).
    /// `now_ms` is read when the fetched token is stored.
    pub async fn get_or_fetch<F, Fut>(
        &self,
        key: impl AsRef<str>,
        now_ms: impl Fn() -> u64,
        fetch: F,
    ) -> Result<Secret<String>, Error>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<CachedToken, Error>>,
    {
        let key = key.as_ref();
        loop {
            let fetching = {
                let mut slots = self.slots.borrow_mut();
                match slots.get(key) {
                    Some(Slot::Ready(t)) if now_ms() < t.usable_until_ms => {
                        return Ok(t.value.clone())
                    }
                    Some(Slot::Fetching(_)) => true,
                    _ => {
                        slots.insert(key, Slot::Fetching(Vec::new()));
                        false
                    }
                }
            };
            if fetching {
                WaitForFetch { cache: self, key }.await;
                continue;
            }
            let mut guard = FetchGuard {
                cache: self,
                key,
                done: false,
            };
            let shared = self.shared_store(key);
            let mut from_store = None;
            if let Some((store, store_key)) = &shared {
                if let Some(t) = store
                    .get(store_key)
                    .await
                    .as_deref()
                    .and_then(decode_stored)
                {
                    let refused = self.rejected.borrow().iter().any(|r| r == t.value.expose());
                    if now_ms() < t.usable_until_ms && !refused {
                        from_store = Some(t);
                    }
                }
            }
            let token = match from_store {
                Some(t) => t,
                None => {
                    // on error the guard clears the slot and wakes the waiters
                    let t = fetch().await?;
                    if let Some((store, store_key)) = &shared {
                        let ttl_s = t
                            .usable_until_ms
                            .saturating_sub(now_ms())
                            .div_ceil(1000)
                            .max(1);
                        store.set(store_key, encode_stored(&t), ttl_s).await;
                    }
                    t
                }
            };
            let value = token.value.clone();
            let previous = self.slots.borrow_mut().insert(key, Slot::Ready(token));
            guard.done = true;
            if let Some(Slot::Fetching(wakers)) = previous {
                wakers.into_iter().for_each(Waker::wake);
            }
            return Ok(value);
        }
    }

    /// The tokens cached now (to scrub them from errors).
    pub fn values(&self) -> Vec<String> {
        self.slots
            .borrow()
            .0
            .iter()
            .filter_map(|(_, slot)| match slot {
                Slot::Ready(t) => Some(t.value.expose().clone()),
                Slot::Fetching(_) => None,
            })
            .collect()
    }

    /// Forgets the token of `key` if it is still `rejected` (a 401 said so); a newer token is kept.
    pub fn invalidate(&self, key: &str, rejected: &Secret<String>) {
        if self.shared.borrow().is_some() {
            let mut r = self.rejected.borrow_mut();
            if r.len() >= 8 {
                r.remove(0);
            }
            r.push(rejected.expose().clone());
        }
        let mut slots = self.slots.borrow_mut();
        if let Some(Slot::Ready(t)) = slots.get(key) {
            if t.value.expose() == rejected.expose() {
                slots.remove(key);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::ErrorKind;
    use std::cell::Cell;

    #[test]
    fn caches_until_shortly_before_expiry() {
        let cache = TokenCache::default();
        let calls = Cell::new(0);
        let now = Cell::new(1_000_000u64);
        let get = || {
            pollster::block_on(cache.get_or_fetch(
                "momo:collection:u1",
                || now.get(),
                || async {
                    calls.set(calls.get() + 1);
                    Ok(CachedToken::new(
                        format!("t{}", calls.get()),
                        now.get(),
                        3600,
                    ))
                },
            ))
            .unwrap()
        };
        assert_eq!(get().expose(), "t1");
        now.set(now.get() + 3_539_000); // 59 min 59 s later: still usable (margin 60 s)
        assert_eq!(get().expose(), "t1");
        now.set(now.get() + 2_000); // inside the margin: renewed
        assert_eq!(get().expose(), "t2");
        assert_eq!(calls.get(), 2);
    }

    #[test]
    fn invalidate_only_the_rejected_token() {
        let cache = TokenCache::default();
        let v = pollster::block_on(cache.get_or_fetch(
            "k",
            || 0,
            || async { Ok(CachedToken::new("a".into(), 0, 3600)) },
        ))
        .unwrap();
        cache.invalidate("k", &Secret::new("other".into()));
        assert!(cache.peek("k", 0).is_some());
        cache.invalidate("k", &v);
        assert!(cache.peek("k", 0).is_none());
    }

    #[test]
    fn concurrent_callers_share_one_fetch() {
        // Two futures polled together on one thread: the second must wait for the first's fetch.
        let cache = TokenCache::default();
        let calls = Cell::new(0);
        let gate = Cell::new(false);
        struct Gate<'a>(&'a Cell<bool>);
        impl Future for Gate<'_> {
            type Output = ();
            fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
                if self.0.get() {
                    Poll::Ready(())
                } else {
                    cx.waker().wake_by_ref();
                    Poll::Pending
                }
            }
        }
        let fetch = || async {
            calls.set(calls.get() + 1);
            Gate(&gate).await;
            Ok(CachedToken::new("shared".into(), 0, 3600))
        };
        let mut a = Box::pin(cache.get_or_fetch("k", || 0, fetch));
        let mut b = Box::pin(cache.get_or_fetch("k", || 0, fetch));
        let waker = std::task::Waker::noop();
        let mut cx = Context::from_waker(waker);
        assert!(a.as_mut().poll(&mut cx).is_pending());
        assert!(b.as_mut().poll(&mut cx).is_pending());
        gate.set(true);
        let ra = match a.as_mut().poll(&mut cx) {
            Poll::Ready(r) => r.unwrap(),
            Poll::Pending => panic!("a should finish"),
        };
        let rb = match b.as_mut().poll(&mut cx) {
            Poll::Ready(r) => r.unwrap(),
            Poll::Pending => panic!("b should finish"),
        };
        assert_eq!(
            (ra.expose().as_str(), rb.expose().as_str()),
            ("shared", "shared")
        );
        assert_eq!(calls.get(), 1);
    }

    /// A store shared by two caches, as two isolates share one KV namespace.
    #[derive(Default)]
    struct MapStore {
        map: RefCell<std::collections::HashMap<String, (String, u64)>>,
        gets: Cell<u32>,
    }
    impl TokenStore for MapStore {
        fn get(&self, key: &str) -> Pin<Box<dyn Future<Output = Option<String>> + '_>> {
            self.gets.set(self.gets.get() + 1);
            let v = self.map.borrow().get(key).map(|(v, _)| v.clone());
            Box::pin(async move { v })
        }
        fn set(
            &self,
            key: &str,
            value: String,
            ttl: u64,
        ) -> Pin<Box<dyn Future<Output = ()> + '_>> {
            self.map.borrow_mut().insert(key.to_string(), (value, ttl));
            Box::pin(async {})
        }
    }

    #[test]
    fn two_caches_share_one_token_through_a_store() {
        let store = std::rc::Rc::new(MapStore::default());
        let (a, b) = (TokenCache::default(), TokenCache::default());
        a.use_store(store.clone(), "momo:user-1".into());
        b.use_store(store.clone(), "momo:user-1".into());
        let logins = Cell::new(0);
        let login = || async {
            logins.set(logins.get() + 1);
            Ok(CachedToken::new(format!("tok{}", logins.get()), 0, 3600))
        };
        let ta = pollster::block_on(a.get_or_fetch("collection", || 1_000, login)).unwrap();
        let tb = pollster::block_on(b.get_or_fetch("collection", || 2_000, login)).unwrap();
        assert_eq!(
            (ta.expose().as_str(), tb.expose().as_str()),
            ("tok1", "tok1")
        );
        assert_eq!(
            logins.get(),
            1,
            "the second instance reused the stored token"
        );
        let (stored, ttl) = store
            .map
            .borrow()
            .get("payrail:momo:user-1:collection")
            .cloned()
            .unwrap();
        assert!(stored.contains("tok1"));
        assert_eq!(
            ttl, 3_539,
            "usable life (3600 s - 60 s margin) from t = 1 s, rounded up"
        );
        // A 401 on the stored token: b refuses it from the store and logs in again, then stores the new one.
        b.invalidate("collection", &tb);
        let tb2 = pollster::block_on(b.get_or_fetch("collection", || 3_000, login)).unwrap();
        assert_eq!(tb2.expose(), "tok2");
        assert_eq!(logins.get(), 2);
        assert!(store.map.borrow()["payrail:momo:user-1:collection"]
            .0
            .contains("tok2"));
    }

    #[test]
    fn expired_or_garbage_store_values_are_not_used() {
        let store = std::rc::Rc::new(MapStore::default());
        store.map.borrow_mut().insert(
            "payrail:ns:k".into(),
            ("{\"token\":\"old\",\"usableUntilMs\":10}".into(), 1),
        );
        let c = TokenCache::default();
        c.use_store(store.clone(), "ns".into());
        let t = pollster::block_on(c.get_or_fetch(
            "k",
            || 50,
            || async { Ok(CachedToken::new("new".into(), 50, 60)) },
        ))
        .unwrap();
        assert_eq!(t.expose(), "new");
        store
            .map
            .borrow_mut()
            .insert("payrail:ns:j".into(), ("not json".into(), 1));
        let t = pollster::block_on(c.get_or_fetch(
            "j",
            || 50,
            || async { Ok(CachedToken::new("fresh".into(), 50, 60)) },
        ))
        .unwrap();
        assert_eq!(t.expose(), "fresh");
    }

    #[test]
    fn fingerprints_hide_the_credential() {
        let f = credential_fingerprint("sk_live_secret_api_key");
        assert_eq!(f.len(), 24);
        assert!(!f.contains("secret"));
        assert_ne!(f, credential_fingerprint("sk_live_secret_api_key2"));
        assert_eq!(f, credential_fingerprint("sk_live_secret_api_key"));
    }

    #[test]
    fn a_failed_fetch_lets_the_next_caller_try_again() {
        let cache = TokenCache::default();
        let r = pollster::block_on(cache.get_or_fetch(
            "k",
            || 0,
            || async {
                Err(ErrorKind::Network {
                    message: "down".into(),
                }
                .into())
            },
        ));
        assert!(r.is_err());
        let r = pollster::block_on(cache.get_or_fetch(
            "k",
            || 0,
            || async { Ok(CachedToken::new("b".into(), 0, 60)) },
        ));
        assert_eq!(r.unwrap().expose(), "b");
    }
}
