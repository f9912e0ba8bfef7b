//! Taxonomies (`region`, `actors`, `tags`): every term with its slug and its briefs.

use std::collections::HashMap;

use crate::config::RegionTree;
use crate::content::Document;
use crate::diagnostics::Diagnostic;
use crate::slug::slugify_or_hash;

/// The three taxonomies every brief is filed under.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TaxonomyKind {
    /// `region:`
    Region,
    /// `actors:`
    Actors,
    /// `tags:`
    Tags,
}

impl TaxonomyKind {
    /// All taxonomies, in display order.
    pub const ALL: [TaxonomyKind; 3] = [TaxonomyKind::Region, TaxonomyKind::Actors, TaxonomyKind::Tags];

    /// The front matter key.
    pub fn key(self) -> &'static str {
        match self {
            TaxonomyKind::Region => "region",
            TaxonomyKind::Actors => "actors",
            TaxonomyKind::Tags => "tags",
        }
    }

    /// The URL folder (`regions`).
    pub fn path(self) -> &'static str {
        match self {
            TaxonomyKind::Region => "regions",
            TaxonomyKind::Actors => "actors",
            TaxonomyKind::Tags => "tags",
        }
    }

    /// Heading for the overview page.
    pub fn title(self) -> &'static str {
        match self {
            TaxonomyKind::Region => "Regions",
            TaxonomyKind::Actors => "Actors",
            TaxonomyKind::Tags => "Tags",
        }
    }

    /// The interface strings (`i18n`) of `title` and `singular`: the key of the heading of the
    /// overview page and the key of the label of one term.
    pub fn string_keys(self) -> (&'static str, &'static str) {
        match self {
            TaxonomyKind::Region => ("regions", "region"),
            TaxonomyKind::Actors => ("actors", "actor"),
            TaxonomyKind::Tags => ("tags", "tag"),
        }
    }

    /// Label for one term ("Region: Gulf").
    pub fn singular(self) -> &'static str {
        match self {
            TaxonomyKind::Region => "Region",
            TaxonomyKind::Actors => "Actor",
            TaxonomyKind::Tags => "Tag",
        }
    }

    /// The brief's names in this taxonomy.
    pub fn names(self, b: &Document) -> &[String] {
        match self {
            TaxonomyKind::Region => &b.regions,
            TaxonomyKind::Actors => &b.actors,
            TaxonomyKind::Tags => &b.tags,
        }
    }

    /// Where the brief's `i`th name in this taxonomy is written (1-based line and column), when
    /// known (`Document::term_places`).
    pub fn place(self, b: &Document, i: usize) -> Option<(usize, usize)> {
        let before = match self {
            TaxonomyKind::Region => 0,
            TaxonomyKind::Actors => b.regions.len(),
            TaxonomyKind::Tags => b.regions.len() + b.actors.len(),
        };
        match b.term_places.get(before + i) {
            Some(&(line, col)) if line > 0 => Some((line as usize, col as usize)),
            _ => None,
        }
    }
}

/// One term (`Gulf`) and the briefs filed under it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    /// The display name: the spelling most of its briefs use (the newest brief's on a tie).
    pub name: String,
    /// URL segment.
    pub slug: String,
    /// Indices into `Site::briefs`, newest first, each once: the briefs filed under it and,
    /// for a region, those filed under any of its sub-regions (`regions:` in site.yaml).
    pub briefs: Vec<usize>,
    /// The briefs filed under this term itself, when sub-regions add others to `briefs`
    /// (`None`: `briefs` are all its own). Read through `Term::direct`.
    pub(crate) own: Option<Vec<usize>>,
}

impl Term {
    /// The briefs filed under this term by name (not through a sub-region), newest first.
    pub fn direct(&self) -> &[usize] {
        self.own.as_deref().unwrap_or(&self.briefs)
    }
}

