//! Chatwoot's JSON, and what it means in Switchboard's terms.
//!
//! Chatwoot has no "assistant state" or "transferred" of its own; they are
//! read from its conversation status, assignee and contact:
//!
//! | Chatwoot                                  | Switchboard                         |
//! |-------------------------------------------|-------------------------------------|
//! | `pending`                                 | open, assistant active              |
//! | `open`, was `pending` (the bot handed off) | transferred, assistant paused       |
//! | `open`, assigned to a user                | open, assistant paused, that user   |
//! | `open`, unassigned, was taken             | open, assistant paused (released)   |
//! | `resolved`                                | closed                              |
//! | `snoozed`                                 | open, assistant paused, snoozed     |
//! | `open`, unassigned, was snoozed           | transferred (someone waits again)   |
//! | contact `blocked` / conversation `muted`  | assistant blocked                   |
//!
//! `snoozed` (put off by a human until `snoozed_until`, or until the
//! customer writes when that is null) is not the assistant's, nobody waits
//! and it is not closed: it is open, paused, with the assignee Chatwoot
//! names, and carries its [`Snooze`]. It comes back `open` when the
//! customer writes (app/models/message.rb: reopen_conversation) or when the
//! time is up (app/jobs/conversations/reopen_snoozed_conversations_job.rb);
//! back and nobody's, it waits for a person again.
//!
//! Every entity carries the `updated_seq` it is given: Chatwoot has no
//! versions, so the source passes the position this cache applies it at.

use std::collections::BTreeMap;

use serde::Deserialize;
use switchboard_protocol::{
    Assignee, AssistantState, Author, Contact, Conversation, ConversationStatus, Message, Millis,
    Seq, Snooze,
};

