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

/// A running `tauri-driver`; stopped with SIGTERM on drop (SIGKILL would
/// leave `WebKitWebDriver` and the app running), then anything it left
/// behind is killed.
pub struct TauriDriver {
    process: Guarded,
    port: u16,
    log_path: std::path::PathBuf,
}

impl TauriDriver {
    /// Starts the driver with `env` (passed on to the app) and waits until
    /// it accepts connections. Its output goes to `log_path`.
    pub fn start(env: &[(String, String)], log_path: &Path) -> Result<Self> {
        let program = std::env::var_os("TAURI_DRIVER").unwrap_or_else(|| "tauri-driver".into());
        let port = free_port()?;
        let native_port = free_port()?;
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
                bail!("tauri-driver exited ({status}):\n{}", driver.log());
            }
            if started.elapsed() > Duration::from_secs(15) {
                bail!(
                    "tauri-driver did not listen on {port} within 15 s:\n{}",
                    driver.log()
                );
            }
            std::thread::sleep(Duration::from_millis(25));
        }
        Ok(driver)
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
    pub async fn new_session(&self, app: &Path, args: &[String]) -> Result<Client> {
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
            let attempt = ClientBuilder::new(HttpConnector::new())
                .capabilities(capabilities.clone())
                .connect(&url)
                .await;
            match attempt {
                Ok(client) => return Ok(client),
                Err(error) => last_error = Some(error),
            }
            tokio::time::sleep(Duration::from_millis(500)).await;
        }
        bail!(
            "no WebDriver session after 20 attempts: {:?}\n{}",
            last_error,
            self.log()
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
