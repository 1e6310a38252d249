//! Section 3: transfers, from the durable transfer history.

use std::collections::HashMap;

use rusqlite::Connection;
use switchboard_protocol::Millis;

use super::marks::transfer_key;
use super::{
    ItemContact, ItemPlace, Marked, ReasonCount, RepeatedContact, ReviewQuery, TimeToHuman,
    TransferItem, TransfersSection, Waiting, DAY_MS,
};
use crate::error::Result;

/// "Transferred more than once" looks this far back from the period's end.
const REPEAT_WINDOW_MS: i64 = 30 * DAY_MS;

pub(super) fn section(
    conn: &Connection,
    query: &ReviewQuery,
    marked: &Marked,
) -> Result<TransfersSection> {
    let period = &query.period;
    // With whether each is the conversation's current, unanswered transfer.
    let rows: Vec<(TransferItem, bool)> = {
        let mut stmt = conn.prepare_cached(
            "SELECT t.conversation_id, t.message_id, t.contact_id, coalesce(k.name, ''), t.reason,
                    t.transferred_at, t.first_human_reply_at, t.resolution,
                    c.status = 'transferred' AND c.transferred_at = t.transferred_at
             FROM transfer_history t
             LEFT JOIN contacts k ON k.id = t.contact_id
             LEFT JOIN conversations c ON c.id = t.conversation_id
             WHERE t.transferred_at >= ?1 AND t.transferred_at < ?2
             ORDER BY t.transferred_at DESC",
        )?;
        let rows = stmt.query_map((period.from, period.to), |row| {
            let conversation_id = row.get(0)?;
            let transferred_at = row.get(5)?;
            let key = transfer_key(conversation_id, transferred_at);
            Ok((
                TransferItem {
                    reviewed: marked.contains(&key),
                    key,
                    place: ItemPlace {
                        conversation_id,
                        message_id: row.get(1)?,
                    },
                    contact: ItemContact {
                        id: row.get(2)?,
                        name: row.get(3)?,
                    },
                    reason: row.get(4)?,
                    transferred_at,
                    first_human_reply_at: row.get(6)?,
                    resolution: row.get(7)?,
                },
                row.get::<_, Option<bool>>(8)?.unwrap_or(false),
            ))
        })?;
        rows.collect::<rusqlite::Result<_>>()?
    };

    let mut reasons: HashMap<String, u32> = HashMap::new();
    let mut by_hour = vec![0u32; 24];
    let mut waits = Vec::new();
    let mut longest_waiting: Option<Waiting> = None;
    let hour_of = period.hour_of()?;
    for (t, current) in &rows {
        *reasons
            .entry(t.reason.clone().unwrap_or_default())
            .or_default() += 1;
        by_hour[usize::from(hour_of(t.transferred_at)?)] += 1;
        match t.first_human_reply_at {
            Some(reply) => waits.push(reply - t.transferred_at),
            None if *current => {
                let waiting_ms = query.now - t.transferred_at;
                if longest_waiting
                    .as_ref()
                    .is_none_or(|w| waiting_ms > w.waiting_ms)
                {
                    longest_waiting = Some(Waiting {
                        place: t.place,
                        contact: t.contact.clone(),
                        waiting_ms,
                    });
                }
            }
            None => {}
        }
    }
    let mut by_reason: Vec<ReasonCount> = reasons
        .into_iter()
        .map(|(reason, count)| ReasonCount { reason, count })
        .collect();
    by_reason.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.reason.cmp(&b.reason)));
    waits.sort_unstable();

    let transfers: Vec<TransferItem> = rows.into_iter().map(|(t, _)| t).collect();
    Ok(TransfersSection {
        repeated_contacts: repeated_contacts(conn, &transfers, period.to)?,
        time_to_human: TimeToHuman {
            answered: waits.len() as u32,
            median_ms: percentile(&waits, 50),
            p90_ms: percentile(&waits, 90),
            longest_waiting,
        },
        transfers,
        by_reason,
        by_hour,
    })
}

/// The nearest-rank percentile of sorted values.
fn percentile(sorted: &[i64], p: usize) -> Option<i64> {
    if sorted.is_empty() {
        return None;
    }
    let rank = (p * sorted.len()).div_ceil(100).max(1);
    Some(sorted[rank - 1])
}

fn repeated_contacts(
    conn: &Connection,
    transfers: &[TransferItem],
    end: Millis,
) -> Result<Vec<RepeatedContact>> {
    let mut count = conn.prepare_cached(
        "SELECT count(*), max(transferred_at) FROM transfer_history
         WHERE contact_id = ?1 AND transferred_at >= ?2 AND transferred_at < ?3",
    )?;
    let mut newest = conn.prepare_cached(
        "SELECT conversation_id, message_id FROM transfer_history
         WHERE contact_id = ?1 AND transferred_at = ?2 LIMIT 1",
    )?;
    let mut repeated = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for t in transfers {
        if !seen.insert(t.contact.id) {
            continue;
        }
        let (n, last): (u32, Millis) = count
            .query_row((t.contact.id, end - REPEAT_WINDOW_MS, end), |row| {
                Ok((row.get(0)?, row.get(1)?))
            })?;
        if n > 1 {
            let place = newest.query_row((t.contact.id, last), |row| {
                Ok(ItemPlace {
                    conversation_id: row.get(0)?,
                    message_id: row.get(1)?,
                })
            })?;
            repeated.push(RepeatedContact {
                contact: t.contact.clone(),
                transfers: n,
                place,
            });
        }
    }
    repeated.sort_by_key(|r| std::cmp::Reverse(r.transfers));
    Ok(repeated)
}

#[cfg(test)]
mod tests {
    use super::percentile;

    #[test]
    fn percentiles_are_nearest_rank() {
        let waits: Vec<i64> = (1..=10).collect();
        assert_eq!(percentile(&waits, 50), Some(5));
        assert_eq!(percentile(&waits, 90), Some(9));
        assert_eq!(
            percentile(&[7], 90),
            Some(7),
            "one value is every percentile"
        );
        assert_eq!(percentile(&[], 50), None, "no replies: no figure, not zero");
    }
}
