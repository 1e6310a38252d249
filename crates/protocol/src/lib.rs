//! Wire types of the Switchboard assistant backend API, version 1.
//!
//! This crate owns the JSON shapes that cross the network between the
//! reference backend (`switchboard-backend`) and the desktop client
//! (`switchboard-sync`, `switchboard-store`). It is plain data: no I/O, no
//! clocks, no business rules. `docs/protocol.md` is the prose contract; these
//! types are its single source of truth.
//!
//! Conventions:
//! - ids are server-assigned positive integers (`i64`);
//! - times are milliseconds since the Unix epoch, UTC (`i64`);
//! - every entity carries `updated_seq`, the `seq` of the event that last
//!   changed it, so a client can ignore anything older than what it holds and
//!   applying the same event twice is harmless;
//! - an enum without data has one text name per variant, its serde name,
//!   which the databases store too: `as_str` and `FromStr` (and, with the
//!   `rusqlite` feature, `ToSql`/`FromSql`) use that one mapping.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Position in the server's gapless event log.
pub type Seq = i64;
/// Milliseconds since the Unix epoch, UTC.
pub type Millis = i64;

/// Text that names no variant of an enum (read from a database or typed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownName {
    /// The enum's type name, e.g. `ConversationStatus`.
    pub kind: &'static str,
    pub text: String,
}

impl fmt::Display for UnknownName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?} names no {}", self.text, self.kind)
    }
}

impl std::error::Error for UnknownName {}

/// Gives a data-less enum its text names, written once: `as_str`,
/// `FromStr`, `ALL`, and with the `rusqlite` feature `ToSql`/`FromSql` (the
/// databases store these names). They must equal serde's names; a test
/// checks every variant, so the wire and the databases cannot disagree.
/// `as_str` matches exhaustively, so `ALL` cannot miss a variant.
macro_rules! text_names {
    ($kind:ident { $($variant:ident => $name:literal,)+ }) => {
        impl $kind {
            /// Every variant, in declaration order.
            pub const ALL: &'static [$kind] = &[$($kind::$variant),+];

            /// The variant's name on the wire and in the databases.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $($kind::$variant => $name,)+
                }
            }
        }

        impl FromStr for $kind {
            type Err = UnknownName;

            fn from_str(text: &str) -> Result<Self, UnknownName> {
                match text {
                    $($name => Ok($kind::$variant),)+
                    _ => Err(UnknownName {
                        kind: stringify!($kind),
                        text: text.to_owned(),
                    }),
                }
            }
        }

        #[cfg(feature = "rusqlite")]
        impl rusqlite::types::ToSql for $kind {
            fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
                Ok(self.as_str().into())
            }
        }

        #[cfg(feature = "rusqlite")]
        impl rusqlite::types::FromSql for $kind {
            fn column_result(
                value: rusqlite::types::ValueRef<'_>,
            ) -> rusqlite::types::FromSqlResult<Self> {
                value
                    .as_str()?
                    .parse()
                    .map_err(|e| rusqlite::types::FromSqlError::Other(Box::new(e)))
            }
        }
    };
}

/// Who a bearer token belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Agent,
    Manager,
}

text_names!(Role {
    Agent => "agent",
    Manager => "manager",
});

/// `GET /v1/me`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Me {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    pub role: Role,
}

/// The user who handles a conversation (`Conversation::assignee`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Assignee {
    /// The user's id, as `Me::id`.
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
}

/// Put off by a person until later (Chatwoot's `snoozed`): nobody waits
/// for an answer meanwhile, and the conversation comes back by itself.
/// The reference backend never snoozes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Snooze {
    /// When it comes back; `None`: when the customer next writes.
    #[ts(type = "number | null")]
    pub until: Option<Millis>,
}

/// A customer, as collected by the assistant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Contact {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    /// As the customer typed it: formats vary (`+55 11 98765-4321`).
    pub phone: Option<String>,
    pub email: Option<String>,
    /// The customer's id in the business's own systems.
    pub external_id: Option<String>,
    /// The id of the chat on its channel (WhatsApp, web chat, …).
    pub chat_id: Option<String>,
    /// Other data the assistant collected, free-form.
    pub attributes: BTreeMap<String, String>,
    #[ts(type = "number")]
    pub created_at: Millis,
    #[ts(type = "number")]
    pub updated_seq: Seq,
}

/// Where a conversation stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ConversationStatus {
    /// The assistant (or an agent) is handling it.
    Open,
    /// Ended.
    Closed,
    /// Handed off to a human: the customer is waiting.
    Transferred,
}

