//! Starting and stopping a server: [`serve`] and [`RunningServer`].

use std::net::SocketAddr;
use std::sync::Arc;

use tokio::net::TcpListener;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

use crate::api::{self, AppState};
use crate::config::ServerConfig;
use crate::control::Control;
use crate::db::Db;
use crate::error::{Error, Result};
use crate::simulator;

/// A server listening on its address. Dropping it stops it (without
/// waiting); [`RunningServer::shutdown`] stops it and waits.
pub struct RunningServer {
    addr: SocketAddr,
    control: Control,
    shutdown: CancellationToken,
    tasks: Vec<JoinHandle<()>>,
}

/// Opens the database (creating and migrating it), binds `config.addr`, and
/// serves in the background; returns once the socket is listening. With
/// `config.demo`, seeds demo data into an empty database and starts the
/// traffic simulator.
pub async fn serve(config: ServerConfig) -> Result<RunningServer> {
    let db_path = config.db_path.clone();
    let retained = config.retained_events;
    let db = tokio::task::spawn_blocking(move || Db::open(&db_path, retained))
        .await
        .map_err(|e| Error::Internal(format!("opening the database failed: {e}")))??;
    let db = Arc::new(db);
    let control = Control::new(db.clone());
    if config.demo {
        let control = control.clone();
        let seed = config.seed;
        tokio::task::spawn_blocking(move || -> Result<()> {
            if control.conversation_count()? == 0 {
                control.seed_demo(seed)?;
            }
            Ok(())
        })
        .await
        .map_err(|e| Error::Internal(format!("seeding failed: {e}")))??;
    }
    let listener = TcpListener::bind(config.addr).await?;
    let addr = listener.local_addr()?;
    let shutdown = CancellationToken::new();
    let state = AppState {
        db,
        config: Arc::new(config.clone()),
        shutdown: shutdown.clone(),
    };
    let app = api::router(state);
    let stop = shutdown.clone();
    let mut tasks = vec![tokio::spawn(async move {
        let result = axum::serve(listener, app)
            .with_graceful_shutdown(stop.cancelled_owned())
            .await;
        if let Err(error) = result {
            tracing::error!(%error, "server stopped");
        }
    })];
    if config.demo {
        tasks.push(tokio::spawn(simulator::simulate(
            control.clone(),
            config.seed,
            config.rate,
            shutdown.clone(),
        )));
    }
    tracing::info!(%addr, "backend listening");
    Ok(RunningServer {
        addr,
        control,
        shutdown,
        tasks,
    })
}

impl RunningServer {
    /// The address it listens on (the real port when `:0` was asked).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:PORT`, without a trailing slash.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Scripted changes: customers, the assistant, transfers, seeding.
    pub fn control(&self) -> &Control {
        &self.control
    }

    /// Stops accepting, ends the SSE streams and the simulator, and waits
    /// until every connection is closed and the port is free.
    pub async fn shutdown(mut self) {
        self.shutdown.cancel();
        for task in self.tasks.drain(..) {
            let _ = task.await;
        }
    }

    /// Serves until `signal` resolves, then shuts down.
    pub async fn run_until(self, signal: impl std::future::Future<Output = ()>) {
        signal.await;
        self.shutdown().await;
    }
}

impl Drop for RunningServer {
    fn drop(&mut self) {
        self.shutdown.cancel();
    }
}
