//! Chatwoot as the engine's source.
//!
//! Chatwoot keeps no event log, so this source numbers what it sees
//! itself, after the cache's position, and remembers the last time it
//! knew everything up to that position was applied ("the last contact",
//! kept in the store's settings). Catching up is then: the conversations
//! changed since the last contact (`updated_within`, with a margin), each
//! with its messages after the newest one the cache holds. Away too long
//! (or with no record of a contact), it answers `CursorExpired` and the
//! engine rebuilds the cache from a first sync; the ledger keeps a handoff
//! seen before from being notified twice, since a handoff's key (its
//! conversation and `waiting_since`) reads the same on every fetch.

use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use futures::future::BoxFuture;
use serde::{Deserialize, Serialize};
use switchboard_protocol::{
    AssistantState, BootstrapPage, Change, Contact, Conversation, ConversationStatus, Event, Me,
    Message, MessagesPage, Millis, Seq, WriteResult,
};
use switchboard_store::Store;
use switchboard_sync::{
    ChangesPage, LiveConnection, Source, StreamItem, StreamLimits, SyncError, Write, WriteIdentity,
};
use tokio::sync::mpsc;

use crate::api::{Api, Profile, PAGE_SIZE};
use crate::cable::{Cable, CableEvent};
use crate::mapping::{self, CwContact, CwConversation, CwMessage};
use crate::ChatwootConfig;

/// The settings key of the last contact (see the module documentation).
const CHECKPOINT_KEY: &str = "chatwoot.checkpoint";
/// `messages?after=` answers at most this many (message_finder.rb).
const AFTER_PAGE: usize = 100;
/// How often a live connection records the last contact.
const CHECKPOINT_EVERY: Duration = Duration::from_secs(5);
/// How far back from the user's action a retried reply is looked for: the
/// two machines' clocks may differ.
const CLOCK_SLACK_MS: Millis = 10 * 60 * 1000;

/// What survives a restart: the last contact and the highest position
/// handed out (a first sync after a reset continues numbering from it, so
/// positions never go back).
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize)]
struct Checkpoint {
    contact_ms: Option<Millis>,
    seq: Seq,
}

/// Chatwoot as a [`Source`]. Cheap to share; see the crate documentation.
pub struct ChatwootSource {
    inner: Arc<Inner>,
}

struct Inner {
    api: Api,
    config: ChatwootConfig,
    store: Store,
    profile: tokio::sync::Mutex<Option<Profile>>,
    /// How this source last mapped each conversation: a handoff is a
    /// change of state, and the cache may not have applied the previous
    /// state yet when the next event arrives.
    known: Mutex<HashMap<i64, Conversation>>,
    /// Newest message id seen per conversation (for `messages?after=`).
    newest_message: Mutex<HashMap<i64, i64>>,
    /// Highest position handed to the engine.
    handed_out: AtomicI64,
    /// Positions handed out with the time everything before them was known;
    /// the time becomes the last contact once the cache applied them.
    unconfirmed: Mutex<VecDeque<(Seq, Millis)>>,
    /// Conversations the live connection should fetch again (after a write
    /// of ours, or a contact blocked or unblocked).
    refresh: Mutex<Option<mpsc::UnboundedSender<i64>>>,
}

fn now_ms() -> Millis {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as Millis)
        .unwrap_or(0)
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

async fn store_call<T: Send + 'static>(
    store: &Store,
    call: impl FnOnce(&Store) -> Result<T, switchboard_store::StoreError> + Send + 'static,
) -> Result<T, SyncError> {
    let store = store.clone();
    tokio::task::spawn_blocking(move || call(&store))
        .await
        .map_err(|e| SyncError::Internal(format!("a local store call failed: {e}")))?
        .map_err(SyncError::from)
}

/// Numbers changes after a position, as events.
struct Numbered {
    seq: Seq,
    events: Vec<Event>,
}

impl Numbered {
    fn after(seq: Seq) -> Self {
        Numbered {
            seq,
            events: Vec::new(),
        }
    }

