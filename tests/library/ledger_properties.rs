//! Property tests of the pure ledger rules: allocation against a cent-by-cent model, ageing, balances and line rounding.

use chrono::NaiveDate;
use clientele::domain::ledger::{AgeingEdges, Balance, Invoice, LedgerEntry, Settlement, age, allocate, run_balances};
use clientele::domain::voucher::{Rounding, Voucher, VoucherKind, VoucherLine};
use proptest::prelude::*;
use proptest::sample::Index;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

fn day(offset: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + chrono::Days::new(u64::from(offset))
}

fn cents(amount: i64) -> Decimal {
    Decimal::new(amount, 2)
}

/// An invoice or settlement with whole-day dates and whole-cent amounts, so the model can count.
#[derive(Debug, Clone)]
struct RawInvoice {
    id: i64,
    date: u32,
    due: u32,
    cents: i64,
}

#[derive(Debug, Clone)]
struct RawSettlement {
    id: i64,
    date: u32,
    cents: i64,
    applies_to: Option<i64>,
}

#[derive(Debug, Clone)]
struct History {
    invoices: Vec<RawInvoice>,
    settlements: Vec<RawSettlement>,
}

impl History {
    fn as_of(&self, as_of: u32) -> History {
        History {
            invoices: self.invoices.iter().filter(|i| i.date <= as_of).cloned().collect(),
            settlements: self.settlements.iter().filter(|s| s.date <= as_of).cloned().collect(),
        }
    }

    fn invoices(&self) -> Vec<Invoice> {
        let to = |i: &RawInvoice| Invoice {
            id: i.id,
            number: format!("S{}", i.id),
            date: day(i.date),
            due: day(i.due),
            amount: cents(i.cents),
        };
        self.invoices.iter().map(to).collect()
    }

    fn settlements(&self) -> Vec<Settlement> {
        let to = |s: &RawSettlement| Settlement {
            id: s.id,
            date: day(s.date),
            amount: cents(s.cents),
            applies_to: s.applies_to,
        };
        self.settlements.iter().map(to).collect()
    }
}

/// Small date ranges so that equal dates (and ties broken by entry order) are common.
fn history() -> impl Strategy<Value = History> {
    let invoices = prop::collection::vec((0u32..60, 0u32..60, 1i64..=100_000), 0..12);
    // Target: 0 = none, 1 = an existing invoice (picked by the index), 2 = an id nobody has.
    let settlements = prop::collection::vec((0u32..90, 1i64..=100_000, 0u8..3, any::<Index>()), 0..12);
    (invoices, settlements).prop_map(|(invoices, settlements)| {
        let invoices: Vec<RawInvoice> = invoices
            .into_iter()
            .enumerate()
            .map(|(i, (date, terms, cents))| RawInvoice { id: i as i64 + 1, date, due: date + terms, cents })
            .collect();
        let settlements = settlements
            .into_iter()
            .enumerate()
            .map(|(i, (date, cents, target, pick))| {
                let applies_to = match target {
                    0 => None,
                    1 if !invoices.is_empty() => Some(invoices[pick.index(invoices.len())].id),
                    _ => Some(1_000 + i as i64),
                };
                RawSettlement { id: 100 + i as i64, date, cents, applies_to }
            })
            .collect();
        History { invoices, settlements }
    })
}

/// The reference model: open cents per invoice in payment order, and the cents left unapplied.
fn reference(history: &History) -> (Vec<(RawInvoice, i64)>, i64) {
    let mut open: Vec<(RawInvoice, i64)> = history.invoices.iter().map(|i| (i.clone(), i.cents)).collect();
    open.sort_by_key(|(i, _)| (i.due, i.date, i.id));
    let mut named: Vec<&RawSettlement> = history.settlements.iter().filter(|s| s.applies_to.is_some()).collect();
    named.sort_by_key(|s| (s.date, s.id));
    let mut pool: i64 = history.settlements.iter().filter(|s| s.applies_to.is_none()).map(|s| s.cents).sum();
    for settlement in named {
        let mut left = settlement.cents;
        if let Some((_, open)) = open.iter_mut().find(|(i, _)| Some(i.id) == settlement.applies_to) {
            while left > 0 && *open > 0 {
                left -= 1;
                *open -= 1;
            }
        }
        pool += left;
    }
    for (_, open) in open.iter_mut() {
        while pool > 0 && *open > 0 {
            pool -= 1;
            *open -= 1;
        }
    }
    (open, pool)
}

