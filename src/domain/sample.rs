//! Deterministic, realistic sample customers for "Load sample data", `clientele demo` and the benchmarks.
//!
//! [`Generator::customer`] builds the n-th customer of a seed from a small
//! SplitMix64 stream derived from `(seed, n)` alone, so any customer can be
//! produced on its own, in any order, on any thread, and always comes out the
//! same. Every customer passes `Customer::validate(&sample_schema().fields)`.
//!
//! The mix follows a small Korean trading office: about two thirds of the book
//! is domestic (Hangul or English names, Korean addresses, phone numbers and
//! business registration numbers with a valid check digit), the rest abroad
//! (United States, United Kingdom, Singapore, Australia, Canada, China, Japan)
//! with that country's address, phone and tax-ID shapes. Names, e-mail domains,
//! regions and business types are kept consistent within a customer.
//!
//! All word lists are `&'static str` tables; a customer costs a few dozen small
//! allocations, so a million of them take about a second in a release build.

use super::custom_field::{FieldDef, FieldType, FieldValue};
use super::customer::{Address, Contact, Customer, EntityType, OnExceed, Role};
use chrono::{Days, NaiveDate};
use rust_decimal::Decimal;

// ------------------------------------------------------------------ schema

const REGION_AXIS: &str = "Region";
const CHANNEL_AXIS: &str = "Channel";
const TRADE_AXIS: &str = "Trade";

/// Values of the Region axis; every Korean region's `group` and [`OVERSEAS`] are among them.
const REGIONS: &[&str] = &[
    "Seoul",
    "Gyeonggi",
    "Incheon",
    "Busan",
    "Daegu",
    "Daejeon",
    "Gwangju",
    "Ulsan",
    "Gangwon",
    "Chungcheong",
    "Jeolla",
    "Gyeongsang",
    "Jeju",
    OVERSEAS,
];
const OVERSEAS: &str = "Overseas";
const CHANNELS: &[&str] = &["Direct", "Online", "Distributor", "Referral", "Trade show"];
/// Trade values in the order Sales (customer), Purchase (vendor), both.
const TRADES: &[&str] = &["Sales", "Purchase", "Sales & purchase"];

const STAFF: &[&str] = &["Kim Jiyoung", "Park Sungho", "Lee Eunji", "Choi Minho", "Jung Hana", "Daniel Oh"];

const F_INDUSTRY: &str = "industry";
const F_RENEWAL: &str = "contract_renewal";
const F_EMPLOYEES: &str = "employees";
const F_REVENUE: &str = "annual_revenue";
const F_KEY_ACCOUNT: &str = "key_account";
const F_DRIVER_NOTES: &str = "notes_for_driver";

/// The group axes, custom fields and staff the sample customers refer to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SampleSchema {
    /// (axis name, value names) e.g. ("Region", ["Seoul","Busan",...]), ("Channel", [...]), ("Trade", ["Sales","Purchase","Sales & purchase"])
    pub axes: Vec<(String, Vec<String>)>,
    /// custom field definitions with id 0 (the store assigns ids), positions 0.., e.g.
    /// industry (Choice), contract_renewal (Date), employees (Number), annual_revenue (Decimal), key_account (Bool), notes_for_driver (Text)
    pub fields: Vec<FieldDef>,
    /// staff members used as person_in_charge
    pub staff: Vec<String>,
}

/// The schema every generated customer is valid against; the same on every call.
/// The price levels sample customers buy at; loading samples creates them, so every level a
/// sample customer names is one the book has.
pub const SAMPLE_PRICE_LEVELS: [&str; 3] = ["Retail", "Wholesale", "Online"];

pub fn sample_schema() -> SampleSchema {
    fn strings(values: &[&str]) -> Vec<String> {
        values.iter().map(|v| v.to_string()).collect()
    }
    let field =
        |position: i64, key: &str, label: &str, field_type: FieldType, choices: Vec<String>, show: bool| FieldDef {
            id: 0,
            key: key.to_string(),
            label: label.to_string(),
            field_type,
            choices,
            required: false,
            position,
            show_in_list: show,
        };
    let industries = INDUSTRIES.iter().map(|i| i.choice.to_string()).collect();
    SampleSchema {
        axes: vec![
            (REGION_AXIS.to_string(), strings(REGIONS)),
            (CHANNEL_AXIS.to_string(), strings(CHANNELS)),
            (TRADE_AXIS.to_string(), strings(TRADES)),
        ],
        fields: vec![
            field(0, F_INDUSTRY, "Industry", FieldType::Choice, industries, true),
            field(1, F_RENEWAL, "Contract renewal", FieldType::Date, Vec::new(), true),
            field(2, F_EMPLOYEES, "Employees", FieldType::Number, Vec::new(), false),
            field(3, F_REVENUE, "Annual revenue (millions)", FieldType::Decimal, Vec::new(), false),
            field(4, F_KEY_ACCOUNT, "Key account", FieldType::Bool, Vec::new(), true),
            field(5, F_DRIVER_NOTES, "Notes for driver", FieldType::Text, Vec::new(), false),
        ],
        staff: strings(STAFF),
    }
}

/// The code the n-th generated customer gets (n from 0): "C000001", "C000002", ... (at least 6 digits, prefix "C").
pub fn sample_code(n: u64) -> String {
    match n.checked_add(1) {
        Some(number) => {
            let mut code = String::with_capacity(8);
            code.push('C');
            push_padded(&mut code, number, 6);
            code
        }
        None => format!("C{}", u128::from(n) + 1),
    }
}

// --------------------------------------------------------------- generator

/// Produces the customers of one seed; cheap to create and to copy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Generator {
    seed: u64,
}

impl Generator {
    pub fn new(seed: u64) -> Generator {
        Generator { seed }
    }

    /// The n-th customer for this seed: the same (seed, n) always gives the same customer,
    /// independent of which other indices were generated (derive a per-customer PRNG from seed and n).
    pub fn customer(&self, n: u64) -> Customer {
        let mut rng = Rng::for_customer(self.seed, n);
        let rng = &mut rng;

        let company = rng.chance(70);
        let role = match rng.below(100) {
            0..70 => Role::Customer,
            70..90 => Role::Vendor,
            _ => Role::Both,
        };
        let locale = Locale::pick(rng, company);
        let industry = rng.weighted(INDUSTRIES, |i| i.weight);
        let korea = matches!(locale.place, Place::Korea(_));
        // Addresses, memos and titles are written in Hangul for Hangul-named domestic customers.
        let hangul = korea && locale.native;

        let mut c = Customer {
            code: sample_code(n),
            role,
            entity_type: if company { EntityType::Company } else { EntityType::Individual },
            ..Customer::default()
        };

        // Name, and the ASCII stem its e-mail domain and addresses are built from.
        let owner = Person::pick(rng, locale.people);
        let mut domain = None;
        let mut stem = String::new();
        if company {
            let (name, ascii) = company_name(rng, &locale, industry);
            c.name = name;
            if rng.chance(if korea { 75 } else { 92 }) {
                let mut d = ascii.clone();
                d.push_str(rng.pick(locale.tlds()));
                domain = Some(d);
            }
            stem = ascii;
            if rng.chance(90) {
                c.representative = owner.name(locale.native);
            }
        } else {
            c.name = owner.name(locale.native);
        }

        // Tax ID, and the business type and item a registration certificate shows.
        let sole_proprietor = !company && rng.chance(if korea { 40 } else { 15 });
        if (company && rng.chance(96)) || sole_proprietor {
            c.tax_id = tax_id(rng, locale.place, company);
        }
        if sole_proprietor {
            c.representative = c.name.clone();
        }
        if (company || sole_proprietor) && rng.chance(if korea { 92 } else { 45 }) {
            if korea {
                c.business_type = industry.ko_type.to_string();
                c.business_item = rng.pick(industry.ko_items).to_string();
            } else {
                c.business_type = industry.en_type.to_string();
                c.business_item = rng.pick(industry.en_items).to_string();
            }
        }

        // Telephones.
        let fax_chance = match locale.place {
            Place::Korea(_) => 55,
            Place::Abroad(country, _) if country.style == Style::Jp => 60,
            Place::Abroad(..) => 12,
        };
        if rng.chance(if company { 96 } else { 30 }) {
            c.phone = landline(rng, locale.place);
        }
        if rng.chance(if company { 35 } else { 95 }) {
            c.mobile = mobile(rng, locale.place);
        }
        if rng.chance(if company { fax_chance } else { 3 }) {
            c.fax = landline(rng, locale.place);
        }

        // E-mail and website.
        if rng.chance(if company { 88 } else { 70 }) {
            c.email = match &domain {
                Some(domain) => {
                    let mut email = String::with_capacity(12 + domain.len());
                    if rng.chance(75) {
                        email.push_str(rng.pick(GENERIC_MAILBOXES));
                    } else {
                        owner.push_email_local(rng, &mut email, false);
                    }
                    email.push('@');
                    email.push_str(domain);
                    email
                }
                None if company => {
                    let mut email = String::with_capacity(stem.len() + 16);
                    email.push_str(&stem);
                    let digits = 2 + rng.index(3);
                    push_digits(rng, &mut email, digits);
                    email.push('@');
                    email.push_str(rng.pick(locale.free_mail()));
                    email
                }
                None => personal_email(rng, &owner, &locale),
            };
        }
        if let Some(domain) = &domain
            && rng.chance(70)
        {
            let mut site = String::with_capacity(domain.len() + 12);
            if rng.chance(25) {
                site.push_str("https://");
            }
            site.push_str("www.");
            site.push_str(domain);
            c.website = site;
        }

        // Addresses.
        if rng.chance(if company { 97 } else { 85 }) {
            c.billing_address = address(rng, locale.place, hangul, company, false);
            if rng.chance(if company { 22 } else { 4 }) {
                let place = match locale.place {
                    Place::Korea(_) => Place::Korea(rng.weighted(KO_REGIONS, |r| r.weight)),
                    Place::Abroad(country, _) => Place::Abroad(country, rng.pick_ref(country.cities)),
                };
                c.shipping_address = address(rng, place, hangul, company, true);
            }
        }

        // Office bookkeeping.
        if rng.chance(90) {
            c.person_in_charge = rng.pick(STAFF).to_string();
        }
        if rng.chance(22) {
            let memos = if hangul { MEMOS_KO } else { MEMOS_EN };
            let mut memo = rng.pick(memos).to_string();
            if rng.chance(20) {
                // The same note twice reads like a glitch; a repeat draw just leaves one line.
                let second = rng.pick(memos);
                if second != memo {
                    memo.push('\n');
                    memo.push_str(second);
                }
            }
            c.memo = memo;
        }
        c.active = rng.chance(95);

        // Prices and credit.
        let sells = role != Role::Vendor;
        // Percent chances of no level, Retail, Wholesale (the rest Online).
        let (none, retail, wholesale) = match (sells, company) {
            (false, _) => (85, 90, 97),
            (true, true) => (40, 65, 90),
            (true, false) => (20, 60, 70),
        };
        c.price_level = match rng.below(100) {
            p if p < none => "",
            p if p < retail => SAMPLE_PRICE_LEVELS[0],
            p if p < wholesale => SAMPLE_PRICE_LEVELS[1],
            _ => SAMPLE_PRICE_LEVELS[2],
        }
        .to_string();
        if sells && rng.chance(30) {
            // Whole percents mostly, otherwise quarter steps: 2.5, 7.75, 12.25.
            c.discount_rate = Some(if rng.chance(60) {
                Decimal::from(rng.range(1, 15))
            } else {
                Decimal::new(rng.range(1, 60) as i64 * 25, 2).normalize()
            });
        }
        if sells && rng.chance(if company { 50 } else { 15 }) {
            let thousands = rng.pick(&[5u64, 10, 20, 30, 50, 100, 200, 300, 500, 1_000, 2_000, 5_000]);
            c.credit_limit = Some(Decimal::from(thousands * 1_000));
        }
        if sells && rng.chance(if c.credit_limit.is_some() { 60 } else { 5 }) {
            c.age_limit_days = Some(rng.pick(&[30, 45, 60, 60, 90]));
        }
        if c.credit_limit.is_some() || c.age_limit_days.is_some() {
            // The rest leave the action to their groups, as books from before own actions did.
            c.on_exceed = match rng.below(100) {
                0..65 => Some(OnExceed::Warn),
                65..90 => Some(OnExceed::Block),
                _ => None,
            };
        }
        if rng.chance(55) {
            c.payment_terms_days =
                Some(if company { rng.pick(&[0, 15, 30, 30, 30, 60]) } else { rng.pick(&[0, 0, 0, 15, 30]) });
        }

        // Contacts; exactly one is primary when there are any.
        let contacts = if company {
            match rng.below(100) {
                0..20 => 0,
                20..60 => 1,
                60..85 => 2,
                _ => 3,
            }
        } else {
            usize::from(rng.chance(12))
        };
        if contacts > 0 {
            let primary = rng.index(contacts);
            let titles = locale.titles();
            c.contacts.reserve_exact(contacts);
            for i in 0..contacts {
                let person = Person::pick(rng, locale.people);
                let phone = if c.phone.is_empty() || rng.chance(55) {
                    mobile(rng, locale.place)
                } else {
                    let mut phone = String::with_capacity(c.phone.len() + 14);
                    phone.push_str(&c.phone);
                    phone.push_str(if hangul { " (내선 " } else { " ext. " });
                    push_num(&mut phone, rng.range(100, 499));
                    if hangul {
                        phone.push(')');
                    }
                    phone
                };
                let email = match &domain {
                    Some(domain) if rng.chance(85) => {
                        let mut email = String::with_capacity(16 + domain.len());
                        person.push_email_local(rng, &mut email, false);
                        email.push('@');
                        email.push_str(domain);
                        email
                    }
                    _ if rng.chance(40) => personal_email(rng, &person, &locale),
                    _ => String::new(),
                };
                c.contacts.push(Contact {
                    name: person.name(locale.native),
                    title: if company { rng.pick(titles).to_string() } else { String::new() },
                    phone,
                    email,
                    primary: i == primary,
                });
            }
        }

        // Groups: one value on every axis.
        let region = match locale.place {
            Place::Korea(region) => region.group,
            Place::Abroad(..) => OVERSEAS,
        };
        let channel = if !company {
            rng.pick(&["Online", "Online", "Online", "Direct", "Direct", "Referral", "Referral"])
        } else if korea {
            rng.pick(&["Direct", "Direct", "Direct", "Distributor", "Distributor", "Online", "Referral", "Trade show"])
        } else {
            rng.pick(&["Direct", "Distributor", "Distributor", "Online", "Trade show", "Trade show"])
        };
        let trade = match role {
            Role::Customer => TRADES[0],
            Role::Vendor => TRADES[1],
            Role::Both => TRADES[2],
        };
        c.groups.insert(REGION_AXIS.to_string(), region.to_string());
        c.groups.insert(CHANNEL_AXIS.to_string(), channel.to_string());
        c.groups.insert(TRADE_AXIS.to_string(), trade.to_string());

        // Custom fields: a valid value for some of the schema's fields.
        if rng.chance(if company { 85 } else { 25 }) {
            c.custom.insert(F_INDUSTRY.to_string(), FieldValue::Text(industry.choice.to_string()));
        }
        if rng.chance(if company { 40 } else { 10 }) {
            let first = NaiveDate::from_ymd_opt(2025, 1, 1).expect("a real date");
            let date = first.checked_add_days(Days::new(rng.below(3 * 365 + 1))).unwrap_or(first);
            c.custom.insert(F_RENEWAL.to_string(), FieldValue::Date(date));
        }
        if company && rng.chance(55) {
            let employees = match rng.below(100) {
                0..40 => rng.range(1, 9),
                40..70 => rng.range(10, 49),
                70..90 => rng.range(50, 249),
                _ => rng.range(250, 5_000),
            };
            c.custom.insert(F_EMPLOYEES.to_string(), FieldValue::Number(employees as i64));
        }
        if company && rng.chance(35) {
            let tenths = rng.range(5, 999) * [1, 10, 100][rng.index(3)];
            c.custom.insert(F_REVENUE.to_string(), FieldValue::Decimal(Decimal::new(tenths as i64, 1).normalize()));
        }
        if rng.chance(50) {
            let big = c.credit_limit.is_some_and(|limit| limit >= Decimal::from(500_000));
            c.custom.insert(F_KEY_ACCOUNT.to_string(), FieldValue::Bool(rng.chance(if big { 45 } else { 10 })));
        }
        if rng.chance(if c.shipping_address.is_empty() { 8 } else { 50 }) {
            let notes = if hangul { DRIVER_NOTES_KO } else { DRIVER_NOTES_EN };
            c.custom.insert(F_DRIVER_NOTES.to_string(), FieldValue::Text(rng.pick(notes).to_string()));
        }

        c
    }
}

