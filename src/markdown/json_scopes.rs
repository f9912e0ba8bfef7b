//! The scopes syntect's JSON grammar gives well-formed JSON, computed by a direct scan.
//!
//! JSON is the code analysts paste most (data excerpts, API responses, indicator tables), and
//! for well-formed JSON the grammar's result is fixed by the structure alone: which container
//! a token is in, whether a string is a key or a value. Running the grammar's regular
//! expressions costs about 7 µs a line; this scan costs a fraction of that and yields the same
//! scope stack for every character (a property test holds it to syntect's output). Anything
//! that is not strict JSON (comments, trailing commas, a typo) goes to syntect as before.

use std::sync::OnceLock;

use syntect::parsing::Scope;

/// The scopes the JSON grammar uses.
struct Scopes {
    source: Scope,
    dict: Scope,
    key: Scope,
    value: Scope,
    array: Scope,
    string: Scope,
    dict_begin: Scope,
    dict_end: Scope,
    array_begin: Scope,
    array_end: Scope,
    key_value: Scope,
    pair: Scope,
    array_sep: Scope,
    string_begin: Scope,
    string_end: Scope,
    escape: Scope,
    number: Scope,
    language: Scope,
}

fn scopes() -> &'static Scopes {
    static S: OnceLock<Scopes> = OnceLock::new();
    S.get_or_init(|| {
        let s = |name: &str| Scope::new(name).expect("a valid scope name");
        Scopes {
            source: s("source.json"),
            dict: s("meta.structure.dictionary.json"),
            key: s("meta.structure.dictionary.key.json"),
            value: s("meta.structure.dictionary.value.json"),
            array: s("meta.structure.array.json"),
            string: s("string.quoted.double.json"),
            dict_begin: s("punctuation.section.dictionary.begin.json"),
            dict_end: s("punctuation.section.dictionary.end.json"),
            array_begin: s("punctuation.section.array.begin.json"),
            array_end: s("punctuation.section.array.end.json"),
            key_value: s("punctuation.separator.dictionary.key-value.json"),
            pair: s("punctuation.separator.dictionary.pair.json"),
            array_sep: s("punctuation.separator.array.json"),
            string_begin: s("punctuation.definition.string.begin.json"),
            string_end: s("punctuation.definition.string.end.json"),
            escape: s("constant.character.escape.json"),
            number: s("constant.numeric.json"),
            language: s("constant.language.json"),
        }
    })
}

/// True for the scope of syntect's JSON grammar (also used for `.sublime-*` files).
pub fn is_json(syntax_scope: Scope) -> bool {
    syntax_scope == scopes().source
}

/// True when `code` is a sequence of well-formed JSON values separated by JSON whitespace,
/// the input `scan` is exact for.
pub fn is_strict_json(code: &str) -> bool {
    // serde_json skips exactly JSON's four whitespace characters between values, and refuses
    // comments, trailing commas and nesting past 128 levels: all of those go to the grammar.
    let mut values = serde_json::Deserializer::from_str(code).into_iter::<serde::de::IgnoredAny>();
    values.all(|v| v.is_ok())
}

/// Where the scan is, per open container.
#[derive(Clone, Copy, PartialEq)]
enum Frame {
    /// In an object; `true` between a key's `:` and the `,` or `}` after its value.
    Dict(bool),
    Array,
}

