//! A throw-away "machine" for the app under test: its own home and XDG
//! directories, data dir, session bus and notification server. It outlives
//! app launches, so a restarted app finds its data, window state and
//! notification ledger where it left them.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use tempfile::TempDir;

use crate::bus::PrivateBus;
use switchboard_test_notifications::NotificationServer;

pub struct Desktop {
    // Field order is drop order: the server leaves the bus before the bus stops.
    pub notifications: NotificationServer,
    bus: PrivateBus,
    dir: TempDir,
}

impl Desktop {
    /// A fresh machine: nothing installed, nothing signed in.
    pub async fn new() -> Result<Self> {
        anyhow::ensure!(
            std::env::var_os("DISPLAY").is_some(),
            "no X display: run the end-to-end suite through scripts/e2e.sh (xvfb-run)"
        );
        let dir = tempfile::Builder::new()
            .prefix("switchboard-e2e-")
            .tempdir()?;
        for sub in ["home", "config", "data", "cache", "runtime", "app-data"] {
            std::fs::create_dir_all(dir.path().join(sub))?;
        }
        set_private(&dir.path().join("runtime"))?;
        let bus = PrivateBus::start()?;
        let notifications = NotificationServer::start(bus.address()).await?;
        Ok(Self {
            notifications,
            bus,
            dir,
        })
    }

    /// Scratch space of this machine (backend databases, logs).
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// The app's data directory (`SWITCHBOARD_DATA_DIR`).
    pub fn app_data_dir(&self) -> PathBuf {
        self.dir.path().join("app-data")
    }

    pub fn bus(&self) -> &PrivateBus {
        &self.bus
    }

    /// The environment of every process started on this machine.
    pub fn env(&self) -> Vec<(String, String)> {
        let path = |sub: &str| self.dir.path().join(sub).display().to_string();
        vec![
            ("HOME".into(), path("home")),
            ("XDG_CONFIG_HOME".into(), path("config")),
            ("XDG_DATA_HOME".into(), path("data")),
            ("XDG_CACHE_HOME".into(), path("cache")),
            ("XDG_RUNTIME_DIR".into(), path("runtime")),
            ("DBUS_SESSION_BUS_ADDRESS".into(), self.bus.address().into()),
            ("SWITCHBOARD_DATA_DIR".into(), path("app-data")),
            // Blank windows and slower first paint under Xvfb otherwise
            // (see TESTING.md).
            ("WEBKIT_DISABLE_DMABUF_RENDERER".into(), "1".into()),
            ("RUST_LOG".into(), "info".into()),
        ]
    }
}

fn set_private(dir: &Path) -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))
        .with_context(|| format!("chmod 700 {}", dir.display()))
}