// --------------------------------------------------------------------- PRNG

const GOLDEN: u64 = 0x9E37_79B9_7F4A_7C15;

/// The SplitMix64 output function: a bijective 64-bit mixer.
fn mix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// SplitMix64: tiny, fast, and good enough for sample data.
pub(crate) struct Rng(u64);

impl Rng {
    pub(crate) fn for_customer(seed: u64, n: u64) -> Rng {
        Rng(mix64(seed ^ 0x6A09_E667_F3BC_C909) ^ mix64(n.wrapping_mul(GOLDEN) ^ 0xBB67_AE85_84CA_A73B))
    }

    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(GOLDEN);
        mix64(self.0)
    }

    /// Uniform in `0..bound` (multiply-shift; the bias is far below anything visible).
    pub(crate) fn below(&mut self, bound: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(bound)) >> 64) as u64
    }

    fn index(&mut self, len: usize) -> usize {
        self.below(len as u64) as usize
    }

    /// Uniform in `low..=high`.
    pub(crate) fn range(&mut self, low: u64, high: u64) -> u64 {
        low + self.below(high - low + 1)
    }

    pub(crate) fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    pub(crate) fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.index(items.len())]
    }

    fn pick_ref<T>(&mut self, items: &'static [T]) -> &'static T {
        &items[self.index(items.len())]
    }

    pub(crate) fn weighted<T>(&mut self, items: &'static [T], weight: impl Fn(&T) -> u32) -> &'static T {
        let total: u64 = items.iter().map(|item| u64::from(weight(item))).sum();
        let mut ticket = self.below(total);
        for item in items {
            let w = u64::from(weight(item));
            if ticket < w {
                return item;
            }
            ticket -= w;
        }
        &items[items.len() - 1]
    }
}

// ------------------------------------------------------------ text helpers

pub(crate) fn push_padded(s: &mut String, mut value: u64, width: usize) {
    let mut buf = [0u8; 20];
    let mut start = buf.len();
    loop {
        start -= 1;
        buf[start] = b'0' + (value % 10) as u8;
        value /= 10;
        if value == 0 {
            break;
        }
    }
    for _ in buf.len() - start..width {
        s.push('0');
    }
    s.push_str(std::str::from_utf8(&buf[start..]).unwrap_or_default());
}

fn push_num(s: &mut String, value: u64) {
    push_padded(s, value, 1);
}

fn push_digits(rng: &mut Rng, s: &mut String, count: usize) {
    for _ in 0..count {
        s.push(char::from(b'0' + rng.below(10) as u8));
    }
}

/// Letters that never confuse with digits, as postcodes and registration numbers use them.
const LETTERS: &[u8] = b"ABDEFGHJLNPQRSTUWXYZ";

/// Copies `pattern`, replacing `#` by a digit, `$` by a digit 2–9 and `@` by a letter.
fn push_pattern(rng: &mut Rng, s: &mut String, pattern: &str) {
    // Patterns are ASCII, so bytes are characters.
    for &b in pattern.as_bytes() {
        s.push(char::from(match b {
            b'#' => b'0' + rng.below(10) as u8,
            b'$' => b'2' + rng.below(8) as u8,
            b'@' => rng.pick(LETTERS),
            other => other,
        }));
    }
}

fn pattern(rng: &mut Rng, pattern: &str) -> String {
    let mut s = String::with_capacity(pattern.len() + 4);
    push_pattern(rng, &mut s, pattern);
    s
}

/// Appends the ASCII letters and digits of `text`, lower-cased.
fn push_lower_ascii(s: &mut String, text: &str) {
    s.extend(text.chars().filter(char::is_ascii_alphanumeric).map(|c| c.to_ascii_lowercase()));
}

// ------------------------------------------------------------------ locales

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum People {
    Korean,
    Western,
    Chinese,
    Japanese,
}

#[derive(Clone, Copy)]
enum Place {
    Korea(&'static KoRegion),
    Abroad(&'static Country, &'static City),
}

/// Where a customer is and how its names are written.
struct Locale {
    place: Place,
    people: People,
    /// Names in the people's own script (Hangul, Chinese, Japanese) rather than Latin letters.
    native: bool,
}

impl Locale {
    fn pick(rng: &mut Rng, company: bool) -> Locale {
        let abroad = |rng: &mut Rng, country: &'static Country| Place::Abroad(country, rng.pick_ref(country.cities));
        match rng.below(100) {
            0..45 => Locale {
                place: Place::Korea(rng.weighted(KO_REGIONS, |r| r.weight)),
                people: People::Korean,
                native: true,
            },
            45..62 => Locale {
                place: Place::Korea(rng.weighted(KO_REGIONS, |r| r.weight)),
                people: if company || rng.chance(75) { People::Korean } else { People::Western },
                native: false,
            },
            62..85 => {
                let country = rng.weighted(WESTERN_COUNTRIES, |c| c.weight);
                Locale { place: abroad(rng, country), people: People::Western, native: false }
            }
            85..93 => Locale {
                place: abroad(rng, &CHINA),
                people: People::Chinese,
                native: rng.chance(if company { 70 } else { 60 }),
            },
            _ => Locale {
                place: abroad(rng, &JAPAN),
                people: People::Japanese,
                native: rng.chance(if company { 70 } else { 60 }),
            },
        }
    }

    fn tlds(&self) -> &'static [&'static str] {
        match self.place {
            Place::Korea(_) => &[".co.kr", ".co.kr", ".com", ".kr"],
            Place::Abroad(country, _) => country.tlds,
        }
    }

    fn free_mail(&self) -> &'static [&'static str] {
        match self.place {
            Place::Korea(_) => {
                &["naver.com", "naver.com", "gmail.com", "daum.net", "hanmail.net", "kakao.com", "nate.com"]
            }
            Place::Abroad(country, _) => country.free_mail,
        }
    }

    fn titles(&self) -> &'static [&'static str] {
        match (self.place, self.native) {
            (Place::Korea(_), true) => TITLES_KO,
            (Place::Abroad(country, _), true) if country.style == Style::Cn => TITLES_ZH,
            (Place::Abroad(country, _), true) if country.style == Style::Jp => TITLES_JA,
            _ => TITLES_EN,
        }
    }
}

// ------------------------------------------------------------------- people

/// A person's family and given name as (native script, Latin letters).
#[derive(Clone, Copy)]
struct Person {
    people: People,
    family: (&'static str, &'static str),
    given: (&'static str, &'static str),
}

impl Person {
    fn pick(rng: &mut Rng, people: People) -> Person {
        let (family, given) = match people {
            People::Korean => {
                // Kim, Lee, Park, Choi and Jung are about half of all Koreans.
                let family = match rng.below(100) {
                    0..21 => KO_SURNAMES[0],
                    21..36 => KO_SURNAMES[1],
                    36..44 => KO_SURNAMES[2],
                    44..49 => KO_SURNAMES[3],
                    49..53 => KO_SURNAMES[4],
                    _ => rng.pick(&KO_SURNAMES[5..]),
                };
                (family, rng.pick(KO_GIVEN))
            }
            People::Western => {
                let family = rng.pick(WESTERN_FAMILY);
                let given = rng.pick(WESTERN_GIVEN);
                ((family, family), (given, given))
            }
            People::Chinese => (rng.pick(ZH_SURNAMES), rng.pick(ZH_GIVEN)),
            People::Japanese => (rng.pick(JA_SURNAMES), rng.pick(JA_GIVEN)),
        };
        Person { people, family, given }
    }

    fn name(&self, native: bool) -> String {
        let mut s = String::with_capacity(24);
        let (family, given) = if native { (self.family.0, self.given.0) } else { (self.family.1, self.given.1) };
        match (self.people, native) {
            // 김민지, 王伟
            (People::Korean | People::Chinese, true) => {
                s.push_str(family);
                s.push_str(given);
            }
            // Kim Minji, Wang Wei, 佐藤 健
            (People::Korean | People::Chinese, false) | (People::Japanese, true) => {
                s.push_str(family);
                s.push(' ');
                s.push_str(given);
            }
            // Sarah Lee, Ken Sato
            (People::Western, _) | (People::Japanese, false) => {
                s.push_str(given);
                s.push(' ');
                s.push_str(family);
            }
        }
        s
    }

