//! Chatwoot's REST subset: routes, auth, errors and the rate limiter, as
//! config/routes.rb and the controllers named on each handler define them.

use std::collections::HashMap;
use std::sync::atomic::Ordering;
use std::sync::Arc;

use axum::extract::{FromRequestParts, Path, Query, Request, State};
use axum::http::request::Parts;
use axum::http::{header, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};

use crate::model::{now, Actor, Sender, Status, ACCOUNT_ID, INCOMING, OUTGOING};
use crate::shared::Shared;
use crate::views;
use crate::world::Error;

/// Marks a response whose connection must be closed instead of answered
/// (`lose_next_reply_response`); the connection layer honours it.
#[derive(Clone, Copy)]
pub struct DropConnection;

/// `ConversationFinder`'s page size (app/finders/conversation_finder.rb:
/// `CONVERSATION_RESULTS_PER_PAGE`, default 25).
pub const CONVERSATIONS_PER_PAGE: usize = 25;

pub fn router(shared: Arc<Shared>) -> Router {
    let account = Router::new()
        .route("/conversations", get(list_conversations))
        .route("/conversations/{id}", get(show_conversation))
        .route("/conversations/{id}/toggle_status", post(toggle_status))
        .route("/conversations/{id}/assignments", post(assign))
        .route("/conversations/{id}/mute", post(mute))
        .route("/conversations/{id}/unmute", post(unmute))
        .route(
            "/conversations/{id}/messages",
            get(list_messages).post(create_message),
        )
        .route("/contacts/{id}", get(show_contact))
        .route("/contacts/{id}/conversations", get(contact_conversations));
    Router::new()
        .route("/api/v1/profile", get(profile))
        .nest("/api/v1/accounts/{account_id}", account)
        .route("/cable", get(crate::cable::upgrade))
        .merge(crate::control::router())
        .layer(middleware::from_fn_with_state(shared.clone(), throttle))
        .with_state(shared)
}

/// Counts API requests and answers 429 while a rate limit is armed, with
/// Rack::Attack's default throttled response (config/initializers/rack_attack.rb
/// sets no responder of its own): `429`, `text/plain`, `Retry later\n`, no
/// Retry-After header.
async fn throttle(State(shared): State<Arc<Shared>>, req: Request, next: Next) -> Response {
    if req.uri().path().starts_with("/api/") {
        shared.requests.fetch_add(1, Ordering::SeqCst);
        let armed = shared
            .rate_limited
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
            .is_ok();
        if armed {
            return (
                StatusCode::TOO_MANY_REQUESTS,
                [(header::CONTENT_TYPE, "text/plain")],
                "Retry later\n",
            )
                .into_response();
        }
    }
    next.run(req).await
}

/// A refusal, rendered as Chatwoot renders errors: `{"error": message}`
/// (app/controllers/concerns/request_exception_handler.rb).
enum Refusal {
    Unauthorized(&'static str),
    /// RecordNotFound → render_not_found_error
    NotFound,
    /// render_could_not_create_error / invalid enum values
    Unprocessable(String),
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        let (status, message) = match self {
            Refusal::Unauthorized(m) => (StatusCode::UNAUTHORIZED, m.to_owned()),
            Refusal::NotFound => (
                StatusCode::NOT_FOUND,
                "Resource could not be found".to_owned(),
            ),
            Refusal::Unprocessable(m) => (StatusCode::UNPROCESSABLE_ENTITY, m),
        };
        (status, Json(json!({ "error": message }))).into_response()
    }
}

impl From<Error> for Refusal {
    fn from(e: Error) -> Refusal {
        match e {
            Error::NotFound => Refusal::NotFound,
        }
    }
}

type Answer = Result<Response, Refusal>;

/// The caller, from the `api_access_token` header
/// (app/controllers/concerns/access_token_auth_helper.rb): a user's token
/// or the agent bot's; anything else is `401 {"error":"Invalid Access Token"}`.
struct Caller(Actor);

impl FromRequestParts<Arc<Shared>> for Caller {
    type Rejection = Refusal;

    async fn from_request_parts(
        parts: &mut Parts,
        shared: &Arc<Shared>,
    ) -> Result<Self, Self::Rejection> {
        let token = parts
            .headers
            .get("api_access_token")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        let world = shared.world.lock().expect("world lock");
        if token.is_empty() {
            return Err(Refusal::Unauthorized("Invalid Access Token"));
        }
        if let Some(user) = world.user_by_token(token) {
            return Ok(Caller(Actor::User(user.id)));
        }
        if world.bot.access_token == token {
            return Ok(Caller(Actor::Bot));
        }
        Err(Refusal::Unauthorized("Invalid Access Token"))
    }
}

