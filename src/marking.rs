//! Handling markings: the Traffic Light Protocol, version 2.0, as FIRST defines it. A marking
//! says how far a brief may be shared; a build publishes only briefs marked at or below the
//! most restricted marking it is allowed (`--max-tlp`, `--audience`). The names are written as
//! FIRST writes them, in capitals; a marking is shown as `TLP:AMBER`.

use std::fmt;

/// One TLP 2.0 marking, ordered from the least restricted to the most.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, serde::Serialize)]
pub enum Tlp {
    /// No limit on disclosure.
    #[default]
    Clear,
    /// The community of the recipient, not public channels.
    Green,
    /// The recipient's organisation and its clients, on a need-to-know basis.
    Amber,
    /// The recipient's organisation only.
    AmberStrict,
    /// The individual recipients only.
    Red,
}

impl Tlp {
    /// Every marking, least restricted first.
    pub const ALL: [Tlp; 5] = [Tlp::Clear, Tlp::Green, Tlp::Amber, Tlp::AmberStrict, Tlp::Red];

    /// The name as FIRST writes it (`AMBER+STRICT`).
    pub fn name(self) -> &'static str {
        match self {
            Tlp::Clear => "CLEAR",
            Tlp::Green => "GREEN",
            Tlp::Amber => "AMBER",
            Tlp::AmberStrict => "AMBER+STRICT",
            Tlp::Red => "RED",
        }
    }

    /// A name for CSS classes and file names (`amber-strict`).
    pub fn key(self) -> &'static str {
        match self {
            Tlp::Clear => "clear",
            Tlp::Green => "green",
            Tlp::Amber => "amber",
            Tlp::AmberStrict => "amber-strict",
            Tlp::Red => "red",
        }
    }

    /// The marking as shown on a page: `TLP:AMBER`.
    pub fn label(self) -> String {
        format!("TLP:{}", self.name())
    }

    /// FIRST's colours for the label: (text, background), as CSS hex colours. The text is the
    /// marking's colour, on black, as the standard asks.
    pub fn colours(self) -> (&'static str, &'static str) {
        match self {
            Tlp::Clear => ("#FFFFFF", "#000000"),
            Tlp::Green => ("#33FF00", "#000000"),
            Tlp::Amber | Tlp::AmberStrict => ("#FFC000", "#000000"),
            Tlp::Red => ("#FF2B2B", "#000000"),
        }
    }

    /// Read a marking as written in front matter, `site.yaml` or on the command line. Only
    /// FIRST's names in capitals are accepted; the error says the right spelling.
    pub fn parse(s: &str) -> Result<Tlp, String> {
        let written = s.trim();
        if let Some(t) = Tlp::ALL.into_iter().find(|t| t.name() == written) {
            return Ok(t);
        }
        let bare = written.strip_prefix("TLP:").or_else(|| written.strip_prefix("tlp:")).unwrap_or(written);
        let folded = bare.trim().to_ascii_uppercase().replace([' ', '_', '-'], "+");
        let meant = match folded.as_str() {
            "WHITE" => Some((Tlp::Clear, "TLP 2.0 renamed WHITE to CLEAR")),
            "AMBER+STRICT" | "AMBERSTRICT" => Some((Tlp::AmberStrict, "FIRST writes it in capitals, with a plus")),
            other => Tlp::ALL.into_iter().find(|t| t.name() == other).map(|t| (t, "FIRST writes it in capitals")),
        };
        Err(match meant {
            Some((t, why)) if bare != written => format!("write `{}` without `TLP:` ({why}: `{}`)", t.name(), t.name()),
            Some((t, why)) => format!("write `{}`: {why}", t.name()),
            None => format!("use one of {}", Tlp::ALL.map(Tlp::name).join(", ")),
        })
    }
}

/// The marking written at `key` (front matter's or site.yaml's `tlp`): `None` when not
/// written, else the marking or the error, at the key, that gives the right spelling. The caller
/// files the error with its other problems.
pub fn take(f: &mut crate::fields::Fields, key: &str) -> Option<Result<Tlp, crate::diagnostics::Diagnostic>> {
    let v = f.take::<String>(key, "a TLP 2.0 marking such as CLEAR or AMBER")?;
    Some(
        Tlp::parse(&v).map_err(|hint| f.error_at(key, format!("`{key}` is not a TLP 2.0 marking: \"{v}\"")).hint(hint)),
    )
}

impl fmt::Display for Tlp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markings_are_ordered_from_clear_to_red() {
        assert!(Tlp::Clear < Tlp::Green && Tlp::Green < Tlp::Amber);
        assert!(Tlp::Amber < Tlp::AmberStrict && Tlp::AmberStrict < Tlp::Red);
    }

    #[test]
    fn only_first_s_spelling_is_accepted_and_the_error_gives_it() {
        assert_eq!(Tlp::parse("AMBER+STRICT"), Ok(Tlp::AmberStrict));
        assert_eq!(Tlp::parse(" RED "), Ok(Tlp::Red));
        assert_eq!(Tlp::parse("amber").unwrap_err(), "write `AMBER`: FIRST writes it in capitals");
        assert_eq!(Tlp::parse("WHITE").unwrap_err(), "write `CLEAR`: TLP 2.0 renamed WHITE to CLEAR");
        assert_eq!(Tlp::parse("white").unwrap_err(), "write `CLEAR`: TLP 2.0 renamed WHITE to CLEAR");
        assert_eq!(
            Tlp::parse("amber strict").unwrap_err(),
            "write `AMBER+STRICT`: FIRST writes it in capitals, with a plus"
        );
        assert!(Tlp::parse("TLP:AMBER").unwrap_err().starts_with("write `AMBER` without `TLP:`"));
        assert_eq!(Tlp::parse("PURPLE").unwrap_err(), "use one of CLEAR, GREEN, AMBER, AMBER+STRICT, RED");
        assert_eq!(Tlp::AmberStrict.label(), "TLP:AMBER+STRICT");
    }
}
