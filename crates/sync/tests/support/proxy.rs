//! A TCP proxy between the client and the real backend that misbehaves on
//! command: drops every connection, stalls them (bytes held, sockets open),
//! truncates responses after a byte budget, or answers the next request
//! for a path itself with a scripted response (an SSE body with duplicates,
//! reordering or garbage; a catch-up page that lies).

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tokio_util::sync::CancellationToken;

/// A response the proxy gives itself to the next request for a path.
struct Script {
    /// `GET /path…` or `POST /path…`: how the request starts.
    request_prefix: String,
    /// Bytes sent back, as they are.
    response: Vec<u8>,
    /// Keep the connection open after the response, sending nothing more.
    stall_after: bool,
}

struct State {
    upstream: SocketAddr,
    /// Cancelled by `drop_all`, then replaced for the connections to come.
    generation: CancellationToken,
    /// Bytes a new connection may carry back to the client before it is cut.
    truncate_after: Option<usize>,
    /// When set, each new connection is cut after a random budget in this range.
    chaos: Option<(StdRng, std::ops::Range<usize>)>,
    /// Answers, each given once, in order.
    scripted: Vec<Script>,
    connections: u64,
    /// Requests seen (a chunk from the client that starts a request line).
    requests: u64,
}

pub struct FaultProxy {
    addr: SocketAddr,
    state: Arc<Mutex<State>>,
    stall: watch::Sender<bool>,
    stop: CancellationToken,
}

impl FaultProxy {
    pub async fn start(upstream: SocketAddr) -> FaultProxy {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind the proxy");
        let addr = listener.local_addr().expect("proxy address");
        let state = Arc::new(Mutex::new(State {
            upstream,
            generation: CancellationToken::new(),
            truncate_after: None,
            chaos: None,
            scripted: Vec::new(),
            connections: 0,
            requests: 0,
        }));
        let (stall, stall_rx) = watch::channel(false);
        let stop = CancellationToken::new();
        let accept_state = state.clone();
        let accept_stop = stop.clone();
        tokio::spawn(async move {
            loop {
                let (client, _) = tokio::select! {
                    _ = accept_stop.cancelled() => return,
                    accepted = listener.accept() => match accepted {
                        Ok(accepted) => accepted,
                        Err(_) => continue,
                    },
                };
                let (upstream, generation, budget, script) = {
                    let mut state = accept_state.lock().unwrap();
                    state.connections += 1;
                    let budget = match &mut state.chaos {
                        Some((rng, range)) => Some(rng.gen_range(range.clone())),
                        None => state.truncate_after,
                    };
                    (
                        state.upstream,
                        state.generation.clone(),
                        budget,
                        accept_state.clone(),
                    )
                };
                let stall = stall_rx.clone();
                let stop = accept_stop.clone();
                tokio::spawn(async move {
                    tokio::select! {
                        _ = generation.cancelled() => {}
                        _ = stop.cancelled() => {}
                        _ = relay(client, upstream, budget, stall, script) => {}
                    }
                });
            }
        });
        FaultProxy {
            addr,
            state,
            stall,
            stop,
        }
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Closes every open connection at once (as a network change would).
    pub fn drop_all(&self) {
        let mut state = self.state.lock().unwrap();
        state.generation.cancel();
        state.generation = CancellationToken::new();
    }

    /// Holds every byte in both directions while `true`, sockets left open:
    /// only a timeout can tell the client that nothing will come.
    pub fn set_stalled(&self, stalled: bool) {
        self.stall.send_replace(stalled);
    }

    /// Cuts each new connection after `bytes` of response (None: never).
    pub fn truncate_after(&self, bytes: Option<usize>) {
        self.state.lock().unwrap().truncate_after = bytes;
    }

    /// Cuts each new connection after a random number of response bytes
    /// drawn from `range` (None: stop doing so).
    pub fn chaos(&self, seed: u64, range: Option<std::ops::Range<usize>>) {
        self.state.lock().unwrap().chaos = range.map(|r| (StdRng::seed_from_u64(seed), r));
    }

    /// The next request for the live stream is answered by the proxy with
    /// this SSE body, and the connection closed after it.
    pub fn script_next_stream(&self, sse_body: String) {
        let head = "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ncache-control: no-cache\r\nconnection: close\r\n\r\n";
        self.script(
            "GET /v1/sync/stream",
            format!("{head}{sse_body}").into_bytes(),
            false,
        );
    }

    /// The next GET whose path starts with `path_prefix` gets this JSON
    /// body with a 200, and the connection is closed after it.
    pub fn script_next_json(&self, path_prefix: &str, json: String) {
        let response = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{json}",
            json.len()
        );
        self.script(&format!("GET {path_prefix}"), response.into_bytes(), false);
    }

