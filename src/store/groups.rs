//! Group axes and their values: create, rename, remove, list.

use super::db::{Db, OptionalExtension};
use super::{Result, Store, StoreError};
use crate::domain::group::{GroupAxis, GroupValue, validate_name};

pub(crate) fn axis_id(conn: &Db, name: &str) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached("SELECT id FROM group_axes WHERE lower(name) = lower(?1)")?
        .query_row([name.trim()], |r| r.get(0))
        .optional()?)
}

pub(crate) fn value_id(conn: &Db, axis_id: i64, name: &str) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached("SELECT id FROM group_values WHERE axis_id = ?1 AND lower(name) = lower(?2)")?
        .query_row(super::db::params![axis_id, name.trim()], |r| r.get(0))
        .optional()?)
}

/// The value's id, creating the value on that axis when it is new.
/// Adds the axis `name` (already validated) last in order; returns its id.
pub(crate) fn insert_axis(conn: &Db, name: &str) -> Result<i64> {
    let position: i64 = conn.query_row("SELECT COALESCE(MAX(position) + 1, 0) FROM group_axes", [], |r| r.get(0))?;
    conn.execute("INSERT INTO group_axes (name, position) VALUES (?1, ?2)", super::db::params![name, position])
        .map_err(|e| constraint_to(e, StoreError::DuplicateAxis(name.to_string())))?;
    Ok(conn.last_insert_rowid()?)
}

pub(crate) fn ensure_value(conn: &Db, axis_id: i64, name: &str) -> Result<i64> {
    let name = validate_name(name)?;
    if let Some(id) = value_id(conn, axis_id, &name)? {
        return Ok(id);
    }
    conn.prepare_cached("INSERT INTO group_values (axis_id, name) VALUES (?1, ?2)")?
        .execute(super::db::params![axis_id, name])?;
    Ok(conn.last_insert_rowid()?)
}

fn constraint_to(error: super::db::DbError, duplicate: StoreError) -> StoreError {
    match error {
        ref e if e.is_constraint() => duplicate,
        _ => error.into(),
    }
}

impl Store {
    /// Every axis with its values, axes in their order and values alphabetically.
    pub fn group_axes(&self) -> Result<Vec<GroupAxis>> {
        let mut axes: Vec<GroupAxis> = self
            .conn()
            .prepare_cached("SELECT id, name FROM group_axes ORDER BY position, id")?
            .query_map([], |r| Ok(GroupAxis { id: r.get(0)?, name: r.get(1)?, values: Vec::new() }))?
            .collect::<super::db::Result<_>>()?;
        let mut statement = self
            .conn()
            .prepare_cached("SELECT id, name FROM group_values WHERE axis_id = ?1 ORDER BY lower(name), id")?;
        for axis in &mut axes {
            axis.values = statement
                .query_map([axis.id], |r| Ok(GroupValue { id: r.get(0)?, name: r.get(1)? }))?
                .collect::<super::db::Result<_>>()?;
        }
        Ok(axes)
    }

    pub fn add_axis(&mut self, name: &str) -> Result<GroupAxis> {
        let name = validate_name(name)?;
        let tx = self.write_tx()?;
        let id = insert_axis(&tx, &name)?;
        tx.commit()?;
        Ok(GroupAxis { id, name, values: Vec::new() })
    }

    pub fn rename_axis(&mut self, id: i64, name: &str) -> Result<()> {
        let name = validate_name(name)?;
        self.conn()
            .execute("UPDATE group_axes SET name = ?2 WHERE id = ?1", super::db::params![id, name])
            .map_err(|e| constraint_to(e, StoreError::DuplicateAxis(name.clone())))?;
        Ok(())
    }

    /// Removes an axis, its values and every customer's membership on it.
    pub fn delete_axis(&mut self, id: i64) -> Result<()> {
        self.conn().execute("DELETE FROM group_axes WHERE id = ?1", [id])?;
        Ok(())
    }

    /// Adds `value` to `axis`, creating the axis when it does not exist yet.
    /// Returns the value; an existing value is returned as it is.
    pub fn ensure_group(&mut self, axis: &str, value: &str) -> Result<GroupValue> {
        let axis = validate_name(axis)?;
        let value = validate_name(value)?;
        let tx = self.write_tx()?;
        let axis_id = match axis_id(&tx, &axis)? {
            Some(id) => id,
            None => {
                let position: i64 =
                    tx.query_row("SELECT COALESCE(MAX(position) + 1, 0) FROM group_axes", [], |r| r.get(0))?;
                tx.execute(
                    "INSERT INTO group_axes (name, position) VALUES (?1, ?2)",
                    super::db::params![axis, position],
                )?;
                tx.last_insert_rowid()?
            }
        };
        let id = ensure_value(&tx, axis_id, &value)?;
        let name: String = tx.query_row("SELECT name FROM group_values WHERE id = ?1", [id], |r| r.get(0))?;
        tx.commit()?;
        Ok(GroupValue { id, name })
    }

    pub fn add_group_value(&mut self, axis_id: i64, value: &str) -> Result<GroupValue> {
        let name = validate_name(value)?;
        let axis_name: String = self
            .conn()
            .query_row("SELECT name FROM group_axes WHERE id = ?1", [axis_id], |r| r.get(0))
            .optional()?
            .ok_or_else(|| StoreError::UnknownAxis(format!("#{axis_id}")))?;
        self.conn()
            .execute("INSERT INTO group_values (axis_id, name) VALUES (?1, ?2)", super::db::params![axis_id, name])
            .map_err(|e| constraint_to(e, StoreError::DuplicateGroupValue { axis: axis_name, value: name.clone() }))?;
        Ok(GroupValue { id: self.conn().last_insert_rowid()?, name })
    }

    pub fn rename_group_value(&mut self, id: i64, name: &str) -> Result<()> {
        let name = validate_name(name)?;
        self.conn().execute("UPDATE group_values SET name = ?2 WHERE id = ?1", super::db::params![id, name]).map_err(
            |e| constraint_to(e, StoreError::DuplicateGroupValue { axis: String::new(), value: name.clone() }),
        )?;
        Ok(())
    }

    /// Removes a value; customers that held it keep no value on that axis.
    pub fn delete_group_value(&mut self, id: i64) -> Result<()> {
        self.conn().execute("DELETE FROM group_values WHERE id = ?1", [id])?;
        Ok(())
    }

    /// How many customers hold this group value.
    pub fn group_value_usage(&self, id: i64) -> Result<u64> {
        Ok(self
            .conn()
            .query_row("SELECT COUNT(*) FROM customer_groups WHERE value_id = ?1", [id], |r| r.get::<_, i64>(0))?
            as u64)
    }

    /// Resolves `AXIS=VALUE` filters to value ids; an unknown axis is an error,
    /// an unknown value matches nobody (`None`).
    pub fn resolve_group_filters(&self, pairs: &[(String, String)]) -> Result<Option<Vec<i64>>> {
        let mut ids = Vec::with_capacity(pairs.len());
        for (axis, value) in pairs {
            let axis_id = axis_id(self.conn(), axis)?.ok_or_else(|| StoreError::UnknownAxis(axis.clone()))?;
            match value_id(self.conn(), axis_id, value)? {
                Some(id) => ids.push(id),
                None => return Ok(None),
            }
        }
        Ok(Some(ids))
    }
}
