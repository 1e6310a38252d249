//! Demo mode's backend: the reference backend, in-process on a loopback
//! port, with demo data and live simulated traffic. It is what a first
//! launch shows, so a newcomer sees conversations and transfers at once.
//!
//! It sits behind the `demo` cargo feature (on by default): a build without
//! it links no server code and starts signed out (see
//! `docs/decisions.md`, "Demo mode in-process, behind a feature").

use std::path::Path;

use crate::error::IpcError;

/// Whether this build can run demo mode.
pub const AVAILABLE: bool = cfg!(feature = "demo");

/// A running demo backend, and the token of its manager.
pub struct DemoBackend {
    #[cfg(feature = "demo")]
    server: switchboard_backend::RunningServer,
    pub base_url: String,
    pub token: String,
}

impl DemoBackend {
    /// Starts the backend on its database in `data_dir` and makes a
    /// manager's token for the app.
    #[cfg(feature = "demo")]
    pub async fn start(data_dir: &Path) -> Result<DemoBackend, IpcError> {
        use switchboard_backend::ServerConfig;
        use switchboard_protocol::Role;

        let mut config = ServerConfig::new(
            data_dir.join("demo-backend.sqlite3"),
            ([127, 0, 0, 1], 0).into(),
        );
        config.demo = true;
        let server = switchboard_backend::serve(config).await.map_err(|error| {
            IpcError::internal(format!("the demo backend did not start: {error}"))
        })?;
        let token = server
            .control()
            .create_token(Role::Manager, "Demo manager")
            .map_err(|error| {
                IpcError::internal(format!("the demo backend made no token: {error}"))
            })?;
        Ok(DemoBackend {
            base_url: server.url(),
            server,
            token,
        })
    }

    #[cfg(not(feature = "demo"))]
    pub async fn start(_data_dir: &Path) -> Result<DemoBackend, IpcError> {
        Err(IpcError::invalid_input(
            "this build of Switchboard has no demo backend: sign in to a backend",
        ))
    }

    pub async fn shutdown(self) {
        #[cfg(feature = "demo")]
        self.server.shutdown().await;
    }
}