/// A user (not a bot) calling an account route. Bots may only call
/// `toggle_status`, message `create` and assignments
/// (access_token_auth_helper.rb: BOT_ACCESSIBLE_ENDPOINTS); the account must
/// exist (app/controllers/concerns/ensure_current_account_helper.rb).
fn agent_only(caller: &Caller) -> Result<u64, Refusal> {
    match caller.0 {
        Actor::User(id) => Ok(id),
        Actor::Bot => Err(Refusal::Unauthorized(
            "Access to this endpoint is not authorized for bots",
        )),
    }
}

fn check_account(account_id: u64) -> Result<(), Refusal> {
    if account_id == ACCOUNT_ID {
        Ok(())
    } else {
        Err(Refusal::NotFound)
    }
}

/// `GET /api/v1/profile` (app/controllers/api/v1/profiles_controller.rb#show).
async fn profile(State(shared): State<Arc<Shared>>, caller: Caller) -> Answer {
    let id = agent_only(&caller)?;
    let world = shared.world.lock().expect("world lock");
    let user = world.user(id).expect("a caller is a known user");
    Ok(Json(views::profile_view(user)).into_response())
}

#[derive(Deserialize)]
struct ListParams {
    status: Option<String>,
    page: Option<String>,
    assignee_type: Option<String>,
    updated_within: Option<String>,
}

/// `GET …/conversations` (app/finders/conversation_finder.rb): status
/// filter (default `open`, `all` for every status), counts taken before the
/// assignee filter, newest activity first (`last_activity_at_desc`), pages
/// of 25 (CONVERSATION_RESULTS_PER_PAGE) — except with `updated_within`
/// (seconds), which returns every conversation updated in that window,
/// unpaged.
async fn list_conversations(
    State(shared): State<Arc<Shared>>,
    caller: Caller,
    Path(account_id): Path<u64>,
    Query(params): Query<ListParams>,
) -> Answer {
    let me = agent_only(&caller)?;
    check_account(account_id)?;
    let world = shared.world.lock().expect("world lock");
    let status = params.status.as_deref().unwrap_or("open");
    let mut found: Vec<_> = world
        .conversations
        .iter()
        .filter(|c| status == "all" || c.status.as_str() == status)
        .collect();
    let mine_count = found.iter().filter(|c| c.assignee_id == Some(me)).count();
    let unassigned_count = found.iter().filter(|c| c.assignee_id.is_none()).count();
    let all_count = found.len();
    match params.assignee_type.as_deref() {
        Some("me") => found.retain(|c| c.assignee_id == Some(me)),
        Some("unassigned") => found.retain(|c| c.assignee_id.is_none()),
        Some("assigned") => found.retain(|c| c.assignee_id.is_some()),
        _ => {}
    }
    // Conversation.latest: last_activity_at desc (ties by id for a stable order).
    found.sort_by(|a, b| {
        b.last_activity_at
            .total_cmp(&a.last_activity_at)
            .then(b.display_id.cmp(&a.display_id))
    });
    // ConversationFinder#conversations: `updated_within` (seconds) replaces
    // paging with a window on `updated_at`; the counts above were taken
    // before it, so they still cover the whole status.
    let window = params.updated_within.as_deref().filter(|w| !w.is_empty());
    let page: Vec<_> = if let Some(window) = window {
        let since = now() - window.parse::<f64>().unwrap_or(0.0);
        found.into_iter().filter(|c| c.updated_at > since).collect()
    } else {
        let n = params
            .page
            .as_deref()
            .and_then(|p| p.parse::<usize>().ok())
            .unwrap_or(1)
            .max(1);
        found
            .into_iter()
            .skip((n - 1) * CONVERSATIONS_PER_PAGE)
            .take(CONVERSATIONS_PER_PAGE)
            .collect()
    };
    // app/views/api/v1/accounts/conversations/index.json.jbuilder
    Ok(Json(json!({
        "data": {
            "meta": {
                "mine_count": mine_count,
                "assigned_count": all_count - unassigned_count,
                "unassigned_count": unassigned_count,
                "all_count": all_count,
            },
            "payload": page.iter().map(|c| views::conversation_view(&world, c)).collect::<Vec<_>>(),
        }
    }))
    .into_response())
}

/// `GET …/conversations/{display_id}` (conversations_controller.rb#show:
/// `find_by!(display_id:)`).
async fn show_conversation(
    State(shared): State<Arc<Shared>>,
    caller: Caller,
    Path((account_id, id)): Path<(u64, u64)>,
) -> Answer {
    agent_only(&caller)?;
    check_account(account_id)?;
    let world = shared.world.lock().expect("world lock");
    let c = world.conversation(id).ok_or(Refusal::NotFound)?;
    Ok(Json(views::conversation_view(&world, c)).into_response())
}

