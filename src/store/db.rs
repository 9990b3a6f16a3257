//! The seam between the store's operations and the two engines a book can live in: an SQLite
//! file on this computer, or a PostgreSQL database on the office's server.
//!
//! Every operation in `store/` is written once against [`Db`]: statements, parameters, rows and
//! transactions look the same for both engines. SQL is written in SQLite's form with numbered
//! parameters (`?1`, `?2`); for PostgreSQL the parameters become `$1`, `$2` when the statement is
//! prepared. Where the two dialects differ, the operation gives both texts side by side with
//! [`Db::pick`], so each dialect of a query lives in one place.
//!
//! Values cross the seam as [`Value`]s, which adapt to the column PostgreSQL expects (an integer
//! for a `BIGINT`, `INTEGER` or `BOOLEAN` column, text for `TEXT`, a number for `NUMERIC`), as
//! SQLite's own typing does. Rows are read with [`Row::get`] into the same Rust types.

use postgres::types::{IsNull, ToSql, Type, to_sql_checked};
use rust_decimal::Decimal;
use std::borrow::Cow;
use std::cell::{Cell, RefCell};
use std::collections::HashMap;

/// Which engine a book lives in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

/// Why a statement failed, in the terms the store acts on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DbError {
    /// A statement that must return a row returned none.
    NoRows,
    /// A UNIQUE, PRIMARY KEY, CHECK, NOT NULL or FOREIGN KEY rule refused the write. `on` names
    /// what was violated as "table.column" (or the constraint's name) where the engine says.
    Constraint { on: String, message: String },
    /// Another writer holds the book (SQLite) or a lock wait ran out.
    Busy,
    /// The disk is full.
    DiskFull,
    /// The book cannot be written.
    ReadOnly,
    /// The server does not let this login do it; the server's words.
    NotAllowed(String),
    /// PostgreSQL gave up one of two transactions that met (serialization failure or deadlock);
    /// running the whole transaction again succeeds.
    Retry,
    /// The server went away or cannot be reached.
    ConnectionLost(String),
    /// A value read did not fit the Rust type asked for.
    Conversion(String),
    /// Anything else, in the engine's words.
    Other(String),
}

pub type Result<T, E = DbError> = std::result::Result<T, E>;

impl std::fmt::Display for DbError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DbError::NoRows => f.write_str("no row was found"),
            DbError::Constraint { message, .. } => f.write_str(message),
            DbError::Busy => f.write_str("the book is busy (another program is writing)"),
            DbError::DiskFull => f.write_str("the disk is full"),
            DbError::ReadOnly => f.write_str("the book is read-only"),
            DbError::NotAllowed(why) => write!(f, "the server does not allow it ({why})"),
            DbError::Retry => f.write_str("another clerk's change met this one; try again"),
            DbError::ConnectionLost(why) => write!(f, "the connection to the server was lost ({why})"),
            DbError::Conversion(why) | DbError::Other(why) => f.write_str(why),
        }
    }
}

impl std::error::Error for DbError {}

impl DbError {
    /// Whether a UNIQUE (or other) rule on `table.column` refused the write.
    pub fn is_constraint_on(&self, table_column: &str) -> bool {
        matches!(self, DbError::Constraint { on, .. } if on.split(", ").any(|part| part == table_column))
    }

    pub fn is_constraint(&self) -> bool {
        matches!(self, DbError::Constraint { .. })
    }
}

impl From<rusqlite::Error> for DbError {
    fn from(error: rusqlite::Error) -> DbError {
        use rusqlite::ErrorCode;
        match &error {
            rusqlite::Error::QueryReturnedNoRows => return DbError::NoRows,
            rusqlite::Error::FromSqlConversionFailure(..)
            | rusqlite::Error::IntegralValueOutOfRange(..)
            | rusqlite::Error::InvalidColumnType(..) => return DbError::Conversion(error.to_string()),
            _ => {}
        }
        match error.sqlite_error_code() {
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => DbError::Busy,
            Some(ErrorCode::DiskFull) => DbError::DiskFull,
            Some(ErrorCode::ReadOnly) => DbError::ReadOnly,
            Some(ErrorCode::ConstraintViolation) => {
                let message = error.to_string();
                // "UNIQUE constraint failed: group_values.axis_id, group_values.name"
                let on = message.split_once("failed: ").map(|(_, on)| on.to_string()).unwrap_or_default();
                DbError::Constraint { on, message }
            }
            _ => DbError::Other(error.to_string()),
        }
    }
}

impl From<postgres::Error> for DbError {
    fn from(error: postgres::Error) -> DbError {
        use postgres::error::SqlState;
        if error.is_closed() {
            return DbError::ConnectionLost(error.to_string());
        }
        let Some(db) = error.as_db_error() else {
            // I/O, TLS or protocol trouble: the connection is no longer usable.
            let text = error.to_string();
            return if text.contains("error connecting") || text.contains("communicating with the server") {
                DbError::ConnectionLost(text)
            } else if text.contains("deserializing") || text.contains("serializing") {
                DbError::Conversion(text)
            } else {
                DbError::Other(text)
            };
        };
        let code = db.code();
        if *code == SqlState::T_R_SERIALIZATION_FAILURE || *code == SqlState::T_R_DEADLOCK_DETECTED {
            DbError::Retry
        } else if *code == SqlState::LOCK_NOT_AVAILABLE || *code == SqlState::QUERY_CANCELED {
            DbError::Busy
        } else if *code == SqlState::DISK_FULL || *code == SqlState::OUT_OF_MEMORY {
            DbError::DiskFull
        } else if *code == SqlState::READ_ONLY_SQL_TRANSACTION {
            DbError::ReadOnly
        } else if *code == SqlState::INSUFFICIENT_PRIVILEGE {
            DbError::NotAllowed(db.message().to_string())
        } else if code.code().starts_with("23") {
            // Name the columns as SQLite does ("table.column, table.column"), from the detail
            // "Key (axis_id, name)=(3, North) already exists.", so one check serves both engines.
            let table = db.table().unwrap_or_default();
            let columns = db
                .detail()
                .and_then(|d| d.strip_prefix("Key ("))
                .and_then(|d| d.split_once(")="))
                .map(|(columns, _)| columns.to_string())
                .or_else(|| db.column().map(str::to_string))
                .unwrap_or_default();
            let mut on = columns
                .split(", ")
                .filter(|c| !c.is_empty())
                .map(|c| format!("{table}.{}", c.trim_matches('"')))
                .collect::<Vec<_>>()
                .join(", ");
            if let Some(constraint) = db.constraint() {
                if !on.is_empty() {
                    on.push_str(", ");
                }
                on.push_str(constraint);
            }
            DbError::Constraint { on, message: db.message().to_string() }
        } else if code.code().starts_with("08") || code.code().starts_with("57P") {
            DbError::ConnectionLost(db.message().to_string())
        } else {
            DbError::Other(db.message().to_string())
        }
    }
}

