//! The site's languages: `language` (the default one), `languages:` (every language the site
//! publishes in, the default first, each with its own name, title, description, date format and
//! digits) and `digits`. Each language's interface strings are resolved here from the
//! translation tables — the site's `i18n/<lang>.yaml`, the theme's `themes/<name>/i18n/`, the
//! built-in ones, English last — so everything after config reads them from `SiteConfig`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use serde_json::{Map, Value};

use super::SiteConfig;
use crate::dates::Digits;
use crate::diagnostics::Diagnostic;
use crate::fields::Fields;
use crate::i18n::{self, Layer, Strings, Table};

/// The keys of one language under `languages:`.
const KNOWN_LANGUAGE: &[&str] = &["name", "title", "description", "date_format", "digits", "terms"];

/// One language the site publishes in.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Language {
    /// Its BCP 47 tag (`ar`, `fa-IR`).
    pub code: String,
    /// Its name in itself, for the language switcher (`العربية`).
    pub name: String,
    /// The site's title in it, when it differs.
    pub title: Option<String>,
    /// The site's description in it, when it differs.
    pub description: Option<String>,
    /// Its day format, when it differs from the table's or site.yaml's.
    pub date_format: Option<String>,
    /// Its digits, when they differ from the table's.
    #[serde(skip)]
    pub digits: Option<Digits>,
    /// Names of regions, actors and tags in it, by their name in site.yaml and the default
    /// language's briefs (`Iran: إيران`): a term stays one entity, at one URL under each
    /// language's prefix, shown in each language by its own name. A brief of this language may
    /// write either name.
    pub terms: BTreeMap<String, String>,
    /// Its interface strings.
    #[serde(skip)]
    pub strings: Arc<Strings>,
}

/// The built-in English table, read once.
pub fn english_table() -> &'static Table {
    static EN: OnceLock<Table> = OnceLock::new();
    EN.get_or_init(|| built_in("en").map(|(t, _)| t).unwrap_or_default())
}

/// English strings from the built-in table: a config's until its languages are read.
pub fn english() -> Arc<Strings> {
    static EN: OnceLock<Arc<Strings>> = OnceLock::new();
    EN.get_or_init(|| Arc::new(Strings::english(english_table()))).clone()
}

/// The built-in table of `lang`, if the default theme has one, and its shown path.
fn built_in(lang: &str) -> Option<(Table, PathBuf)> {
    let (_, text) = crate::theme::I18N.iter().find(|(l, _)| l.eq_ignore_ascii_case(lang))?;
    let path = PathBuf::from(format!("<built-in theme>/i18n/{lang}.yaml"));
    // The built-in tables are tested to parse cleanly (`built_in_tables_parse`).
    Some((i18n::parse(text, &path).0, path))
}

/// `digits` at the top level: the default language's digits.
pub fn take_digits(f: &mut Fields, diags: &mut Vec<Diagnostic>) -> Option<Digits> {
    let v = f.take::<String>("digits", "`latin`, `arabic` or `persian`")?;
    let d = Digits::parse(&v);
    if d.is_none() {
        diags.push(
            f.error_at("digits", format!("unknown digits \"{v}\""))
                .hint("write `latin` (0123), `arabic` (٠١٢٣) or `persian` (۰۱۲۳)"),
        );
    }
    d
}

/// `languages:`, a map of language tags to their settings (`{}` or nothing for none), in the
/// order written. The default language (`language`) is put first, added when missing.
pub fn take_languages(f: &mut Fields, default: &str, diags: &mut Vec<Diagnostic>) -> Vec<Language> {
    let mut out = Vec::new();
    if let Some(map) = f.take::<Map<String, Value>>("languages", "a map of language codes to their settings") {
        for (code, settings) in map {
            if !is_tag(&code) {
                diags.push(
                    f.error_at("languages", format!("\"{code}\" is not a language code"))
                        .hint("use BCP 47 tags such as `en`, `ar`, `fa` or `pt-BR`"),
                );
                continue;
            }
            let mut lang = Language::named(&code);
            if let Value::Object(m) = settings {
                let mut g = f.nested("languages", m);
                read_language(&mut g, &mut lang, diags);
                diags.extend(g.finish(KNOWN_LANGUAGE));
            } else if !settings.is_null() {
                diags.push(
                    f.error_at("languages", format!("the settings of `{code}` must be a map"))
                        .hint("write `ar: {name: العربية}`, or `ar: {}` for the defaults"),
                );
            }
            out.push(lang);
        }
    }
    match out.iter().position(|l| l.code == default) {
        Some(0) => {}
        Some(i) => {
            let d = out.remove(i);
            out.insert(0, d);
        }
        None => out.insert(0, Language::named(default)),
    }
    out
}

