//! `clientele sale`, `purchase`, `collect`, `pay`, `opening`, `void` and `unvoid`: entering,
//! voiding and restoring vouchers.
//!
//! Every option is read and every code looked up before the store is asked to
//! save, and the store saves a voucher in one transaction, so a refused
//! command leaves the book as it was.

use super::error::{CliError, Result};
use super::output::{self, amount_text};
use super::parse::{self, money};
use super::{Access, Context};
use crate::domain::customer::Customer;
use crate::domain::money::{parse_amount, parse_non_negative_amount, parse_percent};
use crate::domain::voucher::{PaymentMethod, Rounding, Voucher, VoucherKind, due_date};
use crate::store::{SavedVoucher, Store, StoreError};
use clap::Args;
use rust_decimal::Decimal;
use serde_json::{Value, json};

const LINE_SHAPE: &str = "write ITEM:QTY[@PRICE][%DISCOUNT], e.g. W-1:3, W-1:3@19.99 or W-1:2.5@10%5";

/// A sale or a purchase: item lines.
#[derive(Debug, Args)]
#[command(after_help = "A line is ITEM:QTY[@PRICE][%DISCOUNT]: W-1:3 (the customer's price and \
    discount, as `clientele price` explains them), W-1:3@19.99, W-1:2.5@10%5 (5% off), W-1:1%0 (no \
    discount). The tax rate comes from the item.")]
pub struct InvoiceArgs {
    /// The customer's (or vendor's) code.
    #[arg(long, value_name = "CODE")]
    pub customer: String,
    /// The voucher date (default: today).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<String>,
    /// When it falls due (default: the date plus the customer's payment terms).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub due: Option<String>,
    /// An item line; repeat for more lines.
    #[arg(long = "line", value_name = "ITEM:QTY[@PRICE][%DISC]", required = true)]
    pub lines: Vec<String>,
    /// A note kept with the voucher.
    #[arg(long, value_name = "M")]
    pub memo: Option<String>,
    /// Kept for older scripts: a sale the customer's credit action warns about is saved anyway,
    /// with the warning on stderr and kept with the voucher.
    #[arg(long, hide = true)]
    pub accept_credit_warning: bool,
}

/// A collection or a payment: one amount.
#[derive(Debug, Args)]
pub struct SettlementArgs {
    /// The customer's (or vendor's) code.
    #[arg(long, value_name = "CODE")]
    pub customer: String,
    /// The sum received or paid.
    #[arg(long, value_name = "A", allow_negative_numbers = true)]
    pub amount: String,
    /// The voucher date (default: today).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<String>,
    /// cash, bank, card or other.
    #[arg(long, value_name = "METHOD", default_value = "bank", value_parser = method)]
    pub method: PaymentMethod,
    /// A bank or cheque reference.
    #[arg(long, value_name = "R")]
    pub reference: Option<String>,
    /// The number of the invoice this pays first (else the oldest due are paid first).
    #[arg(long, value_name = "NUMBER")]
    pub apply: Option<String>,
    /// A note kept with the voucher.
    #[arg(long, value_name = "M")]
    pub memo: Option<String>,
}

/// What a customer owed and was owed when the book was started.
#[derive(Debug, Args)]
pub struct OpeningArgs {
    /// The customer's (or vendor's) code.
    #[arg(long, value_name = "CODE")]
    pub customer: String,
    /// What the customer owed us.
    #[arg(long, value_name = "A", allow_negative_numbers = true)]
    pub receivable: Option<String>,
    /// What we owed them.
    #[arg(long, value_name = "A", allow_negative_numbers = true)]
    pub payable: Option<String>,
    /// The day the balance stood at.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: String,
    /// When the opening receivable falls due (default: the date).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub due: Option<String>,
    /// A note kept with the voucher.
    #[arg(long, value_name = "M")]
    pub memo: Option<String>,
}

fn method(text: &str) -> std::result::Result<PaymentMethod, String> {
    PaymentMethod::parse(text).ok_or_else(|| "expected cash, bank, card or other".to_string())
}

/// A line as typed, before its item is looked up.
#[derive(Debug, Clone, PartialEq, Eq)]
struct LineSpec {
    item: String,
    quantity: Decimal,
    price: Option<Decimal>,
    discount: Option<Decimal>,
}