/// A value bound to a statement's parameter.
#[derive(Debug, Clone, PartialEq)]
pub enum Value<'a> {
    Null,
    Integer(i64),
    Real(f64),
    Text(Cow<'a, str>),
    Blob(Cow<'a, [u8]>),
}

impl<'a> Value<'a> {
    pub fn text(text: impl Into<Cow<'a, str>>) -> Value<'a> {
        Value::Text(text.into())
    }

    pub fn into_owned(self) -> Value<'static> {
        match self {
            Value::Null => Value::Null,
            Value::Integer(i) => Value::Integer(i),
            Value::Real(r) => Value::Real(r),
            Value::Text(t) => Value::Text(Cow::Owned(t.into_owned())),
            Value::Blob(b) => Value::Blob(Cow::Owned(b.into_owned())),
        }
    }
}

impl From<String> for Value<'static> {
    fn from(text: String) -> Self {
        Value::Text(Cow::Owned(text))
    }
}
impl<'a> From<&'a str> for Value<'a> {
    fn from(text: &'a str) -> Self {
        Value::Text(Cow::Borrowed(text))
    }
}
impl From<i64> for Value<'static> {
    fn from(i: i64) -> Self {
        Value::Integer(i)
    }
}
impl From<bool> for Value<'static> {
    fn from(b: bool) -> Self {
        Value::Integer(i64::from(b))
    }
}
impl From<f64> for Value<'static> {
    fn from(r: f64) -> Self {
        Value::Real(r)
    }
}
impl<'a, T: Into<Value<'a>>> From<Option<T>> for Value<'a> {
    fn from(value: Option<T>) -> Self {
        value.map_or(Value::Null, Into::into)
    }
}

/// What can be bound to a parameter: the Rust types the store binds.
pub trait ToValue {
    fn to_value(&self) -> Value<'_>;
}

macro_rules! int_value {
    ($($t:ty),*) => {$(
        impl ToValue for $t {
            fn to_value(&self) -> Value<'_> {
                Value::Integer(*self as i64)
            }
        }
    )*};
}
int_value!(i64, i32, i16, i8, u32, u16, u8, usize, u64);

impl ToValue for bool {
    fn to_value(&self) -> Value<'_> {
        Value::Integer(i64::from(*self))
    }
}
impl ToValue for f64 {
    fn to_value(&self) -> Value<'_> {
        Value::Real(*self)
    }
}
impl ToValue for str {
    fn to_value(&self) -> Value<'_> {
        Value::Text(Cow::Borrowed(self))
    }
}
impl ToValue for String {
    fn to_value(&self) -> Value<'_> {
        Value::Text(Cow::Borrowed(self))
    }
}
impl ToValue for Cow<'_, str> {
    fn to_value(&self) -> Value<'_> {
        Value::Text(Cow::Borrowed(self))
    }
}
impl ToValue for [u8] {
    fn to_value(&self) -> Value<'_> {
        Value::Blob(Cow::Borrowed(self))
    }
}
impl ToValue for Vec<u8> {
    fn to_value(&self) -> Value<'_> {
        Value::Blob(Cow::Borrowed(self))
    }
}
impl ToValue for Value<'_> {
    fn to_value(&self) -> Value<'_> {
        match self {
            Value::Null => Value::Null,
            Value::Integer(i) => Value::Integer(*i),
            Value::Real(r) => Value::Real(*r),
            Value::Text(t) => Value::Text(Cow::Borrowed(t)),
            Value::Blob(b) => Value::Blob(Cow::Borrowed(b)),
        }
    }
}
impl<T: ToValue + ?Sized> ToValue for &T {
    fn to_value(&self) -> Value<'_> {
        (**self).to_value()
    }
}
impl<T: ToValue> ToValue for Option<T> {
    fn to_value(&self) -> Value<'_> {
        match self {
            Some(value) => value.to_value(),
            None => Value::Null,
        }
    }
}

