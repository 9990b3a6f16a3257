//! Checking a book: SQLite's own integrity and foreign-key checks (which cover the search index),
//! then the book's own rules — each voucher's totals are its lines', its postings follow its
//! kind, each customer's balance is its debits minus credits, and every applied settlement
//! names an invoice of the same customer.

use super::backup::integrity_findings;
use super::db::{Db, Engine};
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
        let mut report = |part: CheckPart, found: std::result::Result<Vec<String>, String>| match found {
            Ok(lines) => problems.extend(lines.into_iter().map(|text| CheckProblem { part, text })),
            Err(text) => problems.push(CheckProblem { part: CheckPart::File, text }),
        };
        let pragma = if depth == CheckDepth::Quick { "quick_check" } else { "integrity_check" };
        // A server keeps its own files whole and enforces every link as it is written; only an
        // SQLite file's pages and links are checked here.
        if let Some(sqlite) = self.sqlite() {
            report(CheckPart::File, integrity_findings(sqlite, pragma).map_err(|e| unreadable(&e)));
            if depth == CheckDepth::Full {
                report(CheckPart::Links, foreign_key_findings(sqlite).map_err(|e| unreadable(&e)));
            }
        }
        if depth == CheckDepth::Full {
            let rule = |sql: &str| match conn.engine() {
                Engine::Sqlite => sql.to_string(),
                Engine::Postgres => postgres_figures(sql),
            };
            let listed = |sql: &str, noun: &str| {
                listed(conn, &rule(sql), noun).map_err(|e| format!("the check could not finish: {e}"))
            };
            report(CheckPart::VoucherTotals, listed(VOUCHER_TOTALS, "voucher"));
            report(CheckPart::Postings, listed(POSTINGS, "voucher"));
            report(CheckPart::Balances, listed(BALANCES, "customer"));
            report(CheckPart::Settlements, listed(SETTLEMENTS, "settlement"));
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
fn listed(conn: &Db, sql: &str, noun: &str) -> super::db::Result<Vec<String>> {
    let mut statement = conn.prepare(sql)?;
    let all: Vec<String> = statement.query_map([], |row| row.get(0))?.collect::<super::db::Result<_>>()?;
    let mut lines: Vec<String> = all.iter().take(LISTED).cloned().collect();
    if all.len() > LISTED {
        lines.push(format!("and {} more of the same ({noun}s)", all.len() - LISTED));
    }
    Ok(lines)
}

/// The rules' SQL for PostgreSQL: SQLite's `printf('%.4f', x)` becomes `to_char(x, …)` with
/// the same four decimals.
fn postgres_figures(sql: &str) -> String {
    const PRINTF: &str = "printf('%.4f', ";
    let mut out = String::with_capacity(sql.len());
    let mut rest = sql;
    while let Some(start) = rest.find(PRINTF) {
        out.push_str(&rest[..start]);
        out.push_str("trim(to_char(");
        rest = &rest[start + PRINTF.len()..];
        let mut depth = 1;
        let end = rest
            .char_indices()
            .find(|&(_, c)| {
                depth += match c {
                    '(' => 1,
                    ')' => -1,
                    _ => 0,
                };
                depth == 0
            })
            .map_or(rest.len(), |(i, _)| i);
        out.push_str(&rest[..end]);
        out.push_str(", 'FM999999999999999990.0000'))");
        rest = rest.get(end + 1..).unwrap_or("");
    }
    out.push_str(rest);
    out
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
        ELSE 1 = 0
    END
    ORDER BY v.id";

/// A customer's balance (what they owe less what we owe them) against its debits minus credits.
const BALANCES: &str = "
    SELECT c.code || ': the balance ' || printf('%.4f', SUM(v.receivable_delta - v.payable_delta) / 10000.0) ||
           ' is not its debits minus credits, ' || printf('%.4f', SUM(v.debit - v.credit) / 10000.0)
    FROM vouchers v JOIN customers c ON c.id = v.customer_id
    WHERE v.voided = 0
    GROUP BY v.customer_id, c.code
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
