//! A customer's account: ledger lines with a running balance, receivable and
//! payable balances, and the ageing of open invoices.
//!
//! Allocation rule (the one place it lives): a collection (or payment) that
//! names an invoice pays that invoice first, up to what is still open on it;
//! everything else paid goes to the open invoices oldest due date first (then
//! oldest date, then the order they were entered in). What is paid beyond every invoice is "unapplied"
//! and reduces the balance without ageing.

use super::voucher::VoucherKind;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// One voucher as a line of the customer's ledger.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LedgerEntry {
    pub voucher_id: i64,
    pub date: NaiveDate,
    pub kind: VoucherKind,
    pub number: String,
    pub memo: String,
    pub debit: Decimal,
    pub credit: Decimal,
    /// Debits less credits so far; a voided entry leaves it unchanged.
    pub balance: Decimal,
    pub voided: bool,
}

/// Fills in the running balances of entries already in ledger order, starting
/// from `opening` (the balance carried in from before the period).
pub fn run_balances(entries: &mut [LedgerEntry], opening: Decimal) -> Decimal {
    let mut balance = opening;
    for entry in entries {
        if !entry.voided {
            balance += entry.debit - entry.credit;
        }
        entry.balance = balance;
    }
    balance
}

/// What a customer owes us and what we owe them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Balance {
    pub receivable: Decimal,
    pub payable: Decimal,
}

impl Balance {
    /// Receivable less payable: positive when the customer owes us on balance.
    pub fn net(self) -> Decimal {
        self.receivable - self.payable
    }

    /// Adds one voucher's effect. Receivable = opening receivable + sales −
    /// collections; payable = opening payable + purchases − payments.
    pub fn post(&mut self, kind: VoucherKind, amount: Decimal, payable_amount: Decimal) {
        match kind {
            VoucherKind::Sale => self.receivable += amount,
            VoucherKind::Collection => self.receivable -= amount,
            VoucherKind::Purchase => self.payable += amount,
            VoucherKind::Payment => self.payable -= amount,
            VoucherKind::Opening => {
                self.receivable += amount;
                self.payable += payable_amount;
            }
        }
    }
}

/// Something owed: a sale (or purchase), or an opening balance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invoice {
    /// The voucher's id: settlements name invoices by it, and it breaks ties in entry order.
    pub id: i64,
    /// For showing; reports over every customer leave it empty.
    pub number: String,
    pub date: NaiveDate,
    pub due: NaiveDate,
    pub amount: Decimal,
}

/// Money that settles invoices: a collection (or payment).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settlement {
    /// The voucher's id: named settlements are applied in (date, id) order.
    pub id: i64,
    pub date: NaiveDate,
    pub amount: Decimal,
    /// The id of the invoice the settlement names.
    pub applies_to: Option<i64>,
}

/// An invoice with what is still to be paid on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenInvoice {
    pub id: i64,
    pub number: String,
    pub date: NaiveDate,
    pub due: NaiveDate,
    pub amount: Decimal,
    pub open: Decimal,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Allocation {
    /// Every invoice, oldest due first, with its open amount (zero when paid).
    pub invoices: Vec<OpenInvoice>,
    /// Paid beyond every invoice.
    pub unapplied: Decimal,
}

impl Allocation {
    /// Invoices with something still to pay.
    pub fn open(&self) -> impl Iterator<Item = &OpenInvoice> {
        self.invoices.iter().filter(|i| i.open > Decimal::ZERO)
    }
}