text_names!(ConversationStatus {
    Open => "open",
    Closed => "closed",
    Transferred => "transferred",
});

/// Whether the assistant answers the customer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AssistantState {
    /// The assistant answers every customer message.
    Active,
    /// A human has taken over: the assistant stays silent, agents reply.
    Paused,
    /// The customer can no longer interact with the assistant; their
    /// messages are kept and never answered.
    Blocked,
}

text_names!(AssistantState {
    Active => "active",
    Paused => "paused",
    Blocked => "blocked",
});

/// A conversation between one contact and the assistant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Conversation {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub contact_id: i64,
    /// `whatsapp`, `web`, `email`, … (free-form).
    pub channel: String,
    pub status: ConversationStatus,
    pub assistant_state: AssistantState,
    /// Why it was transferred, when its status is (or was last) transferred.
    pub transfer_reason: Option<String>,
    /// When it was last transferred. With `id`, identifies one transfer.
    #[ts(type = "number | null")]
    pub transferred_at: Option<Millis>,
    #[ts(type = "number")]
    pub created_at: Millis,
    /// Time of the newest message or state change.
    #[ts(type = "number")]
    pub last_activity_at: Millis,
    /// The newest message's text, shortened by the server for list rows.
    pub last_message_preview: Option<String>,
    /// How many messages the conversation has on the server, system
    /// messages included: a client holds its whole history when it holds
    /// this many. `None` where a server cannot tell; older servers omit it.
    #[serde(default)]
    #[ts(type = "number | null")]
    pub message_count: Option<i64>,
    /// Who handles it: set by taking it, pausing the assistant or replying;
    /// cleared by releasing it, resuming the assistant or closing it.
    /// `None`: nobody (older servers omit it).
    #[serde(default)]
    pub assignee: Option<Assignee>,
    /// Snoozed by a person, and until when; `None`: not snoozed (servers
    /// without snoozing omit it).
    #[serde(default)]
    pub snooze: Option<Snooze>,
    #[ts(type = "number")]
    pub updated_seq: Seq,
}

/// Who wrote a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Author {
    Customer,
    Assistant,
    /// A human agent; `agent_id` and `agent_name` say who.
    Agent,
    /// A state change shown in the history (transferred, paused, closed, …).
    System,
}

text_names!(Author {
    Customer => "customer",
    Assistant => "assistant",
    Agent => "agent",
    System => "system",
});

/// One message. Messages are immutable once created.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Message {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub conversation_id: i64,
    pub author: Author,
    #[ts(type = "number | null")]
    pub agent_id: Option<i64>,
    pub agent_name: Option<String>,
    pub text: String,
    #[ts(type = "number")]
    pub created_at: Millis,
    #[ts(type = "number")]
    pub seq: Seq,
    /// Assistant messages: whether the assistant could not answer (its
    /// fallback reply, "I couldn't find information about that"). `None`
    /// (absent or `null`): the server does not say, as older servers and
    /// other authors' messages; a client may then judge by the text, never
    /// when this is present.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub unanswered: Option<bool>,
    /// System messages only: the state change the message reports, as
    /// data, so a client never parses the prose. Older servers omit it. A
    /// new kind is a protocol change: servers add kinds only with a new
    /// API version.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub event: Option<SystemEvent>,
}

/// What a system message reports, as data (its `text` is the same for
/// people). Tagged by `kind`, e.g. `{"kind":"transferred","reason":"…"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SystemEvent {
    /// Handed to a human, for `reason`.
    Transferred { reason: String },
    /// The assistant was paused; `by` names the agent, `None`: the backend.
    Paused { by: Option<String> },
    /// The assistant answers again (a transferred conversation reopens).
    Resumed { by: Option<String> },
    /// The customer was blocked from the assistant.
    Blocked { by: Option<String> },
    /// The conversation was closed.
    Closed { by: Option<String> },
}

/// `GET /v1/sync/bootstrap?limit=&page_token=`: one page of the snapshot.
///
/// Pages are keyed by conversation id; each page carries its conversations,
/// their contacts and their most recent messages. Entities on later pages may
/// be newer than `snapshot_seq`; the client applies events after
/// `snapshot_seq` anyway, and `updated_seq` makes that harmless.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BootstrapPage {
    /// The log position the snapshot started at; the client streams events
    /// after it once the last page is applied. Same value on every page.
    #[ts(type = "number")]
    pub snapshot_seq: Seq,
    pub conversations: Vec<Conversation>,
    pub contacts: Vec<Contact>,
    pub messages: Vec<Message>,
    /// Opaque; absent on the last page. Stays valid, so an interrupted
    /// bootstrap resumes from the last page it stored.
    pub next_page_token: Option<String>,
    /// Conversations in the whole snapshot, for a progress bar.
    #[ts(type = "number")]
    pub total_conversations: i64,
}

