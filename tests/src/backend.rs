//! The reference backend as the shipped binary (`switchboard-backend`), on a
//! free loopback port and a database in a temp dir: started, killed like a
//! crash, and restarted on the same port and data.

use std::fs::File;
use std::net::{Ipv4Addr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};

use crate::paths;
use crate::process::Guarded;

/// A loopback port nobody listens on right now.
pub fn free_port() -> Result<u16> {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).context("binding a free port")?;
    Ok(listener.local_addr()?.port())
}

/// How the backend is started (`serve --demo --seed N --rate R`).
#[derive(Debug, Clone)]
pub struct BackendOptions {
    /// Seed demo data and run the traffic simulator.
    pub demo: bool,
    pub seed: u64,
    /// Customer messages per second from the simulator (with `demo`).
    pub rate: Option<f64>,
}

impl Default for BackendOptions {
    /// Demo data with a fixed seed, so every run sees the same conversations.
    fn default() -> Self {
        Self {
            demo: true,
            seed: 7,
            rate: None,
        }
    }
}

/// A `switchboard-backend serve` subprocess; killed on drop.
#[derive(Debug)]
pub struct BackendProcess {
    binary: PathBuf,
    db_path: PathBuf,
    log_path: PathBuf,
    addr: SocketAddr,
    options: BackendOptions,
    process: Option<Guarded>,
}

impl BackendProcess {
    /// Starts the backend on a free port with its database in `dir`, and
    /// waits until it answers HTTP.
    pub async fn start(dir: &Path, options: BackendOptions) -> Result<Self> {
        let mut backend = Self {
            binary: paths::backend_binary()?,
            db_path: dir.join("backend.db"),
            log_path: dir.join("backend.log"),
            addr: SocketAddr::from((Ipv4Addr::LOCALHOST, free_port()?)),
            options,
            process: None,
        };
        backend.restart().await?;
        Ok(backend)
    }

