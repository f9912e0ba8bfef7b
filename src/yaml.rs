//! The only door to serde_yaml (frozen upstream, so it stays replaceable): YAML text becomes a
//! `serde_json::Value` map, and key positions are recovered for error messages.

use serde_json::{Map, Value};

/// A YAML problem at a 1-based line and column of the YAML text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    /// What went wrong, without the location suffix serde_yaml appends.
    pub message: String,
    /// 1-based line within the YAML text.
    pub line: usize,
    /// 1-based column within the YAML text.
    pub column: usize,
}

/// What the top level of a YAML document turned out to be when a map was wanted.
pub fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "nothing",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "a map",
    }
}

/// Parse `text` as YAML; the document must be a map with string keys (an empty document is an
/// empty map).
pub fn parse_map(text: &str) -> Result<Map<String, Value>, YamlError> {
    match simple_map(text) {
        Some(map) => Ok(map),
        None => general_map(text),
    }
}

/// `parse_map` through serde_yaml, for what `simple_map` does not take.
fn general_map(text: &str) -> Result<Map<String, Value>, YamlError> {
    let value: serde_yaml::Value = serde_yaml::from_str(text).map_err(|e| from_serde(&e, text))?;
    match value {
        serde_yaml::Value::Null => Ok(Map::new()),
        serde_yaml::Value::Mapping(_) => match to_json(value) {
            Ok(Value::Object(m)) => Ok(m),
            Ok(other) => {
                Err(YamlError { message: format!("expected a map, found {}", kind_of(&other)), line: 1, column: 1 })
            }
            Err(message) => Err(YamlError { message, line: 1, column: 1 }),
        },
        other => {
            let kind = to_json(other).map(|v| kind_of(&v)).unwrap_or("a value");
            Err(YamlError {
                message: format!("expected a map of `key: value` lines, found {kind}"),
                line: 1,
                column: 1,
            })
        }
    }
}

/// The common front matter, `key: value` lines whose values are double-quoted strings without
/// escapes, lists of them, dates or plain words, read directly: every brief of a build has
/// front matter, and the general YAML parser is far slower on it. Anything else (a
/// nested map, a block list, an escape, a comment, a word YAML reads as a boolean or a number,
/// a repeated key) returns `None` and goes to serde_yaml, so the result is always what
/// serde_yaml gives (a property test compares the two).
fn simple_map(text: &str) -> Option<Map<String, Value>> {
    if text.contains(['\t', '\r', '\\']) {
        return None;
    }
    let mut map = Map::new();
    for line in text.split('\n') {
        if line.trim().is_empty() {
            continue;
        }
        let colon = line.find(": ")?;
        let key = &line[..colon];
        let mut chars = key.chars();
        if !chars.next()?.is_ascii_alphabetic()
            || !chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
            || plain(key).is_none()
        {
            // Keys YAML reads as booleans or null (`true:`, `null:`) take the general path.
            return None;
        }
        let value = simple_value(line[colon + 2..].trim_end_matches(' '))?;
        if map.insert(key.to_string(), value).is_some() {
            return None;
        }
    }
    Some(map)
}

/// One value of `simple_map`, or `None` when it takes the general parser.
fn simple_value(v: &str) -> Option<Value> {
    if let Some(list) = v.strip_prefix('[') {
        let inner = list.strip_suffix(']')?.trim();
        if inner.is_empty() {
            return Some(Value::Array(Vec::new()));
        }
        return inner
            .split(',')
            .map(|item| {
                let item = item.trim();
                if item.starts_with('"') { quoted(item) } else { plain(item) }.map(Value::String)
            })
            .collect::<Option<Vec<_>>>()
            .map(Value::Array);
    }
    if v.starts_with('"') {
        return quoted(v).map(Value::String);
    }
    let b = v.as_bytes();
    let is_date = b.len() == 10
        && b.iter().enumerate().all(|(i, c)| if i == 4 || i == 7 { *c == b'-' } else { c.is_ascii_digit() });
    if is_date {
        return Some(Value::String(v.to_string()));
    }
    plain(v).map(Value::String)
}

