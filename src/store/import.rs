//! Customer imports against the book: the preview (what each row would do, writing nothing),
//! applying it in one transaction as a batch, the batch history, and undoing a batch.

use super::bulk::REBUILD_INDEXES_FROM;
use super::customers::{GroupIds, read_customer, update_in};
use super::db::{Db, OptionalExtension, params};
use super::{Result, Store, StoreError, now_text};
use crate::domain::custom_field::FieldDef;
use crate::domain::customer::{Change, Customer};
use crate::domain::group::GroupAxis;
use crate::domain::import::customers::{Catalog, Field, Target, apply_row};
use crate::domain::import::{CellProblem, ImportOptions, MatchKey, UnmappedField};
use crate::domain::pricing::book_level;
use std::collections::{BTreeMap, BTreeSet};

/// The page cache of a large import, in KiB.
const IMPORT_CACHE_KIB: i64 = 32 * 1024;

/// One data row of the file, as text per column (aligned with the headers).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportRow {
    /// The row number the spreadsheet shows.
    pub number: usize,
    pub cells: Vec<String>,
}

/// A row's cells, so the rules that look at a sample of rows take these as they take plain text.
impl AsRef<[String]> for ImportRow {
    fn as_ref(&self) -> &[String] {
        &self.cells
    }
}

/// What one row would do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowOutcome {
    /// A record the import would create; [`ImportPlan::new_customer`] builds it.
    New(NewRecord),
    Changed {
        before: Box<Customer>,
        after: Box<Customer>,
        changes: Vec<Change>,
    },
    Unchanged {
        code: String,
    },
    /// Left out on purpose (a later row with the same key wins); the sentence says why.
    Skipped(String),
    Invalid(Vec<CellProblem>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedRow {
    pub row: usize,
    /// The match key's value as the file has it (empty for a new record without one).
    pub key: String,
    pub outcome: RowOutcome,
}

/// The preview of a customer import: every row's outcome, the columns left unmapped and the
/// group values the import would create.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ImportPlan {
    pub rows: Vec<PlannedRow>,
    pub unmapped: Vec<String>,
    pub new_group_values: Vec<(String, String)>,
    /// Group axes the file's columns are mapped to (`group:Segment`) that the book has not yet:
    /// applying creates them, with their values, in the import's transaction.
    pub new_group_axes: Vec<String>,
    /// Fields new rows need that no column is mapped to, said once rather than on each row.
    pub unmapped_required: Vec<UnmappedField>,
    recipe: Recipe,
    packed: PackedRecords,
}

/// A new record as the file gives it: where its mapped cells are kept in the plan. The customer
/// is built from them again when it is shown or written, so a preview of a million new rows does
/// not hold a million profiles with their thirty-odd strings each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NewRecord {
    block: u32,
    index: u32,
}

/// New records packed into one place: their cells as UTF-8, each cell followed by [`CELL_END`]
/// and each record by [`RECORD_END`] (bytes UTF-8 never uses), [`RECORDS_PER_BLOCK`] records to
/// a block, each full block compressed. A million rows kept as one string and an array of cell
/// ends each were most of the 830 MB a million-row import peaked at; compressed in blocks they
/// are a fraction of their text (repeated cities, regions and domains).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
struct PackedRecords {
    /// Full blocks, compressed (raw deflate).
    sealed: Vec<Box<[u8]>>,
    /// The block being filled, as is.
    open: Vec<u8>,
    in_open: u32,
}

/// Records to a block: enough for the block to compress well (repeated cities, regions and
/// domains), few enough that showing one record decompresses a few dozen KB.
const RECORDS_PER_BLOCK: u32 = 128;
const CELL_END: u8 = 0xFF;
const RECORD_END: u8 = 0xFE;
/// Fast compression: a million rows cost a few seconds of the preview.
const COMPRESSION_LEVEL: u8 = 1;

