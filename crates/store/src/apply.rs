//! Applying what the server sends: bootstrap pages and batches of events.
//!
//! Every entity carries `updated_seq`; a stored row is replaced only by a
//! strictly newer one, so applying anything twice changes nothing. Messages
//! are immutable: inserted once, never updated. Each page or batch is one
//! transaction that also stores the cursor.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use rusqlite::{Transaction, TransactionBehavior};
use switchboard_protocol::{
    Author, BootstrapPage, Change, Contact, Conversation, ConversationStatus, Event, Message, Seq,
};

use crate::chain;
use crate::error::{Result, StoreError};
use crate::keep;
use crate::review::{self, phrases::Phrases};
use crate::schema::phone_digits;
use crate::types::{ApplyReport, BootstrapResume, HistoryDownload, SyncPosition};
use crate::verdict::Verdict;
use crate::waiting;
use crate::Store;

/// Empties the cache tables and the sync position.
pub(crate) const EMPTY_CACHE: &str = "DELETE FROM messages;
     INSERT INTO message_fts (message_fts) VALUES ('delete-all');
     DELETE FROM conversations;
     DELETE FROM contacts;
     DELETE FROM contact_fts;
     DELETE FROM contact_digits_fts;
     UPDATE conversation_counts SET n = 0;
     UPDATE sync_state SET applied_seq = NULL, snapshot_seq = NULL, next_page_token = NULL,
            pages_done = 0, conversations_done = 0, total_conversations = 0,
            history_before = NULL, history_done = 0 WHERE id = 1;";

impl Store {
    /// Where the cache stands in the event log.
    pub fn sync_position(&self) -> Result<SyncPosition> {
        let conn = self.reader()?;
        let position = conn.query_row(
            "SELECT applied_seq, snapshot_seq, next_page_token, pages_done, conversations_done,
                    total_conversations FROM sync_state WHERE id = 1",
            [],
            |row| {
                let snapshot_seq: Option<Seq> = row.get(1)?;
                Ok(SyncPosition {
                    applied_seq: row.get(0)?,
                    bootstrap: match snapshot_seq {
                        Some(snapshot_seq) => Some(BootstrapResume {
                            snapshot_seq,
                            next_page_token: row.get(2)?,
                            pages_done: row.get(3)?,
                            conversations_done: row.get(4)?,
                            total_conversations: row.get(5)?,
                        }),
                        None => None,
                    },
                })
            },
        )?;
        Ok(position)
    }

    /// Applies one bootstrap page with its page token, in one transaction.
    /// The last page (no `next_page_token`) sets `applied_seq` to the
    /// snapshot's seq. Transfers found by a bootstrap are recorded as
    /// summary material: they will only ever be offered inside a summary.
    pub fn apply_bootstrap_page(&self, page: &BootstrapPage) -> Result<ApplyReport> {
        let mut conn = self.writer();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let (applied_seq, snapshot_seq): (Option<Seq>, Option<Seq>) = tx.query_row(
            "SELECT applied_seq, snapshot_seq FROM sync_state WHERE id = 1",
            [],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )?;
        if snapshot_seq != Some(page.snapshot_seq) {
            // A new snapshot (or the first page): progress starts over.
            tx.execute(
                "UPDATE sync_state SET snapshot_seq = ?1, next_page_token = NULL, pages_done = 0,
                        conversations_done = 0 WHERE id = 1",
                [page.snapshot_seq],
            )?;
        }

        let mut changes = Changes::new(&tx, Origin::Bootstrap, page.snapshot_seq);
        for contact in &page.contacts {
            changes.contact(contact)?;
        }
        for conversation in &page.conversations {
            changes.conversation(conversation)?;
        }
        for message in &page.messages {
            changes.message_if_conversation_known(message)?;
        }
        let mut report = changes.finish()?;

        match &page.next_page_token {
            Some(token) => {
                tx.execute(
                    "UPDATE sync_state SET next_page_token = ?1, pages_done = pages_done + 1,
                            conversations_done = conversations_done + ?2,
                            total_conversations = ?3 WHERE id = 1",
                    (
                        token,
                        page.conversations.len() as i64,
                        page.total_conversations,
                    ),
                )?;
            }
            None => {
                // Never move the cursor back: a cache that was not reset may
                // already be past this snapshot.
                let applied = applied_seq.map_or(page.snapshot_seq, |a| a.max(page.snapshot_seq));
                tx.execute(
                    "UPDATE sync_state SET applied_seq = ?1, snapshot_seq = NULL,
                            next_page_token = NULL, pages_done = 0, conversations_done = 0,
                            total_conversations = 0 WHERE id = 1",
                    [applied],
                )?;
                prune_confirmed_outbox(&tx, applied)?;
                report.applied_seq = Some(applied);
            }
        }
        tx.commit()?;
        Ok(report)
    }

