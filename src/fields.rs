//! Typed, located reading of a parsed YAML map (front matter or `site.yaml`): each key is taken
//! with the type it must have, and every problem becomes a `Diagnostic` pointing at the key.

use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::diagnostics::{Diagnostic, did_you_mean};
use crate::yaml;

/// Reads keys out of one YAML map, collecting diagnostics instead of stopping at the first.
pub struct Fields<'a> {
    map: Map<String, Value>,
    /// The whole file, for source lines in diagnostics.
    file_text: &'a str,
    /// The YAML part of the file.
    yaml_text: &'a str,
    /// Lines before the YAML starts in the file (1 for front matter after `---`).
    line_offset: usize,
    path: PathBuf,
    prefix: Vec<String>,
    /// Keys taken under another name (`rename`): key → the name written in the file.
    written_as: std::collections::HashMap<String, String>,
    /// Problems found so far.
    pub diagnostics: Vec<Diagnostic>,
}

impl<'a> Fields<'a> {
    /// Wrap a parsed map. `yaml_text` starts `line_offset` lines into `file_text`.
    pub fn new(
        map: Map<String, Value>,
        file_text: &'a str,
        yaml_text: &'a str,
        line_offset: usize,
        path: &Path,
    ) -> Self {
        Fields {
            map,
            file_text,
            yaml_text,
            line_offset,
            path: path.to_path_buf(),
            prefix: Vec::new(),
            written_as: Default::default(),
            diagnostics: Vec::new(),
        }
    }