    /// The part before the `@`: minji.kim, mkim, minji at work; minji.kim, mkim82, minjikim87 for private mail.
    fn push_email_local(&self, rng: &mut Rng, s: &mut String, personal: bool) {
        let (family, given) = (self.family.1, self.given.1);
        match rng.below(3) {
            0 => {
                push_lower_ascii(s, given);
                s.push('.');
                push_lower_ascii(s, family);
            }
            1 => {
                push_lower_ascii(s, &given[..1]);
                push_lower_ascii(s, family);
            }
            _ if personal => {
                push_lower_ascii(s, given);
                push_lower_ascii(s, family);
            }
            _ => push_lower_ascii(s, given),
        }
        // Free-mail names are taken; people add a birth year or a number.
        if personal && rng.chance(60) {
            push_num(s, rng.range(70, 99));
        }
    }
}

fn personal_email(rng: &mut Rng, person: &Person, locale: &Locale) -> String {
    let domain = rng.pick(locale.free_mail());
    let mut email = String::with_capacity(20 + domain.len());
    if domain == "qq.com" {
        push_num(&mut email, rng.range(10_000_000, 3_999_999_999));
    } else {
        person.push_email_local(rng, &mut email, true);
    }
    email.push('@');
    email.push_str(domain);
    email
}

// ---------------------------------------------------------- company names

/// The company name, and the lower-case ASCII stem of its domain ("blueharborfoods").
fn company_name(rng: &mut Rng, locale: &Locale, industry: &Industry) -> (String, String) {
    let mut name = String::with_capacity(40);
    let mut stem = String::with_capacity(24);
    match (locale.place, locale.people, locale.native) {
        (Place::Korea(region), _, true) => {
            let core = rng.pick(KO_CORES);
            let word = rng.pick(industry.ko_words);
            match rng.below(100) {
                0..30 => name.push_str("(주)"),
                30..42 => name.push_str("주식회사 "),
                42..47 => name.push_str("(유)"),
                47..62 => name.push_str(region.short),
                _ => {}
            }
            name.push_str(core.0);
            if rng.chance(5) {
                name.push_str("종합");
            }
            name.push_str(word.0);
            if rng.chance(10) && !name.starts_with('(') && !name.starts_with("주식회사") {
                name.push_str("(주)");
            }
            push_lower_ascii(&mut stem, core.1);
            if rng.chance(60) {
                if rng.chance(30) {
                    stem.push('-');
                }
                stem.push_str(word.1);
            }
        }
        (Place::Korea(_), _, false) => english_company(rng, industry, KO_LATIN_LEGAL, &mut name, &mut stem),
        (Place::Abroad(country, city), People::Chinese, native) => {
            let core = rng.pick(ZH_CORES);
            if native {
                let word = rng.pick(industry.zh_words);
                name.push_str(city.native);
                name.push_str(core.0);
                name.push_str(word.0);
                name.push_str(rng.pick(&["有限公司", "有限公司", "有限公司", "股份有限公司", "集团有限公司"]));
                push_lower_ascii(&mut stem, core.1);
                if rng.chance(50) {
                    stem.push_str(word.1);
                }
            } else {
                name.push_str(city.city);
                name.push(' ');
                name.push_str(core.1);
                name.push(' ');
                name.push_str(rng.pick(industry.en_words));
                name.push(' ');
                name.push_str(rng.pick(country.legal));
                push_lower_ascii(&mut stem, core.1);
                push_lower_ascii(&mut stem, city.city);
            }
        }
        (Place::Abroad(country, _), People::Japanese, native) => {
            let core = rng.pick(JA_CORES);
            if native {
                let word = rng.pick(industry.ja_words);
                let form = rng.below(100);
                match form {
                    0..45 => name.push_str("株式会社"),
                    45..55 => name.push_str("有限会社"),
                    _ => {}
                }
                name.push_str(core.0);
                name.push_str(word.0);
                if (55..85).contains(&form) {
                    name.push_str("株式会社");
                }
                push_lower_ascii(&mut stem, core.1);
                if rng.chance(60) {
                    stem.push('-');
                    stem.push_str(word.1);
                }
            } else {
                let word = rng.pick(industry.en_words);
                name.push_str(core.1);
                name.push(' ');
                name.push_str(word);
                name.push(' ');
                name.push_str(rng.pick(country.legal));
                push_lower_ascii(&mut stem, core.1);
                push_lower_ascii(&mut stem, word);
            }
        }
        (Place::Abroad(country, _), _, _) => english_company(rng, industry, country.legal, &mut name, &mut stem),
    }
    (name, stem)
}

/// "Blue Harbor Foods Ltd", "Northwind Trading", "Summit Logistics Inc.", "Carter & Sons".
fn english_company(rng: &mut Rng, industry: &Industry, legal: &[&str], name: &mut String, stem: &mut String) {
    let word = rng.pick(industry.en_words);
    match rng.below(100) {
        0..40 => {
            let (adjective, noun) = (rng.pick(EN_ADJECTIVES), rng.pick(EN_NOUNS));
            for part in [adjective, " ", noun, " ", word] {
                name.push_str(part);
            }
            push_lower_ascii(stem, adjective);
            push_lower_ascii(stem, noun);
            if rng.chance(40) {
                push_lower_ascii(stem, word);
            }
        }
        40..65 => {
            let (head, tail) = (rng.pick(EN_HEADS), rng.pick(EN_TAILS));
            for part in [head, tail, " ", word] {
                name.push_str(part);
            }
            push_lower_ascii(stem, head);
            push_lower_ascii(stem, tail);
            if rng.chance(30) {
                push_lower_ascii(stem, word);
            }
        }
        65..80 => {
            let noun = if rng.chance(50) { rng.pick(EN_NOUNS) } else { rng.pick(EN_ADJECTIVES) };
            for part in [noun, " ", word] {
                name.push_str(part);
            }
            push_lower_ascii(stem, noun);
            push_lower_ascii(stem, word);
        }
        80..92 => {
            let family = rng.pick(WESTERN_FAMILY);
            name.push_str(family);
            push_lower_ascii(stem, family);
            match rng.below(3) {
                0 => {
                    name.push(' ');
                    name.push_str(word);
                    push_lower_ascii(stem, word);
                }
                1 => {
                    name.push_str(" & Sons");
                    stem.push_str("andsons");
                }
                _ => {
                    name.push_str(" Brothers ");
                    name.push_str(word);
                    stem.push_str("bros");
                }
            }
        }
        _ => {
            let first = rng.pick(WESTERN_FAMILY);
            let mut second = rng.pick(WESTERN_FAMILY);
            if second == first {
                second = rng.pick(WESTERN_FAMILY);
            }
            for part in [first, " & ", second] {
                name.push_str(part);
            }
            push_lower_ascii(stem, first);
            push_lower_ascii(stem, second);
        }
    }
    let form = rng.pick(legal);
    if !form.is_empty() {
        name.push(' ');
        name.push_str(form);
    }
}

// --------------------------------------------------- tax IDs, phones, places

fn tax_id(rng: &mut Rng, place: Place, company: bool) -> String {
    match place {
        Place::Korea(_) => korean_business_number(rng, company),
        Place::Abroad(country, _) => pattern(rng, country.tax_id),
    }
}

/// A Korean business registration number, 123-45-67890, with a valid check digit;
/// the middle pair tells a corporation (81, 86, 87, 88) from a sole proprietor (01–79).
fn korean_business_number(rng: &mut Rng, company: bool) -> String {
    let office = rng.range(101, 899);
    let kind = if company { rng.pick(&[81, 81, 81, 86, 87, 88]) } else { rng.range(1, 79) };
    let serial = rng.below(10_000);
    let mut digits = [0u64; 10];
    digits[0..3].copy_from_slice(&[office / 100, office / 10 % 10, office % 10]);
    digits[3..5].copy_from_slice(&[kind / 10, kind % 10]);
    digits[5..9].copy_from_slice(&[serial / 1000, serial / 100 % 10, serial / 10 % 10, serial % 10]);
    digits[9] = korean_check_digit(&digits);
    let mut s = String::with_capacity(12);
    for (i, d) in digits.iter().enumerate() {
        if i == 3 || i == 5 {
            s.push('-');
        }
        s.push(char::from(b'0' + *d as u8));
    }
    s
}

fn korean_check_digit(digits: &[u64; 10]) -> u64 {
    const WEIGHTS: [u64; 9] = [1, 3, 7, 1, 3, 7, 1, 3, 5];
    let mut sum: u64 = digits.iter().zip(WEIGHTS).map(|(d, w)| d * w).sum();
    sum += digits[8] * 5 / 10;
    (10 - sum % 10) % 10
}

fn landline(rng: &mut Rng, place: Place) -> String {
    match place {
        Place::Korea(region) => {
            let mut s = String::with_capacity(13);
            s.push_str(region.area);
            s.push('-');
            let local = if region.area == "02" || rng.chance(50) { "$###-####" } else { "$##-####" };
            push_pattern(rng, &mut s, local);
            s
        }
        Place::Abroad(_, city) => pattern(rng, city.phone),
    }
}

fn mobile(rng: &mut Rng, place: Place) -> String {
    match place {
        Place::Korea(_) => pattern(rng, "010-$###-####"),
        Place::Abroad(country, _) => pattern(rng, country.mobile),
    }
}

fn address(rng: &mut Rng, place: Place, hangul: bool, company: bool, shipping: bool) -> Address {
    match place {
        Place::Korea(region) => korean_address(rng, region, hangul, company, shipping),
        Place::Abroad(country, city) => foreign_address(rng, country, city, company, shipping),
    }
}

fn korean_address(rng: &mut Rng, region: &KoRegion, hangul: bool, company: bool, shipping: bool) -> Address {
    let district = rng.pick(region.districts);
    let road = rng.pick(region.roads);
    let number = rng.range(1, 700);
    let sub = if rng.chance(15) { rng.range(1, 40) } else { 0 };
    let floor = rng.range(1, if company { 25 } else { 30 });
    let room = rng.range(1, 12);
    let building = if company && rng.chance(20) { Some((rng.pick(KO_CORES), rng.below(4) as usize)) } else { None };
    let mut lines = String::with_capacity(64);
    if shipping && rng.chance(60) {
        let labels = if hangul { SHIP_LABELS_KO } else { SHIP_LABELS_EN };
        lines.push_str(rng.pick(labels));
        lines.push('\n');
    }
    let push_street = |lines: &mut String| {
        push_num(lines, number);
        if sub > 0 {
            lines.push('-');
            push_num(lines, sub);
        }
    };
    if hangul {
        // 테헤란로 123, 한빛빌딩 5층 / 올림픽로 435, 101동 1203호
        lines.push_str(road.0);
        lines.push(' ');
        push_street(&mut lines);
        if company {
            match (building, rng.below(10)) {
                (Some((core, suffix)), _) => {
                    lines.push_str(", ");
                    lines.push_str(core.0);
                    lines.push_str(["빌딩", "타워", "센터", "프라자"][suffix]);
                    lines.push(' ');
                    push_num(&mut lines, floor);
                    lines.push('층');
                }
                (None, 0..6) => {
                    lines.push_str(", ");
                    push_num(&mut lines, floor);
                    lines.push('층');
                }
                (None, _) => {}
            }
        } else if rng.chance(75) {
            lines.push_str(", ");
            push_num(&mut lines, rng.range(101, 120));
            lines.push_str("동 ");
            push_num(&mut lines, floor);
            push_padded(&mut lines, room, 2);
            lines.push('호');
        }
    } else {
        // 5F, Hanbit Tower, 123 Teheran-ro / 101-1203, 435 Olympic-ro
        if company {
            if building.is_some() || rng.chance(60) {
                push_num(&mut lines, floor);
                lines.push_str("F, ");
            }
            if let Some((core, suffix)) = building {
                lines.push_str(core.1);
                lines.push(' ');
                lines.push_str(["Building", "Tower", "Center", "Plaza"][suffix]);
                lines.push_str(", ");
            }
        } else if rng.chance(75) {
            push_num(&mut lines, rng.range(101, 120));
            lines.push('-');
            push_num(&mut lines, floor);
            push_padded(&mut lines, room, 2);
            lines.push_str(", ");
        }
        push_street(&mut lines);
        lines.push(' ');
        lines.push_str(road.1);
    }
    let mut postal_code = String::with_capacity(5);
    let first = u64::from(region.postal.0) * 1_000;
    let last = u64::from(region.postal.1) * 1_000 + 999;
    push_padded(&mut postal_code, rng.range(first, last), 5);
    Address {
        lines,
        city: (if hangul { district.0 } else { district.1 }).to_string(),
        region: (if hangul { region.ko } else { region.en }).to_string(),
        postal_code,
        country: (if hangul { "대한민국" } else { "South Korea" }).to_string(),
    }
}

