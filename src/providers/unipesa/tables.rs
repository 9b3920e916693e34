//! Unipesa country and provider tables (docs/providers/unipesa.md), as plain Rust data.
//!
//! **What.** For every country the Unipesa Payment API Gateway documents: its ISO 3166 code, its
//! currency, the provider (operator) ids usable there, the phone-number format the API expects in
//! `customer_id`, the amount limits per direction (`c2b` = collect, `b2c` = payout), the
//! "deposits and withdrawals are made in multiples of 5" rule, and the `extra` keys a provider
//! requires. The SDK validates a request against these rules before sending it.
//!
//! **From where.** The Unipesa API docs (docs/providers/unipesa.md#sources), flattened from their web page
//! to text (sha256 `c248cf5b…a179f`); `TABLES.md` beside this file gives, country by country, the source
//! lines each entry comes from. The page lost its headings when it was
//! flattened, so the country of each block is inferred from its phone format's country code and
//! the currency of its limits table.
//!
//! **How ambiguities were settled** (details in `TABLES.md`):
//! - A country's `limits` (and `multiple_of`) come from the first limits table after its phone
//!   format, together with the "multiples of 5" note printed directly above that table. Further
//!   limits tables of the same section are per-provider tabs whose provider the flattening lost:
//!   they are used only where the provider's documents names the provider ("For 9062, 9063:", "For 2357", "For 981:"),
//!   and otherwise left out.
//! - Where no table can be attributed (Nigeria, Togo as a whole, South Africa, Sierra Leone) the
//!   limits are `None`: the SDK does not check them and the API decides.
//! - Providers listed without an id (Benin Moov, Burkina Faso Moov) and ids that appear only in an
//!   example (10 in the signature example, 5026 in the Nigeria bank-transfer example) are left out.
//! - Phone formats that contradict the country (Egypt's sample is a Togo number) or whose sample
//!   has one digit more than the country's numbering plan (Togo, Sierra Leone: 12 digits for an
//!   8-digit national number) are left out (`None`), so that no valid number is refused.
//! - `extra` keys are required only where the provider's documents says so or shows them in the provider's example
//!   (`otp` for 9209 and 9197 only; `bank_code` for Nigerian bank transfers; `bic` for the
//!   Tanzanian bank transfer). Keys the provider's documents mentions without a provider (`customer_doc_type`,
//!   `customer_doc_number` in Tanzania) are not required of anyone.
//!
//! The simulator (provider [`SIMULATOR_PROVIDER_ID`]) belongs to no country and has no rules.
//!
//! This file uses nothing outside `core`, so it also compiles alone:
//! `rustc --edition 2021 --test src/providers/unipesa/tables.rs -o /tmp/tables_test && /tmp/tables_test`.

/// A phone number format: the digits the API expects, after normalisation (digits only).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PhoneRule {
    /// The digits the number must start with: a country code such as `"225"`, `"0"` for the DRC
    /// operators that want a national number with its trunk zero, or `""` for no prefix.
    pub prefix: &'static str,
    /// Total number of digits, the prefix included.
    pub digits: u8,
    /// The number must not start with `0` (DRC Airtel: "Client's phone shouldn't start from 0").
    pub forbid_leading_zero: bool,
}

impl PhoneRule {
    /// Whether an already normalised number (digits only, no `+`, no spaces) fits this rule.
    /// Anything that is not made of ASCII digits only does not fit.
    pub fn matches(&self, digits_only: &str) -> bool {
        digits_only.bytes().all(|b| b.is_ascii_digit())
            && digits_only.len() == usize::from(self.digits)
            && digits_only.starts_with(self.prefix)
            && !(self.forbid_leading_zero && digits_only.starts_with('0'))
    }
}

/// Amount limits in minor units (hundredths: "100.00" = 10000). None = no limit published.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Smallest collect (`payment_c2b`) amount.
    pub c2b_min: Option<u64>,
    /// Largest collect (`payment_c2b`) amount.
    pub c2b_max: Option<u64>,
    /// Smallest payout (`payment_b2c`) amount.
    pub b2c_min: Option<u64>,
    /// Largest payout (`payment_b2c`) amount.
    pub b2c_max: Option<u64>,
}

impl Limits {
    /// The minimum for one direction, in minor units.
    pub fn min(&self, direction: Direction) -> Option<u64> {
        match direction {
            Direction::C2b => self.c2b_min,
            Direction::B2c => self.b2c_min,
        }
    }

    /// The maximum for one direction, in minor units.
    pub fn max(&self, direction: Direction) -> Option<u64> {
        match direction {
            Direction::C2b => self.c2b_max,
            Direction::B2c => self.b2c_max,
        }
    }
}

/// The direction of a payment, as the provider's documented tables name them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Customer to business: a collect, `payment_c2b` (operation type 17).
    C2b,
    /// Business to customer: a payout, `payment_b2c` (operation type 16).
    B2c,
}

/// What a provider expects in `customer_id`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CustomerIdKind {
    /// The customer's mobile number (the provider's documents: "usually mobile phone number of the customer").
    Msisdn,
    /// A bank account number (Tanzania bank transfer: "set account number as customer_id"); no
    /// phone rule applies.
    BankAccount,
}

