//! Table-driven cases of the price rule, and a property test against a brute-force reading of it.

use super::*;
use crate::domain::terms::Source;
use proptest::prelude::*;
use rstest::rstest;
use rust_decimal_macros::dec;

fn day(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, d).unwrap()
}

fn special(
    id: i64,
    price: Decimal,
    min: Option<Decimal>,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> SpecialPrice {
    SpecialPrice { id, price, min_quantity: min, valid_from: from, valid_to: to }
}

fn inputs(specials: Vec<SpecialPrice>, level_price: Option<Decimal>) -> PriceInputs {
    PriceInputs {
        side: PriceSide::Sales,
        currency: crate::domain::money::Currency::default(),
        standard_price: dec!(100),
        level: Some(Sourced {
            value: "Wholesale".into(),
            source: Source::Group { axis: "Channel".into(), value: "Dealers".into() },
        }),
        level_price,
        level_unknown: false,
        specials,
        discount_pct: None,
        last: None,
    }
}

fn query(quantity: Decimal, date: NaiveDate) -> PriceQuery {
    PriceQuery { quantity, date, discount_override: None, use_last: false }
}

#[rstest]
#[case::standard_when_nothing_else(vec![], None, dec!(1), dec!(100), PriceSource::Standard)]
#[case::level_price(vec![], Some(dec!(90)), dec!(1), dec!(90), PriceSource::Level)]
#[case::special_beats_level(vec![special(1, dec!(80), None, None, None)], Some(dec!(90)), dec!(1), dec!(80), PriceSource::Special)]
#[case::quantity_not_met_falls_to_level(vec![special(1, dec!(70), Some(dec!(10)), None, None)], Some(dec!(90)), dec!(9), dec!(90), PriceSource::Level)]
#[case::quantity_met_exactly(vec![special(1, dec!(70), Some(dec!(10)), None, None)], Some(dec!(90)), dec!(10), dec!(70), PriceSource::Special)]
#[case::expired_special(vec![special(1, dec!(70), None, Some(day(1, 1)), Some(day(5, 31)))], None, dec!(1), dec!(100), PriceSource::Standard)]
#[case::future_special(vec![special(1, dec!(70), None, Some(day(7, 1)), None)], None, dec!(1), dec!(100), PriceSource::Standard)]
#[case::valid_on_its_last_day(vec![special(1, dec!(70), None, Some(day(6, 1)), Some(day(6, 15)))], None, dec!(1), dec!(70), PriceSource::Special)]
#[case::higher_quantity_break_wins(vec![special(1, dec!(80), Some(dec!(5)), None, None), special(2, dec!(75), Some(dec!(20)), None, None)], None, dec!(25), dec!(75), PriceSource::Special)]
#[case::dated_beats_open(vec![special(1, dec!(80), None, None, None), special(2, dec!(85), None, Some(day(6, 1)), Some(day(6, 30)))], None, dec!(1), dec!(85), PriceSource::Special)]
#[case::shorter_period_wins(vec![special(1, dec!(80), None, Some(day(1, 1)), Some(day(12, 31))), special(2, dec!(85), None, Some(day(6, 10)), Some(day(6, 20)))], None, dec!(1), dec!(85), PriceSource::Special)]
#[case::tie_goes_to_the_newest(vec![special(7, dec!(80), None, None, None), special(3, dec!(60), None, None, None)], None, dec!(1), dec!(80), PriceSource::Special)]
fn resolution_cases(
    #[case] specials: Vec<SpecialPrice>,
    #[case] level_price: Option<Decimal>,
    #[case] quantity: Decimal,
    #[case] price: Decimal,
    #[case] source: PriceSource,
) {
    let resolved = resolve_price(&inputs(specials, level_price), &query(quantity, day(6, 15)));
    assert_eq!((resolved.unit_price, resolved.source), (price, source), "{:#?}", resolved.trace);
    let used = resolved.trace.iter().filter(|s| s.outcome == StepOutcome::Used).count();
    assert_eq!(used, 1, "exactly one step gives the price: {:#?}", resolved.trace);
}

#[test]
fn the_customers_discount_applies_unless_the_line_overrides_it() {
    let mut with_discount = inputs(vec![], Some(dec!(90)));
    with_discount.discount_pct = Some(Sourced { value: dec!(5), source: Source::Customer });
    let resolved = resolve_price(&with_discount, &query(dec!(1), day(6, 1)));
    assert_eq!((resolved.discount_pct, resolved.net_unit_price), (dec!(5), dec!(85.5)));
    assert!(resolved.trace.iter().any(|s| s.step == "Discount 5% (set on the customer)"), "{:#?}", resolved.trace);
    assert!(resolved.trace.last().unwrap().step.contains("$90.00 × (1 − 5%) = $85.50"));

    let typed = PriceQuery { discount_override: Some(dec!(0)), ..query(dec!(1), day(6, 1)) };
    assert_eq!(resolve_price(&with_discount, &typed).net_unit_price, dec!(90));
}

#[test]
fn the_last_price_is_offered_and_used_only_when_asked() {
    let mut with_last = inputs(vec![], None);
    with_last.last = Some(LastPrice { price: dec!(95), date: day(3, 2), number: "S-2026-000009".into() });
    let offered = resolve_price(&with_last, &query(dec!(1), day(6, 1)));
    assert_eq!((offered.unit_price, offered.source), (dec!(100), PriceSource::Standard));
    let asked = resolve_price(&with_last, &PriceQuery { use_last: true, ..query(dec!(1), day(6, 1)) });
    assert_eq!((asked.unit_price, asked.source), (dec!(95), PriceSource::Last));
}

#[test]
fn purchases_ignore_levels_and_the_customers_discount() {
    let mut purchase = inputs(vec![], Some(dec!(90)));
    purchase.side = PriceSide::Purchase;
    purchase.standard_price = dec!(60);
    purchase.discount_pct = Some(Sourced { value: dec!(5), source: Source::Customer });
    let resolved = resolve_price(&purchase, &query(dec!(1), day(6, 1)));
    assert_eq!(
        (resolved.unit_price, resolved.discount_pct, resolved.source),
        (dec!(60), dec!(0), PriceSource::Standard)
    );
}

#[test]
fn the_trace_says_why_each_special_price_was_rejected() {
    let specials = vec![
        special(1, dec!(70), Some(dec!(10)), None, None),
        special(2, dec!(75), None, None, Some(day(1, 31))),
        special(3, dec!(80), None, None, None),
    ];
    let resolved = resolve_price(&inputs(specials, None), &query(dec!(2), day(6, 1)));
    let reasons: Vec<(&str, StepOutcome)> =
        resolved.trace.iter().take(3).map(|s| (s.reason.as_str(), s.outcome)).collect();
    assert_eq!(
        reasons,
        [
            ("quantity 2 is under the minimum 10", StepOutcome::Rejected),
            ("ended on 2026-01-31", StepOutcome::Rejected),
            ("valid and the most specific", StepOutcome::Used),
        ]
    );
    assert_eq!(resolved.special_id, Some(3));
}

/// A brute-force reading of the rule: a valid special price no other valid one beats on any
/// criterion, compared one criterion at a time as the module header lists them.
fn reference(specials: &[SpecialPrice], quantity: Decimal, date: NaiveDate) -> Option<i64> {
    let valid: Vec<&SpecialPrice> = specials
        .iter()
        .filter(|s| {
            s.valid_from.is_none_or(|f| f <= date)
                && s.valid_to.is_none_or(|t| date <= t)
                && s.min_quantity.is_none_or(|m| quantity >= m)
        })
        .collect();
    let beats = |a: &SpecialPrice, b: &SpecialPrice| -> bool {
        let min_a = a.min_quantity.unwrap_or_default();
        let min_b = b.min_quantity.unwrap_or_default();
        if min_a != min_b {
            return min_a > min_b;
        }
        let ends = |s: &SpecialPrice| [s.valid_from.is_some(), s.valid_to.is_some()].iter().filter(|x| **x).count();
        if ends(a) != ends(b) {
            return ends(a) > ends(b);
        }
        if let (Some(fa), Some(ta), Some(fb), Some(tb)) = (a.valid_from, a.valid_to, b.valid_from, b.valid_to)
            && (ta - fa) != (tb - fb)
        {
            return (ta - fa) < (tb - fb);
        }
        if a.valid_from != b.valid_from {
            return a.valid_from > b.valid_from;
        }
        a.id > b.id
    };
    valid.iter().find(|a| valid.iter().all(|b| a.id == b.id || beats(a, b))).map(|s| s.id)
}

fn arbitrary_special() -> impl Strategy<Value = (Option<u8>, Option<u8>, Option<u8>, u16)> {
    // Few distinct minimums and wide date ranges, so ties on the first criteria (which leave
    // the later ones to decide) are common.
    let min = proptest::option::of(prop_oneof![Just(5u8), Just(10u8)]);
    (min, proptest::option::of(0u8..20), proptest::option::of(10u8..60), 1u16..500)
}

proptest! {
    #[test]
    fn the_resolver_picks_what_the_brute_force_reading_picks(
        raw in proptest::collection::vec(arbitrary_special(), 0..8),
        quantity in 1u8..40,
        on in 0u8..60,
        level in proptest::option::of(1u16..500),
    ) {
        let start = day(1, 1);
        let specials: Vec<SpecialPrice> = raw
            .iter()
            .enumerate()
            .map(|(i, (min, from, length, price))| {
                let from = from.map(|d| start + chrono::Days::new(u64::from(d)));
                let to = length.map(|l| from.unwrap_or(start) + chrono::Days::new(u64::from(l)));
                special(i as i64 + 1, Decimal::from(*price), min.map(Decimal::from), from, to)
            })
            .collect();
        let date = start + chrono::Days::new(u64::from(on));
        let quantity = Decimal::from(quantity);
        let resolved = resolve_price(&inputs(specials.clone(), level.map(Decimal::from)), &query(quantity, date));
        let expected = reference(&specials, quantity, date);
        prop_assert_eq!(resolved.special_id, expected);
        let expected_price = match (expected, level) {
            (Some(id), _) => specials[id as usize - 1].price,
            (None, Some(level)) => Decimal::from(level),
            (None, None) => dec!(100),
        };
        prop_assert_eq!(resolved.unit_price, expected_price);
    }
}

#[test]
fn a_level_the_book_does_not_have_is_named_in_the_trace() {
    let mut unknown = inputs(vec![], None);
    unknown.level_unknown = true;
    let resolved = resolve_price(&unknown, &query(dec!(1), day(6, 1)));
    assert_eq!(resolved.source, PriceSource::Standard);
    assert!(
        resolved.trace.iter().any(|s| s.reason.starts_with("there is no price level by this name")),
        "{:#?}",
        resolved.trace
    );
}

#[rstest]
#[case::special(vec![special(12, dec!(80), None, None, None)], Some(dec!(90)), false, "Special price #12")]
#[case::level(vec![], Some(dec!(90)), false, "Level Wholesale (from group Channel=Dealers)")]
#[case::standard(vec![], None, false, "Standard price")]
#[case::last_over_a_level(vec![], Some(dec!(90)), true, "Last price")]
fn a_kept_basis_names_the_step_that_gave_the_price(
    #[case] specials: Vec<SpecialPrice>,
    #[case] level_price: Option<Decimal>,
    #[case] use_last: bool,
    #[case] headline: &str,
) {
    let mut inputs = inputs(specials, level_price);
    inputs.last = Some(LastPrice { price: dec!(95), date: day(5, 2), number: "S-2026-000007".into() });
    let resolved = resolve_price(&inputs, &PriceQuery { use_last, ..query(dec!(1), day(6, 15)) });
    let basis = resolved.basis();
    assert_eq!((basis.source, basis.trace.len()), (resolved.source, resolved.trace.len()));
    assert_eq!(basis.headline(), headline);
}