fn foreign_address(rng: &mut Rng, country: &Country, city: &City, company: bool, shipping: bool) -> Address {
    let street = rng.pick(city.streets);
    let number = rng.range(1, 999);
    let mut lines = String::with_capacity(64);
    if shipping && rng.chance(60) {
        lines.push_str(rng.pick(SHIP_LABELS_EN));
        lines.push('\n');
    }
    let plain = |lines: &mut String| {
        push_num(lines, number);
        lines.push(' ');
        lines.push_str(street);
    };
    match country.style {
        Style::Us | Style::Ca => {
            plain(&mut lines);
            if company && rng.chance(50) {
                lines.push_str(", Suite ");
                push_num(&mut lines, rng.range(1, 30) * 100 + rng.range(0, 20));
            } else if !company && rng.chance(30) {
                lines.push_str(", Apt ");
                push_num(&mut lines, rng.range(1, 40));
                lines.push(char::from(rng.pick(b"ABCDEF")));
            }
        }
        Style::Uk => {
            if company && rng.chance(40) {
                lines.push_str("Unit ");
                push_num(&mut lines, rng.range(1, 30));
                lines.push_str(", ");
            }
            push_num(&mut lines, rng.range(1, 250));
            lines.push(' ');
            lines.push_str(street);
        }
        Style::Sg => {
            plain(&mut lines);
            lines.push_str(", #");
            push_padded(&mut lines, rng.range(1, 30), 2);
            lines.push('-');
            push_padded(&mut lines, rng.range(1, 99), 2);
        }
        Style::Au => {
            if company && rng.chance(50) {
                lines.push_str("Level ");
                push_num(&mut lines, rng.range(1, 40));
                lines.push_str(", ");
            }
            push_num(&mut lines, rng.range(1, 500));
            lines.push(' ');
            lines.push_str(street);
        }
        Style::Cn => {
            lines.push_str("No. ");
            plain(&mut lines);
            if company || rng.chance(50) {
                lines.push_str(", Room ");
                push_num(&mut lines, rng.range(1, 30));
                push_padded(&mut lines, rng.range(1, 20), 2);
            }
        }
        Style::Jp => {
            // 2-3-1 Shiba, 4F
            push_num(&mut lines, rng.range(1, 5));
            lines.push('-');
            push_num(&mut lines, rng.range(1, 20));
            lines.push('-');
            push_num(&mut lines, rng.range(1, 30));
            lines.push(' ');
            lines.push_str(street);
            if company && rng.chance(60) {
                lines.push_str(", ");
                push_num(&mut lines, rng.range(1, 20));
                lines.push('F');
            }
        }
    }
    Address {
        lines,
        city: city.city.to_string(),
        region: city.region.to_string(),
        postal_code: pattern(rng, city.postal),
        country: country.name.to_string(),
    }
}

// ------------------------------------------------------------------ tables

struct Industry {
    /// The `industry` custom field's choice.
    choice: &'static str,
    weight: u32,
    en_words: &'static [&'static str],
    /// (Hangul, ASCII for domains)
    ko_words: &'static [(&'static str, &'static str)],
    zh_words: &'static [(&'static str, &'static str)],
    ja_words: &'static [(&'static str, &'static str)],
    /// 업태 and 종목 as on a Korean registration certificate.
    ko_type: &'static str,
    ko_items: &'static [&'static str],
    en_type: &'static str,
    en_items: &'static [&'static str],
}

const INDUSTRIES: &[Industry] = &[
    Industry {
        choice: "Manufacturing",
        weight: 18,
        en_words: &["Industries", "Manufacturing", "Precision", "Works", "Components", "Machinery"],
        ko_words: &[("산업", "ind"), ("공업", "ind"), ("정밀", "precision"), ("기계", "machinery"), ("금속", "metal")],
        zh_words: &[("制造", "mfg"), ("机械", "jixie"), ("精密", "jingmi"), ("电子", "dianzi")],
        ja_words: &[("工業", "kogyo"), ("製作所", "seisakusho"), ("精機", "seiki"), ("電機", "denki")],
        ko_type: "제조업",
        ko_items: &["전자부품", "금속가공", "플라스틱 사출", "산업용 기계", "자동차 부품"],
        en_type: "Manufacturing",
        en_items: &[
            "Electronic components",
            "Metal fabrication",
            "Injection molding",
            "Industrial machinery",
            "Auto parts",
        ],
    },
    Industry {
        choice: "Wholesale",
        weight: 20,
        en_words: &["Trading", "Supply", "Distribution", "Imports", "Wholesale"],
        ko_words: &[("상사", "trading"), ("물산", "corp"), ("무역", "trade"), ("통상", "trade"), ("유통", "dist")],
        zh_words: &[("贸易", "trade"), ("商贸", "shangmao"), ("进出口", "impex")],
        ja_words: &[("商事", "shoji"), ("物産", "bussan"), ("通商", "tsusho")],
        ko_type: "도매업",
        ko_items: &["생활용품", "전자제품", "사무용품", "농수산물", "화학제품"],
        en_type: "Wholesale",
        en_items: &["Household goods", "Consumer electronics", "Office supplies", "Agricultural products", "Chemicals"],
    },
    Industry {
        choice: "Retail",
        weight: 10,
        en_words: &["Stores", "Mart", "Outfitters", "Goods", "Market"],
        ko_words: &[("마트", "mart"), ("상회", "store"), ("마켓", "market"), ("스토어", "store")],
        zh_words: &[("百货", "baihuo"), ("商行", "shanghang"), ("超市", "mart")],
        ja_words: &[("商店", "shoten"), ("ストア", "store"), ("マート", "mart")],
        ko_type: "소매업",
        ko_items: &["의류", "잡화", "가전제품", "화장품", "문구"],
        en_type: "Retail",
        en_items: &["Apparel", "General merchandise", "Home appliances", "Cosmetics", "Stationery"],
    },
    Industry {
        choice: "Food & beverage",
        weight: 12,
        en_words: &["Foods", "Bakery", "Beverages", "Provisions", "Farms", "Seafood"],
        ko_words: &[("식품", "food"), ("푸드", "food"), ("농산", "farm"), ("수산", "fisheries"), ("제과", "bakery")],
        zh_words: &[("食品", "food"), ("饮料", "drinks"), ("农产品", "agri")],
        ja_words: &[("食品", "shokuhin"), ("フーズ", "foods"), ("製菓", "seika")],
        ko_type: "도소매",
        ko_items: &["식자재", "가공식품", "음료", "농산물", "수산물"],
        en_type: "Food & beverage",
        en_items: &["Groceries", "Processed foods", "Beverages", "Fresh produce", "Seafood"],
    },
    Industry {
        choice: "Construction",
        weight: 8,
        en_words: &["Construction", "Builders", "Engineering", "Materials", "Interiors"],
        ko_words: &[("건설", "const"), ("건축", "arch"), ("인테리어", "interior"), ("자재", "materials")],
        zh_words: &[("建设", "jianshe"), ("建材", "jiancai"), ("工程", "eng")],
        ja_words: &[("建設", "kensetsu"), ("工務店", "komuten"), ("建材", "kenzai")],
        ko_type: "건설업",
        ko_items: &["실내건축", "토목", "전기공사", "건축자재", "설비공사"],
        en_type: "Construction",
        en_items: &["Interior works", "Civil engineering", "Electrical works", "Building materials", "Plumbing & HVAC"],
    },
    Industry {
        choice: "IT & software",
        weight: 10,
        en_words: &["Systems", "Software", "Technologies", "Digital", "Labs", "Networks"],
        ko_words: &[("테크", "tech"), ("소프트", "soft"), ("시스템", "sys"), ("정보통신", "ict"), ("전자", "elec")],
        zh_words: &[("科技", "tech"), ("软件", "soft"), ("信息技术", "it")],
        ja_words: &[("システム", "system"), ("情報", "joho"), ("ソフト", "soft")],
        ko_type: "정보통신업",
        ko_items: &["소프트웨어 개발", "시스템 통합", "웹 호스팅", "전산장비", "IT 컨설팅"],
        en_type: "IT services",
        en_items: &["Software development", "System integration", "Web hosting", "Computer equipment", "IT consulting"],
    },
    Industry {
        choice: "Logistics",
        weight: 8,
        en_words: &["Logistics", "Freight", "Shipping", "Transport", "Express"],
        ko_words: &[("물류", "logis"), ("운수", "trans"), ("익스프레스", "express"), ("해운", "shipping")],
        zh_words: &[("物流", "logistics"), ("运输", "yunshu"), ("货运", "cargo")],
        ja_words: &[("運輸", "unyu"), ("物流", "butsuryu"), ("倉庫", "soko")],
        ko_type: "운수업",
        ko_items: &["화물운송", "창고업", "국제물류", "택배", "통관대행"],
        en_type: "Transportation",
        en_items: &["Freight", "Warehousing", "International forwarding", "Parcel delivery", "Customs brokerage"],
    },
    Industry {
        choice: "Healthcare",
        weight: 6,
        en_words: &["Medical", "Pharma", "Health", "Biotech", "Dental Supply"],
        ko_words: &[("제약", "pharm"), ("메디칼", "medical"), ("의료기", "medi"), ("바이오", "bio")],
        zh_words: &[("医疗", "medical"), ("医药", "pharma"), ("生物", "bio")],
        ja_words: &[("製薬", "seiyaku"), ("メディカル", "medical"), ("医療器", "iryoki")],
        ko_type: "도소매",
        ko_items: &["의료기기", "의약품", "건강기능식품", "치과재료", "실험기자재"],
        en_type: "Healthcare",
        en_items: &["Medical devices", "Pharmaceuticals", "Health supplements", "Dental supplies", "Lab equipment"],
    },
    Industry {
        choice: "Services",
        weight: 8,
        en_words: &["Consulting", "Services", "Partners", "Solutions", "Design"],
        ko_words: &[
            ("컨설팅", "consulting"),
            ("기획", "plan"),
            ("디자인", "design"),
            ("서비스", "service"),
            ("인쇄", "print"),
        ],
        zh_words: &[("咨询", "consulting"), ("设计", "design"), ("服务", "service")],
        ja_words: &[("企画", "kikaku"), ("デザイン", "design"), ("サービス", "service")],
        ko_type: "서비스업",
        ko_items: &["경영컨설팅", "광고", "인쇄", "디자인", "교육"],
        en_type: "Services",
        en_items: &["Management consulting", "Advertising", "Printing", "Design", "Training"],
    },
];

const GENERIC_MAILBOXES: &[&str] =
    &["info", "sales", "contact", "office", "orders", "accounts", "admin", "hello", "support", "biz"];

const EN_ADJECTIVES: &[&str] = &[
    "Blue",
    "Golden",
    "Silver",
    "Green",
    "Red",
    "Northern",
    "Southern",
    "Eastern",
    "Western",
    "Pacific",
    "Atlantic",
    "Royal",
    "Grand",
    "Prime",
    "Bright",
    "Clear",
    "Swift",
    "Noble",
    "Global",
    "United",
    "First",
    "Premier",
    "Modern",
    "Classic",
    "Central",
    "Coastal",
    "Highland",
    "Evergreen",
    "Sterling",
    "Crystal",
    "Urban",
    "Metro",
    "Allied",
    "Apex",
    "Vivid",
    "True",
    "Bold",
    "Zenith",
    "Liberty",
    "Heritage",
];