/// One provider (operator) of a country; `phone`/`limits` override the country's when Some.
#[derive(Debug)]
pub struct ProviderEntry {
    /// The provider ids (`provider_id`) that share these rules; several integrations of one
    /// operator often have several ids ("Check provider id with your manager").
    pub ids: &'static [u32],
    /// The operator's name as the provider's documents writes it.
    pub name: &'static str,
    /// A phone format of this provider only (DRC), else the country's applies.
    pub phone: Option<PhoneRule>,
    /// Limits of this provider only ("For 9062, 9063:"), else the country's apply. Replaces the
    /// country's limits as a whole (a `None` field inside means "no limit" for this provider).
    pub limits: Option<Limits>,
    /// Extra keys required on collect (`payment_c2b`), as `extra.<key>`.
    pub c2b_extra: &'static [&'static str],
    /// Extra keys required on payout (`payment_b2c`), as `extra.<key>`.
    pub b2c_extra: &'static [&'static str],
    /// What `customer_id` holds for this provider.
    pub customer_id: CustomerIdKind,
}

impl ProviderEntry {
    /// The extra keys required in one direction.
    pub fn required_extra(&self, direction: Direction) -> &'static [&'static str] {
        match direction {
            Direction::C2b => self.c2b_extra,
            Direction::B2c => self.b2c_extra,
        }
    }
}

/// One country of the provider's documented provider tables.
#[derive(Debug)]
pub struct CountryEntry {
    /// ISO 3166-1 alpha-2 code, upper case (the value of the request's `country` field).
    pub country: &'static str,
    /// The country's English name.
    pub name: &'static str,
    /// ISO 4217 currency code of the country's amounts.
    pub currency: &'static str,
    /// `true` when the provider's documents itself names this currency for the country (limits tables, currency
    /// list); `false` when the provider's documents is silent and the code is the country's ISO 4217 currency
    /// added here (South Africa, Sierra Leone): do not refuse another currency on that basis.
    pub currency_published: bool,
    /// The phone format of every provider of the country, unless a provider overrides it.
    pub phone: Option<PhoneRule>,
    /// The country's general limits, unless a provider overrides them.
    pub limits: Option<Limits>,
    /// Amounts must be a multiple of this many major units ("deposits and withdrawals are made in
    /// multiples of 5").
    pub multiple_of: Option<u64>,
    /// The providers of the country.
    pub providers: &'static [ProviderEntry],
}

/// Provider 14: the simulator, valid for any country, no rules.
pub const SIMULATOR_PROVIDER_ID: u32 = 14;

/// `Some(major units)` in minor units (hundredths).
const fn major(units: u64) -> Option<u64> {
    Some(units * 100)
}

/// A table with one "Maximum transaction limit" for both directions, in major units.
const fn one_max(c2b_min: u64, b2c_min: u64, max: u64) -> Limits {
    Limits {
        c2b_min: major(c2b_min),
        c2b_max: major(max),
        b2c_min: major(b2c_min),
        b2c_max: major(max),
    }
}

/// A table with a maximum per direction (`None` = "no limit"), minimums and maximums already in
/// minor units.
const fn per_direction(
    c2b_min: Option<u64>,
    b2c_min: Option<u64>,
    c2b_max: Option<u64>,
    b2c_max: Option<u64>,
) -> Limits {
    Limits {
        c2b_min,
        c2b_max,
        b2c_min,
        b2c_max,
    }
}

/// A phone rule `<country code>` + zeros, as the provider's documented "This is the format of the phone number".
const fn international(prefix: &'static str, digits: u8) -> Option<PhoneRule> {
    Some(PhoneRule {
        prefix,
        digits,
        forbid_leading_zero: false,
    })
}

/// A provider whose rules are all the country's, with the given required extras.
const fn mobile(
    ids: &'static [u32],
    name: &'static str,
    c2b_extra: &'static [&'static str],
    b2c_extra: &'static [&'static str],
) -> ProviderEntry {
    ProviderEntry {
        ids,
        name,
        phone: None,
        limits: None,
        c2b_extra,
        b2c_extra,
        customer_id: CustomerIdKind::Msisdn,
    }
}

/// A provider with its own limits table.
const fn with_limits(
    ids: &'static [u32],
    name: &'static str,
    limits: Limits,
    c2b_extra: &'static [&'static str],
    b2c_extra: &'static [&'static str],
) -> ProviderEntry {
    ProviderEntry {
        ids,
        name,
        phone: None,
        limits: Some(limits),
        c2b_extra,
        b2c_extra,
        customer_id: CustomerIdKind::Msisdn,
    }
}

/// No extra keys required.
const NONE: &[&str] = &[];
/// `extra.customer_name`.
const NAME: &[&str] = &["customer_name"];
/// `extra.customer_name` and `extra.customer_email`.
const NAME_EMAIL: &[&str] = &["customer_name", "customer_email"];

