//! Every change of the backend's data, each with the product's rules,
//! written in a [`WriteTx`] that appends their events to the log.
//!
//! A change updates its rows and appends one event carrying the full new
//! state, with `updated_seq` set to that event's seq, in one transaction:
//! a reader never sees a change without its event or the other way round.

use std::collections::BTreeMap;
use std::time::Duration;

use rusqlite::{params, Connection, OptionalExtension};
use switchboard_protocol::{
    Assignee, AssistantState, Author, Change, Contact, Conversation, ConversationStatus, Me,
    Message, SystemEvent, WriteResult,
};

use crate::assistant;
use crate::error::{Error, Result};
use crate::event_log::WriteTx;
use crate::permissions::{self, Action};
use crate::reads::{self, CONTACT_COLUMNS};

/// Longest `last_message_preview`, in characters.
const PREVIEW_CHARS: usize = 120;

/// A new (or returning) customer, as given to [`start_conversation`].
///
/// A contact is returning when an existing contact has the same
/// `external_id`, else the same `chat_id`, else the same `email`, else the
/// same `phone`: its new conversation links to that contact.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewContact {
    pub name: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub external_id: Option<String>,
    pub chat_id: Option<String>,
    pub attributes: BTreeMap<String, String>,
}

impl NewContact {
    /// A contact known only by name.
    pub fn named(name: impl Into<String>) -> Self {
        NewContact {
            name: name.into(),
            ..NewContact::default()
        }
    }
}

/// Who made a state change, for the system message in the history.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Actor<'a> {
    Agent(&'a Me),
    /// The backend itself (the assistant, the simulator, a test script).
    Backend,
}

impl Actor<'_> {
    fn by(&self) -> String {
        match self.name() {
            Some(name) => format!(" by {name}"),
            None => String::new(),
        }
    }

    /// The agent's name, for a system event's `by`.
    fn name(&self) -> Option<String> {
        match self {
            Actor::Agent(me) => Some(me.name.clone()),
            Actor::Backend => None,
        }
    }

    /// Refuses what the agent's role may not do (the permission table);
    /// the backend itself may do anything.
    fn ensure_may(&self, action: Action) -> Result<()> {
        match self {
            Actor::Agent(me) if !permissions::allows(me.role, action) => {
                Err(Error::Forbidden(permissions::refusal(me.role, action)))
            }
            Actor::Agent(_) | Actor::Backend => Ok(()),
        }
    }
}

fn find_conversation(w: &WriteTx<'_>, id: i64) -> Result<Conversation> {
    reads::conversation(w.conn(), id)?.ok_or_else(|| Error::NotFound(format!("conversation {id}")))
}

fn ensure_not_closed(conversation: &Conversation, what: &str) -> Result<()> {
    match conversation.status {
        ConversationStatus::Closed => Err(Error::InvalidTransition(format!(
            "conversation {} is closed: cannot {what}",
            conversation.id
        ))),
        ConversationStatus::Open | ConversationStatus::Transferred => Ok(()),
    }
}

fn save_conversation(w: &WriteTx<'_>, c: &Conversation) -> Result<()> {
    w.conn()
        .prepare_cached(
            "UPDATE conversations SET status = ?2, assistant_state = ?3, transfer_reason = ?4, \
             transferred_at = ?5, last_activity_at = ?6, last_message_preview = ?7, updated_seq = ?8, \
             assignee_id = ?9, assignee_name = ?10 WHERE id = ?1",
        )?
        .execute(params![
            c.id,
            c.status,
            c.assistant_state,
            c.transfer_reason,
            c.transferred_at,
            c.last_activity_at,
            c.last_message_preview,
            c.updated_seq,
            c.assignee.as_ref().map(|a| a.id),
            c.assignee.as_ref().map(|a| a.name.as_str()),
        ])?;
    Ok(())
}

/// Shortens `text` for list rows, on a character boundary.
pub(crate) fn preview(text: &str) -> String {
    match text.char_indices().nth(PREVIEW_CHARS) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}

/// What a message means beyond its text (see `Message`): an unanswered
/// assistant reply, or the event a system message reports.
#[derive(Debug, Clone, Default)]
struct Meaning {
    unanswered: bool,
    event: Option<SystemEvent>,
}