impl PackedRecords {
    fn push<'a>(&mut self, cells: impl Iterator<Item = &'a str>) -> NewRecord {
        let record = NewRecord { block: self.sealed.len() as u32, index: self.in_open };
        for cell in cells {
            self.open.extend_from_slice(cell.as_bytes());
            self.open.push(CELL_END);
        }
        self.open.push(RECORD_END);
        self.in_open += 1;
        if self.in_open == RECORDS_PER_BLOCK {
            self.seal();
        }
        record
    }

    /// Compresses the open block, if it holds any record.
    fn seal(&mut self) {
        if self.in_open > 0 {
            self.sealed.push(miniz_oxide::deflate::compress_to_vec(&self.open, COMPRESSION_LEVEL).into_boxed_slice());
            self.open.clear();
            self.in_open = 0;
        }
    }

    /// One record's packed cells, to compare two records.
    fn record(&self, record: NewRecord) -> Vec<u8> {
        let block = self.block(record.block);
        block.split(|&b| b == RECORD_END).nth(record.index as usize).map(<[u8]>::to_vec).unwrap_or_default()
    }

    /// Block `block`'s records, uncompressed (empty for a block that is not there).
    fn block(&self, block: u32) -> Vec<u8> {
        match self.sealed.get(block as usize) {
            // Only data this plan compressed is inflated, so it cannot fail; were it to, the
            // records would come back without cells and fail their checks, not panic.
            Some(packed) => miniz_oxide::inflate::decompress_to_vec(packed).unwrap_or_default(),
            None if block as usize == self.sealed.len() => self.open.clone(),
            None => Vec::new(),
        }
    }
}

/// The cells of one packed record (without its [`RECORD_END`]).
fn record_cells(record: &[u8]) -> impl Iterator<Item = &str> {
    let cells = record.strip_suffix(&[CELL_END]);
    cells
        .into_iter()
        .flat_map(|cells| cells.split(|&b| b == CELL_END))
        .map(|cell| std::str::from_utf8(cell).unwrap_or(""))
}

/// Reads a plan's new records in order, inflating each block once.
pub(crate) struct NewRecords<'a> {
    plan: &'a ImportPlan,
    block: Option<u32>,
    data: Vec<u8>,
    /// Where each record of the current block starts, and where the block ends.
    starts: Vec<usize>,
}

impl NewRecords<'_> {
    /// The customer `record` creates, as [`ImportPlan::new_customer`] builds it.
    pub(crate) fn customer(&mut self, record: &NewRecord) -> Customer {
        if self.block != Some(record.block) {
            self.data = self.plan.packed.block(record.block);
            self.starts.clear();
            self.starts.push(0);
            self.starts.extend(self.data.iter().enumerate().filter(|(_, b)| **b == RECORD_END).map(|(at, _)| at + 1));
            self.block = Some(record.block);
        }
        let index = record.index as usize;
        let (start, end) = match (self.starts.get(index), self.starts.get(index + 1)) {
            (Some(&start), Some(&end)) => (start, end - 1),
            _ => (0, 0),
        };
        self.plan.customer_from(record_cells(self.data.get(start..end).unwrap_or(&[])))
    }
}

/// What the preview read from the book and the file to turn a row into a customer, kept so the
/// same customer is built again when the import is applied.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
struct Recipe {
    headers: Vec<String>,
    mapping: Vec<Option<Target>>,
    empty_clears: bool,
    fields: Vec<FieldDef>,
    levels: Vec<String>,
    axes: Vec<GroupAxis>,
}