/// Every country of docs/providers/unipesa.md, in the provider's documented order. See `TABLES.md` for the lines each entry
/// comes from and what was left out.
pub static COUNTRIES: &[CountryEntry] = &[
    // Source lines 95-102. "MOOV" is listed without an id: left out.
    CountryEntry {
        country: "BJ",
        name: "Benin",
        currency: "XOF",
        currency_published: true,
        phone: international("229", 13),
        limits: Some(one_max(100, 100, 1_000_000)),
        multiple_of: None,
        providers: &[mobile(&[9210], "MTN", NONE, NONE)],
    },
    // Source lines 103-126. "Moov" is listed without an id: left out. The example request for
    // 9209 carries extra.otp (generated by the customer with *144*4*6*amount#).
    CountryEntry {
        country: "BF",
        name: "Burkina Faso",
        currency: "XOF",
        currency_published: true,
        phone: international("226", 11),
        limits: Some(one_max(200, 200, 1_000_000)),
        multiple_of: Some(5),
        providers: &[mobile(&[9209], "Orange", &["otp"], NONE)],
    },
    // Source lines 127-144. The KES table at lines 135-137 is a stray (wrong currency): left out.
    CountryEntry {
        country: "CM",
        name: "Cameroon",
        currency: "XAF",
        currency_published: true,
        phone: international("237", 12),
        limits: Some(one_max(500, 500, 500_000)),
        multiple_of: None,
        providers: &[
            mobile(&[802, 702], "Orange", NONE, NONE),
            with_limits(
                &[9062],
                "Orange",
                per_direction(major(500), major(500), major(500_000), major(500_000)),
                NONE,
                NONE,
            ),
            mobile(&[803, 703, 9131], "MTN", NONE, NONE),
            with_limits(
                &[9063],
                "MTN",
                per_direction(major(500), major(500), major(500_000), major(500_000)),
                NONE,
                NONE,
            ),
        ],
    },
    // Source lines 145-154: one phone format per operator, "no need to pass extra parameters".
    CountryEntry {
        country: "CD",
        name: "Democratic Republic of the Congo",
        currency: "CDF",
        currency_published: true,
        phone: None,
        limits: Some(one_max(100, 100, 1_500_000)),
        multiple_of: None,
        providers: &[
            ProviderEntry {
                ids: &[2197],
                name: "Orange",
                phone: Some(PhoneRule {
                    prefix: "0",
                    digits: 10,
                    forbid_leading_zero: false,
                }),
                limits: None,
                c2b_extra: NONE,
                b2c_extra: NONE,
                customer_id: CustomerIdKind::Msisdn,
            },
            ProviderEntry {
                ids: &[2198],
                name: "Airtel",
                phone: Some(PhoneRule {
                    prefix: "",
                    digits: 9,
                    forbid_leading_zero: true,
                }),
                limits: None,
                c2b_extra: NONE,
                b2c_extra: NONE,
                customer_id: CustomerIdKind::Msisdn,
            },
            ProviderEntry {
                ids: &[2196],
                name: "Vodacom",
                phone: international("243", 12),
                limits: None,
                c2b_extra: NONE,
                b2c_extra: NONE,
                customer_id: CustomerIdKind::Msisdn,
            },
            ProviderEntry {
                ids: &[2199],
                name: "Africel",
                phone: Some(PhoneRule {
                    prefix: "0",
                    digits: 10,
                    forbid_leading_zero: false,
                }),
                limits: None,
                c2b_extra: NONE,
                b2c_extra: NONE,
                customer_id: CustomerIdKind::Msisdn,
            },
        ],
    },
    // Source lines 155-163. No phone format is published.
    CountryEntry {
        country: "GM",
        name: "Gambia",
        currency: "GMD",
        currency_published: true,
        phone: None,
        limits: Some(per_direction(major(10), major(10), None, None)),
        multiple_of: None,
        providers: &[mobile(&[9227], "WavePGT GMB", NONE, NONE)],
    },
    // Source lines 164-228. Nine limits tables; only the first (173-175, under the country's
    // notes) is used. extra.otp only for 9197, the id of the provider's documented example.
    CountryEntry {
        country: "CI",
        name: "Côte d'Ivoire",
        currency: "XOF",
        currency_published: true,
        phone: international("225", 13),
        limits: Some(one_max(200, 200, 1_000_000)),
        multiple_of: Some(5),
        providers: &[
            mobile(&[2303, 2333, 699, 805, 9196, 2430], "MTN", NONE, NAME),
            mobile(&[2304, 2334, 806], "Orange", NONE, NAME),
            mobile(&[9197], "Orange", &["otp"], NAME),
            mobile(&[2305, 2335, 804, 9198], "Moov", NONE, NAME),
            mobile(&[2306, 2336, 9199, 2431], "Wave", NONE, NAME),
        ],
    },
    // Source lines 229-237.
    CountryEntry {
        country: "MW",
        name: "Malawi",
        currency: "MWK",
        currency_published: true,
        phone: international("265", 12),
        limits: Some(one_max(50, 50, 750_000)),
        multiple_of: None,
        providers: &[
            mobile(&[2087], "Airtel", NONE, NAME),
            mobile(&[2088], "TNM", NONE, NAME),
        ],
    },
    // Source lines 238-306. Six limits tables, none attributable: no limits. No phone format.
    // Bank-transfer payout extras from the B2C example (lines 246-260).
    CountryEntry {
        country: "NG",
        name: "Nigeria",
        currency: "NGN",
        currency_published: true,
        phone: None,
        limits: None,
        multiple_of: None,
        providers: &[
            mobile(
                &[2311, 706, 9122, 9143, 9231],
                "BankTransfer",
                NONE,
                &["customer_name", "customer_email", "bank_code"],
            ),
            mobile(&[2312, 9230], "BankTransfer OPay", NONE, NONE),
            mobile(&[707, 9123], "Bank Card", NONE, NONE),
        ],
    },
    // Source lines 307-326. The phone sample "22898200000" is a Togo number: left out.
    CountryEntry {
        country: "EG",
        name: "Egypt",
        currency: "EGP",
        currency_published: true,
        phone: None,
        limits: Some(one_max(350, 350, 15_000)),
        multiple_of: None,
        providers: &[
            mobile(&[2313], "Vodafon", &["customer_name", "return_url"], NONE),
            mobile(&[2314], "Orange", &["customer_name", "return_url"], NONE),
            mobile(&[2315], "Etisalat", &["customer_name", "return_url"], NONE),
        ],
    },
    // Source lines 327-336. The two "multiples of 5" tables at 337-344 are not attributable.
    CountryEntry {
        country: "SN",
        name: "Senegal",
        currency: "XOF",
        currency_published: true,
        phone: international("221", 12),
        limits: Some(one_max(100, 100, 500_000)),
        multiple_of: None,
        providers: &[
            mobile(&[2354, 2398, 9203], "Orange Money", NONE, NONE),
            mobile(&[2355, 2401, 9205], "Wave", NONE, NONE),
            mobile(&[2356, 2399], "Free Money", NONE, NONE),
            mobile(&[2400], "E Money", NONE, NONE),
        ],
    },
    // Source lines 345-348. No currency and no limits are published.
    CountryEntry {
        country: "ZA",
        name: "South Africa",
        currency: "ZAR",
        currency_published: false,
        phone: international("27", 11),
        limits: None,
        multiple_of: None,
        providers: &[mobile(&[2353], "Bank Transfer", NONE, NONE)],
    },
    // Source lines 349-352. No currency, no limits; the 12-digit sample contradicts the 11-digit
    // numbering plan (232 + 8): phone rule left out.
    CountryEntry {
        country: "SL",
        name: "Sierra Leone",
        currency: "SLE",
        currency_published: false,
        phone: None,
        limits: None,
        multiple_of: None,
        providers: &[mobile(&[2361], "Orange Money", NONE, NONE)],
    },
    // Source lines 353-364 ("For 2351, 2352:" = every provider of the country).
    CountryEntry {
        country: "RW",
        name: "Rwanda",
        currency: "RWF",
        currency_published: true,
        phone: international("250", 12),
        limits: Some(one_max(100, 100, 10_000_000)),
        multiple_of: None,
        providers: &[
            mobile(&[2351], "Airtel", NAME_EMAIL, NAME),
            mobile(&[2352], "MTN", NAME_EMAIL, NAME),
        ],
    },
    // Source lines 365-392. Country limits from 376-378; the bank transfer's from 380-382 (the
    // table right after its text, 379). Tables at 383-392 are not attributable.
    CountryEntry {
        country: "TZ",
        name: "Tanzania",
        currency: "TZS",
        currency_published: true,
        phone: international("255", 12),
        limits: Some(one_max(1_000, 1_000, 5_000_000)),
        multiple_of: None,
        providers: &[
            mobile(
                &[2109, 2111, 2308, 2323, 2339, 2403],
                "YAS (exTigo)",
                NAME_EMAIL,
                NAME,
            ),
            mobile(&[2110, 2112, 2307, 2322, 2340], "Vodacom", NAME_EMAIL, NAME),
            mobile(
                &[2108, 2113, 2309, 2338, 2404],
                "HaloPesa",
                NAME_EMAIL,
                NAME,
            ),
            mobile(&[2107, 2114, 2310, 2337, 2402], "Airtel", NAME_EMAIL, NAME),
            ProviderEntry {
                ids: &[2405],
                name: "Bank Transfer",
                phone: None,
                limits: Some(one_max(1_000, 7_500, 3_000_000)),
                c2b_extra: NAME_EMAIL,
                b2c_extra: &["customer_name", "bic"],
                customer_id: CustomerIdKind::BankAccount,
            },
        ],
    },
    // Source lines 393-412. Limits per id ("For 2357" ...); none for 2360. The 12-digit sample
    // contradicts the 11-digit numbering plan (228 + 8): phone rule left out.
    CountryEntry {
        country: "TG",
        name: "Togo",
        currency: "XOF",
        currency_published: true,
        phone: None,
        limits: None,
        multiple_of: None,
        providers: &[
            with_limits(
                &[2357],
                "MOOV Money",
                one_max(200, 500, 1_000_000),
                NAME,
                NAME,
            ),
            with_limits(
                &[2358],
                "MOOV Money",
                one_max(5, 5, 1_000_000),
                NAME_EMAIL,
                NAME,
            ),
            with_limits(
                &[2359],
                "TOGOCOM",
                per_direction(major(100), major(100), major(1_000_000), major(500_000)),
                NONE,
                NONE,
            ),
            mobile(&[2360], "TOGOCOM", NONE, NONE),
        ],
    },
    // Source lines 413-428. Country limits from 421-423; the table at 426-428 is not attributable.
    CountryEntry {
        country: "UG",
        name: "Uganda",
        currency: "UGX",
        currency_published: true,
        phone: international("256", 12),
        limits: Some(one_max(500, 900, 4_000_000)),
        multiple_of: None,
        providers: &[
            mobile(&[2105, 808], "Airtel", NAME_EMAIL, NAME),
            mobile(&[2106, 809], "MTN", NAME_EMAIL, NAME),
        ],
    },
    // Source lines 429-437.
    CountryEntry {
        country: "ZM",
        name: "Zambia",
        currency: "ZMW",
        currency_published: true,
        phone: international("260", 12),
        limits: Some(one_max(1, 1, 20_000)),
        multiple_of: None,
        providers: &[
            mobile(&[2118, 2332, 2370], "Airtel", NONE, NONE),
            mobile(&[2119, 2371], "MTN", NONE, NONE),
            mobile(&[2372], "Zamtel", NONE, NONE),
        ],
    },
    // Source lines 438-455. Country limits from 444-446; the three tables at 447-455 are not
    // attributable.
    CountryEntry {
        country: "KE",
        name: "Kenya",
        currency: "KES",
        currency_published: true,
        phone: international("254", 12),
        limits: Some(one_max(1, 250, 150_000)),
        multiple_of: None,
        providers: &[
            mobile(&[701, 2391], "Airtel", NONE, NONE),
            mobile(&[700, 9125], "MTN", NONE, NONE),
            mobile(&[2390, 2392, 2393, 798], "Mpesa", NONE, NONE),
        ],
    },
    // Source lines 456-479. Country limits from 462-464 (no currency printed, Ghana section);
    // 980, 981 and 982 have their own tables.
    CountryEntry {
        country: "GH",
        name: "Ghana",
        currency: "GHS",
        currency_published: true,
        phone: international("233", 12),
        limits: Some(per_direction(
            major(10),
            major(10),
            major(1_000),
            major(1_000),
        )),
        multiple_of: None,
        providers: &[
            mobile(&[705], "Airtel", NONE, NONE),
            with_limits(
                &[981],
                "Airtel",
                per_direction(major(100), major(10), None, major(25_000)),
                NONE,
                NONE,
            ),
            mobile(&[704, 9127], "MTN", NONE, NONE),
            with_limits(&[980], "MTN", one_max(1, 1, 2_000), NONE, NONE),
            with_limits(
                &[982],
                "Vodafone",
                per_direction(major(100), major(10), major(25_000), major(25_000)),
                NONE,
                NONE,
            ),
        ],
    },
];

