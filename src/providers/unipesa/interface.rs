//! Unipesa as an implementation of the provider interface (docs/providers/unipesa.md).

use super::{map_status, parse_callback, UnipesaConfig};
use crate::core::{Callback, Error, Provider, Reason, Status};
use crate::providers::{CallbackHint, CallbackTrust, Capabilities, Operation, PaymentApi};

impl PaymentApi for UnipesaConfig {
    const PROVIDER: Provider = Provider::Unipesa;
    const CAPABILITIES: Capabilities = Capabilities {
        collect: true,
        payout: true,
        balance: false,
        callbacks: CallbackTrust::Signed,
    };

    fn unsupported_reason(op: Operation) -> &'static str {
        match op {
            Operation::Balance => "is not offered: the Unipesa API has no balance endpoint",
            _ => {
                "is not offered: Unipesa signs its callbacks, so parseCallback verifies them itself"
            }
        }
    }

    /// Unipesa's numeric `status` (docs/providers/unipesa.md#responses-and-statuses); it gives no reason code.
    fn map_status(provider_status: &str, _reason: Option<&str>) -> (Status, Option<Reason>) {
        let status = provider_status
            .trim()
            .parse::<i64>()
            .map_or(Status::Unknown, map_status);
        (status, None)
    }

    fn parse_callback(&self, raw_body: &str, _hint: &CallbackHint) -> Result<Callback, Error> {
        parse_callback(self, raw_body)
    }
}
