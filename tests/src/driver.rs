//! `tauri-driver` (the WebDriver server for Tauri apps, in front of
//! `WebKitWebDriver`) and WebDriver sessions that launch the app.
//!
//! The app inherits the driver's environment (WebDriver capabilities cannot
//! carry one), so each app configuration gets its own driver process.

use std::fs::File;
use std::net::{Ipv4Addr, TcpStream};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use fantoccini::{Client, ClientBuilder};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::json;

use crate::backend::free_port;
use crate::memory;
use crate::process::Guarded;

/// What WebKitWebDriver prints when its port was taken by another process
/// between the harness picking it and the driver binding it.
const NATIVE_PORT_TAKEN: &str = "Unable to listen";

/// Drivers started, each on new ports, before a taken port fails the launch.
const PORT_ATTEMPTS: u32 = 3;

/// Lines of the driver's log that an error carries: when WebKitWebDriver
/// dies, tauri-driver can print hundreds of thousands of lines.
const LOG_LINES_IN_ERRORS: usize = 60;

/// A running `tauri-driver`; stopped with SIGTERM on drop (SIGKILL would
/// leave `WebKitWebDriver` and the app running), then anything it left
/// behind is killed.
pub struct TauriDriver {
    process: Guarded,
    port: u16,
    log_path: std::path::PathBuf,
}

impl TauriDriver {
    /// Starts the driver with `env` (passed on to the app) on the given
    /// ports (its own, then WebKitWebDriver's) and waits until it accepts
    /// connections. Its output goes to `log_path`.
    pub fn start_on(
        env: &[(String, String)],
        log_path: &Path,
        (port, native_port): (u16, u16),
    ) -> Result<Self> {
        let program = std::env::var_os("TAURI_DRIVER").unwrap_or_else(|| "tauri-driver".into());
        let log = File::create(log_path)?;
        let child = Command::new(&program)
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &native_port.to_string(),
            ])
            .envs(env.iter().map(|(k, v)| (k, v)))
            .stdin(Stdio::null())
            .stdout(log.try_clone()?)
            .stderr(log)
            .spawn()
            .context(
                "starting tauri-driver (cargo install tauri-driver --locked; ./dev install)",
            )?;
        let mut driver = Self {
            process: Guarded::new("tauri-driver", child),
            port,
            log_path: log_path.to_owned(),
        };
        let started = Instant::now();
        while TcpStream::connect((Ipv4Addr::LOCALHOST, port)).is_err() {
            if let Some(status) = driver.process.try_wait() {
                bail!(
                    "tauri-driver exited ({status}):\n{}",
                    tail(&driver.log(), LOG_LINES_IN_ERRORS)
                );
            }
            if started.elapsed() > Duration::from_secs(15) {
                bail!(
                    "tauri-driver did not listen on {port} within 15 s:\n{}",
                    tail(&driver.log(), LOG_LINES_IN_ERRORS)
                );
            }
            std::thread::sleep(Duration::from_millis(25));
        }
        Ok(driver)
    }

    /// Starts a driver and opens a session that launches `app` with `args`.
    /// The ports are picked free but released before the driver binds them,
    /// so another process can take one meanwhile: then WebKitWebDriver
    /// cannot listen, and a new driver is started on new ports.
    pub async fn start_with_session(
        env: &[(String, String)],
        log_path: &Path,
        app: &Path,
        args: &[String],
    ) -> Result<(Self, Client)> {
        Self::start_with_session_on(env, log_path, app, args, free_ports).await
    }

    /// Like [`TauriDriver::start_with_session`], with each driver's ports
    /// from `pick_ports` (the harness's own test hands it a taken one).
    pub async fn start_with_session_on(
        env: &[(String, String)],
        log_path: &Path,
        app: &Path,
        args: &[String],
        mut pick_ports: impl FnMut() -> Result<(u16, u16)>,
    ) -> Result<(Self, Client)> {
        let mut attempt = 1;
        loop {
            let driver = Self::start_on(env, log_path, pick_ports()?)?;
            match driver.new_session(app, args).await {
                Ok(client) => return Ok((driver, client)),
                Err(error) if driver.native_port_taken() && attempt < PORT_ATTEMPTS => {
                    eprintln!("warning: {error:#}\nstarting tauri-driver again on new ports");
                    attempt += 1;
                }
                Err(error) => return Err(error),
            }
        }
    }

    /// Whether WebKitWebDriver failed because its port was taken.
    fn native_port_taken(&self) -> bool {
        self.log().contains(NATIVE_PORT_TAKEN)
    }

    /// Returns once the log says WebKitWebDriver's port was taken.
    async fn until_native_port_taken(&self) {
        while !self.native_port_taken() {
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// What the driver, WebKitWebDriver and the app printed.
    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.log_path).unwrap_or_default()
    }

    pub fn pid(&self) -> u32 {
        self.process.pid()
    }

    /// Opens a WebDriver session, which launches `app` with `args`. The
    /// first attempts may fail while WebKitWebDriver starts: retried.
    async fn new_session(&self, app: &Path, args: &[String]) -> Result<Client> {
        let capabilities = json!({
            "browserName": "wry",
            "tauri:options": { "application": app, "args": args },
        });
        let serde_json::Value::Object(capabilities) = capabilities else {
            unreachable!("a JSON object literal")
        };
        let url = format!("http://127.0.0.1:{}", self.port);
        let mut last_error = None;
        for _ in 0..20 {
            let mut builder = ClientBuilder::new(HttpConnector::new());
            builder.capabilities(capabilities.clone());
            let connect = builder.connect(&url);
            // Whoever took WebKitWebDriver's port may accept the driver's
            // requests and never answer them: watch the log meanwhile.
            let attempt = tokio::select! {
                attempt = connect => attempt,
                () = self.until_native_port_taken() => {
                    // No session can come: the caller starts another driver.
                    bail!(
                        "WebKitWebDriver could not listen on its port (taken by another process):\n{}",
                        tail(&self.log(), LOG_LINES_IN_ERRORS)
                    );
                }
            };
            match attempt {
                Ok(client) => return Ok(client),
                Err(error) => last_error = Some(error),
            }
            tokio::time::sleep(Duration::from_millis(500)).await;
        }
        bail!(
            "no WebDriver session after 20 attempts: {:?}\n{}",
            last_error,
            tail(&self.log(), LOG_LINES_IN_ERRORS)
        )
    }
}

impl Drop for TauriDriver {
    fn drop(&mut self) {
        let left_behind = memory::process_tree(self.process.pid());
        self.process.terminate(Duration::from_secs(5));
        for pid in left_behind.into_iter().skip(1) {
            let _ = nix::sys::signal::kill(
                nix::unistd::Pid::from_raw(pid as i32),
                nix::sys::signal::Signal::SIGKILL,
            );
        }
    }
}

/// Two free loopback ports: the driver's and WebKitWebDriver's.
pub fn free_ports() -> Result<(u16, u16)> {
    Ok((free_port()?, free_port()?))
}

/// The last `lines` lines of `text`.
pub(crate) fn tail(text: &str, lines: usize) -> String {
    let mut last: Vec<&str> = text.lines().rev().take(lines).collect();
    last.reverse();
    last.join("\n")
}