/// Reads `ITEM:QTY[@PRICE][%DISC]`; the reason names the part that is wrong.
fn parse_line(text: &str) -> std::result::Result<LineSpec, String> {
    // The last colon: an item code may hold one, the quantity never does.
    let (item, rest) = text.rsplit_once(':').ok_or_else(|| LINE_SHAPE.to_string())?;
    let item = item.trim();
    if item.is_empty() {
        return Err(format!("the item code is missing; {LINE_SHAPE}"));
    }
    let (rest, discount) = match rest.split_once('%') {
        Some((rest, discount)) => (rest, Some(discount)),
        None => (rest, None),
    };
    let (quantity, price) = match rest.split_once('@') {
        Some((quantity, price)) => (quantity, Some(price)),
        None => (rest, None),
    };
    if quantity.trim().is_empty() {
        return Err(format!("the quantity is missing; {LINE_SHAPE}"));
    }
    let quantity = parse_amount(quantity).map_err(|e| format!("quantity: {e}"))?;
    if quantity <= Decimal::ZERO {
        return Err("the quantity must be more than 0".to_string());
    }
    let price = price.map(parse_non_negative_amount).transpose().map_err(|e| format!("price: {e}"))?;
    let discount = discount.map(parse_percent).transpose().map_err(|e| format!("discount: {e}"))?;
    Ok(LineSpec { item: item.to_string(), quantity, price, discount })
}

pub fn sale(args: InvoiceArgs, ctx: &mut Context<'_>) -> Result<()> {
    invoice(VoucherKind::Sale, args, ctx)
}

pub fn purchase(args: InvoiceArgs, ctx: &mut Context<'_>) -> Result<()> {
    invoice(VoucherKind::Purchase, args, ctx)
}

fn invoice(kind: VoucherKind, args: InvoiceArgs, ctx: &mut Context<'_>) -> Result<()> {
    let date = parse::optional_date("--date", args.date.as_deref())?.unwrap_or_else(parse::today);
    let due = parse::optional_date("--due", args.due.as_deref())?;
    let specs = args
        .lines
        .iter()
        .map(|text| parse_line(text).map_err(|reason| CliError::BadLine { line: text.clone(), reason }))
        .collect::<Result<Vec<_>>>()?;
    let mut store = ctx.open(Access::Write)?;
    let customer = store.require_customer(&args.customer)?;
    let mut lines = Vec::with_capacity(specs.len());
    for (spec, text) in specs.into_iter().zip(&args.lines) {
        let item = store
            .require_item(&spec.item)
            .map_err(|e| CliError::BadLine { line: text.clone(), reason: e.to_string() })?;
        // The customer's price and discount, by the one resolver; typed parts of the line win.
        lines.push(store.entry_line(&customer, &item, kind, spec.quantity, date, spec.price, spec.discount)?);
    }
    let voucher = Voucher {
        due_date: Some(due.unwrap_or_else(|| due_date(date, customer.payment_terms_days))),
        lines,
        memo: args.memo.unwrap_or_default(),
        ..Voucher::new(kind, customer.id.unwrap_or_default(), date)
    };
    save(&mut store, &voucher, &customer, ctx)
}

pub fn collect(args: SettlementArgs, ctx: &mut Context<'_>) -> Result<()> {
    settle(VoucherKind::Collection, args, ctx)
}

pub fn pay(args: SettlementArgs, ctx: &mut Context<'_>) -> Result<()> {
    settle(VoucherKind::Payment, args, ctx)
}

fn settle(kind: VoucherKind, args: SettlementArgs, ctx: &mut Context<'_>) -> Result<()> {
    let amount = money("--amount", &args.amount, parse_amount)?;
    let date = parse::optional_date("--date", args.date.as_deref())?.unwrap_or_else(parse::today);
    let mut store = ctx.open(Access::Write)?;
    let customer = store.require_customer(&args.customer)?;
    let voucher = Voucher {
        amount,
        method: args.method,
        reference: args.reference.unwrap_or_default(),
        applies_to: args.apply.map(|n| n.trim().to_string()).filter(|n| !n.is_empty()),
        memo: args.memo.unwrap_or_default(),
        ..Voucher::new(kind, customer.id.unwrap_or_default(), date)
    };
    save(&mut store, &voucher, &customer, ctx)
}

