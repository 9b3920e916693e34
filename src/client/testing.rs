//! Test doubles for the driver: a transport that plays a script and records what it was sent, and an
//! environment with a fixed clock, recorded sleeps and counter-based "random" bytes.

use super::{Environment, Transport};
use crate::core::ErrorKind;
use crate::core::{Error, HttpRequest, HttpResponse};
use std::cell::{Cell, RefCell};
use std::collections::VecDeque;

/// Plays scripted outcomes in order; records every request.
#[derive(Default)]
pub struct ScriptedTransport {
    /// The outcomes still to play.
    pub script: RefCell<VecDeque<Result<HttpResponse, Error>>>,
    /// Every request sent, in order.
    pub sent: RefCell<Vec<HttpRequest>>,
}

impl ScriptedTransport {
    /// A transport that plays `script`.
    pub fn new(script: Vec<Result<HttpResponse, Error>>) -> Self {
        ScriptedTransport {
            script: RefCell::new(script.into()),
            sent: RefCell::new(Vec::new()),
        }
    }
}

impl Transport for ScriptedTransport {
    async fn send(&self, request: &HttpRequest, _timeout_ms: u64) -> Result<HttpResponse, Error> {
        self.sent.borrow_mut().push(request.clone());
        self.script.borrow_mut().pop_front().unwrap_or_else(|| {
            Err(ErrorKind::Network {
                message: "script exhausted".into(),
            }
            .into())
        })
    }
}

/// A fixed clock; sleeps are recorded, not waited; random bytes count up from a seed.
#[derive(Default)]
pub struct FakeEnv {
    /// The clock, in ms.
    pub now: Cell<u64>,
    /// Every sleep asked for.
    pub sleeps: RefCell<Vec<u64>>,
    /// The next "random" byte.
    pub counter: Cell<u8>,
}

impl Environment for FakeEnv {
    fn now_ms(&self) -> u64 {
        self.now.get()
    }
    async fn sleep(&self, ms: u64) {
        self.sleeps.borrow_mut().push(ms);
        self.now.set(self.now.get() + ms);
    }
    fn fill_random(&self, buf: &mut [u8]) -> Result<(), Error> {
        for b in buf.iter_mut() {
            *b = self.counter.get();
            self.counter.set(self.counter.get().wrapping_add(1));
        }
        Ok(())
    }
}
