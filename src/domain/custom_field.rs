//! User-defined profile fields: their definitions and typed, validated values.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldType {
    Text,
    Number,
    Decimal,
    Date,
    Bool,
    Choice,
}

impl FieldType {
    pub const ALL: [FieldType; 6] =
        [FieldType::Text, FieldType::Number, FieldType::Decimal, FieldType::Date, FieldType::Bool, FieldType::Choice];

    pub fn as_str(self) -> &'static str {
        match self {
            FieldType::Text => "text",
            FieldType::Number => "number",
            FieldType::Decimal => "decimal",
            FieldType::Date => "date",
            FieldType::Bool => "bool",
            FieldType::Choice => "choice",
        }
    }

    pub fn parse(text: &str) -> Option<FieldType> {
        FieldType::ALL.into_iter().find(|t| t.as_str().eq_ignore_ascii_case(text.trim())).or_else(|| {
            match text.trim().to_ascii_lowercase().as_str() {
                "yes/no" | "yesno" | "boolean" => Some(FieldType::Bool),
                "integer" | "int" => Some(FieldType::Number),
                _ => None,
            }
        })
    }

    /// What a value of this type looks like, for error messages.
    pub fn expectation(self) -> &'static str {
        match self {
            FieldType::Text => "text",
            FieldType::Number => "a whole number, e.g. 42",
            FieldType::Decimal => "a number, e.g. 12.50",
            FieldType::Date => "a date as YYYY-MM-DD, e.g. 2026-03-31",
            FieldType::Bool => "yes or no",
            FieldType::Choice => "one of the listed choices",
        }
    }
}

impl fmt::Display for FieldType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            FieldType::Text => "Text",
            FieldType::Number => "Whole number",
            FieldType::Decimal => "Decimal",
            FieldType::Date => "Date",
            FieldType::Bool => "Yes/No",
            FieldType::Choice => "Choice",
        })
    }
}

/// A custom field as the user defined it. `key` is stable (used by the CLI
/// and files); `label` is what people see and may be renamed freely.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldDef {
    pub id: i64,
    pub key: String,
    pub label: String,
    pub field_type: FieldType,
    pub choices: Vec<String>,
    pub required: bool,
    pub position: i64,
    pub show_in_list: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FieldError {
    #[error("{label}: \"{value}\" is not valid; expected {expected}")]
    WrongType { label: String, value: String, expected: String },
    #[error("{label} is required")]
    Required { label: String },
    #[error("{label}: \"{value}\" is not one of the choices ({choices})")]
    NotAChoice { label: String, value: String, choices: String },
    #[error("{label} is too long ({chars} characters; at most {max})")]
    TooLong { label: String, chars: usize, max: usize },
    #[error("there is no custom field \"{0}\"")]
    Unknown(String),
    #[error(
        "field key \"{0}\" is not valid: use lower-case letters, digits and _, starting with a letter (at most 40)"
    )]
    BadKey(String),
    #[error("a choice field needs at least one choice")]
    NoChoices,
    #[error("the label must not be empty")]
    EmptyLabel,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum FieldValue {
    Bool(bool),
    Number(i64),
    Decimal(Decimal),
    Date(NaiveDate),
    Text(String),
}

impl FieldValue {
    /// The canonical text stored in the database and printed by the CLI.
    pub fn to_canonical(&self) -> String {
        match self {
            FieldValue::Text(text) => text.clone(),
            FieldValue::Number(n) => n.to_string(),
            FieldValue::Decimal(d) => d.normalize().to_string(),
            FieldValue::Date(date) => date.format("%Y-%m-%d").to_string(),
            FieldValue::Bool(b) => if *b { "yes" } else { "no" }.to_string(),
        }
    }

    pub fn as_text(&self) -> Option<&str> {
        match self {
            FieldValue::Text(text) => Some(text),
            _ => None,
        }
    }
}

impl fmt::Display for FieldValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_canonical())
    }
}

