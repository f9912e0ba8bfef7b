//! Front matter of Hugo and Jekyll documents: split from the body whatever its format (YAML
//! between `---`, TOML between `+++`, a JSON object), read into one map, and written back as
//! dossier's YAML with the keys renamed to dossier's and the rest kept under `extra:`.

use serde_json::{Map, Value};

/// A source document split at its front matter.
#[derive(Debug)]
pub struct Parsed {
    /// The front matter's keys and values, in the order written (empty when there is none).
    pub map: Map<String, Value>,
    /// Everything after the front matter, with `\n` line endings.
    pub body: String,
    /// 1-based line of the source file where the body starts.
    pub body_line: usize,
    /// Whether the file had front matter at all.
    pub had_front_matter: bool,
}

/// Split `raw` (a whole source file) into front matter and body. The error says what could not
/// be read, with its line.
pub fn split(raw: &str) -> Result<Parsed, String> {
    let whole = raw.strip_prefix('\u{feff}').unwrap_or(raw).replace("\r\n", "\n");
    // Blank lines before the opening fence are skipped, as Hugo, Jekyll and dossier skip them.
    let blank = whole.len() - whole.trim_start_matches(['\n', ' ', '\t']).len();
    let blank = whole[..blank].rfind('\n').map_or(0, |i| i + 1);
    let skipped = whole[..blank].matches('\n').count();
    let text = &whole[blank..];
    let first = text.lines().next().unwrap_or("").trim_end();
    let parsed = match first {
        "---" => fenced(text, &["---", "..."], |yaml| {
            crate::yaml::parse_map(yaml).map_err(|e| format!("line {}: {}", e.line + 1 + skipped, e.message))
        }),
        "+++" => fenced(text, &["+++"], |toml| {
            let table: toml::Table = toml.parse().map_err(|e: toml::de::Error| e.message().to_string())?;
            Ok(table.into_iter().map(|(k, v)| (k, from_toml(v))).collect())
        }),
        _ if first.starts_with('{') => json(text),
        _ => return Ok(Parsed { map: Map::new(), body: whole.clone(), body_line: 1, had_front_matter: false }),
    };
    parsed.map(|p| Parsed { body_line: p.body_line + skipped, ..p })
}

/// Front matter between an opening fence line and the first line that is one of `closers`.
fn fenced(
    text: &str,
    closers: &[&str],
    parse: impl FnOnce(&str) -> Result<Map<String, Value>, String>,
) -> Result<Parsed, String> {
    let start = text.find('\n').map_or(text.len(), |i| i + 1);
    let mut offset = start;
    for (line_no, line) in (2..).zip(text[start..].split_inclusive('\n')) {
        if closers.contains(&line.trim_end()) {
            let map = parse(&text[start..offset])?;
            let body = text[offset + line.len()..].to_string();
            return Ok(Parsed { map, body, body_line: line_no + 1, had_front_matter: true });
        }
        offset += line.len();
    }
    Err("the front matter is never closed".to_string())
}

/// Hugo's JSON front matter: one object at the top, the body after the line it ends on.
fn json(text: &str) -> Result<Parsed, String> {
    let mut stream = serde_json::Deserializer::from_str(text).into_iter::<Value>();
    let value = match stream.next() {
        Some(Ok(v)) => v,
        Some(Err(e)) => return Err(format!("line {}: {e}", e.line())),
        None => return Err("the front matter is empty".to_string()),
    };
    let Value::Object(map) = value else { return Err("the JSON front matter is not an object".to_string()) };
    let end = stream.byte_offset();
    let body_start = text[end..].find('\n').map_or(text.len(), |i| end + i + 1);
    let body_line = text[..body_start].matches('\n').count() + 1;
    Ok(Parsed { map, body: text[body_start..].to_string(), body_line, had_front_matter: true })
}

/// A TOML value as JSON; a date or time keeps the text it was written as.
fn from_toml(v: toml::Value) -> Value {
    match v {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::from(i),
        toml::Value::Float(f) => Value::from(f),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(items) => Value::Array(items.into_iter().map(from_toml).collect()),
        toml::Value::Table(t) => Value::Object(t.into_iter().map(|(k, v)| (k, from_toml(v))).collect()),
    }
}

/// The keys dossier's front matter takes with the meaning Hugo and Jekyll give them, in the
/// order they are written. Any other key (even one dossier knows, such as `status`, which a
/// Hugo theme may use for something else) goes under `extra:`, so it cannot fail the build.
pub const KEPT_KEYS: &[&str] = &[
    "kind", "title", "date", "updated", "expires", "region", "actors", "tags", "authors", "summary", "slug", "aliases",
    "image", "draft",
];

