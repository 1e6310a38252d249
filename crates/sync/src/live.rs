//! The live stream reader: SSE framing over the response body, decoding,
//! the seq sanity check and the silence timeout. It runs as its own task so
//! that parsing overlaps with the writer's SQLite transactions; it never
//! touches the store.

use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use eventsource_stream::{EventStreamError, Eventsource};
use futures::StreamExt;
use switchboard_protocol::{Event, Seq};
use tokio::sync::mpsc;
use tokio::time::Instant;

use crate::decode::{decode_event, BadEvent};
use crate::error::SyncError;

/// What a live connection hands to the writer.
// Events are nearly every item: boxing them would cost an allocation each
// to shrink the rare variants.
#[allow(clippy::large_enum_variant)]
#[derive(Debug)]
pub enum StreamItem {
    Event(Event),
    /// Logged by the reader already; the writer resyncs through catch-up.
    Bad(BadEvent),
    /// The connection is over (closed, broken or silent); always the last item.
    Ended(SyncError),
}

/// What a live connection may do before it is given up.
#[derive(Debug, Clone, Copy)]
pub struct StreamLimits {
    /// No byte at all for this long: the connection is dead.
    pub silence_timeout: Duration,
    /// An event (or what claims to be one) larger than this is refused.
    pub max_event_bytes: usize,
}

/// Why the body of the live stream stopped short of the SSE parser.
#[derive(Debug, thiserror::Error)]
enum BodyError {
    #[error("{0}")]
    Transport(reqwest::Error),
    #[error("an event on the live stream is over {0} bytes")]
    EventTooLarge(usize),
}

/// Reads `response` until it ends, sending every item to `items`. Returns
/// when the connection ends or the writer stops listening.
pub(crate) async fn read_stream(
    response: reqwest::Response,
    after: Seq,
    limits: StreamLimits,
    items: mpsc::Sender<StreamItem>,
) {
    let StreamLimits {
        silence_timeout,
        max_event_bytes,
    } = limits;
    let started = Instant::now();
    // Milliseconds since `started` at which the last byte arrived. The SSE
    // parser swallows heartbeat comments, so liveness is judged on the raw
    // bytes, before parsing: a heartbeat is life, even if it is no event.
    let last_byte_ms = Arc::new(AtomicU64::new(0));
    let bytes_seen = last_byte_ms.clone();
    // Bytes received since the parser last completed an event: the parser
    // buffers an event until its blank line, so a stream that never sends
    // one would grow that buffer without end. Reset below at every event;
    // off by at most one network read.
    let unparsed = Arc::new(AtomicUsize::new(0));
    let counted = unparsed.clone();
    let mut events = response
        .bytes_stream()
        .map(move |chunk| {
            let chunk = chunk.map_err(BodyError::Transport)?;
            bytes_seen.store(started.elapsed().as_millis() as u64, Ordering::Relaxed);
            let pending = counted.fetch_add(chunk.len(), Ordering::Relaxed) + chunk.len();
            if pending > max_event_bytes {
                return Err(BodyError::EventTooLarge(max_event_bytes));
            }
            Ok(chunk)
        })
        .eventsource();
    let mut last_seq = after;
    let end = loop {
        let silent_until =
            started + Duration::from_millis(last_byte_ms.load(Ordering::Relaxed)) + silence_timeout;
        let next = tokio::select! {
            next = events.next() => next,
            _ = tokio::time::sleep_until(silent_until) => {
                if started + Duration::from_millis(last_byte_ms.load(Ordering::Relaxed))
                    + silence_timeout > Instant::now()
                {
                    continue; // bytes arrived meanwhile (a heartbeat)
                }
                tracing::info!(?silence_timeout, "event stream silent, reconnecting");
                break SyncError::Transient(format!(
                    "no event or heartbeat for {} ms", silence_timeout.as_millis()
                ));
            }
        };
        let sse = match next {
            None => break SyncError::Transient("the server closed the event stream".into()),
            Some(Err(EventStreamError::Transport(too_large @ BodyError::EventTooLarge(_)))) => {
                tracing::warn!(error = %too_large, "live stream abandoned; catching up instead");
                break SyncError::Protocol(too_large.to_string());
            }
            Some(Err(err)) => {
                break SyncError::Transient(format!("event stream broken: {err}"));
            }
            Some(Ok(sse)) => {
                unparsed.store(0, Ordering::Relaxed);
                sse
            }
        };
        let item = match check_event(&sse, last_seq) {
            Checked::Event(event) => {
                last_seq = event.seq;
                StreamItem::Event(event)
            }
            Checked::Stale(seq) => {
                tracing::warn!(
                    seq,
                    last_seq,
                    "event seq did not increase (duplicate or out of order); skipped"
                );
                continue;
            }
            Checked::Bad(bad) => {
                tracing::warn!(error = %bad, "bad event on the live stream; resyncing through catch-up");
                StreamItem::Bad(bad)
            }
        };
        if items.send(item).await.is_err() {
            return; // the writer hung up: this connection is no longer wanted
        }
    };
    let _ = items.send(StreamItem::Ended(end)).await;
}

#[allow(clippy::large_enum_variant)] // as StreamItem
enum Checked {
    Event(Event),
    Stale(Seq),
    Bad(BadEvent),
}

fn check_event(sse: &eventsource_stream::Event, last_seq: Seq) -> Checked {
    let event = match decode_event(&sse.data) {
        Ok(event) => event,
        Err(bad) => return Checked::Bad(bad),
    };
    // The `id:` field must name the same position as the payload, or one
    // of them lies and resuming from it could skip events.
    if !sse.id.is_empty() && sse.id.trim().parse::<Seq>().ok() != Some(event.seq) {
        return Checked::Bad(BadEvent::Malformed {
            seq: Some(event.seq),
            reason: format!(
                "SSE id {:?} does not match the event's seq {}",
                sse.id, event.seq
            ),
        });
    }
    if event.seq <= last_seq {
        return Checked::Stale(event.seq);
    }
    Checked::Event(event)
}