pub fn opening(args: OpeningArgs, ctx: &mut Context<'_>) -> Result<()> {
    let receivable =
        args.receivable.as_deref().map(|t| money("--receivable", t, parse_non_negative_amount)).transpose()?;
    let payable = args.payable.as_deref().map(|t| money("--payable", t, parse_non_negative_amount)).transpose()?;
    let date = parse::date("--date", &args.date)?;
    let due = parse::optional_date("--due", args.due.as_deref())?;
    let mut store = ctx.open(Access::Write)?;
    let customer = store.require_customer(&args.customer)?;
    let voucher = Voucher {
        amount: receivable.unwrap_or_default(),
        payable_amount: payable.unwrap_or_default(),
        due_date: due,
        memo: args.memo.unwrap_or_default(),
        ..Voucher::new(VoucherKind::Opening, customer.id.unwrap_or_default(), date)
    };
    save(&mut store, &voucher, &customer, ctx)
}

/// Saves a voucher typed at the terminal. The command is the clerk's deliberate act, so a sale
/// the customer's credit action warns about is saved, the warning kept with it and repeated on
/// stderr (in JSON, also under `warnings`); a block saves nothing and exits with code 3.
fn save(store: &mut Store, voucher: &Voucher, customer: &Customer, ctx: &mut Context<'_>) -> Result<()> {
    let saved = store.save_voucher_accepting(voucher, true)?;
    let warnings: Vec<String> = saved.credit_warning.iter().cloned().collect();
    warn_accepted(&warnings, &saved.voucher.number, ctx)?;
    let rounding = store.rounding()?;
    if ctx.json {
        let mut value = voucher_json(&saved, customer, rounding);
        value["warnings"] = json!(warnings);
        return output::json(ctx.out, &value);
    }
    writeln!(ctx.out, "{}  total {}", saved.voucher.number, amount_text(saved.totals.total))?;
    Ok(())
}

/// A voucher as JSON: amounts as exact strings, dates as YYYY-MM-DD, the customer by code.
fn voucher_json(saved: &SavedVoucher, customer: &Customer, rounding: Rounding) -> Value {
    let v = &saved.voucher;
    let mut value = json!({
        "number": v.number,
        "kind": v.kind.as_str(),
        "date": v.date.to_string(),
        "customer": customer.code,
        "customer_name": customer.name,
        "total": amount_text(saved.totals.total),
        "memo": v.memo,
        "voided": v.voided,
    });
    let fields = value.as_object_mut().expect("a JSON object");
    match v.kind {
        VoucherKind::Sale | VoucherKind::Purchase => {
            fields.insert("due_date".into(), json!(v.due_date.map(|d| d.to_string())));
            fields.insert("supply".into(), json!(amount_text(saved.totals.supply)));
            fields.insert("tax".into(), json!(amount_text(saved.totals.tax)));
            let lines: Vec<Value> = v
                .lines
                .iter()
                .map(|line| {
                    let amounts = line.amounts(rounding);
                    json!({
                        "item": line.item_code,
                        "name": line.item_name,
                        "unit": line.unit,
                        "quantity": line.quantity.normalize().to_string(),
                        "unit_price": amount_text(line.unit_price),
                        "discount_pct": line.discount_pct.normalize().to_string(),
                        "tax_rate": line.tax_rate.normalize().to_string(),
                        "supply": amount_text(amounts.supply),
                        "tax": amount_text(amounts.tax),
                        "total": amount_text(amounts.total),
                        "price_source": line.price_basis.as_ref().map(|basis| basis.source.as_str()),
                        "price_trace": line.price_basis.as_ref().map(|basis| &basis.trace),
                    })
                })
                .collect();
            fields.insert("lines".into(), json!(lines));
        }
        VoucherKind::Collection | VoucherKind::Payment => {
            fields.insert("amount".into(), json!(amount_text(v.amount)));
            fields.insert("method".into(), json!(v.method.as_str()));
            fields.insert("reference".into(), json!(v.reference));
            fields.insert("applies_to".into(), json!(v.applies_to));
        }
        VoucherKind::Opening => {
            fields.insert("due_date".into(), json!(v.due_date.map(|d| d.to_string())));
            fields.insert("receivable".into(), json!(amount_text(v.amount)));
            fields.insert("payable".into(), json!(amount_text(v.payable_amount)));
        }
    }
    value
}