/// A statement's parameters: `params![a, b]`, an array of one type, `[]` for none, or a list
/// built at run time ([`params_from_iter`]).
pub trait Params {
    fn each(&self, bind: &mut dyn FnMut(Value<'_>) -> Result<()>) -> Result<()>;
}

impl Params for [&dyn ToValue; 0] {
    fn each(&self, _bind: &mut dyn FnMut(Value<'_>) -> Result<()>) -> Result<()> {
        Ok(())
    }
}
macro_rules! array_params {
    ($($n:literal)*) => {$(
        impl<T: ToValue> Params for [T; $n] {
            fn each(&self, bind: &mut dyn FnMut(Value<'_>) -> Result<()>) -> Result<()> {
                self.iter().try_for_each(|v| bind(v.to_value()))
            }
        }
    )*};
}
array_params!(1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16);
impl<T: ToValue> Params for &[T] {
    fn each(&self, bind: &mut dyn FnMut(Value<'_>) -> Result<()>) -> Result<()> {
        self.iter().try_for_each(|v| bind(v.to_value()))
    }
}
impl<T: ToValue> Params for Vec<T> {
    fn each(&self, bind: &mut dyn FnMut(Value<'_>) -> Result<()>) -> Result<()> {
        self.iter().try_for_each(|v| bind(v.to_value()))
    }
}

/// A row limit for `LIMIT ?`: `usize::MAX` (every row) becomes the largest the engines take.
pub fn sql_limit(limit: usize) -> i64 {
    i64::try_from(limit).unwrap_or(i64::MAX)
}

/// A table or column name from the schema, in double quotes for SQL text (`position`, `key` and
/// `last` are words SQL knows); only the book's own names ever reach SQL this way.
pub fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// Ids as the one text parameter of [`Db::among_ids`]: "1,2,3".
pub fn id_list<'a>(ids: impl IntoIterator<Item = &'a i64>) -> String {
    ids.into_iter().map(i64::to_string).collect::<Vec<_>>().join(",")
}

/// Parameters from a list built at run time.
pub fn params_from_iter<T: ToValue, I: IntoIterator<Item = T>>(values: I) -> Vec<T> {
    values.into_iter().collect()
}

/// `params![a, b, c]`: parameters of different types, bound in order as `?1`, `?2`, `?3`.
#[macro_export]
#[doc(hidden)]
macro_rules! db_params {
    () => { &[] as &[&dyn $crate::store::db::ToValue] };
    ($($value:expr),+ $(,)?) => { &[$(&$value as &dyn $crate::store::db::ToValue),+] as &[&dyn $crate::store::db::ToValue] };
}
pub use db_params as params;

fn collect_params(params: &impl Params) -> Result<Vec<Value<'_>>> {
    let mut values = Vec::new();
    params.each(&mut |v| {
        values.push(v.into_owned());
        Ok(())
    })?;
    Ok(values)
}

// --- reading ------------------------------------------------------------------------------

/// One column's value as read, borrowed from its row.
#[derive(Debug, Clone, PartialEq)]
pub enum ValueRef<'a> {
    Null,
    Integer(i64),
    Real(f64),
    Text(&'a str),
    Blob(&'a [u8]),
    /// PostgreSQL's NUMERIC (what its SUM of integers gives) that is not a whole number.
    Numeric(Decimal),
}

impl<'a> ValueRef<'a> {
    pub fn as_str(&self) -> Result<&'a str> {
        match self {
            ValueRef::Text(text) => Ok(text),
            other => Err(DbError::Conversion(format!("expected text, found {other:?}"))),
        }
    }

    pub fn as_str_or_null(&self) -> Result<Option<&'a str>> {
        match self {
            ValueRef::Null => Ok(None),
            other => other.as_str().map(Some),
        }
    }

    pub fn as_i64(&self) -> Result<i64> {
        i64::from_column(self.clone())
    }
}

/// A Rust type a column can be read into.
pub trait FromColumn: Sized {
    fn from_column(value: ValueRef<'_>) -> Result<Self>;
}

fn wrong_type<T>(value: &ValueRef<'_>, wanted: &str) -> Result<T> {
    Err(DbError::Conversion(format!("expected {wanted}, found {value:?}")))
}

impl FromColumn for i64 {
    fn from_column(value: ValueRef<'_>) -> Result<Self> {
        match value {
            ValueRef::Integer(i) => Ok(i),
            // PostgreSQL's SUM of integers is NUMERIC; an integral text is taken as SQLite does.
            ValueRef::Text(t) => t
                .parse::<i64>()
                .ok()
                .or_else(|| {
                    t.parse::<Decimal>().ok().filter(|d| d.fract().is_zero()).and_then(|d| i64::try_from(d).ok())
                })
                .map_or_else(|| wrong_type(&value, "an integer"), Ok),
            other => wrong_type(&other, "an integer"),
        }
    }
}

macro_rules! narrow_int_column {
    ($($t:ty),*) => {$(
        impl FromColumn for $t {
            fn from_column(value: ValueRef<'_>) -> Result<Self> {
                let wide = i64::from_column(value)?;
                <$t>::try_from(wide).map_err(|_| DbError::Conversion(format!("{wide} is out of range")))
            }
        }
    )*};
}
narrow_int_column!(i32, u32, u64, usize, i16, u16, u8);

impl FromColumn for bool {
    fn from_column(value: ValueRef<'_>) -> Result<Self> {
        Ok(i64::from_column(value)? != 0)
    }
}

impl FromColumn for f64 {
    fn from_column(value: ValueRef<'_>) -> Result<Self> {
        match value {
            ValueRef::Integer(i) => Ok(i as f64),
            ValueRef::Real(r) => Ok(r),
            ValueRef::Text(t) => t.parse().map_or_else(|_| wrong_type(&value, "a number"), Ok),
            ValueRef::Numeric(d) => Ok(f64::try_from(d).unwrap_or(f64::NAN)),
            other => wrong_type(&other, "a number"),
        }
    }
}

impl FromColumn for String {
    fn from_column(value: ValueRef<'_>) -> Result<Self> {
        match value {
            ValueRef::Text(t) => Ok(t.to_string()),
            ValueRef::Numeric(d) => Ok(d.normalize().to_string()),
            other => wrong_type(&other, "text"),
        }
    }
}

impl FromColumn for Vec<u8> {
    fn from_column(value: ValueRef<'_>) -> Result<Self> {
        match value {
            ValueRef::Blob(b) => Ok(b.to_vec()),
            ValueRef::Text(t) => Ok(t.as_bytes().to_vec()),
            other => wrong_type(&other, "bytes"),
        }
    }
}

impl<T: FromColumn> FromColumn for Option<T> {
    fn from_column(value: ValueRef<'_>) -> Result<Self> {
        match value {
            ValueRef::Null => Ok(None),
            other => T::from_column(other).map(Some),
        }
    }
}

/// A column named by position or by name.
pub trait ColumnIndex: Copy + std::fmt::Display {
    fn sqlite_index(self, row: &rusqlite::Row<'_>) -> Result<usize>;
    fn pg_index(self, row: &postgres::Row) -> Result<usize>;
}

impl ColumnIndex for usize {
    fn sqlite_index(self, _row: &rusqlite::Row<'_>) -> Result<usize> {
        Ok(self)
    }
    fn pg_index(self, row: &postgres::Row) -> Result<usize> {
        if self < row.len() { Ok(self) } else { Err(DbError::Other(format!("no column {self}"))) }
    }
}

impl ColumnIndex for &str {
    fn sqlite_index(self, row: &rusqlite::Row<'_>) -> Result<usize> {
        row.as_ref().column_index(self).map_err(DbError::from)
    }
    fn pg_index(self, row: &postgres::Row) -> Result<usize> {
        row.columns().iter().position(|c| c.name() == self).ok_or_else(|| DbError::Other(format!("no column {self}")))
    }
}

/// One row of a result, from either engine.
pub enum Row<'a> {
    Sqlite(&'a rusqlite::Row<'a>),
    Postgres(&'a postgres::Row),
}

impl<'a> Row<'a> {
    pub fn get<I: ColumnIndex, T: FromColumn>(&self, column: I) -> Result<T> {
        T::from_column(self.get_ref(column)?).map_err(|e| match e {
            DbError::Conversion(why) => DbError::Conversion(format!("column {column}: {why}")),
            other => other,
        })
    }

    /// The position of the column named `name`.
    pub fn column_index(&self, name: &str) -> Result<usize> {
        match self {
            Row::Sqlite(row) => name.sqlite_index(row),
            Row::Postgres(row) => name.pg_index(row),
        }
    }

    pub fn get_ref<I: ColumnIndex>(&self, column: I) -> Result<ValueRef<'a>> {
        match self {
            Row::Sqlite(row) => {
                let index = column.sqlite_index(row)?;
                Ok(match row.get_ref(index)? {
                    rusqlite::types::ValueRef::Null => ValueRef::Null,
                    rusqlite::types::ValueRef::Integer(i) => ValueRef::Integer(i),
                    rusqlite::types::ValueRef::Real(r) => ValueRef::Real(r),
                    rusqlite::types::ValueRef::Text(t) => {
                        ValueRef::Text(std::str::from_utf8(t).map_err(|e| DbError::Conversion(e.to_string()))?)
                    }
                    rusqlite::types::ValueRef::Blob(b) => ValueRef::Blob(b),
                })
            }
            Row::Postgres(row) => {
                let index = column.pg_index(row)?;
                pg_value(row, index)
            }
        }
    }
}

/// A PostgreSQL column read as the flexible value SQLite would give.
fn pg_value<'a>(row: &'a postgres::Row, index: usize) -> Result<ValueRef<'a>> {
    let ty = row.columns()[index].type_();
    let value = match *ty {
        Type::INT8 => row.try_get::<_, Option<i64>>(index)?.map(ValueRef::Integer),
        Type::INT4 => row.try_get::<_, Option<i32>>(index)?.map(|i| ValueRef::Integer(i.into())),
        Type::INT2 => row.try_get::<_, Option<i16>>(index)?.map(|i| ValueRef::Integer(i.into())),
        Type::BOOL => row.try_get::<_, Option<bool>>(index)?.map(|b| ValueRef::Integer(b.into())),
        Type::FLOAT8 => row.try_get::<_, Option<f64>>(index)?.map(ValueRef::Real),
        Type::FLOAT4 => row.try_get::<_, Option<f32>>(index)?.map(|r| ValueRef::Real(r.into())),
        Type::NUMERIC => row.try_get::<_, Option<Decimal>>(index)?.map(|d| match i64::try_from(d) {
            Ok(i) if d.fract().is_zero() => ValueRef::Integer(i),
            _ => ValueRef::Numeric(d),
        }),
        Type::BYTEA => row.try_get::<_, Option<&[u8]>>(index)?.map(ValueRef::Blob),
        _ => row.try_get::<_, Option<&str>>(index)?.map(ValueRef::Text),
    };
    Ok(value.unwrap_or(ValueRef::Null))
}

/// `.optional()` on a single-row read: no row is `None`.
pub trait OptionalExtension<T> {
    fn optional(self) -> Result<Option<T>>;
}

impl<T> OptionalExtension<T> for Result<T> {
    fn optional(self) -> Result<Option<T>> {
        match self {
            Ok(value) => Ok(Some(value)),
            Err(DbError::NoRows) => Ok(None),
            Err(other) => Err(other),
        }
    }
}

// --- PostgreSQL parameters --------------------------------------------------------------------

/// A value sent to PostgreSQL in the type the statement's parameter has there, as SQLite would
/// store it in a column of that affinity.
#[derive(Debug)]
struct PgParam<'a>(Value<'a>);

impl ToSql for PgParam<'_> {
    fn to_sql(
        &self,
        ty: &Type,
        out: &mut bytes::BytesMut,
    ) -> std::result::Result<IsNull, Box<dyn std::error::Error + Sync + Send>> {
        let mismatch = || -> Box<dyn std::error::Error + Sync + Send> {
            format!("cannot send {:?} as a parameter of type {ty}", self.0).into()
        };
        match (&self.0, ty) {
            (Value::Null, _) => Ok(IsNull::Yes),
            (Value::Integer(i), &Type::INT8) => i.to_sql(ty, out),
            (Value::Integer(i), &Type::INT4) => i32::try_from(*i).map_err(|_| mismatch())?.to_sql(ty, out),
            (Value::Integer(i), &Type::INT2) => i16::try_from(*i).map_err(|_| mismatch())?.to_sql(ty, out),
            (Value::Integer(i), &Type::BOOL) => (*i != 0).to_sql(ty, out),
            (Value::Integer(i), &Type::FLOAT8) => (*i as f64).to_sql(ty, out),
            (Value::Integer(i), &Type::NUMERIC) => Decimal::from(*i).to_sql(ty, out),
            (Value::Integer(i), _) if is_text(ty) => i.to_string().as_str().to_sql(ty, out),
            (Value::Real(r), &Type::FLOAT8) => r.to_sql(ty, out),
            (Value::Real(r), &Type::FLOAT4) => (*r as f32).to_sql(ty, out),
            (Value::Real(r), &Type::NUMERIC) => Decimal::try_from(*r).map_err(|_| mismatch())?.to_sql(ty, out),
            (Value::Real(r), _) if is_text(ty) => r.to_string().as_str().to_sql(ty, out),
            (Value::Text(t), _) if is_text(ty) => t.as_ref().to_sql(ty, out),
            // JSON's binary form is its text.
            (Value::Text(t), &Type::JSON) => {
                out.extend_from_slice(t.as_bytes());
                Ok(IsNull::No)
            }
            (Value::Text(t), &Type::NUMERIC) => t.parse::<Decimal>().map_err(|_| mismatch())?.to_sql(ty, out),
            (Value::Text(t), &Type::INT8) => t.parse::<i64>().map_err(|_| mismatch())?.to_sql(ty, out),
            (Value::Blob(b), &Type::BYTEA) => b.as_ref().to_sql(ty, out),
            _ => Err(mismatch()),
        }
    }