    /// Applies a batch of events and advances `applied_seq`, in one
    /// transaction. Events at or below `applied_seq` are skipped (already
    /// applied); the rest must continue it without a hole, or nothing is
    /// applied and [`StoreError::Gap`] says which seq was expected.
    pub fn apply_events(&self, events: &[Event]) -> Result<ApplyReport> {
        let mut conn = self.writer();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let applied: Option<Seq> = tx.query_row(
            "SELECT applied_seq FROM sync_state WHERE id = 1",
            [],
            |row| row.get(0),
        )?;
        let applied = applied.ok_or(StoreError::NotBootstrapped)?;

        let fresh: Vec<&Event> = events.iter().filter(|e| e.seq > applied).collect();
        for (expected, event) in (applied + 1..).zip(&fresh) {
            if event.seq != expected {
                return Err(StoreError::Gap {
                    expected,
                    got: event.seq,
                });
            }
        }
        let Some(last) = fresh.last().map(|e| e.seq) else {
            return Ok(ApplyReport {
                applied_seq: Some(applied),
                ..ApplyReport::default()
            });
        };

        let mut changes = Changes::new(&tx, Origin::Live, last);
        for event in fresh {
            changes.seq = event.seq;
            match &event.change {
                Change::ContactUpserted { contact } => changes.contact(contact)?,
                Change::ConversationStarted {
                    conversation,
                    contact,
                } => {
                    changes.contact(contact)?;
                    changes.conversation(conversation)?;
                }
                Change::ConversationUpdated { conversation }
                | Change::ConversationTransferred { conversation } => {
                    changes.conversation(conversation)?
                }
                Change::MessageCreated {
                    message,
                    conversation,
                } => {
                    changes.conversation(conversation)?;
                    changes.message_if_conversation_known(message)?;
                }
            }
        }
        let mut report = changes.finish()?;
        tx.execute(
            "UPDATE sync_state SET applied_seq = ?1 WHERE id = 1",
            [last],
        )?;
        prune_confirmed_outbox(&tx, last)?;
        tx.commit()?;
        report.applied_seq = Some(last);
        Ok(report)
    }

    /// Empties the cache tables and the sync position, for a new bootstrap
    /// (the cursor expired). The outbox, the notification ledger and the
    /// settings are kept: a transfer already in the ledger is never offered
    /// again.
    pub fn reset_cache_for_rebootstrap(&self) -> Result<()> {
        let mut conn = self.writer();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute_batch(EMPTY_CACHE)?;
        tx.commit()?;
        Ok(())
    }

    /// Stores older history of one conversation fetched from the server:
    /// messages older than the oldest the cache held, so what the cache
    /// holds stays one unbroken stretch up to the newest message.
    /// `reaches_start`: the server said nothing is older, so the cache now
    /// holds the whole history. Messages older than the cut-off are not
    /// kept; a page that reaches them means the cache holds all the cut-off
    /// keeps. Messages of a conversation not in the cache are skipped;
    /// known messages are left as they are.
    pub fn store_older_messages(
        &self,
        conversation_id: i64,
        messages: &[Message],
        reaches_start: bool,
    ) -> Result<()> {
        let mut conn = self.writer();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let cutoff = keep::cutoff(&tx)?;
        let mut changes = Changes::new(&tx, Origin::Live, 0);
        let mut reached_cutoff = false;
        for message in messages
            .iter()
            .filter(|m| m.conversation_id == conversation_id)
        {
            if cutoff.is_some_and(|cutoff| message.created_at < cutoff) {
                reached_cutoff = true;
            } else {
                changes.message_if_conversation_known(message)?;
            }
        }
        changes.finish()?;
        if reached_cutoff {
            tx.execute(
                "UPDATE conversations SET kept_since = ?2 WHERE id = ?1",
                (conversation_id, cutoff),
            )?;
        } else if reaches_start {
            tx.execute(
                "UPDATE conversations SET history_complete = 1 WHERE id = ?1",
                [conversation_id],
            )?;
        }
        tx.commit()?;
        Ok(())
    }
}