/// Applies settlements to invoices by the allocation rule in this module's header.
pub fn allocate(invoices: &[Invoice], settlements: &[Settlement]) -> Allocation {
    let mut open: Vec<OpenInvoice> = invoices
        .iter()
        .map(|i| OpenInvoice {
            id: i.id,
            number: i.number.clone(),
            date: i.date,
            due: i.due,
            amount: i.amount,
            open: i.amount,
        })
        .collect();
    open.sort_by_key(|i| (i.due, i.date, i.id));
    let mut named: Vec<&Settlement> = settlements.iter().filter(|s| s.applies_to.is_some()).collect();
    named.sort_by_key(|s| (s.date, s.id));
    let mut pool: Decimal = settlements.iter().filter(|s| s.applies_to.is_none()).map(|s| s.amount).sum();
    for settlement in named {
        let target = open.iter_mut().find(|i| Some(i.id) == settlement.applies_to);
        let applied = match target {
            Some(invoice) => {
                let applied = settlement.amount.min(invoice.open).max(Decimal::ZERO);
                invoice.open -= applied;
                applied
            }
            None => Decimal::ZERO,
        };
        pool += settlement.amount - applied;
    }
    for invoice in open.iter_mut() {
        if pool <= Decimal::ZERO {
            break;
        }
        let applied = pool.min(invoice.open);
        invoice.open -= applied;
        pool -= applied;
    }
    Allocation { invoices: open, unapplied: pool }
}

/// Where the ageing buckets end, in days past due: the default 30, 60, 90
/// make the buckets 1–30, 31–60, 61–90 and over 90.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgeingEdges(pub [u32; 3]);

impl Default for AgeingEdges {
    fn default() -> AgeingEdges {
        AgeingEdges([30, 60, 90])
    }
}

impl AgeingEdges {
    /// Edges must rise strictly from at least 1 day.
    pub fn new(edges: [u32; 3]) -> Result<AgeingEdges, String> {
        if edges[0] >= 1 && edges[0] < edges[1] && edges[1] < edges[2] {
            Ok(AgeingEdges(edges))
        } else {
            Err(format!("ageing bucket edges must rise, e.g. 30, 60, 90; got {}, {}, {}", edges[0], edges[1], edges[2]))
        }
    }

    /// Column titles: "1–30", "31–60", "61–90", "over 90".
    pub fn labels(self) -> [String; 4] {
        let [a, b, c] = self.0;
        [format!("1–{a}"), format!("{}–{b}", a + 1), format!("{}–{c}", b + 1), format!("over {c}")]
    }
}

/// Open amounts by how late they are on one day.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Ageing {
    pub not_due: Decimal,
    /// Past due within each bucket of [`AgeingEdges`], the last one open-ended.
    pub overdue: [Decimal; 4],
    /// Open invoices less unapplied money: the balance.
    pub total: Decimal,
    pub unapplied: Decimal,
    /// Days past due of the oldest overdue invoice.
    pub oldest_overdue_days: Option<i64>,
}

impl Ageing {
    pub fn overdue_total(&self) -> Decimal {
        self.overdue.iter().copied().sum()
    }
}

