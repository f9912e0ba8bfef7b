//! The scopes syntect's JSON grammar gives well-formed JSON, computed by a direct scan.
//!
//! JSON is the code analysts paste most (data excerpts, API responses, indicator tables), and
//! for well-formed JSON the grammar's result is fixed by the structure alone: which container
//! a token is in, whether a string is a key or a value. So this scan, one pass over the bytes
//! with no regular expression, stands in for the grammar's regular expressions, which are the
//! cost of highlighting, and yields the same scope stack for every character (a property test
//! holds it to syntect's output). Anything that is not strict JSON (comments, trailing commas,
//! a typo) goes to syntect as before.

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
pub fn scan(code: &str, emit: impl FnMut(&str, &[Scope])) {
    let sc = scopes();
    let b = code.as_bytes();
    let mut s = Scanner { code, sc, stack: vec![sc.source], frames: Vec::new(), emit };
    // One token per turn, dispatched on its first byte; each arm returns where the next starts.
    let mut i = 0;
    while i < b.len() {
        i = match b[i] {
            b' ' | b'\t' | b'\n' | b'\r' => s.whitespace(i),
            b'{' => s.open(i, "{", sc.dict, sc.dict_begin, Frame::Dict(false)),
            b'}' => s.close(i, "}", sc.dict_end),
            b'[' => s.open(i, "[", sc.array, sc.array_begin, Frame::Array),
            b']' => s.close(i, "]", sc.array_end),
            b',' => s.comma(i),
            b':' => s.colon(i),
            b'"' => s.string(i),
            b't' | b'f' | b'n' => s.word(i, |c| c.is_ascii_lowercase(), sc.language),
            _ => s.word(i, |c| matches!(c, b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E'), sc.number),
        };
    }
}

/// The scan's state: the scope stack the pieces are emitted with, and the open containers.
/// Its methods each read one token starting at byte `i` and return the index after it; they
/// are `#[inline]` so that the loop in `scan` compiles as one function, as it was written.
struct Scanner<'c, F> {
    code: &'c str,
    sc: &'static Scopes,
    stack: Vec<Scope>,
    frames: Vec<Frame>,
    emit: F,
}

impl<F: FnMut(&str, &[Scope])> Scanner<'_, F> {
    /// Emit `text` with the stack as it is.
    #[inline]
    fn piece(&mut self, text: &str) {
        (self.emit)(text, &self.stack);
    }

    /// Emit `text` with `extra` on top of the stack for the occasion.
    #[inline]
    fn piece_in(&mut self, text: &str, extra: Scope) {
        self.stack.push(extra);
        (self.emit)(text, &self.stack);
        self.stack.pop();
    }

    /// A run of JSON whitespace, emitted as one piece.
    #[inline]
    fn whitespace(&mut self, start: usize) -> usize {
        let b = self.code.as_bytes();
        let mut i = start;
        while i < b.len() && matches!(b[i], b' ' | b'\t' | b'\n' | b'\r') {
            i += 1;
        }
        self.piece(&self.code[start..i]);
        i
    }

    /// `{` or `[`: the container's scope holds its brackets and everything between.
    #[inline]
    fn open(&mut self, i: usize, text: &'static str, container: Scope, begin: Scope, frame: Frame) -> usize {
        self.stack.push(container);
        self.piece_in(text, begin);
        self.frames.push(frame);
        i + 1
    }

    /// `}` or `]`: an object closed right after a value closes the value's scope first.
    #[inline]
    fn close(&mut self, i: usize, text: &'static str, end: Scope) -> usize {
        if self.frames.pop() == Some(Frame::Dict(true)) {
            self.stack.pop();
        }
        self.piece_in(text, end);
        self.stack.pop();
        i + 1
    }

    /// `,`: in an object it separates pairs and ends the value's scope; in an array, items.
    #[inline]
    fn comma(&mut self, i: usize) -> usize {
        match self.frames.last_mut() {
            Some(Frame::Dict(in_value)) => {
                let was_in_value = std::mem::replace(in_value, false);
                self.piece_in(",", self.sc.pair);
                if was_in_value {
                    self.stack.pop();
                }
            }
            _ => self.piece_in(",", self.sc.array_sep),
        }
        i + 1
    }

    /// `:`: the value's scope opens with it and lasts until the `,` or `}` after the value.
    #[inline]
    fn colon(&mut self, i: usize) -> usize {
        self.stack.push(self.sc.value);
        self.piece_in(":", self.sc.key_value);
        if let Some(Frame::Dict(in_value)) = self.frames.last_mut() {
            *in_value = true;
        }
        i + 1
    }

    /// A string, with its quotes and escapes as pieces of their own; a string in key
    /// position is inside the key's scope too.
    #[inline]
    fn string(&mut self, start: usize) -> usize {
        let sc = self.sc;
        let b = self.code.as_bytes();
        let is_key = self.frames.last() == Some(&Frame::Dict(false));
        if is_key {
            self.stack.push(sc.key);
        }
        self.stack.push(sc.string);
        self.piece_in("\"", sc.string_begin);
        let mut i = start + 1;
        // Strict JSON closes every string, so the closing quote bounds these loops.
        loop {
            let run = i;
            while b[i] != b'"' && b[i] != b'\\' {
                i += 1;
            }
            if i > run {
                self.piece(&self.code[run..i]);
            }
            if b[i] == b'"' {
                break;
            }
            let len = if b[i + 1] == b'u' { 6 } else { 2 };
            self.piece_in(&self.code[i..i + len], sc.escape);
            i += len;
        }
        self.piece_in("\"", sc.string_end);
        self.stack.pop();
        if is_key {
            self.stack.pop();
        }
        i + 1
    }

    /// A literal (`true`, `false`, `null`) or a number: the bytes `more` accepts, as one
    /// piece in `scope`.
    #[inline]
    fn word(&mut self, start: usize, more: impl Fn(u8) -> bool, scope: Scope) -> usize {
        let b = self.code.as_bytes();
        let mut i = start;
        while i < b.len() && more(b[i]) {
            i += 1;
        }
        self.piece_in(&self.code[start..i], scope);
        i
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
    fn the_scan_is_linear_in_its_input() {
        // 20 KB of brackets nested as deep as strict JSON goes, and of keys nested in objects:
        // the scan emits a bounded number of pieces per byte, and its stack never outgrows the
        // nesting, so its work is proportional to the block's length.
        let arrays = format!("{}{}\n", "[".repeat(127), "]".repeat(127)).repeat(80);
        let objects = format!("{}1{}\n", "{\"k\":".repeat(127), "}".repeat(127)).repeat(27);
        for code in [arrays, objects] {
            assert!(code.len() >= 20_000 && is_strict_json(&code));
            let (mut pieces, mut deepest, mut bytes) = (0usize, 0usize, 0usize);
            scan(&code, |text, stack| {
                pieces += 1;
                bytes += text.len();
                deepest = deepest.max(stack.len());
            });
            assert_eq!(bytes, code.len());
            assert!(pieces <= code.len() * 2, "{pieces} pieces for {} bytes", code.len());
            assert!(deepest <= 2 * 128 + 3, "stack {deepest} deep");
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
