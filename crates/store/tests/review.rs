//! The daily review on real SQLite: each section's definition, the phrases
//! for servers without the marker, the transfer history, reviewed marks
//! across a re-bootstrap, and local days across a change of summer time.

mod common;

use std::collections::BTreeMap;

use common::{contact, last_page, new_store};
use switchboard_protocol::{
    AssistantState, Author, Change, Contact, Conversation, ConversationStatus, Event, Message,
    SystemEvent,
};
use switchboard_store::review::{LocalDate, Review, ReviewPeriod, ReviewQuery, UserTopic};
use switchboard_store::Store;
use tempfile::TempDir;

const MINUTE: i64 = 60_000;
const HOUR: i64 = 60 * MINUTE;
const DAY: i64 = 24 * HOUR;

/// 10 June 2026, 00:00 in Lisbon (UTC+1, summer time): "the day".
const DAY_START: i64 = 1_781_046_000_000;

fn the_day() -> ReviewPeriod {
    let day = LocalDate {
        year: 2026,
        month: 6,
        day: 10,
    };
    ReviewPeriod::days(day, day, "Europe/Lisbon").unwrap()
}

/// A server in a few words: every call is one event, applied at once,
/// with the conversation's full new state, as the real server sends it.
struct Server {
    _dir: TempDir,
    store: Store,
    seq: i64,
    next_message: i64,
    contacts: BTreeMap<i64, Contact>,
    conversations: BTreeMap<i64, Conversation>,
    messages: Vec<Message>,
}

impl Server {
    fn new() -> Server {
        let (dir, store) = new_store();
        store
            .apply_bootstrap_page(&last_page(0, vec![], vec![], vec![]))
            .unwrap();
        Server {
            _dir: dir,
            store,
            seq: 0,
            next_message: 1,
            contacts: BTreeMap::new(),
            conversations: BTreeMap::new(),
            messages: Vec::new(),
        }
    }

    fn apply(&mut self, at: i64, change: Change) {
        self.seq += 1;
        let event = Event {
            seq: self.seq,
            id: format!("e{}", self.seq),
            occurred_at: at,
            change,
        };
        self.store.apply_events(&[event]).unwrap();
    }

    /// Conversation `id` of contact `contact_id` starts at `at`.
    fn start(&mut self, id: i64, contact_id: i64, name: &str, at: i64) {
        let contact = self
            .contacts
            .entry(contact_id)
            .or_insert_with(|| contact(contact_id, name, 0))
            .clone();
        let conversation = Conversation {
            id,
            contact_id,
            channel: "whatsapp".into(),
            status: ConversationStatus::Open,
            assistant_state: AssistantState::Active,
            transfer_reason: None,
            transferred_at: None,
            created_at: at,
            last_activity_at: at,
            last_message_preview: None,
            message_count: Some(0),
            assignee: None,
            snooze: None,
            updated_seq: self.seq + 1,
        };
        self.conversations.insert(id, conversation.clone());
        self.apply(
            at,
            Change::ConversationStarted {
                conversation,
                contact,
            },
        );
    }

    fn write(
        &mut self,
        conversation_id: i64,
        author: Author,
        text: &str,
        at: i64,
        unanswered: Option<bool>,
        event: Option<SystemEvent>,
    ) -> i64 {
        let id = self.next_message;
        self.next_message += 1;
        let message = Message {
            id,
            conversation_id,
            author,
            agent_id: (author == Author::Agent).then_some(1),
            agent_name: (author == Author::Agent).then(|| "Ana".to_string()),
            text: text.into(),
            created_at: at,
            seq: self.seq + 1,
            unanswered,
            event,
        };
        let conversation = self.conversations.get_mut(&conversation_id).unwrap();
        conversation.last_activity_at = at;
        conversation.updated_seq = self.seq + 1;
        conversation.message_count = Some(conversation.message_count.unwrap_or(0) + 1);
        let conversation = conversation.clone();
        self.messages.push(message.clone());
        self.apply(
            at,
            Change::MessageCreated {
                message,
                conversation,
            },
        );
        id
    }

    fn customer(&mut self, conversation_id: i64, text: &str, at: i64) -> i64 {
        self.write(conversation_id, Author::Customer, text, at, None, None)
    }

    /// The assistant's reply, marked as the reference server marks it.
    fn assistant(&mut self, conversation_id: i64, text: &str, at: i64, answered: bool) -> i64 {
        let marker = Some(!answered);
        self.write(conversation_id, Author::Assistant, text, at, marker, None)
    }

    /// An assistant reply from a server that does not mark them.
    fn unmarked_reply(&mut self, conversation_id: i64, text: &str, at: i64) {
        self.write(conversation_id, Author::Assistant, text, at, None, None);
    }

    fn agent(&mut self, conversation_id: i64, text: &str, at: i64) -> i64 {
        self.write(conversation_id, Author::Agent, text, at, None, None)
    }

