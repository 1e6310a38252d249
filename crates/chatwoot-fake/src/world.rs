//! The rules Chatwoot applies when what the fake holds (`model.rs`)
//! changes. Each change returns the ActionCable events Chatwoot would
//! broadcast for it, in Chatwoot's order; the caller sends them.
//!
//! JSON shapes live in `views.rs`; this file only decides what happens.

use serde_json::Value;

use crate::model::{
    Actor, Contact, Conversation, Message, Sender, Status, World, ACTIVITY, INCOMING, OUTGOING,
};
use crate::views;

/// An ActionCable broadcast: `{event, data}` sent to every pubsub token of
/// the inbox's members (app/listeners/action_cable_listener.rb).
#[derive(Clone, Debug)]
pub struct Event {
    pub name: &'static str,
    pub data: Value,
}

#[derive(Debug)]
pub enum Error {
    NotFound,
}

impl World {
    fn conversation_mut(&mut self, display_id: u64) -> Result<&mut Conversation, Error> {
        self.conversations
            .iter_mut()
            .find(|c| c.display_id == display_id)
            .ok_or(Error::NotFound)
    }

    fn actor_name(&self, actor: Actor) -> String {
        match actor {
            Actor::User(id) => self.user(id).map(|u| u.name.clone()).unwrap_or_default(),
            Actor::Bot => self.bot.name.clone(),
        }
    }

    /// A contact writes for the first time: contact, conversation and the
    /// incoming message. The conversation starts `pending` because the inbox
    /// has an active bot (app/models/conversation.rb:
    /// determine_conversation_status), or `resolved` if the contact is blocked.
    pub fn customer_starts(
        &mut self,
        name: &str,
        phone: Option<&str>,
        text: &str,
        at: f64,
    ) -> (u64, Vec<Event>) {
        let contact_id = self.next_contact_id;
        self.next_contact_id += 1;
        self.contacts.push(Contact {
            id: contact_id,
            name: name.to_owned(),
            email: None,
            phone_number: phone.map(str::to_owned),
            identifier: None,
            blocked: false,
            created_at: at,
            last_activity_at: at,
        });
        let mut events = vec![Event {
            name: "contact.created",
            data: views::contact_push(self.contact(contact_id).expect("just added")),
        }];
        let display_id = self.next_display_id;
        self.next_display_id += 1;
        self.conversations.push(Conversation {
            display_id,
            uuid: format!("00000000-0000-4000-8000-{display_id:012}"),
            contact_id,
            status: Status::Pending,
            assignee_id: None,
            created_at: at,
            updated_at: at,
            last_activity_at: at,
            first_reply_created_at: None,
            // app/models/conversation.rb: ensure_waiting_since
            waiting_since: Some(at),
            agent_last_seen_at: None,
            snoozed_until: None,
        });
        events.push(Event {
            name: "conversation.created",
            data: views::conversation_push(self, self.conversation(display_id).expect("added")),
        });
        events.extend(
            self.add_message(
                display_id,
                text,
                INCOMING,
                Sender::Contact(contact_id),
                None,
                at,
            )
            .expect("conversation exists")
            .1,
        );
        (display_id, events)
    }

    /// Stores a message and applies Chatwoot's after-create rules
    /// (app/models/message.rb): the conversation is touched, its
    /// `last_activity_at` moves, an incoming message reopens a resolved
    /// conversation unless the contact is blocked, the first human/bot reply
    /// sets `first_reply_created_at` and clears `waiting_since`.
    pub fn add_message(
        &mut self,
        display_id: u64,
        content: &str,
        message_type: u8,
        sender: Sender,
        echo_id: Option<String>,
        at: f64,
    ) -> Result<(u64, Vec<Event>), Error> {
        self.add_message_full(
            display_id,
            content,
            message_type,
            false,
            sender,
            echo_id,
            at,
        )
    }

