//! Office-wide settings kept as key/value pairs: company name, currency symbol, code counters.

use super::{Result, Store};
use rusqlite::OptionalExtension;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompanySettings {
    pub company_name: String,
    pub currency_symbol: String,
}

impl Default for CompanySettings {
    fn default() -> CompanySettings {
        CompanySettings { company_name: String::new(), currency_symbol: "$".into() }
    }
}

pub(crate) const WELCOME_DONE: &str = "welcome_done";

impl Store {
    pub fn setting(&self, key: &str) -> Result<Option<String>> {
        Ok(self
            .conn()
            .prepare_cached("SELECT value FROM settings WHERE key = ?1")?
            .query_row([key], |row| row.get(0))
            .optional()?)
    }

    pub fn set_setting(&self, key: &str, value: &str) -> Result<()> {
        self.conn()
            .prepare_cached(
                "INSERT INTO settings (key, value) VALUES (?1, ?2)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            )?
            .execute([key, value])?;
        Ok(())
    }

    pub fn company_settings(&self) -> Result<CompanySettings> {
        let defaults = CompanySettings::default();
        Ok(CompanySettings {
            company_name: self.setting("company_name")?.unwrap_or(defaults.company_name),
            currency_symbol: self.setting("currency_symbol")?.unwrap_or(defaults.currency_symbol),
        })
    }

    pub fn save_company_settings(&mut self, settings: &CompanySettings) -> Result<()> {
        let tx = self.conn.transaction()?;
        for (key, value) in
            [("company_name", settings.company_name.trim()), ("currency_symbol", settings.currency_symbol.trim())]
        {
            tx.prepare_cached(
                "INSERT INTO settings (key, value) VALUES (?1, ?2)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            )?
            .execute([key, value])?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Whether the first-start welcome should be offered: an empty book that
    /// nobody has chosen to start empty yet.
    pub fn needs_welcome(&self) -> Result<bool> {
        Ok(self.customer_count()? == 0 && self.setting(WELCOME_DONE)?.is_none())
    }

    /// Whether nothing at all was written yet: no customers, fields, groups,
    /// settings, items or vouchers (e.g. a file a failed command just created).
    pub fn holds_nothing(&self) -> Result<bool> {
        let rows: i64 = self.conn().query_row(
            "SELECT (SELECT COUNT(*) FROM customers) + (SELECT COUNT(*) FROM field_defs)
                  + (SELECT COUNT(*) FROM group_axes) + (SELECT COUNT(*) FROM settings)
                  + (SELECT COUNT(*) FROM items) + (SELECT COUNT(*) FROM vouchers)",
            [],
            |row| row.get(0),
        )?;
        Ok(rows == 0)
    }

    pub fn mark_welcome_done(&self) -> Result<()> {
        self.set_setting(WELCOME_DONE, "yes")
    }
}
