//! MTN MoMo as an implementation of the provider interface (docs/providers/momo.md).

use super::{map_status, parse_callback, Kind, MomoConfig};
use crate::core::{Callback, Error, Provider, Reason, Status};
use crate::providers::{CallbackHint, CallbackTrust, Capabilities, PaymentApi};

impl PaymentApi for MomoConfig {
    const PROVIDER: Provider = Provider::Momo;
    const CAPABILITIES: Capabilities = Capabilities {
        collect: true,
        payout: true,
        balance: true,
        callbacks: CallbackTrust::StatusRead,
    };

    /// MTN's `status` and `reason` (docs/providers/momo.md#responses-and-statuses).
    fn map_status(provider_status: &str, reason: Option<&str>) -> (Status, Option<Reason>) {
        map_status(provider_status, reason)
    }

    /// MTN's callbacks carry no reference: `hint.reference` names the operation (and `hint.kind` its kind).
    fn parse_callback(&self, raw_body: &str, hint: &CallbackHint) -> Result<Callback, Error> {
        let kind = hint
            .kind
            .as_deref()
            .map(|k| Kind::parse("kind", k))
            .transpose()?;
        parse_callback(raw_body, hint.reference.as_deref(), kind)
    }
}