fn sale_line(quantity: Decimal, unit_price: Decimal, discount_pct: Decimal, tax_rate: Decimal) -> VoucherLine {
    VoucherLine {
        item_id: 1,
        item_code: "A".into(),
        item_name: "Widget".into(),
        unit: String::new(),
        quantity,
        unit_price,
        discount_pct,
        tax_rate,
        price_basis: None,
    }
}

/// One voucher's effect on the account: kind, amount, opening payable and whether it is voided.
#[derive(Debug, Clone)]
struct Effect {
    kind: VoucherKind,
    amount: Decimal,
    payable: Decimal,
    voided: bool,
}

impl Effect {
    fn voucher(&self) -> Voucher {
        let mut voucher = Voucher::new(self.kind, 1, day(0));
        if self.kind.has_lines() {
            voucher.lines = vec![sale_line(dec!(1), self.amount, dec!(0), dec!(0))];
        } else {
            voucher.amount = self.amount;
            voucher.payable_amount = self.payable;
        }
        voucher
    }
}

fn effects() -> impl Strategy<Value = (Vec<Effect>, Vec<Effect>)> {
    let effect = (prop::sample::select(VoucherKind::ALL), 0i64..=10_000_000, 0i64..=10_000_000, any::<bool>())
        .prop_map(|(kind, amount, payable, voided)| Effect {
            kind,
            amount: cents(amount),
            payable: if kind == VoucherKind::Opening { cents(payable) } else { Decimal::ZERO },
            voided,
        });
    prop::collection::vec(effect, 0..20).prop_flat_map(|effects| (Just(effects.clone()), Just(effects).prop_shuffle()))
}

fn post_all<'a>(effects: impl Iterator<Item = &'a Effect>) -> Balance {
    let mut balance = Balance::default();
    for effect in effects {
        balance.post(effect.kind, effect.amount, effect.payable);
    }
    balance
}

