//! The JSON Chatwoot renders, one function per Chatwoot view or
//! `push_event_data`, each naming the file it imitates. Timestamps are
//! integers (`.to_i`) wherever Chatwoot writes `.to_i`.

use serde_json::{json, Map, Value};

use crate::model::{
    Contact, Conversation, Message, Sender, Status, User, World, ACCOUNT_ID, ACTIVITY, INBOX_ID,
};

fn secs(t: f64) -> i64 {
    t.floor() as i64
}

/// Rails' JSON for a datetime attribute, as `attributes.merge` leaves
/// `updated_at` in `Message#push_event_data`: UTC with milliseconds.
fn iso(t: f64) -> String {
    chrono::DateTime::from_timestamp_millis((t * 1000.0).floor() as i64)
        .unwrap_or_default()
        .to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

/// `Contact#push_event_data` (app/models/contact.rb).
pub fn contact_push(c: &Contact) -> Value {
    json!({
        "additional_attributes": {},
        "custom_attributes": {},
        "email": c.email,
        "id": c.id,
        "identifier": c.identifier,
        "name": c.name,
        "phone_number": c.phone_number,
        "thumbnail": "",
        "blocked": c.blocked,
        "type": "contact",
    })
}

/// app/views/api/v1/models/_contact.json.jbuilder, as `contacts#show`
/// renders it (with its contact inboxes).
pub fn contact_view(c: &Contact) -> Value {
    json!({
        "additional_attributes": {},
        "availability_status": "offline",
        "email": c.email,
        "id": c.id,
        "name": c.name,
        "phone_number": c.phone_number,
        "blocked": c.blocked,
        "identifier": c.identifier,
        "thumbnail": "",
        "custom_attributes": {},
        "last_activity_at": secs(c.last_activity_at),
        "created_at": secs(c.created_at),
        "contact_inboxes": [{
            "source_id": format!("contact-{}", c.id),
            "inbox": {"id": INBOX_ID, "avatar_url": "", "channel_id": 1, "name": "Website API",
                      "channel_type": "Channel::Api"},
        }],
    })
}

/// `User#push_event_data` (app/models/user.rb).
pub fn user_push(u: &User) -> Value {
    json!({
        "id": u.id,
        "name": u.name,
        "available_name": u.name,
        "avatar_url": "",
        "type": "user",
        "availability_status": "online",
        "thumbnail": "",
    })
}

fn bot_push(w: &World) -> Value {
    // AgentBot#push_event_data (app/models/agent_bot.rb)
    json!({"id": w.bot.id, "name": w.bot.name, "avatar_url": "", "type": "agent_bot"})
}

fn sender_push(w: &World, sender: Sender) -> Option<Value> {
    match sender {
        Sender::Contact(id) => w.contact(id).map(contact_push),
        Sender::User(id) => w.user(id).map(user_push),
        Sender::Bot => Some(bot_push(w)),
        Sender::None => None,
    }
}

fn sender_type(sender: Sender) -> (Value, Value) {
    match sender {
        Sender::Contact(id) => (json!("Contact"), json!(id)),
        Sender::User(id) => (json!("User"), json!(id)),
        Sender::Bot => (json!("AgentBot"), json!(1)),
        Sender::None => (Value::Null, Value::Null),
    }
}

/// `Message#push_event_data` (app/models/message.rb): the message's
/// attributes plus the display id, the sender and a small conversation
/// summary. This is what `message.created` carries and what a
/// conversation's `messages`/`last_non_activity_message` hold.
pub fn message_push(w: &World, m: &Message) -> Value {
    let (sender_type, sender_id) = sender_type(m.sender);
    let conv = w.conversation(m.display_id);
    let mut data = json!({
        "id": m.id,
        "content": m.content,
        "account_id": ACCOUNT_ID,
        "inbox_id": INBOX_ID,
        "conversation_id": m.display_id,
        "message_type": m.message_type,
        "created_at": secs(m.created_at),
        "updated_at": iso(m.created_at),
        "private": m.private,
        "status": "sent",
        "source_id": null,
        "content_type": "text",
        "content_attributes": {},
        "sender_type": sender_type,
        "sender_id": sender_id,
        "external_source_ids": {},
        "additional_attributes": {},
        "processed_message_content": m.content,
        "sentiment": {},
        "conversation": conv.map(|c| json!({
            "assignee_id": c.assignee_id,
            "unread_count": unread_count(w, c),
            "last_activity_at": secs(c.last_activity_at),
            "contact_inbox": {"source_id": format!("contact-{}", c.contact_id)},
        })),
    });
    if let Some(echo_id) = &m.echo_id {
        data["echo_id"] = json!(echo_id);
    }
    if let Some(sender) = sender_push(w, m.sender) {
        data["sender"] = sender;
    }
    data
}

/// app/views/api/v1/models/_message.json.jbuilder: what `messages#index`
/// lists and `messages#create` answers.
pub fn message_view(w: &World, m: &Message) -> Value {
    let mut data = Map::new();
    data.insert("id".into(), json!(m.id));
    data.insert("content".into(), json!(m.content));
    data.insert("inbox_id".into(), json!(INBOX_ID));
    if let Some(echo_id) = &m.echo_id {
        data.insert("echo_id".into(), json!(echo_id));
    }
    data.insert("conversation_id".into(), json!(m.display_id));
    data.insert("message_type".into(), json!(m.message_type));
    data.insert("content_type".into(), json!("text"));
    data.insert("status".into(), json!("sent"));
    data.insert("content_attributes".into(), json!({}));
    data.insert("created_at".into(), json!(secs(m.created_at)));
    data.insert("private".into(), json!(m.private));
    data.insert("source_id".into(), Value::Null);
    if let Some(sender) = sender_push(w, m.sender) {
        data.insert("sender".into(), sender);
    }
    Value::Object(data)
}

/// The `meta` of messages/index.json.jbuilder: the conversation's labels,
/// contact and assignee; the last-seen times are datetimes, not integers.
pub fn messages_meta(w: &World, c: &Conversation) -> Value {
    let mut meta = json!({
        "labels": [],
        "additional_attributes": {},
        "contact": w.contact(c.contact_id).map(contact_push),
        "agent_last_seen_at": c.agent_last_seen_at.map(iso),
        "assignee_last_seen_at": null,
    });
    if let Some(assignee) = c.assignee_id.and_then(|id| w.user(id)) {
        meta["assignee"] = user_push(assignee);
    }
    meta
}

/// `Conversation#unread_incoming_messages`: incoming messages since the
/// agent last looked, at most 10.
fn unread_count(w: &World, c: &Conversation) -> usize {
    let seen = c.agent_last_seen_at.unwrap_or(f64::MIN);
    w.messages_of(c.display_id)
        .filter(|m| m.message_type == 0 && m.created_at > seen)
        .count()
        .min(10)
}

fn last_chat_message<'a>(w: &'a World, c: &Conversation) -> Option<&'a Message> {
    // Message.chat: neither activity nor private.
    w.messages_of(c.display_id)
        .filter(|m| m.message_type != ACTIVITY && !m.private)
        .max_by(|a, b| a.created_at.total_cmp(&b.created_at).then(a.id.cmp(&b.id)))
}