/// A change, as recorded in the server's event log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Event {
    /// Gapless, strictly increasing position in the log.
    #[ts(type = "number")]
    pub seq: Seq,
    /// Unique id of the event (a UUID).
    pub id: String,
    #[ts(type = "number")]
    pub occurred_at: Millis,
    #[serde(flatten)]
    pub change: Change,
}

/// What an event changed, carrying the full new state of each entity.
///
/// Serialized with a `type` tag next to the other event fields, e.g.
/// `{"seq":7,"id":"…","occurred_at":…,"type":"message_created","message":{…},"conversation":{…}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Change {
    /// A contact was created or its data changed.
    ContactUpserted { contact: Contact },
    /// A conversation started (with its contact, which may be a returning one).
    ConversationStarted {
        conversation: Conversation,
        contact: Contact,
    },
    /// A conversation's status, assistant state or assignee changed (paused,
    /// resumed, blocked, closed, reopened, taken, released). Transfers have
    /// their own event.
    ConversationUpdated { conversation: Conversation },
    /// The conversation was handed to a human: status `transferred`,
    /// assistant paused, `transfer_reason` and `transferred_at` set.
    ConversationTransferred { conversation: Conversation },
    /// A message was added; `conversation` is its new state (last activity,
    /// preview).
    MessageCreated {
        message: Message,
        conversation: Conversation,
    },
}

impl Change {
    /// The event type name, as in the SSE `event:` field and the JSON `type`.
    pub fn type_name(&self) -> &'static str {
        match self {
            Change::ContactUpserted { .. } => "contact_upserted",
            Change::ConversationStarted { .. } => "conversation_started",
            Change::ConversationUpdated { .. } => "conversation_updated",
            Change::ConversationTransferred { .. } => "conversation_transferred",
            Change::MessageCreated { .. } => "message_created",
        }
    }
}

/// `GET /v1/sync/events?after=N&limit=`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EventsPage {
    /// Events with `seq > after`, in order, at most `limit`.
    pub events: Vec<Event>,
    /// The newest seq in the server's log (not only of this page): the
    /// client is caught up when its cursor reaches it.
    #[ts(type = "number")]
    pub last_seq: Seq,
}

/// `POST /v1/conversations/{id}/messages` body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SendMessageRequest {
    /// At most [`MAX_REPLY_CHARS`] characters, not only white space (see
    /// [`reply_problem`]; the pattern lists Rust's white space exactly).
    #[cfg_attr(
        feature = "openapi",
        schema(
            max_length = 10000,
            pattern = r"[^\t\n\x0B\f\r \u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]"
        )
    )]
    pub text: String,
}

/// `PUT /v1/conversations/{id}/assistant` body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SetAssistantRequest {
    pub state: AssistantState,
}

/// `POST /v1/conversations/{id}/take` body.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct TakeRequest {
    /// Take it even when another user handles it (the user was asked).
    /// Without it, that is a `409 handled_by_someone_else`.
    #[serde(default)]
    pub take_over: bool,
}

/// Response of every agent write: the log position it was committed at and
/// the conversation's new state (plus the message, for a reply).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WriteResult {
    #[ts(type = "number")]
    pub seq: Seq,
    pub conversation: Conversation,
    pub message: Option<Message>,
}

/// `GET /v1/conversations/{id}/messages?before=&limit=`: older history,
/// newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MessagesPage {
    /// Newest first, all with `id < before`.
    pub messages: Vec<Message>,
    /// Whether older messages remain.
    pub has_more: bool,
}

/// `GET /v1/contacts/{id}/conversations`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContactConversations {
    pub contact: Contact,
    /// Newest activity first.
    pub conversations: Vec<Conversation>,
}

/// Every error response of the API, whatever the status code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiError {
    /// Stable, machine-readable: see [`error_code`].
    pub code: String,
    /// For humans; never parsed.
    pub message: String,
}

