//! `briefs.csv`: one row per brief under a header row, for spreadsheets. The columns are the
//! members of a brief's record (`view::record`), in the schema's order, so a member added to
//! the record and its schema becomes a column with no edit here; only the members that do not
//! fit a cell (`JSON_ONLY`) are left to the JSON exports.
//!
//! Cells follow RFC 4180: CRLF line ends, a cell holding a comma, a quote or a line break is
//! quoted and its quotes doubled. A list is one cell, its items joined by `; `. A cell that a
//! spreadsheet would read as a formula (starting with `=`, `+`, `-`, `@`, a tab or a carriage
//! return) gets a `'` in front, so a title such as `=HYPERLINK(…)` stays text (OWASP's advice
//! on CSV injection).

use serde_json::Value;

/// Record members left out of the CSV: the terms with their URLs (their names have columns of
/// their own) and the free `extra` map.
pub const JSON_ONLY: &[&str] = &["terms", "extra"];

/// Items of a list cell are joined by this.
pub const LIST_SEPARATOR: &str = "; ";

/// The columns, in order.
pub fn columns() -> Vec<String> {
    crate::render::schema::record_members().into_iter().filter(|m| !JSON_ONLY.contains(&m.as_str())).collect()
}

/// The whole file, the header row then each record's row, written to `out` a row at a time.
pub fn write<'a>(records: impl Iterator<Item = &'a [u8]>, out: &mut crate::artifact::Chunks) {
    let columns = columns();
    let mut line = String::with_capacity(1024);
    row(&mut line, columns.iter().map(String::as_str));
    for r in records {
        out.extend(line.as_bytes());
        line.clear();
        let v: Value = serde_json::from_slice(r).expect("a record is JSON");
        let cells: Vec<String> = columns.iter().map(|c| cell(v.get(c.as_str()).unwrap_or(&Value::Null))).collect();
        row(&mut line, cells.iter().map(String::as_str));
    }
    out.extend(line.as_bytes());
}

/// A record member as the text of one cell: text as it is, a list as its items joined, an
/// object as its `date` (when it has one) and its `name`, `title` or `level`.
fn cell(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::Array(items) => {
            items.iter().map(cell).filter(|c| !c.is_empty()).collect::<Vec<_>>().join(LIST_SEPARATOR)
        }
        Value::Object(m) => {
            let label = ["name", "title", "level"].iter().find_map(|k| m.get(*k)).map(cell).unwrap_or_default();
            match m.get("date").map(cell) {
                Some(d) if !d.is_empty() => format!("{d} {label}"),
                _ => label,
            }
        }
    }
}

/// One row, each cell guarded and quoted as needed, ended by CRLF.
fn row<'a>(out: &mut String, cells: impl Iterator<Item = &'a str>) {
    for (i, c) in cells.enumerate() {
        if i > 0 {
            out.push(',');
        }
        let guarded = c.starts_with(['=', '+', '-', '@', '\t', '\r']);
        if guarded || c.contains([',', '"', '\r', '\n']) {
            out.push('"');
            if guarded {
                out.push('\'');
            }
            out.push_str(&c.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(c);
        }
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(c: &str) -> String {
        let mut s = String::new();
        row(&mut s, [c].into_iter());
        s
    }

    #[test]
    fn quotes_what_rfc_4180_requires_and_defuses_formulas() {
        assert_eq!(one("plain"), "plain\r\n");
        assert_eq!(one("a, b"), "\"a, b\"\r\n");
        assert_eq!(one("say \"hi\"\nbye"), "\"say \"\"hi\"\"\nbye\"\r\n");
        assert_eq!(one("=1+1"), "\"'=1+1\"\r\n");
        assert_eq!(one("@SUM(A1)"), "\"'@SUM(A1)\"\r\n");
    }

    #[test]
    fn lists_and_objects_become_one_cell() {
        let v: Value = serde_json::json!([{"date": "2026-03-01", "title": "Talks"}, {"name": "Iran"}, null]);
        assert_eq!(cell(&v), "2026-03-01 Talks; Iran");
        assert!(columns().contains(&"bluf".to_string()));
        assert!(!columns().contains(&"extra".to_string()));
    }
}