/// The country and provider entry of a provider id. `None` for an unknown id and for the
/// simulator ([`SIMULATOR_PROVIDER_ID`]), which belongs to no country.
pub fn find_provider(id: u32) -> Option<(&'static CountryEntry, &'static ProviderEntry)> {
    COUNTRIES.iter().find_map(|country| {
        country
            .providers
            .iter()
            .find(|provider| provider.ids.contains(&id))
            .map(|provider| (country, provider))
    })
}

/// The country with this ISO 3166-1 alpha-2 code, compared case-insensitively (`"ci"` finds
/// Côte d'Ivoire).
pub fn find_country(iso2: &str) -> Option<&'static CountryEntry> {
    COUNTRIES
        .iter()
        .find(|country| country.country.eq_ignore_ascii_case(iso2))
}

/// The effective rules for a provider: its overrides, else its country's. A provider whose
/// `customer_id` is a bank account ([`CustomerIdKind::BankAccount`]) has no phone rule.
pub fn effective_phone(c: &CountryEntry, p: &ProviderEntry) -> Option<PhoneRule> {
    match p.customer_id {
        CustomerIdKind::BankAccount => None,
        CustomerIdKind::Msisdn => p.phone.or(c.phone),
    }
}

/// The effective limits for a provider: its own table (as a whole), else its country's.
pub fn effective_limits(c: &CountryEntry, p: &ProviderEntry) -> Option<Limits> {
    p.limits.or(c.limits)
}

