//! Where the harness finds the binaries it drives and puts what it saves.
//!
//! `scripts/e2e.sh` builds everything and exports the paths; a developer
//! running one scenario by hand can rely on the defaults under `target/`.

use std::path::{Path, PathBuf};

use anyhow::{bail, Result};

/// The workspace's `target/` directory (honours `CARGO_TARGET_DIR`).
pub fn target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => Path::new(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .expect("tests/ sits in the workspace root")
            .join("target"),
    }
}

/// Where screenshots go: `target/e2e-shots/`.
pub fn shots_dir() -> PathBuf {
    target_dir().join("e2e-shots")
}

/// A binary named by `env_var`, else `target/{debug,release}/name`
/// (whichever is newer), else a clear error saying how to build it.
pub fn binary(env_var: &str, name: &str) -> Result<PathBuf> {
    if let Some(path) = std::env::var_os(env_var) {
        let path = PathBuf::from(path);
        if !path.is_file() {
            bail!("{env_var}={} does not name a file", path.display());
        }
        return Ok(std::path::absolute(path)?);
    }
    let newest = ["debug", "release"]
        .iter()
        .map(|profile| target_dir().join(profile).join(name))
        .filter_map(|path| Some((path.metadata().ok()?.modified().ok()?, path)))
        .max();
    match newest {
        Some((_, path)) => Ok(path),
        None => bail!("{name} is not built: run scripts/e2e.sh (or set {env_var} to its path)"),
    }
}

/// The Switchboard app binary (`SWITCHBOARD_APP_BIN`).
pub fn app_binary() -> Result<PathBuf> {
    binary("SWITCHBOARD_APP_BIN", "switchboard")
}

/// The reference backend binary (`SWITCHBOARD_BACKEND_BIN`).
pub fn backend_binary() -> Result<PathBuf> {
    binary("SWITCHBOARD_BACKEND_BIN", "switchboard-backend")
}

/// The fake Chatwoot server (`SWITCHBOARD_CHATWOOT_FAKE_BIN`).
pub fn chatwoot_fake_binary() -> Result<PathBuf> {
    binary("SWITCHBOARD_CHATWOOT_FAKE_BIN", "switchboard-chatwoot-fake")
}

/// The empty Tauri window the app benchmarks compare against
/// (`SWITCHBOARD_EMPTY_WINDOW_BIN`).
pub fn empty_window_binary() -> Result<PathBuf> {
    binary("SWITCHBOARD_EMPTY_WINDOW_BIN", "switchboard-empty-window")
}
