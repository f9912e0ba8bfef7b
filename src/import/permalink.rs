//! Where the old site published a document, so that the imported one can redirect from there
//! (`aliases:`) and links to the old address keep working. Hugo builds the address from its
//! `[permalinks]` pattern for the document's section or a `url:` in its front matter; Jekyll
//! from the `permalink` of its front matter, its collection or `_config.yml`, one of Jekyll's
//! named styles (`date`, `pretty`, `ordinal`, `weekdate`, `none`) or a pattern. Each is
//! expanded here from the facts of one document; a placeholder this module does not know is
//! an error, so that the report says which old address gets no redirect, rather than
//! inventing one.

use jiff::civil::Date;

use super::Flavor;

/// What a document's old address is made of.
#[derive(Debug, Clone, Default)]
pub struct Facts<'a> {
    /// Its date as written (`2015-01-02`, with or without a time after it).
    pub date: Option<&'a str>,
    /// Its `slug`, as written.
    pub slug: Option<&'a str>,
    /// Its title.
    pub title: &'a str,
    /// Its file name without extension (and, for a Jekyll post, without the date).
    pub name: &'a str,
    /// Hugo: its section (the first folder under `content/`); Jekyll: its collection.
    pub section: &'a str,
    /// Hugo: its folders under `content/`; Jekyll: its path in its collection, without the
    /// extension.
    pub path: &'a str,
    /// Jekyll's categories: the folders above `_posts/`, then the front matter's.
    pub categories: Vec<String>,
}

/// Jekyll's named permalink styles.
fn jekyll_style(name: &str) -> Option<&'static str> {
    Some(match name {
        "date" => "/:categories/:year/:month/:day/:title:output_ext",
        "pretty" => "/:categories/:year/:month/:day/:title/",
        "ordinal" => "/:categories/:year/:y_day/:title:output_ext",
        "weekdate" => "/:categories/:year/W:week/:short_day/:title:output_ext",
        "none" => "/:categories/:title:output_ext",
        _ => return None,
    })
}

/// The old address of a document, relative to the old site's root (which the import keeps as
/// the new one's), from `pattern`: a path from the root, `/` at the end for a folder.
pub fn expand(flavor: Flavor, pattern: &str, f: &Facts) -> Result<String, String> {
    let pattern = match flavor {
        Flavor::Jekyll => jekyll_style(pattern.trim()).unwrap_or(pattern.trim()),
        Flavor::Hugo => pattern.trim(),
    };
    let date = f.date.and_then(|d| d.get(..10)).and_then(|d| d.parse::<Date>().ok());
    let mut out = String::new();
    let mut rest = pattern;
    while let Some(i) = rest.find(':') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let len = after.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(after.len());
        let name = &after[..len];
        if name.is_empty() {
            out.push(':');
        } else {
            out.push_str(&placeholder(flavor, name, f, date)?);
        }
        rest = &after[len..];
    }
    out.push_str(rest);
    let mut path = String::with_capacity(out.len());
    for seg in out.split('/').filter(|s| !s.is_empty()) {
        if seg == "." || seg == ".." {
            return Err(format!("the permalink `{pattern}` climbs out of the site"));
        }
        path.push('/');
        path.push_str(seg);
    }
    if out.ends_with('/') || path.is_empty() {
        path.push('/');
    }
    // Hugo writes its addresses in lower case (unless told not to); Jekyll keeps the case.
    Ok(if flavor == Flavor::Hugo { path.to_lowercase() } else { path })
}