#[cfg(test)]
mod tests {
    //! Expected values are transcribed by hand from Unipesa's tables as src/providers/unipesa/TABLES.md transcribes them (line numbers in each test), not
    //! computed from the tables above.
    use super::*;

    /// Every provider id in the provider's documented provider tables, with the country its block belongs to
    /// (lines of the provider's document 98, 105, 129-130, 147-150, 157, 166-169, 231-232, 240-242, 309-311, 329-332,
    /// 347, 351, 355-356, 367-371, 395-396, 415-416, 431-433, 440-442, 458-460).
    const SEED_IDS: &[(u32, &str)] = &[
        (9210, "BJ"),
        (9209, "BF"),
        (802, "CM"),
        (9062, "CM"),
        (702, "CM"),
        (803, "CM"),
        (9063, "CM"),
        (703, "CM"),
        (9131, "CM"),
        (2197, "CD"),
        (2198, "CD"),
        (2196, "CD"),
        (2199, "CD"),
        (9227, "GM"),
        (2303, "CI"),
        (2333, "CI"),
        (699, "CI"),
        (805, "CI"),
        (9196, "CI"),
        (2430, "CI"),
        (2304, "CI"),
        (2334, "CI"),
        (806, "CI"),
        (9197, "CI"),
        (2305, "CI"),
        (2335, "CI"),
        (804, "CI"),
        (9198, "CI"),
        (2306, "CI"),
        (2336, "CI"),
        (9199, "CI"),
        (2431, "CI"),
        (2087, "MW"),
        (2088, "MW"),
        (2311, "NG"),
        (706, "NG"),
        (9122, "NG"),
        (9143, "NG"),
        (9231, "NG"),
        (2312, "NG"),
        (9230, "NG"),
        (707, "NG"),
        (9123, "NG"),
        (2313, "EG"),
        (2314, "EG"),
        (2315, "EG"),
        (2354, "SN"),
        (2398, "SN"),
        (9203, "SN"),
        (2355, "SN"),
        (2401, "SN"),
        (9205, "SN"),
        (2356, "SN"),
        (2399, "SN"),
        (2400, "SN"),
        (2353, "ZA"),
        (2361, "SL"),
        (2351, "RW"),
        (2352, "RW"),
        (2109, "TZ"),
        (2111, "TZ"),
        (2308, "TZ"),
        (2323, "TZ"),
        (2339, "TZ"),
        (2403, "TZ"),
        (2110, "TZ"),
        (2112, "TZ"),
        (2307, "TZ"),
        (2322, "TZ"),
        (2340, "TZ"),
        (2108, "TZ"),
        (2113, "TZ"),
        (2309, "TZ"),
        (2338, "TZ"),
        (2404, "TZ"),
        (2107, "TZ"),
        (2114, "TZ"),
        (2310, "TZ"),
        (2337, "TZ"),
        (2402, "TZ"),
        (2405, "TZ"),
        (2357, "TG"),
        (2358, "TG"),
        (2359, "TG"),
        (2360, "TG"),
        (2105, "UG"),
        (808, "UG"),
        (2106, "UG"),
        (809, "UG"),
        (2118, "ZM"),
        (2332, "ZM"),
        (2370, "ZM"),
        (2119, "ZM"),
        (2371, "ZM"),
        (2372, "ZM"),
        (701, "KE"),
        (2391, "KE"),
        (700, "KE"),
        (9125, "KE"),
        (2390, "KE"),
        (2392, "KE"),
        (2393, "KE"),
        (798, "KE"),
        (705, "GH"),
        (981, "GH"),
        (704, "GH"),
        (980, "GH"),
        (9127, "GH"),
        (982, "GH"),
    ];