/// Where a source key goes in dossier's front matter, by its name in any case: dossier's own
/// key, or `None` for `extra:`. Keys that are read specially (`published`, `extra`) are not here.
fn target(key: &str) -> Option<&'static str> {
    Some(match key.to_ascii_lowercase().as_str() {
        "title" => "title",
        "date" => "date",
        "lastmod" | "updated" | "last_modified_at" => "updated",
        "expirydate" | "expires" => "expires",
        "description" | "summary" | "excerpt" => "summary",
        "author" | "authors" => "authors",
        "tags" | "categories" | "category" => "tags",
        "slug" => "slug",
        "aliases" | "redirect_from" => "aliases",
        "draft" => "draft",
        "region" => "region",
        "actors" => "actors",
        _ => return None,
    })
}

/// Names from a term or author value: a list's strings, or one string (which Jekyll, for
/// `tags` and `categories`, splits at spaces when `split` is set). `None` when it is neither.
fn names(v: &Value, split: bool) -> Option<Vec<String>> {
    match v {
        Value::String(s) if split => Some(s.split_whitespace().map(str::to_string).collect()),
        Value::String(s) => Some(vec![s.clone()]),
        Value::Array(items) => items
            .iter()
            .map(|i| match i {
                Value::String(s) => Some(s.clone()),
                Value::Number(n) => Some(n.to_string()),
                _ => None,
            })
            .collect(),
        _ => None,
    }
}