const EN_NOUNS: &[&str] = &[
    "Harbor", "River", "Ridge", "Oak", "Maple", "Cedar", "Pine", "Stone", "Bridge", "Valley", "Star", "Lake", "Field",
    "Crest", "Summit", "Peak", "Bay", "Coast", "Forest", "Meadow", "Falcon", "Eagle", "Lion", "Anchor", "Beacon",
    "Compass", "Horizon", "Arrow", "Crown", "Shield", "Lotus", "Orchid", "Willow", "Harvest", "Sun", "Moon", "Wave",
    "Key", "Gate", "Point",
];

const EN_HEADS: &[&str] = &[
    "North", "South", "East", "West", "Bright", "Clear", "Fair", "High", "Red", "Stone", "Iron", "Sun", "Silver",
    "Gold", "Green", "Oak",
];

const EN_TAILS: &[&str] = &[
    "wind", "field", "bridge", "water", "brook", "gate", "wood", "land", "haven", "ridge", "point", "view", "crest",
    "dale", "ford", "line", "way",
];

const KO_LATIN_LEGAL: &[&str] = &["Co., Ltd.", "Co., Ltd.", "Co., Ltd.", "Inc.", "Corp.", "", ""];

/// (Hangul, romanised) company name cores.
const KO_CORES: &[(&str, &str)] = &[
    ("한빛", "Hanbit"),
    ("대성", "Daesung"),
    ("삼진", "Samjin"),
    ("동양", "Dongyang"),
    ("세진", "Sejin"),
    ("우리", "Woori"),
    ("미래", "Mirae"),
    ("태양", "Taeyang"),
    ("청솔", "Cheongsol"),
    ("푸른", "Pureun"),
    ("새한", "Saehan"),
    ("진흥", "Jinheung"),
    ("대한", "Daehan"),
    ("명성", "Myungsung"),
    ("정우", "Jungwoo"),
    ("성원", "Sungwon"),
    ("금강", "Geumgang"),
    ("백두", "Baekdu"),
    ("한라", "Halla"),
    ("서해", "Seohae"),
    ("동해", "Donghae"),
    ("태평", "Taepyung"),
    ("광명", "Kwangmyung"),
    ("영진", "Youngjin"),
    ("일신", "Ilshin"),
    ("유진", "Yujin"),
    ("수림", "Surim"),
    ("해오름", "Haeoreum"),
    ("나래", "Narae"),
    ("가람", "Garam"),
    ("다온", "Daon"),
    ("누리", "Nuri"),
    ("한솔", "Hansol"),
    ("초록", "Chorok"),
    ("은하", "Eunha"),
    ("별빛", "Byeolbit"),
    ("하늘", "Haneul"),
    ("바른", "Bareun"),
    ("으뜸", "Eutteum"),
    ("온누리", "Onnuri"),
    ("한결", "Hangyeol"),
    ("도담", "Dodam"),
    ("새봄", "Saebom"),
    ("삼화", "Samhwa"),
    ("동진", "Dongjin"),
    ("신성", "Shinsung"),
    ("대양", "Daeyang"),
    ("제일", "Jeil"),
    ("세영", "Seyoung"),
    ("우성", "Woosung"),
    ("화신", "Hwashin"),
    ("보성", "Bosung"),
    ("천일", "Cheonil"),
    ("한일", "Hanil"),
    ("대진", "Daejin"),
    ("성진", "Sungjin"),
    ("용마", "Yongma"),
    ("청운", "Cheongwoon"),
    ("아름", "Areum"),
    ("정성", "Jungsung"),
];

const KO_SURNAMES: &[(&str, &str)] = &[
    ("김", "Kim"),
    ("이", "Lee"),
    ("박", "Park"),
    ("최", "Choi"),
    ("정", "Jung"),
    ("강", "Kang"),
    ("조", "Cho"),
    ("윤", "Yoon"),
    ("장", "Jang"),
    ("임", "Lim"),
    ("한", "Han"),
    ("오", "Oh"),
    ("서", "Seo"),
    ("신", "Shin"),
    ("권", "Kwon"),
    ("황", "Hwang"),
    ("안", "Ahn"),
    ("송", "Song"),
    ("전", "Jeon"),
    ("홍", "Hong"),
    ("유", "Yoo"),
    ("고", "Ko"),
    ("문", "Moon"),
    ("양", "Yang"),
    ("손", "Son"),
    ("배", "Bae"),
    ("백", "Baek"),
    ("허", "Heo"),
    ("남", "Nam"),
    ("노", "Noh"),
];

const KO_GIVEN: &[(&str, &str)] = &[
    ("민준", "Minjun"),
    ("서준", "Seojun"),
    ("도윤", "Doyun"),
    ("예준", "Yejun"),
    ("시우", "Siwoo"),
    ("하준", "Hajun"),
    ("지호", "Jiho"),
    ("주원", "Juwon"),
    ("지후", "Jihu"),
    ("준우", "Junwoo"),
    ("현우", "Hyunwoo"),
    ("건우", "Geonwoo"),
    ("우진", "Woojin"),
    ("선우", "Sunwoo"),
    ("서진", "Seojin"),
    ("민재", "Minjae"),
    ("현준", "Hyunjun"),
    ("연우", "Yeonwoo"),
    ("정우", "Jungwoo"),
    ("승현", "Seunghyun"),
    ("성민", "Sungmin"),
    ("동현", "Donghyun"),
    ("준호", "Junho"),
    ("상우", "Sangwoo"),
    ("영수", "Youngsoo"),
    ("정호", "Jungho"),
    ("재훈", "Jaehoon"),
    ("태영", "Taeyoung"),
    ("경민", "Kyungmin"),
    ("진영", "Jinyoung"),
    ("서연", "Seoyeon"),
    ("서윤", "Seoyun"),
    ("지우", "Jiwoo"),
    ("서현", "Seohyun"),
    ("민서", "Minseo"),
    ("하은", "Haeun"),
    ("하윤", "Hayun"),
    ("윤서", "Yunseo"),
    ("지민", "Jimin"),
    ("지유", "Jiyu"),
    ("채원", "Chaewon"),
    ("수아", "Sua"),
    ("지아", "Jia"),
    ("다은", "Daeun"),
    ("은서", "Eunseo"),
    ("민지", "Minji"),
    ("수빈", "Subin"),
    ("유진", "Yujin"),
    ("예은", "Yeeun"),
    ("지현", "Jihyun"),
    ("혜진", "Hyejin"),
    ("은지", "Eunji"),
    ("수정", "Sujung"),
    ("미경", "Mikyung"),
    ("영희", "Younghee"),
    ("지영", "Jiyoung"),
    ("은영", "Eunyoung"),
    ("현정", "Hyunjung"),
    ("소연", "Soyeon"),
    ("나연", "Nayeon"),
];

const WESTERN_GIVEN: &[&str] = &[
    "James",
    "John",
    "Robert",
    "Michael",
    "David",
    "William",
    "Richard",
    "Joseph",
    "Thomas",
    "Daniel",
    "Matthew",
    "Andrew",
    "Christopher",
    "Mark",
    "Paul",
    "Steven",
    "Kevin",
    "Brian",
    "George",
    "Edward",
    "Peter",
    "Ryan",
    "Jason",
    "Eric",
    "Oliver",
    "Jack",
    "Henry",
    "Samuel",
    "Benjamin",
    "Lucas",
    "Mary",
    "Sarah",
    "Jennifer",
    "Linda",
    "Elizabeth",
    "Susan",
    "Jessica",
    "Karen",
    "Emily",
    "Emma",
    "Olivia",
    "Sophia",
    "Charlotte",
    "Amelia",
    "Grace",
    "Chloe",
    "Hannah",
    "Rachel",
    "Laura",
    "Anna",
    "Rebecca",
    "Megan",
    "Lucy",
    "Claire",
    "Natalie",
    "Julia",
    "Victoria",
    "Alice",
    "Helen",
    "Ruth",
];

const WESTERN_FAMILY: &[&str] = &[
    "Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson", "Anderson", "Taylor", "Thomas",
    "Moore", "Martin", "Jackson", "Thompson", "White", "Harris", "Clark", "Lewis", "Robinson", "Walker", "Young",
    "Allen", "King", "Wright", "Scott", "Hill", "Green", "Adams", "Baker", "Nelson", "Carter", "Mitchell", "Roberts",
    "Turner", "Phillips", "Campbell", "Parker", "Evans", "Edwards", "Collins", "Stewart", "Morris", "Murphy", "Cook",
    "Rogers", "Morgan", "Cooper", "Peterson", "Reed", "Bailey", "Bell", "Hughes", "Ward", "Foster", "Lee", "Chen",
    "Patel", "Nguyen", "Kim",
];

const ZH_SURNAMES: &[(&str, &str)] = &[
    ("王", "Wang"),
    ("李", "Li"),
    ("张", "Zhang"),
    ("刘", "Liu"),
    ("陈", "Chen"),
    ("杨", "Yang"),
    ("黄", "Huang"),
    ("赵", "Zhao"),
    ("吴", "Wu"),
    ("周", "Zhou"),
    ("徐", "Xu"),
    ("孙", "Sun"),
    ("马", "Ma"),
    ("朱", "Zhu"),
    ("胡", "Hu"),
    ("郭", "Guo"),
    ("何", "He"),
    ("林", "Lin"),
    ("罗", "Luo"),
    ("高", "Gao"),
];

const ZH_GIVEN: &[(&str, &str)] = &[
    ("伟", "Wei"),
    ("芳", "Fang"),
    ("娜", "Na"),
    ("敏", "Min"),
    ("静", "Jing"),
    ("磊", "Lei"),
    ("强", "Qiang"),
    ("洋", "Yang"),
    ("艳", "Yan"),
    ("杰", "Jie"),
    ("军", "Jun"),
    ("勇", "Yong"),
    ("丽", "Li"),
    ("婷", "Ting"),
    ("晓明", "Xiaoming"),
    ("建华", "Jianhua"),
    ("志强", "Zhiqiang"),
    ("海燕", "Haiyan"),
    ("子涵", "Zihan"),
    ("宇轩", "Yuxuan"),
    ("欣怡", "Xinyi"),
    ("浩然", "Haoran"),
    ("俊杰", "Junjie"),
    ("雪梅", "Xuemei"),
];

const ZH_CORES: &[(&str, &str)] = &[
    ("华信", "Huaxin"),
    ("东方", "Dongfang"),
    ("宏达", "Hongda"),
    ("金盛", "Jinsheng"),
    ("永发", "Yongfa"),
    ("恒通", "Hengtong"),
    ("瑞丰", "Ruifeng"),
    ("天成", "Tiancheng"),
    ("鑫源", "Xinyuan"),
    ("嘉禾", "Jiahe"),
    ("中联", "Zhonglian"),
    ("长江", "Changjiang"),
    ("新世纪", "Xinshiji"),
    ("富达", "Fuda"),
    ("兴业", "Xingye"),
    ("华盛", "Huasheng"),
    ("佳美", "Jiamei"),
    ("万通", "Wantong"),
    ("联创", "Lianchuang"),
    ("德信", "Dexin"),
    ("百川", "Baichuan"),
    ("盛世", "Shengshi"),
    ("博远", "Boyuan"),
    ("锦绣", "Jinxiu"),
];

const JA_SURNAMES: &[(&str, &str)] = &[
    ("佐藤", "Sato"),
    ("鈴木", "Suzuki"),
    ("高橋", "Takahashi"),
    ("田中", "Tanaka"),
    ("伊藤", "Ito"),
    ("渡辺", "Watanabe"),
    ("山本", "Yamamoto"),
    ("中村", "Nakamura"),
    ("小林", "Kobayashi"),
    ("加藤", "Kato"),
    ("吉田", "Yoshida"),
    ("山田", "Yamada"),
    ("佐々木", "Sasaki"),
    ("山口", "Yamaguchi"),
    ("松本", "Matsumoto"),
    ("井上", "Inoue"),
    ("木村", "Kimura"),
    ("林", "Hayashi"),
    ("清水", "Shimizu"),
    ("斎藤", "Saito"),
];

const JA_GIVEN: &[(&str, &str)] = &[
    ("健", "Ken"),
    ("翔太", "Shota"),
    ("大輔", "Daisuke"),
    ("拓也", "Takuya"),
    ("直樹", "Naoki"),
    ("誠", "Makoto"),
    ("浩", "Hiroshi"),
    ("隆", "Takashi"),
    ("健一", "Kenichi"),
    ("和也", "Kazuya"),
    ("陽子", "Yoko"),
    ("恵", "Megumi"),
    ("由美", "Yumi"),
    ("美咲", "Misaki"),
    ("裕子", "Yuko"),
    ("真由美", "Mayumi"),
    ("奈々", "Nana"),
    ("彩", "Aya"),
    ("久美子", "Kumiko"),
    ("智子", "Tomoko"),
];