impl Recipe {
    /// The mapped columns of `cells` with their headers and targets, in column order.
    fn mapped<'a>(&'a self, cells: &'a [String]) -> Vec<(&'a str, &'a Target, &'a str)> {
        self.headers
            .iter()
            .zip(&self.mapping)
            .enumerate()
            .filter_map(|(column, (header, target))| {
                Some((header.as_str(), target.as_ref()?, cells.get(column).map_or("", String::as_str)))
            })
            .collect()
    }

    /// `existing` (or a blank record) with the row's cells applied, and what is wrong with it.
    fn build(&self, existing: Option<&Customer>, cells: &[(&str, &Target, &str)]) -> (Customer, Vec<CellProblem>) {
        let mut customer = existing.cloned().unwrap_or_else(|| Customer::new(""));
        let mut problems = apply_row(&mut customer, cells, &self.fields, self.empty_clears);
        spell_groups_as_book(&mut customer, &self.axes);
        let column_of =
            |target: &Target| self.headers.get(self.mapping.iter().position(|t| t.as_ref() == Some(target))?);
        for error in customer.validate(&self.fields) {
            let column = Catalog::new(&self.fields, &[]).parse(&error.field).as_ref().and_then(column_of).cloned();
            // A new customer without a name because no column gives names: said once, at the mapping.
            if column.is_none() && error.field == Field::Name.key() {
                problems.push(CellProblem::unmapped(Field::Name.key(), error.message));
                continue;
            }
            // A cell holding an Excel error is said as that, not as a missing value too.
            if column.is_some() && problems.iter().any(|p| p.column == column) {
                continue;
            }
            problems.push(CellProblem { column, message: error.message, unmapped: None });
        }
        // A level the book lacks is refused when the file sets it; one the record already holds stays.
        let level = customer.price_level.trim().to_string();
        let kept = existing.is_some_and(|before| before.price_level.trim().eq_ignore_ascii_case(&level));
        if !level.is_empty() && !kept {
            match book_level(&self.levels, &level) {
                // Stored as the book spells it, as the profile form and the CLI store it.
                Some(spelled) => customer.price_level = spelled.to_string(),
                None => {
                    let column = column_of(&Target::Field(Field::PriceLevel)).cloned();
                    let message = format!("there is no price level \"{level}\"; add it first (Prices, Levels)");
                    problems.push(CellProblem { column, message, unmapped: None });
                }
            }
        }
        (customer, problems)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ImportCounts {
    pub created: u64,
    pub updated: u64,
    pub unchanged: u64,
    pub skipped: u64,
    pub invalid: u64,
}

impl ImportPlan {
    /// The customer a new row would create, as the preview built it.
    pub fn new_customer(&self, record: &NewRecord) -> Customer {
        let block = self.packed.block(record.block);
        let found = block.split(|&b| b == RECORD_END).nth(record.index as usize).unwrap_or(&[]);
        self.customer_from(record_cells(found))
    }

    /// Reads the new records in order, as applying does.
    pub(crate) fn new_records(&self) -> NewRecords<'_> {
        NewRecords { plan: self, block: None, data: Vec::new(), starts: Vec::new() }
    }

    /// The customer built from a new record's mapped cells.
    fn customer_from<'a>(&self, record: impl Iterator<Item = &'a str>) -> Customer {
        let targets = self.recipe.mapping.iter().enumerate().filter_map(|(column, t)| Some((column, t.as_ref()?)));
        let cells: Vec<(&str, &Target, &str)> = targets
            .zip(record)
            .map(|((column, target), cell)| (self.recipe.headers.get(column).map_or("", String::as_str), target, cell))
            .collect();
        self.recipe.build(None, &cells).0
    }

    pub fn counts(&self) -> ImportCounts {
        let mut counts = ImportCounts::default();
        for row in &self.rows {
            match row.outcome {
                RowOutcome::New(_) => counts.created += 1,
                RowOutcome::Changed { .. } => counts.updated += 1,
                RowOutcome::Unchanged { .. } => counts.unchanged += 1,
                RowOutcome::Skipped(_) => counts.skipped += 1,
                RowOutcome::Invalid(_) => counts.invalid += 1,
            }
        }
        counts
    }
}

/// An applied import, as the history lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportBatch {
    pub id: i64,
    pub kind: String,
    pub file: String,
    pub created_at: String,
    pub created: u64,
    pub updated: u64,
    pub unchanged: u64,
    pub skipped: u64,
    pub undone_at: Option<String>,
}