    fn next(&mut self) -> Seq {
        self.seq += 1;
        self.seq
    }

    fn push(&mut self, seq: Seq, change: Change) {
        self.events.push(Event {
            seq,
            id: format!("chatwoot-{seq}"),
            occurred_at: now_ms(),
            change,
        });
    }
}

impl ChatwootSource {
    /// A source for the account `config` names, keeping its last contact
    /// in `store` (the cache it feeds).
    pub fn new(config: ChatwootConfig, store: Store) -> Result<ChatwootSource, SyncError> {
        Ok(ChatwootSource {
            inner: Arc::new(Inner {
                api: Api::new(&config)?,
                config,
                store,
                profile: tokio::sync::Mutex::new(None),
                known: Mutex::new(HashMap::new()),
                newest_message: Mutex::new(HashMap::new()),
                handed_out: AtomicI64::new(0),
                unconfirmed: Mutex::new(VecDeque::new()),
                refresh: Mutex::new(None),
            }),
        })
    }
}

impl Inner {
    async fn profile(&self) -> Result<Profile, SyncError> {
        let mut cached = self.profile.lock().await;
        if let Some(profile) = &*cached {
            return Ok(profile.clone());
        }
        let profile = self.api.profile().await?;
        crate::me_of(&profile, self.config.account_id)?;
        *cached = Some(profile.clone());
        Ok(profile)
    }

    async fn checkpoint(&self) -> Result<Checkpoint, SyncError> {
        let stored = store_call(&self.store, |s| s.setting::<Checkpoint>(CHECKPOINT_KEY)).await?;
        Ok(stored.unwrap_or_default())
    }

    /// Positions up to `seq` were handed out, knowing every change before
    /// `contact_ms`.
    fn handed(&self, seq: Seq, contact_ms: Millis) {
        self.handed_out.fetch_max(seq, Ordering::SeqCst);
        lock(&self.unconfirmed).push_back((seq, contact_ms));
    }

    /// The cache applied everything up to `applied`: the newest contact
    /// handed out with such a position becomes the last contact.
    async fn confirm(&self, applied: Seq) -> Result<(), SyncError> {
        let contact = {
            let mut unconfirmed = lock(&self.unconfirmed);
            let mut contact = None;
            while unconfirmed.front().is_some_and(|(seq, _)| *seq <= applied) {
                contact = unconfirmed.pop_front().map(|(_, at)| at);
            }
            contact
        };
        let Some(contact) = contact else {
            return Ok(());
        };
        let seq = applied.max(self.handed_out.load(Ordering::SeqCst));
        let checkpoint = Checkpoint {
            contact_ms: Some(contact),
            seq,
        };
        store_call(&self.store, move |s| {
            s.set_setting(CHECKPOINT_KEY, &checkpoint)
        })
        .await
    }

    /// The cache's position, for confirming from the live connection.
    async fn applied(&self) -> Result<Option<Seq>, SyncError> {
        Ok(store_call(&self.store, |s| s.sync_position())
            .await?
            .applied_seq)
    }

    /// How the conversation was last known: as this source last mapped
    /// it, else as the cache holds it.
    async fn previous(&self, id: i64) -> Result<Option<Conversation>, SyncError> {
        if let Some(known) = lock(&self.known).get(&id) {
            return Ok(Some(known.clone()));
        }
        let cached = store_call(&self.store, move |s| s.conversation(id)).await?;
        Ok(cached.map(|d| d.conversation))
    }

    fn remember(&self, conversation: &Conversation) {
        lock(&self.known).insert(conversation.id, conversation.clone());
    }

    async fn newest_message_id(&self, id: i64) -> Result<Option<i64>, SyncError> {
        if let Some(known) = lock(&self.newest_message).get(&id) {
            return Ok(Some(*known));
        }
        let page = store_call(&self.store, move |s| s.messages(id, None, 1)).await?;
        Ok(page.messages.last().map(|m| m.id))
    }

