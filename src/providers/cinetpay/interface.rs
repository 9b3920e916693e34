//! CinetPay (the transfer API) as an implementation of the provider interface (docs/providers/cinetpay.md).

use super::{map_treatment_status, parse_callback, CinetPayConfig};
use crate::core::{Callback, Error, Provider, Reason, Status};
use crate::providers::{CallbackHint, CallbackTrust, Capabilities, Operation, PaymentApi};

impl PaymentApi for CinetPayConfig {
    const PROVIDER: Provider = Provider::Cinetpay;
    const CAPABILITIES: Capabilities = Capabilities {
        collect: false,
        payout: true,
        balance: true,
        callbacks: CallbackTrust::StatusRead,
    };

    fn unsupported_reason(op: Operation) -> &'static str {
        match op {
            Operation::Collect => "is not in CinetPay's transfer (payout) API v1: it only sends money (payout, sendMoney); collections go through CinetPay's separate checkout API, which payrail does not cover",
            _ => "is not in CinetPay's transfer API v1",
        }
    }

    /// CinetPay's `treatment_status` (docs/providers/cinetpay.md#responses-and-statuses); no reason code.
    fn map_status(provider_status: &str, _reason: Option<&str>) -> (Status, Option<Reason>) {
        (map_treatment_status(provider_status), None)
    }

    fn parse_callback(&self, raw_body: &str, _hint: &CallbackHint) -> Result<Callback, Error> {
        parse_callback(raw_body)
    }
}
