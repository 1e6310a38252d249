//! Settings of the engine. Defaults suit a real deployment; tests shrink
//! the timeouts so that faults are noticed in milliseconds.

use std::time::Duration;

/// How to reach the backend and how patient to be with it.
#[derive(Clone)]
pub struct SyncConfig {
    /// `http://host:port`, without a trailing slash.
    pub base_url: String,
    /// Bearer token. Never logged.
    pub token: String,
    /// No byte (event or heartbeat comment) on the live stream for this
    /// long means the connection is dead even if TCP has not noticed.
    pub silence_timeout: Duration,
    /// Connecting to the server.
    pub connect_timeout: Duration,
    /// A whole ordinary request, body included; for the stream, its
    /// headers (and the body of an error instead of the stream).
    pub request_timeout: Duration,
    /// The largest answer read whole (a bootstrap, catch-up or history
    /// page); a larger one is refused as a protocol error.
    pub max_body_bytes: usize,
    /// First pause after a failure; doubles (with jitter) up to `max_backoff`.
    pub min_backoff: Duration,
    pub max_backoff: Duration,
    /// Bootstrap page size (conversations per page).
    pub bootstrap_page_limit: u32,
    /// Catch-up page size (events per request).
    pub catch_up_limit: u32,
    /// Most events the writer applies in one transaction.
    pub max_batch: usize,
    /// Events buffered between the stream reader and the writer.
    pub stream_buffer: usize,
    /// The largest event accepted on the live stream. A bigger one (or a
    /// stream that never ends its event) is refused before it can fill
    /// memory; the events after the cursor are then fetched by catch-up.
    pub max_event_bytes: usize,
    /// Download the whole history in the background once live (for search
    /// and the review); off, history comes on demand only.
    pub download_history: bool,
    /// Messages per page of that download. Each page is one store
    /// transaction that live events wait behind: small enough to keep their
    /// latency, large enough to make few requests.
    pub history_page_limit: u32,
}

impl SyncConfig {
    /// Production defaults: 45 s of silence, backoff from 500 ms to 30 s.
    pub fn new(base_url: impl Into<String>, token: impl Into<String>) -> Self {
        let base_url: String = base_url.into();
        SyncConfig {
            base_url: base_url.trim_end_matches('/').to_owned(),
            token: token.into(),
            silence_timeout: Duration::from_secs(45),
            connect_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(30),
            // Far above a real page (the reference server bounds its
            // bootstrap pages at 4 MiB), far below what hurts a desktop.
            max_body_bytes: 64 * 1024 * 1024,
            min_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(30),
            bootstrap_page_limit: 500,
            catch_up_limit: 1000,
            max_batch: 500,
            stream_buffer: 4096,
            // Far above any real event (a message is a few KiB).
            max_event_bytes: 16 * 1024 * 1024,
            download_history: true,
            history_page_limit: 500,
        }
    }
}

/// By hand, so that the token never reaches a log line.
impl std::fmt::Debug for SyncConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SyncConfig")
            .field("base_url", &self.base_url)
            .field("token", &"<redacted>")
            .field("silence_timeout", &self.silence_timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("request_timeout", &self.request_timeout)
            .field("max_body_bytes", &self.max_body_bytes)
            .field("min_backoff", &self.min_backoff)
            .field("max_backoff", &self.max_backoff)
            .field("bootstrap_page_limit", &self.bootstrap_page_limit)
            .field("catch_up_limit", &self.catch_up_limit)
            .field("max_batch", &self.max_batch)
            .field("stream_buffer", &self.stream_buffer)
            .field("max_event_bytes", &self.max_event_bytes)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_output_never_shows_the_token() {
        let config = SyncConfig::new("http://127.0.0.1:1/", "s3cret-token");
        let printed = format!("{config:?}");
        assert!(
            !printed.contains("s3cret"),
            "the token must never reach logs: {printed}"
        );
        assert_eq!(
            config.base_url, "http://127.0.0.1:1",
            "a trailing slash must not double up in paths"
        );
    }
}
