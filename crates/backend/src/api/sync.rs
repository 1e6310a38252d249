//! The sync endpoints: bootstrap snapshot pages, catch-up and the SSE stream.

use std::collections::BTreeSet;
use std::convert::Infallible;
use std::io;
use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use switchboard_protocol::{error_code, ApiError, BootstrapPage, EventsPage, Seq};
use tokio::sync::{broadcast, mpsc};
use utoipa::IntoParams;

use super::auth::Reader;
use super::error::{ApiFailure, QueryParams};
use super::{page_limit, AppState};
use crate::db::{Committed, Db};
use crate::error::{Error, Result};
use crate::event_log::{self, StoredEvent};
use crate::reads;
use crate::streams::StreamSlot;

/// How many events one database read of the stream or catch-up fetches.
const EVENT_BATCH: u32 = 500;
/// Chunks queued for one SSE client before its feeder waits for it.
const CHUNKS_IN_FLIGHT: usize = 16;

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub(crate) struct BootstrapQuery {
    /// Conversations per page (default 200, at most 1000).
    #[param(value_type = u32, required = false, minimum = 1, maximum = 1000)]
    limit: Option<u32>,
    /// `next_page_token` of the previous page; absent for the first page.
    #[param(value_type = String, required = false, pattern = r"^b1\.[0-9]{1,18}\.[0-9]{1,18}$")]
    page_token: Option<String>,
}

/// Where a bootstrap continues: the snapshot's seq and the last
/// conversation id already sent. Opaque to clients.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct PageToken {
    snapshot_seq: Seq,
    after_id: i64,
}

impl PageToken {
    fn encode(self) -> String {
        format!("b1.{}.{}", self.snapshot_seq, self.after_id)
    }

    /// The inverse of `encode`, for exactly the tokens the OpenAPI
    /// document's pattern allows: `^b1\.[0-9]{1,18}\.[0-9]{1,18}$`.
    fn decode(token: &str) -> Option<PageToken> {
        let number = |part: Option<&str>| {
            part.filter(|p| (1..=18).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()))?
                .parse()
                .ok()
        };
        let mut parts = token.strip_prefix("b1.")?.split('.');
        let snapshot_seq = number(parts.next())?;
        let after_id = number(parts.next())?;
        if parts.next().is_some() {
            return None;
        }
        Some(PageToken {
            snapshot_seq,
            after_id,
        })
    }
}

/// A cursor is a seq: never negative.
fn cursor(after: Option<Seq>) -> Result<Option<Seq>, ApiFailure> {
    match after {
        Some(after) if after < 0 => Err(ApiFailure::bad_request("a cursor is a seq, 0 or more")),
        after => Ok(after),
    }
}

/// One page of the snapshot, keyset-paged by conversation id.
#[utoipa::path(get, path = "/v1/sync/bootstrap", tag = "sync", params(BootstrapQuery),
    responses((status = 200, body = BootstrapPage), (status = 400, body = ApiError), (status = 401, body = ApiError),
              (status = 403, body = ApiError)),
    security(("bearer" = [])))]
pub(crate) async fn bootstrap(
    State(state): State<AppState>,
    _reader: Reader,
    QueryParams(query): QueryParams<BootstrapQuery>,
) -> Result<axum::Json<BootstrapPage>, ApiFailure> {
    let limit = page_limit(&state, query.limit, state.config.default_page_limit)?;
    let token = match &query.page_token {
        Some(raw) => Some(
            PageToken::decode(raw)
                .ok_or_else(|| ApiFailure::bad_request("malformed page_token"))?,
        ),
        None => None,
    };
    let bounds = PageBounds {
        conversations: limit,
        bytes: state.config.bootstrap_page_bytes,
        recent_messages: state.config.recent_messages_per_conversation,
    };
    let page = state
        .blocking(move |db| db.read(|conn| bootstrap_page(conn, token, bounds)))
        .await?;
    Ok(axum::Json(page))
}

