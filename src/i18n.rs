//! Interface strings in the site's language: the theme's words ("Search", "Latest briefs",
//! "3 briefs") come from translation tables, one YAML file per language, so no template holds
//! an English sentence. A language's strings are resolved once from layers, the most specific
//! first (the site's `i18n/ar.yaml`, the theme's, the built-in table, the same for the base
//! language of `ar-EG`, then English): a key missing from every layer of the language is shown
//! in English and listed in `Strings::missing`, which `dossier check` reports.
//!
//! A message is a text with `{name}` placeholders, or one text per plural category (CLDR's
//! zero, one, two, few, many, other), chosen by `{n}`. The table also names months and
//! weekdays and says how dates and numbers are written (`dates::DateStyle`).

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::dates::{DateStyle, Digits};
use crate::diagnostics::Diagnostic;

/// CLDR plural categories.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Category {
    /// `zero` (Arabic 0).
    Zero,
    /// `one`.
    One,
    /// `two` (Arabic, Hebrew).
    Two,
    /// `few` (Arabic 3–10, Russian 2–4).
    Few,
    /// `many` (Arabic 11–99, Russian 5–20).
    Many,
    /// `other`: every language has it, and it is the fallback for any category a message lacks.
    Other,
}

impl Category {
    /// Every category with its name in a table.
    pub const NAMES: [(&'static str, Category); 6] = [
        ("zero", Category::Zero),
        ("one", Category::One),
        ("two", Category::Two),
        ("few", Category::Few),
        ("many", Category::Many),
        ("other", Category::Other),
    ];
}

/// The plural category of the whole number `n` in language `lang` (CLDR's rules for integers).
/// Languages not listed here take English's rule (one for 1, other otherwise).
pub fn category(lang: &str, n: u64) -> Category {
    let primary = lang.split(['-', '_']).next().unwrap_or("").to_ascii_lowercase();
    let (m10, m100) = (n % 10, n % 100);
    let slavic = |one_only_for_1: bool| {
        if if one_only_for_1 { n == 1 } else { m10 == 1 && m100 != 11 } {
            Category::One
        } else if (2..=4).contains(&m10) && !(12..=14).contains(&m100) {
            Category::Few
        } else {
            Category::Many
        }
    };
    match primary.as_str() {
        "ar" => match n {
            0 => Category::Zero,
            1 => Category::One,
            2 => Category::Two,
            _ if (3..=10).contains(&m100) => Category::Few,
            _ if (11..=99).contains(&m100) => Category::Many,
            _ => Category::Other,
        },
        "he" | "iw" => match n {
            1 => Category::One,
            2 => Category::Two,
            _ => Category::Other,
        },
        "ru" | "uk" | "be" | "sr" | "hr" | "bs" => slavic(false),
        "pl" => slavic(true),
        "fr" | "fa" | "pt" | "hi" | "bn" | "am" | "zu" => {
            if n <= 1 {
                Category::One
            } else {
                Category::Other
            }
        }
        "zh" | "ja" | "ko" | "th" | "vi" | "id" | "ms" | "tr" | "ka" | "my" | "lo" | "km" => Category::Other,
        _ => {
            if n == 1 {
                Category::One
            } else {
                Category::Other
            }
        }
    }
}

/// One message of a table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    /// The same text whatever the number.
    Text(String),
    /// A text per plural category; always has `Other`.
    Plural(BTreeMap<Category, String>),
    /// A list of names (`months`, `weekdays`).
    List(Vec<String>),
}

/// Keys that hold lists, with the length each must have.
const LISTS: [(&str, usize); 4] = [("months", 12), ("months_short", 12), ("weekdays", 7), ("weekdays_short", 7)];

/// One translation file, as read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Table {
    /// Its messages by key.
    pub messages: BTreeMap<String, Message>,
}

/// Read a translation file. Every problem is reported at its line; what is readable is kept.
pub fn parse(text: &str, path: &Path) -> (Table, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let map = match crate::yaml::parse_map(text) {
        Ok(m) => m,
        Err(e) => {
            let d = Diagnostic::error(format!("translations are not valid YAML: {}", e.message))
                .at(path)
                .span_in(text, e.line, e.column)
                .hint("write one `key: text` line per string; see the built-in tables (`dossier theme eject`)");
            return (Table::default(), vec![d]);
        }
    };
    let mut table = Table::default();
    for (key, value) in map {
        let at = |d: Diagnostic| match crate::yaml::key_position(text, &[&key]) {
            Some((l, c)) => d.at(path).span_in(text, l, c),
            None => d.at(path),
        };
        match message(&key, value) {
            Ok(m) => {
                table.messages.insert(key, m);
            }
            Err((msg, hint)) => diags.push(at(Diagnostic::error(msg).hint(hint))),
        }
    }
    (table, diags)
}