/// A taxonomy with its terms sorted by name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Taxonomy {
    /// Which taxonomy.
    pub kind: TaxonomyKind,
    /// Terms, sorted case-insensitively by name.
    pub terms: Vec<Term>,
    /// Term slug → index into `terms`.
    pub by_slug: HashMap<String, usize, crate::hashing::FastBuild>,
    /// Every spelling met → index into `terms`, so lookups rarely need to slugify.
    by_name: HashMap<String, usize, crate::hashing::FastBuild>,
    /// Alias slug → canonical name, from `aliases:` in site.yaml.
    aliases: Aliases,
    /// Per term, the term it is a sub-region of (`regions:` in site.yaml); all `None` but
    /// for regions placed in the hierarchy.
    parent: Vec<Option<usize>>,
    /// Per term, its sub-regions that have briefs, in term order.
    children: Vec<Vec<usize>>,
    /// True when some term is inside another.
    nested: bool,
    /// The terms of every brief, back to back: brief `i`'s are
    /// `brief_terms[brief_starts[i]..brief_starts[i + 1]]`, in the order it names them.
    brief_terms: Vec<u32>,
    /// Where each brief's terms start in `brief_terms`, and one past the last brief's.
    brief_starts: Vec<u32>,
    /// Each term's strongest ties (`graph::neighbours`), made when first asked for.
    pub neighbours: Memo<(usize, crate::model::cooccur::Counts, usize)>,
}

/// Values worked out from a model when first asked for, one per term, and kept as long as
/// what they are made from: with the taxonomy (which briefs each term has and which terms each
/// brief names is fixed once it is built: an edit that changes it builds a new one), or for
/// one set of page signatures (`signature::Memo`). Equal taxonomies are equal whatever has
/// been worked out.
#[derive(Debug, Clone, Default)]
pub struct Memo<T>(Vec<std::sync::OnceLock<T>>);

impl<T> Memo<T> {
    /// An empty memo for `n` terms.
    pub fn new(n: usize) -> Self {
        Memo((0..n).map(|_| std::sync::OnceLock::new()).collect())
    }

    /// Term `i`'s value, made by `make` the first time.
    pub fn get_or_init(&self, i: usize, make: impl FnOnce() -> T) -> &T {
        self.0[i].get_or_init(make)
    }
}

impl<T> PartialEq for Memo<T> {
    fn eq(&self, other: &Self) -> bool {
        self.0.len() == other.0.len()
    }
}

impl<T> Eq for Memo<T> {}

/// Alias spellings, by their slug, to the canonical name they stand for.
pub type Aliases = HashMap<String, String>;

/// The alias table from site.yaml's `aliases:` (canonical name → its other spellings).
pub fn aliases(config: &std::collections::BTreeMap<String, Vec<String>>) -> Aliases {
    let mut m = Aliases::new();
    for (canonical, others) in config {
        for a in others {
            m.insert(slugify_or_hash(a), canonical.clone());
        }
    }
    m
}

/// One way a term is written, while a taxonomy is built.
struct Spelling<'a> {
    name: &'a str,
    term: usize,
    briefs: usize,
    /// The first brief using it and the name's place in that brief's list.
    first: (usize, usize),
}

/// A taxonomy's terms as the briefs file them, in the order first met, before they are named
/// and sorted.
struct Filing<'a> {
    /// Terms in the order first met, each under the spelling it was first met by (an alias's
    /// canonical name for an alias).
    terms: Vec<Term>,
    /// Per spelling met: its term, and whether it is an alias.
    spelled: HashMap<&'a str, (usize, bool), crate::hashing::FastBuild>,
    /// Each spelling that is not an alias: its term, how many briefs use it, where first.
    uses: Vec<Spelling<'a>>,
    /// As `Taxonomy::brief_terms`, indices into `terms` as first met.
    brief_terms: Vec<u32>,
    /// As `Taxonomy::brief_starts`.
    brief_starts: Vec<u32>,
}

