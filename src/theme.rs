//! The default theme, embedded in the binary so a site without a `themes/` folder still builds.
//! A `themes/<name>/` folder in the site, when present, is used instead.

/// Templates of the default theme: (name, text).
pub const TEMPLATES: &[(&str, &str)] = &[
    ("404.html", include_str!("../themes/default/templates/404.html")),
    ("base.html", include_str!("../themes/default/templates/base.html")),
    ("brief.html", include_str!("../themes/default/templates/brief.html")),
    ("confidence.html", include_str!("../themes/default/templates/confidence.html")),
    ("home.html", include_str!("../themes/default/templates/home.html")),
    ("page.html", include_str!("../themes/default/templates/page.html")),
    ("partials/brief_item.html", include_str!("../themes/default/templates/partials/brief_item.html")),
    ("partials/facet.html", include_str!("../themes/default/templates/partials/facet.html")),
    ("partials/pagination.html", include_str!("../themes/default/templates/partials/pagination.html")),
    ("partials/toc.html", include_str!("../themes/default/templates/partials/toc.html")),
    ("search.html", include_str!("../themes/default/templates/search.html")),
    ("taxonomy.html", include_str!("../themes/default/templates/taxonomy.html")),
    ("term.html", include_str!("../themes/default/templates/term.html")),
    ("timeline.html", include_str!("../themes/default/templates/timeline.html")),
];

/// Static files of the default theme: (path relative to the output root, bytes).
pub const STATIC: &[(&str, &[u8])] = &[
    ("favicon.svg", include_bytes!("../themes/default/static/favicon.svg")),
    ("search.js", include_bytes!("../themes/default/static/search.js")),
    ("style.css", include_bytes!("../themes/default/static/style.css")),
];

#[cfg(test)]
mod tests {
    use super::*;

    /// The embedded copy must list every file in themes/default, or sites without a theme
    /// folder would silently lose a template.
    #[test]
    fn embedded_theme_matches_the_folder() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
        let mut on_disk: Vec<String> = walkdir::WalkDir::new(dir.join("templates"))
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| e.path().strip_prefix(dir.join("templates")).unwrap().to_string_lossy().replace('\\', "/"))
            .collect();
        on_disk.sort();
        let embedded: Vec<String> = TEMPLATES.iter().map(|(n, _)| n.to_string()).collect();
        assert_eq!(on_disk, embedded);
        let mut statics: Vec<String> = walkdir::WalkDir::new(dir.join("static"))
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| e.path().strip_prefix(dir.join("static")).unwrap().to_string_lossy().replace('\\', "/"))
            .collect();
        statics.sort();
        assert_eq!(statics, STATIC.iter().map(|(n, _)| n.to_string()).collect::<Vec<_>>());
    }
}
