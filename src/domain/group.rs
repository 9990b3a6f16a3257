//! Group axes (Region, Channel, Trade, …) and their values; a customer holds at most one value per axis.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupValue {
    pub id: i64,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupAxis {
    pub id: i64,
    pub name: String,
    pub values: Vec<GroupValue>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GroupError {
    #[error("a group name must not be empty")]
    EmptyName,
    #[error("\"{0}\" is too long for a group name (at most 100 characters)")]
    TooLong(String),
    #[error("write a group as AXIS=VALUE, e.g. Region=Seoul (got \"{0}\")")]
    BadPair(String),
}

pub fn validate_name(name: &str) -> Result<String, GroupError> {
    let trimmed = name.trim();
    if trimmed.is_empty() {
        Err(GroupError::EmptyName)
    } else if trimmed.chars().count() > 100 {
        Err(GroupError::TooLong(trimmed.chars().take(20).collect::<String>() + "…"))
    } else {
        Ok(trimmed.to_string())
    }
}

/// Parses `AXIS=VALUE` as the CLI and filters take it.
pub fn parse_pair(text: &str) -> Result<(String, String), GroupError> {
    let (axis, value) = text.split_once('=').ok_or_else(|| GroupError::BadPair(text.to_string()))?;
    let axis = validate_name(axis).map_err(|_| GroupError::BadPair(text.to_string()))?;
    let value = validate_name(value).map_err(|_| GroupError::BadPair(text.to_string()))?;
    Ok((axis, value))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs() {
        assert_eq!(parse_pair(" Region = Seoul ").unwrap(), ("Region".into(), "Seoul".into()));
        assert!(parse_pair("Region").is_err());
        assert!(parse_pair("=Seoul").is_err());
        assert_eq!(parse_pair("Note=a=b").unwrap().1, "a=b");
    }
}