/// A conversation as Chatwoot sends it: the list and show endpoints
/// (app/views/api/v1/conversations/partials/_conversation.json.jbuilder)
/// and ActionCable's `conversation.*` events
/// (app/presenters/conversations/event_data_presenter.rb: push_data). Only
/// what the mapping reads; every field is optional where one of the two
/// omits it.
#[derive(Debug, Clone, Deserialize)]
pub struct CwConversation {
    /// The per-account `display_id` (both shapes name it `id`): what the
    /// dashboard shows and every endpoint takes, so Switchboard's id too.
    pub id: i64,
    /// `open`, `resolved`, `pending` or `snoozed`
    /// (app/models/conversation.rb: `enum status`).
    pub status: String,
    #[serde(default)]
    pub meta: CwMeta,
    /// Events name the channel type here; the list, in `meta.channel`.
    #[serde(default)]
    pub channel: Option<String>,
    /// The newest message (the list sends one, events the newest chat one).
    #[serde(default)]
    pub messages: Vec<CwMessage>,
    /// The jbuilder's `muted` (`conversation.muted?`, the contact blocked);
    /// events carry `meta.sender.blocked` instead.
    #[serde(default)]
    pub muted: Option<bool>,
    #[serde(default)]
    pub created_at: Option<f64>,
    /// `last_activity_at.to_i` (both shapes).
    #[serde(default)]
    pub last_activity_at: Option<f64>,
    #[serde(default)]
    pub timestamp: Option<f64>,
    /// Since when the customer waits for a human answer; 0 when nobody
    /// waits (`waiting_since.to_i`).
    #[serde(default)]
    pub waiting_since: Option<f64>,
    /// Events only (`updated_at.to_f`).
    #[serde(default)]
    pub updated_at: Option<f64>,
    /// Until when a `snoozed` conversation sleeps: a datetime, which both
    /// the jbuilder and `push_data` render as an ISO 8601 string; null
    /// while not snoozed, or snoozed until the customer's next message.
    #[serde(default)]
    pub snoozed_until: Option<serde_json::Value>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct CwMeta {
    pub sender: Option<CwContact>,
    /// The channel type, e.g. `Channel::Whatsapp`.
    pub channel: Option<String>,
    pub assignee: Option<CwSender>,
    /// Events: `User` or `AgentBot` (conversation.rb: `assignee_type`).
    pub assignee_type: Option<String>,
}

/// A contact: app/views/api/v1/models/_contact.json.jbuilder, or its
/// `push_event_data` in events.
#[derive(Debug, Clone, Deserialize)]
pub struct CwContact {
    pub id: i64,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub phone_number: Option<String>,
    #[serde(default)]
    pub identifier: Option<String>,
    #[serde(default)]
    pub blocked: Option<bool>,
    #[serde(default)]
    pub custom_attributes: Option<serde_json::Map<String, serde_json::Value>>,
    #[serde(default)]
    pub additional_attributes: Option<serde_json::Map<String, serde_json::Value>>,
    #[serde(default)]
    pub created_at: Option<f64>,
}

/// Who wrote a message or is assigned: a user's, bot's or contact's
/// `push_event_data`, with its `type` (`user`, `agent_bot`,
/// `captain_assistant`, `contact`).
#[derive(Debug, Clone, Deserialize)]
pub struct CwSender {
    pub id: i64,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub available_name: Option<String>,
    #[serde(default, rename = "type")]
    pub kind: Option<String>,
}

/// A message: app/views/api/v1/accounts/conversations/messages/partials/_message.json.jbuilder
/// and app/models/message.rb `push_event_data` (events, and the newest
/// message inside a conversation).
#[derive(Debug, Clone, Deserialize)]
pub struct CwMessage {
    pub id: i64,
    #[serde(default)]
    pub content: Option<String>,
    /// The conversation's display_id (both shapes).
    pub conversation_id: i64,
    /// `message_type_before_type_cast`: 0 incoming, 1 outgoing, 2
    /// activity, 3 template (app/models/message.rb: `enum message_type`).
    pub message_type: i64,
    #[serde(default)]
    pub created_at: Option<f64>,
    #[serde(default)]
    pub private: bool,
    /// `User`, `AgentBot`, `Contact`, `Captain::Assistant` (events).
    #[serde(default)]
    pub sender_type: Option<String>,
    #[serde(default)]
    pub sender: Option<CwSender>,
    /// The create call's `echo_id`, echoed back (not stored by Chatwoot).
    #[serde(default)]
    pub echo_id: Option<String>,
    #[serde(default)]
    pub attachments: Option<Vec<serde_json::Value>>,
}

impl CwMessage {
    /// Written by a person signed in to Chatwoot (not a bot, not the contact).
    pub fn by_user(&self) -> bool {
        match (&self.sender_type, &self.sender) {
            (Some(kind), _) => kind == "User",
            (None, Some(sender)) => sender.kind.as_deref() == Some("user"),
            (None, None) => false,
        }
    }
}

fn millis(seconds: Option<f64>) -> Option<Millis> {
    seconds.filter(|s| *s > 0.0).map(|s| (s * 1000.0) as Millis)
}

/// The reason shown for a handoff: Chatwoot records none (Captain and Agent
/// Bots only set the status).
pub const HANDOFF_REASON: &str = "The assistant handed the conversation to a person";
/// An unassigned open conversation first seen as such (an inbox without a
/// bot, or a handoff that happened while nobody watched).
pub const WAITING_REASON: &str = "Waiting for an agent";

/// Maps a message; `None` for what is not part of the conversation with
/// the customer: private notes (app/models/message.rb: `scope :chat`
/// leaves out `private`).
pub fn message(m: &CwMessage, seq: Seq) -> Option<Message> {
    if m.private {
        return None;
    }
    let author = match m.message_type {
        0 => Author::Customer,
        // Outgoing: a person's reply when a user wrote it; anything else
        // (an Agent Bot, Captain, an automation) is the assistant.
        1 if m.by_user() => Author::Agent,
        1 | 3 => Author::Assistant,
        // Activity: "Conversation was marked resolved by Ana", …
        _ => Author::System,
    };
    let (agent_id, agent_name) = match (author, &m.sender) {
        (Author::Agent, Some(sender)) => (Some(sender.id), sender_name(sender)),
        _ => (None, None),
    };
    let text = match m.content.as_deref() {
        Some(text) if !text.is_empty() => text.to_owned(),
        _ if m.attachments.as_ref().is_some_and(|a| !a.is_empty()) => "(attachment)".to_owned(),
        _ => String::new(),
    };
    Some(Message {
        id: m.id,
        conversation_id: m.conversation_id,
        author,
        agent_id,
        agent_name,
        text,
        created_at: millis(m.created_at).unwrap_or(0),
        seq,
        unanswered: None,
        event: None,
    })
}

fn sender_name(sender: &CwSender) -> Option<String> {
    sender
        .available_name
        .clone()
        .filter(|n| !n.is_empty())
        .or_else(|| sender.name.clone())
}

/// Maps a contact.
pub fn contact(c: &CwContact, seq: Seq) -> Contact {
    let mut attributes = BTreeMap::new();
    for map in [&c.additional_attributes, &c.custom_attributes]
        .into_iter()
        .flatten()
    {
        for (key, value) in map {
            let text = match value {
                serde_json::Value::String(s) => s.clone(),
                serde_json::Value::Null => continue,
                other => other.to_string(),
            };
            attributes.insert(key.clone(), text);
        }
    }
    let name = c
        .name
        .clone()
        .filter(|n| !n.trim().is_empty())
        .or_else(|| c.phone_number.clone())
        .or_else(|| c.email.clone())
        .unwrap_or_default();
    Contact {
        id: c.id,
        name,
        phone: c.phone_number.clone().filter(|p| !p.is_empty()),
        email: c.email.clone().filter(|e| !e.is_empty()),
        external_id: c.identifier.clone().filter(|i| !i.is_empty()),
        chat_id: None,
        attributes,
        created_at: millis(c.created_at).unwrap_or(0),
        updated_seq: seq,
    }
}

/// Maps a conversation. `previous`: how this cache last knew it (a handoff
/// is a change, pending → open, so it needs the state before), `None` when
/// first seen. `contact_id`: Chatwoot's contact, from `meta.sender` or,
/// when an event lacks it, what the cache holds.
pub fn conversation(
    c: &CwConversation,
    previous: Option<&Conversation>,
    seq: Seq,
) -> Option<Conversation> {
    let contact_id = c
        .meta
        .sender
        .as_ref()
        .map(|s| s.id)
        .or(previous.map(|p| p.contact_id))?;
    let human = c.meta.assignee.as_ref().filter(|a| {
        // Events say `assignee_type`; the list's `meta.assignee` is a user
        // (an agent's partial) unless its `type` says otherwise.
        match c.meta.assignee_type.as_deref() {
            Some(kind) => kind == "User",
            None => a.kind.as_deref().is_none_or(|k| k == "user"),
        }
    });
    let assignee = human.map(|a| Assignee {
        id: a.id,
        name: sender_name(a).unwrap_or_default(),
    });
    let blocked = c
        .muted
        .or_else(|| c.meta.sender.as_ref().and_then(|s| s.blocked))
        .unwrap_or(false);
    let was = previous.map(|p| (p.status, p.assistant_state));
    let waiting_since = millis(c.waiting_since);
    let activity = millis(c.last_activity_at.or(c.timestamp))
        .or(millis(c.created_at))
        .unwrap_or(0);

    let (status, assistant_state, transfer) = match c.status.as_str() {
        "pending" => (ConversationStatus::Open, AssistantState::Active, None),
        "open" if assignee.is_some() => (ConversationStatus::Open, AssistantState::Paused, None),
        "open" => match was {
            // Still the same handoff: keep its time, or the ledger would
            // see a new one.
            Some((ConversationStatus::Transferred, _)) => (
                ConversationStatus::Transferred,
                AssistantState::Paused,
                previous.and_then(|p| {
                    Some((
                        p.transfer_reason.clone()?,
                        p.transferred_at.or(waiting_since)?,
                    ))
                }),
            ),
            // The bot handed off: pending → open (conversations_controller.rb:
            // toggle_status, `bot_handoff!`).
            Some((ConversationStatus::Open, AssistantState::Active)) => (
                ConversationStatus::Transferred,
                AssistantState::Paused,
                Some((
                    HANDOFF_REASON.to_owned(),
                    handoff_time(waiting_since, c, activity),
                )),
            ),
            // Was taken and is no longer: released, nobody new waits.
            Some((ConversationStatus::Open, _)) if previous.is_none_or(|p| p.snooze.is_none()) => {
                (ConversationStatus::Open, AssistantState::Paused, None)
            }
            // First seen, reopened from resolved, or back from a snooze with
            // nobody on it: someone waits for a person.
            _ => (
                ConversationStatus::Transferred,
                AssistantState::Paused,
                Some((
                    WAITING_REASON.to_owned(),
                    handoff_time(waiting_since, c, activity),
                )),
            ),
        },
        "resolved" => (ConversationStatus::Closed, AssistantState::Active, None),
        // "snoozed" (see `snooze` below), or a status a newer Chatwoot
        // adds: not the assistant's, nobody waits, not closed.
        _ => (ConversationStatus::Open, AssistantState::Paused, None),
    };
    let snooze = (c.status == "snoozed").then(|| Snooze {
        until: c.snoozed_until.as_ref().and_then(datetime_millis),
    });
    let assistant_state = if blocked {
        AssistantState::Blocked
    } else {
        assistant_state
    };
    // A transfer keeps its reason and time after it is taken or closed, as
    // the Switchboard backend does ("when its status is or was last").
    let (transfer_reason, transferred_at) = match transfer {
        Some((reason, at)) => (Some(reason), Some(at)),
        None => previous
            .map(|p| (p.transfer_reason.clone(), p.transferred_at))
            .unwrap_or((None, None)),
    };
    let preview = c
        .messages
        .iter()
        .filter(|m| !m.private && m.message_type != 2)
        .max_by_key(|m| m.id)
        .and_then(|m| m.content.clone())
        .or_else(|| previous.and_then(|p| p.last_message_preview.clone()));
    Some(Conversation {
        id: c.id,
        contact_id,
        channel: channel_name(c.meta.channel.as_deref().or(c.channel.as_deref())),
        status,
        assistant_state,
        transfer_reason,
        transferred_at,
        created_at: millis(c.created_at).unwrap_or(activity),
        last_activity_at: activity,
        last_message_preview: preview,
        message_count: None,
        assignee,
        snooze,
        updated_seq: seq,
    })
}

/// A Rails datetime as JSON renders it (ISO 8601, e.g.
/// `2025-12-02T14:00:00.000Z`); seconds since the epoch are read too.
fn datetime_millis(value: &serde_json::Value) -> Option<Millis> {
    match value {
        serde_json::Value::String(text) => chrono::DateTime::parse_from_rfc3339(text)
            .ok()
            .map(|t| t.timestamp_millis()),
        serde_json::Value::Number(n) => millis(n.as_f64()),
        _ => None,
    }
}

/// When a handoff happened, the same each time it is read (the ledger keys
/// a transfer by conversation and time): since when the customer waits,
/// which Chatwoot keeps until a person answers; else the change's own time.
fn handoff_time(waiting_since: Option<Millis>, c: &CwConversation, activity: Millis) -> Millis {
    waiting_since.or(millis(c.updated_at)).unwrap_or(activity)
}

/// `Channel::Whatsapp` → `whatsapp`, `Channel::WebWidget` → `web`.
pub fn channel_name(channel_type: Option<&str>) -> String {
    let Some(channel_type) = channel_type else {
        return "chatwoot".to_owned();
    };
    let short = channel_type
        .strip_prefix("Channel::")
        .unwrap_or(channel_type);
    match short {
        "WebWidget" => "web".to_owned(),
        other => other.to_ascii_lowercase(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// A conversation as the list endpoint renders it (the jbuilder's fields).
    fn listed(status: &str, assignee: Option<serde_json::Value>) -> CwConversation {
        let mut meta = json!({
            "sender": {"id": 7, "name": "Maria Souza", "email": "maria@example.com",
                       "phone_number": "+5511987654321", "identifier": "crm-1",
                       "custom_attributes": {"plan": "gold"}, "thumbnail": "",
                       "additional_attributes": {"city": "Recife"}, "created_at": 1_700_000_000},
            "channel": "Channel::Whatsapp",
            "hmac_verified": false
        });
        if let Some(assignee) = assignee {
            meta["assignee"] = assignee;
        }
        serde_json::from_value(json!({
            "meta": meta,
            "id": 42,
            "messages": [{"id": 900, "content": "Where is my order?", "inbox_id": 1,
                          "conversation_id": 42, "message_type": 0, "created_at": 1_700_000_100,
                          "private": false, "sender_type": "Contact",
                          "sender": {"id": 7, "name": "Maria Souza", "type": "contact"}}],
            "account_id": 1, "uuid": "c0ffee", "additional_attributes": {},
            "agent_last_seen_at": 0, "assignee_last_seen_at": 0, "can_reply": true,
            "contact_last_seen_at": 0, "custom_attributes": {}, "inbox_id": 1, "labels": [],
            "muted": false, "snoozed_until": null, "status": status,
            "created_at": 1_700_000_000, "timestamp": 1_700_000_100,
            "first_reply_created_at": 0, "unread_count": 1,
            "last_activity_at": 1_700_000_100, "priority": null,
            "waiting_since": 1_700_000_050, "sla_policy_id": null
        }))
        .expect("the list's conversation shape")
    }

    fn agent() -> serde_json::Value {
        json!({"id": 3, "account_id": 1, "availability_status": "online", "auto_offline": true,
               "confirmed": true, "email": "ana@example.com", "available_name": "Ana Agent",
               "name": "Ana", "role": "agent", "thumbnail": ""})
    }

    #[test]
    fn pending_is_the_assistant_at_work() {
        let c = conversation(&listed("pending", None), None, 5).unwrap();
        assert_eq!(c.id, 42, "display_id is the conversation's id");
        assert_eq!(
            (c.status, c.assistant_state),
            (ConversationStatus::Open, AssistantState::Active),
            "pending is how Chatwoot keeps a conversation with its bot"
        );
        assert_eq!(c.transferred_at, None, "no handoff yet");
        assert_eq!(c.channel, "whatsapp");
        assert_eq!(
            c.last_message_preview.as_deref(),
            Some("Where is my order?")
        );
        assert_eq!(c.updated_seq, 5, "the version is the cache's position");
    }

    #[test]
    fn open_after_pending_is_a_handoff_timed_by_the_wait() {
        let before = conversation(&listed("pending", None), None, 1).unwrap();
        let after = conversation(&listed("open", None), Some(&before), 2).unwrap();
        assert_eq!(
            after.status,
            ConversationStatus::Transferred,
            "pending → open is the bot's handoff"
        );
        assert_eq!(after.assistant_state, AssistantState::Paused);
        assert_eq!(after.transfer_reason.as_deref(), Some(HANDOFF_REASON));
        assert_eq!(
            after.transferred_at,
            Some(1_700_000_050_000),
            "the handoff is timed by waiting_since, which reads the same on every fetch"
        );
        let again = conversation(&listed("open", None), Some(&after), 3).unwrap();
        assert_eq!(
            again.transferred_at, after.transferred_at,
            "reading the same handoff again must give the same ledger key"
        );
    }

    #[test]
    fn open_and_assigned_to_a_person_is_taken() {
        let before = conversation(&listed("open", None), None, 1).unwrap();
        let taken = conversation(&listed("open", Some(agent())), Some(&before), 2).unwrap();
        assert_eq!(
            (taken.status, taken.assistant_state),
            (ConversationStatus::Open, AssistantState::Paused),
            "a person holds it"
        );
        assert_eq!(
            taken.assignee,
            Some(Assignee {
                id: 3,
                name: "Ana Agent".into()
            }),
            "the screen says who, by the name Chatwoot shows"
        );
        assert_eq!(
            taken.transferred_at, before.transferred_at,
            "the transfer it came from stays on record"
        );
        let released = conversation(&listed("open", None), Some(&taken), 3).unwrap();
        assert_eq!(
            released.status,
            ConversationStatus::Open,
            "unassigning a taken conversation is no new handoff"
        );
    }

    #[test]
    fn resolved_is_closed_and_muted_is_blocked() {
        let closed = conversation(&listed("resolved", None), None, 1).unwrap();
        assert_eq!(closed.status, ConversationStatus::Closed);
        let mut muted = listed("resolved", None);
        muted.muted = Some(true);
        let blocked = conversation(&muted, None, 2).unwrap();
        assert_eq!(
            blocked.assistant_state,
            AssistantState::Blocked,
            "mute blocks the contact (conversation.rb: mute!)"
        );
    }

    #[test]
    fn snoozed_is_neither_waiting_nor_the_assistants_nor_closed() {
        let c = conversation(&listed("snoozed", None), None, 1).unwrap();
        assert_eq!(
            (c.status, c.assistant_state),
            (ConversationStatus::Open, AssistantState::Paused)
        );
        assert_eq!(
            c.transferred_at, None,
            "a snoozed conversation notifies nobody"
        );
        assert_eq!(
            c.snooze,
            Some(Snooze { until: None }),
            "snoozed_until null: snoozed until the customer's next message"
        );
    }

    #[test]
    fn snoozed_until_is_read_as_rails_renders_a_datetime() {
        let mut snoozed = listed("snoozed", None);
        snoozed.snoozed_until = Some(json!("2025-12-02T14:00:00.000Z"));
        let c = conversation(&snoozed, None, 1).unwrap();
        assert_eq!(
            c.snooze.and_then(|s| s.until),
            Some(1_764_684_000_000),
            "the jbuilder and push_data render snoozed_until as ISO 8601"
        );
        let mut open = listed("open", None);
        open.snoozed_until = Some(json!("2025-12-02T14:00:00.000Z"));
        assert_eq!(
            conversation(&open, None, 2).unwrap().snooze,
            None,
            "only a snoozed conversation is snoozed, whatever snoozed_until says"
        );
    }

    #[test]
    fn a_snoozed_conversation_back_with_nobody_on_it_waits_for_a_person() {
        let snoozed = conversation(&listed("snoozed", None), None, 1).unwrap();
        let woken = conversation(&listed("open", None), Some(&snoozed), 2).unwrap();
        assert_eq!(
            woken.status,
            ConversationStatus::Transferred,
            "the customer wrote (or the time is up) and nobody handles it"
        );
        assert_eq!(woken.snooze, None);
        let mine = conversation(
            &listed(
                "open",
                Some(json!({"id": 3, "name": "Ana", "available_name": "Ana"})),
            ),
            Some(&snoozed),
            3,
        )
        .unwrap();
        assert_eq!(
            mine.status,
            ConversationStatus::Open,
            "back to its assignee, it is theirs: nobody else waits"
        );
    }

    #[test]
    fn an_event_without_muted_reads_the_contacts_blocked_flag() {
        let event: CwConversation = serde_json::from_value(json!({
            "additional_attributes": {}, "can_reply": true, "channel": "Channel::Api",
            "id": 42, "inbox_id": 1, "messages": [], "labels": [],
            "meta": {"sender": {"id": 7, "name": "Maria", "blocked": true, "type": "contact"},
                     "assignee": null, "assignee_type": null, "team": null},
            "status": "pending", "custom_attributes": {}, "snoozed_until": null,
            "unread_count": 0, "first_reply_created_at": null, "priority": null,
            "waiting_since": 0, "agent_last_seen_at": 0, "contact_last_seen_at": 0,
            "last_activity_at": 1_700_000_200, "timestamp": 1_700_000_200,
            "created_at": 1_700_000_000, "updated_at": 1_700_000_200.123, "account_id": 1
        }))
        .expect("the event's conversation shape");
        let c = conversation(&event, None, 1).unwrap();
        assert_eq!(c.assistant_state, AssistantState::Blocked);
        assert_eq!(c.channel, "api");
    }

    #[test]
    fn an_agent_bots_assignment_is_not_a_person_taking_it() {
        let mut c = listed(
            "open",
            Some(json!({"id": 9, "name": "Bot", "type": "agent_bot"})),
        );
        c.meta.assignee_type = Some("AgentBot".into());
        let mapped = conversation(&c, None, 1).unwrap();
        assert_eq!(mapped.assignee, None);
        assert_eq!(mapped.status, ConversationStatus::Transferred);
    }

    fn msg(value: serde_json::Value) -> CwMessage {
        serde_json::from_value(value).expect("message shape")
    }

    #[test]
    fn message_types_map_to_authors_and_private_notes_stay_out() {
        let base = |message_type: i64, sender: serde_json::Value, sender_type: &str| {
            msg(
                json!({"id": 1, "content": "hi", "conversation_id": 42, "message_type": message_type,
                       "created_at": 1_700_000_000, "private": false, "sender_type": sender_type,
                       "sender": sender}),
            )
        };
        let customer =
            message(&base(0, json!({"id": 7, "type": "contact"}), "Contact"), 1).unwrap();
        assert_eq!(customer.author, Author::Customer);
        let person = message(&base(1, agent(), "User"), 1).unwrap();
        assert_eq!(person.author, Author::Agent);
        assert_eq!(
            (person.agent_id, person.agent_name.as_deref()),
            (Some(3), Some("Ana Agent"))
        );
        let bot = message(
            &base(
                1,
                json!({"id": 9, "name": "Bot", "type": "agent_bot"}),
                "AgentBot",
            ),
            1,
        )
        .unwrap();
        assert_eq!(
            bot.author,
            Author::Assistant,
            "an Agent Bot's reply is the assistant's"
        );
        let captain = message(
            &base(
                1,
                json!({"id": 2, "name": "Captain", "type": "captain_assistant"}),
                "Captain::Assistant",
            ),
            1,
        )
        .unwrap();
        assert_eq!(captain.author, Author::Assistant);
        let activity = message(&base(2, serde_json::Value::Null, ""), 1).unwrap();
        assert_eq!(activity.author, Author::System);
        assert_eq!(
            activity.created_at, 1_700_000_000_000,
            "seconds become milliseconds"
        );
        let mut note = base(1, agent(), "User");
        note.private = true;
        assert_eq!(
            message(&note, 1),
            None,
            "a private note is not a customer message"
        );
    }

    #[test]
    fn the_message_list_shape_without_sender_type_still_names_a_person() {
        let listed = msg(
            json!({"id": 5, "content": "On it", "inbox_id": 1, "conversation_id": 42,
                                "message_type": 1, "content_type": "text", "content_attributes": {},
                                "created_at": 1_700_000_000, "private": false, "source_id": null,
                                "sender": {"id": 3, "name": "Ana", "available_name": "Ana Agent",
                                           "type": "user"}}),
        );
        assert_eq!(message(&listed, 1).unwrap().author, Author::Agent);
    }

    #[test]
    fn contacts_keep_their_attributes_as_text() {
        let c = listed("pending", None).meta.sender.unwrap();
        let mapped = contact(&c, 4);
        assert_eq!(mapped.name, "Maria Souza");
        assert_eq!(mapped.phone.as_deref(), Some("+5511987654321"));
        assert_eq!(
            mapped.external_id.as_deref(),
            Some("crm-1"),
            "identifier is the business's own id"
        );
        assert_eq!(
            mapped.attributes.get("plan").map(String::as_str),
            Some("gold")
        );
        assert_eq!(
            mapped.attributes.get("city").map(String::as_str),
            Some("Recife")
        );
    }
}