    /// The `extra` keys the provider's documents names anywhere (lines 120, 171, 255-257, 314, 358, 379, 383).
    const SEED_EXTRA_KEYS: &[&str] = &[
        "customer_name",
        "customer_email",
        "otp",
        "bank_code",
        "bic",
        "return_url",
        "customer_doc_type",
        "customer_doc_number",
    ];

    fn provider(id: u32) -> (&'static CountryEntry, &'static ProviderEntry) {
        match find_provider(id) {
            Some(found) => found,
            None => panic!("provider {id} not found"),
        }
    }

    fn limits_of(id: u32) -> Limits {
        let (c, p) = provider(id);
        match effective_limits(c, p) {
            Some(l) => l,
            None => panic!("provider {id} has no limits"),
        }
    }

    fn phone_of(id: u32) -> PhoneRule {
        let (c, p) = provider(id);
        match effective_phone(c, p) {
            Some(rule) => rule,
            None => panic!("provider {id} has no phone rule"),
        }
    }

    #[test]
    fn no_provider_id_appears_twice() {
        let mut seen: Vec<u32> = Vec::new();
        for c in COUNTRIES {
            for p in c.providers {
                assert!(!p.ids.is_empty(), "{} {} has no id", c.country, p.name);
                for id in p.ids {
                    assert!(!seen.contains(id), "provider id {id} appears twice");
                    seen.push(*id);
                }
            }
        }
        assert_eq!(seen.len(), SEED_IDS.len());
    }

    #[test]
    fn every_seed_id_is_in_its_country_and_nothing_else_is() {
        for (id, iso2) in SEED_IDS {
            let (c, _) = provider(*id);
            assert_eq!(c.country, *iso2, "provider {id}");
        }
        for c in COUNTRIES {
            for p in c.providers {
                for id in p.ids {
                    assert!(
                        SEED_IDS.iter().any(|(seed_id, _)| seed_id == id),
                        "provider {id} is not in the source's tables"
                    );
                }
            }
        }
    }

    #[test]
    fn ids_missing_from_the_seed_tables_are_not_found() {
        // 14: simulator (no country); 10: only in the signature example (line 54); 5026: only in
        // the Nigeria B2C example (line 253); 391-394: only in a TZ footnote (line 389).
        for id in [SIMULATOR_PROVIDER_ID, 10, 5026, 391, 394, 0, u32::MAX] {
            assert!(find_provider(id).is_none(), "{id} should not be found");
        }
        assert_eq!(SIMULATOR_PROVIDER_ID, 14);
    }

    #[test]
    fn country_and_currency_codes_are_well_formed_and_unique() {
        let mut seen: Vec<&str> = Vec::new();
        for c in COUNTRIES {
            assert_eq!(c.country.len(), 2, "{}", c.country);
            assert!(c.country.bytes().all(|b| b.is_ascii_uppercase()));
            assert_eq!(c.currency.len(), 3, "{}", c.currency);
            assert!(c.currency.bytes().all(|b| b.is_ascii_uppercase()));
            assert!(!seen.contains(&c.country), "{} twice", c.country);
            assert!(!c.providers.is_empty(), "{} has no provider", c.country);
            assert!(!c.name.is_empty());
            seen.push(c.country);
        }
        assert_eq!(seen.len(), 19);
    }

    #[test]
    fn currencies_match_the_seed() {
        // Currency list (lines 79-91) and the limits tables of each block.
        let expected = [
            ("BJ", "XOF"),
            ("BF", "XOF"),
            ("CM", "XAF"),
            ("CD", "CDF"),
            ("GM", "GMD"),
            ("CI", "XOF"),
            ("MW", "MWK"),
            ("NG", "NGN"),
            ("EG", "EGP"),
            ("SN", "XOF"),
            ("RW", "RWF"),
            ("TZ", "TZS"),
            ("TG", "XOF"),
            ("UG", "UGX"),
            ("ZM", "ZMW"),
            ("KE", "KES"),
            ("GH", "GHS"),
        ];
        for (iso2, currency) in expected {
            let c = find_country(iso2).expect("country listed in the source");
            assert_eq!(c.currency, currency, "{iso2}");
            assert!(c.currency_published, "{iso2}");
        }
        // No currency published for these two: not to be enforced.
        for iso2 in ["ZA", "SL"] {
            assert!(!find_country(iso2).expect("listed").currency_published);
        }
    }