    fn change_state(&mut self, id: i64, at: i64, change: impl FnOnce(&mut Conversation)) {
        let conversation = self.conversations.get_mut(&id).unwrap();
        change(conversation);
        conversation.last_activity_at = at;
        conversation.updated_seq = self.seq + 1;
        let conversation = conversation.clone();
        let transferred = conversation.status == ConversationStatus::Transferred;
        self.apply(
            at,
            if transferred {
                Change::ConversationTransferred { conversation }
            } else {
                Change::ConversationUpdated { conversation }
            },
        );
    }

    /// A transfer, and its system message with the event.
    fn transfer(&mut self, id: i64, reason: &str, at: i64) -> i64 {
        self.change_state(id, at, |c| {
            c.status = ConversationStatus::Transferred;
            c.assistant_state = AssistantState::Paused;
            c.transfer_reason = Some(reason.into());
            c.transferred_at = Some(at);
        });
        let event = SystemEvent::Transferred {
            reason: reason.into(),
        };
        let note = format!("Transferred to a human: {reason}");
        self.write(id, Author::System, &note, at, None, Some(event))
    }

    fn resume(&mut self, id: i64, at: i64) {
        self.change_state(id, at, |c| {
            c.status = ConversationStatus::Open;
            c.assistant_state = AssistantState::Active;
        });
        let event = Some(SystemEvent::Resumed { by: None });
        self.write(id, Author::System, "Assistant resumed", at, None, event);
    }

    fn close(&mut self, id: i64, at: i64) {
        self.change_state(id, at, |c| c.status = ConversationStatus::Closed);
        let event = Some(SystemEvent::Closed { by: None });
        self.write(id, Author::System, "Conversation closed", at, None, event);
    }

    /// The cursor expired: the cache is emptied and a new snapshot (every
    /// conversation, contact and message as they are now) applied.
    fn rebootstrap(&mut self) {
        self.store.reset_cache_for_rebootstrap().unwrap();
        self.store
            .apply_bootstrap_page(&last_page(
                self.seq,
                self.contacts.values().cloned().collect(),
                self.conversations.values().cloned().collect(),
                self.messages.clone(),
            ))
            .unwrap();
    }

    fn review(&self, now: i64) -> Review {
        self.review_of(the_day(), now)
    }

    fn review_of(&self, period: ReviewPeriod, now: i64) -> Review {
        self.store
            .review(&ReviewQuery {
                period,
                now,
                quiet_after_ms: DAY,
            })
            .unwrap()
    }
}

const LATER: i64 = DAY_START + 3 * DAY;

/// The unanswered questions' texts, in the order the section lists them.
fn questions_of(review: &Review) -> Vec<String> {
    let questions = review.unanswered.groups.iter().flat_map(|g| &g.questions);
    questions.filter_map(|q| q.question.clone()).collect()
}

#[test]
fn an_unanswered_question_is_the_customer_message_above_a_marked_reply() {
    let mut s = Server::new();
    s.start(1, 1, "Eva", DAY_START + HOUR);
    let asked = s.customer(1, "Do you deliver to Porto?", DAY_START + 9 * HOUR);
    let reply = s.assistant(
        1,
        "I couldn't find information about that.",
        DAY_START + 9 * HOUR + 1000,
        false,
    );
    s.customer(1, "How much is the plan?", DAY_START + 10 * HOUR);
    s.assistant(1, "Plans start at $29.", DAY_START + 10 * HOUR + 1000, true);

    let review = s.review(LATER);
    assert_eq!(
        review.unanswered.total, 1,
        "only the marked reply is unanswered"
    );
    let q = &review.unanswered.groups[0].questions[0];
    assert_eq!(q.question.as_deref(), Some("Do you deliver to Porto?"));
    assert_eq!(q.place.conversation_id, 1);
    assert_eq!(
        q.place.message_id,
        Some(asked),
        "the screen highlights the customer's question, not the reply"
    );
    assert_eq!(q.reply_id, reply);
    assert_eq!(q.contact.name, "Eva");
    assert_eq!(q.asked_at, DAY_START + 9 * HOUR);
}