/// The front matter rewritten for dossier: `map` read key by key (see `target`); repeated term
/// keys (`tags` and `categories`) merged; the rest under `extra`. `split_terms` reads a string
/// of tags as Jekyll does, as words.
pub fn rewrite(map: Map<String, Value>, split_terms: bool) -> Map<String, Value> {
    let mut kept: Map<String, Value> = Map::new();
    let mut extra: Map<String, Value> = Map::new();
    let mut publish_date = None;
    for (key, value) in map {
        let lower = key.to_ascii_lowercase();
        if lower == "publishdate" {
            publish_date = Some((key, value));
            continue;
        }
        if lower == "published" {
            // Jekyll's `published: false` holds a document back, as a draft is.
            if value == Value::Bool(false) {
                kept.insert("draft".into(), Value::Bool(true));
            }
            continue;
        }
        if matches!(lower.as_str(), "images" | "image")
            && !kept.contains_key("image")
            && let Some(first) = social_image(&value)
        {
            kept.insert("image".into(), first);
            // A longer list is kept whole under `extra`, so nothing written is lost.
            if value.as_array().is_some_and(|a| a.len() > 1) {
                extra.insert(key, value);
            }
            continue;
        }
        if lower == "extra"
            && let Value::Object(m) = value
        {
            extra.extend(m);
            continue;
        }
        match (target(&key), &value) {
            (Some("tags" | "authors" | "aliases" | "region" | "actors"), v) if names(v, false).is_some() => {
                let to = target(&key).expect("matched");
                let split = split_terms && to == "tags";
                let mut list = names(kept.get(to).unwrap_or(&Value::Null), false).unwrap_or_default();
                for n in names(v, split).unwrap_or_default() {
                    if !list.contains(&n) {
                        list.push(n);
                    }
                }
                kept.insert(to.into(), Value::from(list));
            }
            (Some("draft"), Value::Bool(_)) => {
                kept.insert("draft".into(), value);
            }
            (Some(to @ ("title" | "date" | "updated" | "expires" | "summary" | "slug")), v)
                if !kept.contains_key(to) && !matches!(v, Value::Array(_) | Value::Object(_) | Value::Null) =>
            {
                let text = match v {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                kept.insert(to.into(), Value::String(text));
            }
            _ => {
                extra.insert(key, value);
            }
        }
    }
    if let Some((key, value)) = publish_date {
        match value {
            Value::String(s) if !kept.contains_key("date") => {
                kept.insert("date".into(), Value::String(s));
            }
            other => {
                extra.insert(key, other);
            }
        }
    }
    if !extra.is_empty() {
        kept.insert("extra".into(), Value::Object(extra));
    }
    kept
}

/// The social image of `image` or Hugo's `images`: the path written, or the first of a list
/// (link previews show one picture).
fn social_image(value: &Value) -> Option<Value> {
    match value {
        Value::String(_) => Some(value.clone()),
        Value::Array(items) => items.first().filter(|v| v.is_string()).cloned(),
        _ => None,
    }
}

/// `map` (from `rewrite`, completed) as dossier's front matter, fences included: kept keys in
/// `KEPT_KEYS` order, then `extra:` as a block. Values are written as JSON, which is YAML, but
/// dates are written as they were (`2015-01-02 11:00:28 -0400`), unquoted.
pub fn to_yaml(map: &Map<String, Value>) -> String {
    let mut out = String::from("---\n");
    for key in KEPT_KEYS {
        if let Some(v) = map.get(*key) {
            out.push_str(&format!("{key}: {}\n", scalar_or_flow(key, v)));
        }
    }
    if let Some(Value::Object(extra)) = map.get("extra") {
        out.push_str("extra:\n");
        for (k, v) in extra {
            out.push_str(&format!("  {}: {}\n", yaml_key(k), flow(v)));
        }
    }
    out.push_str("---\n");
    out
}

/// `kind` plainly (it is one of dossier's words), a date plainly when it is made only of what
/// dates are made of, anything else as `flow`.
fn scalar_or_flow(key: &str, v: &Value) -> String {
    match v {
        Value::String(s) if key == "kind" => s.clone(),
        Value::String(s)
            if matches!(key, "date" | "updated" | "expires")
                && s.starts_with(|c: char| c.is_ascii_digit())
                && s.chars().all(|c| c.is_ascii_digit() || " -+:.TZ".contains(c)) =>
        {
            s.clone()
        }
        _ => flow(v),
    }
}

/// A key as written when it is a plain word, else quoted.
fn yaml_key(k: &str) -> String {
    let plain = k.starts_with(|c: char| c.is_ascii_alphabetic())
        && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if plain { k.to_string() } else { Value::String(k.to_string()).to_string() }
}

/// A value in YAML's flow style, which JSON's syntax is: `"text"`, `[a, b]`, `{k: v}`.
fn flow(v: &Value) -> String {
    match v {
        Value::Array(items) => format!("[{}]", items.iter().map(flow).collect::<Vec<_>>().join(", ")),
        Value::Object(m) => {
            let pairs: Vec<String> = m.iter().map(|(k, v)| format!("{}: {}", yaml_key(k), flow(v))).collect();
            format!("{{{}}}", pairs.join(", "))
        }
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_front_matter_becomes_yaml_with_dossiers_keys() {
        let raw = "+++\ntitle = \"Talks\"\ndate = 2015-01-02T11:00:28-04:00\nlastMod = 2015-02-01\n\
                   categories = [\"gulf\"]\ntags = [\"oman\", \"gulf\"]\nweight = 3\ndraft = true\n\
                   [params]\nsubtitle = \"x\"\n+++\nBody\n";
        let p = split(raw).unwrap();
        assert_eq!((p.body.as_str(), p.body_line), ("Body\n", 12));
        let yaml = to_yaml(&rewrite(p.map, false));
        assert_eq!(
            yaml,
            "---\ntitle: \"Talks\"\ndate: 2015-01-02T11:00:28-04:00\nupdated: 2015-02-01\n\
             tags: [\"gulf\", \"oman\"]\ndraft: true\nextra:\n  weight: 3\n  params: {subtitle: \"x\"}\n---\n"
        );
    }

    #[test]
    fn jekyll_keys_are_read_as_jekyll_means_them() {
        let raw = "---\nlayout: post\ntitle: A \"quoted\" title\ntags: one two\npublished: false\n\
                   author: Ann\nexcerpt: Short.\n---\n\nText\n";
        let p = split(raw).unwrap();
        assert_eq!(p.body_line, 9);
        let yaml = to_yaml(&rewrite(p.map, true));
        assert_eq!(
            yaml,
            "---\ntitle: \"A \\\"quoted\\\" title\"\ntags: [\"one\", \"two\"]\nauthors: [\"Ann\"]\n\
             summary: \"Short.\"\ndraft: true\nextra:\n  layout: \"post\"\n---\n"
        );
        let inner = yaml.strip_prefix("---\n").and_then(|y| y.strip_suffix("---\n")).unwrap();
        assert_eq!(crate::yaml::parse_map(inner).unwrap()["title"], "A \"quoted\" title");
    }

    #[test]
    fn blank_lines_before_the_front_matter_are_skipped_and_counted() {
        let p = split("\n\n---\ntitle: T\n---\nBody\n").unwrap();
        assert!(p.had_front_matter);
        assert_eq!((p.map["title"].as_str(), p.body.as_str(), p.body_line), (Some("T"), "Body\n", 6));
        let p = split("\n\nJust text\n").unwrap();
        assert!(!p.had_front_matter && p.body == "\n\nJust text\n");
    }

    #[test]
    fn json_front_matter_and_none_at_all_are_read() {
        let p = split("{\n  \"title\": \"J\"\n}\nBody\n").unwrap();
        assert_eq!((p.map["title"].as_str(), p.body.as_str(), p.body_line), (Some("J"), "Body\n", 4));
        let p = split("Just text\n").unwrap();
        assert!(!p.had_front_matter && p.map.is_empty() && p.body_line == 1);
        assert!(split("---\ntitle: x\n").is_err());
    }

    #[test]
    fn the_first_of_hugo_s_images_is_the_social_image_and_a_longer_list_is_kept() {
        let p = split("---\ntitle: T\nimages: [a.png, b.png]\n---\n").unwrap();
        let map = rewrite(p.map, false);
        assert_eq!(map["image"], "a.png");
        assert_eq!(map["extra"]["images"], serde_json::json!(["a.png", "b.png"]));
        let p = split("---\ntitle: T\nimages: [a.png]\n---\n").unwrap();
        let map = rewrite(p.map, false);
        assert_eq!((map["image"].as_str(), map.get("extra")), (Some("a.png"), None));
    }

    #[test]
    fn every_kept_key_is_one_dossier_knows() {
        for k in KEPT_KEYS {
            assert!(crate::content::front_matter::KNOWN_KEYS.contains(k), "{k}");
        }
    }
}