impl<'a> Filing<'a> {
    /// File every brief's names of `kind` under their terms: spellings that slugify alike, or
    /// that `aliases` files under one canonical name, are one term.
    fn file(kind: TaxonomyKind, briefs: &'a [Document], aliases: &Aliases) -> Filing<'a> {
        let mut terms: Vec<Term> = Vec::new();
        let mut index: HashMap<String, usize> = HashMap::new();
        // Names repeat across thousands of briefs; slugify each spelling once.
        let mut spelled: HashMap<&str, (usize, bool), crate::hashing::FastBuild> = HashMap::default();
        let mut uses: Vec<Spelling> = Vec::new();
        let mut use_of: HashMap<&str, usize, crate::hashing::FastBuild> = HashMap::default();
        let mut brief_terms: Vec<u32> = Vec::new();
        let mut brief_starts: Vec<u32> = Vec::with_capacity(briefs.len() + 1);
        for (bi, brief) in briefs.iter().enumerate() {
            brief_starts.push(brief_terms.len() as u32);
            for (ni, name) in kind.names(brief).iter().enumerate() {
                let (ti, aliased) = match spelled.get(name.as_str()) {
                    Some(&known) => known,
                    None => {
                        let slug = slugify_or_hash(name);
                        let (slug, display, aliased) = match aliases.get(&slug) {
                            Some(canonical) => (slugify_or_hash(canonical), canonical, true),
                            None => (slug, name, false),
                        };
                        let ti = *index.entry(slug.clone()).or_insert_with(|| {
                            terms.push(Term { name: display.clone(), slug, briefs: Vec::new(), own: None });
                            terms.len() - 1
                        });
                        spelled.insert(name, (ti, aliased));
                        if !aliased {
                            uses.push(Spelling { name, term: ti, briefs: 0, first: (bi, ni) });
                            use_of.insert(name, uses.len() - 1);
                        }
                        (ti, aliased)
                    }
                };
                if !aliased && let Some(&u) = use_of.get(name.as_str()) {
                    uses[u].briefs += 1;
                }
                brief_terms.push(ti as u32);
                let term = &mut terms[ti];
                if term.briefs.last() != Some(&bi) {
                    term.briefs.push(bi);
                }
            }
        }
        brief_starts.push(brief_terms.len() as u32);
        Filing { terms, spelled, uses, brief_terms, brief_starts }
    }

    /// The taxonomy, its terms sorted case-insensitively by name (then by slug), every index
    /// into them moved to match.
    fn into_taxonomy(self, kind: TaxonomyKind, aliases: &Aliases, parent: Vec<Option<usize>>) -> Taxonomy {
        let Filing { terms, spelled, mut brief_terms, brief_starts, .. } = self;
        let mut order: Vec<usize> = (0..terms.len()).collect();
        let keys: Vec<String> = terms.iter().map(|t| t.name.to_lowercase()).collect();
        order.sort_by(|&a, &b| keys[a].cmp(&keys[b]).then_with(|| terms[a].slug.cmp(&terms[b].slug)));
        // Sorting moved the terms: map the old positions to the new ones.
        let mut new_pos = vec![0; terms.len()];
        for (new, &old) in order.iter().enumerate() {
            new_pos[old] = new;
        }
        for t in &mut brief_terms {
            *t = new_pos[*t as usize] as u32;
        }
        let by_name = spelled.into_iter().map(|(n, (i, _))| (n.to_string(), new_pos[i])).collect();
        let mut slots: Vec<Option<Term>> = terms.into_iter().map(Some).collect();
        let terms: Vec<Term> = order.iter().map(|&i| slots[i].take().expect("each term moves once")).collect();
        let by_slug = terms.iter().enumerate().map(|(i, t)| (t.slug.clone(), i)).collect();
        let mut moved = vec![None; terms.len()];
        for (old, p) in parent.into_iter().enumerate() {
            moved[new_pos[old]] = p.map(|p| new_pos[p]);
        }
        let mut children = vec![Vec::new(); terms.len()];
        for (i, p) in moved.iter().enumerate() {
            if let Some(p) = *p {
                children[p].push(i);
            }
        }
        let (aliases, nested) = (aliases.clone(), moved.iter().any(Option::is_some));
        let neighbours = Memo::new(terms.len());
        Taxonomy {
            kind,
            terms,
            by_slug,
            by_name,
            aliases,
            parent: moved,
            children,
            nested,
            brief_terms,
            brief_starts,
            neighbours,
        }
    }
}

/// Name each term written more than one way (`uses`) after the spelling most of its briefs
/// use, the newest brief's on a tie; each other spelling is a warning at its first use. A term
/// filed under an alias keeps its canonical name: an alias is a deliberate second spelling, so
/// no warning for it.
fn name_terms(kind: TaxonomyKind, briefs: &[Document], terms: &mut [Term], uses: &[Spelling]) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    // In term order, so the warnings come out the same on every run.
    let mut by_term: std::collections::BTreeMap<usize, Vec<&Spelling>> = std::collections::BTreeMap::new();
    for u in uses {
        by_term.entry(u.term).or_default().push(u);
    }
    for (ti, mut spellings) in by_term.into_iter().filter(|(_, v)| v.len() > 1) {
        if !spellings.iter().any(|u| *u.name == terms[ti].name) {
            continue; // filed under an alias's canonical name
        }
        spellings.sort_by(|a, b| b.briefs.cmp(&a.briefs).then(a.first.cmp(&b.first)));
        let best = spellings[0];
        terms[ti].name = best.name.to_string();
        for u in &spellings[1..] {
            diags.push(spelling_warning(kind, &briefs[u.first.0], best, u));
        }
    }
    diags
}