#[test]
fn the_servers_marker_wins_over_the_text_and_phrases_cover_servers_without_it() {
    let mut s = Server::new();
    s.start(1, 1, "Eva", DAY_START + HOUR);
    s.customer(1, "Is the shop dog friendly?", DAY_START + 2 * HOUR);
    // Marked answered, though its words sound like a fallback.
    s.assistant(
        1,
        "I couldn't find information about cats, but dogs are welcome!",
        DAY_START + 2 * HOUR + 1,
        true,
    );
    s.customer(1, "Vocês entregam em Braga?", DAY_START + 3 * HOUR);
    // A server without the marker: the Portuguese default phrase decides.
    s.unmarked_reply(
        1,
        "Desculpe, não encontrei informações sobre isso.",
        DAY_START + 3 * HOUR + 1,
    );
    s.customer(1, "Tem estacionamento?", DAY_START + 4 * HOUR);
    s.unmarked_reply(1, "Sim, temos estacionamento.", DAY_START + 4 * HOUR + 1);

    let questions: Vec<String> = questions_of(&s.review(LATER));
    assert_eq!(
        questions,
        ["Vocês entregam em Braga?"],
        "structure where present (the dog answer counts as answered), phrases only without it"
    );

    let changed = s
        .store
        .set_unanswered_phrases(&["temos estacionamento".into()])
        .unwrap();
    assert_eq!(
        changed, 2,
        "the edit re-judges the unmarked replies: one out, one in"
    );
    let questions: Vec<String> = questions_of(&s.review(LATER));
    assert_eq!(
        questions,
        ["Tem estacionamento?"],
        "the user's list replaces the defaults"
    );
    assert_eq!(
        s.store.unanswered_phrases().unwrap(),
        ["temos estacionamento"],
        "and is what the settings show"
    );
}

#[test]
fn similar_questions_are_grouped_biggest_group_first() {
    let mut s = Server::new();
    let questions = [
        (1, "Do you deliver to Porto?"),
        (2, "Can I pay with bitcoin?"),
        (3, "deliver to porto??"),
        (4, "Porto, do you deliver"),
    ];
    for (i, (id, text)) in questions.into_iter().enumerate() {
        let at = DAY_START + (i as i64 + 1) * HOUR;
        s.start(id, id, "Someone", at);
        s.customer(id, text, at + 1);
        s.assistant(id, "I couldn't find information about that.", at + 2, false);
    }
    let review = s.review(LATER);
    let groups: Vec<(String, usize)> = review
        .unanswered
        .groups
        .iter()
        .map(|g| (g.words.clone(), g.questions.len()))
        .collect();
    assert_eq!(
        groups,
        [
            ("deliver porto".to_string(), 3),
            ("bitcoin pay".to_string(), 1)
        ],
        "same words whatever the case, order and punctuation; the biggest group first"
    );
    let newest_first: Vec<i64> = review.unanswered.groups[0]
        .questions
        .iter()
        .map(|q| q.place.conversation_id)
        .collect();
    assert_eq!(newest_first, [4, 3, 1], "within a group, newest first");
}

#[test]
fn only_the_periods_local_day_counts() {
    let mut s = Server::new();
    s.start(1, 1, "Eva", DAY_START - 2 * HOUR);
    for (text, at) in [
        ("before: 23:59 the day before", DAY_START - 1),
        ("first minute", DAY_START),
        ("last minute", DAY_START + DAY - 1),
        ("after: midnight the day after", DAY_START + DAY),
    ] {
        s.customer(1, text, at);
        s.assistant(1, "I couldn't find information about that.", at, false);
    }
    let inside: Vec<String> = questions_of(&s.review(LATER));
    assert_eq!(
        inside,
        ["last minute", "first minute"],
        "a local day is [its midnight, the next midnight)"
    );
}

#[test]
fn a_day_across_the_change_to_summer_time_holds_its_23_hours_exactly() {
    let mut s = Server::new();
    let day = LocalDate {
        year: 2026,
        month: 3,
        day: 29,
    };
    let period = ReviewPeriod::days(day, day, "Europe/Lisbon").unwrap();
    // 29 March 2026 in Lisbon: 00:00 is 00:00 UTC, the next midnight is
    // 23:00 UTC; a fixed 24-hour day would take in an hour of the 30th.
    let start = 1_774_742_400_000;
    assert_eq!(period.from, start);
    s.start(1, 1, "Eva", start - HOUR);
    s.customer(1, "23:30 local, the 29th", start + 22 * HOUR + 30 * MINUTE);
    s.assistant(
        1,
        "I couldn't find information about that.",
        start + 22 * HOUR + 31 * MINUTE,
        false,
    );
    s.customer(1, "00:30 local, the 30th", start + 23 * HOUR + 30 * MINUTE);
    s.assistant(
        1,
        "I couldn't find information about that.",
        start + 23 * HOUR + 31 * MINUTE,
        false,
    );
    s.transfer(1, "asked for a human", start + 22 * HOUR + 40 * MINUTE);

    let review = s.review_of(period, start + 3 * DAY);
    let inside: Vec<String> = questions_of(&review);
    assert_eq!(
        inside,
        ["23:30 local, the 29th"],
        "the 30th's first hour is not the 29th's"
    );
    assert_eq!(
        review.transfers.by_hour[23], 1,
        "hours are local: 22:40 UTC is 23:40 once Lisbon's clocks went forward"
    );
}

