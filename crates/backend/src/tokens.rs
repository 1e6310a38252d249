//! Bearer tokens: made here, stored only as a SHA-256 hash.

use rand::RngCore;
use rusqlite::{params, Connection, OptionalExtension};
use sha2::{Digest, Sha256};
use switchboard_protocol::{Me, Role};

use crate::error::{Error, Result};

/// The hex SHA-256 of a token: what the `users` table stores.
pub(crate) fn hash(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Makes a user with a new random token; returns the token (shown once).
pub(crate) fn create(conn: &Connection, role: Role, name: &str, now: i64) -> Result<String> {
    if name.trim().is_empty() {
        return Err(Error::BadRequest("a token needs a user name".into()));
    }
    let mut bytes = [0u8; 24];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let token = format!(
        "sb_{}",
        bytes.iter().map(|b| format!("{b:02x}")).collect::<String>()
    );
    conn.execute(
        "INSERT INTO users (name, role, token_hash, created_at) VALUES (?1, ?2, ?3, ?4)",
        params![name, role, hash(&token), now],
    )?;
    Ok(token)
}

/// The user a token belongs to, if any.
pub(crate) fn lookup(conn: &Connection, token: &str) -> Result<Option<Me>> {
    let mut stmt = conn.prepare_cached("SELECT id, name, role FROM users WHERE token_hash = ?1")?;
    let me = stmt
        .query_row([hash(token)], |r| {
            Ok(Me {
                id: r.get(0)?,
                name: r.get(1)?,
                role: r.get(2)?,
            })
        })
        .optional()?;
    Ok(me)
}