fn has_at_most_decimals(value: Decimal, decimals: u32) -> bool {
    value.round_dp(decimals) == value && value.scale() <= decimals
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn allocation_matches_a_cent_by_cent_reference_model(history in history()) {
        let allocation = allocate(&history.invoices(), &history.settlements());
        let (expected, unapplied) = reference(&history);
        let got: Vec<(i64, Decimal, Decimal)> = allocation.invoices.iter().map(|i| (i.id, i.amount, i.open)).collect();
        let want: Vec<(i64, Decimal, Decimal)> =
            expected.iter().map(|(i, open)| (i.id, cents(i.cents), cents(*open))).collect();
        prop_assert_eq!(got, want, "invoices in due order with their open amounts");
        prop_assert_eq!(allocation.unapplied, cents(unapplied));
    }

    #[test]
    fn ageing_total_equals_balance(history in history(), as_of in 0u32..150) {
        let ageing = age(&history.invoices(), &history.settlements(), day(as_of), AgeingEdges::default());
        let seen = history.as_of(as_of);
        let invoiced: i64 = seen.invoices.iter().map(|i| i.cents).sum();
        let settled: i64 = seen.settlements.iter().map(|s| s.cents).sum();
        prop_assert_eq!(ageing.total, cents(invoiced - settled));

        let (open, unapplied) = reference(&seen);
        prop_assert_eq!(ageing.unapplied, cents(unapplied));
        prop_assert_eq!(ageing.not_due + ageing.overdue_total(), cents(open.iter().map(|(_, o)| o).sum()));
        prop_assert!(ageing.not_due >= Decimal::ZERO && ageing.overdue.iter().all(|b| *b >= Decimal::ZERO), "{:?}", ageing);

        let oldest = open.iter().filter(|(i, o)| *o > 0 && i.due < as_of).map(|(i, _)| i64::from(as_of - i.due)).max();
        prop_assert_eq!(ageing.oldest_overdue_days, oldest);
        prop_assert_eq!(ageing.oldest_overdue_days.is_some(), ageing.overdue.iter().any(|b| !b.is_zero()));
        prop_assert!(ageing.oldest_overdue_days.is_none_or(|d| d >= 1));
    }

    #[test]
    fn ageing_buckets_respect_custom_edges(
        first in 1u32..100, gaps in (1u32..100, 1u32..100), amount in 1i64..=100_000,
        near in (0usize..4, -1i64..=1), anywhere in -30i64..400,
    ) {
        let edges = [first, first + gaps.0, first + gaps.0 + gaps.1];
        // Half the time a day next to an edge, where an off-by-one would show.
        let late = if near.0 < 3 { i64::from(edges[near.0]) + near.1 } else { anywhere };
        let due = 400;
        let invoice = RawInvoice { id: 1, date: 0, due, cents: amount };
        let history = History { invoices: vec![invoice], settlements: Vec::new() };
        let as_of = u32::try_from(i64::from(due) + late).unwrap();
        let ageing = age(&history.invoices(), &[], day(as_of), AgeingEdges::new(edges).unwrap());

        let mut expected = (Decimal::ZERO, [Decimal::ZERO; 4]);
        if late <= 0 {
            expected.0 = cents(amount);
        } else {
            let [a, b, c] = edges.map(i64::from);
            let bucket = if late <= a { 0 } else if late <= b { 1 } else if late <= c { 2 } else { 3 };
            expected.1[bucket] = cents(amount);
        }
        prop_assert_eq!((ageing.not_due, ageing.overdue), expected, "{} days late with edges {:?}", late, edges);
        prop_assert_eq!(ageing.oldest_overdue_days, (late > 0).then_some(late));
    }

    #[test]
    fn ageing_edges_accept_only_strictly_rising(edges in prop::array::uniform3(0u32..10)) {
        let rising = edges[0] >= 1 && edges[0] < edges[1] && edges[1] < edges[2];
        prop_assert_eq!(AgeingEdges::new(edges).is_ok(), rising, "{:?}", edges);
    }

    #[test]
    fn balance_is_debits_less_credits_in_any_order((effects, shuffled) in effects()) {
        let balance = post_all(effects.iter());
        prop_assert_eq!(post_all(shuffled.iter()), balance);
        prop_assert_eq!(post_all(effects.iter().rev()), balance);

        let rounding = Rounding::default();
        let sides: Vec<(Decimal, Decimal)> = effects.iter().map(|e| e.voucher().debit_credit(rounding)).collect();
        let net: Decimal = sides.iter().map(|(debit, credit)| debit - credit).sum();
        prop_assert_eq!(balance.net(), net);

        let mut entries: Vec<LedgerEntry> = effects
            .iter()
            .zip(&sides)
            .enumerate()
            .map(|(i, (effect, &(debit, credit)))| LedgerEntry {
                voucher_id: i64::try_from(i).unwrap(),
                date: day(0),
                kind: effect.kind,
                number: format!("V{i}"),
                memo: String::new(),
                debit,
                credit,
                balance: Decimal::ZERO,
                voided: effect.voided,
            })
            .collect();
        let live: Decimal = effects.iter().zip(&sides).filter(|(e, _)| !e.voided).map(|(_, (d, c))| d - c).sum();
        let end = run_balances(&mut entries, dec!(0));
        prop_assert_eq!(end, live);
        prop_assert_eq!(entries.last().map_or(Decimal::ZERO, |e| e.balance), live);
    }

    #[test]
    fn line_totals_add_up(
        lines in prop::collection::vec((100i64..=100_000, 0i64..=100_000_000, 0i64..=10_000, 0i64..=3_000), 1..10),
    ) {
        let rounding = Rounding::default();
        let mut sale = Voucher::new(VoucherKind::Sale, 1, day(0));
        sale.lines = lines
            .iter()
            .map(|&(quantity, price, discount, tax)| {
                sale_line(Decimal::new(quantity, 2), Decimal::new(price, 4), Decimal::new(discount, 2), Decimal::new(tax, 2))
            })
            .collect();
        let mut sum = (Decimal::ZERO, Decimal::ZERO, Decimal::ZERO);
        for line in &sale.lines {
            let amounts = line.amounts(rounding);
            prop_assert_eq!(amounts.total, amounts.supply + amounts.tax, "{:?}", line);
            for value in [amounts.supply, amounts.tax, amounts.total] {
                prop_assert!(has_at_most_decimals(value, rounding.decimals), "{} from {:?}", value, line);
            }
            sum = (sum.0 + amounts.supply, sum.1 + amounts.tax, sum.2 + amounts.total);
        }
        let totals = sale.totals(rounding);
        prop_assert_eq!((totals.supply, totals.tax, totals.total), sum);
        prop_assert!(has_at_most_decimals(totals.total, rounding.decimals), "{}", totals.total);
        prop_assert_eq!(sale.debit_credit(rounding), (totals.total, Decimal::ZERO));
    }
}
