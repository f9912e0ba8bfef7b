//! Likely misspellings among a taxonomy's terms: two names one or two edits apart
//! (`Hizbollah` next to `Hezbollah`) are probably one actor written two ways.

use crate::diagnostics::edit_distance;
use crate::model::{Taxonomy, Term};

/// Pairs of terms in `tax` that are probably one name spelt two ways, as
/// `(less used, more used)`.
pub fn suspects(tax: &Taxonomy) -> Vec<(&Term, &Term)> {
    let names: Vec<(String, &Term)> = tax.terms.iter().map(|t| (t.name.to_lowercase(), t)).collect();
    let mut out = Vec::new();
    for (i, (a, an)) in names.iter().enumerate() {
        let la = a.chars().count();
        // Short names differ by one letter all the time (Iran, Iraq): leave them alone.
        if la < 5 {
            continue;
        }
        for (b, bn) in &names[i + 1..] {
            let lb = b.chars().count();
            if lb < 5 || la.abs_diff(lb) > 2 {
                continue;
            }
            let limit = if la.min(lb) >= 10 { 2 } else { 1 };
            if edit_distance(a, b) <= limit {
                out.push(if an.briefs.len() <= bn.briefs.len() { (*an, *bn) } else { (*bn, *an) });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::TaxonomyKind;
    use crate::model::taxonomy::tests::brief;

    #[test]
    fn near_names_are_suspects_and_short_or_distinct_ones_are_not() {
        let mut briefs = Vec::new();
        for actors in [
            vec!["Hezbollah", "Iran", "European Union"],
            vec!["Hezbollah", "Iraq"],
            vec!["Hizbollah", "Niger", "Nigeria"],
            vec!["Austria", "Australia", "European Union", "European Unoin"],
        ] {
            let mut b = brief("x", &["Gulf"]);
            b.actors = actors.into_iter().map(String::from).collect();
            briefs.push(b);
        }
        let (t, _) = Taxonomy::build(TaxonomyKind::Actors, &briefs);
        let mut s: Vec<(&str, &str)> =
            suspects(&t).into_iter().map(|(a, b)| (a.name.as_str(), b.name.as_str())).collect();
        s.sort();
        assert_eq!(s, [("European Unoin", "European Union"), ("Hizbollah", "Hezbollah")]);
    }
}
