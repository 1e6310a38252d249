//! Whose data the cache holds: one backend's at a time.

mod common;

use common::*;
use switchboard_store::OutboxAction;

fn reply(text: &str) -> OutboxAction {
    OutboxAction::Reply { text: text.into() }
}

#[test]
fn signing_in_to_another_backend_empties_the_cache_and_its_unsent_writes() {
    let (_dir, store) = new_store();
    assert!(
        !store.use_for_backend("https://a.example").unwrap(),
        "a first sign-in has nothing of another backend's to empty"
    );
    bootstrap_empty(&store, 10);
    store.apply_events(&[started(11, 1, 1, "Ana")]).unwrap();
    store.enqueue(1, reply("to A"), "k1", T0).unwrap();

    assert!(
        !store.use_for_backend("https://a.example").unwrap(),
        "the same backend again (a restart) keeps its cache"
    );
    assert_eq!(store.filter_counts().unwrap().all, 1, "A's cache is kept");

    assert!(
        store.use_for_backend("https://b.example").unwrap(),
        "another backend's data is reported as emptied"
    );
    assert_eq!(
        store.filter_counts().unwrap().all,
        0,
        "A's conversations must not show under B"
    );
    assert_eq!(
        store.unsent_writes().unwrap(),
        0,
        "A's reply must never be sent to B"
    );
    assert_eq!(
        store.sync_position().unwrap().applied_seq,
        None,
        "B's data starts with a bootstrap"
    );
}

#[test]
fn after_signing_out_any_backend_starts_from_an_empty_cache() {
    let (_dir, store) = new_store();
    store.use_for_backend("https://a.example").unwrap();
    bootstrap_empty(&store, 10);
    store.forget_account().unwrap();
    assert!(
        !store.use_for_backend("https://a.example").unwrap(),
        "nothing is left to empty after a sign-out"
    );
    assert_eq!(
        store.sync_position().unwrap().applied_seq,
        None,
        "signing in again bootstraps"
    );
}

#[test]
fn a_cache_from_before_per_user_caches_is_kept_for_the_user_resuming_it() {
    let (_dir, store) = new_store();
    // As an earlier release left it: tagged with the backend's URL alone.
    store.use_for_backend("https://a.example").unwrap();
    bootstrap_empty(&store, 10);
    store.apply_events(&[started(11, 1, 1, "Ana")]).unwrap();
    store
        .enqueue(1, reply("queued before the upgrade"), "k1", T0)
        .unwrap();

    assert!(
        !store
            .claim_untagged_cache("https://b.example", "https://b.example#user:7")
            .unwrap(),
        "another backend's cache is not claimed"
    );
    assert!(store
        .claim_untagged_cache("https://a.example", "https://a.example#user:7")
        .unwrap());
    assert!(
        !store.use_for_backend("https://a.example#user:7").unwrap(),
        "the resumed user's cache is kept, not emptied"
    );
    assert_eq!(
        store.unsent_writes().unwrap(),
        1,
        "the reply queued before the upgrade still goes out"
    );
    assert_eq!(
        store
            .unsent_writes_of_another_origin("https://a.example#user:8")
            .unwrap(),
        1,
        "another user signing in is still asked before it is discarded"
    );
}
