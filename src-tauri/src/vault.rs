//! Where the backend token is kept: the OS keyring (Secret Service on
//! Linux), or, where no keyring service runs, a file readable only by the
//! user, with a warning. Never in SQLite, never in a log line.

use std::fs;
use std::io::Write;
use std::path::PathBuf;

const SERVICE: &str = "dev.switchboard.app";
const ACCOUNT: &str = "backend-token";
const FALLBACK_FILE: &str = "backend-token";

/// Where a saved token went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kept {
    Keyring,
    File,
}

/// The token's home. `fallback_dir` is the app's config directory.
pub struct TokenVault {
    fallback_dir: PathBuf,
    use_keyring: bool,
}

impl TokenVault {
    pub fn new(fallback_dir: PathBuf, use_keyring: bool) -> Self {
        TokenVault {
            fallback_dir,
            use_keyring,
        }
    }

    fn fallback_path(&self) -> PathBuf {
        self.fallback_dir.join(FALLBACK_FILE)
    }

    /// Saves the token in the keyring, or in the fallback file if the
    /// keyring cannot be used (no Secret Service daemon, locked collection).
    pub fn save(&self, token: &str) -> std::io::Result<Kept> {
        if self.use_keyring {
            match keyring::Entry::new(SERVICE, ACCOUNT).and_then(|entry| entry.set_password(token))
            {
                Ok(()) => {
                    // A token left in the file by an earlier run without keyring.
                    let _ = fs::remove_file(self.fallback_path());
                    return Ok(Kept::Keyring);
                }
                Err(error) => tracing::warn!(
                    %error,
                    path = %self.fallback_path().display(),
                    "no usable OS keyring: keeping the backend token in a file readable only by this user"
                ),
            }
        }
        write_private_file(&self.fallback_path(), token)?;
        Ok(Kept::File)
    }

    /// Where a token saved now would go: the keyring if it answers, else
    /// the fallback file (whose path is returned either way).
    pub fn where_saved(&self) -> (Kept, PathBuf) {
        let keyring_answers = self.use_keyring
            && matches!(
                keyring::Entry::new(SERVICE, ACCOUNT).and_then(|entry| entry.get_password()),
                Ok(_) | Err(keyring::Error::NoEntry)
            );
        let kept = if keyring_answers {
            Kept::Keyring
        } else {
            Kept::File
        };
        (kept, self.fallback_path())
    }

    /// The saved token, from the keyring first, then the fallback file.
    pub fn load(&self) -> Option<String> {
        if self.use_keyring {
            match keyring::Entry::new(SERVICE, ACCOUNT).and_then(|entry| entry.get_password()) {
                Ok(token) => return Some(token),
                Err(keyring::Error::NoEntry) => {}
                Err(error) => {
                    tracing::debug!(%error, "keyring unavailable; looking for the fallback file")
                }
            }
        }
        let token = fs::read_to_string(self.fallback_path()).ok()?;
        let token = token.trim();
        (!token.is_empty()).then(|| token.to_owned())
    }

    /// Forgets the token everywhere it may be.
    pub fn clear(&self) {
        if self.use_keyring {
            if let Ok(entry) = keyring::Entry::new(SERVICE, ACCOUNT) {
                match entry.delete_credential() {
                    Ok(()) | Err(keyring::Error::NoEntry) => {}
                    Err(error) => {
                        tracing::debug!(%error, "keyring unavailable while clearing the token")
                    }
                }
            }
        }
        match fs::remove_file(self.fallback_path()) {
            Ok(()) => {}
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
            Err(error) => tracing::warn!(%error, "could not delete the token file"),
        }
    }
}

/// Writes `contents` to `path` with mode 0600 from the first byte (never
/// briefly world-readable), replacing any previous file atomically.
fn write_private_file(path: &std::path::Path, contents: &str) -> std::io::Result<()> {
    let dir = path.parent().expect("the token file has a directory");
    fs::create_dir_all(dir)?;
    let temporary = path.with_extension("tmp");
    let _ = fs::remove_file(&temporary);
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(&temporary)?;
    file.write_all(contents.as_bytes())?;
    file.sync_all()?;
    fs::rename(&temporary, path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_a_keyring_the_token_is_kept_in_a_file_only_the_user_can_read() {
        let dir = tempfile::tempdir().unwrap();
        let vault = TokenVault::new(dir.path().join("config"), false);
        assert_eq!(vault.load(), None, "nothing is saved at first");
        assert_eq!(
            vault.where_saved(),
            (Kept::File, dir.path().join("config").join(FALLBACK_FILE)),
            "without a keyring the sign-in screen must be told the token goes to this file"
        );
        assert_eq!(vault.save("s3cret").unwrap(), Kept::File);
        assert_eq!(
            vault.load().as_deref(),
            Some("s3cret"),
            "the saved token is read back"
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(dir.path().join("config").join(FALLBACK_FILE))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600, "other users must not read the token");
        }
        vault.save("rotated").unwrap();
        assert_eq!(
            vault.load().as_deref(),
            Some("rotated"),
            "a new token replaces the old one"
        );
        vault.clear();
        assert_eq!(vault.load(), None, "sign-out forgets the token");
    }
}
