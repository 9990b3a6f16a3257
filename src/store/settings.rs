//! Office-wide settings kept as key/value pairs: company name, currency, code counters.

use super::db::{Db, OptionalExtension};
use super::{Result, Store};
use crate::domain::money::{AMOUNT_DECIMALS, Currency};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompanySettings {
    pub company_name: String,
    pub currency: Currency,
}

pub(crate) const WELCOME_DONE: &str = "welcome_done";

impl Store {
    pub fn setting(&self, key: &str) -> Result<Option<String>> {
        read_setting(self.conn(), key)
    }

    pub fn set_setting(&self, key: &str, value: &str) -> Result<()> {
        write_setting(self.conn(), key, value)
    }

    pub fn company_settings(&self) -> Result<CompanySettings> {
        let defaults = CompanySettings::default();
        Ok(CompanySettings {
            company_name: self.setting("company_name")?.unwrap_or(defaults.company_name),
            currency: self.currency()?,
        })
    }

    /// The office's currency: its symbol and decimals ($ and 2 until set).
    pub fn currency(&self) -> Result<Currency> {
        read_currency(self.conn())
    }

    pub fn save_company_settings(&mut self, settings: &CompanySettings) -> Result<()> {
        let tx = self.write_tx()?;
        write_company_settings(&tx, settings)?;
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

    /// The welcome's "Start empty": the book keeps its amounts in `currency` from now on and the
    /// welcome is not offered again, both or neither.
    pub fn start_empty(&mut self, currency: &Currency) -> Result<()> {
        let mut settings = self.company_settings()?;
        settings.currency = currency.clone();
        let tx = self.write_tx()?;
        write_company_settings(&tx, &settings)?;
        write_setting(&tx, WELCOME_DONE, "yes")?;
        tx.commit()?;
        Ok(())
    }
}

/// The office's currency as `conn` sees it, so a saving transaction reads the one it writes under.
pub(crate) fn read_currency(conn: &Db) -> Result<Currency> {
    let default = Currency::default();
    let symbol = read_setting(conn, "currency_symbol")?.unwrap_or(default.symbol);
    let decimals = read_setting(conn, "currency_decimals")?.and_then(|d| d.trim().parse::<u32>().ok());
    Ok(Currency::new(symbol, decimals.filter(|d| *d <= AMOUNT_DECIMALS).unwrap_or(default.decimals)))
}

fn write_company_settings(conn: &Db, settings: &CompanySettings) -> Result<()> {
    let decimals = settings.currency.decimals.min(AMOUNT_DECIMALS).to_string();
    write_setting(conn, "company_name", settings.company_name.trim())?;
    write_setting(conn, "currency_symbol", settings.currency.symbol.trim())?;
    write_setting(conn, "currency_decimals", &decimals)
}

pub(crate) fn read_setting(conn: &Db, key: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT value FROM settings WHERE key = ?1")?
        .query_row([key], |row| row.get(0))
        .optional()?)
}

pub(crate) fn write_setting(conn: &Db, key: &str, value: &str) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO settings (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    )?
    .execute([key, value])?;
    Ok(())
}