/// One value of a table as a message, or why it cannot be one.
fn message(key: &str, value: Value) -> Result<Message, (String, String)> {
    if let Some((_, len)) = LISTS.iter().find(|(k, _)| *k == key) {
        let names: Option<Vec<String>> = value.as_array().map(|a| a.iter().map(scalar).collect());
        return match names {
            Some(n) if n.len() == *len => Ok(Message::List(n)),
            _ => Err((
                format!("`{key}` must be a list of {len} names"),
                format!("write `{key}: [first, second, …]` with {len} names, in calendar order"),
            )),
        };
    }
    match value {
        Value::String(s) => Ok(Message::Text(s)),
        Value::Number(n) => Ok(Message::Text(n.to_string())),
        Value::Object(forms) => {
            let mut out = BTreeMap::new();
            for (name, text) in forms {
                let Some((_, c)) = Category::NAMES.iter().find(|(n, _)| *n == name) else {
                    return Err((
                        format!(
                            "`{key}` has a plural form `{name}`, which is not one of zero, one, two, few, many, other"
                        ),
                        "plural forms are CLDR's categories: `one: \"{n} brief\"`, `other: \"{n} briefs\"`".into(),
                    ));
                };
                out.insert(*c, scalar(&text));
            }
            if !out.contains_key(&Category::Other) {
                return Err((
                    format!("`{key}` has plural forms but no `other`"),
                    "every plural message needs `other`, the form used when no other category fits".into(),
                ));
            }
            Ok(Message::Plural(out))
        }
        other => Err((
            format!("`{key}` must be a text, found {}", crate::yaml::kind_of(&other)),
            "write `key: text`, or plural forms as `key: {one: …, other: …}`".into(),
        )),
    }
}

fn scalar(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// One layer of translations for a language, and where it was read from.
#[derive(Debug, Clone)]
pub struct Layer {
    /// The file (shown in `check`'s warnings), `<built-in theme>/i18n/ar.yaml` for a built-in one.
    pub path: PathBuf,
    /// What it holds.
    pub table: Table,
}

/// A language's strings, every key resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Strings {
    /// The language (BCP 47 tag) these strings are for.
    pub lang: String,
    messages: HashMap<String, Message>,
    /// Keys no layer of the language translates, shown in English, sorted.
    pub missing: Vec<String>,
    /// How dates and numbers are written.
    pub dates: DateStyle,
}

impl Strings {
    /// Resolve `lang`'s strings: `layers` are the language's own, most specific first, and
    /// `english` is the table every key falls back to (English is never missing anything).
    /// `date_format` is the day format (site.yaml's `date_format`, or the table's own
    /// `date_format` when site.yaml sets none); `digits` overrides the table's.
    pub fn resolve(
        lang: &str,
        layers: &[Layer],
        english: &Table,
        date_format: Option<&str>,
        digits: Option<Digits>,
    ) -> Strings {
        let mut messages: HashMap<String, Message> = HashMap::new();
        for layer in layers.iter().rev() {
            for (k, m) in &layer.table.messages {
                messages.insert(k.clone(), m.clone());
            }
        }
        let mut missing = Vec::new();
        for (k, m) in &english.messages {
            if !messages.contains_key(k) {
                messages.insert(k.clone(), m.clone());
                missing.push(k.clone());
            }
        }
        missing.sort();
        let mut s = Strings { lang: lang.to_string(), messages, missing, dates: DateStyle::english("%-d %B %Y") };
        s.dates = s.date_style(date_format, digits);
        s
    }

    /// English from the built-in table alone: what code that renders without a site (tests,
    /// tools) writes in.
    pub fn english(table: &Table) -> Strings {
        Strings::resolve("en", &[], table, None, None)
    }