const JA_CORES: &[(&str, &str)] = &[
    ("東洋", "Toyo"),
    ("日進", "Nisshin"),
    ("大和", "Yamato"),
    ("富士", "Fuji"),
    ("三和", "Sanwa"),
    ("協和", "Kyowa"),
    ("新栄", "Shinei"),
    ("光", "Hikari"),
    ("昭栄", "Shoei"),
    ("丸山", "Maruyama"),
    ("中央", "Chuo"),
    ("大同", "Daido"),
    ("北斗", "Hokuto"),
    ("高砂", "Takasago"),
    ("千代田", "Chiyoda"),
    ("明和", "Meiwa"),
    ("東亜", "Toa"),
    ("朝日", "Asahi"),
    ("平和", "Heiwa"),
    ("菱和", "Ryowa"),
];

const TITLES_KO: &[&str] =
    &["대표", "부장", "차장", "과장", "대리", "주임", "팀장", "경리 담당", "구매 담당", "영업 담당"];
const TITLES_EN: &[&str] = &[
    "Purchasing Manager",
    "Accounts Payable",
    "Sales Manager",
    "Office Manager",
    "Operations Director",
    "Buyer",
    "Finance Officer",
    "Logistics Coordinator",
    "Owner",
    "Account Manager",
];
const TITLES_ZH: &[&str] = &["总经理", "采购经理", "财务", "销售经理", "业务员", "物流主管"];
const TITLES_JA: &[&str] = &["代表取締役", "部長", "課長", "主任", "購買担当", "経理担当"];

const MEMOS_KO: &[&str] = &[
    "세금계산서 이메일 발행",
    "오전 배송 선호",
    "월말 일괄 결제",
    "방문 전 전화 요망",
    "토요일 휴무",
    "견적서는 구매팀으로 발송",
    "신제품 샘플 요청",
    "발주서 번호 필수 기재",
    "명절 선물세트 대량 주문",
    "결제일 매월 25일",
    "담당자 변경 시 연락 요망",
    "단가표 매년 1월 갱신",
];
const MEMOS_EN: &[&str] = &[
    "Prefers delivery before 10 am",
    "Invoices by e-mail only",
    "Closed on Saturdays",
    "Call before visiting",
    "Pays by bank transfer at month end",
    "Send quotes to the purchasing team",
    "Asked for samples of new products",
    "Met at the Seoul trade show",
    "PO number required on every invoice",
    "Seasonal orders in spring and autumn",
    "Ask for the warehouse manager on delivery",
    "Price list updated every January",
];
const DRIVER_NOTES_KO: &[&str] = &[
    "도착 전 전화 주세요",
    "경비실에 맡겨 주세요",
    "건물 뒤편 하역장 이용",
    "오전 중 배송",
    "지게차 있음",
    "골목이 좁아 1톤 트럭만 가능",
    "2번 게이트 벨 누르기",
    "점심시간(12~13시) 하차 불가",
];
const DRIVER_NOTES_EN: &[&str] = &[
    "Use the loading dock at the rear",
    "Deliveries 9:00-17:00 only",
    "Call on arrival",
    "Leave with security at the front desk",
    "No deliveries on Fridays",
    "Forklift available on site",
    "Narrow street: small truck only",
    "Ring the bell at gate 2",
];
const SHIP_LABELS_KO: &[&str] = &["물류센터", "제2공장", "창고", "본사 물류팀"];
const SHIP_LABELS_EN: &[&str] = &["Warehouse", "Plant 2", "Distribution Center", "Receiving Dept."];

/// A Korean province or metropolitan city.
struct KoRegion {
    /// The Region group value.
    group: &'static str,
    ko: &'static str,
    en: &'static str,
    /// Prefix for company names such as 부산대성수산.
    short: &'static str,
    /// Telephone area code.
    area: &'static str,
    /// First two digits of its five-digit postal codes, inclusive.
    postal: (u16, u16),
    weight: u32,
    districts: &'static [(&'static str, &'static str)],
    roads: &'static [(&'static str, &'static str)],
}

const KO_REGIONS: &[KoRegion] = &[
    KoRegion {
        group: "Seoul",
        ko: "서울특별시",
        en: "Seoul",
        short: "서울",
        area: "02",
        postal: (1, 8),
        weight: 30,
        districts: &[
            ("강남구", "Gangnam-gu"),
            ("서초구", "Seocho-gu"),
            ("중구", "Jung-gu"),
            ("종로구", "Jongno-gu"),
            ("마포구", "Mapo-gu"),
            ("영등포구", "Yeongdeungpo-gu"),
            ("송파구", "Songpa-gu"),
            ("구로구", "Guro-gu"),
            ("금천구", "Geumcheon-gu"),
            ("성동구", "Seongdong-gu"),
            ("용산구", "Yongsan-gu"),
            ("강서구", "Gangseo-gu"),
        ],
        roads: &[
            ("테헤란로", "Teheran-ro"),
            ("세종대로", "Sejong-daero"),
            ("을지로", "Eulji-ro"),
            ("디지털로", "Digital-ro"),
            ("올림픽로", "Olympic-ro"),
            ("도산대로", "Dosan-daero"),
            ("양화로", "Yanghwa-ro"),
            ("왕십리로", "Wangsimni-ro"),
            ("국제금융로", "Gukjegeumyung-ro"),
            ("한강대로", "Hangang-daero"),
            ("강남대로", "Gangnam-daero"),
            ("가산디지털1로", "Gasan digital 1-ro"),
        ],
    },
    KoRegion {
        group: "Gyeonggi",
        ko: "경기도",
        en: "Gyeonggi-do",
        short: "경기",
        area: "031",
        postal: (10, 18),
        weight: 24,
        districts: &[
            ("성남시 분당구", "Bundang-gu, Seongnam-si"),
            ("수원시 영통구", "Yeongtong-gu, Suwon-si"),
            ("고양시 일산동구", "Ilsandong-gu, Goyang-si"),
            ("용인시 기흥구", "Giheung-gu, Yongin-si"),
            ("안산시 단원구", "Danwon-gu, Ansan-si"),
            ("화성시", "Hwaseong-si"),
            ("평택시", "Pyeongtaek-si"),
            ("파주시", "Paju-si"),
            ("김포시", "Gimpo-si"),
        ],
        roads: &[
            ("판교역로", "Pangyoyeok-ro"),
            ("광교중앙로", "Gwanggyojungang-ro"),
            ("중앙로", "Jungang-ro"),
            ("시청로", "Sicheong-ro"),
            ("산업단지로", "Saneopdanji-ro"),
            ("공단로", "Gongdan-ro"),
            ("경수대로", "Gyeongsu-daero"),
        ],
    },
    KoRegion {
        group: "Incheon",
        ko: "인천광역시",
        en: "Incheon",
        short: "인천",
        area: "032",
        postal: (21, 23),
        weight: 7,
        districts: &[
            ("남동구", "Namdong-gu"),
            ("연수구", "Yeonsu-gu"),
            ("서구", "Seo-gu"),
            ("부평구", "Bupyeong-gu"),
            ("중구", "Jung-gu"),
        ],
        roads: &[
            ("남동대로", "Namdong-daero"),
            ("컨벤시아대로", "Convensia-daero"),
            ("인하로", "Inha-ro"),
            ("부평대로", "Bupyeong-daero"),
            ("서해대로", "Seohae-daero"),
        ],
    },
    KoRegion {
        group: "Busan",
        ko: "부산광역시",
        en: "Busan",
        short: "부산",
        area: "051",
        postal: (46, 49),
        weight: 8,
        districts: &[
            ("해운대구", "Haeundae-gu"),
            ("부산진구", "Busanjin-gu"),
            ("사상구", "Sasang-gu"),
            ("강서구", "Gangseo-gu"),
            ("중구", "Jung-gu"),
            ("남구", "Nam-gu"),
        ],
        roads: &[
            ("중앙대로", "Jungang-daero"),
            ("해운대로", "Haeundae-ro"),
            ("센텀중앙로", "Centum jungang-ro"),
            ("가야대로", "Gaya-daero"),
            ("낙동대로", "Nakdong-daero"),
        ],
    },
    KoRegion {
        group: "Daegu",
        ko: "대구광역시",
        en: "Daegu",
        short: "대구",
        area: "053",
        postal: (41, 43),
        weight: 5,
        districts: &[("중구", "Jung-gu"), ("수성구", "Suseong-gu"), ("달서구", "Dalseo-gu"), ("북구", "Buk-gu")],
        roads: &[
            ("달구벌대로", "Dalgubeol-daero"),
            ("국채보상로", "Gukchaebosang-ro"),
            ("동대구로", "Dongdaegu-ro"),
            ("성서공단로", "Seongseogongdan-ro"),
        ],
    },
    KoRegion {
        group: "Daejeon",
        ko: "대전광역시",
        en: "Daejeon",
        short: "대전",
        area: "042",
        postal: (34, 35),
        weight: 4,
        districts: &[("유성구", "Yuseong-gu"), ("서구", "Seo-gu"), ("대덕구", "Daedeok-gu")],
        roads: &[
            ("대학로", "Daehak-ro"),
            ("한밭대로", "Hanbat-daero"),
            ("대덕대로", "Daedeok-daero"),
            ("테크노중앙로", "Techno jungang-ro"),
        ],
    },
    KoRegion {
        group: "Gwangju",
        ko: "광주광역시",
        en: "Gwangju",
        short: "광주",
        area: "062",
        postal: (61, 62),
        weight: 3,
        districts: &[("서구", "Seo-gu"), ("북구", "Buk-gu"), ("광산구", "Gwangsan-gu")],
        roads: &[("상무대로", "Sangmu-daero"), ("무진대로", "Mujin-daero"), ("첨단과기로", "Cheomdangwagi-ro")],
    },
    KoRegion {
        group: "Ulsan",
        ko: "울산광역시",
        en: "Ulsan",
        short: "울산",
        area: "052",
        postal: (44, 45),
        weight: 3,
        districts: &[("남구", "Nam-gu"), ("울주군", "Ulju-gun"), ("북구", "Buk-gu")],
        roads: &[("삼산로", "Samsan-ro"), ("산업로", "Saneop-ro"), ("번영로", "Beonyeong-ro")],
    },
    KoRegion {
        group: "Gangwon",
        ko: "강원특별자치도",
        en: "Gangwon-do",
        short: "강원",
        area: "033",
        postal: (24, 26),
        weight: 2,
        districts: &[("춘천시", "Chuncheon-si"), ("원주시", "Wonju-si"), ("강릉시", "Gangneung-si")],
        roads: &[("중앙로", "Jungang-ro"), ("경강로", "Gyeonggang-ro"), ("원일로", "Wonil-ro")],
    },
    KoRegion {
        group: "Chungcheong",
        ko: "충청북도",
        en: "Chungcheongbuk-do",
        short: "충북",
        area: "043",
        postal: (27, 29),
        weight: 2,
        districts: &[("청주시 흥덕구", "Heungdeok-gu, Cheongju-si"), ("충주시", "Chungju-si")],
        roads: &[("상당로", "Sangdang-ro"), ("직지대로", "Jikji-daero")],
    },
    KoRegion {
        group: "Chungcheong",
        ko: "충청남도",
        en: "Chungcheongnam-do",
        short: "충남",
        area: "041",
        postal: (31, 33),
        weight: 3,
        districts: &[("천안시 서북구", "Seobuk-gu, Cheonan-si"), ("아산시", "Asan-si"), ("당진시", "Dangjin-si")],
        roads: &[("번영로", "Beonyeong-ro"), ("충무로", "Chungmu-ro"), ("서해로", "Seohae-ro")],
    },
    KoRegion {
        group: "Jeolla",
        ko: "전북특별자치도",
        en: "Jeonbuk-do",
        short: "전북",
        area: "063",
        postal: (54, 56),
        weight: 2,
        districts: &[("전주시 덕진구", "Deokjin-gu, Jeonju-si"), ("군산시", "Gunsan-si"), ("익산시", "Iksan-si")],
        roads: &[("기린대로", "Girin-daero"), ("백제대로", "Baekje-daero")],
    },
    KoRegion {
        group: "Jeolla",
        ko: "전라남도",
        en: "Jeollanam-do",
        short: "전남",
        area: "061",
        postal: (57, 60),
        weight: 2,
        districts: &[("순천시", "Suncheon-si"), ("여수시", "Yeosu-si"), ("목포시", "Mokpo-si")],
        roads: &[("중앙로", "Jungang-ro"), ("여수산단로", "Yeosusandan-ro")],
    },
    KoRegion {
        group: "Gyeongsang",
        ko: "경상북도",
        en: "Gyeongsangbuk-do",
        short: "경북",
        area: "054",
        postal: (36, 40),
        weight: 2,
        districts: &[("포항시 남구", "Nam-gu, Pohang-si"), ("구미시", "Gumi-si"), ("경주시", "Gyeongju-si")],
        roads: &[("1공단로", "1gongdan-ro"), ("중앙로", "Jungang-ro"), ("새마을로", "Saemaeul-ro")],
    },
    KoRegion {
        group: "Gyeongsang",
        ko: "경상남도",
        en: "Gyeongsangnam-do",
        short: "경남",
        area: "055",
        postal: (50, 53),
        weight: 3,
        districts: &[
            ("창원시 성산구", "Seongsan-gu, Changwon-si"),
            ("김해시", "Gimhae-si"),
            ("양산시", "Yangsan-si"),
            ("거제시", "Geoje-si"),
        ],
        roads: &[("창원대로", "Changwon-daero"), ("김해대로", "Gimhae-daero"), ("중앙대로", "Jungang-daero")],
    },
    KoRegion {
        group: "Jeju",
        ko: "제주특별자치도",
        en: "Jeju-do",
        short: "제주",
        area: "064",
        postal: (63, 63),
        weight: 1,
        districts: &[("제주시", "Jeju-si"), ("서귀포시", "Seogwipo-si")],
        roads: &[("연북로", "Yeonbuk-ro"), ("중앙로", "Jungang-ro"), ("노형로", "Nohyeong-ro")],
    },
];

