//! Reading a site's `site.yaml` from its folder, and applying the `--base-url` override.

use std::path::Path;

use super::{SiteConfig, parse_in};
use crate::diagnostics::Diagnostic;

/// Read and parse `site.yaml`, applying a `--base-url` override.
pub fn load(root: &Path, base_url: Option<&str>) -> (Option<SiteConfig>, Vec<Diagnostic>) {
    let path = root.join("site.yaml");
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let d = Diagnostic::error(format!("{} is not a dossier site: no site.yaml", root.display()))
                .hint("run dossier in a site folder, pass `--root DIR`, or create one with `dossier init DIR`");
            return (None, vec![d]);
        }
        Err(e) => return (None, vec![Diagnostic::error(format!("cannot read site.yaml: {e}")).at("site.yaml")]),
    };
    let (mut cfg, mut diags) = parse_in(&text, Path::new("site.yaml"), root);
    if let Some(url) = base_url {
        if url.starts_with("http://") || url.starts_with("https://") || url.starts_with('/') {
            cfg.set_base_url(url);
        } else {
            diags.push(
                Diagnostic::error(format!("--base-url must be an absolute URL, found \"{url}\""))
                    .hint("for example `--base-url https://example.org/analysis/`"),
            );
        }
    }
    (Some(cfg), diags)
}