    fn saw_message(&self, message: &Message) {
        let mut newest = lock(&self.newest_message);
        let entry = newest.entry(message.conversation_id).or_insert(message.id);
        *entry = (*entry).max(message.id);
    }

    /// The conversation's changes: its contact, its new state, and (with
    /// `fetch_messages`) every message after the newest one known.
    async fn conversation_changes(
        &self,
        c: &CwConversation,
        fetch_messages: bool,
        out: &mut Numbered,
    ) -> Result<Option<Conversation>, SyncError> {
        let previous = self.previous(c.id).await?;
        if let Some(sender) = &c.meta.sender {
            let seq = out.next();
            out.push(
                seq,
                Change::ContactUpserted {
                    contact: mapping::contact(sender, seq),
                },
            );
        }
        let seq = out.next();
        let Some(conversation) = mapping::conversation(c, previous.as_ref(), seq) else {
            tracing::warn!(
                id = c.id,
                "a Chatwoot conversation without its contact; skipped"
            );
            return Ok(None);
        };
        self.remember(&conversation);
        let change = if conversation.status == ConversationStatus::Transferred
            && previous.as_ref().map(|p| p.status) != Some(ConversationStatus::Transferred)
        {
            Change::ConversationTransferred {
                conversation: conversation.clone(),
            }
        } else {
            Change::ConversationUpdated {
                conversation: conversation.clone(),
            }
        };
        out.push(seq, change);
        let messages = if fetch_messages {
            self.messages_after_known(c.id).await?
        } else {
            c.messages.clone()
        };
        let mut conversation = conversation;
        for m in &messages {
            conversation = self.message_change(m, conversation, out);
        }
        Ok(Some(conversation))
    }

    /// Every message after the newest the cache holds (the newest 20 when
    /// it holds none: older ones come on demand).
    async fn messages_after_known(&self, id: i64) -> Result<Vec<CwMessage>, SyncError> {
        let Some(mut after) = self.newest_message_id(id).await? else {
            return self.api.messages(id, None, None).await;
        };
        let mut all = Vec::new();
        loop {
            let page = self.api.messages(id, None, Some(after)).await?;
            let full = page.len() >= AFTER_PAGE;
            match page.iter().map(|m| m.id).max() {
                Some(newest) if newest > after => after = newest,
                _ => {
                    all.extend(page);
                    return Ok(all);
                }
            }
            all.extend(page);
            if !full {
                return Ok(all);
            }
        }
    }

    /// A message as a change; returns the conversation as it now is.
    fn message_change(
        &self,
        m: &CwMessage,
        mut conversation: Conversation,
        out: &mut Numbered,
    ) -> Conversation {
        let seq = out.next();
        let Some(message) = mapping::message(m, seq) else {
            out.seq -= 1; // a private note: nothing to number
            return conversation;
        };
        self.saw_message(&message);
        conversation.last_activity_at = conversation.last_activity_at.max(message.created_at);
        if message.author != switchboard_protocol::Author::System && !message.text.is_empty() {
            conversation.last_message_preview = Some(message.text.clone());
        }
        conversation.updated_seq = seq;
        self.remember(&conversation);
        out.push(
            seq,
            Change::MessageCreated {
                message,
                conversation: conversation.clone(),
            },
        );
        conversation
    }

    /// What changed since the last contact, numbered after `applied`.
    async fn catch_up(&self, applied: Seq) -> Result<Numbered, SyncError> {
        self.confirm(applied).await?;
        let checkpoint = self.checkpoint().await?;
        let Some(contact) = checkpoint.contact_ms else {
            return Err(SyncError::CursorExpired {
                message: "no record of the last contact with Chatwoot".into(),
            });
        };
        let started = now_ms();
        let away = Duration::from_millis(started.saturating_sub(contact).max(0) as u64);
        if away > self.config.max_gap {
            return Err(SyncError::CursorExpired {
                message: format!(
                    "away from Chatwoot for {} min: rebuilding the cache",
                    away.as_secs() / 60
                ),
            });
        }
        let within = (away + self.config.catch_up_margin).as_secs();
        let changed = self.api.conversations_updated_within(within).await?;
        let mut out = Numbered::after(applied);
        for c in &changed {
            self.conversation_changes(c, true, &mut out).await?;
        }
        self.handed(out.seq, started);
        Ok(out)
    }