    fn accepts(_ty: &Type) -> bool {
        true
    }

    to_sql_checked!();
}

fn is_text(ty: &Type) -> bool {
    matches!(*ty, Type::TEXT | Type::VARCHAR | Type::BPCHAR | Type::NAME | Type::UNKNOWN) || ty.name() == "citext"
}

/// SQLite's `?1` parameters as PostgreSQL's `$1` (a bare `?` takes the next number), leaving
/// string literals, quoted names and comments as they are.
pub fn postgres_sql(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len() + 8);
    let mut chars = sql.chars().peekable();
    let mut next_bare = 1;
    while let Some(c) = chars.next() {
        match c {
            '\'' | '"' => {
                out.push(c);
                for inner in chars.by_ref() {
                    out.push(inner);
                    if inner == c {
                        break;
                    }
                }
            }
            '-' if chars.peek() == Some(&'-') => {
                out.push(c);
                for inner in chars.by_ref() {
                    out.push(inner);
                    if inner == '\n' {
                        break;
                    }
                }
            }
            '?' => {
                let mut digits = String::new();
                while let Some(d) = chars.peek().filter(|d| d.is_ascii_digit()) {
                    digits.push(*d);
                    chars.next();
                }
                out.push('$');
                if digits.is_empty() {
                    out.push_str(&next_bare.to_string());
                    next_bare += 1;
                } else {
                    out.push_str(&digits);
                }
            }
            _ => out.push(c),
        }
    }
    out
}