/// A plain (unquoted) scalar that YAML certainly reads as this string: letters first, then
/// letters, digits, spaces and a little punctuation; never a word the schema reads as a
/// boolean, a null or a number.
fn plain(v: &str) -> Option<String> {
    let first = v.chars().next()?;
    let plain = first.is_alphabetic()
        && !v.ends_with([' ', ':', ',', '-', '.', '?'])
        && v.chars().all(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '.' | ',' | '(' | ')' | '?' | '’'))
        && !v.contains(" -");
    let special =
        ["true", "false", "null", "yes", "no", "on", "off", "y", "n"].iter().any(|w| v.eq_ignore_ascii_case(w))
            || v.eq_ignore_ascii_case(".inf")
            || v.eq_ignore_ascii_case(".nan");
    (plain && !special).then(|| v.to_string())
}

/// The content of a double-quoted scalar with nothing to unescape.
fn quoted(v: &str) -> Option<String> {
    let inner = v.strip_prefix('"')?.strip_suffix('"')?;
    (!inner.contains(['"', '\\']) && !inner.chars().any(char::is_control)).then(|| inner.to_string())
}

fn from_serde(e: &serde_yaml::Error, text: &str) -> YamlError {
    let (mut line, mut column) = e.location().map(|l| (l.line(), l.column())).unwrap_or((1, 1));
    let mut message = e.to_string();
    // serde_yaml appends " at line L column C"; we show the place ourselves.
    if let Some(idx) = message.find(" at line ") {
        message.truncate(idx);
    }
    // serde_yaml places duplicate keys at the start of their map; point at the repeat instead.
    if let Some(key) = message.strip_prefix("duplicate entry with key \"").and_then(|k| k.strip_suffix('"'))
        && let Some(l) = second_occurrence(text, key)
    {
        (line, column) = (l, 1);
        message = format!("the key `{key}` appears twice");
    }
    YamlError { message, line, column }
}

/// 1-based line of the second top-level `key:` in `text`.
fn second_occurrence(text: &str, key: &str) -> Option<usize> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| {
            split_key(l.trim_end_matches('\r')).is_some_and(|(k, _)| k == key) && !l.starts_with([' ', '\t'])
        })
        .nth(1)
        .map(|(i, _)| i + 1)
}

fn to_json(v: serde_yaml::Value) -> Result<Value, String> {
    Ok(match v {
        serde_yaml::Value::Null => Value::Null,
        serde_yaml::Value::Bool(b) => Value::Bool(b),
        serde_yaml::Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                Value::from(i)
            } else if let Some(u) = n.as_u64() {
                Value::from(u)
            } else {
                n.as_f64().and_then(serde_json::Number::from_f64).map(Value::Number).unwrap_or(Value::Null)
            }
        }
        serde_yaml::Value::String(s) => Value::String(s),
        serde_yaml::Value::Sequence(seq) => Value::Array(seq.into_iter().map(to_json).collect::<Result<_, _>>()?),
        serde_yaml::Value::Mapping(m) => {
            let mut out = Map::new();
            for (k, v) in m {
                let key = match k {
                    serde_yaml::Value::String(s) => s,
                    serde_yaml::Value::Number(n) => n.to_string(),
                    serde_yaml::Value::Bool(b) => b.to_string(),
                    other => return Err(format!("map keys must be plain words, found {other:?}")),
                };
                out.insert(key, to_json(v)?);
            }
            Value::Object(out)
        }
        serde_yaml::Value::Tagged(t) => to_json(t.value)?,
    })
}

/// Where the key at `path` (`["markdown", "smart_punctuation"]`) is written in `text`: the
/// 1-based line, and the 1-based column where its value starts (or the key itself when the value
/// is on later lines). A cheap indentation scan, good for block-style YAML, which is what people
/// write in front matter and config files.
pub fn key_position(text: &str, path: &[&str]) -> Option<(usize, usize)> {
    let mut parent_indent: Option<usize> = None;
    let mut depth = 0;
    for (idx, raw) in text.lines().enumerate() {
        let line = raw.trim_end_matches('\r');
        let trimmed = line.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let indent = line.len() - trimmed.len();
        if let Some(p) = parent_indent
            && indent <= p
        {
            // Left the parent's block without finding the key.
            return None;
        }
        let Some((key, value_col)) = split_key(trimmed) else { continue };
        let at_level = match parent_indent {
            None => indent == 0,
            Some(_) => true,
        };
        if at_level && key == path[depth] {
            let col = if value_col < trimmed.len() { indent + value_col + 1 } else { indent + 1 };
            depth += 1;
            if depth == path.len() {
                return Some((idx + 1, col));
            }
            parent_indent = Some(indent);
        }
    }
    None
}