impl Store {
    /// Where the background download of the whole history stands.
    pub fn history_download(&self) -> Result<HistoryDownload> {
        let conn = self.reader()?;
        let (before, done) = conn.query_row(
            "SELECT history_before, history_done FROM sync_state WHERE id = 1",
            [],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )?;
        Ok(HistoryDownload { before, done })
    }

    /// Stores one page of the whole history (messages of any conversation,
    /// all older than the previous page's) and moves the download's cursor
    /// below it, in one transaction: a restart resumes after the last page
    /// stored. `has_more: false` ends the download; every conversation then
    /// holds its whole history, counted by the server or not.
    ///
    /// Messages older than the cut-off are not kept, and a page that
    /// reaches one ends the download too: the server numbers messages in
    /// the order it commits them, so what is below is older still. Every
    /// conversation then holds all the cut-off keeps.
    pub fn store_history_page(&self, messages: &[Message], has_more: bool) -> Result<()> {
        let mut conn = self.writer();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let cutoff = keep::cutoff(&tx)?;
        let mut changes = Changes::new(&tx, Origin::Live, 0);
        let mut reached_cutoff = false;
        for message in messages {
            if cutoff.is_some_and(|cutoff| message.created_at < cutoff) {
                reached_cutoff = true;
            } else {
                changes.message_if_conversation_known(message)?;
            }
        }
        changes.finish()?;
        let lowest = messages.iter().map(|m| m.id).min();
        tx.execute(
            "UPDATE sync_state SET history_before = coalesce(?1, history_before),
                history_done = ?2 WHERE id = 1",
            (lowest, !has_more || reached_cutoff),
        )?;
        if reached_cutoff {
            tx.execute(
                "UPDATE conversations SET kept_since = ?1 WHERE NOT history_complete",
                [cutoff],
            )?;
        } else if !has_more {
            tx.execute("UPDATE conversations SET history_complete = 1", [])?;
        }
        tx.commit()?;
        Ok(())
    }
}

/// Sent writes the stream has delivered back are shown by the cache now.
fn prune_confirmed_outbox(tx: &Transaction, applied: Seq) -> Result<()> {
    tx.execute(
        "DELETE FROM outbox WHERE state = 'sent' AND sent_seq <= ?1",
        [applied],
    )?;
    Ok(())
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Origin {
    /// Found by a bootstrap: its transfers go into one summary.
    Bootstrap,
    /// A live event: its transfers are notified one by one.
    Live,
}

/// Writes entities inside one transaction and collects what changed.
struct Changes<'t> {
    tx: &'t Transaction<'t>,
    origin: Origin,
    /// The seq recorded with transfers found now.
    seq: Seq,
    conversations: BTreeSet<i64>,
    contacts: BTreeSet<i64>,
    messages: Vec<(i64, i64)>,
    transfers: usize,
    /// Search index rows to write at the end (see `write_search_index`).
    indexed_messages: Vec<(i64, String)>,
    /// By contact id: a contact changed twice in one batch is indexed once.
    indexed_contacts: BTreeMap<i64, (String, String, String)>,
    link_hints: chain::LinkHints,
    /// Made at the batch's first message, dropped before `finish` reads
    /// chains (see `chain::Linker`).
    linker: Option<chain::Linker<'t>>,
    /// Transferred conversations whose customer's wait is to be read again
    /// at the end (`waiting.rs`): a new transfer, or older history.
    waits_moved: BTreeSet<i64>,
    /// Conversations this batch stored as not transferred: their messages
    /// move no wait, so need no look at their status.
    not_transferred: HashSet<i64>,
    /// The "not an answer" phrases, read at the first assistant message the
    /// server did not mark.
    phrases: Option<Phrases>,
    /// By conversation: the oldest customer message this batch stored, for
    /// the contact panel's first question. Written once per conversation at
    /// the end: a history page holds many customer messages of each.
    first_questions: HashMap<i64, i64>,
}