    /// [`World::add_message`], also for private notes, which neither end
    /// the customer's wait nor count as a reply.
    #[allow(clippy::too_many_arguments)]
    pub fn add_message_full(
        &mut self,
        display_id: u64,
        content: &str,
        message_type: u8,
        private: bool,
        sender: Sender,
        echo_id: Option<String>,
        at: f64,
    ) -> Result<(u64, Vec<Event>), Error> {
        let contact_blocked = {
            let c = self.conversation(display_id).ok_or(Error::NotFound)?;
            self.contact(c.contact_id).is_some_and(|c| c.blocked)
        };
        let id = self.next_message_id;
        self.next_message_id += 1;
        self.messages.push(Message {
            id,
            display_id,
            content: content.to_owned(),
            message_type,
            private,
            sender,
            echo_id,
            created_at: at,
        });
        let mut reopened = false;
        {
            let conv = self.conversation_mut(display_id)?;
            conv.updated_at = at.max(conv.updated_at);
            if message_type != ACTIVITY {
                conv.last_activity_at = at;
            }
            match message_type {
                _ if private => {}
                INCOMING => {
                    if conv.waiting_since.is_none() {
                        conv.waiting_since = Some(at);
                    }
                    // app/models/message.rb: reopen_conversation (a
                    // snoozed conversation wakes up when the contact writes)
                    reopened = matches!(conv.status, Status::Resolved | Status::Snoozed)
                        && !contact_blocked;
                }
                // A public reply ends the wait; only a human's first reply
                // counts as the first reply (Message#valid_first_reply?).
                OUTGOING => {
                    if matches!(sender, Sender::User(_)) && conv.first_reply_created_at.is_none() {
                        conv.first_reply_created_at = Some(at);
                    }
                    conv.waiting_since = None;
                }
                _ => {}
            }
        }
        let message = self.messages.last().expect("just pushed");
        let mut events = vec![Event {
            name: "message.created",
            data: views::message_push(self, message),
        }];
        if reopened {
            events.extend(self.change_status(display_id, Status::Open, None, at)?);
        }
        Ok((id, events))
    }

    fn conversation_event(&self, name: &'static str, display_id: u64) -> Event {
        let conv = self.conversation(display_id).expect("exists");
        Event {
            name,
            data: views::conversation_push(self, conv),
        }
    }

    /// Saves a new status and returns what Chatwoot's after-commit
    /// callbacks broadcast (app/models/conversation.rb:
    /// execute_after_update_commit_callbacks): `conversation.status_changed`
    /// (notify_status_change), the activity message naming who did it
    /// (create_activity; none for a system change), `conversation.updated`
    /// (notify_conversation_updation). Cable payloads are `push_event_data`
    /// only: no previous status travels with them
    /// (app/listeners/action_cable_listener.rb).
    fn change_status(
        &mut self,
        display_id: u64,
        next: Status,
        actor: Option<Actor>,
        at: f64,
    ) -> Result<Vec<Event>, Error> {
        let conv = self.conversation_mut(display_id)?;
        conv.status = next;
        conv.updated_at = at;
        // conversation.rb: ensure_snooze_until_reset
        if next != Status::Snoozed {
            conv.snoozed_until = None;
        }
        if next == Status::Resolved {
            // handle_resolved_status_change
            conv.waiting_since = None;
        }
        let mut events = vec![self.conversation_event("conversation.status_changed", display_id)];
        if let Some(actor) = actor {
            let who = self.actor_name(actor);
            let text = match next {
                Status::Resolved => format!("Conversation was marked resolved by {who}"),
                Status::Open => format!("Conversation was reopened by {who}"),
                Status::Pending => format!("Conversation was marked as pending by {who}"),
                Status::Snoozed => format!("Conversation was snoozed by {who}"),
            };
            events.extend(
                self.add_message(display_id, &text, ACTIVITY, Sender::None, None, at)?
                    .1,
            );
        }
        events.push(self.conversation_event("conversation.updated", display_id));
        Ok(events)
    }

