//! Store calls off the async workers: SQLite blocks, so every call from an
//! async context runs on Tauri's blocking pool.

use switchboard_store::{Store, StoreError};

use crate::error::IpcError;

/// Runs `call` on a blocking thread with a clone of the store.
pub async fn store_call<T, F>(store: &Store, call: F) -> Result<T, IpcError>
where
    T: Send + 'static,
    F: FnOnce(&Store) -> Result<T, StoreError> + Send + 'static,
{
    let store = store.clone();
    // A damaged file is noted, to be set aside at the next start; the page,
    // told by the error's code, offers to restart now.
    tauri::async_runtime::spawn_blocking(move || store.noting_damage(call))
        .await
        .map_err(|error| IpcError::internal(format!("store task failed: {error}")))?
        .map_err(IpcError::from)
}
