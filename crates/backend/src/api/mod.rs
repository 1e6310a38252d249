//! The HTTP API (`/v1/...`): routing, auth, and one handler per endpoint.
//! Handlers decide nothing: they parse, call [`crate::writes`] or
//! [`crate::db`] on a blocking thread, and encode.

mod auth;
mod conversations;
pub(crate) mod error;
mod history;
pub(crate) mod openapi;
mod sync;

use std::sync::Arc;

use axum::error_handling::HandleErrorLayer;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post, put};
use axum::Router;
use tokio_util::sync::CancellationToken;
use tower::timeout::TimeoutLayer;
use tower::ServiceBuilder;

use crate::config::ServerConfig;
use crate::db::Db;
use crate::error::{Error, Result};
use crate::streams::OpenStreams;

/// What every handler shares.
#[derive(Clone)]
pub(crate) struct AppState {
    pub db: Arc<Db>,
    pub config: Arc<ServerConfig>,
    /// Cancelled on shutdown: ends the SSE streams so the server can stop.
    pub shutdown: CancellationToken,
    /// The open SSE streams by user: the per-token cap, ended on revocation.
    pub streams: Arc<OpenStreams>,
}

impl AppState {
    /// Runs blocking database work off the async threads.
    pub(crate) async fn blocking<T: Send + 'static>(
        &self,
        f: impl FnOnce(&Db) -> Result<T> + Send + 'static,
    ) -> Result<T> {
        let db = self.db.clone();
        tokio::task::spawn_blocking(move || f(&db))
            .await
            .map_err(|e| Error::Internal(format!("database task failed: {e}")))?
    }
}

pub(crate) fn router(state: AppState) -> Router {
    let body_limit = state.config.body_limit;
    // A request must be read and answered in time; an event stream's body
    // is not bound (its response is ready as soon as the stream starts).
    let request_timeout = ServiceBuilder::new()
        .layer(HandleErrorLayer::new(error::timed_out))
        .layer(TimeoutLayer::new(state.config.request_timeout));
    Router::new()
        .route("/v1/me", get(auth::me))
        .route("/v1/sync/bootstrap", get(sync::bootstrap))
        .route("/v1/sync/events", get(sync::events))
        .route("/v1/sync/stream", get(sync::stream))
        .route("/v1/sync/history", get(history::history))
        .route(
            "/v1/conversations/{id}/messages",
            post(conversations::send_message).get(conversations::older_messages),
        )
        .route(
            "/v1/conversations/{id}/assistant",
            put(conversations::set_assistant),
        )
        .route("/v1/conversations/{id}/close", post(conversations::close))
        .route("/v1/conversations/{id}/take", post(conversations::take))
        .route(
            "/v1/conversations/{id}/release",
            post(conversations::release),
        )
        .route(
            "/v1/contacts/{id}/conversations",
            get(conversations::contact_conversations),
        )
        .route("/v1/openapi.json", get(openapi::document))
        .fallback(error::not_found)
        .method_not_allowed_fallback(error::method_not_allowed)
        .layer(DefaultBodyLimit::max(body_limit))
        .layer(request_timeout)
        .with_state(state)
}

/// A page's `limit` from a query (`default` when absent), between 1 and the
/// server's page limit; anything else is a 400 that says the bounds.
pub(crate) fn page_limit(
    state: &AppState,
    limit: Option<u32>,
    default: u32,
) -> std::result::Result<u32, error::ApiFailure> {
    let limit = limit.unwrap_or(default);
    if limit == 0 || limit > state.config.max_page_limit {
        return Err(error::ApiFailure::bad_request(format!(
            "limit must be between 1 and {}",
            state.config.max_page_limit
        )));
    }
    Ok(limit)
}