/// Call `emit` with each piece of `code` and its scope stack, in order. `code` must pass
/// `is_strict_json`.
pub fn scan(code: &str, mut emit: impl FnMut(&str, &[Scope])) {
    let sc = scopes();
    let b = code.as_bytes();
    let mut stack: Vec<Scope> = vec![sc.source];
    let mut frames: Vec<Frame> = Vec::new();
    // Emit `text` with `extra` pushed on top of the stack for the occasion.
    let mut piece = |stack: &mut Vec<Scope>, text: &str, extra: Option<Scope>| {
        if let Some(e) = extra {
            stack.push(e);
        }
        emit(text, stack);
        if extra.is_some() {
            stack.pop();
        }
    };
    let mut i = 0;
    while i < b.len() {
        let start = i;
        match b[i] {
            b' ' | b'\t' | b'\n' | b'\r' => {
                while i < b.len() && matches!(b[i], b' ' | b'\t' | b'\n' | b'\r') {
                    i += 1;
                }
                piece(&mut stack, &code[start..i], None);
            }
            b'{' => {
                stack.push(sc.dict);
                piece(&mut stack, "{", Some(sc.dict_begin));
                frames.push(Frame::Dict(false));
                i += 1;
            }
            b'}' => {
                if frames.pop() == Some(Frame::Dict(true)) {
                    stack.pop();
                }
                piece(&mut stack, "}", Some(sc.dict_end));
                stack.pop();
                i += 1;
            }
            b'[' => {
                stack.push(sc.array);
                piece(&mut stack, "[", Some(sc.array_begin));
                frames.push(Frame::Array);
                i += 1;
            }
            b']' => {
                frames.pop();
                piece(&mut stack, "]", Some(sc.array_end));
                stack.pop();
                i += 1;
            }
            b',' => {
                match frames.last_mut() {
                    Some(Frame::Dict(in_value)) => {
                        piece(&mut stack, ",", Some(sc.pair));
                        if *in_value {
                            stack.pop();
                        }
                        *in_value = false;
                    }
                    _ => piece(&mut stack, ",", Some(sc.array_sep)),
                }
                i += 1;
            }
            b':' => {
                stack.push(sc.value);
                piece(&mut stack, ":", Some(sc.key_value));
                if let Some(Frame::Dict(in_value)) = frames.last_mut() {
                    *in_value = true;
                }
                i += 1;
            }
            b'"' => {
                let is_key = frames.last() == Some(&Frame::Dict(false));
                if is_key {
                    stack.push(sc.key);
                }
                stack.push(sc.string);
                piece(&mut stack, "\"", Some(sc.string_begin));
                i += 1;
                loop {
                    let run = i;
                    while b[i] != b'"' && b[i] != b'\\' {
                        i += 1;
                    }
                    if i > run {
                        piece(&mut stack, &code[run..i], None);
                    }
                    if b[i] == b'"' {
                        break;
                    }
                    let len = if b[i + 1] == b'u' { 6 } else { 2 };
                    piece(&mut stack, &code[i..i + len], Some(sc.escape));
                    i += len;
                }
                piece(&mut stack, "\"", Some(sc.string_end));
                i += 1;
                stack.pop();
                if is_key {
                    stack.pop();
                }
            }
            b't' | b'f' | b'n' => {
                while i < b.len() && b[i].is_ascii_lowercase() {
                    i += 1;
                }
                piece(&mut stack, &code[start..i], Some(sc.language));
            }
            _ => {
                while i < b.len() && matches!(b[i], b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E') {
                    i += 1;
                }
                piece(&mut stack, &code[start..i], Some(sc.number));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use syntect::parsing::{ParseState, ScopeStack, SyntaxSet};

    fn syntaxes() -> &'static SyntaxSet {
        static S: OnceLock<SyntaxSet> = OnceLock::new();
        S.get_or_init(SyntaxSet::load_defaults_newlines)
    }

    /// Pieces with their stacks, neighbours with equal stacks joined.
    fn merged(pieces: Vec<(String, Vec<Scope>)>) -> Vec<(String, Vec<Scope>)> {
        let mut out: Vec<(String, Vec<Scope>)> = Vec::new();
        for (t, s) in pieces {
            if t.is_empty() {
                continue;
            }
            match out.last_mut() {
                Some((lt, ls)) if *ls == s => lt.push_str(&t),
                _ => out.push((t, s)),
            }
        }
        out
    }

    fn by_grammar(code: &str) -> Vec<(String, Vec<Scope>)> {
        let ss = syntaxes();
        let mut state = ParseState::new(ss.find_syntax_by_token("json").unwrap());
        let mut stack = ScopeStack::new();
        let mut out = Vec::new();
        for line in syntect::util::LinesWithEndings::from(code) {
            let mut at = 0;
            for (pos, op) in state.parse_line(line, ss).unwrap() {
                out.push((line[at..pos].to_string(), stack.as_slice().to_vec()));
                at = pos;
                stack.apply(&op).unwrap();
            }
            out.push((line[at..].to_string(), stack.as_slice().to_vec()));
        }
        merged(out)
    }

    fn by_scan(code: &str) -> Vec<(String, Vec<Scope>)> {
        let mut out = Vec::new();
        scan(code, |t, s| out.push((t.to_string(), s.to_vec())));
        merged(out)
    }

    #[test]
    fn agrees_with_the_grammar_on_examples() {
        for code in [
            "{\"a\": [1, -2.5e3, true, null, {\"b\": \"c\\n\\u0041\"}], \"d\": {}}\n[]\n",
            "{\n  \"a\" : 1 ,\n  \"b\":\t[ 1 ,\r\n 2\n  ]\n  ,\"c\": \"x\"\n\n}\n  \"top\"  \n-0.5E+10 false\n{}",
            "{\"k\\\"ey\\\\\": \"v\\/\\b\\f\\r\\t\"}\n",
            "[[[]], {}, [{}], \"\"]\n",
            "0\n",
            "\"ünïcode ✓ \\ud83d\\ude00\"\n",
        ] {
            assert!(is_strict_json(code), "{code}");
            assert_eq!(by_scan(code), by_grammar(code), "{code}");
        }
    }

    #[test]
    fn not_strict_json_is_left_to_the_grammar() {
        for code in ["{\"a\": 1,}", "// c\n{}", "{'a': 1}", "[1 2]", "{\"a\" 1}", "nul", "\"\n\"", "[01]", "\u{feff}{}"]
        {
            assert!(!is_strict_json(code), "{code}");
        }
    }

    fn json_value() -> impl Strategy<Value = serde_json::Value> {
        let leaf = prop_oneof![
            Just(serde_json::Value::Null),
            any::<bool>().prop_map(serde_json::Value::Bool),
            any::<i64>().prop_map(|n| n.into()),
            any::<f64>().prop_filter("finite", |f| f.is_finite()).prop_map(|f| f.into()),
            "[ -~\\n\\t\"\\\\é✓]{0,12}".prop_map(serde_json::Value::String),
        ];
        leaf.prop_recursive(5, 40, 6, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..6).prop_map(serde_json::Value::Array),
                prop::collection::vec(("[ -~é]{0,8}", inner), 0..6)
                    .prop_map(|kv| serde_json::Value::Object(kv.into_iter().collect())),
            ]
        })
    }

    /// JSON text with arbitrary (legal) whitespace around every token.
    fn spaced(v: &serde_json::Value, ws: &mut impl Iterator<Item = &'static str>, out: &mut String) {
        fn w(ws: &mut impl Iterator<Item = &'static str>, out: &mut String) {
            out.push_str(ws.next().unwrap_or(""));
        }
        match v {
            serde_json::Value::Array(items) => {
                out.push('[');
                for (i, x) in items.iter().enumerate() {
                    if i > 0 {
                        w(ws, out);
                        out.push(',');
                    }
                    w(ws, out);
                    spaced(x, ws, out);
                }
                w(ws, out);
                out.push(']');
            }
            serde_json::Value::Object(m) => {
                out.push('{');
                for (i, (k, x)) in m.iter().enumerate() {
                    if i > 0 {
                        w(ws, out);
                        out.push(',');
                    }
                    w(ws, out);
                    out.push_str(&serde_json::to_string(k).unwrap());
                    w(ws, out);
                    out.push(':');
                    w(ws, out);
                    spaced(x, ws, out);
                }
                w(ws, out);
                out.push('}');
            }
            other => out.push_str(&serde_json::to_string(other).unwrap()),
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 3000, ..ProptestConfig::default() })]

        #[test]
        fn agrees_with_the_grammar(
            v in json_value(),
            pretty in any::<bool>(),
            gaps in prop::collection::vec(prop_oneof![Just(""), Just(" "), Just("\n  "), Just("\t"), Just("\r\n"), Just("  ")], 0..64),
        ) {
            let code = if pretty {
                serde_json::to_string_pretty(&v).unwrap() + "\n"
            } else {
                let mut s = String::new();
                spaced(&v, &mut gaps.into_iter().cycle(), &mut s);
                s + "\n"
            };
            prop_assert!(is_strict_json(&code));
            prop_assert_eq!(by_scan(&code), by_grammar(&code), "{}", code);
        }
    }
}