#[test]
fn topics_count_customer_messages_in_three_languages_and_their_unanswered_ones() {
    let mut s = Server::new();
    s.start(1, 1, "Eva", DAY_START + HOUR);
    s.start(2, 2, "João", DAY_START + HOUR);
    s.start(3, 3, "María", DAY_START + HOUR);
    let t = DAY_START + 2 * HOUR;
    s.customer(1, "What's the price of the Pro plan?", t);
    s.assistant(1, "Plans start at $29.", t + 1, true);
    s.customer(2, "Qual o preço do plano Pro?", t + 2);
    s.assistant(2, "I couldn't find information about that.", t + 3, false);
    s.customer(3, "¿Cuál es el horario del sábado?", t + 4);
    s.assistant(3, "We're open 8am to 8pm.", t + 5, true);
    s.customer(3, "¿Y el precio?", t + 6);
    s.assistant(3, "Plans start at $29.", t + 7, true);
    s.customer(1, "Do you have parking?", t + 8);
    s.assistant(1, "Yes.", t + 9, true);
    s.store
        .set_review_topics(&[UserTopic {
            name: "Parking".into(),
            keywords: vec!["PARKING".into(), "estacionamento".into()],
        }])
        .unwrap();

    let topics = s.review(LATER).topics;
    let figures: Vec<(&str, u32, u32, u32)> = topics
        .iter()
        .map(|t| (t.id.as_str(), t.messages, t.conversations, t.unanswered))
        .collect();
    assert_eq!(
        figures,
        [("price", 3, 3, 1), ("hours", 1, 1, 0), ("user:Parking", 1, 1, 0)],
        "price in English, Portuguese and Spanish (accents or not); one price question went unanswered; the user's topic matches regardless of case"
    );
    let price = &topics[0];
    assert_eq!(price.top_questions.len(), 3, "three different questions");
    let unanswered: Vec<&str> = price
        .top_questions
        .iter()
        .filter(|q| q.unanswered > 0)
        .map(|q| q.text.as_str())
        .collect();
    assert_eq!(
        unanswered,
        ["Qual o preço do plano Pro?"],
        "which question to add to the knowledge base"
    );
}

