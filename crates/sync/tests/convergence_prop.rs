//! Property: whatever the order of server events, disconnects, stalls,
//! log compactions, backend restarts and client restarts, once the faults
//! stop the cache equals the server, entity by entity.
//!
//! Each case runs a real backend and a real store, so the case count is
//! modest (the whole property runs in well under a minute on 2 cores).

mod support;

use std::time::Duration;

use proptest::prelude::*;
use support::proxy::FaultProxy;
use support::traffic::Traffic;
use support::{assert_converged, test_config, Backend, Client};

#[derive(Debug, Clone)]
enum Step {
    /// This many random server-side changes.
    Traffic(usize),
    /// Every connection dropped.
    Drop,
    /// Bytes held for a while (longer than the silence timeout sometimes).
    Stall(u64),
    /// Let the client work for a moment.
    Pause(u64),
    /// The app quits and starts again on the same store file.
    RestartClient,
    /// The backend forgets its log: the next reconnect gets 410.
    CompactLog,
    /// The backend process dies and comes back (same database, same port).
    RestartBackend,
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        5 => (1usize..15).prop_map(Step::Traffic),
        2 => Just(Step::Drop),
        1 => (50u64..1200).prop_map(Step::Stall),
        2 => (0u64..60).prop_map(Step::Pause),
        1 => Just(Step::RestartClient),
        1 => Just(Step::CompactLog),
        1 => Just(Step::RestartBackend),
    ]
}

async fn run(seed: u64, steps: Vec<Step>) {
    let mut backend = Backend::start().await;
    let mut random = Traffic::new(seed);
    for _ in 0..5 {
        random.step(backend.control());
    }
    let proxy = FaultProxy::start(backend.addr()).await;
    let config = test_config(&proxy.url(), &backend.token);
    let mut client = Client::new();
    client.start(config.clone());
    for step in steps {
        match step {
            Step::Traffic(n) => {
                for _ in 0..n {
                    random.step(backend.control());
                }
            }
            Step::Drop => proxy.drop_all(),
            Step::Stall(ms) => {
                proxy.set_stalled(true);
                tokio::time::sleep(Duration::from_millis(ms)).await;
                proxy.set_stalled(false);
            }
            Step::Pause(ms) => tokio::time::sleep(Duration::from_millis(ms)).await,
            Step::RestartClient => client.restart(config.clone()).await,
            Step::CompactLog => {
                let last = backend.last_seq();
                backend.control().compact_log_before(last).unwrap();
            }
            Step::RestartBackend => backend.restart().await,
        }
    }
    assert_converged(&client, &backend).await;
    client.stop().await;
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

    #[test]
    fn any_sequence_of_events_and_faults_ends_converged(
        seed in any::<u64>(),
        steps in proptest::collection::vec(step(), 1..16),
    ) {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(run(seed, steps));
    }
}
