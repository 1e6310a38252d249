//! What the fake Chatwoot holds: one account, its users, contacts,
//! conversations and messages, and how they are looked up. How they
//! change is `world.rs`; how they are shown, `views.rs`.

use std::time::{SystemTime, UNIX_EPOCH};

pub const ACCOUNT_ID: u64 = 1;
pub const INBOX_ID: u64 = 1;

/// Seconds since the epoch, with the fraction Chatwoot keeps in `updated_at`.
pub fn now() -> f64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs_f64())
        .unwrap_or(0.0)
}

#[derive(Clone, Debug)]
pub struct User {
    pub id: u64,
    pub name: String,
    pub email: String,
    pub access_token: String,
    pub pubsub_token: String,
}

#[derive(Clone, Debug)]
pub struct Bot {
    pub id: u64,
    pub name: String,
    pub access_token: String,
}

#[derive(Clone, Debug)]
pub struct Contact {
    pub id: u64,
    pub name: String,
    pub email: Option<String>,
    pub phone_number: Option<String>,
    pub identifier: Option<String>,
    pub blocked: bool,
    pub created_at: f64,
    pub last_activity_at: f64,
}

/// Chatwoot's `Conversation.statuses` (app/models/conversation.rb).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    Open,
    Resolved,
    Pending,
    Snoozed,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Open => "open",
            Status::Resolved => "resolved",
            Status::Pending => "pending",
            Status::Snoozed => "snoozed",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        match s {
            "open" => Some(Status::Open),
            "resolved" => Some(Status::Resolved),
            "pending" => Some(Status::Pending),
            "snoozed" => Some(Status::Snoozed),
            _ => None,
        }
    }
}

#[derive(Clone, Debug)]
pub struct Conversation {
    /// The per-account `display_id`; the API never shows the table id.
    pub display_id: u64,
    pub uuid: String,
    pub contact_id: u64,
    pub status: Status,
    pub assignee_id: Option<u64>,
    pub created_at: f64,
    pub updated_at: f64,
    pub last_activity_at: f64,
    pub first_reply_created_at: Option<f64>,
    pub waiting_since: Option<f64>,
    pub agent_last_seen_at: Option<f64>,
    /// Until when a `snoozed` conversation sleeps; `None` while not
    /// snoozed, or snoozed until the contact's next message.
    pub snoozed_until: Option<f64>,
}

/// Who wrote a message: Chatwoot's polymorphic `sender`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sender {
    Contact(u64),
    User(u64),
    Bot,
    /// Activity messages have no sender.
    None,
}

/// `Message.message_types` (app/models/message.rb).
pub const INCOMING: u8 = 0;
pub const OUTGOING: u8 = 1;
pub const ACTIVITY: u8 = 2;

#[derive(Clone, Debug)]
pub struct Message {
    pub id: u64,
    pub display_id: u64,
    pub content: String,
    pub message_type: u8,
    pub private: bool,
    pub sender: Sender,
    pub echo_id: Option<String>,
    pub created_at: f64,
}

pub struct World {
    pub users: Vec<User>,
    pub bot: Bot,
    pub contacts: Vec<Contact>,
    pub conversations: Vec<Conversation>,
    pub messages: Vec<Message>,
    pub(crate) next_message_id: u64,
    pub(crate) next_contact_id: u64,
    pub(crate) next_display_id: u64,
}

/// Who performs a change through the API: Chatwoot's `Current.user`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Actor {
    User(u64),
    Bot,
}

impl World {
    pub fn new(agent_token: String, colleague_token: String, bot_token: String) -> World {
        World {
            users: vec![
                User {
                    id: 1,
                    name: "Ana Agent".into(),
                    email: "ana@example.com".into(),
                    access_token: agent_token,
                    pubsub_token: "pubsub-ana-7Qk2".into(),
                },
                User {
                    id: 2,
                    name: "Carl Colleague".into(),
                    email: "carl@example.com".into(),
                    access_token: colleague_token,
                    pubsub_token: "pubsub-carl-9Xw4".into(),
                },
            ],
            bot: Bot {
                id: 1,
                name: "Assistant Bot".into(),
                access_token: bot_token,
            },
            contacts: Vec::new(),
            conversations: Vec::new(),
            messages: Vec::new(),
            next_message_id: 1,
            next_contact_id: 1,
            next_display_id: 1,
        }
    }

    pub fn user_by_token(&self, token: &str) -> Option<&User> {
        self.users.iter().find(|u| u.access_token == token)
    }

    pub fn user(&self, id: u64) -> Option<&User> {
        self.users.iter().find(|u| u.id == id)
    }

    pub fn contact(&self, id: u64) -> Option<&Contact> {
        self.contacts.iter().find(|c| c.id == id)
    }

    pub fn conversation(&self, display_id: u64) -> Option<&Conversation> {
        self.conversations
            .iter()
            .find(|c| c.display_id == display_id)
    }

    pub fn messages_of(&self, display_id: u64) -> impl Iterator<Item = &Message> {
        self.messages
            .iter()
            .filter(move |m| m.display_id == display_id)
    }
}