#[derive(Deserialize, Default)]
struct ToggleBody {
    status: Option<String>,
    /// Seconds since the epoch (the dashboard sends `getUnixTime`), parsed
    /// by `parse_date_time`; a string of digits is read the same way.
    snoozed_until: Option<Value>,
}

/// `POST …/toggle_status` (conversations_controller.rb#toggle_status): with
/// `status`, sets it; without, toggles; a bot moving `pending` → `open` is
/// Chatwoot's bot handoff; a human opening takes the conversation.
async fn toggle_status(
    State(shared): State<Arc<Shared>>,
    caller: Caller,
    Path((account_id, id)): Path<(u64, u64)>,
    body: Option<Json<ToggleBody>>,
) -> Answer {
    check_account(account_id)?;
    let body = body.map(|Json(b)| b).unwrap_or_default();
    let requested = match body.status.as_deref().filter(|s| !s.is_empty()) {
        None => None,
        Some(s) => match Status::parse(s) {
            Some(status) => Some(status),
            // ArgumentError from the enum → unprocessable entity
            None => {
                return Err(Refusal::Unprocessable(format!(
                    "'{s}' is not a valid status"
                )))
            }
        },
    };
    let before = {
        let world = shared.world.lock().expect("world lock");
        world.conversation(id).ok_or(Refusal::NotFound)?.status
    };
    let snoozed_until = body.snoozed_until.as_ref().and_then(|v| match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.parse().ok(),
        _ => None,
    });
    shared.change(|w| w.toggle_status(id, requested, snoozed_until, caller.0, now()))?;
    let world = shared.world.lock().expect("world lock");
    let conversation = world.conversation(id).expect("exists");
    let mut view =
        views::toggle_status_view(id, conversation.status, conversation.snoozed_until, true);
    // The bot-handoff branch never sets @status, so `success` is null.
    if caller.0 == Actor::Bot && before == Status::Pending && requested == Some(Status::Open) {
        view["payload"]["success"] = Value::Null;
    }
    Ok(Json(view).into_response())
}

#[derive(Deserialize)]
struct AssignBody {
    assignee_id: Option<Value>,
}

/// `POST …/assignments {assignee_id}` (assignments_controller.rb): answers
/// the agent (_agent.json.jbuilder), or `null` when unassigned.
async fn assign(
    State(shared): State<Arc<Shared>>,
    caller: Caller,
    Path((account_id, id)): Path<(u64, u64)>,
    Json(body): Json<AssignBody>,
) -> Answer {
    check_account(account_id)?;
    let assignee = body.assignee_id.as_ref().and_then(|v| match v {
        Value::Number(n) => n.as_u64(),
        Value::String(s) => s.parse().ok(),
        _ => None,
    });
    shared.change(|w| w.assign(id, assignee, caller.0, now()))?;
    let world = shared.world.lock().expect("world lock");
    Ok(
        match world
            .conversation(id)
            .and_then(|c| c.assignee_id)
            .and_then(|a| world.user(a))
        {
            Some(user) => Json(views::agent_view(user)).into_response(),
            None => Json(Value::Null).into_response(),
        },
    )
}

async fn mute(
    State(shared): State<Arc<Shared>>,
    caller: Caller,
    Path((account_id, id)): Path<(u64, u64)>,
) -> Answer {
    set_muted(&shared, &caller, account_id, id, true)
}

async fn unmute(
    State(shared): State<Arc<Shared>>,
    caller: Caller,
    Path((account_id, id)): Path<(u64, u64)>,
) -> Answer {
    set_muted(&shared, &caller, account_id, id, false)
}

/// conversations_controller.rb#mute/#unmute: `head :ok`, an empty body.
fn set_muted(shared: &Shared, caller: &Caller, account_id: u64, id: u64, muted: bool) -> Answer {
    agent_only(caller)?;
    check_account(account_id)?;
    shared.change(|w| w.set_muted(id, muted, caller.0, now()))?;
    Ok(StatusCode::OK.into_response())
}

/// `GET …/messages` (app/finders/message_finder.rb): the latest 20; `before`
/// → the 20 before that id; `after` → up to 100 after it; both → up to 1000
/// between; oldest first. Wrapped as messages/index.json.jbuilder does.
async fn list_messages(
    State(shared): State<Arc<Shared>>,
    caller: Caller,
    Path((account_id, id)): Path<(u64, u64)>,
    Query(params): Query<HashMap<String, String>>,
) -> Answer {
    agent_only(&caller)?;
    check_account(account_id)?;
    let world = shared.world.lock().expect("world lock");
    let conv = world.conversation(id).ok_or(Refusal::NotFound)?;
    let int = |k: &str| {
        params
            .get(k)
            .filter(|v| !v.is_empty())
            .map(|v| v.parse::<u64>().unwrap_or(0))
    };
    let mut all: Vec<_> = world.messages_of(id).collect();
    all.sort_by(|a, b| a.created_at.total_cmp(&b.created_at).then(a.id.cmp(&b.id)));
    let chosen: Vec<_> = match (int("after"), int("before")) {
        (Some(after), Some(before)) => all
            .into_iter()
            .filter(|m| m.id >= after && m.id < before)
            .take(1000)
            .collect(),
        (None, Some(before)) => last_n(all.into_iter().filter(|m| m.id < before).collect(), 20),
        (Some(after), None) => all.into_iter().filter(|m| m.id > after).take(100).collect(),
        (None, None) => last_n(all, 20),
    };
    let meta = views::messages_meta(&world, conv);
    Ok(Json(json!({
        "meta": meta,
        "payload": chosen.iter().map(|m| views::message_view(&world, m)).collect::<Vec<_>>(),
    }))
    .into_response())
}

