//! `switchboard-backend`: run the reference backend, or administer its tokens.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::Context;
use clap::{Parser, Subcommand, ValueEnum};
use switchboard_backend::{serve, ServerConfig};
use switchboard_protocol::Role;

#[derive(Parser)]
#[command(
    name = "switchboard-backend",
    version,
    about = "The reference assistant backend of Switchboard"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the v1 API over HTTP until interrupted (Ctrl-C or SIGTERM).
    Serve {
        /// SQLite database file (created if missing).
        #[arg(long)]
        db: PathBuf,
        /// Address to listen on, e.g. 127.0.0.1:8080 (port 0 picks one).
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: SocketAddr,
        /// Seed demo data into an empty database and simulate traffic.
        #[arg(long)]
        demo: bool,
        /// Seed of the demo data and simulator.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Simulated customer messages per second.
        #[arg(long, default_value_t = 0.5)]
        rate: f64,
        /// Seconds between SSE heartbeat comments.
        #[arg(long, default_value_t = 15)]
        heartbeat_secs: u64,
        /// Keep only this many newest events (older cursors get 410).
        #[arg(long)]
        retain_events: Option<u64>,
        /// Newest messages per conversation in a bootstrap page.
        #[arg(long, default_value_t = 20)]
        recent_messages: usize,
        #[command(flatten)]
        limits: Limits,
    },
    /// Manage bearer tokens.
    Token {
        #[command(subcommand)]
        command: TokenCommand,
    },
}

/// Limits against abuse; each defaults to `ServerConfig::new`'s value.
/// Durations are a number and a unit: `500ms`, `30s`, `10m`, `12h`, `7d`.
#[derive(clap::Args)]
struct Limits {
    /// A bootstrap page takes no more conversations once its JSON is this
    /// many bytes [default: 4 MiB].
    #[arg(long)]
    bootstrap_page_bytes: Option<usize>,
    /// How long idempotency keys are remembered; must exceed the clients'
    /// retry window [default: 7d].
    #[arg(long, value_parser = parse_duration)]
    idempotency_retention: Option<Duration>,
    /// Time a connection has to send a request's headers; also how long an
    /// idle keep-alive connection is kept [default: 30s].
    #[arg(long, value_parser = parse_duration)]
    header_read_timeout: Option<Duration>,
    /// Time to send a request and get its response started [default: 30s].
    #[arg(long, value_parser = parse_duration)]
    request_timeout: Option<Duration>,
    /// A client that does not read for this long is disconnected [default: 30s].
    #[arg(long, value_parser = parse_duration)]
    write_timeout: Option<Duration>,
    /// Open connections at most; more are closed at once [default: 1024].
    #[arg(long)]
    max_connections: Option<usize>,
    /// Event streams one token may have open [default: 8].
    #[arg(long)]
    max_streams_per_token: Option<usize>,
    /// How often open streams recheck their token [default: 2s].
    #[arg(long, value_parser = parse_duration)]
    token_recheck: Option<Duration>,
}

impl Limits {
    fn apply(self, config: &mut ServerConfig) {
        let Limits {
            bootstrap_page_bytes,
            idempotency_retention,
            header_read_timeout,
            request_timeout,
            write_timeout,
            max_connections,
            max_streams_per_token,
            token_recheck,
        } = self;
        set(&mut config.bootstrap_page_bytes, bootstrap_page_bytes);
        set(&mut config.idempotency_retention, idempotency_retention);
        set(&mut config.header_read_timeout, header_read_timeout);
        set(&mut config.request_timeout, request_timeout);
        set(&mut config.write_timeout, write_timeout);
        set(&mut config.max_connections, max_connections);
        set(&mut config.max_streams_per_token, max_streams_per_token);
        set(&mut config.token_recheck, token_recheck);
    }
}

fn set<T>(field: &mut T, value: Option<T>) {
    if let Some(value) = value {
        *field = value;
    }
}

#[derive(Subcommand)]
enum TokenCommand {
    /// Create a user and print its token (on the last line).
    Create {
        #[arg(long)]
        db: PathBuf,
        #[arg(long, value_enum)]
        role: RoleArg,
        #[arg(long)]
        name: String,
        /// The token stops working this long from now, e.g. `30d`, `12h`.
        #[arg(long, value_parser = parse_duration)]
        expires_in: Option<Duration>,
    },
    /// List the tokens: id, name, role, created, expires, revoked (never
    /// the secret, which is not stored).
    List {
        #[arg(long)]
        db: PathBuf,
    },
    /// Revoke a token by its id (see `token list`): from now on it gets 401,
    /// and a running server ends its open event streams within seconds.
    Revoke {
        #[arg(long)]
        db: PathBuf,
        id: i64,
    },
}

