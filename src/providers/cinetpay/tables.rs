//! CinetPay's countries: the country calling code (`prefix` of a contact), the ISO 3166 code and the currency,
//! used to split an international phone number into CinetPay's `prefix` + `phone` and to check the currency.
//!
//! Provenance: CinetPay's examples show one country only (docs/providers/cinetpay.md#tables), Côte d'Ivoire (`"prefix": "225"` in the contact and transfer
//! examples; amounts in XOF, docs/providers/cinetpay.md). The other rows are the countries CinetPay's public transfer
//! documentation serves (docs.cinetpay.com, "transfert"), with their ITU-T E.164 calling codes and their legal
//! currencies (XOF: UEMOA, XAF: CEMAC). They are not in the provider's documents: a caller can always pass `prefix` explicitly,
//! and a prefix outside this table is not refused.

/// One country CinetPay transfers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Country {
    /// The country calling code, CinetPay's `prefix` (`"225"`).
    pub prefix: &'static str,
    /// ISO 3166-1 alpha-2.
    pub iso: &'static str,
    /// The country's name.
    pub name: &'static str,
    /// The currency of transfers to it (ISO 4217).
    pub currency: &'static str,
}

/// The table. Calling codes are prefix-free (ITU-T E.164), so at most one row matches a number.
pub const COUNTRIES: &[Country] = &[
    // CinetPay's examples' prefix (docs/providers/cinetpay.md#tables).
    Country {
        prefix: "225",
        iso: "CI",
        name: "Côte d'Ivoire",
        currency: "XOF",
    },
    // docs.cinetpay.com (not in the provider's documents).
    Country {
        prefix: "221",
        iso: "SN",
        name: "Sénégal",
        currency: "XOF",
    },
    Country {
        prefix: "223",
        iso: "ML",
        name: "Mali",
        currency: "XOF",
    },
    Country {
        prefix: "226",
        iso: "BF",
        name: "Burkina Faso",
        currency: "XOF",
    },
    Country {
        prefix: "227",
        iso: "NE",
        name: "Niger",
        currency: "XOF",
    },
    Country {
        prefix: "228",
        iso: "TG",
        name: "Togo",
        currency: "XOF",
    },
    Country {
        prefix: "229",
        iso: "BJ",
        name: "Bénin",
        currency: "XOF",
    },
    Country {
        prefix: "237",
        iso: "CM",
        name: "Cameroun",
        currency: "XAF",
    },
    Country {
        prefix: "224",
        iso: "GN",
        name: "Guinée",
        currency: "GNF",
    },
    Country {
        prefix: "243",
        iso: "CD",
        name: "RD Congo",
        currency: "CDF",
    },
];

/// The country whose calling code is `prefix`.
pub fn by_prefix(prefix: &str) -> Option<&'static Country> {
    COUNTRIES.iter().find(|c| c.prefix == prefix)
}

/// The country of an ISO 3166-1 alpha-2 code (`"CI"`), as CinetPay keys `countryBalance`.
pub fn by_iso(iso: &str) -> Option<&'static Country> {
    COUNTRIES.iter().find(|c| c.iso.eq_ignore_ascii_case(iso))
}

/// The country whose calling code starts the international number `digits`.
pub fn by_international_number(digits: &str) -> Option<&'static Country> {
    COUNTRIES.iter().find(|c| digits.starts_with(c.prefix))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calling_codes_are_prefix_free_and_unique() {
        for a in COUNTRIES {
            for b in COUNTRIES {
                if a.iso != b.iso {
                    assert!(!a.prefix.starts_with(b.prefix), "{} / {}", a.iso, b.iso);
                }
            }
        }
    }

    #[test]
    fn seed_country_is_cote_divoire_in_xof() {
        let ci = by_prefix("225").unwrap();
        assert_eq!((ci.iso, ci.currency), ("CI", "XOF"));
        assert_eq!(by_international_number("2250707000000").unwrap().iso, "CI");
        assert_eq!(
            by_international_number("237699000000").unwrap().currency,
            "XAF"
        );
        assert!(by_international_number("33612345678").is_none());
    }
}