    /// Sets a status as `toggle_status` does
    /// (app/controllers/api/v1/accounts/conversations_controller.rb), with
    /// the activity message Chatwoot writes for it
    /// (app/models/concerns/activity_message_handler.rb).
    /// `requested`: the `status` param; none toggles as
    /// `Conversation#toggle_status` does. `snoozed_until`: the param of that
    /// name, kept with a requested status (set_conversation_status) and
    /// cleared again unless the status is `snoozed`.
    pub fn toggle_status(
        &mut self,
        display_id: u64,
        requested: Option<Status>,
        snoozed_until: Option<f64>,
        actor: Actor,
        at: f64,
    ) -> Result<Vec<Event>, Error> {
        let previous = self.conversation(display_id).ok_or(Error::NotFound)?.status;
        if requested.is_some() {
            let conv = self.conversation_mut(display_id)?;
            conv.snoozed_until = snoozed_until.filter(|_| requested == Some(Status::Snoozed));
        }
        let next = match requested {
            Some(status) => status,
            // app/models/conversation.rb: toggle_status
            None => match previous {
                Status::Open => Status::Resolved,
                Status::Resolved | Status::Pending | Status::Snoozed => Status::Open,
            },
        };
        let mut events = Vec::new();
        if next != previous {
            events.extend(self.change_status(display_id, next, Some(actor), at)?);
        }
        // handle_human_open: a human who opens a conversation takes it.
        if let (Status::Open, Actor::User(user_id)) = (next, actor) {
            if self.conversation(display_id).and_then(|c| c.assignee_id) != Some(user_id) {
                events.extend(self.assign(display_id, Some(user_id), actor, at)?);
            }
        }
        Ok(events)
    }

    /// app/jobs/conversations/reopen_snoozed_conversations_job.rb: a
    /// snoozed conversation whose time is up is opened (`open!`, by nobody:
    /// no activity message names anyone).
    pub fn snooze_ends(&mut self, display_id: u64, at: f64) -> Result<Vec<Event>, Error> {
        let status = self.conversation(display_id).ok_or(Error::NotFound)?.status;
        if status != Status::Snoozed {
            return Ok(Vec::new());
        }
        self.change_status(display_id, Status::Open, None, at)
    }

    /// `POST …/assignments {assignee_id}`
    /// (app/controllers/api/v1/accounts/conversations/assignments_controller.rb,
    /// app/services/conversations/assignment_service.rb): an unknown or
    /// missing id unassigns.
    pub fn assign(
        &mut self,
        display_id: u64,
        assignee_id: Option<u64>,
        actor: Actor,
        at: f64,
    ) -> Result<Vec<Event>, Error> {
        let assignee_id = assignee_id.filter(|id| self.user(*id).is_some());
        let conv = self.conversation_mut(display_id)?;
        if conv.assignee_id == assignee_id {
            return Ok(Vec::new());
        }
        conv.assignee_id = assignee_id;
        conv.updated_at = at;
        let mut events = vec![self.conversation_event("assignee.changed", display_id)];
        let who = self.actor_name(actor);
        let text = match (assignee_id, actor) {
            (Some(id), Actor::User(me)) if id == me => {
                format!("{who} self-assigned this conversation")
            }
            (Some(id), _) => format!(
                "Assigned to {} by {who}",
                self.user(id).map(|u| u.name.as_str()).unwrap_or_default()
            ),
            (None, _) => format!("Conversation unassigned by {who}"),
        };
        events.extend(
            self.add_message(display_id, &text, ACTIVITY, Sender::None, None, at)?
                .1,
        );
        events.push(self.conversation_event("conversation.updated", display_id));
        Ok(events)
    }

    /// `POST …/mute` and `…/unmute`
    /// (app/models/concerns/conversation_mute_helpers.rb): muting resolves
    /// the conversation and blocks its contact; unmuting unblocks the
    /// contact and leaves the status as it is.
    pub fn set_muted(
        &mut self,
        display_id: u64,
        muted: bool,
        actor: Actor,
        at: f64,
    ) -> Result<Vec<Event>, Error> {
        let contact_id = self
            .conversation(display_id)
            .ok_or(Error::NotFound)?
            .contact_id;
        let mut events = Vec::new();
        if muted {
            let previous = self.conversation(display_id).expect("exists").status;
            if previous != Status::Resolved {
                events.extend(self.change_status(display_id, Status::Resolved, Some(actor), at)?);
            }
        }
        if let Some(contact) = self.contacts.iter_mut().find(|c| c.id == contact_id) {
            if contact.blocked != muted {
                contact.blocked = muted;
                events.push(Event {
                    name: "contact.updated",
                    data: views::contact_push(contact),
                });
            }
        }
        let who = self.actor_name(actor);
        let text = if muted {
            format!("{who} has muted the conversation")
        } else {
            format!("{who} has unmuted the conversation")
        };
        events.extend(
            self.add_message(display_id, &text, ACTIVITY, Sender::None, None, at)?
                .1,
        );
        Ok(events)
    }
}