/// The `code` values of [`ApiError`].
pub mod error_code {
    /// 400: a query parameter or path segment is malformed.
    pub const BAD_REQUEST: &str = "bad_request";
    /// 400/422: the body is not valid JSON of the expected shape.
    pub const INVALID_BODY: &str = "invalid_body";
    /// 401: missing, unknown, revoked or expired bearer token.
    pub const UNAUTHORIZED: &str = "unauthorized";
    /// 403: the token's role may not do this (see the permission table).
    pub const FORBIDDEN: &str = "forbidden";
    /// 404: no such conversation, contact or route.
    pub const NOT_FOUND: &str = "not_found";
    /// 409: the change is not allowed in the entity's current state.
    pub const INVALID_TRANSITION: &str = "invalid_transition";
    /// 409: another user handles the conversation (the message names who):
    /// a take without `take_over`, or a release of someone else's.
    pub const HANDLED_BY_SOMEONE_ELSE: &str = "handled_by_someone_else";
    /// 409: the conversation is closed: nobody can take it.
    pub const CONVERSATION_CLOSED: &str = "conversation_closed";
    /// 410: the cursor is older than the retained log; re-bootstrap.
    pub const CURSOR_EXPIRED: &str = "cursor_expired";
    /// 408: the request (headers and body) did not arrive in time.
    pub const REQUEST_TIMEOUT: &str = "request_timeout";
    /// 429: the token already has as many event streams open as allowed.
    pub const TOO_MANY_STREAMS: &str = "too_many_streams";
    /// 413: the body is larger than the server accepts.
    pub const PAYLOAD_TOO_LARGE: &str = "payload_too_large";
    /// 422: the idempotency key was used before with a different request.
    pub const IDEMPOTENCY_MISMATCH: &str = "idempotency_key_reused";
    /// 400: a write without an `Idempotency-Key` header.
    pub const MISSING_IDEMPOTENCY_KEY: &str = "missing_idempotency_key";
    /// 500: the server failed; the request may be retried.
    pub const INTERNAL: &str = "internal";
}

/// The header every agent write must carry.
pub const IDEMPOTENCY_KEY_HEADER: &str = "Idempotency-Key";

/// The longest agent reply, in characters (Unicode scalar values), that the
/// server accepts; a client refuses a longer one before queueing it, so a
/// reply is never accepted offline only to be rejected once online.
pub const MAX_REPLY_CHARS: usize = 10_000;