// --- the connection ---------------------------------------------------------------------------

/// Why a connection to a server could not be made.
#[derive(Debug)]
pub enum ConnectFailure {
    Server(postgres::Error),
    /// The encryption asked for could not be set up on this computer.
    Tls(String),
}

impl From<postgres::Error> for ConnectFailure {
    fn from(error: postgres::Error) -> Self {
        ConnectFailure::Server(error)
    }
}

impl ConnectFailure {
    pub fn describe(&self) -> String {
        match self {
            ConnectFailure::Server(error) => {
                let cause = std::error::Error::source(error).map(|s| s.to_string()).unwrap_or_default();
                if cause.is_empty() { error.to_string() } else { format!("{error}: {cause}") }
            }
            ConnectFailure::Tls(why) => why.clone(),
        }
    }
}

/// A PostgreSQL session: the client, and its prepared statements by SQLite text. A connection
/// the server dropped is made again, with its settings, by the next statement outside a
/// transaction: a clerk's next click works once the server is back.
pub struct PgSession {
    config: postgres::Config,
    client: RefCell<postgres::Client>,
    statements: RefCell<HashMap<String, postgres::Statement>>,
    /// Set by [`Db`] while a transaction is open: a connection lost then is not silently replaced,
    /// since the transaction's work went with it.
    in_transaction: Cell<bool>,
}

impl PgSession {
    pub fn connect(config: postgres::Config) -> std::result::Result<PgSession, ConnectFailure> {
        let client = PgSession::open_client(&config)?;
        Ok(PgSession {
            config,
            client: RefCell::new(client),
            statements: RefCell::new(HashMap::new()),
            in_transaction: Cell::new(false),
        })
    }

    fn open_client(config: &postgres::Config) -> std::result::Result<postgres::Client, ConnectFailure> {
        let mut client = match config.get_ssl_mode() {
            postgres::config::SslMode::Disable => config.connect(postgres::NoTls)?,
            mode => config.connect(super::server::tls(mode).map_err(ConnectFailure::Tls)?)?,
        };
        client.batch_execute(&super::server::session_setup())?;
        Ok(client)
    }

    /// Connects again when the server dropped the connection, outside a transaction.
    fn revive(&self) -> Result<()> {
        if !self.client.borrow().is_closed() || self.in_transaction.get() {
            return Ok(());
        }
        let client = PgSession::open_client(&self.config).map_err(|e| DbError::ConnectionLost(e.describe()))?;
        *self.client.borrow_mut() = client;
        self.statements.borrow_mut().clear();
        tracing::info!("reconnected to the book's server");
        Ok(())
    }