    /// `http://127.0.0.1:PORT`, the same across restarts.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn db_path(&self) -> &Path {
        &self.db_path
    }

    /// The server's output so far (appended across restarts).
    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.log_path).unwrap_or_default()
    }

    /// Creates a bearer token with the binary's `token create`.
    pub fn create_token(&self, role: &str, name: &str) -> Result<String> {
        let output = Command::new(&self.binary)
            .args(["token", "create", "--db"])
            .arg(&self.db_path)
            .args(["--role", role, "--name", name])
            .output()
            .context("running switchboard-backend token create")?;
        if !output.status.success() {
            bail!(
                "token create failed ({}): {}",
                output.status,
                String::from_utf8_lossy(&output.stderr)
            );
        }
        let stdout = String::from_utf8(output.stdout).context("token create printed non-UTF-8")?;
        match stdout.lines().map(str::trim).rfind(|line| !line.is_empty()) {
            Some(token) => Ok(token.to_owned()),
            None => bail!("token create printed nothing"),
        }
    }

    /// Kills the server like a crash (SIGKILL): clients see the connection
    /// drop with no goodbye.
    pub fn kill(&mut self) {
        if let Some(mut process) = self.process.take() {
            process.kill();
        }
    }

    /// Starts (again) on the same port and database; waits until it answers.
    pub async fn restart(&mut self) -> Result<()> {
        self.kill();
        let log = File::options()
            .create(true)
            .append(true)
            .open(&self.log_path)
            .context("opening the backend log")?;
        let mut command = Command::new(&self.binary);
        command
            .arg("serve")
            .arg("--db")
            .arg(&self.db_path)
            .arg("--addr")
            .arg(self.addr.to_string())
            .arg("--seed")
            .arg(self.options.seed.to_string());
        if self.options.demo {
            command.arg("--demo");
        }
        if let Some(rate) = self.options.rate {
            command.arg("--rate").arg(rate.to_string());
        }
        let child = command
            .stdin(Stdio::null())
            .stdout(log.try_clone()?)
            .stderr(log)
            .spawn()
            .with_context(|| format!("starting {}", self.binary.display()))?;
        self.process = Some(Guarded::new("switchboard-backend", child));
        self.wait_until_answering(Duration::from_secs(60)).await
    }

    /// Polls `/v1/me` until the server answers anything (401 without a token
    /// is an answer): seeding demo data may take a moment.
    async fn wait_until_answering(&mut self, timeout: Duration) -> Result<()> {
        let client = reqwest::Client::new();
        let started = Instant::now();
        loop {
            if let Some(status) = self.process.as_mut().and_then(Guarded::try_wait) {
                bail!(
                    "the backend exited ({status}) while starting:\n{}",
                    self.log()
                );
            }
            let answer = client
                .get(format!("{}/v1/me", self.url()))
                .timeout(Duration::from_secs(2))
                .send()
                .await;
            if answer.is_ok() {
                return Ok(());
            }
            if started.elapsed() > timeout {
                bail!(
                    "the backend did not answer within {timeout:?}:\n{}",
                    self.log()
                );
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

/// The reference backend in-process (the same server as the binary, on a
/// real loopback socket), for scenarios that script what customers and the
/// assistant do: "transfer conversation 7 now". Stops and restarts on the
/// same port and database, as an outage would.
pub struct ScriptedBackend {
    config: switchboard_backend::ServerConfig,
    server: Option<switchboard_backend::RunningServer>,
}

impl ScriptedBackend {
    /// A backend on a free port with its database in `dir`, seeded with the
    /// demo data set of `seed` (same conversations every run) and no
    /// simulated traffic: only what the scenario scripts happens.
    pub async fn start(dir: &Path, seed: u64) -> Result<Self> {
        let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, free_port()?));
        let config = switchboard_backend::ServerConfig::new(dir.join("backend.db"), addr);
        let mut backend = Self {
            config,
            server: None,
        };
        backend.restart().await?;
        let control = backend.control()?.clone();
        tokio::task::spawn_blocking(move || control.seed_demo(seed))
            .await?
            .context("seeding the demo data set")?;
        Ok(backend)
    }

    /// A backend on a free port with an empty database in `dir`.
    pub async fn start_empty(dir: &Path) -> Result<Self> {
        Self::start_empty_with(dir, |_| {}).await
    }

    /// Like [`ScriptedBackend::start_empty`], with `configure` changing the
    /// server's defaults first (how many messages a bootstrap carries…).
    pub async fn start_empty_with(
        dir: &Path,
        configure: impl FnOnce(&mut switchboard_backend::ServerConfig),
    ) -> Result<Self> {
        let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, free_port()?));
        let mut config = switchboard_backend::ServerConfig::new(dir.join("backend.db"), addr);
        configure(&mut config);
        let mut backend = Self {
            config,
            server: None,
        };
        backend.restart().await?;
        Ok(backend)
    }

    /// `http://127.0.0.1:PORT`, the same across restarts.
    pub fn url(&self) -> String {
        format!("http://{}", self.config.addr)
    }

    /// Scripted changes; each commits like a real one (event log, SSE).
    pub fn control(&self) -> Result<&switchboard_backend::Control> {
        match &self.server {
            Some(server) => Ok(server.control()),
            None => bail!("the backend is stopped"),
        }
    }

    /// Stops serving: streams end, the port closes, the data stays.
    pub async fn stop(&mut self) {
        if let Some(server) = self.server.take() {
            server.shutdown().await;
        }
    }

    /// Serves again on the same port and database.
    pub async fn restart(&mut self) -> Result<()> {
        self.stop().await;
        let started = Instant::now();
        loop {
            // The port may linger a moment after the old listener closed.
            match switchboard_backend::serve(self.config.clone()).await {
                Ok(server) => {
                    self.server = Some(server);
                    return Ok(());
                }
                Err(error) if started.elapsed() < Duration::from_secs(10) => {
                    let _ = error;
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                Err(error) => return Err(error).context("restarting the backend"),
            }
        }
    }
}