impl Store {
    /// Works out what importing `rows` would do, writing nothing. `mapping` gives each column's
    /// target (None: not imported). A whole-file problem (no key column) is an error.
    pub fn plan_customer_import(
        &self,
        headers: &[String],
        mapping: &[Option<Target>],
        rows: impl IntoIterator<Item = ImportRow>,
        options: &ImportOptions,
    ) -> Result<ImportPlan> {
        let fields = self.field_defs()?;
        let levels: Vec<String> = self.price_levels()?.into_iter().map(|l| l.name).collect();
        let axes = self.group_axes()?;
        let key_target = Target::Field(match options.key {
            MatchKey::Code => Field::Code,
            MatchKey::TaxId => Field::TaxId,
        });
        let key_column = mapping.iter().position(|t| t.as_ref() == Some(&key_target));
        if options.key == MatchKey::TaxId && key_column.is_none() {
            return Err(StoreError::Rejected(
                "records are matched by tax ID, but no column is mapped to Tax ID; map one, or match by code".into(),
            ));
        }
        let recipe = Recipe {
            headers: headers.to_vec(),
            mapping: mapping.to_vec(),
            empty_clears: options.empty_clears,
            fields,
            levels,
            axes,
        };
        let mut plan = ImportPlan {
            unmapped: headers
                .iter()
                .zip(mapping)
                .filter(|(header, target)| target.is_none() && !header.trim().is_empty())
                .map(|(header, _)| header.clone())
                .collect(),
            ..ImportPlan::default()
        };
        // Each keyed row's key, lower-cased and hashed, with its index: sorted once the rows are
        // in, rows sharing a key sit together. (A map of the keys themselves held more than the
        // rows' own cells on a million-row file.)
        let mut keyed: Vec<(u64, u32)> = Vec::new();
        let mut new_values: BTreeSet<(String, String)> = BTreeSet::new();
        for row in rows {
            let key = key_column.and_then(|c| row.cells.get(c)).map(|k| k.trim().to_string()).unwrap_or_default();
            let (mut outcome, groups) = self.plan_row(&row, &recipe, &key, options.key, &mut plan.packed)?;
            if let RowOutcome::Invalid(problems) = &mut outcome {
                UnmappedField::take(problems, |p| p, &mut plan.unmapped_required);
            }
            for (axis, value) in groups {
                let known = recipe.axes.iter().any(|a| {
                    a.name.eq_ignore_ascii_case(&axis) && a.values.iter().any(|v| v.name.eq_ignore_ascii_case(&value))
                });
                if !known {
                    new_values.insert((axis, value));
                }
            }
            if !key.is_empty() {
                // A file of more than four billion rows is beyond any sheet or memory.
                keyed.push((key_hash(&key), u32::try_from(plan.rows.len()).unwrap_or(u32::MAX)));
            }
            plan.rows.push(PlannedRow { row: row.number, key, outcome });
        }
        plan.packed.seal();
        mark_duplicates(&mut plan.rows, &plan.packed, keyed, options.later_wins);
        plan.new_group_values = new_values.into_iter().collect();
        plan.new_group_axes = mapping
            .iter()
            .flatten()
            .filter_map(|target| match target {
                Target::Group(axis) if !recipe.axes.iter().any(|a| a.name.eq_ignore_ascii_case(axis.trim())) => {
                    Some(axis.trim().to_string())
                }
                _ => None,
            })
            .collect();
        plan.recipe = recipe;
        Ok(plan)
    }