    /// One live event as changes.
    async fn cable_changes(&self, event: &CableEvent, out: &mut Numbered) -> Result<(), SyncError> {
        match event.event.as_str() {
            "message.created" | "message.updated" => {
                let m: CwMessage = decode(event)?;
                if m.private {
                    return Ok(());
                }
                let conversation = match self.previous(m.conversation_id).await? {
                    Some(known) => known,
                    None => {
                        // Not in the cache yet: fetch it whole.
                        let c = self.api.conversation(m.conversation_id).await?;
                        match self.conversation_changes(&c, false, out).await? {
                            Some(conversation) => conversation,
                            None => return Ok(()),
                        }
                    }
                };
                self.message_change(&m, conversation, out);
            }
            "conversation.created"
            | "conversation.status_changed"
            | "conversation.updated"
            | "conversation.opened"
            | "conversation.resolved"
            | "conversation.read"
            | "conversation.contact_changed"
            | "conversation.bot_handoff"
            | "assignee.changed"
            | "team.changed" => {
                let c: CwConversation = decode(event)?;
                self.conversation_changes(&c, false, out).await?;
            }
            "contact.updated" | "contact.created" => {
                let contact: CwContact = decode(event)?;
                let seq = out.next();
                out.push(
                    seq,
                    Change::ContactUpserted {
                        contact: mapping::contact(&contact, seq),
                    },
                );
                if let Some(blocked) = contact.blocked {
                    // Blocking shows on the contact's conversations: fetch
                    // those whose state says otherwise.
                    let stale: Vec<i64> = lock(&self.known)
                        .values()
                        .filter(|c| c.contact_id == contact.id)
                        .filter(|c| (c.assistant_state == AssistantState::Blocked) != blocked)
                        .map(|c| c.id)
                        .collect();
                    for id in stale {
                        let c = self.api.conversation(id).await?;
                        self.conversation_changes(&c, false, out).await?;
                    }
                }
            }
            other => tracing::trace!(event = other, "cable event not used"),
        }
        Ok(())
    }

    async fn send_all(items: &mpsc::Sender<StreamItem>, out: Numbered) -> Result<Seq, ()> {
        for event in out.events {
            items.send(StreamItem::Event(event)).await.map_err(drop)?;
        }
        Ok(out.seq)
    }

    /// The live connection's life: the room's events (and refreshes asked
    /// for by writes) as changes, until the connection ends.
    async fn follow(
        self: Arc<Self>,
        mut cable: Cable,
        mut seq: Seq,
        limits: StreamLimits,
        mut refresh: mpsc::UnboundedReceiver<i64>,
        items: mpsc::Sender<StreamItem>,
    ) {
        let mut checkpointed = tokio::time::Instant::now();
        let ended = loop {
            let mut out = Numbered::after(seq);
            let heard_at = now_ms();
            let step = tokio::select! {
                // A closed channel disables this branch (no busy loop).
                Some(id) = refresh.recv() => match self.api.conversation(id).await {
                    Ok(c) => self.conversation_changes(&c, true, &mut out).await.map(drop),
                    Err(error) => Err(error),
                },
                event = cable.next_event(limits.silence_timeout) => match event {
                    Ok(event) => self.cable_changes(&event, &mut out).await,
                    Err(error) => break error,
                },
            };
            match step {
                Ok(()) => {}
                Err(error @ SyncError::SignedOut { .. }) => break error,
                Err(error) => {
                    // One event that cannot be read is not the room's end;
                    // the next catch-up fetches whatever it was about.
                    tracing::warn!(%error, "a Chatwoot event not applied");
                }
            }
            match Self::send_all(&items, out).await {
                Ok(last) => seq = last,
                Err(()) => return, // the writer hung up
            }
            self.handed(seq, heard_at);
            if checkpointed.elapsed() >= CHECKPOINT_EVERY {
                checkpointed = tokio::time::Instant::now();
                if let Ok(Some(applied)) = self.applied().await {
                    let _ = self.confirm(applied).await;
                }
            }
        };
        *lock(&self.refresh) = None;
        let _ = items.send(StreamItem::Ended(ended)).await;
    }