#[test]
fn the_transfer_history_survives_reopening_and_closing_and_gives_time_to_a_human() {
    let mut s = Server::new();
    let t = DAY_START + 8 * HOUR;
    s.start(1, 1, "Eva", t);
    s.customer(1, "I want a human", t + MINUTE);
    let first = s.transfer(1, "asked for a human", t + 2 * MINUTE);
    s.agent(1, "Hi Eva, Ana here", t + 12 * MINUTE);
    s.resume(1, t + HOUR);
    s.transfer(1, "price negotiation", t + 2 * HOUR);
    s.agent(1, "Let me check the price", t + 2 * HOUR + 30 * MINUTE);
    s.close(1, t + 3 * HOUR);
    // Another contact, still waiting for a human.
    s.start(2, 2, "João", t);
    s.transfer(2, "asked for a human", t + 5 * HOUR);

    let review = s.review(t + 6 * HOUR);
    let transfers = &review.transfers;
    let history: Vec<_> = transfers
        .transfers
        .iter()
        .map(|x| {
            (
                x.place.conversation_id,
                x.reason.as_deref(),
                x.first_human_reply_at.map(|r| r - x.transferred_at),
                x.resolution.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        history,
        [
            (2, Some("asked for a human"), None, None),
            (
                1,
                Some("price negotiation"),
                Some(30 * MINUTE),
                Some("closed")
            ),
            (
                1,
                Some("asked for a human"),
                Some(10 * MINUTE),
                Some("resumed")
            ),
        ],
        "every transfer is kept, with its first reply and how it ended, newest first"
    );
    assert_eq!(
        transfers.transfers[2].place.message_id,
        Some(first),
        "a transfer opens at its system message"
    );
    let reasons: Vec<(&str, u32)> = transfers
        .by_reason
        .iter()
        .map(|r| (r.reason.as_str(), r.count))
        .collect();
    assert_eq!(
        reasons,
        [("asked for a human", 2), ("price negotiation", 1)]
    );
    assert_eq!(transfers.time_to_human.answered, 2);
    assert_eq!(transfers.time_to_human.median_ms, Some(10 * MINUTE));
    assert_eq!(transfers.time_to_human.p90_ms, Some(30 * MINUTE));
    let waiting = transfers.time_to_human.longest_waiting.as_ref().unwrap();
    assert_eq!(
        (waiting.place.conversation_id, waiting.waiting_ms),
        (2, HOUR),
        "João has waited an hour and is still waiting"
    );
    assert_eq!(
        transfers.by_hour.iter().sum::<u32>(),
        3,
        "each transfer counts in its local hour"
    );
    let hours: Vec<usize> = (0..24).filter(|&h| transfers.by_hour[h] > 0).collect();
    assert_eq!(
        hours,
        [8, 10, 13],
        "local hours: 08:02, 10:00 and 13:00 from Lisbon's midnight"
    );
}

#[test]
fn contacts_transferred_more_than_once_in_30_days_are_listed() {
    let mut s = Server::new();
    // Eva: once 20 days ago, once on the day; João: 40 days ago (outside
    // the window) and on the day; María: twice on the day.
    s.start(1, 1, "Eva", DAY_START - 20 * DAY);
    s.transfer(1, "asked for a human", DAY_START - 20 * DAY + HOUR);
    s.close(1, DAY_START - 20 * DAY + 2 * HOUR);
    s.start(2, 2, "João", DAY_START - 40 * DAY);
    s.transfer(2, "asked for a human", DAY_START - 40 * DAY + HOUR);
    s.close(2, DAY_START - 40 * DAY + 2 * HOUR);
    s.start(3, 1, "Eva", DAY_START + HOUR);
    s.transfer(3, "complaint", DAY_START + 2 * HOUR);
    s.start(4, 2, "João", DAY_START + HOUR);
    s.transfer(4, "complaint", DAY_START + 2 * HOUR);
    s.start(5, 3, "María", DAY_START + HOUR);
    s.transfer(5, "complaint", DAY_START + 2 * HOUR);
    s.resume(5, DAY_START + 3 * HOUR);
    s.transfer(5, "complaint", DAY_START + 4 * HOUR);

    let review = s.review(LATER);
    let repeated: Vec<(&str, u32, i64)> = review
        .transfers
        .repeated_contacts
        .iter()
        .map(|r| {
            (
                r.contact.name.as_str(),
                r.transfers,
                r.place.conversation_id,
            )
        })
        .collect();
    assert_eq!(
        repeated,
        [("María", 2, 5), ("Eva", 2, 3)],
        "across conversations of one contact, within 30 days only; most first"
    );
}

#[test]
fn a_transfer_known_only_from_fetched_history_is_in_the_history() {
    let mut s = Server::new();
    s.start(1, 1, "Eva", DAY_START + HOUR);
    // The cache learns of an old transfer only through its system message,
    // as when older history is fetched after the conversation reopened.
    let at = DAY_START + 2 * HOUR;
    let event = SystemEvent::Transferred {
        reason: "asked for a human".into(),
    };
    s.write(
        1,
        Author::System,
        "Transferred to a human: asked for a human",
        at,
        None,
        Some(event),
    );
    s.agent(1, "Hello", at + 5 * MINUTE);
    let transfers = s.review(LATER).transfers;
    assert_eq!(
        transfers.transfers.len(),
        1,
        "the event alone records the transfer"
    );
    assert_eq!(
        transfers.transfers[0].first_human_reply_at,
        Some(at + 5 * MINUTE),
        "and the reply after it counts as its answer"
    );
}

#[test]
fn a_lead_goes_quiet_after_buying_interest_and_a_day_of_silence() {
    let mut s = Server::new();
    let t = DAY_START + 10 * HOUR;
    // 1: asked the price, got an answer, never wrote again: a quiet lead.
    s.start(1, 1, "Eva", t);
    let interest = s.customer(1, "Quanto custa o plano anual?", t + MINUTE);
    let said = s.assistant(
        1,
        "O plano anual custa 290 €. Quer que envie o link?",
        t + 2 * MINUTE,
        true,
    );
    // 2: the same, an hour later, but closed: not a lead any more.
    s.start(2, 2, "João", t);
    s.customer(2, "How much is the plan?", t + HOUR);
    s.assistant(2, "Plans start at $29.", t + HOUR + MINUTE, true);
    s.close(2, t + 2 * HOUR);
    // 3: interest, then the customer wrote again recently: not quiet.
    s.start(3, 3, "María", t);
    s.customer(3, "¿Puedo comprar el plan Pro?", t + 3 * HOUR);
    s.assistant(
        3,
        "¡Claro! Aquí tienes el enlace.",
        t + 3 * HOUR + MINUTE,
        true,
    );
    s.customer(3, "Gracias, lo miro", LATER - HOUR);
    s.assistant(3, "¡De nada!", LATER - HOUR + MINUTE, true);
    // 4: no buying interest.
    s.start(4, 4, "Pedro", t);
    s.customer(4, "Where is my parcel?", t + 4 * HOUR);
    s.assistant(4, "Orders ship within 2 days.", t + 4 * HOUR + MINUTE, true);
    // 5: a later quiet lead: listed first.
    s.start(5, 5, "Lucía", t);
    s.customer(5, "I'd like to order two", t + 5 * HOUR);
    s.assistant(5, "Great, which size?", t + 5 * HOUR + MINUTE, true);

    let leads = s.review(LATER).quiet_leads;
    let listed: Vec<i64> = leads.iter().map(|l| l.place.conversation_id).collect();
    assert_eq!(
        listed,
        [5, 1],
        "quiet buying interest in open conversations only, newest first"
    );
    let eva = &leads[1];
    assert_eq!(
        eva.place.message_id,
        Some(interest),
        "opens at the interest"
    );
    assert_eq!(eva.assistant_message_id, said);
    assert_eq!(
        eva.assistant_said,
        "O plano anual custa 290 €. Quer que envie o link?"
    );
    assert!(
        s.review(t + 12 * HOUR).quiet_leads.is_empty(),
        "twelve hours of silence is not yet quiet with a 24-hour threshold"
    );
}

#[test]
fn reviewed_marks_are_counted_and_survive_a_rebootstrap() {
    let mut s = Server::new();
    let t = DAY_START + 10 * HOUR;
    s.start(1, 1, "Eva", t);
    s.customer(1, "Do you deliver to Porto?", t + MINUTE);
    s.assistant(
        1,
        "I couldn't find information about that.",
        t + 2 * MINUTE,
        false,
    );
    s.transfer(1, "asked for a human", t + 3 * MINUTE);
    s.start(2, 2, "João", t);
    s.customer(2, "How much is the plan?", t + MINUTE);
    s.assistant(2, "Plans start at $29.", t + 2 * MINUTE, true);

    let review = s.review(LATER);
    assert_eq!(
        (review.reviewed, review.items),
        (0, 3),
        "a question, a transfer, a lead"
    );
    let keys = vec![
        review.unanswered.groups[0].questions[0].key.clone(),
        review.transfers.transfers[0].key.clone(),
    ];
    s.store.mark_reviewed(&keys, LATER).unwrap();
    s.store.mark_reviewed(&keys[..1], LATER + 1).unwrap();
    let review = s.review(LATER);
    assert_eq!(
        (review.reviewed, review.items),
        (2, 3),
        "marking twice counts once"
    );
    assert!(review.unanswered.groups[0].questions[0].reviewed);

    s.rebootstrap();
    let review = s.review(LATER);
    assert_eq!(
        (review.reviewed, review.items),
        (2, 3),
        "marks and transfer history are durable: a new bootstrap keeps them"
    );
    assert!(review.transfers.transfers[0].reviewed);

    s.store.unmark_reviewed(&keys[1..]).unwrap();
    assert_eq!(s.review(LATER).reviewed, 1, "a mark can be taken off");
}

#[test]
fn an_empty_day_is_an_empty_review_not_an_error() {
    let s = Server::new();
    let review = s.review(LATER);
    assert_eq!(review.unanswered.total, 0);
    assert!(review.transfers.transfers.is_empty());
    assert_eq!(
        review.transfers.time_to_human.median_ms, None,
        "no figure, not zero"
    );
    assert_eq!(
        review.transfers.by_hour,
        vec![0; 24],
        "24 empty hours to draw"
    );
    assert!(
        review.topics.iter().all(|t| t.messages == 0),
        "built-in topics listed with zero"
    );
    assert_eq!((review.reviewed, review.items), (0, 0));
}

#[test]
fn messages_cached_before_the_review_existed_are_judged_by_the_migration() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cache.db");
    let at = DAY_START + 10 * HOUR;
    {
        // The cache as the release before the review left it.
        let mut conn = rusqlite::Connection::open(&path).unwrap();
        switchboard_store::schema::migrate_to_version(&mut conn, 7).unwrap();
        conn.execute_batch(&format!(
            "INSERT INTO contacts (id, name, attributes, created_at, updated_seq)
                 VALUES (1, 'Eva', '{{}}', 0, 1);
             INSERT INTO conversations (id, contact_id, channel, status, assistant_state,
                 created_at, last_activity_at, updated_seq, last_message_id)
                 VALUES (1, 1, 'web', 'open', 'active', {at}, {at}, 2, 2);
             INSERT INTO messages (id, conversation_id, author, text, created_at, seq, prev_id)
                 VALUES (1, 1, 'customer', 'Qual o preço da entrega em Braga?', {at}, 1, NULL),
                        (2, 1, 'assistant', 'Não encontrei informações sobre isso.', {at}, 2, 1);
             UPDATE sync_state SET applied_seq = 2 WHERE id = 1;"
        ))
        .unwrap();
    }
    let store = Store::open(&path).unwrap();
    let review = store
        .review(&ReviewQuery {
            period: the_day(),
            now: LATER,
            quiet_after_ms: DAY,
        })
        .unwrap();
    assert_eq!(
        questions_of(&review),
        ["Qual o preço da entrega em Braga?"],
        "the migration applies the phrases to replies cached before it"
    );
    assert_eq!(
        (review.topics[0].id.as_str(), review.topics[0].messages),
        ("price", 1),
        "and the built-in topics to questions cached before it"
    );
}

#[test]
fn conversations_of_the_period_with_a_cut_history_are_listed_until_fetched() {
    let mut s = Server::new();
    s.start(1, 1, "Eva", DAY_START + HOUR);
    s.customer(1, "Olá", DAY_START + 2 * HOUR);
    s.start(2, 2, "João", DAY_START - 5 * DAY);
    s.customer(2, "old", DAY_START - 5 * DAY + HOUR);
    // The server counts more messages than the cache holds.
    for id in [1, 2] {
        s.conversations.get_mut(&id).unwrap().message_count = Some(9);
    }
    s.change_state(1, DAY_START + 3 * HOUR, |_| {});
    s.change_state(2, DAY_START - 5 * DAY + 2 * HOUR, |_| {});
    assert_eq!(
        s.store.review_history_gaps(&the_day()).unwrap(),
        [1],
        "only conversations active in the period matter"
    );
    s.store.store_older_messages(1, &[], true).unwrap();
    assert!(
        s.store.review_history_gaps(&the_day()).unwrap().is_empty(),
        "a history fetched to its start is complete"
    );
}

#[test]
fn signing_out_forgets_the_transfer_history_and_the_marks() {
    let mut s = Server::new();
    s.start(1, 1, "Eva", DAY_START + HOUR);
    s.transfer(1, "asked for a human", DAY_START + 2 * HOUR);
    let key = s.review(LATER).transfers.transfers[0].key.clone();
    s.store.mark_reviewed(&[key], LATER).unwrap();
    s.store.forget_account().unwrap();
    // Another account's first sync.
    s.contacts.clear();
    s.conversations.clear();
    s.store
        .apply_bootstrap_page(&last_page(s.seq, vec![], vec![], vec![]))
        .unwrap();
    s.start(1, 1, "Someone else", DAY_START + HOUR);
    let review = s.review(LATER);
    assert!(
        review.transfers.transfers.is_empty() && review.reviewed == 0,
        "another account's conversation 1 is not the one transferred and reviewed before"
    );
}

#[test]
fn a_transfer_that_ended_before_the_first_sync_is_in_the_history() {
    let mut s = Server::new();
    let at = DAY_START + 2 * HOUR;
    // The server's snapshot: reopened after a transfer, no messages sent.
    let conversation = Conversation {
        id: 1,
        contact_id: 1,
        channel: "web".into(),
        status: ConversationStatus::Open,
        assistant_state: AssistantState::Active,
        transfer_reason: Some("complaint".into()),
        transferred_at: Some(at),
        created_at: at - HOUR,
        last_activity_at: at + HOUR,
        last_message_preview: None,
        message_count: Some(6),
        assignee: None,
        snooze: None,
        updated_seq: 1,
    };
    s.seq = 1;
    s.store.reset_cache_for_rebootstrap().unwrap();
    s.store
        .apply_bootstrap_page(&last_page(
            1,
            vec![contact(1, "Eva", 1)],
            vec![conversation],
            vec![],
        ))
        .unwrap();
    let transfers = s.review(LATER).transfers;
    let found: Vec<_> = transfers
        .transfers
        .iter()
        .map(|t| {
            (
                t.reason.as_deref(),
                t.resolution.as_deref(),
                t.first_human_reply_at,
            )
        })
        .collect();
    assert_eq!(
        found,
        [(Some("complaint"), Some("resumed"), None)],
        "the snapshot's last transfer counts, ended, with no reply time to claim"
    );
    assert!(
        transfers.time_to_human.longest_waiting.is_none(),
        "an ended transfer is nobody waiting"
    );
}

#[test]
fn a_contacts_conversations_carry_the_first_question_past_transfers_and_unanswered_replies() {
    let mut s = Server::new();
    let t = DAY_START + 9 * HOUR;
    s.start(1, 1, "Eva", t);
    s.customer(1, "Do you open on Sundays?", t + MINUTE);
    s.assistant(
        1,
        "I couldn't find information about that.",
        t + 2 * MINUTE,
        false,
    );
    s.customer(1, "And on holidays?", t + 3 * MINUTE);
    s.assistant(1, "Sorry, I don't know.", t + 4 * MINUTE, false);
    s.transfer(1, "asked for a human", t + 5 * MINUTE);
    s.agent(1, "Hi Eva, we open at 10 on Sundays", t + 10 * MINUTE);
    s.resume(1, t + HOUR);
    s.transfer(1, "price negotiation", t + 2 * HOUR);
    s.close(1, t + 3 * HOUR);
    s.start(2, 1, "Eva", t + DAY);
    s.customer(2, "Hi again, is my order ready?", t + DAY + MINUTE);
    s.assistant(2, "Yes, it ships today.", t + DAY + 2 * MINUTE, true);
    // A conversation whose older messages are on the server only.
    s.start(3, 1, "Eva", t + 2 * DAY);
    s.customer(3, "One more thing", t + 2 * DAY + MINUTE);
    s.change_state(3, t + 2 * DAY + MINUTE, |c| c.message_count = Some(9));
    // Someone else's conversation.
    s.start(4, 2, "João", t);
    s.transfer(4, "complaint", t + MINUTE);

    let check = |s: &Server, when: &str| {
        let detail = s.store.contact_detail(1).unwrap().expect("Eva is cached");
        let seen: Vec<_> = detail
            .conversations
            .iter()
            .map(|c| {
                let reasons: Vec<_> = c.transfers.iter().map(|t| t.reason.clone()).collect();
                (c.row.id, c.first_question.clone(), reasons, c.unanswered)
            })
            .collect();
        assert_eq!(
            seen,
            vec![
                (3, None, vec![], 0),
                (2, Some("Hi again, is my order ready?".into()), vec![], 0),
                (
                    1,
                    Some("Do you open on Sundays?".into()),
                    vec![
                        Some("asked for a human".into()),
                        Some("price negotiation".into())
                    ],
                    2
                ),
            ],
            "{when}: newest first; the first question only where the cache holds the start; \
             both transfers of the closed conversation, oldest first; its two unanswered replies"
        );
        assert_eq!(
            detail.conversations[2].transfers[0].transferred_at,
            t + 5 * MINUTE,
            "{when}: a transfer says when it happened"
        );
    };
    check(&s, "as the events arrive");
    s.rebootstrap();
    check(
        &s,
        "after a new bootstrap, whose snapshot knows only the last transfer",
    );
}

#[test]
fn a_cache_with_the_narrower_topic_index_gives_the_same_review_once_migrated() {
    let mut s = Server::new();
    let t = DAY_START + 9 * HOUR;
    // Every section has something: price and hours questions (one asked
    // twice), unanswered replies, a transfer, and three quiet leads, two
    // of whose customers fell silent at the same minute (their order is
    // their interest's, newest first: the one stored later at that time).
    for (id, name) in [
        (1, "Eva"),
        (2, "João"),
        (3, "María"),
        (4, "Pedro"),
        (5, "Lucía"),
    ] {
        s.start(id, id, name, t);
    }
    s.customer(1, "Quanto custa o plano anual?", t + MINUTE);
    s.assistant(1, "Não encontrei essa informação.", t + 2 * MINUTE, false);
    s.customer(2, "What are your opening hours?", t + HOUR);
    s.assistant(2, "We open at 9.", t + HOUR + MINUTE, true);
    s.customer(3, "¿Puedo comprar el plan Pro?", t + 2 * HOUR);
    s.customer(3, "¿Cuál es el precio?", t + 3 * HOUR);
    s.assistant(3, "Aquí tienes el enlace.", t + 3 * HOUR + MINUTE, true);
    s.customer(5, "I'd like to order two", t + 3 * HOUR);
    s.assistant(5, "Which size?", t + 3 * HOUR + MINUTE, true);
    s.customer(4, "quanto custa o plano anual", t + 4 * HOUR);
    s.transfer(4, "asked for a human", t + 4 * HOUR + MINUTE);
    let before = s.review(LATER);
    assert_eq!(
        before
            .quiet_leads
            .iter()
            .map(|l| l.place.conversation_id)
            .collect::<Vec<_>>(),
        [5, 3, 1],
        "the data means something in each section"
    );

    // The cache as migration 11 left it: the index on time alone.
    let Server {
        _dir: dir, store, ..
    } = s;
    drop(store);
    let path = dir.path().join("cache.db");
    rusqlite::Connection::open(&path)
        .unwrap()
        .execute_batch(
            "DROP INDEX messages_topical_by_time;
             CREATE INDEX messages_topical_by_time ON messages (created_at) WHERE topics <> 0;
             ALTER TABLE conversations DROP COLUMN snoozed;
             ALTER TABLE conversations DROP COLUMN snoozed_until;
             ALTER TABLE outbox DROP COLUMN error_code;
             DROP INDEX conversations_waiting;
             ALTER TABLE conversations DROP COLUMN waiting_since;
             ALTER TABLE conversations DROP COLUMN replied_by;
             ALTER TABLE conversations DROP COLUMN replied_at;
             DROP INDEX messages_unanswered_by_conversation;
             ALTER TABLE conversations DROP COLUMN first_question_id;
             PRAGMA user_version = 11;",
        )
        .unwrap();

    let store = Store::open(&path).unwrap();
    let after = store
        .review(&ReviewQuery {
            period: the_day(),
            now: LATER,
            quiet_after_ms: DAY,
        })
        .unwrap();
    assert_eq!(after, before, "the migration changes no figure or item");
    let conn = rusqlite::Connection::open(&path).unwrap();
    let columns: Vec<String> = conn
        .prepare("SELECT name FROM pragma_index_info('messages_topical_by_time') ORDER BY seqno")
        .unwrap()
        .query_map([], |row| row.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        columns,
        [
            "created_at",
            "id",
            "topics",
            "conversation_id",
            "question_key"
        ],
        "topics and leads read a period's topical messages from the index alone"
    );
}