impl<'t> Changes<'t> {
    fn new(tx: &'t Transaction<'t>, origin: Origin, seq: Seq) -> Self {
        Changes {
            tx,
            origin,
            seq,
            conversations: BTreeSet::new(),
            contacts: BTreeSet::new(),
            messages: Vec::new(),
            transfers: 0,
            indexed_messages: Vec::new(),
            indexed_contacts: BTreeMap::new(),
            link_hints: chain::LinkHints::default(),
            linker: None,
            waits_moved: BTreeSet::new(),
            not_transferred: HashSet::new(),
            phrases: None,
            first_questions: HashMap::new(),
        }
    }

    fn contact(&mut self, contact: &Contact) -> Result<()> {
        let attributes = serde_json::to_string(&contact.attributes)
            .map_err(|e| StoreError::Corrupt(format!("contact attributes: {e}")))?;
        let changed = self
            .tx
            .prepare_cached(
                "INSERT INTO contacts (id, name, phone, email, external_id, chat_id, attributes,
                                       created_at, updated_seq, phone_digits)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
                 ON CONFLICT (id) DO UPDATE SET
                    name = excluded.name, phone = excluded.phone, email = excluded.email,
                    external_id = excluded.external_id, chat_id = excluded.chat_id,
                    attributes = excluded.attributes, created_at = excluded.created_at,
                    updated_seq = excluded.updated_seq, phone_digits = excluded.phone_digits
                 WHERE excluded.updated_seq > contacts.updated_seq",
            )?
            .execute((
                contact.id,
                &contact.name,
                &contact.phone,
                &contact.email,
                &contact.external_id,
                &contact.chat_id,
                attributes,
                contact.created_at,
                contact.updated_seq,
                phone_digits(contact.phone.as_deref()),
            ))?;
        if changed > 0 {
            self.contacts.insert(contact.id);
            self.indexed_contacts.insert(
                contact.id,
                (
                    contact.name.clone(),
                    contact.email.clone().unwrap_or_default(),
                    phone_digits(contact.phone.as_deref()),
                ),
            );
            // The name shows on every list row of the contact.
            let mut stmt = self
                .tx
                .prepare_cached("SELECT id FROM conversations WHERE contact_id = ?1")?;
            let ids = stmt.query_map([contact.id], |row| row.get::<_, i64>(0))?;
            for id in ids {
                self.conversations.insert(id?);
            }
        }
        Ok(())
    }

    fn conversation(&mut self, c: &Conversation) -> Result<()> {
        // Whether the cache holds this transfer already: its wait is kept
        // and moves with each new message (see `message_if_conversation_known`).
        let same_transfer = c.status == ConversationStatus::Transferred
            && self
                .tx
                .prepare_cached(
                    "SELECT 1 FROM conversations
                     WHERE id = ?1 AND status = 'transferred' AND transferred_at IS ?2",
                )?
                .exists((c.id, c.transferred_at))?;
        let changed = self
            .tx
            .prepare_cached(
                "INSERT INTO conversations (id, contact_id, channel, status, assistant_state,
                    transfer_reason, transferred_at, created_at, last_activity_at,
                    last_message_preview, updated_seq, message_count, assignee_id, assignee_name,
                    snoozed, snoozed_until)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)
                 ON CONFLICT (id) DO UPDATE SET
                    status = excluded.status, assistant_state = excluded.assistant_state,
                    transfer_reason = excluded.transfer_reason,
                    transferred_at = excluded.transferred_at,
                    last_activity_at = excluded.last_activity_at,
                    last_message_preview = excluded.last_message_preview,
                    updated_seq = excluded.updated_seq, message_count = excluded.message_count,
                    assignee_id = excluded.assignee_id, assignee_name = excluded.assignee_name,
                    snoozed = excluded.snoozed, snoozed_until = excluded.snoozed_until,
                    waiting_since = CASE WHEN excluded.status = 'transferred'
                                         THEN conversations.waiting_since END,
                    replied_by = CASE WHEN excluded.status = 'transferred'
                                      THEN conversations.replied_by END,
                    replied_at = CASE WHEN excluded.status = 'transferred'
                                      THEN conversations.replied_at END
                 WHERE excluded.updated_seq > conversations.updated_seq",
            )?
            .execute((
                c.id,
                c.contact_id,
                &c.channel,
                c.status,
                c.assistant_state,
                &c.transfer_reason,
                c.transferred_at,
                c.created_at,
                c.last_activity_at,
                &c.last_message_preview,
                c.updated_seq,
                c.message_count,
                c.assignee.as_ref().map(|a| a.id),
                c.assignee.as_ref().map(|a| a.name.as_str()),
                c.snooze.is_some(),
                c.snooze.and_then(|s| s.until),
            ))?;
        if changed == 0 {
            return Ok(());
        }
        // The columns that never change in practice are left out of the
        // upsert above: SQLite rewrites the index entries of every column a
        // SET names, and rewriting `conversations_by_contact` on every
        // message cost 6% of the time to apply a busy stream (measured with
        // `benches/store_bench.rs`). Should the server change one, it is
        // written here, only then.
        self.tx
            .prepare_cached(
                "UPDATE conversations SET contact_id = ?2, channel = ?3, created_at = ?4
                 WHERE id = ?1
                   AND (contact_id IS NOT ?2 OR channel IS NOT ?3 OR created_at IS NOT ?4)",
            )?
            .execute((c.id, c.contact_id, &c.channel, c.created_at))?;
        self.conversations.insert(c.id);
        // Leaving the transferred status cleared what `waiting.rs` keeps
        // (the upsert above); a transfer, new or again, is read anew.
        if c.status == ConversationStatus::Transferred {
            self.not_transferred.remove(&c.id);
            if !same_transfer {
                self.waits_moved.insert(c.id);
            }
        } else {
            self.not_transferred.insert(c.id);
            self.waits_moved.remove(&c.id);
        }
        review::history::conversation_changed(self.tx, c)?;
        if let (ConversationStatus::Transferred, Some(transferred_at)) =
            (c.status, c.transferred_at)
        {
            // The same transaction as the change: a transfer is in the
            // ledger if and only if it is in the cache.
            self.transfers += self
                .tx
                .prepare_cached(
                    "INSERT OR IGNORE INTO transfer_ledger
                        (conversation_id, transferred_at, summarised, recorded_seq)
                     VALUES (?1, ?2, ?3, ?4)",
                )?
                .execute((
                    c.id,
                    transferred_at,
                    self.origin == Origin::Bootstrap,
                    self.seq,
                ))?;
        }
        Ok(())
    }

    /// Stores a message once, linked into its conversation's chain. A
    /// message whose conversation is not cached (a server inconsistency)
    /// is skipped rather than failing the batch.
    fn message_if_conversation_known(&mut self, m: &Message) -> Result<()> {
        let verdict = match m.author {
            Author::Customer => Verdict::of_customer(&m.text),
            Author::Assistant | Author::Agent | Author::System => Verdict {
                unanswered: self.unanswered(m)?,
                ..Verdict::default()
            },
        };
        let linker = match &mut self.linker {
            Some(linker) => linker,
            none => none.insert(chain::Linker::new(self.tx)?),
        };
        let Some(linked) = linker.insert(m, &verdict, &mut self.link_hints)? else {
            return Ok(());
        };
        review::history::message_stored(self.tx, m)?;
        self.indexed_messages.push((m.id, m.text.clone()));
        self.messages.push((m.conversation_id, m.id));
        self.conversations.insert(m.conversation_id);
        if m.author == Author::Customer {
            let oldest = self
                .first_questions
                .entry(m.conversation_id)
                .or_insert(m.id);
            *oldest = (*oldest).min(m.id);
        }
        // Only a customer or an agent moves a wait. The newest message moves
        // it by one step; an older one (history arriving) may change what
        // came after it, so the wait is read again at the end.
        let id = m.conversation_id;
        if matches!(m.author, Author::Customer | Author::Agent)
            && !self.not_transferred.contains(&id)
            && !self.waits_moved.contains(&id)
        {
            match linked {
                chain::Linked::Newest => waiting::message_appended(self.tx, m)?,
                chain::Linked::Older => {
                    self.waits_moved.insert(id);
                }
            }
        }
        Ok(())
    }

    /// Whether the review counts `m` as a question the assistant could not
    /// answer: the server's marker where present, else the phrases.
    fn unanswered(&mut self, m: &Message) -> Result<bool> {
        if let Some(said) = m.unanswered {
            return Ok(said);
        }
        if m.author != Author::Assistant {
            return Ok(false);
        }
        let phrases = match &mut self.phrases {
            Some(phrases) => phrases,
            none => none.insert(Phrases::load(self.tx)?),
        };
        Ok(phrases.matches(&m.text))
    }

    /// Writes the search index rows of what changed, after every other
    /// statement of the transaction. FTS5 flushes its in-memory index at
    /// each statement savepoint (any statement that fires a trigger or may
    /// write several rows opens one); writing the index last leaves it one
    /// flush per transaction instead of one per event.
    fn write_search_index(&mut self) -> Result<()> {
        // Deletes may touch several rows (a savepoint): all before the inserts.
        {
            let mut del_names = self
                .tx
                .prepare_cached("DELETE FROM contact_fts WHERE rowid = ?1")?;
            let mut del_digits = self
                .tx
                .prepare_cached("DELETE FROM contact_digits_fts WHERE rowid = ?1")?;
            for id in self.indexed_contacts.keys() {
                del_names.execute([id])?;
                del_digits.execute([id])?;
            }
        }
        let mut names = self
            .tx
            .prepare_cached("INSERT INTO contact_fts (rowid, name, email) VALUES (?1, ?2, ?3)")?;
        let mut digits = self
            .tx
            .prepare_cached("INSERT INTO contact_digits_fts (rowid, digits) VALUES (?1, ?2)")?;
        for (id, (name, email, phone_digits)) in &self.indexed_contacts {
            names.execute((id, name, email))?;
            digits.execute((id, phone_digits))?;
        }
        // In rowid order: FTS5 flushes its in-memory index to a new segment
        // whenever a rowid is not above the last one written, and history
        // (bootstrap pages, the background download) arrives newest first.
        // Unsorted, a page of 500 messages was 500 one-message segments to
        // merge: most of the time to download the whole history.
        self.indexed_messages.sort_unstable_by_key(|(id, _)| *id);
        let mut texts = self
            .tx
            .prepare_cached("INSERT INTO message_fts (rowid, text) VALUES (?1, ?2)")?;
        for (id, text) in &self.indexed_messages {
            texts.execute((id, text))?;
        }
        Ok(())
    }

    fn finish(mut self) -> Result<ApplyReport> {
        // Its statements go back to the cache: `waiting::reread` walks chains.
        self.linker = None;
        chain::count_stored(self.tx, &mut self.link_hints)?;
        // The contact panel's first question: older history may bring an
        // earlier one than the cache held.
        let mut first_question = self.tx.prepare_cached(
            "UPDATE conversations SET first_question_id = ?2
             WHERE id = ?1 AND (first_question_id IS NULL OR first_question_id > ?2)",
        )?;
        for (&conversation_id, &message_id) in &self.first_questions {
            first_question.execute((conversation_id, message_id))?;
        }
        drop(first_question);
        for &id in &self.waits_moved {
            waiting::reread(self.tx, id)?;
        }
        self.write_search_index()?;
        Ok(ApplyReport {
            applied_seq: None,
            conversations: self.conversations.into_iter().collect(),
            contacts: self.contacts.into_iter().collect(),
            messages: self.messages,
            transfers: self.transfers,
        })
    }
}