/// How much one bootstrap page may carry.
#[derive(Debug, Clone, Copy)]
struct PageBounds {
    /// Conversations at most.
    conversations: u32,
    /// No conversation is added once the page's JSON is this large; the
    /// first one always is, so every page makes progress.
    bytes: usize,
    /// Newest messages per conversation.
    recent_messages: usize,
}

/// The length of `value`'s JSON, without keeping the JSON.
fn json_len(value: &impl serde::Serialize) -> Result<usize> {
    struct Count(usize);
    impl io::Write for Count {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.0 += buf.len();
            Ok(buf.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }
    let mut count = Count(0);
    serde_json::to_writer(&mut count, value)?;
    Ok(count.0)
}

fn bootstrap_page(
    conn: &rusqlite::Connection,
    token: Option<PageToken>,
    bounds: PageBounds,
) -> Result<BootstrapPage> {
    // One read transaction: the page, the counts and (first page) the
    // snapshot seq are all of the same moment.
    conn.execute_batch("BEGIN")?;
    let result = (|| {
        let token = match token {
            Some(token) => token,
            None => PageToken {
                snapshot_seq: event_log::log_state(conn)?.last_seq,
                after_id: 0,
            },
        };
        // Rows are read one conversation at a time, so a page holds at most
        // its byte budget plus one conversation's recent messages in memory.
        let candidates =
            reads::conversations_after(conn, token.after_id, bounds.conversations + 1)?;
        let mut conversations = Vec::new();
        let mut contacts = Vec::new();
        let mut contact_ids = BTreeSet::new();
        let mut messages = Vec::new();
        let mut bytes = 0;
        let mut more = false;
        for conversation in candidates {
            let full = conversations.len() == bounds.conversations as usize
                || (!conversations.is_empty() && bytes >= bounds.bytes);
            if full {
                more = true;
                break;
            }
            let (mut newest, _) = reads::messages_before(
                conn,
                Some(conversation.id),
                None,
                bounds.recent_messages as u32,
            )?;
            newest.reverse();
            bytes += json_len(&conversation)? + json_len(&newest)?;
            if contact_ids.insert(conversation.contact_id) {
                if let Some(contact) = reads::contact(conn, conversation.contact_id)? {
                    bytes += json_len(&contact)?;
                    contacts.push(contact);
                }
            }
            messages.extend(newest);
            conversations.push(conversation);
        }
        contacts.sort_by_key(|c| c.id);
        let next_page_token = match (more, conversations.last()) {
            (true, Some(last)) => Some(
                PageToken {
                    snapshot_seq: token.snapshot_seq,
                    after_id: last.id,
                }
                .encode(),
            ),
            _ => None,
        };
        Ok(BootstrapPage {
            snapshot_seq: token.snapshot_seq,
            conversations,
            contacts,
            messages,
            next_page_token,
            total_conversations: reads::count_conversations(conn)?,
        })
    })();
    conn.execute_batch("COMMIT")?;
    result
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub(crate) struct EventsQuery {
    /// Return events with `seq > after` (default 0).
    #[param(value_type = i64, required = false, minimum = 0)]
    after: Option<Seq>,
    /// At most this many events (default 500, at most 1000).
    #[param(value_type = u32, required = false, minimum = 1, maximum = 1000)]
    limit: Option<u32>,
}

/// Catch-up: events after a cursor.
#[utoipa::path(get, path = "/v1/sync/events", tag = "sync", params(EventsQuery),
    responses((status = 200, body = EventsPage), (status = 400, body = ApiError),
              (status = 401, body = ApiError), (status = 403, body = ApiError), (status = 410, body = ApiError)),
    security(("bearer" = [])))]
