//! The operating system, behind safe functions: every `unsafe` block and every `libc` call of
//! dossier is in this file, each with a SAFETY note, and each function says what it does where
//! the call is not available. The rest of the code asks questions ("how much CPU so far?",
//! "swap these two folders") and never sees a raw descriptor or pointer.
//!
//! The process's allocator is chosen here too, once for every binary that links the library
//! (the `dossier` binary, the examples, the benchmarks and the tests).

use std::fs::File;
use std::path::Path;
use std::time::Duration;

/// mimalloc rather than the system allocator: a build allocates and frees millions of small
/// strings and values on every core and hands much of what one thread made to another, which
/// mimalloc does with less time and system time than glibc's allocator. Version 2, not 3: 3
/// held far more memory for no gain in time. The figures are in BENCHMARKS.md.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// User plus system time of every thread of the process so far; `None` where the system does
/// not report it.
pub fn cpu_time() -> Option<Duration> {
    #[cfg(target_os = "linux")]
    {
        // SAFETY: `getrusage` fills the zeroed struct it is given and reads nothing else; a
        // zeroed `rusage` is a valid value of that plain C struct.
        let usage = unsafe {
            let mut u: libc::rusage = std::mem::zeroed();
            (libc::getrusage(libc::RUSAGE_SELF, &mut u) == 0).then_some(u)
        }?;
        let tv = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
        Some(tv(usage.ru_utime) + tv(usage.ru_stime))
    }
    #[cfg(not(target_os = "linux"))]
    None
}

/// The process's resident memory now (Linux's `VmRSS`), in bytes.
pub fn resident_memory() -> Option<u64> {
    memory_status("VmRSS:")
}

/// The process's peak resident memory (Linux's `VmHWM`), in bytes.
pub fn peak_memory() -> Option<u64> {
    memory_status("VmHWM:")
}

/// One memory figure of `/proc/self/status`, given there in kB.
fn memory_status(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

/// How many files the process may have open at once (its soft limit); `None` where unknown.
pub fn open_file_limit() -> Option<usize> {
    #[cfg(target_os = "linux")]
    {
        let mut rl = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
        // SAFETY: getrlimit writes into the struct we pass and nothing else.
        let ok = unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut rl) } == 0;
        ok.then(|| usize::try_from(rl.rlim_cur).unwrap_or(usize::MAX))
    }
    #[cfg(not(target_os = "linux"))]
    None
}

/// True when `path` is a folder that belongs to the user running dossier. Where ownership
/// cannot be asked, any folder counts as one's own.
pub fn is_own_folder(path: &Path) -> bool {
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::fs::MetadataExt;
        // SAFETY: getuid has no preconditions and cannot fail.
        let me = unsafe { libc::getuid() };
        std::fs::symlink_metadata(path).is_ok_and(|m| m.is_dir() && m.uid() == me)
    }
    #[cfg(not(target_os = "linux"))]
    path.is_dir()
}

/// Take an exclusive advisory lock on `file`, held until it is closed: at once when `wait` is
/// false (`Ok(false)` when another process holds it), else waiting for it. Where the system has
/// no such lock (not Linux) it is always granted, and writers are not serialised.
pub fn lock_exclusive(file: &File, wait: bool) -> std::io::Result<bool> {
    #[cfg(target_os = "linux")]
    {
        use std::os::fd::AsRawFd;
        let op = if wait { libc::LOCK_EX } else { libc::LOCK_EX | libc::LOCK_NB };
        // SAFETY: flock on a descriptor that `file` keeps open; it touches nothing else.
        if unsafe { libc::flock(file.as_raw_fd(), op) } == 0 {
            return Ok(true);
        }
        let e = std::io::Error::last_os_error();
        if !wait && e.kind() == std::io::ErrorKind::WouldBlock {
            return Ok(false);
        }
        Err(e)
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = (file, wait);
        Ok(true)
    }
}

/// Flush to disk everything written on the file system that holds `dir`, with one call.
/// `Ok(false)` where the system has no such call: the caller then syncs file by file.
pub fn sync_file_system(dir: &Path) -> std::io::Result<bool> {
    #[cfg(target_os = "linux")]
    {
        use std::os::fd::AsRawFd;
        let f = File::open(dir)?;
        // SAFETY: syncfs on a descriptor that `f` keeps open.
        if unsafe { libc::syncfs(f.as_raw_fd()) } == 0 {
            return Ok(true);
        }
        Err(std::io::Error::last_os_error())
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = dir;
        Ok(false)
    }
}