    /// What `row` would do, and the groups of the record it would write (to list new group values).
    fn plan_row(
        &self,
        row: &ImportRow,
        recipe: &Recipe,
        key: &str,
        match_key: MatchKey,
        packed: &mut PackedRecords,
    ) -> Result<(RowOutcome, BTreeMap<String, String>)> {
        let existing = match (match_key, key.is_empty()) {
            (_, true) => None,
            (MatchKey::Code, false) => self.customer_by_code(key)?,
            (MatchKey::TaxId, false) => {
                let ids = self.customers_with_tax_id(key)?;
                if ids.len() > 1 {
                    let message = format!("tax ID {key} is held by {} customers; match these by code", ids.len());
                    return Ok((RowOutcome::Invalid(vec![CellProblem::new(None, message)]), BTreeMap::new()));
                }
                match ids.first() {
                    Some(&id) => self.customer(id)?,
                    None => None,
                }
            }
        };
        let cells = recipe.mapped(&row.cells);
        let (customer, problems) = recipe.build(existing.as_ref(), &cells);
        if !problems.is_empty() {
            return Ok((RowOutcome::Invalid(problems), BTreeMap::new()));
        }
        let groups = customer.groups.clone();
        let outcome = match existing {
            None => RowOutcome::New(packed.push(cells.iter().map(|(_, _, cell)| *cell))),
            Some(before) => {
                let changes = customer.changes_from(&before, &recipe.fields);
                if changes.is_empty() {
                    RowOutcome::Unchanged { code: before.code }
                } else {
                    RowOutcome::Changed { before: Box::new(before), after: Box::new(customer), changes }
                }
            }
        };
        Ok((outcome, groups))
    }

    /// Ids of the customers whose tax ID is `tax_id` (compared as typed, spaces aside).
    fn customers_with_tax_id(&self, tax_id: &str) -> Result<Vec<i64>> {
        let ids = self
            .conn()
            .prepare_cached("SELECT id FROM customers WHERE trim(tax_id) = ?1 ORDER BY id")?
            .query_map([tax_id.trim()], |r| r.get(0))?
            .collect::<super::db::Result<Vec<i64>>>()?;
        Ok(ids)
    }

    /// Applies a previewed import in one transaction and records it as a batch. With invalid rows
    /// and `skip_invalid` false nothing is written. Returns the batch id.
    pub fn apply_customer_import(&mut self, plan: &ImportPlan, file: &str, skip_invalid: bool) -> Result<i64> {
        self.apply_customer_import_with(plan, file, skip_invalid, &mut |_| true)
    }

    /// As [`Store::apply_customer_import`], telling `progress` how many of the plan's rows are
    /// done before each one (and once at the end). When it answers false the transaction is
    /// rolled back and the result is [`StoreError::Cancelled`]: nothing is written.
    ///
    /// A large batch of new customers is written as the bulk loader writes: the secondary
    /// indexes are rebuilt once at the end instead of updated row by row, and the search index
    /// merges once. Changed records are written first, while the indexes they look up are there.
    pub fn apply_customer_import_with(
        &mut self,
        plan: &ImportPlan,
        file: &str,
        skip_invalid: bool,
        progress: &mut dyn FnMut(usize) -> bool,
    ) -> Result<i64> {
        let counts = plan.counts();
        refuse_invalid(counts.invalid, skip_invalid, "row")?;
        if counts.created as usize >= REBUILD_INDEXES_FROM {
            // The new records are appended and the indexes dropped, so a modest cache serves as
            // well as a huge one, and a million-row import stays within a clerk's PC's memory.
            self.with_bulk_pragmas_and_cache(IMPORT_CACHE_KIB, |store| {
                store.write_customer_import(plan, file, progress, true)
            })
        } else {
            self.write_customer_import(plan, file, progress, false)
        }
    }

    /// Applied imports, newest first.
    pub fn import_history(&self) -> Result<Vec<ImportBatch>> {
        let batches = self
            .conn()
            .prepare_cached(
                "SELECT id, kind, file, created_at, created, updated, unchanged, skipped, undone_at
                 FROM import_batches ORDER BY id DESC",
            )?
            .query_map([], |r| {
                Ok(ImportBatch {
                    id: r.get(0)?,
                    kind: r.get(1)?,
                    file: r.get(2)?,
                    created_at: r.get(3)?,
                    created: r.get::<_, i64>(4)?.max(0) as u64,
                    updated: r.get::<_, i64>(5)?.max(0) as u64,
                    unchanged: r.get::<_, i64>(6)?.max(0) as u64,
                    skipped: r.get::<_, i64>(7)?.max(0) as u64,
                    undone_at: r.get(8)?,
                })
            })?
            .collect::<super::db::Result<Vec<_>>>()?;
        Ok(batches)
    }

