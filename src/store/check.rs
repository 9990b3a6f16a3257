//! Checking a book: SQLite's own integrity and foreign-key checks (which cover the search index),
//! then the book's own rules — each voucher's totals are its lines', its postings follow its
//! kind, each customer's balance is its debits minus credits, and every applied settlement
//! names an invoice of the same customer.

use super::backup::integrity_findings;
use super::{Result, Store};
use rusqlite::{Connection, ErrorCode};

/// How far a check goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CheckDepth {
    /// SQLite's quick check: the file's structure, in seconds even for a large book. Run at start.
    Quick,
    /// Everything: SQLite's full integrity check, foreign keys and the book's own rules.
    Full,
}

/// Which part of the book a problem is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CheckPart {
    /// The SQLite file itself (pages, indexes, the search index).
    File,
    /// A row pointing at a row that is not there.
    Links,
    VoucherTotals,
    Postings,
    Balances,
    Settlements,
}

impl CheckPart {
    pub fn label(self) -> &'static str {
        match self {
            CheckPart::File => "File",
            CheckPart::Links => "Links",
            CheckPart::VoucherTotals => "Voucher totals",
            CheckPart::Postings => "Postings",
            CheckPart::Balances => "Balances",
            CheckPart::Settlements => "Settlements",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct CheckProblem {
    pub part: CheckPart,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct CheckReport {
    pub depth: CheckDepth,
    /// What was checked, for the verdict's sentence.
    pub customers: i64,
    pub vouchers: i64,
    pub problems: Vec<CheckProblem>,
}

impl CheckReport {
    pub fn is_ok(&self) -> bool {
        self.problems.is_empty()
    }

    /// The verdict in one sentence.
    pub fn verdict(&self) -> String {
        let what = match self.depth {
            CheckDepth::Quick => "The quick check",
            CheckDepth::Full => "The check",
        };
        match self.problems.len() {
            0 if self.depth == CheckDepth::Quick => format!(
                "The quick check found the book's file whole ({} and {}); clientele check also checks its rules.",
                counted(self.customers, "customer"),
                counted(self.vouchers, "voucher")
            ),
            0 => format!(
                "{what} found the book whole: {} and {}, every rule holds.",
                counted(self.customers, "customer"),
                counted(self.vouchers, "voucher")
            ),
            1 => format!("{what} found 1 problem in the book."),
            n => format!("{what} found {n} problems in the book."),
        }
    }
}

fn counted(count: i64, noun: &str) -> String {
    if count == 1 { format!("1 {noun}") } else { format!("{count} {noun}s") }
}

/// At most this many problems of one rule are listed; the count says how many more.
const LISTED: usize = 20;

impl Store {
    /// Checks the book. A book damaged so badly that SQLite cannot read it is reported as a
    /// problem of its file, not as an error: the check's job is to say what is wrong.
    pub fn check(&self, depth: CheckDepth) -> Result<CheckReport> {
        let conn = self.conn();
        let mut problems = Vec::new();
        let mut report = |part: CheckPart, found: rusqlite::Result<Vec<String>>| match found {
            Ok(lines) => problems.extend(lines.into_iter().map(|text| CheckProblem { part, text })),
            Err(error) => problems.push(CheckProblem { part: CheckPart::File, text: unreadable(&error) }),
        };
        let pragma = if depth == CheckDepth::Quick { "quick_check" } else { "integrity_check" };
        report(CheckPart::File, integrity_findings(conn, pragma));
        if depth == CheckDepth::Full {
            report(CheckPart::Links, foreign_key_findings(conn));
            report(CheckPart::VoucherTotals, listed(conn, VOUCHER_TOTALS, "voucher"));
            report(CheckPart::Postings, listed(conn, POSTINGS, "voucher"));
            report(CheckPart::Balances, listed(conn, BALANCES, "customer"));
            report(CheckPart::Settlements, listed(conn, SETTLEMENTS, "settlement"));
        }
        if problems.is_empty() {
            tracing::info!(?depth, "book checked: whole");
        } else {
            tracing::error!(?depth, problems = problems.len(), first = %problems[0].text, "book checked: damaged");
        }
        let count = |sql: &str| conn.query_row(sql, [], |row| row.get::<_, i64>(0)).unwrap_or(0);
        Ok(CheckReport {
            depth,
            customers: count("SELECT COUNT(*) FROM customers"),
            vouchers: count("SELECT COUNT(*) FROM vouchers"),
            problems,
        })
    }
}

fn unreadable(error: &rusqlite::Error) -> String {
    match error.sqlite_error_code() {
        Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase) => {
            format!("SQLite cannot read part of the book: {error}")
        }
        _ => format!("the check could not finish: {error}"),
    }
}

fn foreign_key_findings(conn: &Connection) -> rusqlite::Result<Vec<String>> {
    let mut statement = conn.prepare("PRAGMA foreign_key_check")?;
    let rows: Vec<(String, Option<i64>, String)> =
        statement.query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?.collect::<rusqlite::Result<_>>()?;
    let mut lines: Vec<String> = rows
        .iter()
        .take(LISTED)
        .map(|(table, rowid, parent)| match rowid {
            Some(rowid) => format!("{table} row {rowid} points at a missing {parent} row"),
            None => format!("a {table} row points at a missing {parent} row"),
        })
        .collect();
    if rows.len() > LISTED {
        lines.push(format!("and {} more rows pointing at missing rows", rows.len() - LISTED));
    }
    Ok(lines)
}

/// Runs a query whose rows are problems, one sentence each in its only column.
fn listed(conn: &Connection, sql: &str, noun: &str) -> rusqlite::Result<Vec<String>> {
    let mut statement = conn.prepare(sql)?;
    let all: Vec<String> = statement.query_map([], |row| row.get(0))?.collect::<rusqlite::Result<_>>()?;
    let mut lines: Vec<String> = all.iter().take(LISTED).cloned().collect();
    if all.len() > LISTED {
        lines.push(format!("and {} more of the same ({noun}s)", all.len() - LISTED));
    }
    Ok(lines)
}

/// Amounts are stored in ten-thousandths; shown as decimals in the sentences.
const VOUCHER_TOTALS: &str = "
    SELECT v.number || ': ' ||
           CASE WHEN l.lines IS NULL THEN 'has no lines'
                ELSE 'its total ' || printf('%.4f', v.total / 10000.0) || ' (supply ' ||
                     printf('%.4f', v.supply / 10000.0) || ', tax ' || printf('%.4f', v.tax / 10000.0) ||
                     ') is not the sum of its lines, ' || printf('%.4f', l.total / 10000.0) || ' (supply ' ||
                     printf('%.4f', l.supply / 10000.0) || ', tax ' || printf('%.4f', l.tax / 10000.0) || ')'
           END
    FROM vouchers v
    LEFT JOIN (SELECT voucher_id, COUNT(*) AS lines, SUM(supply) AS supply, SUM(tax) AS tax, SUM(total) AS total
               FROM voucher_lines GROUP BY voucher_id) l ON l.voucher_id = v.id
    WHERE v.kind IN ('sale', 'purchase')
      AND (l.lines IS NULL OR l.supply != v.supply OR l.tax != v.tax OR l.total != v.total)
    ORDER BY v.id";

/// What each kind posts: see `postings` in vouchers.rs, which writes these columns.
const POSTINGS: &str = "
    SELECT v.number || ': its postings (debit ' || printf('%.4f', v.debit / 10000.0) || ', credit ' ||
           printf('%.4f', v.credit / 10000.0) || ') do not follow from a ' || v.kind || ' of ' ||
           printf('%.4f', (CASE WHEN v.kind IN ('sale', 'purchase') THEN v.total ELSE v.amount + v.payable_amount END) / 10000.0)
    FROM vouchers v
    WHERE NOT CASE v.kind
        WHEN 'sale' THEN v.debit = v.total AND v.credit = 0 AND v.receivable_delta = v.total AND v.payable_delta = 0
        WHEN 'purchase' THEN v.debit = 0 AND v.credit = v.total AND v.receivable_delta = 0 AND v.payable_delta = v.total
        WHEN 'collection' THEN v.debit = 0 AND v.credit = v.amount AND v.receivable_delta = -v.amount AND v.payable_delta = 0
        WHEN 'payment' THEN v.debit = v.amount AND v.credit = 0 AND v.receivable_delta = 0 AND v.payable_delta = -v.amount
        WHEN 'opening' THEN v.debit = v.amount AND v.credit = v.payable_amount
                            AND v.receivable_delta = v.amount AND v.payable_delta = v.payable_amount
        ELSE 0
    END
    ORDER BY v.id";

/// A customer's balance (what they owe less what we owe them) against its debits minus credits.
const BALANCES: &str = "
    SELECT c.code || ': the balance ' || printf('%.4f', SUM(v.receivable_delta - v.payable_delta) / 10000.0) ||
           ' is not its debits minus credits, ' || printf('%.4f', SUM(v.debit - v.credit) / 10000.0)
    FROM vouchers v JOIN customers c ON c.id = v.customer_id
    WHERE v.voided = 0
    GROUP BY v.customer_id
    HAVING SUM(v.receivable_delta - v.payable_delta) != SUM(v.debit - v.credit)
    ORDER BY c.code";

/// A collection must name a sale, a payment a purchase, of the same customer.
const SETTLEMENTS: &str = "
    SELECT s.number || ' is applied to ' || s.applies_to || CASE
        WHEN t.id IS NULL THEN ', which is not in the book'
        WHEN t.customer_id != s.customer_id THEN ', which is another customer''s'
        ELSE ', which is a ' || t.kind || ', not a ' || CASE s.kind WHEN 'collection' THEN 'sale' ELSE 'purchase' END
    END
    FROM vouchers s LEFT JOIN vouchers t ON t.id = s.applies_to_id
    WHERE s.applies_to IS NOT NULL
      AND (t.id IS NULL OR t.customer_id != s.customer_id
           OR t.kind != CASE s.kind WHEN 'collection' THEN 'sale' ELSE 'purchase' END)
    ORDER BY s.id";
