//! The live stream reader: SSE framing over the response body, decoding,
//! the seq sanity check and the silence timeout. It runs as its own task so
//! that parsing overlaps with the writer's SQLite transactions; it never
//! touches the store.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use eventsource_stream::Eventsource;
use futures::StreamExt;
use switchboard_protocol::{Event, Seq};
use tokio::sync::mpsc;
use tokio::time::Instant;

use crate::decode::{decode_event, BadEvent};
use crate::error::SyncError;

/// What the reader hands to the writer.
// Events are nearly every item: boxing them would cost an allocation each
// to shrink the rare variants.
#[allow(clippy::large_enum_variant)]
#[derive(Debug)]
pub(crate) enum StreamItem {
    Event(Event),
    /// Logged by the reader already; the writer resyncs through catch-up.
    Bad(BadEvent),
    /// The connection is over (closed, broken or silent); always the last item.
    Ended(SyncError),
}

/// Reads `response` until it ends, sending every item to `items`. Returns
/// when the connection ends or the writer stops listening.
pub(crate) async fn read_stream(
    response: reqwest::Response,
    after: Seq,
    silence_timeout: Duration,
    items: mpsc::Sender<StreamItem>,
) {
    let started = Instant::now();
    // Milliseconds since `started` at which the last byte arrived. The SSE
    // parser swallows heartbeat comments, so liveness is judged on the raw
    // bytes, before parsing: a heartbeat is life, even if it is no event.
    let last_byte_ms = Arc::new(AtomicU64::new(0));
    let bytes_seen = last_byte_ms.clone();
    let mut events = response
        .bytes_stream()
        .inspect(move |_| {
            bytes_seen.store(started.elapsed().as_millis() as u64, Ordering::Relaxed);
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
            Some(Err(err)) => {
                break SyncError::Transient(format!("event stream broken: {err}"));
            }
            Some(Ok(sse)) => sse,
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