/// Exchange the names of two paths in one atomic step; false where the system or the file
/// system cannot.
pub fn exchange_names(a: &Path, b: &Path) -> bool {
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::ffi::OsStrExt;
        let (Ok(a), Ok(b)) =
            (std::ffi::CString::new(a.as_os_str().as_bytes()), std::ffi::CString::new(b.as_os_str().as_bytes()))
        else {
            return false;
        };
        // SAFETY: two valid NUL-terminated paths that outlive the call, relative to the
        // working directory.
        unsafe { libc::renameat2(libc::AT_FDCWD, a.as_ptr(), libc::AT_FDCWD, b.as_ptr(), libc::RENAME_EXCHANGE) == 0 }
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = (a, b);
        false
    }
}

/// Ask the file system to spread `dir`'s subfolders over the disk as it does for top-level
/// folders (Linux's `FS_TOPDIR_FL` inode flag, an allocator hint). Where the flag or the call
/// is not supported nothing happens: it is only a hint.
pub fn mark_top_folder(dir: &Path) {
    #[cfg(target_os = "linux")]
    {
        use std::os::fd::AsRawFd;
        let Ok(f) = File::open(dir) else { return };
        let Some(flags) = inode_flags(&f) else { return };
        let flags = flags | TOPDIR;
        // SAFETY: the ioctl reads one `int` from a live local, through a descriptor `f` keeps
        // open. A refusal changes nothing.
        unsafe { libc::ioctl(f.as_raw_fd(), libc::FS_IOC_SETFLAGS, &flags) };
    }
    #[cfg(not(target_os = "linux"))]
    let _ = dir;
}

/// Whether `dir` carries the hint of `mark_top_folder`; `None` where the file system has no
/// inode flags (tmpfs, other systems).
pub fn is_top_folder(dir: &Path) -> Option<bool> {
    #[cfg(target_os = "linux")]
    {
        let f = File::open(dir).ok()?;
        inode_flags(&f).map(|flags| flags & TOPDIR != 0)
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = dir;
        None
    }
}

/// `FS_TOPDIR_FL` from linux/fs.h: "top of directory hierarchies".
#[cfg(target_os = "linux")]
const TOPDIR: libc::c_int = 0x0002_0000;

/// The inode flags (`lsattr`) of the open file `f`.
#[cfg(target_os = "linux")]
fn inode_flags(f: &File) -> Option<libc::c_int> {
    use std::os::fd::AsRawFd;
    let mut flags: libc::c_int = 0;
    // SAFETY: the ioctl writes one `int` (the kernel's type, whatever the request number says)
    // into a live local, through a descriptor `f` keeps open.
    (unsafe { libc::ioctl(f.as_raw_fd(), libc::FS_IOC_GETFLAGS, &mut flags) } == 0).then_some(flags)
}

/// `bytes` as text, given that every byte is ASCII. Search tokens are made of ASCII letters
/// and digits lower-cased in place; this skips validating them again, on the hottest loop of
/// the search index, while still checking in debug builds.
#[inline]
pub fn ascii_str(bytes: &[u8]) -> &str {
    debug_assert!(bytes.is_ascii(), "ascii_str given non-ASCII bytes");
    if !bytes.is_ascii() {
        // Unreachable when the caller keeps its promise; never undefined behaviour if not.
        return "";
    }
    // SAFETY: every byte was just checked to be ASCII, and ASCII is valid UTF-8.
    unsafe { std::str::from_utf8_unchecked(bytes) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_process_reports_its_cpu_time_and_memory() {
        if cfg!(target_os = "linux") {
            assert!(cpu_time().is_some());
            let (now, peak) = (resident_memory().unwrap(), peak_memory().unwrap());
            assert!(now > 0 && peak >= now, "resident {now}, peak {peak}");
            assert!(open_file_limit().unwrap() > 0);
        }
    }

    #[test]
    fn a_second_lock_is_refused_while_the_first_is_held() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("lock");
        let first = File::create(&path).unwrap();
        assert!(lock_exclusive(&first, false).unwrap());
        let second = File::open(&path).unwrap();
        if cfg!(target_os = "linux") {
            assert!(!lock_exclusive(&second, false).unwrap());
            drop(first);
            assert!(lock_exclusive(&second, false).unwrap());
        }
    }

    #[test]
    fn two_folders_swap_names() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a"), dir.path().join("b"));
        std::fs::create_dir(&a).unwrap();
        std::fs::write(a.join("x"), "in a").unwrap();
        std::fs::create_dir(&b).unwrap();
        if exchange_names(&a, &b) {
            assert_eq!(std::fs::read_to_string(b.join("x")).unwrap(), "in a");
            assert!(!a.join("x").exists());
        }
        assert!(is_own_folder(dir.path()));
    }

    #[test]
    fn ascii_tokens_become_text() {
        assert_eq!(ascii_str(b"abc123"), "abc123");
    }
}