    /// A reader for a nested map (`markdown:` in site.yaml), sharing this one's file.
    pub fn nested(&self, key: &str, map: Map<String, Value>) -> Fields<'a> {
        let mut prefix = self.prefix.clone();
        prefix.push(key.to_string());
        Fields {
            map,
            file_text: self.file_text,
            yaml_text: self.yaml_text,
            line_offset: self.line_offset,
            path: self.path.clone(),
            prefix,
            written_as: Default::default(),
            diagnostics: Vec::new(),
        }
    }

    /// True when the key is present (even if null).
    pub fn has(&self, key: &str) -> bool {
        self.map.contains_key(key)
    }

    /// Take a raw value out of the map.
    pub fn raw(&mut self, key: &str) -> Option<Value> {
        self.map.remove(key).filter(|v| !v.is_null())
    }

    /// Take `key` as a `T`; a value of the wrong shape is reported as an error saying what was
    /// `expected`. Missing or null keys give `None`.
    pub fn take<T: DeserializeOwned>(&mut self, key: &str, expected: &str) -> Option<T> {
        let value = self.raw(key)?;
        let found = describe(&value);
        match serde_json::from_value::<T>(value) {
            Ok(v) => Some(v),
            Err(_) => {
                let d = self.error_at(key, format!("`{}` must be {expected}, found {found}", self.dotted(key)));
                self.diagnostics.push(d.hint(format!("write it as `{key}: {}`", example_for(expected))));
                None
            }
        }
    }

    /// Take `key` as text: a string, or a number written as it stands (`slug: 124062`, `title:
    /// 2024`), since archives from other generators have both. Anything else is an error saying
    /// what was `expected`.
    pub fn take_text(&mut self, key: &str, expected: &str) -> Option<String> {
        match self.raw(key)? {
            Value::String(s) => Some(s),
            Value::Number(n) => Some(n.to_string()),
            other => {
                let found = describe(&other);
                let d = self.error_at(key, format!("`{}` must be {expected}, found {found}", self.dotted(key)));
                self.diagnostics.push(d.hint(format!("write it as `{key}: {}`", example_for(expected))));
                None
            }
        }
    }

    /// Take `key` as a date in the time zone `tz`: `None` when missing or null, else the date or
    /// the error at the key saying what is wrong with it. The caller files the error with its
    /// other problems.
    pub fn take_date(
        &mut self,
        key: &str,
        tz: &jiff::tz::TimeZone,
    ) -> Option<Result<crate::dates::BriefDate, Diagnostic>> {
        Some(match self.raw(key)? {
            Value::String(s) => crate::dates::parse(&s, tz)
                .map_err(|e| self.error_at(key, format!("invalid `{key}`: {}", e.message)).hint(e.hint)),
            other => Err(self
                .error_at(key, format!("`{key}` must be a date, found {}", describe(&other)))
                .hint("write dates as YYYY-MM-DD (2026-02-07) or RFC 3339 (2026-02-07T09:30:00+04:00)")),
        })
    }

    /// A string or a list of strings, as a list (`region: Gulf` or `region: [Gulf, Levant]`).
    pub fn take_list(&mut self, key: &str) -> Option<Vec<String>> {
        let value = self.raw(key)?;
        let found = describe(&value);
        let list = match value {
            Value::String(s) => Some(vec![s]),
            Value::Array(items) => items
                .into_iter()
                .map(|v| match v {
                    Value::String(s) => Some(s),
                    Value::Number(n) => Some(n.to_string()),
                    _ => None,
                })
                .collect(),
            _ => None,
        };
        if list.is_none() {
            let d = self.error_at(key, format!("`{}` must be a list of names, found {found}", self.dotted(key)));
            self.diagnostics.push(d.hint(format!("write it as `{key}: [First, Second]` or `{key}: Single`")));
        }
        list
    }

    /// An error pointing at `key`'s value.
    pub fn error_at(&self, key: &str, message: impl Into<String>) -> Diagnostic {
        self.locate(Diagnostic::error(message), key)
    }

    /// A warning pointing at `key`.
    pub fn warning_at(&self, key: &str, message: impl Into<String>) -> Diagnostic {
        self.locate(Diagnostic::warning(message), key)
    }

    fn locate(&self, d: Diagnostic, key: &str) -> Diagnostic {
        let mut path: Vec<&str> = self.prefix.iter().map(String::as_str).collect();
        path.push(self.written_as.get(key).map_or(key, String::as_str));
        let d = d.at(&self.path);
        match yaml::key_position(self.yaml_text, &path) {
            Some((line, col)) => d.span_in(self.file_text, line + self.line_offset, col),
            None => d,
        }
    }

    /// An error at item `index` (from 0) of the list at `key`, pointing at its key `field`
    /// when given and found there; at `key` itself for a list written on one line.
    pub fn error_at_item(
        &self,
        key: &str,
        index: usize,
        field: Option<&str>,
        message: impl Into<String>,
    ) -> Diagnostic {
        let top_level = self.prefix.is_empty() && !self.written_as.contains_key(key);
        match yaml::list_item_position(self.yaml_text, key, index, field).filter(|_| top_level) {
            Some((line, col)) => {
                Diagnostic::error(message).at(&self.path).span_in(self.file_text, line + self.line_offset, col)
            }
            None => self.error_at(key, message),
        }
    }

    /// The 1-based file line of `key`, when it can be found.
    pub fn line_of(&self, key: &str) -> Option<usize> {
        let mut path: Vec<&str> = self.prefix.iter().map(String::as_str).collect();
        path.push(self.written_as.get(key).map_or(key, String::as_str));
        yaml::key_position(self.yaml_text, &path).map(|(l, _)| l + self.line_offset)
    }

    /// An error at the last of `words` in the value of the top-level `key`, each word looked for
    /// after the one before (`yaml::item_positions`), so `["likelihood:", "likelihood:", "x"]`
    /// points at `x` after the second `likelihood:`; at the key when the words are not found.
    pub fn error_at_words(&self, key: &str, words: &[String], message: impl Into<String>) -> Diagnostic {
        let d = Diagnostic::error(message).at(&self.path);
        match yaml::item_positions(self.yaml_text, key, words).last().copied().flatten() {
            Some((line, col)) => d.span_in(self.file_text, line + self.line_offset, col),
            None => self.locate(d, key),
        }
    }

    /// `d` placed at item `index` (from 0) of the block list `key`, or at that item's key
    /// `inner` when given and found (`yaml::list_item_value_position`); else at `key`.
    pub fn at_item(&self, d: Diagnostic, key: &str, index: usize, inner: Option<&str>) -> Diagnostic {
        let found = yaml::list_item_value_position(self.yaml_text, key, index, inner)
            .or_else(|| inner.and_then(|_| yaml::list_item_value_position(self.yaml_text, key, index, None)));
        match found {
            Some((line, col)) => d.at(&self.path).span_in(self.file_text, line + self.line_offset, col),
            None => self.locate(d, key),
        }
    }

    fn dotted(&self, key: &str) -> String {
        let mut parts = self.prefix.clone();
        parts.push(key.to_string());
        parts.join(".")
    }

    /// Read the key written `from` (in any case: Hugo writes `lastMod` and `lastmod`) as `to`,
    /// another generator's name for one of ours. Where both are written, lists are joined
    /// (`categories` with `tags`) and for anything else `to` wins, with a warning at `from`.
    /// Problems with the value are then reported at `from`, where it is written.
    pub fn rename(&mut self, from: &str, to: &str) {
        let Some(written) = self.map.keys().find(|k| k.eq_ignore_ascii_case(from) && *k != to).cloned() else {
            return;
        };
        let value = self.map.remove(&written).unwrap_or(Value::Null);
        match (self.map.get_mut(to), value) {
            (None, value) => {
                self.map.insert(to.to_string(), value);
                self.written_as.insert(to.to_string(), written);
            }
            (Some(Value::Array(ours)), Value::Array(theirs)) => ours.extend(theirs),
            (Some(Value::Array(ours)), theirs @ Value::String(_)) => ours.push(theirs),
            (Some(Value::String(ours)), Value::Array(mut theirs)) if to != "summary" && to != "date" => {
                theirs.insert(0, Value::String(std::mem::take(ours)));
                self.map.insert(to.to_string(), Value::Array(theirs));
            }
            // The same value under both names says nothing new.
            (Some(ours), theirs) if *ours == theirs => {}
            (Some(_), _) => {
                let d = self.warning_at(
                    &written,
                    format!("`{written}` is read as `{to}`, which is also given: `{to}` is kept"),
                );
                self.diagnostics.push(d.hint(format!("remove `{written}`, or `{to}`")));
            }
        }
    }

    /// Warn about every key left untaken, suggesting the closest known one.
    pub fn finish(mut self, known: &[&str]) -> Vec<Diagnostic> {
        let left: Vec<String> = self.map.keys().cloned().collect();
        for key in left {
            let mut d = self.warning_at(&key, format!("unknown key `{}`", self.dotted(&key)));
            d = match did_you_mean(&key, known.iter().copied()) {
                Some(s) => d.hint(format!("did you mean `{s}`?")),
                None => d.hint(format!("known keys: {}", known.join(", "))),
            };
            self.diagnostics.push(d);
        }
        self.diagnostics
    }
}