/// The warning that `other` is a second spelling of the term `best` names, at `other`'s first
/// use: at the name in that brief's front matter, else at its first line.
fn spelling_warning(kind: TaxonomyKind, brief: &Document, best: &Spelling, other: &Spelling) -> Diagnostic {
    let count = |n: usize| format!("{n} brief{}", if n == 1 { "" } else { "s" });
    let d = Diagnostic::warning(format!(
        "{} \"{}\" is spelled \"{}\" in {}; both are filed as \"{}\"",
        kind.singular().to_lowercase(),
        other.name,
        best.name,
        count(best.briefs),
        best.name
    ))
    .at(&brief.file)
    .hint(format!(
        "write \"{}\" (the spelling most briefs use) in `{}`; \"{}\" is used in {}",
        best.name,
        kind.key(),
        other.name,
        count(other.briefs)
    ));
    let (line, col) = kind.place(brief, other.first.1).unwrap_or((1, 1));
    d.line_col(line, col)
}

impl Taxonomy {
    /// Build from briefs sorted newest first. Spellings that slugify alike are one term; a
    /// warning names each differing spelling once.
    pub fn build(kind: TaxonomyKind, briefs: &[Document]) -> (Taxonomy, Vec<Diagnostic>) {
        Taxonomy::build_with(kind, briefs, &Aliases::default())
    }

    /// `build`, filing every alias under its canonical name (`USA` → `United States`).
    ///
    /// A term's display name is the spelling most of its briefs use.
    pub fn build_with(kind: TaxonomyKind, briefs: &[Document], aliases: &Aliases) -> (Taxonomy, Vec<Diagnostic>) {
        Taxonomy::build_in(kind, briefs, aliases, &RegionTree::default())
    }

    /// `build_with`, and for the regions, the hierarchy `tree` applied: each region placed in it
    /// also lists the briefs of its sub-regions, and a region with none of its own but with
    /// sub-regions that have briefs is a term too (`model::regions`).
    pub fn build_in(
        kind: TaxonomyKind,
        briefs: &[Document],
        aliases: &Aliases,
        tree: &RegionTree,
    ) -> (Taxonomy, Vec<Diagnostic>) {
        let mut filing = Filing::file(kind, briefs, aliases);
        let diags = name_terms(kind, briefs, &mut filing.terms, &filing.uses);
        let parent = match kind {
            TaxonomyKind::Region if !tree.is_empty() => {
                crate::model::regions::roll_up(&mut filing.terms, (&filing.brief_terms, &filing.brief_starts), tree)
            }
            _ => vec![None; filing.terms.len()],
        };
        (filing.into_taxonomy(kind, aliases, parent), diags)
    }