    /// Undoes a batch in one transaction: changed records go back to what they were, created ones
    /// are deleted. When anything has used or changed them since, nothing is undone and the
    /// error names what stands in the way.
    pub fn undo_import(&mut self, batch: i64) -> Result<ImportBatch> {
        let fields = self.field_defs()?;
        let found = self.import_history()?.into_iter().find(|b| b.id == batch);
        let record = found.ok_or_else(|| StoreError::Rejected(format!("there is no import batch #{batch}")))?;
        if let Some(when) = &record.undone_at {
            return Err(StoreError::Rejected(format!("import batch #{batch} was already undone on {when}")));
        }
        if record.kind != "customers" {
            return self.undo_kind_import(record);
        }
        let tx = self.write_tx()?;
        let records = tx
            .prepare_cached(records_newest_first(&tx))?
            .query_map([batch], |r| {
                Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get(2)?, r.get::<_, String>(3)?))
            })?
            .collect::<super::db::Result<Vec<(i64, String, Option<String>, String)>>>()?;
        let mut obstacles = Vec::new();
        for (id, action, _, after) in &records {
            let current = read_customer(&tx, *id, &fields)?;
            // Records created by batches since this release keep no copy; older ones do.
            let unchanged = match (&current, after.is_empty()) {
                (None, _) => false,
                (Some(_), true) => !edited_since_created(&tx, *id)?,
                (Some(now), false) => serde_json::from_str::<Customer>(after)
                    .is_ok_and(|then| now.changes_from(&then, &fields).is_empty()),
            };
            match &current {
                None => obstacles.push(format!("customer #{id} was deleted since")),
                Some(now) if unchanged => {
                    if action == "created" && is_used(&tx, *id)? {
                        obstacles.push(format!("{} {} has vouchers or special prices now", now.code, now.name));
                    }
                }
                Some(now) => obstacles.push(format!("{} {} was changed after the import", now.code, now.name)),
            }
        }
        if !obstacles.is_empty() {
            let shown: Vec<&str> = obstacles.iter().take(10).map(String::as_str).collect();
            let more =
                if obstacles.len() > 10 { format!(" (and {} more)", obstacles.len() - 10) } else { String::new() };
            return Err(StoreError::Rejected(format!(
                "import batch #{batch} cannot be undone, so nothing was changed: {}{more}",
                shown.join("; ")
            )));
        }
        let mut group_ids = GroupIds::default();
        for (id, action, before, _) in &records {
            if action == "created" {
                super::search::unindex_customer(&tx, *id)?;
                tx.execute("DELETE FROM customers WHERE id = ?1", [id])?;
                continue;
            }
            let before: Customer =
                before.as_deref().and_then(|json| serde_json::from_str(json).ok()).ok_or_else(|| {
                    StoreError::Rejected(format!("the record of customer #{id} in batch #{batch} is damaged"))
                })?;
            update_in(&tx, &Customer { id: Some(*id), ..before }, &fields, &mut group_ids)?;
        }
        let now = now_text();
        tx.execute("UPDATE import_batches SET undone_at = ?1 WHERE id = ?2", params![now, batch])?;
        tx.commit()?;
        Ok(ImportBatch { undone_at: Some(now), ..record })
    }
}

/// Records an import batch of `kind` from `file` with its counts (skipped and invalid rows
/// together, as the history shows them); returns its id.
pub(crate) fn insert_batch(conn: &Db, kind: &str, file: &str, counts: &ImportCounts, now: &str) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO import_batches (kind, file, created_at, created, updated, unchanged, skipped)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        kind,
        file,
        now,
        counts.created as i64,
        counts.updated as i64,
        counts.unchanged as i64,
        (counts.skipped + counts.invalid) as i64
    ])?;
    Ok(conn.last_insert_rowid()?)
}