    async fn open_live(
        self: Arc<Self>,
        applied: Seq,
        limits: StreamLimits,
        items: mpsc::Sender<StreamItem>,
    ) -> Result<LiveConnection, SyncError> {
        self.confirm(applied).await?;
        let profile = self.profile().await?;
        let cable = Cable::connect(
            self.api.base_url(),
            &profile.pubsub_token,
            self.api.account_id(),
            profile.id,
            self.config.request_timeout,
        )
        .await?;
        // Subscribed: from here on the room tells every change. What
        // changed between the catch-up and now is fetched once more.
        let caught_up = self.catch_up(applied).await?;
        let (refresh_tx, refresh) = mpsc::unbounded_channel();
        *lock(&self.refresh) = Some(refresh_tx);
        let inner = self.clone();
        Ok(Box::pin(async move {
            let Ok(seq) = Self::send_all(&items, caught_up).await else {
                return;
            };
            inner.follow(cable, seq, limits, refresh, items).await;
        }))
    }

    fn refresh_later(&self, id: i64) {
        if let Some(refresh) = &*lock(&self.refresh) {
            let _ = refresh.send(id);
        }
    }

    /// One page of the first sync: 25 conversations of any status, newest
    /// activity first, each with its contact and newest message.
    async fn first_sync_page(&self, token: Option<&str>) -> Result<BootstrapPage, SyncError> {
        let (page, snapshot_seq, started) = match token.and_then(parse_token) {
            Some(resumed) => resumed,
            None => {
                // A new first sync: forget what was known of the old cache.
                lock(&self.known).clear();
                lock(&self.newest_message).clear();
                let floor = self.checkpoint().await?.seq;
                let seq = floor.max(self.handed_out.load(Ordering::SeqCst));
                (1, seq, now_ms())
            }
        };
        let data = self.api.conversations_page("all", page).await?;
        let total = data.meta.all_count.unwrap_or(data.payload.len() as i64);
        let mut contacts: Vec<Contact> = Vec::new();
        let mut conversations = Vec::new();
        let mut messages = Vec::new();
        for c in &data.payload {
            if let Some(sender) = &c.meta.sender {
                contacts.push(mapping::contact(sender, snapshot_seq));
            }
            let Some(conversation) = mapping::conversation(c, None, snapshot_seq) else {
                continue;
            };
            self.remember(&conversation);
            conversations.push(conversation);
            for m in &c.messages {
                if let Some(message) = mapping::message(m, snapshot_seq) {
                    self.saw_message(&message);
                    messages.push(message);
                }
            }
        }
        let more = data.payload.len() >= PAGE_SIZE && (i64::from(page) * PAGE_SIZE as i64) < total;
        let next_page_token = more.then(|| format!("{}:{snapshot_seq}:{started}", page + 1));
        if !more {
            self.handed(snapshot_seq, started);
        }
        Ok(BootstrapPage {
            snapshot_seq,
            conversations,
            contacts,
            messages,
            next_page_token,
            total_conversations: total,
        })
    }

    async fn older_messages(
        &self,
        id: i64,
        before: Option<i64>,
    ) -> Result<MessagesPage, SyncError> {
        let page = self.api.messages(id, before, None).await?;
        // message_finder.rb: 20 before an id; fewer means the start.
        let has_more = page.len() >= 20;
        let mut messages: Vec<Message> =
            page.iter().filter_map(|m| mapping::message(m, 0)).collect();
        messages.sort_by_key(|m| std::cmp::Reverse(m.id));
        Ok(MessagesPage { messages, has_more })
    }

