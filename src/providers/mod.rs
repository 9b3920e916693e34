//! One module per provider: configuration, pure request builders, response and callback parsers, data tables.

pub mod alianspay;
pub mod unipesa;
pub mod viralpay;
