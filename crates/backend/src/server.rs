//! Starting and stopping a server: [`serve`] and [`RunningServer`], and the
//! connection limits that keep it up under abuse.
//!
//! Connections are served by hyper directly rather than `axum::serve`,
//! which cannot set a header-read timeout: hyper's HTTP/1 builder closes a
//! connection that does not send its headers in time, a semaphore caps the
//! open connections, and each socket is wrapped in a write timeout.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tokio::task::JoinHandle;
use tokio_io_timeout::TimeoutStream;
use tokio_util::sync::CancellationToken;

use crate::api::{self, AppState};
use crate::config::ServerConfig;
use crate::control::Control;
use crate::db::Db;
use crate::error::{Error, Result};
use crate::simulator;
use crate::streams::{self, OpenStreams};

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
    let streams = OpenStreams::new(config.max_streams_per_token);
    let state = AppState {
        db: db.clone(),
        config: Arc::new(config.clone()),
        shutdown: shutdown.clone(),
        streams: streams.clone(),
    };
    let app = api::router(state);
    let mut tasks = vec![
        tokio::spawn(accept(listener, app, config.clone(), shutdown.clone())),
        tokio::spawn(streams::end_streams_of_invalid_tokens(
            db,
            streams,
            config.token_recheck,
            shutdown.clone(),
        )),
    ];
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

/// Serves every accepted connection until `shutdown`, then waits for the
/// open ones to finish (streams end on shutdown; idle keep-alive
/// connections are closed at once).
async fn accept(
    listener: TcpListener,
    app: Router,
    config: ServerConfig,
    shutdown: CancellationToken,
) {
    let open = Arc::new(Semaphore::new(config.max_connections));
    let graceful = GracefulShutdown::new();
    let mut http = http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(config.header_read_timeout);
    loop {
        let (socket, remote) = tokio::select! {
            _ = shutdown.cancelled() => break,
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    // Out of file descriptors, most likely: wait rather than spin.
                    tracing::warn!(%error, "accepting a connection failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
        };
        let Ok(place) = open.clone().try_acquire_owned() else {
            // Closed unread: refusing costs nothing, and the open
            // connections keep their share of the server.
            tracing::warn!(%remote, "connection refused: {} already open", config.max_connections);
            continue;
        };
        let _ = socket.set_nodelay(true);
        let mut socket = TimeoutStream::new(socket);
        socket.set_write_timeout(Some(config.write_timeout));
        let connection = http.serve_connection(
            TokioIo::new(Box::pin(socket)),
            TowerToHyperService::new(app.clone()),
        );
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            if let Err(error) = connection.await {
                tracing::debug!(%remote, %error, "connection closed with an error");
            }
            drop(place);
        });
    }
    drop(listener);
    graceful.shutdown().await;
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