/// Why an agent reply can never be sent, if so: empty (or only white
/// space), or longer than [`MAX_REPLY_CHARS`]. Shared by the server, which
/// answers 400, and the client, which refuses it before queueing.
pub fn reply_problem(text: &str) -> Option<String> {
    if text.trim().is_empty() {
        return Some("a reply needs some text".to_owned());
    }
    let chars = text.chars().count();
    (chars > MAX_REPLY_CHARS)
        .then(|| format!("a reply is at most {MAX_REPLY_CHARS} characters; this one has {chars}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn conversation() -> Conversation {
        Conversation {
            id: 3,
            contact_id: 9,
            channel: "whatsapp".into(),
            status: ConversationStatus::Transferred,
            assistant_state: AssistantState::Paused,
            transfer_reason: Some("price negotiation".into()),
            transferred_at: Some(1_700_000_000_000),
            created_at: 1_699_999_000_000,
            last_activity_at: 1_700_000_000_000,
            last_message_preview: Some("Can I talk to a person?".into()),
            message_count: Some(4),
            assignee: Some(Assignee {
                id: 1,
                name: "Ana".into(),
            }),
            snooze: None,
            updated_seq: 42,
        }
    }

    #[test]
    fn event_serializes_with_a_flat_type_tag() {
        let event = Event {
            seq: 42,
            id: "0b7c".into(),
            occurred_at: 1_700_000_000_000,
            change: Change::ConversationTransferred {
                conversation: conversation(),
            },
        };
        let json = serde_json::to_value(&event).unwrap();
        assert_eq!(
            json["type"], "conversation_transferred",
            "the type tag sits beside seq and id, as the SSE `event:` field names it"
        );
        assert_eq!(json["seq"], 42);
        assert_eq!(json["conversation"]["status"], "transferred");
        assert_eq!(
            json["type"],
            event.change.type_name(),
            "type_name must match the serialized tag"
        );
        let back: Event = serde_json::from_value(json).unwrap();
        assert_eq!(back, event, "an event must survive a JSON round trip");
    }

    #[test]
    fn unknown_event_type_is_a_decode_error_not_a_panic() {
        let raw = r#"{"seq":1,"id":"x","occurred_at":0,"type":"weather_changed"}"#;
        assert!(
            serde_json::from_str::<Event>(raw).is_err(),
            "the client must be able to detect and report unknown event types"
        );
    }

    /// Checks, for every variant, that its text name is serde's and that
    /// the name reads back as the same variant.
    fn names_equal_serde<T>(all: &[T], as_str: fn(T) -> &'static str)
    where
        T: Copy
            + fmt::Debug
            + PartialEq
            + Serialize
            + serde::de::DeserializeOwned
            + FromStr<Err = UnknownName>,
    {
        for &variant in all {
            let name = as_str(variant);
            assert_eq!(
                serde_json::to_value(variant).unwrap(),
                serde_json::Value::from(name),
                "the database name of {variant:?} must be its wire name"
            );
            assert_eq!(
                name.parse::<T>(),
                Ok(variant),
                "{name:?} must read back as {variant:?}"
            );
        }
    }

    #[test]
    fn every_text_name_is_the_serde_name() {
        names_equal_serde(Role::ALL, Role::as_str);
        names_equal_serde(ConversationStatus::ALL, ConversationStatus::as_str);
        names_equal_serde(AssistantState::ALL, AssistantState::as_str);
        names_equal_serde(Author::ALL, Author::as_str);
    }

    #[test]
    fn an_unknown_name_is_an_error_that_says_what_it_is_not() {
        let error = "snoozed".parse::<AssistantState>().unwrap_err();
        assert_eq!(
            error.to_string(),
            "\"snoozed\" names no AssistantState",
            "a bad value read from a database must be reported, not mistaken for a variant"
        );
        assert!(
            "Open".parse::<ConversationStatus>().is_err(),
            "names are exact: serde would refuse `Open` too"
        );
    }

    #[cfg(feature = "rusqlite")]
    #[test]
    fn every_variant_round_trips_through_a_sqlite_text_column() {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        for &author in Author::ALL {
            let (text, back): (String, Author) = conn
                .query_row("SELECT ?1, ?1", [author], |r| Ok((r.get(0)?, r.get(1)?)))
                .unwrap();
            assert_eq!(text, author.as_str(), "stored as its text name");
            assert_eq!(back, author, "and read back as the same variant");
        }
        let unknown = conn.query_row("SELECT 'robot'", [], |r| r.get::<_, Author>(0));
        assert!(
            matches!(
                unknown,
                Err(rusqlite::Error::FromSqlConversionFailure(0, _, _))
            ),
            "an unknown name is a conversion error, got {unknown:?}"
        );
    }

    #[test]
    fn a_conversation_from_an_older_server_has_no_assignee() {
        let mut json = serde_json::to_value(conversation()).unwrap();
        json.as_object_mut().unwrap().remove("assignee");
        let read: Conversation = serde_json::from_value(json).unwrap();
        assert_eq!(
            read.assignee, None,
            "a server that predates ownership omits the field: nobody handles it"
        );
    }

    #[test]
    fn a_take_without_a_body_field_is_not_a_take_over() {
        let take: TakeRequest = serde_json::from_str("{}").unwrap();
        assert!(
            !take.take_over,
            "taking someone else's conversation must be asked for explicitly"
        );
    }

    #[test]
    fn a_message_from_an_older_server_has_no_marker_and_no_event() {
        let raw = r#"{"id":1,"conversation_id":2,"author":"assistant","agent_id":null,
            "agent_name":null,"text":"I couldn't find information about that.",
            "created_at":0,"seq":3}"#;
        let message: Message = serde_json::from_str(raw).unwrap();
        assert!(
            message.unanswered.is_none() && message.event.is_none(),
            "both fields are optional on the wire: older servers must still decode"
        );
    }

    #[test]
    fn system_events_are_tagged_by_kind_and_unknown_kinds_still_decode() {
        let event = SystemEvent::Transferred {
            reason: "price negotiation".into(),
        };
        assert_eq!(
            serde_json::to_value(&event).unwrap(),
            serde_json::json!({"kind": "transferred", "reason": "price negotiation"}),
            "the wire shape documented in docs/protocol.md"
        );
        let back: SystemEvent = serde_json::from_str(r#"{"kind":"paused","by":null}"#).unwrap();
        assert_eq!(
            back,
            SystemEvent::Paused { by: None },
            "`by` is null when the backend itself made the change"
        );
    }

    #[test]
    fn write_requests_reject_unknown_fields() {
        let raw = r#"{"text":"hi","admin":true}"#;
        assert!(
            serde_json::from_str::<SendMessageRequest>(raw).is_err(),
            "a typo in a write must be a 4xx, not silently ignored"
        );
    }
}
