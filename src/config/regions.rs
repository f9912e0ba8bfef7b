//! The `regions:` block: the region hierarchy, each parent with its children, read into a
//! `RegionTree` of canonical names.
//!
//! Accepted shapes, mixed freely and at any depth:
//! - a parent with a list of children: `Middle East: [Gulf, Levant]`, or one child as a string;
//! - a parent with a map of children, each with its own children (a list, a map, or nothing):
//!   `Middle East: {Gulf: [Oman, Qatar], Levant: ~}`;
//! - in a list, an entry that is itself a map: `Middle East: [Gulf: [Oman], Levant]`.
//!
//! A parent may be named as a key more than once (at the top and nested); its children are
//! joined. A region has one parent: a name placed under two parents (or twice under one) is an
//! error naming both places, and a cycle is an error naming every region in it. Names go
//! through `aliases:` first, so `USA` and `United States` are one region.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use serde_json::{Map, Value};

use crate::diagnostics::Diagnostic;
use crate::slug::slugify_or_hash;
use crate::yaml;

/// The region hierarchy, by canonical name (aliases resolved).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct RegionTree {
    /// Each region placed under another: its name → its parent's name. No cycles.
    pub parent: BTreeMap<String, String>,
}

impl RegionTree {
    /// True when no region is placed under another.
    pub fn is_empty(&self) -> bool {
        self.parent.is_empty()
    }
}

/// One name of the block as met, in the order written: its place is found from that order.
struct Placed {
    /// The name as written.
    written: String,
    /// The parent it is placed under (`None` for a top-level key).
    parent: Option<usize>,
}

/// The tree being read: every name met in written order, and the shape problems found.
struct Reader {
    met: Vec<Placed>,
    /// Each value that is not a name, with the name it was written under.
    shapes: Vec<(usize, String)>,
}

impl Reader {
    /// Read `value`, the children of the name met at `parent`.
    fn children(&mut self, parent: usize, value: Value) {
        match value {
            Value::Null => {}
            Value::String(s) => self.name(Some(parent), s, Value::Null),
            Value::Array(items) => {
                for item in items {
                    match item {
                        Value::String(s) => self.name(Some(parent), s, Value::Null),
                        Value::Object(m) => self.map(Some(parent), m),
                        other => self.shape(parent, &other),
                    }
                }
            }
            Value::Object(m) => self.map(Some(parent), m),
            other => self.shape(parent, &other),
        }
    }

    /// Each key of `m` placed under `parent`, with its value as its children.
    fn map(&mut self, parent: Option<usize>, m: Map<String, Value>) {
        for (k, v) in m {
            self.name(parent, k, v);
        }
    }

    fn name(&mut self, parent: Option<usize>, written: String, children: Value) {
        self.met.push(Placed { written, parent });
        let at = self.met.len() - 1;
        self.children(at, children);
    }

    fn shape(&mut self, parent: usize, found: &Value) {
        self.shapes.push((parent, crate::fields::describe(found)));
    }
}

/// Read the `regions:` block's value `m` (site.yaml's `text`, at `path`) with the site's
/// `aliases` (canonical name → other spellings). Every problem is pushed to `diags`; the tree
/// keeps every placement that was not refused.
pub fn parse_regions(
    m: Map<String, Value>,
    (text, path): (&str, &Path),
    aliases: &BTreeMap<String, Vec<String>>,
    diags: &mut Vec<Diagnostic>,
) -> RegionTree {
    let mut r = Reader { met: Vec::new(), shapes: Vec::new() };
    r.map(None, m);
    let written: Vec<String> = r.met.iter().map(|p| p.written.clone()).collect();
    let places = yaml::item_positions(text, "regions", &written);
    let locate = |d: Diagnostic, i: usize| match places.get(i).copied().flatten() {
        Some((line, col)) => d.at(path).span_in(text, line, col),
        None => d.at(path),
    };
    for &(parent, ref found) in &r.shapes {
        let p = r.met[parent].written.as_str();
        let d = Diagnostic::error(format!("`regions`: the children of \"{p}\" must be region names, found {found}"));
        let hint = format!("write `{p}: [Child, Other child]`, or nest maps: `{p}: {{Child: [Grandchild]}}`");
        diags.push(locate(d, parent).hint(hint));
    }
    let by_alias: HashMap<String, &str> =
        aliases.iter().flat_map(|(c, others)| others.iter().map(move |o| (slugify_or_hash(o), c.as_str()))).collect();
    let canonical = |w: &str| by_alias.get(&slugify_or_hash(w)).map_or(w.to_string(), |c| c.to_string());
    let names: Vec<String> = r.met.iter().map(|p| canonical(&p.written)).collect();
    let key = |i: usize| slugify_or_hash(&names[i]);
    let shown = |i: usize| match names[i] == r.met[i].written {
        true => format!("\"{}\"", names[i]),
        false => format!("\"{}\" (an alias of \"{}\")", r.met[i].written, names[i]),
    };
    let line = |i: usize| places.get(i).copied().flatten().map_or(String::new(), |(l, _)| format!(" (line {l})"));
    // Each region's one placement: the first met; a second is an error naming both.
    let mut placed: HashMap<String, usize> = HashMap::new();
    let mut tree = RegionTree::default();
    for (i, p) in r.met.iter().enumerate() {
        let Some(parent) = p.parent else { continue };
        if let Some(&first) = placed.get(&key(i)) {
            let fp = r.met[first].parent.expect("only placements are kept");
            let d = Diagnostic::error(format!(
                "`regions`: {} is in two places of the tree: under \"{}\"{} and under \"{}\"{}",
                shown(i),
                names[fp],
                line(first),
                names[parent],
                line(i)
            ));
            let hint =
                "a region has one parent: keep it under one of them (briefs filed under it roll up to every ancestor)";
            diags.push(locate(d, i).hint(hint));
            continue;
        }
        placed.insert(key(i), i);
        tree.parent.insert(names[i].clone(), names[parent].clone());
    }
    break_cycles(&mut tree, |d, name| locate(d, placed[&slugify_or_hash(name)]), diags);
    tree
}

