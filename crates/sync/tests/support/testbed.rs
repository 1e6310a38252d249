//! The cast of a fault test, built in one line so that each test states
//! only what differs: the real backend with random history, a fault proxy
//! in front of it, and a client whose config goes through the proxy.

use switchboard_protocol::{Event, EventsPage, Seq};
use switchboard_sync::SyncConfig;

use super::proxy::FaultProxy;
use super::traffic::Traffic;
use super::{assert_converged, test_config, wait_for, Backend, Client};

pub struct Testbed {
    pub backend: Backend,
    pub proxy: FaultProxy,
    pub client: Client,
    /// What [`Testbed::start_client`] starts the engine with; a test tunes
    /// it before the start.
    pub config: SyncConfig,
    traffic: Traffic,
}

impl Testbed {
    /// A backend with `steps` random changes drawn from `seed`, the proxy in
    /// front of it, and a client not started yet.
    pub async fn with_history(seed: u64, steps: usize) -> Testbed {
        let backend = Backend::start().await;
        let proxy = FaultProxy::start(backend.addr()).await;
        let config = test_config(&proxy.url(), &backend.token);
        let mut testbed = Testbed {
            backend,
            proxy,
            client: Client::new(),
            config,
            traffic: Traffic::new(seed),
        };
        testbed.traffic(steps);
        testbed
    }

    /// The client talks to the backend itself, for faults of the backend
    /// alone (a refused connection, not one the proxy accepts then closes).
    pub fn direct(mut self) -> Testbed {
        self.config.base_url = self.backend.url();
        self
    }

    /// `steps` more random changes on the server.
    pub fn traffic(&mut self, steps: usize) {
        for _ in 0..steps {
            self.traffic.step(self.backend.control());
        }
    }

    pub fn start_client(&mut self) {
        self.client.start(self.config.clone());
    }

    /// Starts the client and waits until its cache equals the server.
    pub async fn start_synced(&mut self) {
        self.start_client();
        self.assert_converged().await;
    }

    pub async fn assert_converged(&self) {
        assert_converged(&self.client, &self.backend).await;
    }

    /// Stops the synced client, then makes `steps` changes it misses.
    /// Returns its cursor and the events it missed, as the server logged them.
    pub async fn stop_client_and_miss(&mut self, steps: usize) -> (Seq, Vec<Event>) {
        self.client.stop().await;
        let cursor = self.client.applied_seq().expect("the client had synced");
        self.traffic(steps);
        (cursor, self.events_after(cursor).await)
    }

    /// Starts the client again once the proxy holds its scripts, and waits
    /// until every script was served and the cache equals the server. The
    /// changes reported before the start are dropped.
    pub async fn restart_client_on_scripts(&mut self) {
        self.client.take_changes();
        self.start_client();
        wait_for("scripts served", || self.proxy.scripts_left() == 0).await;
        self.assert_converged().await;
    }

    /// Events the server logged after `after`, read through its API.
    pub async fn events_after(&self, after: Seq) -> Vec<Event> {
        let page: EventsPage = reqwest::Client::new()
            .get(format!("{}/v1/sync/events", self.backend.url()))
            .bearer_auth(&self.backend.token)
            .query(&[("after", after), ("limit", 1000)])
            .send()
            .await
            .expect("server reachable")
            .json()
            .await
            .expect("events page decodes");
        page.events
    }
}