    #[test]
    fn burkina_faso_orange_9209() {
        // Lines 105, 107 ("22600000000"), 117-121 (extra.otp), 123, 126 ("XOF 200.00 | XOF 200.00
        // | XOF 1 000 000.00").
        let (c, p) = provider(9209);
        assert_eq!((c.country, c.currency), ("BF", "XOF"));
        assert_eq!(
            phone_of(9209),
            PhoneRule {
                prefix: "226",
                digits: 11,
                forbid_leading_zero: false
            }
        );
        assert_eq!(
            limits_of(9209),
            Limits {
                c2b_min: Some(20_000),
                c2b_max: Some(100_000_000),
                b2c_min: Some(20_000),
                b2c_max: Some(100_000_000),
            }
        );
        assert_eq!(c.multiple_of, Some(5));
        assert_eq!(p.required_extra(Direction::C2b), &["otp"]);
        assert!(p.required_extra(Direction::B2c).is_empty());
    }

    #[test]
    fn benin_is_not_the_burkina_table() {
        // Lines 99 ("2290000000000"), 102 ("XOF 100.00 | XOF 100.00 | XOF 1 000 000.00").
        assert_eq!(phone_of(9210).prefix, "229");
        assert_eq!(phone_of(9210).digits, 13);
        let l = limits_of(9210);
        assert_eq!((l.c2b_min, l.b2c_min), (Some(10_000), Some(10_000)));
        assert_eq!(find_country("BJ").expect("listed").multiple_of, None);
    }

    #[test]
    fn drc_phone_formats_per_operator() {
        // Lines 147-150.
        let orange = phone_of(2197);
        assert_eq!((orange.prefix, orange.digits), ("0", 10));
        assert!(orange.matches("0800000000"));
        assert!(!orange.matches("800000000"));

        let airtel = phone_of(2198);
        assert!(airtel.forbid_leading_zero);
        assert_eq!(airtel.digits, 9);
        assert!(airtel.matches("999000000"));
        assert!(!airtel.matches("099900000"));
        assert!(!airtel.matches("0999000000"));

        let vodacom = phone_of(2196);
        assert_eq!((vodacom.prefix, vodacom.digits), ("243", 12));
        assert!(vodacom.matches("243000000000"));

        let africel = phone_of(2199);
        assert_eq!((africel.prefix, africel.digits), ("0", 10));
        assert!(africel.matches("0900000000"));

        let (c, _) = provider(2197);
        assert_eq!(c.currency, "CDF");
        assert!(c.phone.is_none());
        // Line 154: "CDF 100 | CDF 100 | CDF 1500000".
        assert_eq!(limits_of(2198).b2c_max, Some(150_000_000));
    }

    #[test]
    fn ivory_coast_rules() {
        // Lines 169 (Wave 2306), 170, 171 (B2C customer_name), 172 (multiples of 5),
        // 175 ("XOF 200.00 | XOF 200.00 | XOF 1 000 000.00"), 185-188 (9197 with extra.otp).
        let (c, p) = provider(2306);
        assert_eq!((c.country, c.currency), ("CI", "XOF"));
        assert_eq!(c.multiple_of, Some(5));
        assert!(p.b2c_extra.contains(&"customer_name"));
        for id in [
            2303, 2333, 699, 805, 9196, 2430, 2304, 806, 9197, 804, 9198, 2431,
        ] {
            assert!(provider(id).1.b2c_extra.contains(&"customer_name"), "{id}");
        }
        assert!(provider(9197).1.c2b_extra.contains(&"otp"));
        assert_eq!(phone_of(2306).prefix, "225");
        assert_eq!(phone_of(2306).digits, 13);
        assert!(phone_of(2306).matches("2250705145655")); // the source example's customer_id
        assert_eq!(limits_of(2306).c2b_min, Some(20_000));
    }

    #[test]
    fn kenya_limits_and_phone() {
        // Lines 443 ("254000000000"), 446 ("KES 1.00 | KES 250.00 | KES 150000.00").
        for id in [701, 2391, 700, 9125, 2390, 2392, 2393, 798] {
            assert_eq!(
                limits_of(id),
                Limits {
                    c2b_min: Some(100),
                    c2b_max: Some(15_000_000),
                    b2c_min: Some(25_000),
                    b2c_max: Some(15_000_000),
                },
                "{id}"
            );
            assert_eq!(phone_of(id).prefix, "254");
            assert_eq!(phone_of(id).digits, 12);
        }
        assert_eq!(provider(2390).0.currency, "KES");
    }

    #[test]
    fn cameroon_9062_limits() {
        // Lines 129, 131, 141-144 ("XAF 500 | XAF 500 | XAF 500 000 | XAF 500 000").
        let (c, p) = provider(9062);
        assert_eq!((c.country, c.currency), ("CM", "XAF"));
        assert!(p.limits.is_some());
        let l = limits_of(9062);
        assert_eq!(l.min(Direction::C2b), Some(50_000));
        assert_eq!(l.max(Direction::C2b), Some(50_000_000));
        assert_eq!(l.min(Direction::B2c), Some(50_000));
        assert_eq!(l.max(Direction::B2c), Some(50_000_000));
        // Line 134 for the other ids: the same values, not the stray KES table (lines 135-137).
        assert_eq!(limits_of(802).c2b_max, Some(50_000_000));
        assert!(phone_of(803).matches("237000000000"));
    }

    #[test]
    fn find_country_is_case_insensitive() {
        for code in ["ci", "CI", "Ci", "cI"] {
            assert_eq!(find_country(code).map(|c| c.name), Some("Côte d'Ivoire"));
        }
        assert!(find_country("").is_none());
        assert!(find_country("xx").is_none());
        assert!(find_country("civ").is_none());
    }

