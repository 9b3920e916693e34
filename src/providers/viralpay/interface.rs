//! ViralPAY as an implementation of the provider interface (docs/providers/viralpay.md).

use super::{map_status, parse_callback, ViralPayConfig};
use crate::core::{Callback, Error, Provider, Reason, Status};
use crate::providers::{CallbackHint, CallbackTrust, Capabilities, PaymentApi};

impl PaymentApi for ViralPayConfig {
    const PROVIDER: Provider = Provider::Viralpay;
    const CAPABILITIES: Capabilities = Capabilities {
        collect: true,
        payout: true,
        balance: true,
        callbacks: CallbackTrust::StatusRead,
    };

    /// ViralPAY's status words (docs/providers/viralpay.md#responses-and-statuses); no reason code.
    fn map_status(provider_status: &str, _reason: Option<&str>) -> (Status, Option<Reason>) {
        (map_status(provider_status), None)
    }

    fn parse_callback(&self, raw_body: &str, _hint: &CallbackHint) -> Result<Callback, Error> {
        parse_callback(raw_body)
    }
}
