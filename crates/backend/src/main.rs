//! `switchboard-backend`: run the reference backend, or make a token.

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
    },
    /// Manage bearer tokens.
    Token {
        #[command(subcommand)]
        command: TokenCommand,
    },
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
    },
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
        Command::Token {
            command: TokenCommand::Create { db, role, name },
        } => {
            let token = switchboard_backend::create_token(&db, role.into(), &name)
                .with_context(|| format!("creating a token in {}", db.display()))?;
            println!("created a token for {name}:");
            println!("{token}");
        }
        Command::Serve {
            db,
            addr,
            demo,
            seed,
            rate,
            heartbeat_secs,
            retain_events,
            recent_messages,
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
