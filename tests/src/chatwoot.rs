//! The fake Chatwoot as the shipped binary (`switchboard-chatwoot-fake`) on
//! a free loopback port, driven through its `/__fake/` control endpoints:
//! what customers and the Agent Bot do, and what the server holds.

use std::fs::File;
use std::net::{Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use serde_json::{json, Value};

use crate::backend::free_port;
use crate::paths;
use crate::process::Guarded;

/// A `switchboard-chatwoot-fake` subprocess; killed on drop.
pub struct ChatwootProcess {
    addr: SocketAddr,
    log_path: PathBuf,
    account_id: u64,
    token: String,
    http: reqwest::Client,
    _process: Guarded,
}

impl ChatwootProcess {
    /// Starts the fake on a free port, its output in `dir`, and waits for
    /// the line that names its account and the agent's access token.
    pub async fn start(dir: &Path) -> Result<Self> {
        let binary = paths::chatwoot_fake_binary()?;
        let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, free_port()?));
        let log_path = dir.join("chatwoot-fake.log");
        let log = File::create(&log_path).context("creating the fake Chatwoot's log")?;
        let child = Command::new(&binary)
            .arg("--port")
            .arg(addr.port().to_string())
            .stdin(Stdio::null())
            .stdout(log.try_clone()?)
            .stderr(log)
            .spawn()
            .with_context(|| format!("starting {}", binary.display()))?;
        let mut process = Guarded::new("switchboard-chatwoot-fake", child);
        let started = Instant::now();
        let line = loop {
            let output = std::fs::read_to_string(&log_path).unwrap_or_default();
            if let Some(line) = output.lines().find(|l| l.contains("listening on")) {
                break line.to_owned();
            }
            if let Some(status) = process.try_wait() {
                bail!("the fake Chatwoot exited ({status}) while starting:\n{output}");
            }
            if started.elapsed() > Duration::from_secs(30) {
                bail!("the fake Chatwoot did not start within 30 s:\n{output}");
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        };
        // "chatwoot-fake listening on http://127.0.0.1:PORT account=1 token=TOKEN"
        let field = |name: &str| {
            line.split_whitespace()
                .find_map(|word| word.strip_prefix(name))
                .map(str::to_owned)
                .with_context(|| format!("no {name} in {line:?}"))
        };
        let account_id = field("account=")?.parse().context("the account id")?;
        let token = field("token=")?;
        Ok(Self {
            addr,
            log_path,
            account_id,
            token,
            http: reqwest::Client::new(),
            _process: process,
        })
    }

    /// `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn account_id(&self) -> u64 {
        self.account_id
    }

    /// The agent's (Ana Agent's) access token.
    pub fn token(&self) -> &str {
        &self.token
    }

    /// The server's output so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.log_path).unwrap_or_default()
    }

    /// The environment that signs the app in to this Chatwoot as the agent.
    pub fn sign_in_env(&self) -> Vec<(String, String)> {
        vec![
            ("SWITCHBOARD_CHATWOOT_URL".into(), self.url()),
            (
                "SWITCHBOARD_CHATWOOT_ACCOUNT".into(),
                self.account_id.to_string(),
            ),
            ("SWITCHBOARD_CHATWOOT_TOKEN".into(), self.token.clone()),
        ]
    }

    /// A new contact writes (the conversation starts `pending`: the bot
    /// answers). Returns its display id.
    pub async fn customer_starts(&self, contact_name: &str, text: &str) -> Result<u64> {
        let answer = self
            .control(
                "customer_starts",
                json!({"contact_name": contact_name, "text": text}),
            )
            .await?;
        answer["display_id"]
            .as_u64()
            .with_context(|| format!("customer_starts answered {answer}"))
    }

    pub async fn customer_writes(&self, display_id: u64, text: &str) -> Result<()> {
        self.control(
            "customer_writes",
            json!({"display_id": display_id, "text": text}),
        )
        .await
        .map(drop)
    }

    pub async fn bot_replies(&self, display_id: u64, text: &str) -> Result<()> {
        self.control(
            "bot_replies",
            json!({"display_id": display_id, "text": text}),
        )
        .await
        .map(drop)
    }

    /// The Agent Bot hands the conversation to a human (pending → open).
    pub async fn bot_hands_off(&self, display_id: u64) -> Result<()> {
        self.control("bot_hands_off", json!({"display_id": display_id}))
            .await
            .map(drop)
    }

    /// The agent snoozes the conversation until `until` (unix seconds)
    /// through Chatwoot's API, as its dashboard does.
    pub async fn snooze(&self, display_id: u64, until: i64) -> Result<()> {
        self.http
            .post(format!(
                "{}/api/v1/accounts/{}/conversations/{display_id}/toggle_status",
                self.url(),
                self.account_id
            ))
            .header("api_access_token", &self.token)
            .json(&json!({"status": "snoozed", "snoozed_until": until}))
            .timeout(Duration::from_secs(5))
            .send()
            .await
            .context("asking the fake Chatwoot to snooze")?
            .error_for_status()?;
        Ok(())
    }

    /// The conversation's messages as the server holds them.
    pub async fn messages(&self, display_id: u64) -> Result<Vec<Value>> {
        let answer: Value = self
            .get(&format!("messages/{display_id}"))
            .await
            .context("reading the fake's messages")?;
        answer
            .as_array()
            .cloned()
            .with_context(|| format!("messages answered {answer}"))
    }

    /// The conversation as the server holds it.
    pub async fn conversation(&self, display_id: u64) -> Result<Value> {
        self.get(&format!("conversation/{display_id}")).await
    }

    async fn get(&self, path: &str) -> Result<Value> {
        Ok(self
            .http
            .get(format!("{}/__fake/{path}", self.url()))
            .timeout(Duration::from_secs(5))
            .send()
            .await?
            .error_for_status()?
            .json()
            .await?)
    }

    async fn control(&self, action: &str, body: Value) -> Result<Value> {
        Ok(self
            .http
            .post(format!("{}/__fake/{action}", self.url()))
            .json(&body)
            .timeout(Duration::from_secs(5))
            .send()
            .await
            .with_context(|| format!("asking the fake Chatwoot to {action}"))?
            .error_for_status()?
            .json()
            .await?)
    }
}