/// Applying stops, writing nothing, while `invalid` rows (or records) are left and the clerk
/// has not chosen to skip them.
pub(crate) fn refuse_invalid(invalid: u64, skip_invalid: bool, noun: &str) -> Result<()> {
    if invalid == 0 || skip_invalid {
        return Ok(());
    }
    Err(StoreError::Rejected(format!(
        "{invalid} {noun}{} cannot be imported; nothing was written. Correct them, or apply the valid rows and skip the invalid ones",
        if invalid == 1 { "" } else { "s" }
    )))
}

/// Group values the book already has, spelled as the book spells them ("seoul" is the value
/// "Seoul"): the book matches them without case, so the preview shows no change for a
/// difference of case alone, and the import's record matches what is stored.
fn spell_groups_as_book(customer: &mut Customer, axes: &[GroupAxis]) {
    for (axis, value) in customer.groups.iter_mut() {
        let known = axes.iter().find(|a| a.name.eq_ignore_ascii_case(axis.trim()));
        if let Some(spelled) = known.and_then(|a| a.values.iter().find(|v| v.name.eq_ignore_ascii_case(value.trim()))) {
            *value = spelled.name.clone();
        }
    }
}

/// A hash of a match key as keys are compared: without case.
fn key_hash(key: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    key.to_lowercase().hash(&mut hasher);
    hasher.finish()
}

/// Marks every key given more than once, pair by pair in file order: each row against the
/// latest earlier row with the same key. `keyed` holds each keyed row's [`key_hash`] and index.
fn mark_duplicates(rows: &mut [PlannedRow], packed: &PackedRecords, mut keyed: Vec<(u64, u32)>, later_wins: bool) {
    keyed.sort_unstable();
    for run in keyed.chunk_by(|a, b| a.0 == b.0).filter(|run| run.len() > 1) {
        // Rows of one hash, in file order; different keys may share a hash, so keys are compared.
        let keys: Vec<(usize, String)> =
            run.iter().map(|&(_, index)| (index as usize, rows[index as usize].key.to_lowercase())).collect();
        // For each key, the row a later row is compared with: its first row, or the latest row
        // that differed (rows that repeat the same record leave it where it was).
        let mut anchors: Vec<(&str, usize)> = Vec::new();
        for (later, key) in &keys {
            match anchors.iter_mut().find(|(known, _)| known == key) {
                Some((_, anchor)) => {
                    let same = same_record(rows, packed, *anchor, *later);
                    if !mark_duplicate(rows, *anchor, *later, later_wins, same) {
                        *anchor = *later;
                    }
                }
                None => anchors.push((key, *later)),
            }
        }
    }
}

/// Whether two rows with one key would write the same record.
fn same_record(rows: &[PlannedRow], packed: &PackedRecords, earlier: usize, later: usize) -> bool {
    match (&rows[earlier].outcome, &rows[later].outcome) {
        (RowOutcome::New(a), RowOutcome::New(b)) => packed.record(*a) == packed.record(*b),
        (RowOutcome::Changed { after: a, .. }, RowOutcome::Changed { after: b, .. }) => a == b,
        (RowOutcome::Unchanged { .. }, RowOutcome::Unchanged { .. }) => true,
        _ => false,
    }
}