/// `500ms`, `30s`, `10m`, `12h`, `7d` or `2w`.
fn parse_duration(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .ok_or_else(|| format!("{text:?} needs a unit: ms, s, m, h, d or w"))?;
    let (number, unit) = text.split_at(split);
    let number: u64 = number
        .parse()
        .map_err(|_| format!("{text:?} must start with a whole number"))?;
    let seconds = |per: u64| Duration::from_secs(number.saturating_mul(per));
    match unit {
        "ms" => Ok(Duration::from_millis(number)),
        "s" => Ok(seconds(1)),
        "m" => Ok(seconds(60)),
        "h" => Ok(seconds(60 * 60)),
        "d" => Ok(seconds(24 * 60 * 60)),
        "w" => Ok(seconds(7 * 24 * 60 * 60)),
        _ => Err(format!("{unit:?} is not a unit: use ms, s, m, h, d or w")),
    }
}

/// `2026-03-01 14:05 UTC` for milliseconds since the Unix epoch.
fn utc(ms: i64) -> String {
    // Days to a civil date: Howard Hinnant's `civil_from_days`.
    let (days, minute_of_day) = (
        ms.div_euclid(86_400_000),
        ms.rem_euclid(86_400_000) / 60_000,
    );
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02} UTC",
        minute_of_day / 60,
        minute_of_day % 60
    )
}

#[derive(Clone, Copy, ValueEnum)]
enum RoleArg {
    Agent,
    Manager,
}

impl From<RoleArg> for Role {
    fn from(role: RoleArg) -> Role {
        match role {
            RoleArg::Agent => Role::Agent,
            RoleArg::Manager => Role::Manager,
        }
    }
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    match Cli::parse().command {
        Command::Token { command } => token_command(command)?,
        Command::Serve {
            db,
            addr,
            demo,
            seed,
            rate,
            heartbeat_secs,
            retain_events,
            recent_messages,
            limits,
        } => {
            anyhow::ensure!(
                rate > 0.0 && rate.is_finite(),
                "--rate must be a positive number"
            );
            let mut config = ServerConfig::new(db, addr);
            config.demo = demo;
            config.seed = seed;
            config.rate = rate;
            config.heartbeat = Duration::from_secs(heartbeat_secs.max(1));
            config.retained_events = retain_events;
            config.recent_messages_per_conversation = recent_messages;
            limits.apply(&mut config);
            let server = serve(config).await.context("starting the server")?;
            if demo {
                let token = server
                    .control()
                    .create_token(Role::Manager, "Demo Manager")?;
                println!("demo token: {token}");
            }
            println!("listening on {}", server.url());
            server.run_until(shutdown_signal()).await;
        }
    }
    Ok(())
}

fn token_command(command: TokenCommand) -> anyhow::Result<()> {
    match command {
        TokenCommand::Create {
            db,
            role,
            name,
            expires_in,
        } => {
            let token = switchboard_backend::create_token(&db, role.into(), &name, expires_in)
                .with_context(|| format!("creating a token in {}", db.display()))?;
            println!("created a token for {name}:");
            println!("{token}");
        }
        TokenCommand::List { db } => {
            let tokens = switchboard_backend::list_tokens(&db)
                .with_context(|| format!("listing the tokens of {}", db.display()))?;
            println!("id\tname\trole\tcreated\texpires\trevoked");
            let when = |at: Option<i64>| at.map_or_else(|| "-".to_owned(), utc);
            for t in tokens {
                println!(
                    "{}\t{}\t{}\t{}\t{}\t{}",
                    t.id,
                    t.name,
                    t.role.as_str(),
                    utc(t.created_at),
                    when(t.expires_at),
                    when(t.revoked_at)
                );
            }
        }
        TokenCommand::Revoke { db, id } => {
            let newly = switchboard_backend::revoke_token(&db, id)
                .with_context(|| format!("revoking token {id} in {}", db.display()))?;
            if newly {
                println!("revoked token {id}");
            } else {
                println!("token {id} was already revoked");
            }
        }
    }
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {}
        _ = terminate => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_as_a_number_and_a_unit() {
        for (text, expected) in [
            ("500ms", Duration::from_millis(500)),
            ("30s", Duration::from_secs(30)),
            ("10m", Duration::from_secs(600)),
            ("12h", Duration::from_secs(12 * 3600)),
            ("30d", Duration::from_secs(30 * 86_400)),
            ("2w", Duration::from_secs(14 * 86_400)),
        ] {
            assert_eq!(parse_duration(text), Ok(expected), "{text}");
        }
        for bad in ["30", "d", "3.5d", "30y", "-1d", ""] {
            assert!(
                parse_duration(bad).is_err(),
                "{bad:?} must be refused, not guessed"
            );
        }
    }

    #[test]
    fn times_print_as_utc_dates() {
        assert_eq!(utc(0), "1970-01-01 00:00 UTC");
        assert_eq!(utc(951_782_400_000), "2000-02-29 00:00 UTC", "a leap day");
        assert_eq!(utc(1_764_600_300_000), "2025-12-01 14:45 UTC");
    }
}
