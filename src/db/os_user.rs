//! The OS user strata runs as, as libpq finds it: the passwd entry of the effective uid (not
//! `$USER`, which a shell may leave stale after `su` or `sudo`).

use std::ffi::CStr;
use std::path::PathBuf;

/// The effective user's passwd entry: name and home directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OsUser {
    /// The user name (libpq's default database user).
    pub name: String,
    /// The home directory (for `~/.pgpass` when `HOME` is unset).
    pub home: PathBuf,
}

/// The passwd entry of the effective uid, or `None` when the system has none (a container
/// running under an arbitrary uid).
pub fn effective() -> Option<OsUser> {
    // SAFETY: geteuid cannot fail; getpwuid_r writes only into `entry` and `buffer`, whose
    // sizes are passed, and `result` points into them (or is null) on return.
    unsafe {
        let uid = libc::geteuid();
        let mut entry: libc::passwd = std::mem::zeroed();
        let mut buffer = vec![0 as libc::c_char; 16 * 1024];
        let mut result: *mut libc::passwd = std::ptr::null_mut();
        let status = libc::getpwuid_r(
            uid,
            &mut entry,
            buffer.as_mut_ptr(),
            buffer.len(),
            &mut result,
        );
        if status != 0 || result.is_null() || entry.pw_name.is_null() {
            return None;
        }
        let name = CStr::from_ptr(entry.pw_name).to_str().ok()?.to_string();
        let home = if entry.pw_dir.is_null() {
            PathBuf::new()
        } else {
            PathBuf::from(CStr::from_ptr(entry.pw_dir).to_string_lossy().into_owned())
        };
        Some(OsUser { name, home })
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_effective_user_is_the_one_id_names() {
        let output = std::process::Command::new("id")
            .arg("-un")
            .output()
            .unwrap();
        let expected = String::from_utf8(output.stdout).unwrap();
        assert_eq!(super::effective().unwrap().name, expected.trim());
    }
}
