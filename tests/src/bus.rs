//! A private D-Bus session bus: one `dbus-daemon` per test, so the app under
//! test, its single-instance lock and its notifications see only this test.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::Duration;

use anyhow::{bail, Context, Result};

use crate::process::Guarded;

/// A running session bus; stopped on drop.
#[derive(Debug)]
pub struct PrivateBus {
    address: String,
    _daemon: Guarded,
}

impl PrivateBus {
    /// Starts `dbus-daemon --session` and waits for its address.
    pub fn start() -> Result<Self> {
        let mut child = Command::new("dbus-daemon")
            .args(["--session", "--nofork", "--nopidfile", "--print-address=1"])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            // It warns about fd limits it may not raise as non-root; harmless.
            .stderr(Stdio::null())
            .spawn()
            .context("starting dbus-daemon (Debian package `dbus-daemon`; ./dev install)")?;
        let stdout = child.stdout.take().expect("stdout is piped");
        let daemon = Guarded::new("dbus-daemon", child);
        // The daemon prints its address once it listens; it then keeps the
        // pipe open, so read exactly one line.
        let mut address = String::new();
        BufReader::new(stdout)
            .read_line(&mut address)
            .context("reading the bus address from dbus-daemon")?;
        let address = address.trim().to_owned();
        if address.is_empty() {
            bail!("dbus-daemon exited without printing its address");
        }
        Ok(Self {
            address,
            _daemon: daemon,
        })
    }

    /// The value for `DBUS_SESSION_BUS_ADDRESS`.
    pub fn address(&self) -> &str {
        &self.address
    }

    /// A new connection to this bus.
    pub async fn connect(&self) -> Result<zbus::Connection> {
        let connection = tokio::time::timeout(
            Duration::from_secs(10),
            zbus::connection::Builder::address(self.address.as_str())?.build(),
        )
        .await
        .context("connecting to the private bus timed out")??;
        Ok(connection)
    }
}