/// Where each of `items`, the entries of the top-level list `key` in the order written, is
/// in `text`: the 1-based line and the 1-based column (in characters) where the entry starts.
/// Reads `key: Single`, flow lists (`key: [A, B]`, on one line or more) and block lists
/// (`- A` lines). An entry that cannot be found (a quoted one with escapes) gets the key's
/// position; every entry gets `None` when the key itself is not found. Each entry is looked for
/// after the previous one, as a whole word, so `Iran` is not found inside `Iranian Navy`.
pub fn item_positions(text: &str, key: &str, items: &[String]) -> Vec<Option<(usize, usize)>> {
    let Some((key_line, key_col)) = key_position(text, &[key]) else { return vec![None; items.len()] };
    // The lines the value can be on: the key's own (from its value on) and every line after
    // it that belongs to it (more indented, or a `- ` entry of a block list under it).
    let mut region: Vec<(usize, &str, usize)> = Vec::new();
    let mut lines = text.lines().enumerate().skip(key_line - 1);
    if let Some((_, first)) = lines.next() {
        let first = first.trim_end_matches('\r');
        let trimmed = first.trim_start();
        let indent = first.len() - trimmed.len();
        if let Some((_, value_off)) = split_key(trimmed)
            && value_off < trimmed.len()
        {
            region.push((key_line, first, indent + value_off));
        }
        for (idx, raw) in lines {
            let line = raw.trim_end_matches('\r');
            let t = line.trim_start();
            if t.is_empty() || t.starts_with('#') {
                continue;
            }
            if line.len() - t.len() <= indent && !t.starts_with('-') {
                break;
            }
            region.push((idx + 1, line, 0));
        }
    }
    let mut at = (0, region.first().map_or(0, |r| r.2));
    items
        .iter()
        .map(|item| {
            for (ri, (line_no, line, start)) in region.iter().enumerate().skip(at.0) {
                let from = if ri == at.0 { at.1 } else { *start };
                if let Some(b) = find_word(line, item, from) {
                    at = (ri, b + item.len());
                    return Some((*line_no, line[..b].chars().count() + 1));
                }
            }
            Some((key_line, key_col))
        })
        .collect()
}

/// Where item `index` (from 0) of the top-level block list `key` is written in `text`, or the
/// key `field` inside it when given and found there: the 1-based line and column. Each item
/// runs from its `- ` line to the next one (`- {title: A, grade: B2}` or a block map under the
/// dash). `None` for a flow list (`key: [{…}]`) or an item that is not there.
pub fn list_item_position(text: &str, key: &str, index: usize, field: Option<&str>) -> Option<(usize, usize)> {
    let (key_line, _) = key_position(text, &[key])?;
    let mut lines = text.lines().enumerate().skip(key_line - 1);
    let first = lines.next()?.1.trim_end_matches('\r');
    let key_indent = first.len() - first.trim_start().len();
    // Items of the list: (line index, indent of the dash), and the lines of each.
    let mut dash: Option<usize> = None;
    let mut item: Vec<(usize, &str)> = Vec::new();
    let mut seen = 0;
    for (idx, raw) in lines {
        let line = raw.trim_end_matches('\r');
        let t = line.trim_start();
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        let indent = line.len() - t.len();
        let is_dash = t == "-" || t.starts_with("- ");
        if (indent <= key_indent && !is_dash) || dash.is_some_and(|d| indent < d) {
            break;
        }
        if is_dash && dash.is_none_or(|d| d == indent) {
            dash = Some(indent);
            seen += 1;
            if seen > index + 1 {
                break;
            }
        }
        if seen == index + 1 {
            item.push((idx, line));
        }
    }
    let &(start, start_line) = item.first()?;
    // The item's dash, when there is no field to point at or it is not found.
    let at_dash = Some((start + 1, start_line.len() - start_line.trim_start().len() + 1));
    let Some(field) = field else { return at_dash };
    for (idx, line) in item {
        let mut from = 0;
        while let Some(b) = find_word(line, field, from) {
            let after = line[b + field.len()..].trim_start();
            let before = line[..b].trim_end();
            if after.starts_with(':') && (before.is_empty() || before.ends_with(['{', ',', '-'])) {
                return Some((idx + 1, line[..b].chars().count() + 1));
            }
            from = b + field.len();
        }
    }
    at_dash
}