fn last_message<'a>(w: &'a World, c: &Conversation) -> Option<&'a Message> {
    w.messages_of(c.display_id)
        .max_by(|a, b| a.created_at.total_cmp(&b.created_at).then(a.id.cmp(&b.id)))
}

/// app/views/api/v1/conversations/partials/_conversation.json.jbuilder:
/// what the conversations list, `show` and contact conversations render.
pub fn conversation_view(w: &World, c: &Conversation) -> Value {
    let contact = w.contact(c.contact_id);
    let mut meta = json!({
        "sender": contact.map(contact_push),
        "channel": "Channel::Api",
        "hmac_verified": false,
    });
    if let Some(assignee) = c.assignee_id.and_then(|id| w.user(id)) {
        meta["assignee"] = agent_view(assignee);
    }
    json!({
        "meta": meta,
        "id": c.display_id,
        "messages": last_message(w, c).map(|m| vec![message_push(w, m)]).unwrap_or_default(),
        "account_id": ACCOUNT_ID,
        "uuid": c.uuid,
        "additional_attributes": {},
        "agent_last_seen_at": c.agent_last_seen_at.map(secs).unwrap_or(0),
        "assignee_last_seen_at": 0,
        "can_reply": true,
        "contact_last_seen_at": 0,
        "custom_attributes": {},
        "inbox_id": INBOX_ID,
        "labels": [],
        "muted": contact.is_some_and(|c| c.blocked),
        "snoozed_until": c.snoozed_until.map(iso),
        "status": c.status.as_str(),
        "created_at": secs(c.created_at),
        "updated_at": c.updated_at,
        "timestamp": secs(c.last_activity_at),
        "first_reply_created_at": c.first_reply_created_at.map(secs).unwrap_or(0),
        "unread_count": unread_count(w, c),
        "last_non_activity_message": last_chat_message(w, c).map(|m| message_push(w, m)),
        "last_activity_at": secs(c.last_activity_at),
        "priority": null,
        "waiting_since": c.waiting_since.map(secs).unwrap_or(0),
        "sla_policy_id": null,
    })
}