/// How a country writes street addresses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    Us,
    Uk,
    Sg,
    Au,
    Ca,
    Cn,
    Jp,
}

struct Country {
    name: &'static str,
    style: Style,
    weight: u32,
    /// Patterns: `#` digit, `$` digit 2–9, `@` letter.
    mobile: &'static str,
    tax_id: &'static str,
    tlds: &'static [&'static str],
    legal: &'static [&'static str],
    free_mail: &'static [&'static str],
    cities: &'static [City],
}

struct City {
    city: &'static str,
    region: &'static str,
    /// The city in its own script, for company names (上海华信贸易有限公司).
    native: &'static str,
    postal: &'static str,
    phone: &'static str,
    streets: &'static [&'static str],
}

const fn city(
    city: &'static str,
    region: &'static str,
    postal: &'static str,
    phone: &'static str,
    streets: &'static [&'static str],
) -> City {
    City { city, region, native: "", postal, phone, streets }
}

const WESTERN_COUNTRIES: &[Country] = &[
    Country {
        name: "United States",
        style: Style::Us,
        weight: 9,
        mobile: "+1 $##-555-01##",
        tax_id: "EIN ##-#######",
        tlds: &[".com", ".com", ".us", ".net"],
        legal: &["Inc.", "Inc.", "LLC", "Corp.", "Co.", ""],
        free_mail: &["gmail.com", "outlook.com", "yahoo.com", "icloud.com"],
        cities: &[
            city(
                "New York",
                "NY",
                "100##",
                "+1 212-555-01##",
                &["Broadway", "Madison Avenue", "Park Avenue", "Water Street"],
            ),
            city(
                "Los Angeles",
                "CA",
                "900##",
                "+1 213-555-01##",
                &["Wilshire Boulevard", "Figueroa Street", "Olympic Boulevard"],
            ),
            city("Chicago", "IL", "606##", "+1 312-555-01##", &["Michigan Avenue", "LaSalle Street", "Wacker Drive"]),
            city("Houston", "TX", "770##", "+1 713-555-01##", &["Main Street", "Westheimer Road", "Louisiana Street"]),
            city("Seattle", "WA", "981##", "+1 206-555-01##", &["Pine Street", "1st Avenue", "Elliott Avenue"]),
            city(
                "Atlanta",
                "GA",
                "303##",
                "+1 404-555-01##",
                &["Peachtree Street", "Spring Street", "Marietta Street"],
            ),
            city("Dallas", "TX", "752##", "+1 214-555-01##", &["Commerce Street", "Elm Street", "Ross Avenue"]),
        ],
    },
    Country {
        name: "United Kingdom",
        style: Style::Uk,
        weight: 5,
        mobile: "+44 7700 900###",
        tax_id: "GB ### #### ##",
        tlds: &[".co.uk", ".co.uk", ".com"],
        legal: &["Ltd", "Ltd", "Limited", "PLC", ""],
        free_mail: &["gmail.com", "outlook.com", "btinternet.com", "yahoo.co.uk"],
        cities: &[
            city("London", "", "EC2A #@@", "+44 20 7946 0###", &["City Road", "Old Street", "Commercial Street"]),
            city("Manchester", "", "M1 #@@", "+44 161 496 0###", &["Deansgate", "Portland Street", "Oxford Road"]),
            city(
                "Birmingham",
                "",
                "B1 #@@",
                "+44 121 496 0###",
                &["Broad Street", "Colmore Row", "Corporation Street"],
            ),
            city("Leeds", "", "LS1 #@@", "+44 113 496 0###", &["Park Row", "Wellington Street", "The Headrow"]),
            city("Glasgow", "Scotland", "G2 #@@", "+44 141 496 0###", &["Sauchiehall Street", "Buchanan Street"]),
        ],
    },
    Country {
        name: "Singapore",
        style: Style::Sg,
        weight: 3,
        mobile: "+65 9### ####",
        tax_id: "UEN 201######@",
        tlds: &[".com.sg", ".com.sg", ".sg", ".com"],
        legal: &["Pte. Ltd.", "Pte. Ltd.", "Pte Ltd"],
        free_mail: &["gmail.com", "outlook.com", "yahoo.com.sg", "singnet.com.sg"],
        cities: &[
            city("Singapore", "", "04####", "+65 6### ####", &["Raffles Place", "Collyer Quay"]),
            city("Singapore", "", "60####", "+65 6### ####", &["Jurong West Street 42", "International Road"]),
            city("Singapore", "", "40####", "+65 6### ####", &["Ubi Avenue 1", "Ubi Road 3"]),
            city(
                "Singapore",
                "",
                "48####",
                "+65 6### ####",
                &["Changi Business Park Crescent", "Changi South Avenue 2"],
            ),
        ],
    },
    Country {
        name: "Australia",
        style: Style::Au,
        weight: 3,
        mobile: "+61 4## ### ###",
        tax_id: "ABN ## ### ### ###",
        tlds: &[".com.au"],
        legal: &["Pty Ltd", "Pty Ltd", "Pty. Ltd."],
        free_mail: &["gmail.com", "outlook.com", "bigpond.com"],
        cities: &[
            city("Sydney", "NSW", "2000", "+61 2 5550 ####", &["George Street", "Pitt Street", "Kent Street"]),
            city("Melbourne", "VIC", "3000", "+61 3 5550 ####", &["Collins Street", "Bourke Street", "Flinders Lane"]),
            city("Brisbane", "QLD", "4000", "+61 7 5550 ####", &["Queen Street", "Adelaide Street", "Eagle Street"]),
            city("Perth", "WA", "6000", "+61 8 5550 ####", &["St Georges Terrace", "Hay Street"]),
        ],
    },
    Country {
        name: "Canada",
        style: Style::Ca,
        weight: 3,
        mobile: "+1 $##-555-01##",
        tax_id: "BN #########RT0001",
        tlds: &[".ca", ".ca", ".com"],
        legal: &["Inc.", "Ltd.", "Corp.", ""],
        free_mail: &["gmail.com", "outlook.com", "rogers.com"],
        cities: &[
            city(
                "Toronto",
                "ON",
                "M5V #@#",
                "+1 416-555-01##",
                &["King Street West", "Bay Street", "Front Street West"],
            ),
            city("Vancouver", "BC", "V6B #@#", "+1 604-555-01##", &["Granville Street", "West Hastings Street"]),
            city("Montreal", "QC", "H3B #@#", "+1 514-555-01##", &["Rue Sainte-Catherine Ouest", "Rue Peel"]),
        ],
    },
];

static CHINA: Country = Country {
    name: "China",
    style: Style::Cn,
    weight: 0,
    mobile: "+86 13# #### ####",
    tax_id: "91######MA#######@",
    tlds: &[".com.cn", ".com.cn", ".cn", ".com"],
    legal: &["Co., Ltd.", "Co., Ltd.", "Trading Co., Ltd.", "Group Co., Ltd."],
    free_mail: &["qq.com", "163.com", "126.com", "gmail.com"],
    cities: &[
        City {
            city: "Shanghai",
            region: "Shanghai",
            native: "上海",
            postal: "200###",
            phone: "+86 21 ####-####",
            streets: &["Nanjing West Road", "Century Avenue", "Huaihai Middle Road", "Zhangjiang Road"],
        },
        City {
            city: "Shenzhen",
            region: "Guangdong",
            native: "深圳",
            postal: "518###",
            phone: "+86 755 ####-####",
            streets: &["Shennan Boulevard", "Binhe Avenue", "Keyuan Road"],
        },
        City {
            city: "Guangzhou",
            region: "Guangdong",
            native: "广州",
            postal: "510###",
            phone: "+86 20 ####-####",
            streets: &["Tianhe Road", "Huangpu Avenue", "Zhujiang East Road"],
        },
        City {
            city: "Beijing",
            region: "Beijing",
            native: "北京",
            postal: "100###",
            phone: "+86 10 ####-####",
            streets: &["Jianguo Road", "Chaoyang North Road", "Zhongguancun Street"],
        },
        City {
            city: "Qingdao",
            region: "Shandong",
            native: "青岛",
            postal: "266###",
            phone: "+86 532 ####-####",
            streets: &["Hong Kong Middle Road", "Shandong Road"],
        },
        City {
            city: "Suzhou",
            region: "Jiangsu",
            native: "苏州",
            postal: "215###",
            phone: "+86 512 ####-####",
            streets: &["Xinghu Street", "Suzhou Avenue East"],
        },
        City {
            city: "Ningbo",
            region: "Zhejiang",
            native: "宁波",
            postal: "315###",
            phone: "+86 574 ####-####",
            streets: &["Zhongshan East Road", "Tiantong South Road"],
        },
    ],
};

static JAPAN: Country = Country {
    name: "Japan",
    style: Style::Jp,
    weight: 0,
    mobile: "+81 90-####-####",
    tax_id: "T#############",
    tlds: &[".co.jp", ".co.jp", ".jp", ".com"],
    legal: &["Co., Ltd.", "Co., Ltd.", "Corporation", "Inc."],
    free_mail: &["gmail.com", "yahoo.co.jp", "docomo.ne.jp", "outlook.jp"],
    cities: &[
        city("Minato-ku", "Tokyo", "105-00##", "+81 3-####-####", &["Shiba", "Shibakoen", "Toranomon"]),
        city("Chiyoda-ku", "Tokyo", "100-00##", "+81 3-####-####", &["Marunouchi", "Otemachi", "Kanda"]),
        city("Kita-ku, Osaka", "Osaka", "530-00##", "+81 6-####-####", &["Umeda", "Dojima", "Tenjinbashi"]),
        city("Naka-ku, Nagoya", "Aichi", "460-00##", "+81 52-###-####", &["Sakae", "Nishiki", "Marunouchi"]),
        city("Nishi-ku, Yokohama", "Kanagawa", "220-00##", "+81 45-###-####", &["Minatomirai", "Takashima"]),
        city("Hakata-ku, Fukuoka", "Fukuoka", "812-00##", "+81 92-###-####", &["Hakataekimae", "Gion-machi"]),
    ],
};

// -------------------------------------------------------------------- tests