pub fn validate_key(key: &str) -> Result<(), FieldError> {
    let mut chars = key.chars();
    let starts_with_letter = chars.next().is_some_and(|c| c.is_ascii_lowercase());
    if starts_with_letter
        && key.len() <= 40
        && key.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
    {
        Ok(())
    } else {
        Err(FieldError::BadKey(key.to_string()))
    }
}

/// Suggests a key from a label the user typed ("Account manager" -> "account_manager").
pub fn key_from_label(label: &str) -> String {
    let mut key = String::new();
    for c in label.trim().chars() {
        if c.is_ascii_alphanumeric() {
            key.push(c.to_ascii_lowercase());
        } else if !key.ends_with('_') && !key.is_empty() {
            key.push('_');
        }
    }
    let key = key.trim_end_matches('_').to_string();
    match key.chars().next() {
        Some(c) if c.is_ascii_lowercase() => key.chars().take(40).collect(),
        Some(_) => format!("f_{key}").chars().take(40).collect(),
        None => "field".to_string(),
    }
}

impl FieldDef {
    /// A new, optional definition not yet stored (the store assigns id and position).
    pub fn new(key: impl Into<String>, label: impl Into<String>, field_type: FieldType) -> FieldDef {
        FieldDef {
            id: 0,
            key: key.into(),
            label: label.into(),
            field_type,
            choices: Vec::new(),
            required: false,
            position: 0,
            show_in_list: false,
        }
    }

    /// Checks a new or edited definition before it is stored.
    pub fn validate(&self) -> Result<(), FieldError> {
        validate_key(&self.key)?;
        if self.label.trim().is_empty() {
            return Err(FieldError::EmptyLabel);
        }
        if self.field_type == FieldType::Choice && self.choices.iter().all(|c| c.trim().is_empty()) {
            return Err(FieldError::NoChoices);
        }
        Ok(())
    }

    /// Parses what the user typed into a typed value. Empty text means "no
    /// value", which is an error only when the field is required.
    pub fn parse_value(&self, text: &str) -> Result<Option<FieldValue>, FieldError> {
        let trimmed = text.trim();
        if trimmed.is_empty() {
            return if self.required { Err(FieldError::Required { label: self.label.clone() }) } else { Ok(None) };
        }
        let wrong = || FieldError::WrongType {
            label: self.label.clone(),
            value: trimmed.to_string(),
            expected: self.field_type.expectation().to_string(),
        };
        let value = match self.field_type {
            FieldType::Text => {
                let chars = super::text::char_len(text);
                if chars > super::text::MAX_TEXT_CHARS {
                    return Err(FieldError::TooLong {
                        label: self.label.clone(),
                        chars,
                        max: super::text::MAX_TEXT_CHARS,
                    });
                }
                FieldValue::Text(text.to_string())
            }
            FieldType::Number => FieldValue::Number(trimmed.replace(',', "").parse::<i64>().map_err(|_| wrong())?),
            FieldType::Decimal => FieldValue::Decimal(super::money::parse_amount(trimmed).map_err(|_| wrong())?),
            FieldType::Date => FieldValue::Date(parse_date(trimmed).ok_or_else(wrong)?),
            FieldType::Bool => FieldValue::Bool(parse_bool(trimmed).ok_or_else(wrong)?),
            FieldType::Choice => {
                let choice = self.choices.iter().find(|c| c.trim().eq_ignore_ascii_case(trimmed)).ok_or_else(|| {
                    FieldError::NotAChoice {
                        label: self.label.clone(),
                        value: trimmed.to_string(),
                        choices: self.choices.join(", "),
                    }
                })?;
                FieldValue::Text(choice.trim().to_string())
            }
        };
        Ok(Some(value))
    }