/// `Conversation#push_event_data` through
/// app/presenters/conversations/event_data_presenter.rb, plus the
/// `account_id` that app/listeners/action_cable_listener.rb merges into
/// every broadcast.
pub fn conversation_push(w: &World, c: &Conversation) -> Value {
    let contact = w.contact(c.contact_id);
    json!({
        "additional_attributes": {},
        "can_reply": true,
        "channel": "Channel::Api",
        "contact_inbox": {"source_id": format!("contact-{}", c.contact_id), "inbox_id": INBOX_ID,
                          "contact_id": c.contact_id, "hmac_verified": false},
        "id": c.display_id,
        "inbox_id": INBOX_ID,
        "messages": last_chat_message(w, c).map(|m| vec![message_push(w, m)]).unwrap_or_default(),
        "labels": [],
        "meta": {
            "sender": contact.map(contact_push),
            "assignee": c.assignee_id.and_then(|id| w.user(id)).map(user_push),
            "assignee_type": c.assignee_id.map(|_| "User"),
            "team": null,
            "hmac_verified": false,
        },
        "status": c.status.as_str(),
        "custom_attributes": {},
        "snoozed_until": c.snoozed_until.map(iso),
        "unread_count": unread_count(w, c),
        "first_reply_created_at": c.first_reply_created_at.map(iso),
        "priority": null,
        "waiting_since": c.waiting_since.map(secs).unwrap_or(0),
        "agent_last_seen_at": c.agent_last_seen_at.map(secs).unwrap_or(0),
        "contact_last_seen_at": 0,
        "last_activity_at": secs(c.last_activity_at),
        "timestamp": secs(c.last_activity_at),
        "created_at": secs(c.created_at),
        "updated_at": c.updated_at,
        "account_id": ACCOUNT_ID,
    })
}

/// app/views/api/v1/models/_agent.json.jbuilder: what an assignment answers
/// and a conversation's `meta.assignee` holds.
pub fn agent_view(u: &User) -> Value {
    json!({
        "id": u.id,
        "account_id": ACCOUNT_ID,
        "availability_status": "available",
        "auto_offline": true,
        "confirmed": true,
        "email": u.email,
        "provider": "email",
        "available_name": u.name,
        "name": u.name,
        "role": "agent",
        "thumbnail": "",
    })
}

/// app/views/api/v1/profiles/show.json.jbuilder →
/// app/views/api/v1/models/_user.json.jbuilder.
pub fn profile_view(u: &User) -> Value {
    json!({
        "access_token": u.access_token,
        "account_id": ACCOUNT_ID,
        "available_name": u.name,
        "avatar_url": "",
        "confirmed": true,
        "display_name": null,
        "message_signature": null,
        "email": u.email,
        "id": u.id,
        "inviter_id": null,
        "name": u.name,
        "provider": "email",
        "pubsub_token": u.pubsub_token,
        "role": "agent",
        "ui_settings": {},
        "uid": u.email,
        "type": null,
        "accounts": [{
            "id": ACCOUNT_ID,
            "name": "Acme Support",
            "status": "active",
            "active_at": null,
            "role": "agent",
            "permissions": ["agent"],
            "availability": "online",
            "availability_status": "online",
            "auto_offline": true,
        }],
    })
}

/// app/views/api/v1/accounts/conversations/toggle_status.json.jbuilder.
pub fn toggle_status_view(
    display_id: u64,
    status: Status,
    snoozed_until: Option<f64>,
    success: bool,
) -> Value {
    json!({
        "meta": {},
        "payload": {
            "success": success,
            "conversation_id": display_id,
            "current_status": status.as_str(),
            "snoozed_until": snoozed_until.map(iso),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::iso;

    #[test]
    fn datetimes_render_as_rails_writes_them() {
        assert_eq!(
            iso(1_764_620_000.25),
            "2025-12-01T20:13:20.250Z",
            "updated_at in push_event_data is an ISO 8601 UTC string with milliseconds"
        );
        assert_eq!(iso(0.0), "1970-01-01T00:00:00.000Z", "the epoch itself");
    }
}