/// Report every cycle of `tree` (one error per cycle, at the placement of its first region in
/// name order, naming every region in it) and break it there, so that walking up from any
/// region ends.
fn break_cycles(tree: &mut RegionTree, locate: impl Fn(Diagnostic, &str) -> Diagnostic, diags: &mut Vec<Diagnostic>) {
    let starts: Vec<String> = tree.parent.keys().cloned().collect();
    for start in starts {
        let mut chain = vec![start.clone()];
        let mut at = start.clone();
        while let Some(p) = tree.parent.get(&at) {
            if slugify_or_hash(p) == slugify_or_hash(&start) {
                let mut ring = chain.clone();
                ring.push(start.clone());
                let d = Diagnostic::error(format!(
                    "`regions` has a cycle: {}",
                    ring.iter().map(|n| format!("\"{n}\"")).collect::<Vec<_>>().join(" → ")
                ));
                diags.push(locate(d, &start).hint("a region cannot be inside itself: remove one of these placements"));
                tree.parent.remove(&start);
                break;
            }
            if chain.len() > tree.parent.len() {
                break; // a cycle further up, reported from one of its own regions
            }
            at = p.clone();
            chain.push(at.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(yaml_text: &str, aliases: &[(&str, &[&str])]) -> (RegionTree, Vec<Diagnostic>) {
        let mut m = yaml::parse_map(yaml_text).expect("valid YAML");
        let Some(Value::Object(regions)) = m.remove("regions") else { panic!("a regions map") };
        let aliases = aliases.iter().map(|(c, o)| (c.to_string(), o.iter().map(|s| s.to_string()).collect())).collect();
        let mut diags = Vec::new();
        let tree = parse_regions(regions, (yaml_text, Path::new("site.yaml")), &aliases, &mut diags);
        (tree, diags)
    }

    fn parent<'a>(t: &'a RegionTree, n: &str) -> Option<&'a str> {
        t.parent.get(n).map(String::as_str)
    }

    #[test]
    fn lists_and_nested_maps_make_one_tree() {
        let (t, d) = read(
            "regions:\n  Middle East: [Gulf, Levant]\n  Gulf: [Oman, Qatar]\n  Africa:\n    Sahel: [Mali]\n    Horn: ~\n  Europe: [Balkans: [Serbia], Baltics]\n",
            &[],
        );
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(parent(&t, "Oman"), Some("Gulf"));
        assert_eq!(parent(&t, "Gulf"), Some("Middle East"));
        assert_eq!(parent(&t, "Mali"), Some("Sahel"));
        assert_eq!(parent(&t, "Horn"), Some("Africa"));
        assert_eq!(parent(&t, "Serbia"), Some("Balkans"));
        assert_eq!(parent(&t, "Baltics"), Some("Europe"));
        assert_eq!(parent(&t, "Middle East"), None);
    }

    #[test]
    fn a_name_in_two_places_is_an_error_naming_both() {
        let (t, d) = read("regions:\n  Gulf: [Oman, Qatar]\n  Arabia:\n    - Yemen\n    - Oman\n", &[]);
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(d[0].is_error());
        assert_eq!((d[0].line, d[0].column), (Some(5), Some(7)));
        assert!(d[0].message.contains("under \"Gulf\" (line 2)"), "{}", d[0].message);
        assert!(d[0].message.contains("under \"Arabia\" (line 5)"), "{}", d[0].message);
        assert_eq!(parent(&t, "Oman"), Some("Gulf"), "the first placement is kept");
    }

    #[test]
    fn aliases_are_resolved_before_placing() {
        let (t, d) = read("regions:\n  Americas: [USA, Canada]\n", &[("United States", &["USA"])]);
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(parent(&t, "United States"), Some("Americas"));
        let (_, d) =
            read("regions:\n  Americas: [USA]\n  North America: [United States]\n", &[("United States", &["USA"])]);
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(d[0].message.contains("\"United States\""), "{}", d[0].message);
    }

    #[test]
    fn cycles_are_errors_and_broken() {
        let (t, d) = read("regions:\n  A: [B]\n  B: [C]\n  C: [A]\n", &[]);
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(d[0].message.contains("cycle") && d[0].message.contains("\"A\""), "{}", d[0].message);
        assert_eq!(t.parent.len(), 2);
        let (_, d) = read("regions:\n  Gulf: [Gulf]\n", &[]);
        assert!(d[0].message.contains("cycle"), "{d:?}");
    }

    #[test]
    fn wrong_shapes_have_a_hint() {
        let (t, d) = read("regions:\n  Gulf: [Oman, 3]\n  Levant: true\n", &[]);
        assert_eq!(d.len(), 2, "{d:?}");
        assert!(d.iter().all(|x| x.is_error() && x.hint.as_deref().is_some_and(|h| h.contains("[Child"))));
        assert_eq!(d[1].line, Some(3));
        assert_eq!(parent(&t, "Oman"), Some("Gulf"));
    }
}
