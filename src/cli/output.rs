//! Printing helpers: JSON documents, and text tables that stay aligned with Hangul, Han and emoji.

use super::error::Result;
use rust_decimal::Decimal;
use serde::Serialize;
use std::io::Write;

pub fn json(out: &mut dyn Write, value: &impl Serialize) -> Result<()> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    writeln!(out)?;
    Ok(())
}

/// An amount as JSON and plain text carry it: exact, no grouping, at least two
/// decimals and more only when the value has them ("1234.50", "0.125", "-3.00").
pub fn amount_text(value: Decimal) -> String {
    let mut value = if value.is_zero() { Decimal::ZERO } else { value.normalize() };
    if value.scale() < 2 {
        value.rescale(2);
    }
    value.to_string()
}

pub use crate::domain::text::{clip, width};

/// Rows under a header, columns padded to their widest cell; the last column
/// is not padded so lines carry no trailing spaces.
pub fn table(out: &mut dyn Write, header: &[&str], rows: &[Vec<String>]) -> Result<()> {
    let mut widths: Vec<usize> = header.iter().map(|h| width(h)).collect();
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            widths[i] = widths[i].max(width(cell));
        }
    }
    let header: Vec<String> = header.iter().map(|h| h.to_string()).collect();
    for row in std::iter::once(&header).chain(rows) {
        let mut line = String::new();
        for (i, cell) in row.iter().enumerate() {
            if i + 1 == row.len() {
                line.push_str(cell);
            } else {
                line.push_str(cell);
                line.push_str(&" ".repeat(widths[i] - width(cell) + 2));
            }
        }
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}

/// Like [`table`], with the columns numbered in `right` (amounts) aligned to the right.
pub fn table_right(out: &mut dyn Write, header: &[&str], rows: &[Vec<String>], right: &[usize]) -> Result<()> {
    let mut widths: Vec<usize> = header.iter().map(|h| width(h)).collect();
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            widths[i] = widths[i].max(width(cell));
        }
    }
    let pad = |i: usize, cell: &str| {
        if right.contains(&i) { format!("{}{cell}", " ".repeat(widths[i] - width(cell))) } else { cell.to_string() }
    };
    let header: Vec<String> = header.iter().enumerate().map(|(i, h)| pad(i, h)).collect();
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    let rows: Vec<Vec<String>> =
        rows.iter().map(|row| row.iter().enumerate().map(|(i, cell)| pad(i, cell)).collect()).collect();
    table(out, &header, &rows)
}

/// `label: value` lines with the values lined up; multi-line values are
/// indented under their first line. Empty values are left out.
pub fn fields(out: &mut dyn Write, pairs: &[(String, String)]) -> Result<()> {
    let shown: Vec<&(String, String)> = pairs.iter().filter(|(_, v)| !v.trim().is_empty()).collect();
    let label_width = shown.iter().map(|(l, _)| width(l)).max().unwrap_or(0) + 2;
    for (label, value) in shown {
        let mut lines = value.lines();
        let first = lines.next().unwrap_or_default();
        let padding = " ".repeat(label_width - width(label) - 1);
        writeln!(out, "{label}:{padding}{first}")?;
        for line in lines {
            writeln!(out, "{}{line}", " ".repeat(label_width))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_carry_two_decimals_at_least() {
        use rust_decimal_macros::dec;
        assert_eq!(amount_text(dec!(1234.5)), "1234.50");
        assert_eq!(amount_text(dec!(65.970)), "65.97");
        assert_eq!(amount_text(dec!(0.125)), "0.125");
        assert_eq!(amount_text(dec!(-3)), "-3.00");
        assert_eq!(amount_text(-dec!(0)), "0.00");
        assert_eq!(amount_text(dec!(1000000)), "1000000.00");
    }

    #[test]
    fn right_columns_line_up_on_the_right() {
        let mut out = Vec::new();
        let rows = vec![vec!["a".to_string(), "1.00".to_string()], vec!["b".to_string(), "1,000.00".to_string()]];
        table_right(&mut out, &["K", "AMOUNT"], &rows, &[1]).unwrap();
        let text = String::from_utf8(out).unwrap();
        let lengths: Vec<usize> = text.lines().map(width).collect();
        assert!(lengths.windows(2).all(|w| w[0] == w[1]), "{text}");
    }

    #[test]
    fn table_aligns_wide_text() {
        let mut out = Vec::new();
        let rows = vec![vec!["한빛".to_string(), "x".to_string()], vec!["ab".to_string(), "y".to_string()]];
        table(&mut out, &["NAME", "V"], &rows).unwrap();
        let text = String::from_utf8(out).unwrap();
        let columns: Vec<usize> = text.lines().map(|l| width(&l[..l.rfind(' ').unwrap()]) + 1).collect();
        assert!(columns.windows(2).all(|w| w[0] == w[1]), "{text}");
    }
}