    fn statement(&self, sql: &str) -> Result<postgres::Statement> {
        self.revive()?;
        if let Some(statement) = self.statements.borrow().get(sql) {
            return Ok(statement.clone());
        }
        let statement = self.client.borrow_mut().prepare(&postgres_sql(sql)).map_err(|e| {
            // A statement the server refuses is a mistake in this program: the log says which.
            tracing::error!(error = %e, sql, "the server refused a statement");
            DbError::from(e)
        })?;
        self.statements.borrow_mut().insert(sql.to_string(), statement.clone());
        Ok(statement)
    }

    fn run(&self, sql: &str, params: &impl Params) -> Result<Vec<postgres::Row>> {
        let statement = self.statement(sql)?;
        let values = collect_params(params)?;
        if values.len() != statement.params().len() {
            return Err(DbError::Other(format!(
                "the statement takes {} parameters, {} were given",
                statement.params().len(),
                values.len()
            )));
        }
        let wrapped: Vec<PgParam<'_>> = values.into_iter().map(PgParam).collect();
        let refs: Vec<&(dyn ToSql + Sync)> = wrapped.iter().map(|p| p as &(dyn ToSql + Sync)).collect();
        Ok(self.client.borrow_mut().query(&statement, &refs)?)
    }

    fn execute(&self, sql: &str, params: &impl Params) -> Result<usize> {
        let statement = self.statement(sql)?;
        let values = collect_params(params)?;
        let wrapped: Vec<PgParam<'_>> = values.into_iter().map(PgParam).collect();
        let refs: Vec<&(dyn ToSql + Sync)> = wrapped.iter().map(|p| p as &(dyn ToSql + Sync)).collect();
        Ok(self.client.borrow_mut().execute(&statement, &refs)? as usize)
    }

    /// Runs statements with no parameters and no results (schema, transaction control).
    pub fn batch(&self, sql: &str) -> Result<()> {
        self.revive()?;
        Ok(self.client.borrow_mut().batch_execute(sql)?)
    }

    /// Forgets the prepared statements (after the schema changed under them).
    pub fn forget_statements(&self) {
        self.statements.borrow_mut().clear();
    }

    pub fn client(&self) -> std::cell::RefMut<'_, postgres::Client> {
        self.client.borrow_mut()
    }

    pub fn is_closed(&self) -> bool {
        self.client.borrow().is_closed()
    }
}

enum Conn {
    Sqlite(rusqlite::Connection),
    Postgres(Box<PgSession>),
}

/// An open connection to a book, in either engine. Not `Sync`: one per thread.
pub struct Db {
    conn: Conn,
    /// Open transactions and savepoints, so a nested one becomes a savepoint.
    depth: Cell<u32>,
    /// Who is working: recorded with every change (see [`Db::clerk`]).
    clerk: String,
}

impl Db {
    pub fn sqlite(conn: rusqlite::Connection) -> Db {
        Db { conn: Conn::Sqlite(conn), depth: Cell::new(0), clerk: String::new() }
    }

    pub fn postgres(session: PgSession) -> Db {
        Db { conn: Conn::Postgres(Box::new(session)), depth: Cell::new(0), clerk: String::new() }
    }

    /// The clerk whose changes these are: the database role on a server, the computer's user on
    /// a book in a file. Recorded in `updated_by` and the histories' `changed_by`.
    pub fn clerk(&self) -> &str {
        &self.clerk
    }

    pub fn set_clerk(&mut self, clerk: String) {
        self.clerk = clerk;
    }

    pub fn engine(&self) -> Engine {
        match self.conn {
            Conn::Sqlite(_) => Engine::Sqlite,
            Conn::Postgres(_) => Engine::Postgres,
        }
    }

    /// The SQLite connection, for what only SQLite has (its backup API, pragmas, FTS5 upkeep).
    pub fn as_sqlite(&self) -> Option<&rusqlite::Connection> {
        match &self.conn {
            Conn::Sqlite(conn) => Some(conn),
            Conn::Postgres(_) => None,
        }
    }

    pub fn as_sqlite_mut(&mut self) -> Option<&mut rusqlite::Connection> {
        match &mut self.conn {
            Conn::Sqlite(conn) => Some(conn),
            Conn::Postgres(_) => None,
        }
    }

    pub fn as_postgres(&self) -> Option<&PgSession> {
        match &self.conn {
            Conn::Postgres(session) => Some(session),
            Conn::Sqlite(_) => None,
        }
    }

    /// The text of a statement for this book's engine, where the two dialects differ.
    pub fn pick<'s>(&self, sqlite: &'s str, postgres: &'s str) -> &'s str {
        match self.conn {
            Conn::Sqlite(_) => sqlite,
            Conn::Postgres(_) => postgres,
        }
    }

    /// The condition "`column` is one of the ids in the text parameter `?param`" ([`id_list`]):
    /// one statement for a whole list, each engine still using the column's index.
    pub fn among_ids(&self, column: &str, param: usize) -> String {
        match self.conn {
            Conn::Sqlite(_) => format!("{column} IN (SELECT value FROM json_each('[' || ?{param} || ']'))"),
            Conn::Postgres(_) => {
                format!("{column} = ANY(CAST(string_to_array(CAST(?{param} AS TEXT), ',') AS BIGINT[]))")
            }
        }
    }

