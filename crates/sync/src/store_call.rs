//! Store calls run on tokio's blocking pool: SQLite work must never stall
//! the tasks that read the network.

use switchboard_store::{Store, StoreError};

use crate::error::SyncError;

pub(crate) async fn store_call<T, F>(store: &Store, call: F) -> Result<T, SyncError>
where
    T: Send + 'static,
    F: FnOnce(&Store) -> Result<T, StoreError> + Send + 'static,
{
    let store = store.clone();
    // A damaged file is noted, to be set aside at the next start.
    tokio::task::spawn_blocking(move || store.noting_damage(call))
        .await
        .map_err(|join| {
            if join.is_panic() {
                SyncError::Internal(format!("a local store call panicked: {join}"))
            } else {
                SyncError::Stopped // the runtime is shutting down
            }
        })?
        .map_err(SyncError::from)
}