/// Like `list_item_position`, but pointing past the dash and at a key's value: the 1-based
/// line and column of item `index` (after its `- `), or, with `inner`, of the value of the
/// key `inner` in that item's map, written as a block (`- date: …` and the lines under it) or
/// in flow style (`- {date: …, place: …}`). `None` when it cannot be found (a flow list
/// `key: [{…}, {…}]`, an item without that key).
pub fn list_item_value_position(text: &str, key: &str, index: usize, inner: Option<&str>) -> Option<(usize, usize)> {
    let (key_line, _) = key_position(text, &[key])?;
    let lines: Vec<&str> = text.lines().map(|l| l.trim_end_matches('\r')).collect();
    let indent_of = |l: &str| l.len() - l.trim_start().len();
    let key_indent = indent_of(lines[key_line - 1]);
    // Each item as the range of lines it spans, starting at its `-`.
    let mut items: Vec<(usize, usize)> = Vec::new();
    let mut dash: Option<usize> = None;
    for (idx, line) in lines.iter().enumerate().skip(key_line) {
        let t = line.trim_start();
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        let indent = indent_of(line);
        let is_item = t == "-" || t.starts_with("- ");
        if indent < key_indent || (indent == key_indent && !is_item) {
            break;
        }
        if is_item && dash.is_none_or(|d| d == indent) {
            dash = Some(indent);
            items.push((idx, idx + 1));
        } else if let Some(last) = items.last_mut() {
            last.1 = idx + 1;
        }
    }
    let &(from, to) = items.get(index)?;
    let item_col = dash? + 3;
    let Some(inner) = inner else { return Some((from + 1, item_col)) };
    for (idx, line) in lines.iter().enumerate().take(to).skip(from) {
        let start = if idx == from { item_col - 1 } else { 0 };
        let mut at = start;
        while let Some(i) = line.get(at..).and_then(|rest| rest.find(inner)) {
            let b = at + i;
            let before = line[..b].trim_end().chars().next_back();
            let after = &line[b + inner.len()..];
            let starts_key = b == start || matches!(before, Some('{' | ',' | '-')) || line[..b].trim().is_empty();
            if starts_key && let Some(rest) = after.strip_prefix(':') {
                let value = b + inner.len() + 1 + (rest.len() - rest.trim_start().len());
                return Some((idx + 1, line[..value].chars().count() + 1));
            }
            at = b + inner.len().max(1);
        }
    }
    None
}

/// The byte offset of the first whole-word `word` in `line` at or after byte `from`.
fn find_word(line: &str, word: &str, from: usize) -> Option<usize> {
    let mut from = from;
    while let Some(i) = line.get(from..)?.find(word) {
        let b = from + i;
        let before = line[..b].chars().next_back();
        let after = line[b + word.len()..].chars().next();
        if !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric) {
            return Some(b);
        }
        from = b + word.len().max(1);
    }
    None
}