    fn date_style(&self, date_format: Option<&str>, digits: Option<Digits>) -> DateStyle {
        let mut style = DateStyle::english(date_format.unwrap_or_else(|| self.text_or("date_format", "%-d %B %Y")));
        style.month_format = self.text_or("month_format", "%B %Y").to_string();
        style.quarter = self.text_or("quarter", "Q{q} {year}").to_string();
        let list = |key: &str, into: &mut [String]| {
            if let Some(Message::List(names)) = self.messages.get(key)
                && names.len() == into.len()
            {
                into.clone_from_slice(names);
            }
        };
        list("months", &mut style.months);
        list("months_short", &mut style.months_short);
        list("weekdays", &mut style.weekdays);
        list("weekdays_short", &mut style.weekdays_short);
        style.digits = digits.or_else(|| Digits::parse(self.text_or("digits", "latin"))).unwrap_or_default();
        style
    }

    fn text_or<'a>(&'a self, key: &str, default: &'a str) -> &'a str {
        match self.messages.get(key) {
            Some(Message::Text(t)) => t,
            _ => default,
        }
    }

    /// A hash of everything these strings write: every message, the keys left in English and
    /// the date style. Pages depend on it as they do on the config.
    pub fn fingerprint(&self) -> u64 {
        let mut keys: Vec<(&String, &Message)> = self.messages.iter().collect();
        keys.sort_unstable_by_key(|(k, _)| *k);
        let text = format!("{}\u{0}{:?}\u{0}{:?}\u{0}{:?}", self.lang, keys, self.missing, self.dates);
        crate::hashing::bytes(text.as_bytes())
    }

    /// True when `key` has a message.
    pub fn has(&self, key: &str) -> bool {
        self.messages.contains_key(key)
    }

    /// Every key, sorted.
    pub fn keys(&self) -> Vec<&str> {
        let mut k: Vec<&str> = self.messages.keys().map(String::as_str).collect();
        k.sort_unstable();
        k
    }

    /// The message `key` for the number `n` (its plural form; `other` without a number), with
    /// `{name}` placeholders left in; `None` for an unknown key or a list.
    pub fn raw(&self, key: &str, n: Option<u64>) -> Option<&str> {
        match self.messages.get(key)? {
            Message::Text(t) => Some(t),
            Message::Plural(forms) => {
                let c = n.map_or(Category::Other, |n| category(&self.lang, n));
                forms.get(&c).or_else(|| forms.get(&Category::Other)).map(String::as_str)
            }
            Message::List(_) => None,
        }
    }

    /// The message `key` with `{n}` and the `args` filled in (numbers in the language's
    /// digits); the key itself when there is no such message, so a mistake shows on the page.
    pub fn get(&self, key: &str, n: Option<u64>, args: &[(&str, &str)]) -> String {
        let Some(raw) = self.raw(key, n) else { return key.to_string() };
        let n_text = n.map(|n| self.number(n as i64));
        fill(raw, |name| match name {
            "n" => n_text.clone(),
            _ => args.iter().find(|(k, _)| *k == name).map(|(_, v)| v.to_string()),
        })
    }

    /// The message `key` as JSON, for scripts that format it in the browser: a string, or an
    /// object of plural forms by category name (`{"one": "…", "other": "…"}`); `None` for an
    /// unknown key.
    pub fn json(&self, key: &str) -> Option<Value> {
        Some(match self.messages.get(key)? {
            Message::Text(t) => Value::String(t.clone()),
            Message::Plural(forms) => {
                let name = |c: &Category| Category::NAMES.iter().find(|(_, k)| k == c).map_or("other", |(n, _)| *n);
                Value::Object(forms.iter().map(|(c, t)| (name(c).to_string(), Value::String(t.clone()))).collect())
            }
            Message::List(l) => Value::from(l.clone()),
        })
    }

    /// A number in the language's digits.
    pub fn number(&self, n: i64) -> String {
        self.dates.digits.apply(&n.to_string())
    }
}