fn last_n<T>(mut v: Vec<T>, n: usize) -> Vec<T> {
    let start = v.len().saturating_sub(n);
    v.split_off(start)
}

#[derive(Deserialize)]
struct CreateMessage {
    content: Option<String>,
    message_type: Option<Value>,
    private: Option<bool>,
    echo_id: Option<String>,
}

/// `POST …/messages` (messages_controller.rb#create →
/// app/builders/messages/message_builder.rb): `message_type` defaults to
/// outgoing; `private: true` is a note; `echo_id` is kept and echoed.
/// Answers the message (create.json.jbuilder → _message.json.jbuilder).
async fn create_message(
    State(shared): State<Arc<Shared>>,
    caller: Caller,
    Path((account_id, id)): Path<(u64, u64)>,
    Json(body): Json<CreateMessage>,
) -> Answer {
    check_account(account_id)?;
    let message_type = match body.message_type.as_ref() {
        None | Some(Value::Null) => OUTGOING,
        Some(Value::String(s)) if s == "outgoing" || s == "1" => OUTGOING,
        Some(Value::String(s)) if s == "incoming" || s == "0" => INCOMING,
        Some(Value::Number(n)) if n.as_u64() == Some(1) => OUTGOING,
        Some(Value::Number(n)) if n.as_u64() == Some(0) => INCOMING,
        Some(other) => {
            // render_could_not_create_error
            return Err(Refusal::Unprocessable(format!(
                "'{other}' is not a valid message_type"
            )));
        }
    };
    let sender = match caller.0 {
        Actor::User(uid) => Sender::User(uid),
        Actor::Bot => Sender::Bot,
    };
    let private = body.private.unwrap_or(false);
    let content = body.content.unwrap_or_default();
    let mut created = None;
    let result = shared.change(|w| {
        let (mid, events) = w.add_message_full(
            id,
            &content,
            message_type,
            private,
            sender,
            body.echo_id,
            now(),
        )?;
        created = Some(mid);
        Ok(events)
    });
    result?;
    let world = shared.world.lock().expect("world lock");
    let message = world
        .messages
        .iter()
        .find(|m| Some(m.id) == created)
        .expect("just stored");
    let mut response = Json(views::message_view(&world, message)).into_response();
    if shared.lose_next_reply.swap(false, Ordering::SeqCst) {
        response.extensions_mut().insert(DropConnection);
    }
    Ok(response)
}

/// `GET …/contacts/{id}` (app/controllers/api/v1/accounts/contacts_controller.rb#show,
/// contacts/show.json.jbuilder): `{"payload": contact}`.
async fn show_contact(
    State(shared): State<Arc<Shared>>,
    caller: Caller,
    Path((account_id, id)): Path<(u64, u64)>,
) -> Answer {
    agent_only(&caller)?;
    check_account(account_id)?;
    let world = shared.world.lock().expect("world lock");
    let c = world.contact(id).ok_or(Refusal::NotFound)?;
    Ok(Json(json!({ "payload": views::contact_view(c) })).into_response())
}

/// `GET …/contacts/{id}/conversations`
/// (app/controllers/api/v1/accounts/contacts/conversations_controller.rb):
/// the contact's conversations, newest first, at most 20.
async fn contact_conversations(
    State(shared): State<Arc<Shared>>,
    caller: Caller,
    Path((account_id, id)): Path<(u64, u64)>,
) -> Answer {
    agent_only(&caller)?;
    check_account(account_id)?;
    let world = shared.world.lock().expect("world lock");
    world.contact(id).ok_or(Refusal::NotFound)?;
    let mut found: Vec<_> = world
        .conversations
        .iter()
        .filter(|c| c.contact_id == id)
        .collect();
    // `.order(id: :desc).limit(20)`: newest created first.
    found.sort_by_key(|c| std::cmp::Reverse(c.display_id));
    found.truncate(20);
    Ok(Json(json!({
        "payload": found.iter().map(|c| views::conversation_view(&world, c)).collect::<Vec<_>>(),
    }))
    .into_response())
}