    /// The region term `ti` is a sub-region of, in the hierarchy.
    pub fn parent_of(&self, ti: usize) -> Option<usize> {
        self.parent.get(ti).copied().flatten()
    }

    /// The sub-regions of term `ti` that have briefs, in term order (by name).
    pub fn children_of(&self, ti: usize) -> &[usize] {
        self.children.get(ti).map_or(&[], Vec::as_slice)
    }

    /// Every term as `(index, depth)` in the order of the hierarchy: top-level terms (depth 0)
    /// by name, each followed by its sub-regions, and theirs, each level by name. Without a
    /// hierarchy, every term in order at depth 0.
    pub fn tree_order(&self) -> Vec<(usize, usize)> {
        let mut order = Vec::with_capacity(self.terms.len());
        let mut stack: Vec<(usize, usize)> =
            (0..self.terms.len()).rev().filter(|&i| self.parent_of(i).is_none()).map(|i| (i, 0)).collect();
        while let Some((i, depth)) = stack.pop() {
            order.push((i, depth));
            stack.extend(self.children_of(i).iter().rev().map(|&k| (k, depth + 1)));
        }
        order
    }

    /// True when some term is inside another.
    pub fn is_nested(&self) -> bool {
        self.nested
    }

    /// The regions term `ti` is inside, nearest first (empty outside the hierarchy).
    pub fn ancestors(&self, ti: usize) -> Vec<usize> {
        let mut up = Vec::new();
        let mut at = ti;
        // The config breaks every cycle; the bound keeps a walk finite whatever it is given.
        while let Some(p) = self.parent_of(at).filter(|_| up.len() < self.terms.len()) {
            up.push(p);
            at = p;
        }
        up
    }

    /// The terms brief `i` is filed under by name that roll it up into term `ti`: empty when
    /// it is filed under `ti` itself, else the sub-regions of `ti` it names, the outermost of
    /// each branch only (filed under Gulf and Oman, it comes to the Middle East via Gulf): the
    /// "via" of a rolled-up brief on `ti`'s page.
    pub fn via(&self, ti: usize, i: usize) -> Vec<usize> {
        if self.term_ids_of(i).any(|t| t == ti) {
            return Vec::new();
        }
        let below: Vec<(usize, Vec<usize>)> =
            self.term_ids_of(i).map(|t| (t, self.ancestors(t))).filter(|(_, up)| up.contains(&ti)).collect();
        let inside_another = |up: &[usize]| below.iter().any(|(o, _)| up.contains(o));
        below.iter().filter(|(_, up)| !inside_another(up)).map(|&(t, _)| t).collect()
    }

    /// The index in `terms` of the term a name belongs to.
    pub fn term_index(&self, name: &str) -> Option<usize> {
        match self.by_name.get(name) {
            Some(&i) => Some(i),
            None => {
                let slug = slugify_or_hash(name);
                let slug = self.aliases.get(&slug).map(|c| slugify_or_hash(c)).unwrap_or(slug);
                self.by_slug.get(&slug).copied()
            }
        }
    }

