//! One module per provider: configuration, pure request builders, response and callback parsers, data tables.

pub mod alianspay;
pub mod cinetpay;
pub mod momo;
pub mod unipesa;
pub mod viralpay;
