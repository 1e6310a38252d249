//! Bearer tokens: made here, stored only as a SHA-256 hash, with an
//! optional expiry and a revocation time. One token per user: the user's id
//! is the token's id in `token list` and `token revoke`.

use rand::RngCore;
use rusqlite::{params, Connection, OptionalExtension};
use sha2::{Digest, Sha256};
use switchboard_protocol::{Me, Millis, Role};

use crate::error::{Error, Result};

/// The hex SHA-256 of a token: what the `users` table stores.
pub(crate) fn hash(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Makes a user with a new random token; returns the token (shown once).
/// `expires_at`: the moment it stops working, if any.
pub(crate) fn create(
    conn: &Connection,
    role: Role,
    name: &str,
    now: Millis,
    expires_at: Option<Millis>,
) -> Result<String> {
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
        "INSERT INTO users (name, role, token_hash, created_at, expires_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![name, role, hash(&token), now, expires_at],
    )?;
    Ok(token)
}

/// What a presented token turns out to be at a given moment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Presented {
    Valid(Me),
    Unknown,
    Revoked,
    Expired,
}

/// Whether a token with these times works at `now`.
fn standing(
    revoked_at: Option<Millis>,
    expires_at: Option<Millis>,
    now: Millis,
) -> Option<Presented> {
    if revoked_at.is_some() {
        Some(Presented::Revoked)
    } else if expires_at.is_some_and(|at| at <= now) {
        Some(Presented::Expired)
    } else {
        None
    }
}

/// Who a token belongs to, if it works at `now`.
pub(crate) fn lookup(conn: &Connection, token: &str, now: Millis) -> Result<Presented> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, name, role, revoked_at, expires_at FROM users WHERE token_hash = ?1",
    )?;
    let row = stmt
        .query_row([hash(token)], |r| {
            let me = Me {
                id: r.get(0)?,
                name: r.get(1)?,
                role: r.get(2)?,
            };
            Ok((me, r.get(3)?, r.get(4)?))
        })
        .optional()?;
    Ok(match row {
        None => Presented::Unknown,
        Some((me, revoked_at, expires_at)) => {
            standing(revoked_at, expires_at, now).unwrap_or(Presented::Valid(me))
        }
    })
}

/// Of the users `ids`, those whose token no longer works at `now`
/// (revoked, expired or gone): their open streams must end.
pub(crate) fn no_longer_valid(conn: &Connection, ids: &[i64], now: Millis) -> Result<Vec<i64>> {
    let mut invalid = Vec::new();
    let mut stmt = conn.prepare_cached("SELECT revoked_at, expires_at FROM users WHERE id = ?1")?;
    for &id in ids {
        let times: Option<(Option<Millis>, Option<Millis>)> = stmt
            .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        let works =
            times.is_some_and(|(revoked, expires)| standing(revoked, expires, now).is_none());
        if !works {
            invalid.push(id);
        }
    }
    Ok(invalid)
}

/// A token as `token list` shows it: everything but the secret, which is
/// not stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenInfo {
    /// The id `token revoke` takes (the user's id).
    pub id: i64,
    pub name: String,
    pub role: Role,
    pub created_at: Millis,
    pub expires_at: Option<Millis>,
    pub revoked_at: Option<Millis>,
}

/// Every token, oldest first.
pub(crate) fn list(conn: &Connection) -> Result<Vec<TokenInfo>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, name, role, created_at, expires_at, revoked_at FROM users ORDER BY id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(TokenInfo {
            id: r.get(0)?,
            name: r.get(1)?,
            role: r.get(2)?,
            created_at: r.get(3)?,
            expires_at: r.get(4)?,
            revoked_at: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Revokes token `id` from `now` on; returns false when it already was
/// (its first revocation time is kept). No such token → [`Error::NotFound`].
pub(crate) fn revoke(conn: &Connection, id: i64, now: Millis) -> Result<bool> {
    let revoked_at: Option<Option<Millis>> = conn
        .query_row("SELECT revoked_at FROM users WHERE id = ?1", [id], |r| {
            r.get(0)
        })
        .optional()?;
    match revoked_at {
        None => Err(Error::NotFound(format!("token {id}"))),
        Some(Some(_)) => Ok(false),
        Some(None) => {
            conn.execute(
                "UPDATE users SET revoked_at = ?2 WHERE id = ?1",
                params![id, now],
            )?;
            Ok(true)
        }
    }
}
