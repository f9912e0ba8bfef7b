//! The folder the preview renders into. The preview's pages carry its own address (canonical
//! links, feeds, sitemap, JSON-LD all point at `http://127.0.0.1:PORT/`), so they must never land
//! where the site is published from: `serve` writes into a folder of its own in the system's
//! temporary directory, private to the user, and removes it when it stops. `public/` is left
//! exactly as the last `build` made it.

use std::path::{Path, PathBuf};

/// Prefix of every preview folder's name in the temporary directory.
const PREFIX: &str = "dossier-preview-";

/// A private folder for one `serve` process, removed when dropped.
#[derive(Debug)]
pub struct PreviewDir {
    path: PathBuf,
}

impl PreviewDir {
    /// Make a new folder for this process under `tmp` (the system's temporary directory in
    /// practice). Its name holds the process id so that folders left by a preview that was
    /// killed can be recognised and removed by the next one. It is created, never reused:
    /// creation fails if the name exists, so a folder planted by someone else is never written
    /// into, and only its owner can read it.
    pub fn create(tmp: &Path, root: &Path) -> std::io::Result<PreviewDir> {
        sweep_stale(tmp);
        let site = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
        let tag = crate::hashing::bytes(site.to_string_lossy().as_bytes());
        let path = tmp.join(format!("{PREFIX}{}-{tag:016x}", std::process::id()));
        let mut builder = std::fs::DirBuilder::new();
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
        builder.create(&path)?;
        Ok(PreviewDir { path })
    }

    /// Where the preview's site goes: a folder inside the private one, so the build's staging
    /// and previous-output folders (made beside the output) are private too.
    pub fn output(&self) -> PathBuf {
        self.path.join("site")
    }

    /// The private folder itself.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for PreviewDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
    }
}

/// Remove preview folders whose process is gone (a preview killed before it could clean up).
/// Only where the system lists its processes under /proc, so a live preview's folder is never
/// mistaken for a stale one; only folders of the current user.
fn sweep_stale(tmp: &Path) {
    let proc = Path::new("/proc");
    if !proc.join("self").exists() {
        return;
    }
    let Ok(entries) = std::fs::read_dir(tmp) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(rest) = name.to_str().and_then(|n| n.strip_prefix(PREFIX)) else { continue };
        let Some(pid) = rest.split('-').next().filter(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
        else {
            continue;
        };
        if proc.join(pid).exists() || !crate::platform::is_own_folder(&entry.path()) {
            continue;
        }
        let _ = std::fs::remove_dir_all(entry.path());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_private_folder_is_made_fresh_and_removed() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = PreviewDir::create(tmp.path(), Path::new(".")).unwrap();
        let path = dir.path().to_path_buf();
        assert!(path.is_dir());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o700);
        }
        // The same process cannot be handed the same folder twice.
        assert!(PreviewDir::create(tmp.path(), Path::new(".")).is_err());
        drop(dir);
        assert!(!path.exists());
    }

    #[test]
    fn folders_of_dead_previews_are_swept_and_live_ones_kept() {
        let tmp = tempfile::tempdir().unwrap();
        // No process has an id this large on Linux (pid_max is at most 2^22).
        let dead = tmp.path().join(format!("{PREFIX}999999999-00"));
        let live = tmp.path().join(format!("{PREFIX}1-00"));
        let other = tmp.path().join("dossier-preview-notes");
        for d in [&dead, &live, &other] {
            std::fs::create_dir(d).unwrap();
        }
        sweep_stale(tmp.path());
        if Path::new("/proc/self").exists() {
            assert!(!dead.exists(), "a dead preview's folder is removed");
        }
        assert!(live.exists(), "pid 1 is alive: its folder stays");
        assert!(other.exists(), "a folder that is not a preview's stays");
    }
}
