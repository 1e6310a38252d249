//! Taking and releasing a conversation, against the real backend: two
//! users' engines, each with its own cache. A take is sent at once and its
//! refusal ("Ana is handling this") comes back to the caller; every cache
//! learns the assignee from the stream.

mod support;

use support::{test_config, wait_for, Backend, Client};
use switchboard_backend::NewContact;
use switchboard_protocol::{error_code, Role};
use switchboard_store::Store;
use switchboard_sync::SyncError;

/// Who the cache says handles conversation `id`.
fn cached_assignee(store: &Store, id: i64) -> Option<String> {
    store
        .conversation(id)
        .expect("the cache reads")
        .and_then(|detail| detail.conversation.assignee)
        .map(|assignee| assignee.name)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_take_reaches_every_cache_and_a_colleague_is_told_who_handles_it() {
    let mut backend = Backend::start().await;
    let bea_token = backend
        .control()
        .create_token(Role::Agent, "Bea")
        .expect("a token for Bea");
    let conversation = backend
        .control()
        .start_conversation(NewContact::named("Noah"), "web")
        .unwrap();
    let id = conversation.id;
    backend.control().transfer(id, "price negotiation").unwrap();
    let mut ana = Client::new();
    ana.start(test_config(&backend.url(), &backend.token));
    let mut bea = Client::new();
    bea.start(test_config(&backend.url(), &bea_token));
    ana.wait_live().await;
    bea.wait_live().await;

    let taken = ana.handle().take(id, false, "take-1").await.unwrap();
    assert_eq!(
        taken.assignee.map(|a| a.name).as_deref(),
        Some("Ana"),
        "the answer is the conversation's new state"
    );
    wait_for("Bea's cache shows Ana handling it", || {
        cached_assignee(&bea.store, id).as_deref() == Some("Ana")
    })
    .await;

    match bea.handle().take(id, false, "take-2").await {
        Err(SyncError::Rejected {
            status: 409,
            code,
            message,
        }) => {
            assert_eq!(
                code,
                error_code::HANDLED_BY_SOMEONE_ELSE,
                "the caller can tell this refusal from any other and ask its user"
            );
            assert!(message.contains("Ana"), "it names who: {message}");
        }
        other => panic!("taking Ana's conversation must be refused, got {other:?}"),
    }

    let taken_over = bea.handle().take(id, true, "take-3").await.unwrap();
    assert_eq!(taken_over.assignee.map(|a| a.name).as_deref(), Some("Bea"));
    wait_for("Ana's cache shows Bea took it over", || {
        cached_assignee(&ana.store, id).as_deref() == Some("Bea")
    })
    .await;

    let released = ana.handle().release(id, "release-1").await.unwrap();
    assert_eq!(
        released.assignee, None,
        "a manager may release a colleague's conversation"
    );
    wait_for("Bea's cache shows nobody handles it", || {
        bea.store.conversation(id).unwrap().is_some() && cached_assignee(&bea.store, id).is_none()
    })
    .await;

    backend.stop().await;
    let offline = ana.handle().take(id, false, "take-4").await;
    assert!(
        matches!(&offline, Err(error) if error.is_transient()),
        "offline, a take fails at once as retryable, and nothing is queued: {offline:?}"
    );
    assert_eq!(
        ana.store.unsent_writes().unwrap(),
        0,
        "a take is never left to happen later by surprise"
    );
}