    /// A statement, prepared once per connection and kept.
    pub fn prepare_cached(&self, sql: &str) -> Result<Stmt<'_>> {
        Ok(match &self.conn {
            Conn::Sqlite(conn) => Stmt::Sqlite(conn.prepare_cached(sql)?),
            Conn::Postgres(session) => {
                session.statement(sql)?;
                Stmt::Postgres { session, sql: sql.to_string() }
            }
        })
    }

    /// A statement used once (its text is built at run time); PostgreSQL still keeps it.
    pub fn prepare(&self, sql: &str) -> Result<Stmt<'_>> {
        self.prepare_cached(sql)
    }

    pub fn execute(&self, sql: &str, params: impl Params) -> Result<usize> {
        match &self.conn {
            Conn::Sqlite(conn) => {
                let mut statement = conn.prepare_cached(sql)?;
                sqlite_bind(&mut statement, &params)?;
                Ok(statement.raw_execute()?)
            }
            Conn::Postgres(session) => session.execute(sql, &params),
        }
    }

    pub fn query_row<T>(&self, sql: &str, params: impl Params, f: impl FnOnce(&Row<'_>) -> Result<T>) -> Result<T> {
        self.prepare_cached(sql)?.query_row(params, f)
    }

    /// Statements with no parameters, separated by semicolons.
    pub fn execute_batch(&self, sql: &str) -> Result<()> {
        match &self.conn {
            Conn::Sqlite(conn) => Ok(conn.execute_batch(sql)?),
            Conn::Postgres(session) => session.batch(sql),
        }
    }

    /// The id of the row the last INSERT on this connection made.
    pub fn last_insert_rowid(&self) -> Result<i64> {
        match &self.conn {
            Conn::Sqlite(conn) => Ok(conn.last_insert_rowid()),
            Conn::Postgres(session) => {
                let rows = session.run("SELECT lastval()", &([] as [&dyn ToValue; 0]))?;
                let row = rows.first().ok_or(DbError::NoRows)?;
                Row::Postgres(row).get(0)
            }
        }
    }

    fn set_depth(&self, depth: u32) {
        self.depth.set(depth);
        if let Conn::Postgres(session) = &self.conn {
            session.in_transaction.set(depth > 0);
        }
    }

    /// Whether no transaction is open.
    pub fn is_autocommit(&self) -> bool {
        self.depth.get() == 0
    }

    /// A write transaction, holding the book's one write lock first (waiting for another
    /// writer): on SQLite BEGIN IMMEDIATE; on PostgreSQL an advisory lock every Clientele on every
    /// PC takes, so writes are one at a time there too and reads never wait. Inside a
    /// transaction, a savepoint. Rolled back unless committed.
    pub fn write_tx(&self) -> Result<Tx<'_>> {
        self.begin(match self.conn {
            Conn::Sqlite(_) => "BEGIN IMMEDIATE",
            // One writer at a time, as on SQLite: every operation's read-then-write (a credit check,
            // a number, a slot claim) holds across PCs. Reads never wait for it.
            Conn::Postgres(_) => {
                "BEGIN ISOLATION LEVEL READ COMMITTED; SELECT pg_advisory_xact_lock(4858101051138424832)"
            }
        })
    }

    /// A read transaction: every statement in it sees the book as it was at its start.
    pub fn read_tx(&self) -> Result<Tx<'_>> {
        self.begin(match self.conn {
            Conn::Sqlite(_) => "BEGIN DEFERRED",
            Conn::Postgres(_) => "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
        })
    }

    /// A savepoint inside the open transaction: released on commit, rolled back to otherwise.
    pub fn savepoint(&self) -> Result<Tx<'_>> {
        let depth = self.depth.get();
        if depth == 0 {
            return self.write_tx();
        }
        let name = format!("sp{depth}");
        self.execute_batch(&format!("SAVEPOINT {name}"))?;
        self.set_depth(depth + 1);
        Ok(Tx { db: self, savepoint: Some(name), done: false })
    }

    fn begin(&self, begin: &str) -> Result<Tx<'_>> {
        if self.depth.get() > 0 {
            return self.savepoint();
        }
        self.execute_batch(begin)?;
        self.set_depth(1);
        Ok(Tx { db: self, savepoint: None, done: false })
    }
}

fn sqlite_bind(statement: &mut rusqlite::CachedStatement<'_>, params: &impl Params) -> Result<()> {
    let expected = statement.parameter_count();
    let mut index = 0;
    params.each(&mut |value| {
        index += 1;
        if index > expected {
            return Ok(());
        }
        let bound = match &value {
            Value::Null => statement.raw_bind_parameter(index, rusqlite::types::Null),
            Value::Integer(i) => statement.raw_bind_parameter(index, i),
            Value::Real(r) => statement.raw_bind_parameter(index, r),
            Value::Text(t) => statement.raw_bind_parameter(index, t.as_ref()),
            Value::Blob(b) => statement.raw_bind_parameter(index, b.as_ref()),
        };
        bound.map_err(DbError::from)
    })?;
    if index != expected {
        return Err(DbError::Other(format!("the statement takes {expected} parameters, {index} were given")));
    }
    Ok(())
}

/// A transaction (or a savepoint inside one). Dereferences to its [`Db`], so the store's
/// functions take `&Db` whether or not a transaction is open.
pub struct Tx<'d> {
    db: &'d Db,
    savepoint: Option<String>,
    done: bool,
}

impl Tx<'_> {
    pub fn commit(mut self) -> Result<()> {
        self.done = true;
        let result = match &self.savepoint {
            Some(name) => self.db.execute_batch(&format!("RELEASE {name}")),
            None => self.db.execute_batch("COMMIT"),
        };
        self.db.set_depth(self.db.depth.get().saturating_sub(1));
        if result.is_err() && self.savepoint.is_none() {
            // A failed COMMIT (a deferred constraint, a lost server) leaves nothing half-done.
            let _ = self.db.execute_batch("ROLLBACK");
        }
        result
    }

    /// A savepoint inside this transaction.
    pub fn savepoint(&self) -> Result<Tx<'_>> {
        self.db.savepoint()
    }

    fn roll_back(&mut self) {
        self.done = true;
        let _ = match &self.savepoint {
            Some(name) => self.db.execute_batch(&format!("ROLLBACK TO {name}; RELEASE {name}")),
            None => self.db.execute_batch("ROLLBACK"),
        };
        self.db.set_depth(self.db.depth.get().saturating_sub(1));
    }

    pub fn rollback(mut self) -> Result<()> {
        self.roll_back();
        Ok(())
    }
}