/// Split `key: value` into the unquoted key and the byte offset where the value starts.
fn split_key(line: &str) -> Option<(&str, usize)> {
    let (key, rest_at) = if let Some(q) = line.strip_prefix('"').or_else(|| line.strip_prefix('\'')) {
        let quote = line.as_bytes()[0] as char;
        let end = q.find(quote)?;
        (&q[..end], end + 2)
    } else {
        let colon = line.find(':')?;
        (line[..colon].trim_end(), colon)
    };
    let after = line.get(rest_at..)?;
    let after_colon = after.strip_prefix(':')?;
    if !(after_colon.is_empty() || after_colon.starts_with([' ', '\t'])) {
        return None;
    }
    let value_off = rest_at + 1 + (after_colon.len() - after_colon.trim_start().len());
    Some((key, value_off))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_inside_a_list_item_is_found_in_flow_and_block_items() {
        let text = "title: x\nsources:\n  - {title: A, grade: G2}\n  - title: B\n    reliability: G\n# note\n  -   {title: C}\nnext: 1\n";
        assert_eq!(list_item_position(text, "sources", 0, Some("grade")), Some((3, 16)));
        assert_eq!(list_item_position(text, "sources", 1, Some("reliability")), Some((5, 5)));
        // A key the item does not have: the item's dash.
        assert_eq!(list_item_position(text, "sources", 1, Some("type")), Some((4, 3)));
        assert_eq!(list_item_position(text, "sources", 2, None).map(|p| p.0), Some(7));
        assert_eq!(list_item_position(text, "sources", 3, None), None);
        assert_eq!(list_item_position("sources: [{title: A}]\n", "sources", 0, None), None);
        // Items written at the key's own indentation belong to it.
        assert_eq!(list_item_position("sources:\n- title: A\n  grade: G\n", "sources", 0, Some("grade")), Some((3, 3)));
    }

    /// serde_yaml's reading of `text`, bypassing the fast path.
    fn general(text: &str) -> Option<Map<String, Value>> {
        general_map(text).ok()
    }

    #[test]
    fn the_fast_path_takes_typical_front_matter() {
        let text = "title: \"Iran's talks: round #2\"\ndate: 2026-02-07\nregion: [Middle East, Gulf]\nactors: [\"Iran\", \"Oman\"]\ntags: []\nsummary: Talks resumed, slowly\n";
        let fast = simple_map(text).expect("simple");
        assert_eq!(Some(&fast), general(text).as_ref());
        for not_simple in [
            "a: yes\n",
            "a: 1\n",
            "a:\n  - x\n",
            "a: \"x\" # c\n",
            "a: x\na: y\n",
            "a: \"\\n\"\n",
            "a: b: c\n",
            "a: ~\n",
            "a: Null\n",
            "a: [x, yes]\n",
            "null: x\n",
            "True: x\n",
            "a: [x, 1]\n",
        ] {
            assert!(simple_map(not_simple).is_none(), "{not_simple:?}");
        }
    }

    use proptest::prelude::Strategy;

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 20_000, ..Default::default() })]

        /// Whatever the fast path accepts, serde_yaml reads the same way.
        #[test]
        fn the_fast_path_agrees_with_serde_yaml(
            lines in proptest::collection::vec(
                (
                    proptest::prop_oneof!["[a-zA-Z][a-zA-Z0-9_-]{0,6}", "(true|null|No|ON|y|Null)"],
                    proptest::prop_oneof![
                        "\"[ -~é’#:,'\\\\]{0,12}\"",
                        "[0-9]{4}-[0-9]{2}-[0-9]{2}",
                        "[A-Za-z][A-Za-z0-9 .,:()?’'#-]{0,14}",
                        "(true|false|null|yes|No|ON|~|Null|y|n|.inf|.NaN|0x1F|1e3|-1|3.5)",
                        proptest::collection::vec(
                            proptest::prop_oneof!["\"[ -~é,]{0,6}\"", "[A-Za-z][A-Za-z0-9 .:()?’'#-]{0,8}", "(yes|No|null|1|~)"],
                            0..4,
                        )
                        .prop_map(|v| format!("[{}]", v.join(", "))),
                    ],
                ),
                0..6,
            )
        ) {
            let text: String = lines.iter().map(|(k, v)| format!("{k}: {v}\n")).collect();
            if let Some(fast) = simple_map(&text) {
                proptest::prop_assert_eq!(Some(fast), general(&text), "{}", text);
            }
        }
    }

    #[test]
    fn parses_a_map_and_keeps_key_order() {
        let m = parse_map("b: 1\na: [x, y]\n").unwrap();
        assert_eq!(m.keys().collect::<Vec<_>>(), ["b", "a"]);
        assert_eq!(m["a"], serde_json::json!(["x", "y"]));
    }

    #[test]
    fn empty_document_is_an_empty_map() {
        assert!(parse_map("").unwrap().is_empty());
        assert!(parse_map("# just a comment\n").unwrap().is_empty());
    }

    #[test]
    fn list_and_scalar_documents_are_rejected() {
        assert!(parse_map("- a\n- b\n").unwrap_err().message.contains("found a list"));
        assert!(parse_map("hello").unwrap_err().message.contains("found a string"));
    }

    #[test]
    fn syntax_errors_carry_a_location() {
        let e = parse_map("title: ok\ndate: [2026\n").unwrap_err();
        assert!(e.line >= 2, "{e:?}");
        assert!(!e.message.contains(" at line "), "{e:?}");
    }

    #[test]
    fn duplicate_keys_are_errors() {
        let e = parse_map("title: a\ntitle: b\n").unwrap_err();
        assert!(e.message.contains("appears twice"), "{e:?}");
        assert_eq!(e.line, 2);
    }

    #[test]
    fn finds_list_entries() {
        let names = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let text = "title: T\nregion: Gulf\nactors: [Iranian Navy, \"Iran\", Oman]\ntags:\n  - nuclear\n  # c\n  - Iran deal\nsummary: x\n";
        assert_eq!(item_positions(text, "region", &names(&["Gulf"])), [Some((2, 9))]);
        assert_eq!(
            item_positions(text, "actors", &names(&["Iranian Navy", "Iran", "Oman"])),
            [Some((3, 10)), Some((3, 25)), Some((3, 32))]
        );
        assert_eq!(item_positions(text, "tags", &names(&["nuclear", "Iran deal"])), [Some((5, 5)), Some((7, 5))]);
        // Not found: the key's position; no key: nothing.
        assert_eq!(item_positions(text, "tags", &names(&["Oman"])), [Some((4, 1))]);
        assert_eq!(item_positions(text, "authors", &names(&["x"])), [None]);
        // A flow list over two lines, and a block list at the key's own indentation.
        let text = "actors: [Hezbollah,\n  Côte d'Ivoire, Iran]\nregion:\n- Levant\n- Gulf\n";
        assert_eq!(
            item_positions(text, "actors", &names(&["Hezbollah", "Côte d'Ivoire", "Iran"])),
            [Some((1, 10)), Some((2, 3)), Some((2, 18))]
        );
        assert_eq!(item_positions(text, "region", &names(&["Levant", "Gulf"])), [Some((4, 3)), Some((5, 3))]);
    }

    #[test]
    fn finds_key_positions() {
        let text = "title: Hello\n# c\nmarkdown:\n  smart_punctuation: true\n  highlight_theme: x\ndate: 2026-01-01\n";
        assert_eq!(key_position(text, &["title"]), Some((1, 8)));
        assert_eq!(key_position(text, &["date"]), Some((6, 7)));
        assert_eq!(key_position(text, &["markdown", "highlight_theme"]), Some((5, 20)));
        assert_eq!(key_position(text, &["markdown"]), Some((3, 1)));
        assert_eq!(key_position(text, &["missing"]), None);
        assert_eq!(key_position(text, &["markdown", "date"]), None);
    }

    #[test]
    fn list_items_and_their_keys_are_found_in_block_and_flow_style() {
        let text = "title: T\nevents:\n  - date: 2025-11\n    title: One\n    plase: Gulf\n  - {date: 2025, title: Two, place: Gulf}\n-  x\nnext: 1\n";
        assert_eq!(list_item_value_position(text, "events", 0, None), Some((3, 5)));
        assert_eq!(list_item_value_position(text, "events", 0, Some("plase")), Some((5, 12)));
        assert_eq!(list_item_value_position(text, "events", 0, Some("date")), Some((3, 11)));
        assert_eq!(list_item_value_position(text, "events", 1, Some("place")), Some((6, 37)));
        assert_eq!(list_item_value_position(text, "events", 1, Some("end")), None);
        assert_eq!(list_item_value_position(text, "events", 2, None), None, "the list ends with its indentation");
        assert_eq!(list_item_value_position("events: [{date: 2025}]\n", "events", 0, Some("date")), None);
    }
}
