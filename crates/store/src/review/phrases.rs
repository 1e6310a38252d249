//! "Not an answer" phrases: for servers that do not mark the assistant's
//! fallback replies (`Message.unanswered` absent), an assistant message
//! containing one of these phrases counts as unanswered. Applied when a
//! message is stored; where the server's marker is present it wins and the
//! text is never read.

use rusqlite::{Connection, OptionalExtension};

use super::words::fold;
use crate::error::{Result, StoreError};
use crate::Store;

/// The settings key of the user's list.
const SETTING: &str = "review.unanswered_phrases";

/// The list until the user edits it: English, Portuguese, Spanish.
pub const DEFAULT_UNANSWERED_PHRASES: &[&str] = &[
    "couldn't find information",
    "could not find information",
    "i don't have information",
    "i don't know the answer",
    "não encontrei",
    "não consegui encontrar",
    "não tenho informações",
    "no encontré",
    "no pude encontrar",
    "no tengo información",
];

/// The phrases, folded, ready to match.
pub(crate) struct Phrases(Vec<String>);

impl Phrases {
    /// The user's list, or the defaults if never edited.
    pub(crate) fn load(conn: &Connection) -> Result<Phrases> {
        Ok(Phrases::folded(&stored(conn)?.unwrap_or_else(defaults)))
    }

    fn folded(phrases: &[String]) -> Phrases {
        Phrases(
            phrases
                .iter()
                .map(|p| fold(p.trim()))
                .filter(|p| !p.is_empty())
                .collect(),
        )
    }

    pub(crate) fn matches(&self, text: &str) -> bool {
        let text = fold(text);
        self.0.iter().any(|phrase| text.contains(phrase.as_str()))
    }
}

fn defaults() -> Vec<String> {
    DEFAULT_UNANSWERED_PHRASES
        .iter()
        .map(|p| (*p).to_owned())
        .collect()
}

fn stored(conn: &Connection) -> Result<Option<Vec<String>>> {
    let raw: Option<String> = conn
        .prepare_cached("SELECT value FROM settings WHERE key = ?1")?
        .query_row([SETTING], |row| row.get(0))
        .optional()?;
    raw.map(|raw| {
        serde_json::from_str(&raw).map_err(|source| StoreError::Setting {
            key: SETTING.to_owned(),
            source,
        })
    })
    .transpose()
}

impl Store {
    /// The "not an answer" phrases in use (the defaults until edited).
    pub fn unanswered_phrases(&self) -> Result<Vec<String>> {
        let conn = self.reader()?;
        Ok(stored(&conn)?.unwrap_or_else(defaults))
    }

    /// Replaces the "not an answer" phrases and applies them again to every
    /// stored assistant message the server did not mark, in one
    /// transaction. Returns how many messages changed their verdict.
    pub fn set_unanswered_phrases(&self, phrases: &[String]) -> Result<usize> {
        let raw = serde_json::to_string(phrases).map_err(|source| StoreError::Setting {
            key: SETTING.to_owned(),
            source,
        })?;
        let matcher = Phrases::folded(phrases);
        let mut conn = self.writer();
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        tx.execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (SETTING, raw),
        )?;
        let flips: Vec<(i64, bool)> = {
            let mut stmt = tx.prepare(
                "SELECT id, text, unanswered FROM messages
                 WHERE author = 'assistant' AND said_unanswered IS NULL",
            )?;
            let rows = stmt.query_map([], |row| {
                Ok((row.get::<_, i64>(0)?, row.get::<_, String>(1)?, row.get(2)?))
            })?;
            let mut flips = Vec::new();
            for row in rows {
                let (id, text, was): (i64, String, bool) = row?;
                let now = matcher.matches(&text);
                if now != was {
                    flips.push((id, now));
                }
            }
            flips
        };
        {
            let mut set = tx.prepare("UPDATE messages SET unanswered = ?2 WHERE id = ?1")?;
            for (id, unanswered) in &flips {
                set.execute((id, unanswered))?;
            }
        }
        tx.commit()?;
        Ok(flips.len())
    }
}