/// `clientele void NUMBER`: the voucher stays in the ledger, marked, and stops counting.
pub fn void(number: &str, ctx: &mut Context<'_>) -> Result<()> {
    let mut store = ctx.open(Access::Write)?;
    let voucher = store.void_voucher(number).map_err(|e| match e {
        StoreError::VoucherVoided(number) => CliError::AlreadyVoided(number),
        other => other.into(),
    })?;
    print_marked(&store, voucher, "Voided", None, ctx)
}

/// `clientele unvoid NUMBER`: the voucher counts again. A sale meets the customer's credit control
/// as saving it would: a block refuses (exit code 3); a warning is accepted, kept with the voucher
/// and repeated on stderr (in JSON, also under `warnings`).
pub fn unvoid(number: &str, ctx: &mut Context<'_>) -> Result<()> {
    let mut store = ctx.open(Access::Write)?;
    let (voucher, warning) = store.unvoid_voucher(number, true).map_err(|e| match e {
        StoreError::VoucherNotVoided(number) => CliError::NotVoided(number),
        other => other.into(),
    })?;
    let warnings: Vec<String> = warning.into_iter().collect();
    warn_accepted(&warnings, &voucher.number, ctx)?;
    print_marked(&store, voucher, "Un-voided", Some(warnings), ctx)
}

/// A voucher just voided or un-voided: "VERB NUMBER  total T", or its JSON (with `warnings` when given).
fn print_marked(
    store: &Store,
    voucher: Voucher,
    verb: &str,
    warnings: Option<Vec<String>>,
    ctx: &mut Context<'_>,
) -> Result<()> {
    let rounding = store.rounding()?;
    let totals = voucher.totals(rounding);
    if ctx.json {
        let customer = store.customer(voucher.customer_id)?.unwrap_or_else(|| Customer::new(String::new()));
        let mut value = voucher_json(&SavedVoucher { voucher, totals, credit_warning: None }, &customer, rounding);
        if let Some(warnings) = warnings {
            value["warnings"] = json!(warnings);
        }
        return output::json(ctx.out, &value);
    }
    writeln!(ctx.out, "{verb} {}  total {}", voucher.number, amount_text(totals.total))?;
    Ok(())
}

/// Repeats accepted credit warnings on stderr, where a script's log keeps them.
fn warn_accepted(warnings: &[String], number: &str, ctx: &mut Context<'_>) -> Result<()> {
    for warning in warnings {
        writeln!(ctx.err, "warning: {warning} (saved anyway; the warning is kept with {number})")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn line(item: &str, quantity: Decimal, price: Option<Decimal>, discount: Option<Decimal>) -> LineSpec {
        LineSpec { item: item.into(), quantity, price, discount }
    }

    #[test]
    fn lines_read_every_shape() {
        assert_eq!(parse_line("W-1:3").unwrap(), line("W-1", dec!(3), None, None));
        assert_eq!(parse_line("W-1:3@19.99").unwrap(), line("W-1", dec!(3), Some(dec!(19.99)), None));
        assert_eq!(parse_line("W-1:2.5@10%5").unwrap(), line("W-1", dec!(2.5), Some(dec!(10)), Some(dec!(5))));
        assert_eq!(parse_line("W-1:1%10").unwrap(), line("W-1", dec!(1), None, Some(dec!(10))));
        assert_eq!(parse_line("W-1:1%0").unwrap(), line("W-1", dec!(1), None, Some(dec!(0))));
        assert_eq!(parse_line("A:B:2").unwrap(), line("A:B", dec!(2), None, None));
    }

    #[test]
    fn bad_lines_say_what_is_wrong() {
        for (text, wanted) in [
            ("W-1", "ITEM:QTY"),
            (":3", "item code is missing"),
            ("W-1:", "quantity is missing"),
            ("W-1:0", "more than 0"),
            ("W-1:-2", "more than 0"),
            ("W-1:x", "quantity"),
            ("W-1:1.234567", "decimal places"),
            ("W-1:1@-5", "price"),
            ("W-1:1@abc", "price"),
            ("W-1:1%101", "discount"),
            ("W-1:1%5@10", "discount"),
        ] {
            let reason = parse_line(text).unwrap_err();
            assert!(reason.contains(wanted), "{text}: {reason}");
        }
    }
}