/// `text` with each `{name}` replaced by `value(name)`; a placeholder with no value, and a
/// brace that opens none, are kept as written.
pub fn fill(text: &str, mut value: impl FnMut(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text;
    while let Some(i) = rest.find('{') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        match after.find('}') {
            Some(j) if is_name(&after[..j]) => {
                match value(&after[..j]) {
                    Some(v) => out.push_str(&v),
                    None => out.push_str(&rest[i..i + j + 2]),
                }
                rest = &after[j + 1..];
            }
            _ => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn is_name(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// The languages a tag falls back through before English: `ar-EG` → `ar-EG`, `ar`.
pub fn chain(lang: &str) -> Vec<String> {
    let mut out = vec![lang.to_string()];
    if let Some((primary, _)) = lang.split_once(['-', '_']) {
        out.push(primary.to_string());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(text: &str) -> Table {
        let (t, d) = parse(text, Path::new("i18n/x.yaml"));
        assert!(d.is_empty(), "{d:?}");
        t
    }

    #[test]
    fn plural_rules_follow_cldr_for_the_built_in_languages() {
        use Category::*;
        let got = |lang: &str| [0, 1, 2, 3, 5, 11, 21, 22, 25, 100, 101, 111].map(|n| category(lang, n));
        assert_eq!(got("en"), [Other, One, Other, Other, Other, Other, Other, Other, Other, Other, Other, Other]);
        assert_eq!(got("fr"), [One, One, Other, Other, Other, Other, Other, Other, Other, Other, Other, Other]);
        assert_eq!(got("ru"), [Many, One, Few, Few, Many, Many, One, Few, Many, Many, One, Many]);
        assert_eq!(got("ar-EG"), [Zero, One, Two, Few, Few, Many, Many, Many, Many, Other, Other, Many]);
        assert_eq!(got("fa")[..3], [One, One, Other]);
        assert_eq!(got("zh"), [Other; 12]);
    }

    #[test]
    fn layers_resolve_most_specific_first_and_english_fills_the_gaps() {
        let en = table("search: Search\nbriefs: {one: \"{n} brief\", other: \"{n} briefs\"}\nlatest: Latest\n");
        let built_in = table(
            "search: بحث\nbriefs: {zero: لا موجزات, one: موجز واحد, two: موجزان, few: \"{n} موجزات\", other: \"{n} موجزًا\"}\ndigits: arabic\n",
        );
        let site = table("search: ابحث\n");
        let layers = [
            Layer { path: "i18n/ar.yaml".into(), table: site },
            Layer { path: "<built-in>/ar.yaml".into(), table: built_in },
        ];
        let s = Strings::resolve("ar", &layers, &en, None, None);
        assert_eq!(s.get("search", None, &[]), "ابحث");
        assert_eq!(s.get("briefs", Some(0), &[]), "لا موجزات");
        assert_eq!(s.get("briefs", Some(2), &[]), "موجزان");
        assert_eq!(s.get("briefs", Some(7), &[]), "٧ موجزات");
        assert_eq!(s.get("briefs", Some(100), &[]), "١٠٠ موجزًا");
        assert_eq!(s.get("latest", None, &[]), "Latest");
        assert_eq!(s.missing, vec!["latest"]);
        assert_eq!(s.get("nope", None, &[]), "nope");
        let latin = Strings::resolve("ar", &layers, &en, None, Some(Digits::Latin));
        assert_eq!(latin.get("briefs", Some(7), &[]), "7 موجزات");
    }

    #[test]
    fn placeholders_are_filled_and_stray_braces_kept() {
        let t = fill("{a} and {b} {not closed {c d}", |n| (n != "b").then(|| n.to_uppercase()));
        assert_eq!(t, "A and {b} {not closed {c d}");
    }

    #[test]
    fn bad_tables_say_where_and_why() {
        let text = "ok: fine\nmonths: [a, b]\nbriefs: {one: x}\nodd: {one: x, other: y, lots: z}\nlist: [1, 2]\n";
        let (t, d) = parse(text, Path::new("i18n/fr.yaml"));
        assert!(t.messages.contains_key("ok"));
        let lines: Vec<(usize, &str)> = d.iter().map(|d| (d.line.unwrap_or(0), d.message.as_str())).collect();
        assert_eq!(lines.len(), 4, "{lines:?}");
        assert!(lines[0].0 == 2 && lines[0].1.contains("12 names"), "{lines:?}");
        assert!(lines[1].0 == 3 && lines[1].1.contains("no `other`"), "{lines:?}");
        assert!(lines[2].0 == 4 && lines[2].1.contains("`lots`"), "{lines:?}");
        assert!(lines[3].0 == 5 && lines[3].1.contains("must be a text"), "{lines:?}");
    }
}