pub(crate) async fn events(
    State(state): State<AppState>,
    _reader: Reader,
    QueryParams(query): QueryParams<EventsQuery>,
) -> Result<Response, ApiFailure> {
    let limit = page_limit(&state, query.limit, EVENT_BATCH)?;
    let after = cursor(query.after)?.unwrap_or(0);
    let (events, last_seq) = state
        .blocking(move |db| {
            db.read(|conn| {
                conn.execute_batch("BEGIN")?;
                let result = (|| {
                    let log = event_log::log_state(conn)?;
                    event_log::check_cursor(log, after)?;
                    Ok((event_log::events_after(conn, after, limit)?, log.last_seq))
                })();
                conn.execute_batch("COMMIT")?;
                result
            })
        })
        .await?;
    // The stored bodies are already the events' JSON: splice them in
    // rather than decoding and re-encoding each one.
    let mut body =
        String::with_capacity(events.iter().map(|e| e.body.len() + 1).sum::<usize>() + 40);
    body.push_str("{\"events\":[");
    for (i, event) in events.iter().enumerate() {
        if i > 0 {
            body.push(',');
        }
        body.push_str(&event.body);
    }
    body.push_str(&format!("],\"last_seq\":{last_seq}}}"));
    Ok((
        StatusCode::OK,
        [(
            axum::http::header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        body,
    )
        .into_response())
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub(crate) struct StreamQuery {
    /// Stream events with `seq > after`; the `Last-Event-ID` header wins
    /// over it. Neither: only events committed from now on.
    #[param(value_type = i64, required = false, minimum = 0)]
    after: Option<Seq>,
}

/// Server-Sent Events: every event after the cursor, then live ones.
#[utoipa::path(get, path = "/v1/sync/stream", tag = "sync", params(StreamQuery,
        ("Last-Event-ID" = Option<i64>, Header, minimum = 0, description = "Resume after this seq")),
    responses((status = 200, description = "text/event-stream of events: `id: <seq>`, `event: <type>`, `data: <Event JSON>`"),
              (status = 400, body = ApiError), (status = 401, body = ApiError), (status = 403, body = ApiError),
              (status = 410, body = ApiError), (status = 429, body = ApiError)),
    security(("bearer" = [])))]
pub(crate) async fn stream(
    State(state): State<AppState>,
    Reader(me): Reader,
    headers: HeaderMap,
    QueryParams(query): QueryParams<StreamQuery>,
) -> Result<Response, ApiFailure> {
    let resume = match headers.get("last-event-id") {
        Some(value) => Some(
            value
                .to_str()
                .ok()
                .and_then(|v| v.trim().parse::<Seq>().ok())
                .filter(|seq| *seq >= 0)
                .ok_or_else(|| {
                    ApiFailure::bad_request("Last-Event-ID must be a seq (an integer)")
                })?,
        ),
        None => query.after,
    };
    let resume = cursor(resume)?;
    let slot = state.streams.open(me.id).ok_or_else(|| {
        ApiFailure::new(
            StatusCode::TOO_MANY_REQUESTS,
            error_code::TOO_MANY_STREAMS,
            format!(
                "this token already has {} event streams open; close one first",
                state.config.max_streams_per_token
            ),
        )
    })?;
    // Subscribe before reading the cursor, so no commit falls in between.
    let live = state.db.subscribe();
    let after = state
        .blocking(move |db| {
            db.read(|conn| {
                let log = event_log::log_state(conn)?;
                let after = resume.unwrap_or(log.last_seq);
                event_log::check_cursor(log, after)?;
                Ok(after)
            })
        })
        .await?;
    // Frames are written by hand rather than with axum's `Sse`: every batch
    // of events (a commit, or a page of the log when catching up) goes out
    // as one chunk, which is what lets one server feed many clients.
    let (tx, rx) = mpsc::channel::<Bytes>(CHUNKS_IN_FLIGHT);
    tokio::spawn(pump_events(state.clone(), slot, live, after, tx));
    let chunks = futures::stream::unfold(rx, |mut rx| async move {
        rx.recv()
            .await
            .map(|chunk| (Ok::<_, Infallible>(chunk), rx))
    });
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/event-stream"),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
        ],
        Body::from_stream(chunks),
    )
        .into_response())
}