impl Drop for Tx<'_> {
    fn drop(&mut self) {
        if !self.done {
            self.roll_back();
        }
    }
}

impl std::ops::Deref for Tx<'_> {
    type Target = Db;
    fn deref(&self) -> &Db {
        self.db
    }
}

// --- statements -------------------------------------------------------------------------------

/// A prepared statement of either engine.
pub enum Stmt<'d> {
    Sqlite(rusqlite::CachedStatement<'d>),
    Postgres { session: &'d PgSession, sql: String },
}

impl Stmt<'_> {
    pub fn execute(&mut self, params: impl Params) -> Result<usize> {
        match self {
            Stmt::Sqlite(statement) => {
                sqlite_bind(statement, &params)?;
                Ok(statement.raw_execute()?)
            }
            Stmt::Postgres { session, sql } => session.execute(sql, &params),
        }
    }

    /// Rows one at a time. On PostgreSQL the rows are fetched first, so the caller may run
    /// other statements on the same connection while it reads them.
    pub fn query(&mut self, params: impl Params) -> Result<Rows<'_>> {
        match self {
            Stmt::Sqlite(statement) => {
                sqlite_bind(statement, &params)?;
                Ok(Rows::Sqlite(statement.raw_query()))
            }
            Stmt::Postgres { session, sql } => Ok(Rows::Postgres { rows: session.run(sql, &params)?, next: 0 }),
        }
    }

    pub fn query_map<T, F>(&mut self, params: impl Params, mut f: F) -> Result<std::vec::IntoIter<Result<T>>>
    where
        F: FnMut(&Row<'_>) -> Result<T>,
    {
        let mut rows = self.query(params)?;
        let mut out = Vec::new();
        while let Some(row) = rows.next()? {
            out.push(f(&row));
        }
        Ok(out.into_iter())
    }

    pub fn query_row<T>(&mut self, params: impl Params, f: impl FnOnce(&Row<'_>) -> Result<T>) -> Result<T> {
        let mut rows = self.query(params)?;
        match rows.next()? {
            Some(row) => f(&row),
            None => Err(DbError::NoRows),
        }
    }

    pub fn exists(&mut self, params: impl Params) -> Result<bool> {
        let mut rows = self.query(params)?;
        Ok(rows.next()?.is_some())
    }
}

/// The rows of a query, read in order.
pub enum Rows<'s> {
    Sqlite(rusqlite::Rows<'s>),
    Postgres { rows: Vec<postgres::Row>, next: usize },
}

impl Rows<'_> {
    #[allow(clippy::should_implement_trait)]
    pub fn next(&mut self) -> Result<Option<Row<'_>>> {
        match self {
            Rows::Sqlite(rows) => Ok(rows.next()?.map(Row::Sqlite)),
            Rows::Postgres { rows, next } => {
                let row = rows.get(*next);
                *next += 1;
                Ok(row.map(Row::Postgres))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbered_and_bare_parameters_become_dollars_outside_literals() {
        assert_eq!(
            postgres_sql("SELECT ?1, ?12 WHERE a = '?3' AND \"b?\" = ?"),
            "SELECT $1, $12 WHERE a = '?3' AND \"b?\" = $1"
        );
        assert_eq!(postgres_sql("-- why?\nSELECT ?2"), "-- why?\nSELECT $2");
    }

    #[test]
    fn sqlite_rows_read_into_rust_types_and_parameters_bind_by_number() {
        let db = Db::sqlite(rusqlite::Connection::open_in_memory().unwrap());
        db.execute_batch("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, amount INTEGER, note TEXT)").unwrap();
        let name = String::from("Ann");
        db.execute("INSERT INTO t (name, amount, note) VALUES (?1, ?2, ?3)", params![name, 5_i64, None::<String>])
            .unwrap();
        assert_eq!(db.last_insert_rowid().unwrap(), 1);
        let (got, amount, note): (String, i64, Option<String>) = db
            .query_row("SELECT name, amount, note FROM t WHERE id = ?1", [1], |r| {
                Ok((r.get(0)?, r.get("amount")?, r.get(2)?))
            })
            .unwrap();
        assert_eq!((got.as_str(), amount, note), ("Ann", 5, None));
        assert_eq!(
            db.query_row("SELECT name FROM t WHERE id = 9", [], |r| r.get::<_, String>(0)).optional().unwrap(),
            None
        );
        assert!(
            db.execute("INSERT INTO t (name) VALUES (?1)", params![1, 2]).is_err(),
            "too many parameters is refused"
        );
    }

    #[test]
    fn a_transaction_not_committed_is_rolled_back_and_a_nested_one_is_a_savepoint() {
        let db = Db::sqlite(rusqlite::Connection::open_in_memory().unwrap());
        db.execute_batch("CREATE TABLE t (x INTEGER)").unwrap();
        {
            let tx = db.write_tx().unwrap();
            tx.execute("INSERT INTO t VALUES (1)", []).unwrap();
            {
                let inner = tx.savepoint().unwrap();
                inner.execute("INSERT INTO t VALUES (2)", []).unwrap();
            }
            tx.commit().unwrap();
        }
        {
            let tx = db.write_tx().unwrap();
            tx.execute("INSERT INTO t VALUES (3)", []).unwrap();
        }
        let sum: i64 = db.query_row("SELECT SUM(x) FROM t", [], |r| r.get(0)).unwrap();
        assert_eq!(sum, 1);
        assert!(db.is_autocommit());
    }
}
