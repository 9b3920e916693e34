//! One module per provider: configuration, pure request builders, response and callback parsers, data tables.

pub mod unipesa;
pub mod viralpay;
