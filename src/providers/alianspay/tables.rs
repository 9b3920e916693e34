//! AliansPay's countries: the published table of payment methods per country with each country's currency and
//! phone country code, and the methods whose collections answer with a URL (docs/providers/alianspay.md).

/// One country of AliansPay's "Supported payment methods" table (docs/providers/alianspay.md#tables).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Territory {
    /// ISO 3166 alpha-2.
    pub country: &'static str,
    /// The name in AliansPay's table (docs/providers/alianspay.md#tables).
    pub name: &'static str,
    /// The phone country code (E.164).
    pub dial: &'static str,
    /// The currency (the "Currency code" row of AliansPay's table (docs/providers/alianspay.md#tables)).
    pub currency: &'static str,
    /// The `moyenPayment` codes.
    pub methods: &'static [&'static str],
}

/// AliansPay's country × payment-method × currency table (docs/providers/alianspay.md#tables; TCHAD's "MOOV Money" is payrail's `MOOV`).
pub const TERRITORIES: &[Territory] = &[
    Territory {
        country: "CM",
        name: "Cameroon",
        dial: "237",
        currency: "XAF",
        methods: &["OM", "MOMO", "AP", "VISA_MASTERCARD"],
    },
    Territory {
        country: "SN",
        name: "Senegal",
        dial: "221",
        currency: "XOF",
        methods: &["AP", "OM", "WAVE", "VISA_MASTERCARD"],
    },
    Territory {
        country: "TG",
        name: "Togo",
        dial: "228",
        currency: "XOF",
        methods: &["AP", "VISA_MASTERCARD", "TMoney"],
    },
    Territory {
        country: "TD",
        name: "Chad",
        dial: "235",
        currency: "XAF",
        methods: &["AP", "VISA_MASTERCARD", "MOOV"],
    },
    Territory {
        country: "GN",
        name: "Guinea",
        dial: "224",
        currency: "GNF",
        methods: &["MOMO", "AP"],
    },
];

/// docs/providers/alianspay.md#responses-and-statuses: "WAVE and VISA_MASTERCARD collection operations will include a URL in the response object".
pub const REDIRECT_METHODS: &[&str] = &["WAVE", "VISA_MASTERCARD"];

/// Every `moyenPayment` code of docs/providers/alianspay.md, in the table's order.
pub fn all_methods() -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    for t in TERRITORIES {
        for m in t.methods {
            if !out.contains(m) {
                out.push(m);
            }
        }
    }
    out
}

/// The row of a country (ISO alpha-2, upper case).
pub(super) fn territory(code: &str) -> Option<&'static Territory> {
    TERRITORIES.iter().find(|t| t.country == code)
}

/// The countries offering `method`.
pub(super) fn offered_in(method: &str) -> Vec<&'static str> {
    TERRITORIES
        .iter()
        .filter(|t| t.methods.contains(&method))
        .map(|t| t.country)
        .collect()
}