fn read_language(g: &mut Fields, lang: &mut Language, diags: &mut Vec<Diagnostic>) {
    if let Some(n) = g.take("name", "the language's name in itself") {
        lang.name = n;
    }
    lang.title = g.take("title", "the site's title in this language");
    lang.description = g.take("description", "the site's description in this language");
    if let Some(v) = g.take::<String>("date_format", "a strftime format such as \"%-d %B %Y\"") {
        if jiff::fmt::strtime::format(&v, jiff::civil::date(2026, 2, 7)).is_ok() {
            lang.date_format = Some(v);
        } else {
            diags.push(g.error_at("date_format", format!("`date_format` \"{v}\" is not a valid strftime format")));
        }
    }
    lang.digits = take_digits(g, diags);
    if let Some(terms) =
        g.take::<BTreeMap<String, String>>("terms", "a map of term names to their names in this language")
    {
        lang.terms = terms;
    }
}

/// A BCP 47 tag as dossier takes them: letters, digits and hyphens, starting with 2–3 letters.
pub fn is_tag(code: &str) -> bool {
    let mut parts = code.split('-');
    let first = parts.next().unwrap_or("");
    (2..=3).contains(&first.len())
        && first.chars().all(|c| c.is_ascii_alphabetic())
        && parts.all(|p| !p.is_empty() && p.len() <= 8 && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

impl Language {
    /// A language with no settings: its name from its table, or its code.
    pub fn named(code: &str) -> Language {
        Language {
            code: code.to_string(),
            name: String::new(),
            title: None,
            description: None,
            date_format: None,
            digits: None,
            terms: BTreeMap::new(),
            strings: english(),
        }
    }
}

/// Resolve every language's strings from the tables in `root` (the site's `i18n/`, the theme's
/// `i18n/`) and the built-in ones. `date_format` is site.yaml's, when it sets one. Problems in
/// the site's and theme's tables are reported at their lines.
pub fn resolve(
    cfg: &mut SiteConfig,
    root: Option<&Path>,
    date_format: Option<&str>,
    digits: Option<Digits>,
) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let mut cache: BTreeMap<String, Option<Layer>> = BTreeMap::new();
    let mut read = |dir: &Path, shown: &str, lang: &str, diags: &mut Vec<Diagnostic>| -> Option<Layer> {
        let key = format!("{shown}/{lang}");
        if let Some(l) = cache.get(&key) {
            return l.clone();
        }
        let file = dir.join(format!("{lang}.yaml"));
        let layer = std::fs::read_to_string(&file).ok().map(|text| {
            let path = PathBuf::from(format!("{shown}/{lang}.yaml"));
            let (table, d) = i18n::parse(&text, &path);
            diags.extend(d);
            Layer { path, table }
        });
        cache.insert(key, layer.clone());
        layer
    };
    let theme_dir = format!("themes/{}/i18n", cfg.theme);
    for (i, lang) in cfg.languages.iter_mut().enumerate() {
        let mut layers = Vec::new();
        for code in i18n::chain(&lang.code) {
            if let Some(root) = root {
                layers.extend(read(&root.join("i18n"), "i18n", &code, &mut diags));
                layers.extend(read(&root.join(&theme_dir), &theme_dir, &code, &mut diags));
            }
            if let Some((table, path)) = built_in(&code) {
                layers.push(Layer { path, table });
            }
        }
        let english = english_table();
        // The default language takes site.yaml's `date_format` and `digits`; each language's own
        // settings win over them.
        let fmt = lang.date_format.as_deref().or(if i == 0 { date_format } else { None });
        let dig = lang.digits.or(if i == 0 { digits } else { None });
        let strings = Strings::resolve(&lang.code, &layers, english, fmt, dig);
        if lang.name.is_empty() {
            lang.name = strings.raw("language_name", None).unwrap_or(&lang.code).to_string();
        }
        lang.strings = Arc::new(strings);
    }
    cfg.strings = cfg.languages[0].strings.clone();
    diags
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_tables_parse_and_have_only_english_keys() {
        let en = english_table();
        assert!(en.messages.len() > 100);
        for (lang, text) in crate::theme::I18N {
            let (t, d) = i18n::parse(text, Path::new(lang));
            assert!(d.is_empty(), "{lang}: {d:?}");
            let extra: Vec<&String> = t.messages.keys().filter(|k| !en.messages.contains_key(*k)).collect();
            assert!(extra.is_empty(), "{lang} has keys English lacks: {extra:?}");
        }
    }

    #[test]
    fn built_in_translations_cover_every_english_key() {
        let en = english_table();
        for (lang, text) in crate::theme::I18N.iter().filter(|(l, _)| *l != "en") {
            let (t, _) = i18n::parse(text, Path::new(lang));
            let missing: Vec<&String> = en.messages.keys().filter(|k| !t.messages.contains_key(*k)).collect();
            assert!(missing.is_empty(), "{lang} does not translate {missing:?}");
            for (key, m) in &t.messages {
                let same_kind = std::mem::discriminant(m) == std::mem::discriminant(&en.messages[key]);
                assert!(same_kind, "{lang}: `{key}` is not the same kind of message as in English");
            }
        }
    }

    /// Every plural message of `lang` has at least the forms `want`.
    fn plural_forms_of(lang: &str, want: &[i18n::Category]) {
        let text = crate::theme::I18N.iter().find(|(l, _)| *l == lang).map(|(_, t)| *t).unwrap();
        let (t, _) = i18n::parse(text, Path::new(lang));
        let mut plurals = 0;
        for (key, m) in &t.messages {
            if let i18n::Message::Plural(forms) = m {
                plurals += 1;
                let lacking: Vec<_> = want.iter().filter(|c| !forms.contains_key(c)).collect();
                assert!(lacking.is_empty(), "{lang}: `{key}` lacks {lacking:?}");
            }
        }
        let english = english_table().messages.values().filter(|m| matches!(m, i18n::Message::Plural(_))).count();
        assert_eq!(plurals, english, "{lang} has {plurals} plural messages, English {english}");
    }

    #[test]
    fn arabic_and_russian_plurals_have_every_form_their_language_uses() {
        use i18n::Category::*;
        plural_forms_of("ar", &[Zero, One, Two, Few, Many, Other]);
        plural_forms_of("ru", &[One, Few, Many, Other]);
        let strings = |lang: &str| {
            let text = crate::theme::I18N.iter().find(|(l, _)| *l == lang).map(|(_, t)| *t).unwrap();
            let layer = Layer { path: PathBuf::from(lang), table: i18n::parse(text, Path::new(lang)).0 };
            Strings::resolve(lang, &[layer], english_table(), None, None)
        };
        let ru = strings("ru");
        assert!(ru.missing.is_empty(), "{:?}", ru.missing);
        let forms: Vec<_> = [1, 3, 5, 21, 22, 111].map(|n| ru.raw("briefs_count", Some(n)).unwrap()).into();
        assert_eq!(forms, ["{n} записка", "{n} записки", "{n} записок", "{n} записка", "{n} записки", "{n} записок"]);
        let ar = strings("ar");
        assert!(ar.missing.is_empty(), "{:?}", ar.missing);
        let forms: Vec<_> = [0, 1, 2, 7, 11, 100].map(|n| ar.raw("briefs_count", Some(n)).unwrap()).into();
        assert_eq!(forms, ["لا موجزات", "موجز واحد", "موجزان", "{n} موجزات", "{n} موجزًا", "{n} موجز"]);
    }

    #[test]
    fn tags_are_checked() {
        for t in ["en", "ar", "fa-IR", "zh-Hant-TW", "prs"] {
            assert!(is_tag(t), "{t}");
        }
        for t in ["", "e", "english", "ar_EG", "fa-", "../x"] {
            assert!(!is_tag(t), "{t}");
        }
    }
}