    /// Sends a write, never twice: a reply that may have landed is looked
    /// for first. Returns the conversation as it now is.
    async fn write(
        &self,
        id: i64,
        write: Write<'_>,
        identity: WriteIdentity<'_>,
    ) -> Result<WriteResult, SyncError> {
        let me = self.profile().await?;
        let previous = self.previous(id).await?;
        let mut message = None;
        match write {
            Write::Reply { text } => {
                let landed = if identity.maybe_delivered {
                    self.find_reply(id, text, me.id, identity.acted_at).await?
                } else {
                    None
                };
                let sent = match landed {
                    Some(found) => {
                        tracing::info!(
                            conversation = id,
                            "reply already delivered; not sent again"
                        );
                        found
                    }
                    None => {
                        // Whoever replies handles it, as on Switchboard's
                        // backend: a reply alone neither stops the bot on a
                        // pending conversation nor assigns a handed-off one
                        // (it would go on showing as waiting for a human).
                        // So take it first, as Chatwoot's dashboard does; a
                        // colleague's is taken over, since the screen asked
                        // its user before replying.
                        let bot_holds = previous.as_ref().is_some_and(|p| {
                            p.status == ConversationStatus::Open
                                && p.assistant_state == AssistantState::Active
                        });
                        let mine = previous
                            .as_ref()
                            .and_then(|p| p.assignee.as_ref())
                            .is_some_and(|a| a.id == me.id);
                        if bot_holds || !mine {
                            self.take(id, &me, true).await?;
                        }
                        self.api.create_message(id, text, identity.key).await?
                    }
                };
                message = mapping::message(&sent, 0);
            }
            Write::SetAssistant { state } => {
                let blocked =
                    previous.as_ref().map(|p| p.assistant_state) == Some(AssistantState::Blocked);
                match state {
                    AssistantState::Blocked => self.api.set_muted(id, true).await?,
                    AssistantState::Active => {
                        if blocked {
                            self.api.set_muted(id, false).await?;
                        }
                        self.api.toggle_status(id, "pending").await?;
                    }
                    AssistantState::Paused => {
                        if blocked {
                            self.api.set_muted(id, false).await?;
                        }
                        self.take(id, &me, true).await?;
                    }
                }
            }
            Write::Close => self.api.toggle_status(id, "resolved").await?,
            Write::Take { take_over } => self.take(id, &me, take_over).await?,
            Write::Release => self.api.assign(id, None).await?,
        }
        let fresh = self.api.conversation(id).await?;
        let seq = self.handed_out.load(Ordering::SeqCst) + 1;
        let conversation =
            mapping::conversation(&fresh, previous.as_ref(), seq).ok_or_else(|| {
                SyncError::Protocol(format!("conversation {id} came back without its contact"))
            })?;
        // The room tells the change too; fetching it again makes sure the
        // cache has it even if the event was missed.
        self.refresh_later(id);
        Ok(WriteResult {
            seq,
            conversation,
            message,
        })
    }

    /// Taking over, as Chatwoot's dashboard does: assign it to oneself and
    /// open it (which stops the bot). Someone else's is refused unless
    /// `take_over`.
    async fn take(&self, id: i64, me: &Profile, take_over: bool) -> Result<(), SyncError> {
        let current = self.api.conversation(id).await?;
        if let Some(holder) = current
            .meta
            .assignee
            .as_ref()
            .filter(|a| a.id != me.id && a.kind.as_deref().is_none_or(|k| k == "user"))
        {
            if !take_over {
                let name = holder
                    .available_name
                    .clone()
                    .or(holder.name.clone())
                    .unwrap_or_default();
                return Err(SyncError::Rejected {
                    status: 409,
                    code: switchboard_protocol::error_code::HANDLED_BY_SOMEONE_ELSE.into(),
                    message: format!("{name} is handling this conversation"),
                });
            }
        }
        // Assigned first, then opened: opened first, the room would show
        // it open and nobody's for a moment, which reads as the bot's
        // handoff (pending → open) and would notify everyone.
        self.api.assign(id, Some(me.id)).await?;
        if current.status != "open" {
            self.api.toggle_status(id, "open").await?;
        }
        Ok(())
    }

