//! Remembered import mappings: the targets a clerk last chose for a file's columns, found again
//! by the file's headers so the next file of the same shape comes in mapped the same way.

use super::db::OptionalExtension;
use super::{Result, Store, StoreError, now_text};
use crate::domain::import::normalize_header;

/// The key a header list is remembered under: the headers as matching sees them, so "Tax No."
/// and "tax_no" are the same file shape.
fn header_key(headers: &[String]) -> Result<String> {
    let normalized: Vec<String> = headers.iter().map(|h| normalize_header(h)).collect();
    serde_json::to_string(&normalized).map_err(|e| StoreError::Sqlite(e.to_string()))
}

impl Store {
    /// Remembers `targets` (one per column: a target's key such as `code`, `group:Region`,
    /// `custom:tier`, or `None` for "not imported") for files of `kind` with these headers.
    /// A later call for the same headers replaces it.
    pub fn remember_mapping(&self, kind: &str, headers: &[String], targets: &[Option<String>]) -> Result<()> {
        if targets.len() != headers.len() {
            return Err(StoreError::Rejected(format!(
                "a mapping of {} columns cannot be remembered for {} headers",
                targets.len(),
                headers.len()
            )));
        }
        let targets = serde_json::to_string(targets).map_err(|e| StoreError::Sqlite(e.to_string()))?;
        self.conn()
            .prepare_cached(
                "INSERT INTO import_mappings (kind, headers, targets, updated_at) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (kind, headers) DO UPDATE SET targets = excluded.targets, updated_at = excluded.updated_at",
            )?
            .execute([kind, &header_key(headers)?, &targets, &now_text()])?;
        Ok(())
    }

    /// The targets remembered for files of `kind` with these headers, one per column, if any.
    /// A damaged or mismatched record counts as none: the columns are then guessed afresh.
    pub fn remembered_mapping(&self, kind: &str, headers: &[String]) -> Result<Option<Vec<Option<String>>>> {
        let stored: Option<String> = self
            .conn()
            .prepare_cached("SELECT targets FROM import_mappings WHERE kind = ?1 AND headers = ?2")?
            .query_row([kind, &header_key(headers)?], |r| r.get(0))
            .optional()?;
        Ok(stored
            .and_then(|json| serde_json::from_str::<Vec<Option<String>>>(&json).ok())
            .filter(|targets| targets.len() == headers.len()))
    }

    /// The remembered choices for these headers, by column, as `Catalog::guess` takes them
    /// (`parse` turns a stored key back into a target). A target the book no longer has (a
    /// custom field deleted since) is left out, so its column is guessed afresh.
    pub fn remembered_targets<T>(
        &self,
        kind: &str,
        headers: &[String],
        parse: impl Fn(&str) -> Option<T>,
    ) -> Result<Vec<(usize, Option<T>)>> {
        let Some(keys) = self.remembered_mapping(kind, headers)? else { return Ok(Vec::new()) };
        Ok(keys
            .into_iter()
            .enumerate()
            .filter_map(|(column, key)| match key {
                None => Some((column, None)),
                Some(key) => parse(&key).map(|target| (column, Some(target))),
            })
            .collect())
    }
}
