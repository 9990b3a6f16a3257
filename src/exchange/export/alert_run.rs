//! One alert run as a workbook: the matching customers with their figures, and a sheet saying
//! which rule ran, when, over which period and against which threshold.

use super::{Column, ColumnKind, ExportCell, ExportError, XlsxExport};
use crate::domain::alerts::Measure;
use crate::store::Store;
use std::path::Path;

/// The figure's column: money in the book's currency, or plain days and percentages.
fn figure_column(measure: Measure) -> Column {
    let kind = match measure {
        Measure::OverdueDays | Measure::DaysSinceSale => ColumnKind::Integer,
        Measure::CreditUsedPct => ColumnKind::Percent,
        _ => ColumnKind::Amount,
    };
    let header = match measure {
        Measure::OverdueDays | Measure::DaysSinceSale => format!("{} (days)", capitalised(&measure.to_string())),
        _ => capitalised(&measure.to_string()),
    };
    Column::new(header, kind, 18.0)
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|first| first.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// Writes run `run_id` to `path`; returns how many customers it lists.
pub fn export_alert_run(store: &Store, run_id: i64, path: &Path) -> Result<u64, ExportError> {
    let report = store.alert_report(run_id)?;
    let symbol = store.currency()?;
    let run = &report.run;
    let mut export = XlsxExport::new(path, &symbol)?;
    let measure = run.rule.measure;
    let columns = vec![
        Column::new("Code", ColumnKind::Text, 12.0),
        Column::new("Name", ColumnKind::Text, 32.0),
        figure_column(measure),
        Column::new("Threshold", figure_column(measure).kind, 16.0),
    ];
    let rows = report.matches.iter().map(|found| {
        let figure = |value| match measure {
            Measure::OverdueDays | Measure::DaysSinceSale => {
                ExportCell::Integer(rust_decimal::prelude::ToPrimitive::to_i64(&value).unwrap_or_default())
            }
            _ => ExportCell::Decimal(value),
        };
        Ok(vec![
            ExportCell::Text(found.code.clone()),
            ExportCell::text(&found.name),
            figure(found.value),
            figure(run.threshold),
        ])
    });
    let written = export.add_sheet("Matches", &columns, rows, None)?;
    let about = [
        ("Rule", run.rule.name.clone()),
        ("Looked for", run.headline.clone()),
        (
            "Scheduled for",
            run.slot.map_or_else(|| "run by hand".to_string(), |s| s.format("%Y-%m-%d %H:%M").to_string()),
        ),
        ("Ran at", run.ran_at.format("%Y-%m-%d %H:%M:%S").to_string()),
        ("Late", if run.late { "yes: the program was not running at the scheduled time".into() } else { "no".into() }),
        (
            "Period",
            run.period.map_or_else(|| "as it stood that day".to_string(), |p| format!("{} to {}", p.from, p.to)),
        ),
        ("Customers", run.match_count.to_string()),
        ("Recipients", run.rule.recipients.iter().map(|r| r.shown()).collect::<Vec<_>>().join(", ")),
    ];
    let about_columns =
        [Column::new("About this run", ColumnKind::Text, 16.0), Column::new("", ColumnKind::Text, 60.0)];
    let about_rows =
        about.into_iter().map(|(label, value)| Ok(vec![ExportCell::Text(label.into()), ExportCell::text(&value)]));
    export.add_sheet("Run", &about_columns, about_rows, None)?;
    export.save()?;
    Ok(written)
}
