//! Test-control endpoints under `/__fake/` (JSON, no auth), mirroring the
//! library API for the end-to-end suite, which drives the binary from
//! another process. Not part of Chatwoot.

use std::sync::atomic::Ordering;
use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::json;

use crate::shared::Shared;
use crate::world::Error;

pub fn router() -> Router<Arc<Shared>> {
    Router::new()
        .route("/__fake/customer_starts", post(customer_starts))
        .route("/__fake/customer_writes", post(customer_writes))
        .route("/__fake/bot_replies", post(bot_replies))
        .route("/__fake/bot_hands_off", post(bot_hands_off))
        .route("/__fake/seed", post(seed))
        .route("/__fake/drop_cable", post(drop_cable))
        .route("/__fake/unreachable", post(unreachable))
        .route(
            "/__fake/lose_next_reply_response",
            post(lose_next_reply_response),
        )
        .route("/__fake/rate_limit_next", post(rate_limit_next))
        .route("/__fake/messages/{display_id}", get(messages))
        .route("/__fake/conversation/{display_id}", get(conversation))
}

#[derive(Deserialize)]
struct Starts {
    contact_name: String,
    phone: Option<String>,
    text: String,
}

async fn customer_starts(State(shared): State<Arc<Shared>>, Json(b): Json<Starts>) -> Response {
    let display_id = shared.customer_starts(&b.contact_name, b.phone.as_deref(), &b.text);
    Json(json!({ "display_id": display_id })).into_response()
}

#[derive(Deserialize)]
struct Writes {
    display_id: u64,
    text: String,
}

fn done(result: Result<(), Error>) -> Response {
    match result {
        Ok(()) => Json(json!({})).into_response(),
        Err(Error::NotFound) => (
            StatusCode::NOT_FOUND,
            Json(json!({"error": "no such conversation"})),
        )
            .into_response(),
    }
}

async fn customer_writes(State(shared): State<Arc<Shared>>, Json(b): Json<Writes>) -> Response {
    done(shared.customer_writes(b.display_id, &b.text))
}

async fn bot_replies(State(shared): State<Arc<Shared>>, Json(b): Json<Writes>) -> Response {
    done(shared.bot_replies(b.display_id, &b.text))
}

#[derive(Deserialize)]
struct HandsOff {
    display_id: u64,
}

async fn bot_hands_off(State(shared): State<Arc<Shared>>, Json(b): Json<HandsOff>) -> Response {
    done(shared.bot_hands_off(b.display_id))
}

#[derive(Deserialize)]
struct Seed {
    n: usize,
    messages_each: usize,
    days: u32,
}

async fn seed(State(shared): State<Arc<Shared>>, Json(b): Json<Seed>) -> Response {
    Json(json!({ "display_ids": shared.seed(b.n, b.messages_each, b.days) })).into_response()
}

async fn drop_cable(State(shared): State<Arc<Shared>>) -> Response {
    shared.close_cable_connections();
    Json(json!({})).into_response()
}

#[derive(Deserialize)]
struct Unreachable {
    yes: bool,
}

/// While unreachable, the connection layer refuses every request except
/// these control endpoints, so that the suite can bring the server back.
async fn unreachable(State(shared): State<Arc<Shared>>, Json(b): Json<Unreachable>) -> Response {
    shared.set_unreachable(b.yes);
    Json(json!({})).into_response()
}

async fn lose_next_reply_response(State(shared): State<Arc<Shared>>) -> Response {
    shared.lose_next_reply.store(true, Ordering::SeqCst);
    Json(json!({})).into_response()
}

#[derive(Deserialize)]
struct RateLimit {
    n: usize,
}

async fn rate_limit_next(State(shared): State<Arc<Shared>>, Json(b): Json<RateLimit>) -> Response {
    shared.rate_limited.store(b.n, Ordering::SeqCst);
    Json(json!({})).into_response()
}

async fn messages(State(shared): State<Arc<Shared>>, Path(display_id): Path<u64>) -> Response {
    Json(shared.messages_json(display_id)).into_response()
}

async fn conversation(State(shared): State<Arc<Shared>>, Path(display_id): Path<u64>) -> Response {
    match shared.conversation_json(display_id) {
        Some(c) => Json(c).into_response(),
        None => done(Err(Error::NotFound)),
    }
}
