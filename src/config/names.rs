//! Which file and folder names belong to a site at all: hidden files and editor leftovers are
//! never content, templates or static files, and a theme is named by one plain folder name.

/// Editor leftovers and hidden files that are never part of a site: never content, templates or
/// static files.
pub fn is_ignored_name(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || (name.starts_with('#') && name.ends_with('#'))
        || [".swp", ".swo", ".swx", ".tmp", ".bak", ".orig"].iter().any(|ext| name.ends_with(ext))
}

/// A plain folder name: not empty, no separators, not `.` or `..`, and not hidden (hidden
/// names are skipped everywhere). What `theme:` and `dossier theme eject NAME` accept.
pub fn is_folder_name(name: &str) -> bool {
    !name.is_empty()
        && !name.contains(['/', '\\', '\0'])
        && !is_ignored_name(name)
        && !name.chars().any(char::is_control)
}