    /// Reads back a value stored by `to_canonical`; a value that no longer
    /// fits (say the type was changed) is kept as text rather than lost.
    pub fn from_canonical(&self, stored: &str) -> FieldValue {
        let parsed = match self.field_type {
            FieldType::Text | FieldType::Choice => None,
            FieldType::Number => stored.parse().ok().map(FieldValue::Number),
            FieldType::Decimal => stored.parse().ok().map(FieldValue::Decimal),
            FieldType::Date => parse_date(stored).map(FieldValue::Date),
            FieldType::Bool => parse_bool(stored).map(FieldValue::Bool),
        };
        parsed.unwrap_or_else(|| FieldValue::Text(stored.to_string()))
    }
}

/// A date as typed or stored, read by the program's one date reader ([`super::date::read_date`]).
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    super::date::read_date(text).ok()
}

pub fn parse_bool(text: &str) -> Option<bool> {
    match text.trim().to_lowercase().as_str() {
        "yes" | "y" | "true" | "1" | "on" | "예" | "네" => Some(true),
        "no" | "n" | "false" | "0" | "off" | "아니오" => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    fn def(field_type: FieldType, required: bool) -> FieldDef {
        FieldDef {
            id: 1,
            key: "k".into(),
            label: "Renewal".into(),
            field_type,
            choices: vec!["Gold".into(), "Silver".into()],
            required,
            position: 0,
            show_in_list: false,
        }
    }

    #[rstest]
    #[case(FieldType::Number, "42", FieldValue::Number(42))]
    #[case(FieldType::Number, "1,000", FieldValue::Number(1000))]
    #[case(FieldType::Date, "2026-02-28", FieldValue::Date(NaiveDate::from_ymd_opt(2026, 2, 28).unwrap()))]
    #[case(FieldType::Bool, "Yes", FieldValue::Bool(true))]
    #[case(FieldType::Choice, "gold", FieldValue::Text("Gold".into()))]
    #[case(FieldType::Text, "한빛 🚀", FieldValue::Text("한빛 🚀".into()))]
    fn parses_valid_values(#[case] t: FieldType, #[case] input: &str, #[case] expected: FieldValue) {
        assert_eq!(def(t, false).parse_value(input).unwrap(), Some(expected));
    }

    #[rstest]
    #[case(FieldType::Number, "4.5")]
    #[case(FieldType::Decimal, "abc")]
    #[case(FieldType::Date, "2026-02-30")]
    #[case(FieldType::Bool, "maybe")]
    fn wrong_type_names_field_and_expectation(#[case] t: FieldType, #[case] input: &str) {
        let err = def(t, false).parse_value(input).unwrap_err();
        let message = err.to_string();
        assert!(message.contains("Renewal"), "{message}");
        assert!(message.contains(t.expectation()), "{message}");
    }

    #[test]
    fn required_and_choice_errors() {
        assert_eq!(
            def(FieldType::Text, true).parse_value("  ").unwrap_err(),
            FieldError::Required { label: "Renewal".into() }
        );
        assert!(matches!(def(FieldType::Choice, false).parse_value("Bronze"), Err(FieldError::NotAChoice { .. })));
        assert_eq!(def(FieldType::Text, false).parse_value("").unwrap(), None);
    }

    #[test]
    fn canonical_round_trip() {
        for (t, input) in [
            (FieldType::Decimal, "12.50"),
            (FieldType::Date, "2026-01-05"),
            (FieldType::Bool, "no"),
            (FieldType::Number, "-7"),
        ] {
            let d = def(t, false);
            let value = d.parse_value(input).unwrap().unwrap();
            assert_eq!(d.from_canonical(&value.to_canonical()), value);
        }
    }

    #[test]
    fn keys() {
        assert!(validate_key("account_manager").is_ok());
        assert!(validate_key("Account").is_err());
        assert!(validate_key("1x").is_err());
        assert!(validate_key("a; DROP TABLE").is_err());
        assert_eq!(key_from_label("Account manager!"), "account_manager");
        assert_eq!(key_from_label("구분"), "field");
    }
}
