//! AliansPay as an implementation of the provider interface (docs/providers/alianspay.md).

use super::{map_status, parse_callback, AliansPayConfig};
use crate::core::{Callback, Error, Provider, Reason, Status};
use crate::providers::{CallbackHint, CallbackTrust, Capabilities, PaymentApi};

impl PaymentApi for AliansPayConfig {
    const PROVIDER: Provider = Provider::Alianspay;
    const CAPABILITIES: Capabilities = Capabilities {
        collect: true,
        payout: true,
        balance: true,
        callbacks: CallbackTrust::StatusRead,
    };

    /// AliansPay's status words (docs/providers/alianspay.md#responses-and-statuses) carry their reason.
    fn map_status(provider_status: &str, _reason: Option<&str>) -> (Status, Option<Reason>) {
        map_status(provider_status)
    }

    fn parse_callback(&self, raw_body: &str, _hint: &CallbackHint) -> Result<Callback, Error> {
        parse_callback(self, raw_body)
    }
}