    /// The next request starting with `request_prefix` (`"GET /v1/…"`) gets
    /// these bytes (say, the headers of an error with a long body) and then
    /// nothing, its connection held open: a server that stalls mid-answer.
    pub fn script_next_then_stall(&self, request_prefix: &str, partial_response: &str) {
        self.script(request_prefix, partial_response.as_bytes().to_vec(), true);
    }

    fn script(&self, request_prefix: &str, response: Vec<u8>, stall_after: bool) {
        self.state.lock().unwrap().scripted.push(Script {
            request_prefix: request_prefix.to_owned(),
            response,
            stall_after,
        });
    }

    pub fn scripts_left(&self) -> usize {
        self.state.lock().unwrap().scripted.len()
    }

    pub fn requests(&self) -> u64 {
        self.state.lock().unwrap().requests
    }

    pub fn connections(&self) -> u64 {
        self.state.lock().unwrap().connections
    }
}

impl Drop for FaultProxy {
    fn drop(&mut self) {
        self.stop.cancel();
        self.state.lock().unwrap().generation.cancel();
    }
}

async fn relay(
    client: TcpStream,
    upstream: SocketAddr,
    budget: Option<usize>,
    stall: watch::Receiver<bool>,
    state: Arc<Mutex<State>>,
) {
    let Ok(server) = TcpStream::connect(upstream).await else {
        return; // backend down: the client sees its connection closed
    };
    let _ = client.set_nodelay(true);
    let _ = server.set_nodelay(true);
    let (mut client_read, mut client_write) = client.into_split();
    let (mut server_read, mut server_write) = server.into_split();
    let mut stall_up = stall.clone();
    let mut stall_down = stall;

    let upward = async {
        let mut buf = vec![0u8; 16 * 1024];
        loop {
            let n = match client_read.read(&mut buf).await {
                Ok(0) | Err(_) => return None,
                Ok(n) => n,
            };
            wait_unstalled(&mut stall_up).await;
            if [&b"GET /"[..], b"POST /", b"PUT /"]
                .iter()
                .any(|m| buf[..n].starts_with(m))
            {
                state.lock().unwrap().requests += 1;
            }
            let script = {
                let mut state = state.lock().unwrap();
                let found = state
                    .scripted
                    .iter()
                    .position(|script| buf[..n].starts_with(script.request_prefix.as_bytes()));
                found.map(|i| state.scripted.remove(i))
            };
            if script.is_some() {
                return script;
            }
            if server_write.write_all(&buf[..n]).await.is_err() {
                return None;
            }
        }
    };
    let downward = async {
        let mut buf = vec![0u8; 16 * 1024];
        let mut left = budget.unwrap_or(usize::MAX);
        loop {
            let n = match server_read.read(&mut buf).await {
                Ok(0) | Err(_) => return,
                Ok(n) => n,
            };
            wait_unstalled(&mut stall_down).await;
            let n = n.min(left);
            if client_write.write_all(&buf[..n]).await.is_err() {
                return;
            }
            left -= n;
            if left == 0 {
                return; // truncated: the connection closes mid-response
            }
        }
    };
    // Whichever direction ends first ends the connection; a scripted
    // stream answer takes the client socket over.
    let script = tokio::select! {
        script = upward => script,
        _ = downward => None,
    };
    if let Some(script) = script {
        let mut client = client_read
            .reunite(client_write)
            .expect("halves of one socket");
        let _ = client.write_all(&script.response).await;
        let _ = client.flush().await;
        if script.stall_after {
            // Until the proxy drops its connections: only a client-side
            // time limit ends this.
            std::future::pending::<()>().await;
        }
        let _ = client.shutdown().await;
    }
}

async fn wait_unstalled(stall: &mut watch::Receiver<bool>) {
    let _ = stall.wait_for(|stalled| !*stalled).await;
}
