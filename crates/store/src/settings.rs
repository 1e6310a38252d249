//! Durable settings: small JSON values by key, kept across re-bootstraps.

use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::error::{Result, StoreError};
use crate::Store;

impl Store {
    /// The setting stored under `key`, or `None` if never set. A stored value
    /// that does not decode as `T` is an error, not a silent default.
    pub fn setting<T: DeserializeOwned>(&self, key: &str) -> Result<Option<T>> {
        let conn = self.reader()?;
        let raw: Option<String> = {
            use rusqlite::OptionalExtension;
            conn.prepare_cached("SELECT value FROM settings WHERE key = ?1")?
                .query_row([key], |row| row.get(0))
                .optional()?
        };
        raw.map(|raw| {
            serde_json::from_str(&raw).map_err(|source| StoreError::Setting {
                key: key.to_owned(),
                source,
            })
        })
        .transpose()
    }

    /// Stores `value` under `key`, replacing what was there.
    pub fn set_setting<T: Serialize + ?Sized>(&self, key: &str, value: &T) -> Result<()> {
        let raw = serde_json::to_string(value).map_err(|source| StoreError::Setting {
            key: key.to_owned(),
            source,
        })?;
        let conn = self.writer();
        conn.prepare_cached(
            "INSERT INTO settings (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        )?
        .execute((key, raw))?;
        Ok(())
    }
}