/// The list of maps at `key`, each item that is not a map reported (showing `example`).
pub fn list_of_maps(f: &mut Fields, key: &str, example: &str) -> Vec<serde_json::Map<String, Value>> {
    match f.raw(key) {
        None => Vec::new(),
        Some(Value::Array(items)) => {
            let mut out = Vec::new();
            for (i, item) in items.into_iter().enumerate() {
                match item {
                    Value::Object(m) => out.push(m),
                    other => f.diagnostics.push(
                        f.error_at(key, format!("item {} of `{key}` must be a map, found {}", i + 1, describe(&other)))
                            .hint(format!("write each item as `- {example}`")),
                    ),
                }
            }
            out
        }
        Some(other) => {
            f.diagnostics.push(
                f.error_at(key, format!("`{key}` must be a list, found {}", describe(&other)))
                    .hint(format!("write it as\n{key}:\n  - {example}")),
            );
            Vec::new()
        }
    }
}

/// Take `name` out of one list item's map as trimmed text (a number as written); blank is
/// `None`, any other kind of value an error message.
pub fn string_field(m: &mut serde_json::Map<String, Value>, name: &str) -> Result<Option<String>, String> {
    match m.remove(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.trim().to_string())),
        Some(Value::Number(n)) => Ok(Some(n.to_string())),
        Some(other) => Err(format!("`{name}` must be a string, found {}", describe(&other))),
    }
}

/// A short description of a value for "found …" messages.
pub fn describe(v: &Value) -> String {
    match v {
        Value::String(s) if s.chars().count() <= 40 => format!("the string \"{s}\""),
        Value::Number(n) => format!("the number {n}"),
        Value::Bool(b) => format!("`{b}`"),
        other => yaml::kind_of(other).to_string(),
    }
}

fn example_for(expected: &str) -> &'static str {
    if expected.contains("true or false") {
        "true"
    } else if expected.contains("number") {
        "10"
    } else if expected.contains("list") {
        "[a, b]"
    } else if expected.contains("map") {
        "{ key: value }"
    } else {
        "\"some text\""
    }
}
