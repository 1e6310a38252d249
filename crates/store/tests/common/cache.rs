//! A cache built up in a few words, for tests that care only which contacts
//! and messages are in it, not how a bootstrap delivers them.

use switchboard_protocol::{Author, Contact, ConversationStatus, Message};
use switchboard_store::Store;
use tempfile::TempDir;

use super::{contact, conversation, last_page, message, new_store};

/// Contacts and customer messages, opened as one bootstrap page. Contact
/// `i` (counting from 1) has one open conversation, also `i`, last active
/// at seq `i`, so higher ids are newer; each message is newer than the ones
/// added before it.
#[derive(Default)]
pub struct CacheBuilder {
    contacts: Vec<Contact>,
    messages: Vec<Message>,
}

impl CacheBuilder {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds the next contact, with its conversation.
    pub fn contact(mut self, name: &str) -> Self {
        let id = self.contacts.len() as i64 + 1;
        self.contacts.push(contact(id, name, id));
        self
    }

    /// Adds contacts up to id `last`, naming each by its id.
    pub fn contacts<'n>(mut self, last: i64, name: impl Fn(i64) -> &'n str) -> Self {
        for id in self.contacts.len() as i64 + 1..=last {
            self = self.contact(name(id));
        }
        self
    }

    /// Gives the contact added last a phone number.
    pub fn phone(mut self, phone: &str) -> Self {
        self.last_contact().phone = Some(phone.into());
        self
    }

    /// Gives the contact added last an email address.
    pub fn email(mut self, email: &str) -> Self {
        self.last_contact().email = Some(email.into());
        self
    }

    /// Adds customer messages, each `(conversation id, text)`, oldest first.
    pub fn messages<'t>(mut self, messages: impl IntoIterator<Item = (i64, &'t str)>) -> Self {
        for (conversation_id, text) in messages {
            let id = self.messages.len() as i64 + 1;
            self.messages
                .push(message(id, conversation_id, Author::Customer, text, id));
        }
        self
    }

    /// A new store holding all of it.
    pub fn open(self) -> (TempDir, Store) {
        let (dir, store) = new_store();
        let conversations = self
            .contacts
            .iter()
            .map(|c| conversation(c.id, c.id, ConversationStatus::Open, c.updated_seq))
            .collect();
        let snapshot_seq = self.contacts.len().max(self.messages.len()) as i64;
        store
            .apply_bootstrap_page(&last_page(
                snapshot_seq,
                self.contacts,
                conversations,
                self.messages,
            ))
            .expect("the cache's bootstrap applies");
        (dir, store)
    }

    fn last_contact(&mut self) -> &mut Contact {
        self.contacts
            .last_mut()
            .expect("a contact is added before its phone or email")
    }
}