    /// A reply by `me` with this text, sent since `acted_at` (give or take
    /// the clocks): the earlier attempt landed and its answer was lost.
    async fn find_reply(
        &self,
        id: i64,
        text: &str,
        me: i64,
        acted_at: Millis,
    ) -> Result<Option<CwMessage>, SyncError> {
        let since = acted_at - CLOCK_SLACK_MS;
        let mut before = None;
        loop {
            let page = self.api.messages(id, before, None).await?;
            if let Some(found) = page.iter().rev().find(|m| {
                m.message_type == 1
                    && !m.private
                    && m.by_user()
                    && m.sender.as_ref().map(|s| s.id) == Some(me)
                    && m.content.as_deref() == Some(text)
            }) {
                return Ok(Some(found.clone()));
            }
            let oldest = page.iter().min_by_key(|m| m.id);
            match oldest {
                Some(oldest)
                    if page.len() >= 20
                        && oldest.created_at.map_or(0, |s| (s * 1000.0) as Millis) >= since =>
                {
                    before = Some(oldest.id)
                }
                _ => return Ok(None),
            }
        }
    }
}

fn decode<T: serde::de::DeserializeOwned>(event: &CableEvent) -> Result<T, SyncError> {
    serde_json::from_value(event.data.clone())
        .map_err(|e| SyncError::Protocol(format!("{}: {e}", event.event)))
}

/// `page:snapshot_seq:started_ms`.
fn parse_token(token: &str) -> Option<(u32, Seq, Millis)> {
    let mut parts = token.split(':');
    let page = parts.next()?.parse().ok()?;
    let seq = parts.next()?.parse().ok()?;
    let started = parts.next()?.parse().ok()?;
    Some((page, seq, started))
}

impl Source for ChatwootSource {
    fn me(&self) -> BoxFuture<'_, Result<Me, SyncError>> {
        Box::pin(async move {
            let profile = self.inner.profile().await?;
            crate::me_of(&profile, self.inner.config.account_id)
        })
    }

    fn first_sync_page<'a>(
        &'a self,
        page_token: Option<&'a str>,
        _limit: u32,
    ) -> BoxFuture<'a, Result<BootstrapPage, SyncError>> {
        Box::pin(self.inner.first_sync_page(page_token))
    }

    fn changes_after(
        &self,
        applied: Seq,
        _limit: u32,
    ) -> BoxFuture<'_, Result<ChangesPage, SyncError>> {
        Box::pin(async move {
            let out = self.inner.catch_up(applied).await?;
            Ok(ChangesPage {
                last_seq: out.seq,
                events: out.events.into_iter().map(Ok).collect(),
            })
        })
    }

    fn open_live(
        &self,
        applied: Seq,
        limits: StreamLimits,
        items: mpsc::Sender<StreamItem>,
    ) -> BoxFuture<'_, Result<LiveConnection, SyncError>> {
        Box::pin(self.inner.clone().open_live(applied, limits, items))
    }

    fn older_messages(
        &self,
        conversation_id: i64,
        before: Option<i64>,
        _limit: u32,
    ) -> BoxFuture<'_, Result<MessagesPage, SyncError>> {
        Box::pin(self.inner.older_messages(conversation_id, before))
    }

    fn history_page(
        &self,
        _before: Option<i64>,
        _limit: u32,
    ) -> BoxFuture<'_, Result<Option<MessagesPage>, SyncError>> {
        // Chatwoot lists messages per conversation only.
        Box::pin(async { Ok(None) })
    }

    fn write<'a>(
        &'a self,
        conversation_id: i64,
        write: Write<'a>,
        identity: WriteIdentity<'a>,
    ) -> BoxFuture<'a, Result<WriteResult, SyncError>> {
        Box::pin(self.inner.write(conversation_id, write, identity))
    }
}