/// A key given twice: both rows are invalid, or the earlier one is skipped when the later wins.
///
/// A customer on several rows whose rows would write the same record (`same`: an order export has
/// a row per order line, and repeats the customer's name and segment on each) is one customer,
/// not a conflict: the later row is skipped as the same again, and true is returned. Rows that
/// differ in anything the import writes are a real conflict, said as before.
fn mark_duplicate(rows: &mut [PlannedRow], earlier: usize, later: usize, later_wins: bool, same: bool) -> bool {
    let (first, second) = (rows[earlier].row, rows[later].row);
    let key = rows[later].key.clone();
    if same {
        rows[later].outcome = RowOutcome::Skipped(format!("{key} again, the same as on row {first}"));
        return true;
    }
    if later_wins {
        rows[earlier].outcome = RowOutcome::Skipped(format!("{key} is on row {second} too, and the later row wins"));
        return false;
    }
    for index in [earlier, later] {
        let problem = CellProblem::new(
            None,
            format!("{key} is on rows {first} and {second}; keep one, or let the later row win"),
        );
        match &mut rows[index].outcome {
            RowOutcome::Invalid(problems) => problems.push(problem),
            outcome => *outcome = RowOutcome::Invalid(vec![problem]),
        }
    }
    false
}

/// Records that the batch changed customer `id` from `before` to `after` (as stored).
pub(super) fn record(
    conn: &Db,
    batch: i64,
    id: i64,
    action: &str,
    before: Option<&Customer>,
    after: &Customer,
) -> Result<()> {
    let json = |c: &Customer| serde_json::to_string(c).map_err(|e| StoreError::Sqlite(e.to_string()));
    let before = before.map(json).transpose()?;
    conn.prepare_cached(
        "INSERT INTO import_records (batch_id, record_id, action, before_json, after_json) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![batch, id, action, before, json(after)?])?;
    Ok(())
}

/// Records that the batch created customer `id`. No copy of the record is kept: whether it was
/// changed since shows in its history, which holds only its "Created" line until it is edited.
/// (Copies made the record table larger than the customers themselves on a large import.)
/// A batch's records, the last written first: undo puts them back in the reverse order.
pub(super) fn records_newest_first(conn: &Db) -> &'static str {
    conn.pick(
        "SELECT record_id, action, before_json, after_json FROM import_records WHERE batch_id = ?1 ORDER BY rowid DESC",
        "SELECT record_id, action, before_json, after_json FROM import_records WHERE batch_id = ?1 ORDER BY id DESC",
    )
}

pub(super) fn record_created(conn: &Db, batch: i64, id: i64) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO import_records (batch_id, record_id, action, before_json, after_json)
         VALUES (?1, ?2, 'created', NULL, '')",
    )?
    .execute(params![batch, id])?;
    Ok(())
}

/// Whether customer `id` was edited after it was created: any history beyond its "Created" line.
fn edited_since_created(conn: &Db, id: i64) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM customer_history WHERE customer_id = ?1 AND field <> 'Created')")?
        .query_row([id], |r| r.get(0))?)
}

/// Whether anything in the book refers to the customer: vouchers or special prices.
fn is_used(conn: &Db, id: i64) -> Result<bool> {
    Ok(conn
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM vouchers WHERE customer_id = ?1)
                 OR EXISTS (SELECT 1 FROM special_prices WHERE customer_id = ?1)",
        )?
        .query_row([id], |r| r.get(0))
        .optional()?
        .unwrap_or(true))
}

#[cfg(test)]
mod tests {
    use super::{PackedRecords, RECORD_END, RECORDS_PER_BLOCK, record_cells};

    #[test]
    fn a_packed_row_gives_back_its_cells_empty_and_multibyte_ones_included() {
        let cells = ["C001", "", "서울 상사", "a,b", "", "ümlaut"];
        let mut packed = PackedRecords::default();
        let rows: Vec<_> = (0..RECORDS_PER_BLOCK + 3)
            .map(|n| if n % 2 == 0 { packed.push(cells.iter().copied()) } else { packed.push(std::iter::empty()) })
            .collect();
        packed.seal();
        assert_eq!(packed.sealed.len(), 2, "a full block and the rest");
        for (n, row) in rows.iter().enumerate() {
            let block = packed.block(row.block);
            let record = block.split(|&b| b == RECORD_END).nth(row.index as usize).unwrap();
            let expected: &[&str] = if n % 2 == 0 { &cells } else { &[] };
            assert_eq!(record_cells(record).collect::<Vec<_>>(), expected, "record {n}");
        }
    }
}