/// Ages what was open on `as_of`: only invoices and settlements dated on or before it count.
pub fn age(invoices: &[Invoice], settlements: &[Settlement], as_of: NaiveDate, edges: AgeingEdges) -> Ageing {
    // Reports usually pass only what is dated up to `as_of`; copy only when something must be left out.
    let allocation = if invoices.iter().all(|i| i.date <= as_of) && settlements.iter().all(|s| s.date <= as_of) {
        allocate(invoices, settlements)
    } else {
        let invoices: Vec<Invoice> = invoices.iter().filter(|i| i.date <= as_of).cloned().collect();
        let settlements: Vec<Settlement> = settlements.iter().filter(|s| s.date <= as_of).cloned().collect();
        allocate(&invoices, &settlements)
    };
    let mut ageing = Ageing { unapplied: allocation.unapplied, ..Ageing::default() };
    for invoice in allocation.open() {
        let late = (as_of - invoice.due).num_days();
        if late <= 0 {
            ageing.not_due += invoice.open;
            continue;
        }
        let bucket = edges.0.iter().position(|&edge| late <= i64::from(edge)).unwrap_or(3);
        ageing.overdue[bucket] += invoice.open;
        ageing.oldest_overdue_days = Some(ageing.oldest_overdue_days.map_or(late, |d| d.max(late)));
    }
    ageing.total = ageing.not_due + ageing.overdue_total() - ageing.unapplied;
    ageing
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn day(n: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + chrono::Days::new(u64::from(n))
    }

    fn invoice(id: i64, date: u32, due: u32, amount: Decimal) -> Invoice {
        Invoice { id, number: format!("S{id}"), date: day(date), due: day(due), amount }
    }

    fn paid(id: i64, date: u32, amount: Decimal, applies_to: Option<i64>) -> Settlement {
        Settlement { id, date: day(date), amount, applies_to }
    }

    #[test]
    fn named_invoices_first_then_oldest_due() {
        let invoices = [invoice(1, 0, 30, dec!(100)), invoice(2, 10, 40, dec!(200)), invoice(3, 20, 20, dec!(50))];
        let settlements = [paid(11, 25, dec!(120), Some(2)), paid(12, 26, dec!(70), None)];
        let allocation = allocate(&invoices, &settlements);
        let open: Vec<(&str, Decimal)> = allocation.invoices.iter().map(|i| (i.number.as_str(), i.open)).collect();
        // S3 is due first, so the unnamed 70 pays it (50) and then 20 of S1.
        assert_eq!(open, [("S3", dec!(0)), ("S1", dec!(80)), ("S2", dec!(80))]);
        assert_eq!(allocation.unapplied, dec!(0));
    }

    #[test]
    fn paying_a_named_invoice_twice_spills_to_the_oldest() {
        let invoices = [invoice(1, 0, 0, dec!(100)), invoice(2, 1, 1, dec!(100))];
        let settlements =
            [paid(11, 2, dec!(100), Some(2)), paid(12, 3, dec!(60), Some(2)), paid(13, 4, dec!(90), Some(99))];
        let allocation = allocate(&invoices, &settlements);
        assert_eq!(allocation.invoices[0].open, dec!(0));
        assert_eq!(allocation.invoices[1].open, dec!(0));
        assert_eq!(allocation.unapplied, dec!(50));
    }

    #[test]
    fn ageing_buckets_count_days_past_due() {
        let invoices = [
            invoice(1, 0, 100, dec!(1)),
            invoice(2, 0, 70, dec!(10)),
            invoice(3, 0, 40, dec!(100)),
            invoice(4, 0, 10, dec!(1000)),
            invoice(5, 0, 0, dec!(10000)),
            invoice(6, 200, 230, dec!(5)),
        ];
        let ageing = age(&invoices, &[paid(11, 5, dec!(4000), None)], day(100), AgeingEdges::default());
        assert_eq!(ageing.not_due, dec!(1), "due today is not yet late; F is dated after the as-of day");
        assert_eq!(ageing.overdue, [dec!(10), dec!(100), dec!(1000), dec!(6000)]);
        assert_eq!(ageing.oldest_overdue_days, Some(100));
        assert_eq!(ageing.total, dec!(7111));
    }

    #[test]
    fn overpayment_is_unapplied_and_lowers_the_total() {
        let ageing = age(&[invoice(1, 0, 0, dec!(10))], &[paid(11, 0, dec!(25), None)], day(5), AgeingEdges::default());
        assert_eq!((ageing.overdue_total(), ageing.unapplied, ageing.total), (dec!(0), dec!(15), dec!(-15)));
        assert_eq!(ageing.oldest_overdue_days, None);
    }

    #[test]
    fn edges_must_rise() {
        assert!(AgeingEdges::new([30, 60, 90]).is_ok());
        assert!(AgeingEdges::new([0, 60, 90]).is_err());
        assert!(AgeingEdges::new([30, 30, 90]).is_err());
        assert_eq!(AgeingEdges([15, 45, 120]).labels()[3], "over 120");
    }

    #[test]
    fn voided_entries_show_but_do_not_count() {
        let entry = |debit: Decimal, credit: Decimal, voided: bool| LedgerEntry {
            voucher_id: 1,
            date: day(0),
            kind: VoucherKind::Sale,
            number: "S".into(),
            memo: String::new(),
            debit,
            credit,
            balance: Decimal::ZERO,
            voided,
        };
        let mut entries =
            [entry(dec!(100), dec!(0), false), entry(dec!(50), dec!(0), true), entry(dec!(0), dec!(30), false)];
        assert_eq!(run_balances(&mut entries, dec!(5)), dec!(75));
        assert_eq!(entries.map(|e| e.balance), [dec!(105), dec!(105), dec!(75)]);
    }
}