/// Adds a message and appends its `message_created` event. System messages
/// move `last_activity_at` but leave the preview to what people wrote.
fn add_message(
    w: &mut WriteTx<'_>,
    conversation: &mut Conversation,
    author: Author,
    agent: Option<&Me>,
    text: &str,
    meaning: Meaning,
) -> Result<Message> {
    let seq = w.next_seq();
    let event_json = meaning
        .event
        .as_ref()
        .map(serde_json::to_string)
        .transpose()?;
    w.conn()
        .prepare_cached(
            "INSERT INTO messages (conversation_id, author, agent_id, agent_name, text, created_at, seq, \
             unanswered, event) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )?
        .execute(params![
            conversation.id,
            author,
            agent.map(|a| a.id),
            agent.map(|a| a.name.as_str()),
            text,
            w.now(),
            seq,
            meaning.unanswered,
            event_json
        ])?;
    let message = Message {
        id: w.conn().last_insert_rowid(),
        conversation_id: conversation.id,
        author,
        agent_id: agent.map(|a| a.id),
        agent_name: agent.map(|a| a.name.clone()),
        text: text.to_owned(),
        created_at: w.now(),
        seq,
        unanswered: reads::unanswered_of(author, meaning.unanswered),
        event: meaning.event,
    };
    conversation.last_activity_at = w.now();
    conversation.message_count = Some(conversation.message_count.unwrap_or(0) + 1);
    if author != Author::System {
        conversation.last_message_preview = Some(preview(text));
    }
    conversation.updated_seq = seq;
    save_conversation(w, conversation)?;
    w.append(Change::MessageCreated {
        message: message.clone(),
        conversation: conversation.clone(),
    })?;
    Ok(message)
}

/// Adds the system message that reports a state change, with its event.
fn add_system_message(
    w: &mut WriteTx<'_>,
    conversation: &mut Conversation,
    note: &str,
    event: SystemEvent,
) -> Result<Message> {
    let meaning = Meaning {
        unanswered: false,
        event: Some(event),
    };
    add_message(w, conversation, Author::System, None, note, meaning)
}

/// Saves a conversation's new state and appends `conversation_updated`
/// (or `conversation_transferred`).
fn update_conversation(
    w: &mut WriteTx<'_>,
    conversation: &mut Conversation,
    transferred: bool,
) -> Result<()> {
    conversation.last_activity_at = w.now();
    conversation.updated_seq = w.next_seq();
    save_conversation(w, conversation)?;
    let conversation = conversation.clone();
    w.append(if transferred {
        Change::ConversationTransferred { conversation }
    } else {
        Change::ConversationUpdated { conversation }
    })?;
    Ok(())
}

fn find_returning_contact(conn: &Connection, new: &NewContact) -> Result<Option<Contact>> {
    let keys = [
        ("external_id", &new.external_id),
        ("chat_id", &new.chat_id),
        ("email", &new.email),
        ("phone", &new.phone),
    ];
    for (column, value) in keys {
        let Some(value) = value else { continue };
        let found = conn
            .prepare_cached(&format!(
                "SELECT {CONTACT_COLUMNS} FROM contacts WHERE {column} = ?1 ORDER BY id LIMIT 1"
            ))?
            .query_row([value], reads::contact_from_row)
            .optional()?;
        if found.is_some() {
            return Ok(found);
        }
    }
    Ok(None)
}

/// Creates the contact, or updates a returning one with what is new.
/// Returns the contact and whether it changed.
fn upsert_contact(w: &mut WriteTx<'_>, new: &NewContact) -> Result<(Contact, bool)> {
    let seq = w.next_seq();
    if let Some(mut contact) = find_returning_contact(w.conn(), new)? {
        let before = contact.clone();
        if !new.name.is_empty() {
            contact.name = new.name.clone();
        }
        for (field, value) in [
            (&mut contact.phone, &new.phone),
            (&mut contact.email, &new.email),
            (&mut contact.external_id, &new.external_id),
            (&mut contact.chat_id, &new.chat_id),
        ] {
            if value.is_some() {
                field.clone_from(value);
            }
        }
        contact.attributes.extend(new.attributes.clone());
        if contact == before {
            return Ok((contact, false));
        }
        contact.updated_seq = seq;
        w.conn()
            .prepare_cached(
                "UPDATE contacts SET name = ?2, phone = ?3, email = ?4, external_id = ?5, chat_id = ?6, \
                 attributes = ?7, updated_seq = ?8 WHERE id = ?1",
            )?
            .execute(params![
                contact.id,
                contact.name,
                contact.phone,
                contact.email,
                contact.external_id,
                contact.chat_id,
                serde_json::to_string(&contact.attributes)?,
                contact.updated_seq
            ])?;
        return Ok((contact, true));
    }
    w.conn()
        .prepare_cached(
            "INSERT INTO contacts (name, phone, email, external_id, chat_id, attributes, created_at, updated_seq) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?
        .execute(params![
            new.name,
            new.phone,
            new.email,
            new.external_id,
            new.chat_id,
            serde_json::to_string(&new.attributes)?,
            w.now(),
            seq
        ])?;
    let contact = Contact {
        id: w.conn().last_insert_rowid(),
        name: new.name.clone(),
        phone: new.phone.clone(),
        email: new.email.clone(),
        external_id: new.external_id.clone(),
        chat_id: new.chat_id.clone(),
        attributes: new.attributes.clone(),
        created_at: w.now(),
        updated_seq: seq,
    };
    Ok((contact, true))
}

/// Starts a conversation with a new or returning contact: the assistant is
/// active and the conversation open. One `conversation_started` event
/// carries both.
pub(crate) fn start_conversation(
    w: &mut WriteTx<'_>,
    new: &NewContact,
    channel: &str,
) -> Result<(Conversation, Contact)> {
    if new.name.trim().is_empty() {
        return Err(Error::BadRequest("a contact needs a name".into()));
    }
    let (contact, _) = upsert_contact(w, new)?;
    open_conversation(w, contact, channel)
}

/// Starts a new conversation for an existing contact.
pub(crate) fn start_conversation_for_contact(
    w: &mut WriteTx<'_>,
    contact_id: i64,
    channel: &str,
) -> Result<(Conversation, Contact)> {
    let contact = reads::contact(w.conn(), contact_id)?
        .ok_or_else(|| Error::NotFound(format!("contact {contact_id}")))?;
    open_conversation(w, contact, channel)
}

fn open_conversation(
    w: &mut WriteTx<'_>,
    contact: Contact,
    channel: &str,
) -> Result<(Conversation, Contact)> {
    let seq = w.next_seq();
    w.conn()
        .prepare_cached(
            "INSERT INTO conversations (contact_id, channel, status, assistant_state, created_at, \
             last_activity_at, updated_seq) VALUES (?1, ?2, 'open', 'active', ?3, ?3, ?4)",
        )?
        .execute(params![contact.id, channel, w.now(), seq])?;
    let conversation = Conversation {
        id: w.conn().last_insert_rowid(),
        contact_id: contact.id,
        channel: channel.to_owned(),
        status: ConversationStatus::Open,
        assistant_state: AssistantState::Active,
        transfer_reason: None,
        transferred_at: None,
        created_at: w.now(),
        last_activity_at: w.now(),
        last_message_preview: None,
        message_count: Some(0),
        assignee: None,
        snooze: None,
        updated_seq: seq,
    };
    w.append(Change::ConversationStarted {
        conversation: conversation.clone(),
        contact: contact.clone(),
    })?;
    Ok((conversation, contact))
}

/// What a customer message produced: the message and, when the assistant
/// is active, its answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomerTurn {
    pub message: Message,
    pub answer: Option<Message>,
    pub conversation: Conversation,
}

/// A customer writes. The message is always kept; the assistant answers
/// only while it is active (not when paused or blocked).
pub(crate) fn customer_message(
    w: &mut WriteTx<'_>,
    conversation_id: i64,
    text: &str,
) -> Result<CustomerTurn> {
    let mut conversation = find_conversation(w, conversation_id)?;
    ensure_not_closed(&conversation, "add a customer message")?;
    let message = add_message(
        w,
        &mut conversation,
        Author::Customer,
        None,
        text,
        Meaning::default(),
    )?;
    let answer = match conversation.assistant_state {
        AssistantState::Active => {
            let answer = assistant::answer(text);
            Some(add_message(
                w,
                &mut conversation,
                Author::Assistant,
                None,
                &answer.text,
                Meaning {
                    unanswered: answer.unanswered,
                    event: None,
                },
            )?)
        }
        AssistantState::Paused | AssistantState::Blocked => None,
    };
    Ok(CustomerTurn {
        message,
        answer,
        conversation,
    })
}

/// An agent replies. A reply means a human took over, so an active
/// assistant is paused first (with its own event and system message).
pub(crate) fn agent_reply(
    w: &mut WriteTx<'_>,
    agent: &Me,
    conversation_id: i64,
    text: &str,
) -> Result<WriteResult> {
    Actor::Agent(agent).ensure_may(Action::Reply)?;
    if let Some(problem) = switchboard_protocol::reply_problem(text) {
        return Err(Error::BadRequest(problem));
    }
    let mut conversation = find_conversation(w, conversation_id)?;
    ensure_not_closed(&conversation, "reply")?;
    if conversation.assistant_state == AssistantState::Active {
        // Pausing assigns it to the agent too, in the same event.
        conversation = set_assistant(
            w,
            Actor::Agent(agent),
            conversation_id,
            AssistantState::Paused,
        )?
        .conversation;
    }
    if !held_by(&conversation, agent) {
        // Whoever replies handles it (taking it over when someone else
        // did: the client asked its user first).
        conversation.assignee = Some(assignee(agent));
        update_conversation(w, &mut conversation, false)?;
    }
    let message = add_message(
        w,
        &mut conversation,
        Author::Agent,
        Some(agent),
        text,
        Meaning::default(),
    )?;
    Ok(WriteResult {
        seq: message.seq,
        conversation,
        message: Some(message),
    })
}

/// Sets the assistant's state. Activating a transferred conversation
/// reopens it. Setting the current state changes nothing and appends no event.
/// An agent who pauses the assistant handles the conversation from then on
/// (taking it over from whoever did); resuming the assistant hands it back
/// to nobody. Blocking leaves the assignee as it was.
pub(crate) fn set_assistant(
    w: &mut WriteTx<'_>,
    actor: Actor<'_>,
    conversation_id: i64,
    state: AssistantState,
) -> Result<WriteResult> {
    let mut conversation = find_conversation(w, conversation_id)?;
    actor.ensure_may(Action::for_assistant_change(
        conversation.assistant_state,
        state,
    ))?;
    ensure_not_closed(&conversation, "change the assistant")?;
    let reopens =
        state == AssistantState::Active && conversation.status == ConversationStatus::Transferred;
    if conversation.assistant_state == state && !reopens {
        return Ok(WriteResult {
            seq: conversation.updated_seq,
            conversation,
            message: None,
        });
    }
    conversation.assistant_state = state;
    if reopens {
        conversation.status = ConversationStatus::Open;
    }
    match (state, actor) {
        (AssistantState::Active, _) => conversation.assignee = None,
        (AssistantState::Paused, Actor::Agent(me)) => conversation.assignee = Some(assignee(me)),
        (AssistantState::Paused, Actor::Backend) | (AssistantState::Blocked, _) => {}
    }
    update_conversation(w, &mut conversation, false)?;
    let by = actor.name();
    let (note, event) = match state {
        AssistantState::Active => (
            format!("Assistant resumed{}", actor.by()),
            SystemEvent::Resumed { by },
        ),
        AssistantState::Paused => (
            format!("Assistant paused{}", actor.by()),
            SystemEvent::Paused { by },
        ),
        AssistantState::Blocked => (
            format!("User blocked{}", actor.by()),
            SystemEvent::Blocked { by },
        ),
    };
    let message = add_system_message(w, &mut conversation, &note, event)?;
    Ok(WriteResult {
        seq: message.seq,
        conversation,
        message: None,
    })
}

/// Closes a conversation; nobody handles it any more. Closing a closed one
/// is an invalid transition.
pub(crate) fn close(
    w: &mut WriteTx<'_>,
    actor: Actor<'_>,
    conversation_id: i64,
) -> Result<WriteResult> {
    let mut conversation = find_conversation(w, conversation_id)?;
    actor.ensure_may(Action::Close)?;
    ensure_not_closed(&conversation, "close it again")?;
    conversation.status = ConversationStatus::Closed;
    conversation.assignee = None;
    update_conversation(w, &mut conversation, false)?;
    let note = format!("Conversation closed{}", actor.by());
    let event = SystemEvent::Closed { by: actor.name() };
    let message = add_system_message(w, &mut conversation, &note, event)?;
    Ok(WriteResult {
        seq: message.seq,
        conversation,
        message: None,
    })
}

/// Hands a conversation to a human: status `transferred`, reason and time
/// set, assistant paused; appends `conversation_transferred`. Only an open
/// conversation can be transferred. An agent who already handles it (they
/// paused the assistant) keeps it: the customer is not left unclaimed.
pub(crate) fn transfer(
    w: &mut WriteTx<'_>,
    conversation_id: i64,
    reason: &str,
) -> Result<Conversation> {
    let mut conversation = find_conversation(w, conversation_id)?;
    match conversation.status {
        ConversationStatus::Open => {}
        ConversationStatus::Transferred => {
            return Err(Error::InvalidTransition(format!(
                "conversation {conversation_id} is already transferred"
            )))
        }
        ConversationStatus::Closed => ensure_not_closed(&conversation, "transfer it")?,
    }
    conversation.status = ConversationStatus::Transferred;
    conversation.assistant_state = AssistantState::Paused;
    conversation.transfer_reason = Some(reason.to_owned());
    conversation.transferred_at = Some(w.now());
    update_conversation(w, &mut conversation, true)?;
    let note = format!("Transferred to a human: {reason}");
    let event = SystemEvent::Transferred {
        reason: reason.to_owned(),
    };
    add_system_message(w, &mut conversation, &note, event)?;
    Ok(conversation)
}

fn assignee(me: &Me) -> Assignee {
    Assignee {
        id: me.id,
        name: me.name.clone(),
    }
}

fn held_by(conversation: &Conversation, me: &Me) -> bool {
    conversation
        .assignee
        .as_ref()
        .is_some_and(|a| a.id == me.id)
}

/// The result of a write that changed nothing: the conversation as it is.
fn unchanged(conversation: Conversation) -> WriteResult {
    WriteResult {
        seq: conversation.updated_seq,
        conversation,
        message: None,
    }
}

/// An agent takes a conversation: they handle it from now on. Taking one
/// they already hold changes nothing; one another user holds only with
/// `take_over` (the client asked its user), else
/// [`Error::HandledBySomeoneElse`]. A closed conversation cannot be taken.
/// Appends `conversation_updated`.
pub(crate) fn take(
    w: &mut WriteTx<'_>,
    me: &Me,
    conversation_id: i64,
    take_over: bool,
) -> Result<WriteResult> {
    Actor::Agent(me).ensure_may(Action::Take)?;
    let mut conversation = find_conversation(w, conversation_id)?;
    if conversation.status == ConversationStatus::Closed {
        return Err(Error::ConversationClosed(format!(
            "conversation {conversation_id} is closed: nobody can take it"
        )));
    }
    match &conversation.assignee {
        Some(holder) if holder.id == me.id => return Ok(unchanged(conversation)),
        Some(holder) if !take_over => {
            return Err(Error::HandledBySomeoneElse(format!(
                "{} is handling conversation {conversation_id}",
                holder.name
            )))
        }
        Some(_) | None => {}
    }
    conversation.assignee = Some(assignee(me));
    update_conversation(w, &mut conversation, false)?;
    Ok(unchanged(conversation))
}

/// An agent releases a conversation: nobody handles it. Only its holder or
/// a manager may; anyone else gets [`Error::HandledBySomeoneElse`].
/// Releasing one nobody holds (closed ones included) changes nothing.
/// Appends `conversation_updated`.
pub(crate) fn release(w: &mut WriteTx<'_>, me: &Me, conversation_id: i64) -> Result<WriteResult> {
    let mut conversation = find_conversation(w, conversation_id)?;
    match &conversation.assignee {
        None => return Ok(unchanged(conversation)),
        // Refused as a conflict, not a 403: the client shows who handles it.
        Some(holder)
            if holder.id != me.id && !permissions::allows(me.role, Action::ReleaseOthers) =>
        {
            return Err(Error::HandledBySomeoneElse(format!(
                "{} is handling conversation {conversation_id}; only they or a manager can release it",
                holder.name
            )))
        }
        Some(_) => {}
    }
    conversation.assignee = None;
    update_conversation(w, &mut conversation, false)?;
    Ok(unchanged(conversation))
}

/// Runs an agent write once per `(user, key)`: a repeated key with the same
/// fingerprint returns the stored result and changes nothing; with another
/// fingerprint it is [`Error::IdempotencyMismatch`]. Only successes are
/// stored: a failed write changed nothing, so its retry is evaluated afresh.
/// Records older than `retention` are deleted first (by anyone's write):
/// a key is remembered that long, which must outlast a client's retries.
pub(crate) fn idempotent(
    w: &mut WriteTx<'_>,
    user_id: i64,
    key: &str,
    fingerprint: &str,
    retention: Duration,
    op: impl FnOnce(&mut WriteTx<'_>) -> Result<WriteResult>,
) -> Result<WriteResult> {
    let retention = i64::try_from(retention.as_millis()).unwrap_or(i64::MAX);
    w.conn()
        .prepare_cached("DELETE FROM idempotency WHERE created_at < ?1")?
        .execute([w.now().saturating_sub(retention)])?;
    let stored: Option<(String, String)> = w
        .conn()
        .prepare_cached(
            "SELECT fingerprint, response FROM idempotency WHERE user_id = ?1 AND key = ?2",
        )?
        .query_row(params![user_id, key], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    if let Some((stored_fingerprint, response)) = stored {
        if stored_fingerprint != fingerprint {
            return Err(Error::IdempotencyMismatch);
        }
        return Ok(serde_json::from_str(&response)?);
    }
    let result = op(w)?;
    w.conn()
        .prepare_cached(
            "INSERT INTO idempotency (user_id, key, fingerprint, response, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?
        .execute(params![user_id, key, fingerprint, serde_json::to_string(&result)?, w.now()])?;
    Ok(result)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::open_writer;
    use switchboard_protocol::Millis;

    const DAY: i64 = 24 * 60 * 60 * 1000;

    /// Runs one idempotent write of `key` at `now` with a 7-day retention;
    /// returns whether the operation itself ran (false: the stored result).
    fn write_at(conn: &mut Connection, now: Millis, key: &str) -> bool {
        let mut ran = false;
        let mut w = WriteTx::begin(conn, now).unwrap();
        let retention = Duration::from_millis((7 * DAY) as u64);
        idempotent(&mut w, 1, key, "POST close 1", retention, |w| {
            ran = true;
            let conversation = find_conversation(w, 1)?;
            Ok(WriteResult {
                seq: conversation.updated_seq,
                conversation,
                message: None,
            })
        })
        .unwrap();
        w.commit(None).unwrap();
        ran
    }

    fn records(conn: &Connection) -> Vec<String> {
        let mut stmt = conn
            .prepare("SELECT key FROM idempotency ORDER BY key")
            .unwrap();
        let keys = stmt.query_map([], |r| r.get(0)).unwrap();
        keys.collect::<rusqlite::Result<_>>().unwrap()
    }

    #[test]
    fn idempotency_records_are_kept_for_the_retention_and_pruned_after_it() {
        let dir = tempfile::tempdir().unwrap();
        let mut conn = open_writer(&dir.path().join("backend.db")).unwrap();
        conn.execute_batch(
            "INSERT INTO users (id, name, role, token_hash, created_at) VALUES (1, 'Ana', 'agent', 'h', 0);
             INSERT INTO contacts (id, name, created_at, updated_seq) VALUES (1, 'Eva', 0, 0);
             INSERT INTO conversations (id, contact_id, channel, status, assistant_state, created_at,
                 last_activity_at, updated_seq) VALUES (1, 1, 'web', 'open', 'active', 0, 0, 0);",
        )
        .unwrap();
        let t0 = 1_700_000_000_000;

        assert!(write_at(&mut conn, t0, "old"), "a new key runs the write");
        assert!(write_at(&mut conn, t0 + 3 * DAY, "newer"));
        assert!(
            !write_at(&mut conn, t0 + 7 * DAY - 1, "old"),
            "a retry within the retention gets the stored result, not a second write"
        );
        assert!(write_at(&mut conn, t0 + 7 * DAY + 1, "other"));
        assert_eq!(
            records(&conn),
            ["newer", "other"],
            "any write prunes the records older than the retention, and only those"
        );
        assert!(
            write_at(&mut conn, t0 + 7 * DAY + 2, "old"),
            "a key past the retention is forgotten: its reuse is a new write"
        );
    }
}