/// Appends one SSE message: `id`, `event`, and the event's JSON (always one
/// line: JSON encoding escapes newlines) as `data`.
fn push_frame(out: &mut Vec<u8>, event: &StoredEvent) {
    use std::io::Write;
    let _ = write!(out, "id: {}\nevent: {}\ndata: ", event.seq, event.kind);
    out.extend_from_slice(event.body.as_bytes());
    out.extend_from_slice(b"\n\n");
}

/// Feeds one SSE client. Live commits come from the broadcast; whenever the
/// client is behind it (at start, after falling more than the channel holds
/// behind, or for a commit too large to carry) it reads the log from the
/// database at its own pace, so a slow client loses nothing. Ends when the
/// client goes away, on shutdown, when its token stops working (it then
/// reconnects and gets `401`), or when retention deleted events it had not
/// been sent yet (it then reconnects and gets `410`).
async fn pump_events(
    state: AppState,
    slot: StreamSlot,
    mut live: broadcast::Receiver<Arc<Committed>>,
    mut cursor: Seq,
    tx: mpsc::Sender<Bytes>,
) {
    let mut heartbeat = tokio::time::interval(state.config.heartbeat);
    heartbeat.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    heartbeat.tick().await; // the first tick is immediate
    'catch_up: loop {
        while state.db.announced_seq() > cursor {
            if slot.ended.is_cancelled() || state.shutdown.is_cancelled() {
                return;
            }
            let batch = match read_batch(&state, cursor).await {
                Ok(batch) => batch,
                Err(error) => {
                    tracing::warn!(%error, cursor, "stream ends: cannot read the log");
                    return;
                }
            };
            if batch.is_empty() {
                break;
            }
            if !send(&tx, &batch, &mut cursor).await {
                return;
            }
        }
        loop {
            let committed = tokio::select! {
                _ = state.shutdown.cancelled() => return,
                _ = slot.ended.cancelled() => return,
                _ = tx.closed() => return,
                _ = heartbeat.tick() => {
                    if tx.send(Bytes::from_static(b": heartbeat\n\n")).await.is_err() {
                        return;
                    }
                    continue;
                }
                committed = live.recv() => committed,
            };
            let committed = match committed {
                Ok(committed) => committed,
                Err(broadcast::error::RecvError::Lagged(_)) => continue 'catch_up,
                Err(broadcast::error::RecvError::Closed) => return,
            };
            if committed.head <= cursor {
                continue; // already read from the database
            }
            match committed.events.first() {
                Some(first) if first.seq <= cursor + 1 => {}
                _ => continue 'catch_up, // a gap, or a commit announced without its events
            }
            if !send(&tx, &committed.events, &mut cursor).await {
                return;
            }
        }
    }
}

/// Sends the events after `cursor` as one chunk and advances it; false when
/// the client is gone.
async fn send(tx: &mpsc::Sender<Bytes>, events: &[StoredEvent], cursor: &mut Seq) -> bool {
    let mut chunk = Vec::with_capacity(events.iter().map(|e| e.body.len() + 64).sum());
    let from = *cursor;
    for event in events.iter().filter(|e| e.seq > from) {
        push_frame(&mut chunk, event);
        *cursor = event.seq;
    }
    chunk.is_empty() || tx.send(Bytes::from(chunk)).await.is_ok()
}

async fn read_batch(state: &AppState, cursor: Seq) -> Result<Vec<StoredEvent>> {
    state
        .blocking(move |db: &Db| {
            db.read(|conn| {
                let batch = event_log::events_after(conn, cursor, EVENT_BATCH)?;
                match batch.first() {
                    Some(first) if first.seq != cursor + 1 => Err(Error::CursorExpired {
                        after: cursor,
                        oldest: first.seq - 1,
                    }),
                    _ => Ok(batch),
                }
            })
        })
        .await
}