/// The rule the sample book starts with, as an owner would set it: every Friday at 09:00, the
/// customers whose sales this week (totals with tax, as alerts sum them) are over 5,000, raised
/// to the owner.
pub fn sample_alert_rule() -> super::alerts::Rule {
    use super::alerts::{Comparison, Measure, Period, Recipient, Rule, Schedule, Scope};
    Rule {
        id: None,
        name: "Big buyers this week".into(),
        measure: Measure::Sales,
        comparison: Comparison::Greater,
        threshold: Decimal::from(5_000),
        period: Period::ThisWeek,
        scope: Scope { active_only: true, ..Scope::default() },
        schedule: Schedule::Weekly {
            days: vec![chrono::Weekday::Fri],
            at: chrono::NaiveTime::MIN + chrono::Duration::hours(9),
        },
        recipients: vec![Recipient { name: String::new(), role: "Owner".into(), email: String::new() }],
        enabled: true,
        notify_when_empty: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::custom_field::validate_key;
    use std::collections::HashSet;

    fn is_hangul(c: char) -> bool {
        ('\u{AC00}'..='\u{D7A3}').contains(&c)
    }

    #[test]
    fn same_seed_and_index_give_the_same_customer() {
        let a = Generator::new(42);
        let b = Generator::new(42);
        for n in [0, 1, 2, 17, 999, 123_456, u64::MAX] {
            assert_eq!(a.customer(n), b.customer(n), "customer {n}");
        }
        // Independent of the order in which indices are generated.
        let forward: Vec<Customer> = (0..50).map(|n| a.customer(n)).collect();
        let backward: Vec<Customer> = (0..50).rev().map(|n| b.customer(n)).collect();
        assert!(forward.iter().eq(backward.iter().rev()));
    }

    #[test]
    fn different_seeds_give_different_books() {
        let (a, b) = (Generator::new(1), Generator::new(2));
        let same = (0..100).filter(|&n| a.customer(n) == b.customer(n)).count();
        assert_eq!(same, 0);
        let names_a: Vec<String> = (0..100).map(|n| a.customer(n).name).collect();
        let names_b: Vec<String> = (0..100).map(|n| b.customer(n).name).collect();
        assert_ne!(names_a, names_b);
        // Neighbouring indices are not copies of each other either.
        assert_ne!(a.customer(0).name, a.customer(1).name);
    }

    #[test]
    fn codes() {
        assert_eq!(sample_code(0), "C000001");
        assert_eq!(sample_code(1), "C000002");
        assert_eq!(sample_code(999_998), "C999999");
        assert_eq!(sample_code(999_999), "C1000000");
        assert_eq!(sample_code(u64::MAX), "C18446744073709551616");
        let generator = Generator::new(7);
        for n in [0, 5, 41_999] {
            assert_eq!(generator.customer(n).code, sample_code(n));
        }
    }

    #[test]
    fn schema_is_well_formed() {
        let schema = sample_schema();
        assert_eq!(schema, sample_schema());
        for (i, def) in schema.fields.iter().enumerate() {
            assert_eq!(def.id, 0);
            assert_eq!(def.position, i as i64);
            assert!(validate_key(&def.key).is_ok(), "{}", def.key);
            assert!(def.validate().is_ok(), "{def:?}");
        }
        let types: Vec<FieldType> = schema.fields.iter().map(|d| d.field_type).collect();
        for wanted in FieldType::ALL {
            assert!(types.contains(&wanted), "no {wanted:?} field");
        }
        let axes: Vec<&str> = schema.axes.iter().map(|(name, _)| name.as_str()).collect();
        assert_eq!(axes, ["Region", "Channel", "Trade"]);
        assert_eq!(schema.axes[2].1, ["Sales", "Purchase", "Sales & purchase"]);
        for region in KO_REGIONS {
            assert!(REGIONS.contains(&region.group), "{}", region.group);
        }
        assert!(!schema.staff.is_empty());
    }

    #[test]
    fn the_first_2000_customers_are_valid_and_consistent() {
        let schema = sample_schema();
        let generator = Generator::new(2024);
        for n in 0..2_000 {
            let c = generator.customer(n);
            let errors = c.validate(&schema.fields);
            assert!(errors.is_empty(), "customer {n} {c:#?}: {errors:?}");

            // One value on every axis, each one of that axis' values.
            assert_eq!(c.groups.len(), schema.axes.len(), "{n}");
            for (axis, values) in &schema.axes {
                let value = c.groups.get(axis).unwrap_or_else(|| panic!("{n} has no {axis}"));
                assert!(values.contains(value), "{n}: {axis}={value}");
            }
            let trade = match c.role {
                Role::Customer => "Sales",
                Role::Vendor => "Purchase",
                Role::Both => "Sales & purchase",
            };
            assert_eq!(c.groups["Trade"], trade);

            // Contacts: none, or exactly one primary.
            assert!(c.contacts.len() <= 3);
            if !c.contacts.is_empty() {
                assert_eq!(c.contacts.iter().filter(|x| x.primary).count(), 1, "{n}");
            }

            // Fields a clerk would fill in the same way.
            assert!(c.person_in_charge.is_empty() || schema.staff.contains(&c.person_in_charge));
            assert!(["", "Retail", "Wholesale", "Online"].contains(&c.price_level.as_str()));
            if let Some(rate) = c.discount_rate {
                assert!(rate > Decimal::ZERO && rate <= Decimal::from(15) && rate.scale() <= 2, "{rate}");
            }
            if let Some(limit) = c.credit_limit {
                assert!(limit > Decimal::ZERO && limit % Decimal::from(1000) == Decimal::ZERO, "{limit}");
            }
            assert!(c.age_limit_days.is_none_or(|d| [30, 45, 60, 90].contains(&d)));
            assert!(c.payment_terms_days.is_none_or(|d| [0, 15, 30, 60].contains(&d)));
            if c.credit_limit.is_none() && c.age_limit_days.is_none() {
                assert_eq!(c.on_exceed, None);
            }
            assert!(c.email.is_ascii() && c.website.is_ascii(), "{n}: {} {}", c.email, c.website);
            for (key, value) in &c.custom {
                let def = schema.fields.iter().find(|d| &d.key == key).unwrap();
                let matches_type = matches!(
                    (def.field_type, value),
                    (FieldType::Choice | FieldType::Text, FieldValue::Text(_))
                        | (FieldType::Date, FieldValue::Date(_))
                        | (FieldType::Number, FieldValue::Number(_))
                        | (FieldType::Decimal, FieldValue::Decimal(_))
                        | (FieldType::Bool, FieldValue::Bool(_))
                );
                assert!(matches_type, "{n}: {key} = {value:?}");
            }
        }
    }

    #[test]
    fn korean_business_numbers_have_a_valid_check_digit() {
        let generator = Generator::new(3);
        let mut checked = 0;
        for n in 0..2_000 {
            let c = generator.customer(n);
            let digits: Vec<u64> = c.tax_id.chars().filter_map(|ch| ch.to_digit(10)).map(u64::from).collect();
            let shape = c.tax_id.len() == 12 && c.tax_id.as_bytes()[3] == b'-' && c.tax_id.as_bytes()[6] == b'-';
            if !shape || digits.len() != 10 {
                continue;
            }
            let array: [u64; 10] = digits.try_into().unwrap();
            assert_eq!(korean_check_digit(&array), array[9], "{}", c.tax_id);
            let kind = array[3] * 10 + array[4];
            match c.entity_type {
                EntityType::Company => assert!(kind >= 81, "{}", c.tax_id),
                EntityType::Individual => assert!((1..=79).contains(&kind), "{}", c.tax_id),
            }
            checked += 1;
        }
        assert!(checked > 500, "only {checked} Korean business numbers");
        // Worked by hand: 2+6+0+8+3+42+2+15+5 = 83, plus 1*5/10 = 0, so (10 - 3) % 10 = 7.
        assert_eq!(korean_check_digit(&[2, 2, 0, 8, 1, 6, 2, 5, 1, 0]), 7);
    }

    #[test]
    fn a_thousand_customers_look_like_a_real_book() {
        let generator = Generator::new(99);
        let book: Vec<Customer> = (0..1_000).map(|n| generator.customer(n)).collect();
        let count = |f: &dyn Fn(&Customer) -> bool| book.iter().filter(|c| f(c)).count();

        let individuals = count(&|c| c.entity_type == EntityType::Individual);
        let vendors = count(&|c| c.role == Role::Vendor);
        let both = count(&|c| c.role == Role::Both);
        let inactive = count(&|c| !c.active);
        let hangul = count(&|c| c.name.chars().any(is_hangul));
        let latin = count(&|c| c.name.chars().next().is_some_and(|ch| ch.is_ascii_alphabetic()));
        let cjk = count(&|c| c.name.chars().any(|ch| ('\u{4E00}'..='\u{9FFF}').contains(&ch)));
        let corporate_prefix = count(&|c| c.name.starts_with("(주)"));
        let with_contacts = count(&|c| !c.contacts.is_empty());
        let no_tax_id = count(&|c| c.tax_id.is_empty());
        let shipping = count(&|c| !c.shipping_address.is_empty());
        let overseas = count(&|c| c.groups["Region"] == "Overseas");
        let seoul = count(&|c| c.groups["Region"] == "Seoul");

        assert!((200..400).contains(&individuals), "{individuals} individuals");
        assert!((130..270).contains(&vendors), "{vendors} vendors");
        assert!((50..160).contains(&both), "{both} both");
        assert!((10..100).contains(&inactive), "{inactive} inactive");
        assert!(hangul > 300, "{hangul} Hangul names");
        assert!(latin > 300, "{latin} Latin names");
        assert!(cjk > 40, "{cjk} Chinese/Japanese names");
        assert!(corporate_prefix > 30, "{corporate_prefix} (주) names");
        assert!(with_contacts > 400, "{with_contacts} with contacts");
        assert!(no_tax_id > 50, "{no_tax_id} without a tax ID");
        assert!(shipping > 50, "{shipping} with a shipping address");
        assert!((250..450).contains(&overseas), "{overseas} overseas");
        assert!(seoul > 100, "{seoul} in Seoul");
        for value in CHANNELS {
            assert!(book.iter().any(|c| c.groups["Channel"] == *value), "no {value}");
        }
        for key in [F_INDUSTRY, F_RENEWAL, F_EMPLOYEES, F_REVENUE, F_KEY_ACCOUNT, F_DRIVER_NOTES] {
            assert!(book.iter().any(|c| c.custom.contains_key(key)), "no {key}");
        }
        assert!(book.iter().any(|c| c.discount_rate.is_some_and(|r| r.scale() == 2)));
        assert!(book.iter().any(|c| c.on_exceed == Some(OnExceed::Block)));
    }

    #[test]
    fn the_name_space_is_large() {
        let generator = Generator::new(5);
        let names: HashSet<String> = (0..20_000).map(|n| generator.customer(n).name).collect();
        assert!(names.len() > 14_000, "only {} distinct names in 20,000", names.len());
    }

    #[test]
    fn email_and_website_follow_the_company_name() {
        let generator = Generator::new(11);
        let mut checked = 0;
        for n in 0..2_000 {
            let c = generator.customer(n);
            if c.website.is_empty() {
                continue;
            }
            assert_eq!(c.entity_type, EntityType::Company);
            let domain = c.website.trim_start_matches("https://").trim_start_matches("www.");
            if let Some((_, email_domain)) = c.email.split_once('@') {
                assert_eq!(email_domain, domain, "{n}");
            }
            for contact in c.contacts.iter().filter(|x| x.email.contains(domain)) {
                assert!(contact.email.ends_with(&format!("@{domain}")), "{n}: {}", contact.email);
            }
            // English names: the domain starts with the first word ("Blue Harbor Foods" -> blueharbor...).
            let first: String = c.name.split(' ').next().unwrap().to_ascii_lowercase();
            if c.name.is_ascii() && !c.billing_address.is_empty() && c.billing_address.country != "China" {
                assert!(domain.starts_with(&first), "{n}: {} / {domain}", c.name);
                checked += 1;
            }
            // Hangul names: the romanised core ("(주)한빛상사" -> hanbit...).
            if let Some((ko, roman)) = KO_CORES.iter().find(|(ko, _)| c.name.contains(ko))
                && !c.name.is_ascii()
                && c.billing_address.country == "대한민국"
                && !KO_CORES.iter().any(|(other, _)| other != ko && c.name.contains(other))
            {
                assert!(domain.starts_with(&roman.to_ascii_lowercase()), "{n}: {} / {domain}", c.name);
            }
        }
        assert!(checked > 100, "{checked}");
    }
}