    /// The terms brief `i` (an index into `Site::briefs`) is filed under, in the order it
    /// names them, as indices into `terms`: what `terms_of` gives, without looking up names.
    pub fn term_ids_of(&self, i: usize) -> impl Iterator<Item = usize> + '_ {
        let (a, b) = (self.brief_starts[i] as usize, self.brief_starts[i + 1] as usize);
        self.brief_terms[a..b].iter().map(|&t| t as usize)
    }

    /// The term a name belongs to.
    pub fn term_for(&self, name: &str) -> Option<&Term> {
        self.term_index(name).map(|i| &self.terms[i])
    }

    /// The terms a brief is filed under in this taxonomy, in the order it names them.
    pub fn terms_of<'a>(&'a self, b: &'a Document) -> impl Iterator<Item = &'a Term> + 'a {
        self.kind.names(b).iter().filter_map(|n| self.term_for(n))
    }

    /// URL of the overview page, relative to the site root.
    pub fn url(&self) -> String {
        format!("{}/", self.kind.path())
    }

    /// Show term `ti` by `name` (its name in the language of the pages): its slug, and so its
    /// URL, stay; `name` is found by `term_index` as well as the names it had.
    pub fn rename(&mut self, ti: usize, name: &str) {
        self.by_name.insert(name.to_string(), ti);
        self.terms[ti].name = name.to_string();
    }

    /// URL of a term page, relative to the site root.
    pub fn term_url(&self, term: &Term) -> String {
        format!("{}/{}/", self.kind.path(), term.slug)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::content::Kind;

    pub(crate) fn brief(title: &str, regions: &[&str]) -> Document {
        Document {
            kind: Kind::Brief,
            source: format!("{title}.md"),
            file: format!("content/{title}.md").into(),
            title: title.into(),
            regions: regions.iter().map(|s| s.to_string()).collect(),
            url: format!("{title}/"),
            ..Document::placeholder()
        }
    }

    #[test]
    fn terms_collect_their_briefs_in_order() {
        let briefs = [brief("a", &["Gulf", "Levant"]), brief("b", &["Gulf"]), brief("c", &["Côte d'Ivoire"])];
        let (t, d) = Taxonomy::build(TaxonomyKind::Region, &briefs);
        assert!(d.is_empty());
        let names: Vec<_> = t.terms.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["Côte d'Ivoire", "Gulf", "Levant"]);
        assert_eq!(t.term_for("Gulf").unwrap().briefs, [0, 1]);
        assert_eq!(t.term_for("Côte d'Ivoire").unwrap().slug, "cote-d-ivoire");
        assert_eq!(t.term_url(&t.terms[0]), "regions/cote-d-ivoire/");
    }

    #[test]
    fn spellings_that_slugify_alike_merge_with_a_warning() {
        let briefs = [brief("a", &["United States"]), brief("b", &["united states"]), brief("c", &["United  States!"])];
        let (t, d) = Taxonomy::build(TaxonomyKind::Region, &briefs);
        assert_eq!(t.terms.len(), 1);
        assert_eq!(t.terms[0].name, "United States");
        assert_eq!(t.terms[0].briefs, [0, 1, 2]);
        assert_eq!(d.len(), 2);
        assert!(d[0].message.contains("\"united states\""));
    }

    #[test]
    fn term_ids_of_a_brief_are_its_terms_by_name() {
        let briefs = [
            brief("a", &["Levant", "Gulf"]),
            brief("b", &[]),
            brief("c", &["USA", "gulf", "Côte d'Ivoire"]),
            brief("d", &["United States", "Levant"]),
        ];
        let aliases = aliases(&[("United States".to_string(), vec!["USA".to_string()])].into_iter().collect());
        let (t, _) = Taxonomy::build_with(TaxonomyKind::Region, &briefs, &aliases);
        for (i, b) in briefs.iter().enumerate() {
            let by_name: Vec<usize> = t.terms_of(b).map(|term| t.term_index(&term.name).unwrap()).collect();
            assert_eq!(t.term_ids_of(i).collect::<Vec<_>>(), by_name, "brief {i}");
        }
        let names = |i: usize| t.term_ids_of(i).map(|k| t.terms[k].name.as_str()).collect::<Vec<_>>();
        assert_eq!(names(2), ["United States", "Gulf", "Côte d'Ivoire"]);
        assert!(names(1).is_empty());
    }
}