    #[test]
    fn multiples_of_five_only_where_noted_above_the_country_table() {
        // Notes at lines 123 (BF) and 172 (CI) sit directly above the country's table.
        for c in COUNTRIES {
            let expected = if c.country == "BF" || c.country == "CI" {
                Some(5)
            } else {
                None
            };
            assert_eq!(c.multiple_of, expected, "{}", c.country);
        }
    }

    #[test]
    fn required_extras_per_seed_text() {
        let name = ["customer_name"];
        let name_email = ["customer_name", "customer_email"];
        // Malawi, line 234: B2C name only.
        assert!(provider(2087).1.c2b_extra.is_empty());
        assert_eq!(provider(2088).1.b2c_extra, name);
        // Rwanda 358/360, Uganda 418/420: C2B name + email, B2C name.
        for id in [2351, 2352, 2105, 808, 2106, 809, 2109, 2110, 2108, 2107] {
            let p = provider(id).1;
            assert_eq!(p.c2b_extra, name_email, "{id}");
            assert_eq!(p.b2c_extra, name, "{id}");
        }
        // Togo 398-399.
        assert_eq!(provider(2357).1.c2b_extra, name);
        assert_eq!(provider(2357).1.b2c_extra, name);
        assert_eq!(provider(2358).1.c2b_extra, name_email);
        assert_eq!(provider(2358).1.b2c_extra, name);
        assert!(provider(2359).1.c2b_extra.is_empty());
        // Egypt 314: customer_name and return_url on collect.
        for id in [2313, 2314, 2315] {
            assert_eq!(provider(id).1.c2b_extra, ["customer_name", "return_url"]);
        }
        // Nigeria bank transfer B2C example, lines 254-258.
        assert!(provider(9122).1.b2c_extra.contains(&"bank_code"));
        // Tanzania bank transfer, line 379.
        assert!(provider(2405).1.b2c_extra.contains(&"bic"));
        // DRC line 151: standard flow.
        assert!(provider(2196).1.c2b_extra.is_empty() && provider(2196).1.b2c_extra.is_empty());
        // Every key used is one the provider's documents names.
        for c in COUNTRIES {
            for p in c.providers {
                for key in p.c2b_extra.iter().chain(p.b2c_extra.iter()) {
                    assert!(SEED_EXTRA_KEYS.contains(key), "{key}");
                }
            }
        }
    }

    #[test]
    fn tanzania_bank_transfer_uses_an_account_number() {
        // Line 379: "set account number as customer_id"; 382: "TZS 1000.00 | TZS 7500.00 |
        // TZS 3000000.00".
        let (c, p) = provider(2405);
        assert_eq!(p.customer_id, CustomerIdKind::BankAccount);
        assert!(effective_phone(c, p).is_none());
        assert_eq!(limits_of(2405).b2c_min, Some(750_000));
        // The mobile operators keep the country's phone and limits (lines 372, 378).
        assert_eq!(phone_of(2402).prefix, "255");
        assert_eq!(limits_of(2402).c2b_max, Some(500_000_000));
    }

    #[test]
    fn togo_per_id_limits() {
        // Lines 402-412.
        assert_eq!(limits_of(2357).b2c_min, Some(50_000));
        assert_eq!(limits_of(2358).c2b_min, Some(500));
        let l = limits_of(2359);
        assert_eq!(
            (l.c2b_max, l.b2c_max),
            (Some(100_000_000), Some(50_000_000))
        );
        let (c, p) = provider(2360);
        assert!(effective_limits(c, p).is_none());
    }

    #[test]
    fn ghana_per_id_limits_replace_the_country_table() {
        // Line 464 (country), 471 (980), 475 (981: c2b "no limit"), 479 (982).
        assert_eq!(limits_of(705).c2b_max, Some(100_000));
        assert_eq!(limits_of(980).c2b_max, Some(200_000));
        let l981 = limits_of(981);
        assert_eq!(l981.c2b_min, Some(10_000));
        assert_eq!(l981.c2b_max, None);
        assert_eq!(l981.b2c_max, Some(2_500_000));
        assert_eq!(limits_of(982).c2b_max, Some(2_500_000));
    }

    #[test]
    fn gambia_has_no_maximum() {
        // Line 163: "GMD 10 | GMD 10 | No Limit | No Limit".
        let l = limits_of(9227);
        assert_eq!((l.c2b_min, l.b2c_min), (Some(1_000), Some(1_000)));
        assert_eq!((l.c2b_max, l.b2c_max), (None, None));
    }

    #[test]
    fn limits_are_ordered_and_prefixes_fit() {
        for c in COUNTRIES {
            for p in c.providers {
                if let Some(l) = effective_limits(c, p) {
                    for d in [Direction::C2b, Direction::B2c] {
                        if let (Some(min), Some(max)) = (l.min(d), l.max(d)) {
                            assert!(min <= max, "{} {}", c.country, p.name);
                        }
                    }
                }
                if let Some(rule) = effective_phone(c, p) {
                    assert!(rule.prefix.len() < usize::from(rule.digits));
                    assert!(rule.prefix.bytes().all(|b| b.is_ascii_digit()));
                }
            }
        }
    }

    #[test]
    fn phone_rule_rejects_non_digits_and_wrong_lengths() {
        let bf = phone_of(9209);
        assert!(bf.matches("22670000000"));
        assert!(!bf.matches("2267000000"));
        assert!(!bf.matches("226700000000"));
        assert!(!bf.matches("+2267000000"));
        assert!(!bf.matches("22570000000"));
        assert!(!bf.matches(""));
        assert!(!bf.matches("2267000000٠")); // an Arabic-Indic zero is not an ASCII digit
    }
}