/// One placeholder's value; an error names a placeholder that cannot be filled.
fn placeholder(flavor: Flavor, name: &str, f: &Facts, date: Option<Date>) -> Result<String, String> {
    let slugged = |s: &str| crate::slug::slugify(s);
    let dated = |fmt: &dyn Fn(Date) -> String| {
        date.map(fmt).ok_or_else(|| format!("`:{name}` needs a date, and the document has none that can be read"))
    };
    let value = match (flavor, name) {
        (_, "year") => dated(&|d| format!("{:04}", d.year()))?,
        (_, "month") => dated(&|d| format!("{:02}", d.month()))?,
        (_, "day") => dated(&|d| format!("{:02}", d.day()))?,
        (Flavor::Jekyll, "short_year") => dated(&|d| format!("{:02}", d.year() % 100))?,
        (Flavor::Jekyll, "i_month") => dated(&|d| d.month().to_string())?,
        (Flavor::Jekyll, "i_day") => dated(&|d| d.day().to_string())?,
        (Flavor::Jekyll, "y_day") => dated(&|d| format!("{:03}", d.day_of_year()))?,
        (Flavor::Jekyll, "short_month") => {
            dated(&|d| crate::dates::MONTH_NAMES[d.month() as usize - 1][..3].to_string())?
        }
        (Flavor::Jekyll, "long_month") => dated(&|d| crate::dates::MONTH_NAMES[d.month() as usize - 1].to_string())?,
        (Flavor::Jekyll, "week") => dated(&|d| format!("{:02}", d.iso_week_date().week()))?,
        (Flavor::Jekyll, "short_day") => dated(&|d| format!("{:?}", d.weekday())[..3].to_string())?,
        (Flavor::Jekyll, "long_day") => dated(&|d| format!("{:?}", d.weekday()))?,
        (Flavor::Hugo, "monthname") => dated(&|d| crate::dates::MONTH_NAMES[d.month() as usize - 1].to_string())?,
        (Flavor::Hugo, "yearday") => dated(&|d| d.day_of_year().to_string())?,
        (Flavor::Hugo, "weekdayname") => dated(&|d| format!("{:?}", d.weekday()))?,
        (Flavor::Hugo, "weekday") => dated(&|d| d.weekday().to_sunday_zero_offset().to_string())?,
        (Flavor::Jekyll, "title") => f.slug.map_or_else(|| f.name.to_string(), str::to_string),
        (Flavor::Jekyll, "slug") => slugged(f.slug.unwrap_or(f.name)),
        (Flavor::Jekyll, "name") => slugged(f.name),
        (Flavor::Jekyll, "basename") => f.name.to_string(),
        (Flavor::Jekyll, "collection") => f.section.to_string(),
        (Flavor::Jekyll, "path") => f.path.to_string(),
        (Flavor::Jekyll, "categories") => f.categories.iter().map(|c| c.to_lowercase()).collect::<Vec<_>>().join("/"),
        (Flavor::Jekyll, "slugified_categories") => {
            f.categories.iter().map(|c| slugged(c)).collect::<Vec<_>>().join("/")
        }
        (Flavor::Jekyll, "output_ext") => ".html".to_string(),
        (Flavor::Hugo, "title") => slugged(f.title),
        (Flavor::Hugo, "slug") => f.slug.map_or_else(|| slugged(f.title), str::to_string),
        (Flavor::Hugo, "slugorfilename") => f.slug.map_or_else(|| f.name.to_string(), str::to_string),
        (Flavor::Hugo, "slugorcontentbasename") => f.slug.map_or_else(|| f.name.to_string(), str::to_string),
        (Flavor::Hugo, "filename" | "contentbasename") => f.name.to_string(),
        (Flavor::Hugo, "section") => f.section.to_string(),
        (Flavor::Hugo, "sections") => f.path.to_string(),
        _ => return Err(format!("the permalink placeholder `:{name}` is not one dossier can fill")),
    };
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn post<'a>() -> Facts<'a> {
        Facts {
            date: Some("2015-01-02 11:00:28 -0400"),
            slug: None,
            title: "Talks Resume in Muscat",
            name: "talks-resume",
            section: "posts",
            path: "posts",
            categories: vec!["Gulf".into(), "Oman".into()],
        }
    }

    #[test]
    fn jekyll_s_named_styles_and_patterns_give_its_addresses() {
        let j = |p: &str, f: &Facts| expand(Flavor::Jekyll, p, f).unwrap();
        assert_eq!(j("date", &post()), "/gulf/oman/2015/01/02/talks-resume.html");
        assert_eq!(j("pretty", &post()), "/gulf/oman/2015/01/02/talks-resume/");
        assert_eq!(j("none", &Facts { categories: vec![], ..post() }), "/talks-resume.html");
        assert_eq!(j("ordinal", &post()), "/gulf/oman/2015/002/talks-resume.html");
        assert_eq!(j("weekdate", &post()), "/gulf/oman/2015/W01/Fri/talks-resume.html");
        assert_eq!(j("/blog/:year/:i_month/:slug", &post()), "/blog/2015/1/talks-resume");
        assert_eq!(
            j("/:collection/:path:output_ext", &Facts { section: "advisories", path: "2020/x", ..post() }),
            "/advisories/2020/x.html"
        );
        assert!(expand(Flavor::Jekyll, "/:nonsense/", &post()).unwrap_err().contains("`:nonsense`"));
        assert!(
            expand(Flavor::Jekyll, "/:year/", &Facts { date: None, ..post() }).unwrap_err().contains("needs a date")
        );
    }

    #[test]
    fn hugo_s_patterns_give_its_addresses_in_lower_case() {
        let h = |p: &str, f: &Facts| expand(Flavor::Hugo, p, f).unwrap();
        assert_eq!(h("/:year/:month/:title/", &post()), "/2015/01/talks-resume-in-muscat/");
        assert_eq!(h("/:section/:slug/", &Facts { slug: Some("Muscat"), ..post() }), "/posts/muscat/");
        assert_eq!(h(":monthname/:filename", &post()), "/january/talks-resume");
        assert!(expand(Flavor::Hugo, "/../:title/", &post()).is_err());
    }
}
