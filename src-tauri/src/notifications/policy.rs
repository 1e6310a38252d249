//! What to show for transfers, reminders and escalations: titles, bodies,
//! escaping, who is alerted, and when to stay silent. Pure functions of their inputs (settings, the local
//! time of day, what the store's ledger returned), so they are tested
//! without D-Bus or a clock.

use serde::{Deserialize, Serialize};
use switchboard_i18n::Localizer;
use switchboard_protocol::Role;
use switchboard_store::{PendingNotifications, TransferKey, TransferNotice};
use ts_rs::TS;

/// The user's notification settings, kept in the store's settings table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct NotificationSettings {
    /// Desktop notifications at all (the tray and title still count).
    pub enabled: bool,
    /// Alert on transfers (and remind about them).
    pub transfers: bool,
    /// Managers only: alert when a transfer sits unclaimed for
    /// `escalation_minutes`. Agents are never alerted on escalations.
    pub escalations: bool,
    /// How long a transfer may sit unclaimed before it is escalated.
    pub escalation_minutes: u32,
    /// Ask the daemon to play its message sound.
    pub sound: bool,
    /// A daily window during which nothing is shown.
    pub quiet_hours: Option<QuietHours>,
    /// Remind about a transferred conversation still unanswered after this
    /// many minutes, then again every as many; 0 turns reminders off.
    pub reminder_minutes: u32,
    /// Once a day, a notification summarising yesterday for the Review
    /// (see `daily.rs`).
    pub daily_review: bool,
    /// When it comes: minutes after local midnight.
    pub daily_review_minute: u16,
}

impl Default for NotificationSettings {
    fn default() -> Self {
        NotificationSettings {
            enabled: true,
            transfers: true,
            escalations: true,
            escalation_minutes: 5,
            sound: true,
            quiet_hours: None,
            reminder_minutes: 5,
            daily_review: true,
            daily_review_minute: 9 * 60,
        }
    }
}

/// Minutes after local midnight; `start > end` spans midnight (22:00–07:00).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct QuietHours {
    pub start_minute: u16,
    pub end_minute: u16,
}

impl QuietHours {
    /// Whether `minute_of_day` (0..1440, local time) falls in the window;
    /// the start is inside, the end is not.
    pub fn contains(&self, minute_of_day: u16) -> bool {
        let (start, end) = (self.start_minute, self.end_minute);
        if start <= end {
            start <= minute_of_day && minute_of_day < end
        } else {
            minute_of_day >= start || minute_of_day < end
        }
    }
}

impl NotificationSettings {
    /// Settings from the UI are checked here, before they are stored.
    pub fn validate(&self) -> Result<(), String> {
        if let Some(quiet) = self.quiet_hours {
            if quiet.start_minute >= 1440 || quiet.end_minute >= 1440 {
                return Err("quiet hours are minutes after midnight, below 1440".into());
            }
        }
        if self.daily_review_minute >= 1440 {
            return Err(
                "the daily review reminder's time is minutes after midnight, below 1440".into(),
            );
        }
        if self.reminder_minutes > 24 * 60 {
            return Err("reminders are at most a day apart".into());
        }
        if !(1..=24 * 60).contains(&self.escalation_minutes) {
            return Err("escalations come after 1 to 1440 minutes".into());
        }
        Ok(())
    }

    /// Milliseconds between reminders, if they are on. Reminders are
    /// transfer alerts: off with them.
    pub fn reminder_interval_ms(&self) -> Option<i64> {
        (self.transfers && self.reminder_minutes > 0)
            .then(|| i64::from(self.reminder_minutes) * 60_000)
    }

    /// How long a transfer may sit unclaimed before `role` is alerted, if
    /// `role` is alerted on escalations at all: managers who kept them on.
    /// `shortened` replaces the setting (for end-to-end tests only).
    pub fn escalation_delay_ms(&self, role: Option<Role>, shortened: Option<i64>) -> Option<i64> {
        let manager = match role {
            Some(Role::Manager) => true,
            Some(Role::Agent) | None => false,
        };
        (manager && self.escalations)
            .then(|| shortened.unwrap_or(i64::from(self.escalation_minutes) * 60_000))
    }
}

/// Why nothing is shown now, if so.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Silence {
    Disabled,
    PausedFromTray,
    QuietHours,
}

/// Whether notifications may be shown at `minute_of_day` (local time).
pub fn silence(
    settings: &NotificationSettings,
    paused: bool,
    minute_of_day: u16,
) -> Option<Silence> {
    if !settings.enabled {
        Some(Silence::Disabled)
    } else if paused {
        Some(Silence::PausedFromTray)
    } else if settings
        .quiet_hours
        .is_some_and(|q| q.contains(minute_of_day))
    {
        Some(Silence::QuietHours)
    } else {
        None
    }
}

/// One desktop notification, ready for the daemon.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DesktopNotification {
    /// Plain text (the spec does not render markup in the summary).
    pub summary: String,
    /// Markup-escaped: daemons that advertise `body-markup` render it.
    pub body: String,
    /// What a click opens besides the window; `None` only focuses it.
    pub opens: Option<Opens>,
    pub sound: bool,
}

/// Where a click on a notification leads, once the window is in front.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Opens {
    /// That conversation.
    Conversation(i64),
    /// The Review, of yesterday (the daily reminder).
    Review,
}

impl DesktopNotification {
    /// A notification about one conversation offers a Take button; a
    /// summary of many does not (which would it take?), nor the daily
    /// reminder.
    pub fn offers_take(&self) -> bool {
        matches!(self.opens, Some(Opens::Conversation(_)))
    }
}

/// One step of a plan: a notification to show (none while silent) and the
/// transfers it accounts for, to be marked in the ledger once it is shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Planned {
    pub show: Option<DesktopNotification>,
    pub accounts_for: Vec<TransferKey>,
}

/// Longest excerpt of the customer's last message in a body, in characters.
pub const EXCERPT_CHARS: usize = 140;
/// The most of a contact's name a summary shows (the rest of the summary
/// must stay readable on one line of a notification bubble).
pub const NAME_CHARS: usize = 60;

/// What to show for what the ledger returned. Transfers met while silent
/// (or with transfer alerts off) are accounted for without being shown (the
/// tray and title still count them, and reminders follow), so that leaving
/// quiet hours does not release a burst of stale alerts.
pub fn plan_transfers(
    pending: PendingNotifications,
    settings: &NotificationSettings,
    silence: Option<Silence>,
    text: &Localizer,
) -> Vec<Planned> {
    let show = silence.is_none() && settings.transfers;
    let shown = |notification: DesktopNotification| show.then_some(notification);
    match pending {
        PendingNotifications::Nothing => Vec::new(),
        PendingNotifications::Individual(notices) => notices
            .into_iter()
            .map(|notice| Planned {
                show: shown(transfer(&notice, settings.sound, text)),
                accounts_for: vec![notice.key],
            })
            .collect(),
        PendingNotifications::Summary { count, keys } => vec![Planned {
            show: shown(summary(count, settings.sound, text)),
            accounts_for: keys,
        }],
    }
}

/// Reminders are only accounted for when shown: while silent they stay due,
/// so the first moment notifications are allowed again brings one reminder.
pub fn plan_reminders(
    due: Vec<TransferNotice>,
    max_individual: usize,
    settings: &NotificationSettings,
    silence: Option<Silence>,
    text: &Localizer,
) -> Vec<Planned> {
    if silence.is_some() || due.is_empty() {
        return Vec::new();
    }
    if due.len() > max_individual {
        return vec![Planned {
            show: Some(DesktopNotification {
                summary: text.text("notify-reminders-summary", &[("count", due.len().into())]),
                body: text.text("notify-reminders-body", &[]),
                opens: None,
                sound: settings.sound,
            }),
            accounts_for: due.into_iter().map(|n| n.key).collect(),
        }];
    }
    due.into_iter()
        .map(|notice| Planned {
            show: Some(DesktopNotification {
                summary: text.text(
                    "notify-reminder-summary",
                    &[("name", display_name(&notice, text).into())],
                ),
                body: body(&notice, text),
                opens: Some(Opens::Conversation(notice.key.conversation_id)),
                sound: settings.sound,
            }),
            accounts_for: vec![notice.key],
        })
        .collect()
}

/// Escalations are held back while silent, like reminders: the first moment
/// notifications are allowed again brings those still unclaimed, each once.
pub fn plan_escalations(
    due: Vec<TransferNotice>,
    now: i64,
    max_individual: usize,
    settings: &NotificationSettings,
    silence: Option<Silence>,
    text: &Localizer,
) -> Vec<Planned> {
    if silence.is_some() || due.is_empty() {
        return Vec::new();
    }
    let minutes = |notice: &TransferNotice| ((now - notice.key.transferred_at) / 60_000).max(1);
    if due.len() > max_individual {
        let longest = due.iter().map(minutes).max().unwrap_or(1);
        return vec![Planned {
            show: Some(DesktopNotification {
                summary: text.text("notify-escalations-summary", &[("count", due.len().into())]),
                body: text.text("notify-escalations-body", &[("minutes", longest.into())]),
                opens: None,
                sound: settings.sound,
            }),
            accounts_for: due.into_iter().map(|n| n.key).collect(),
        }];
    }
    due.into_iter()
        .map(|notice| {
            let mut summary = text.text(
                "notify-escalation-summary",
                &[
                    ("name", display_name(&notice, text).into()),
                    ("minutes", minutes(&notice).into()),
                ],
            );
            if let Some(reason) = notice.reason.as_deref().filter(|r| !r.trim().is_empty()) {
                summary.push_str(" — ");
                summary.push_str(&one_line(reason, NAME_CHARS));
            }
            let body = quoted_last_message(&notice).unwrap_or_default();
            Planned {
                show: Some(DesktopNotification {
                    summary,
                    body,
                    opens: Some(Opens::Conversation(notice.key.conversation_id)),
                    sound: settings.sound,
                }),
                accounts_for: vec![notice.key],
            }
        })
        .collect()
}

fn transfer(notice: &TransferNotice, sound: bool, text: &Localizer) -> DesktopNotification {
    DesktopNotification {
        summary: text.text(
            "notify-transfer-summary",
            &[("name", display_name(notice, text).into())],
        ),
        body: body(notice, text),
        opens: Some(Opens::Conversation(notice.key.conversation_id)),
        sound,
    }
}

fn summary(count: u32, sound: bool, text: &Localizer) -> DesktopNotification {
    DesktopNotification {
        summary: text.text("notify-transfers-summary", &[("count", count.into())]),
        body: text.text("notify-transfers-body", &[]),
        opens: None,
        sound,
    }
}

fn body(notice: &TransferNotice, text: &Localizer) -> String {
    let mut body = String::new();
    if let Some(reason) = notice.reason.as_deref().filter(|r| !r.trim().is_empty()) {
        let reason = escape_markup(&one_line(reason, EXCERPT_CHARS));
        body.push_str(&text.text("notify-reason", &[("reason", reason.into())]));
    }
    if let Some(quoted) = quoted_last_message(notice) {
        if !body.is_empty() {
            body.push('\n');
        }
        body.push_str(&quoted);
    }
    body
}

/// The customer's last words, one line, quoted and markup-escaped.
fn quoted_last_message(notice: &TransferNotice) -> Option<String> {
    let message = notice
        .last_customer_message
        .as_deref()
        .filter(|m| !m.trim().is_empty())?;
    Some(format!(
        "“{}”",
        escape_markup(&one_line(message, EXCERPT_CHARS))
    ))
}

/// The contact's name, one line and at most `NAME_CHARS` (the customer
/// chose it: it may hold newlines, controls or a paragraph), or a stand-in
/// when the cache does not know it yet.
fn display_name(notice: &TransferNotice, text: &Localizer) -> String {
    match one_line(&notice.contact_name, NAME_CHARS) {
        name if name.is_empty() => text.text("notify-someone", &[]),
        name => name,
    }
}

/// Escapes what notification daemons read as markup. Customer text is
/// untrusted: `<b>`, `<a href>` or `<img>` in it must show as typed.
pub fn escape_markup(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}

/// Collapses whitespace (a body has room for one line of excerpt) and cuts
/// at `max_chars` characters, marking the cut with an ellipsis. Cutting by
/// `char` never splits a UTF-8 sequence.
pub fn one_line(text: &str, max_chars: usize) -> String {
    // Control characters (a NUL, an escape, a bell) are no text to show.
    let visible: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let collapsed = visible.split_whitespace().collect::<Vec<_>>().join(" ");
    if collapsed.chars().count() <= max_chars {
        return collapsed;
    }
    let mut cut: String = collapsed
        .chars()
        .take(max_chars.saturating_sub(1))
        .collect();
    cut.truncate(cut.trim_end().len());
    cut.push('…');
    cut
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tests read the English catalogue (the page and the other
    /// languages are tested in the i18n crate and end to end).
    fn en() -> &'static Localizer {
        Localizer::get("en")
    }

    fn notice(
        conversation_id: i64,
        name: &str,
        reason: Option<&str>,
        last: Option<&str>,
    ) -> TransferNotice {
        TransferNotice {
            key: TransferKey {
                conversation_id,
                transferred_at: 1_700_000_000_000,
            },
            contact_name: name.into(),
            reason: reason.map(Into::into),
            last_customer_message: last.map(Into::into),
        }
    }

    #[test]
    fn a_transfer_names_the_contact_and_gives_reason_and_last_message() {
        let plan = plan_transfers(
            PendingNotifications::Individual(vec![notice(
                7,
                "Maria Souza",
                Some("wants a refund"),
                Some("Can I talk to a person?"),
            )]),
            &NotificationSettings::default(),
            None,
            en(),
        );
        assert_eq!(
            plan,
            vec![Planned {
                show: Some(DesktopNotification {
                    summary: "Maria Souza — conversation transferred".into(),
                    body: "Reason: wants a refund\n“Can I talk to a person?”".into(),
                    opens: Some(Opens::Conversation(7)),
                    sound: true,
                }),
                accounts_for: vec![notice(7, "", None, None).key],
            }],
            "one notification per transfer, opening its conversation, marking that transfer"
        );
    }

    #[test]
    fn customer_text_is_escaped_in_the_body() {
        let plan = plan_transfers(
            PendingNotifications::Individual(vec![notice(
                1,
                "Eve <script>",
                Some("a & b"),
                Some("<b>bold</b> <a href=\"x\">link</a> & more"),
            )]),
            &NotificationSettings::default(),
            None,
            en(),
        );
        let shown = plan[0].show.as_ref().expect("not silent");
        let body = &shown.body;
        assert_eq!(
            body, "Reason: a &amp; b\n“&lt;b&gt;bold&lt;/b&gt; &lt;a href=\"x\"&gt;link&lt;/a&gt; &amp; more”",
            "daemons render body markup: customer text must show as typed"
        );
        assert!(
            shown.summary.contains("Eve <script>"),
            "the summary is plain text by the spec and is shown as is"
        );
    }

    #[test]
    fn a_contact_name_is_one_line_without_controls_and_shortened() {
        let name = format!("Eve\nIgnore\u{0}this\u{1b}[31m {}", "x".repeat(200));
        let plan = plan_transfers(
            PendingNotifications::Individual(vec![notice(3, &name, None, None)]),
            &NotificationSettings::default(),
            None,
            en(),
        );
        let summary = &plan[0].show.as_ref().expect("not silent").summary;
        let name_part = summary
            .strip_suffix(" — conversation transferred")
            .expect("the summary ends as usual");
        assert!(
            name_part.starts_with("Eve Ignore this [31m x"),
            "newlines and control characters become spaces: {name_part:?}"
        );
        assert!(
            !name_part.chars().any(char::is_control),
            "no control character reaches the desktop: {name_part:?}"
        );
        assert_eq!(
            name_part.chars().count(),
            NAME_CHARS,
            "a long name is cut to its budget"
        );
        assert!(name_part.ends_with('…'), "the cut is marked");
        let blank = plan_transfers(
            PendingNotifications::Individual(vec![notice(4, "\u{0}\n ", None, None)]),
            &NotificationSettings::default(),
            None,
            en(),
        );
        assert_eq!(
            blank[0].show.as_ref().unwrap().summary,
            "A customer — conversation transferred",
            "a name of nothing but controls is no name"
        );
    }

    #[test]
    fn a_long_last_message_is_cut_to_one_line_with_an_ellipsis() {
        let long = format!("{}\n\n{}", "ã".repeat(100), "b".repeat(100));
        let line = one_line(&long, EXCERPT_CHARS);
        assert_eq!(
            line.chars().count(),
            EXCERPT_CHARS,
            "the excerpt is cut to its budget"
        );
        assert!(line.ends_with('…'), "a cut is marked");
        assert!(!line.contains('\n'), "the excerpt is one line");
        assert_eq!(
            one_line("  short   text ", 140),
            "short text",
            "short text is only tidied"
        );
    }

    #[test]
    fn a_transfer_offers_take_and_a_summary_does_not() {
        let settings = NotificationSettings::default();
        let one = plan_transfers(
            PendingNotifications::Individual(vec![notice(7, "Noah", None, None)]),
            &settings,
            None,
            en(),
        );
        assert!(
            one[0].show.as_ref().expect("not silent").offers_take(),
            "one customer's transfer can be taken right from its notification"
        );
        let many = plan_transfers(
            PendingNotifications::Summary {
                count: 5,
                keys: Vec::new(),
            },
            &settings,
            None,
            en(),
        );
        assert!(
            !many[0].show.as_ref().expect("not silent").offers_take(),
            "a summary of many has no single conversation to take"
        );
    }

    #[test]
    fn many_transfers_at_once_become_one_summary() {
        let keys: Vec<TransferKey> = (1..=5).map(|id| notice(id, "x", None, None).key).collect();
        let plan = plan_transfers(
            PendingNotifications::Summary {
                count: 5,
                keys: keys.clone(),
            },
            &NotificationSettings::default(),
            None,
            en(),
        );
        assert_eq!(plan.len(), 1, "a burst must not flood the desktop");
        let shown = plan[0].show.as_ref().expect("not silent");
        assert_eq!(shown.summary, "5 customers waiting");
        assert_eq!(
            shown.opens, None,
            "a summary opens the window, not one conversation"
        );
        assert_eq!(
            plan[0].accounts_for, keys,
            "every summarized transfer is accounted for, once"
        );
    }

    #[test]
    fn silence_accounts_for_transfers_without_showing_them() {
        let pending = || PendingNotifications::Individual(vec![notice(3, "Ana", None, Some("hi"))]);
        let settings = NotificationSettings::default();
        let plan = plan_transfers(pending(), &settings, Some(Silence::QuietHours), en());
        assert_eq!(plan.len(), 1);
        assert_eq!(plan[0].show, None, "nothing is shown during quiet hours");
        assert_eq!(
            plan[0].accounts_for.len(),
            1,
            "but it is not shown later either: reminders take over"
        );
    }

    #[test]
    fn quiet_hours_may_span_midnight() {
        let night = QuietHours {
            start_minute: 22 * 60,
            end_minute: 7 * 60,
        };
        assert!(night.contains(23 * 60), "23:00 is inside 22:00–07:00");
        assert!(night.contains(0), "midnight is inside 22:00–07:00");
        assert!(!night.contains(7 * 60), "the end minute is outside");
        assert!(!night.contains(12 * 60), "noon is outside");
        let lunch = QuietHours {
            start_minute: 12 * 60,
            end_minute: 13 * 60,
        };
        assert!(
            lunch.contains(12 * 60 + 30) && !lunch.contains(13 * 60),
            "a daytime window"
        );
    }

    #[test]
    fn silence_reasons_follow_the_settings() {
        let mut settings = NotificationSettings {
            quiet_hours: Some(QuietHours {
                start_minute: 60,
                end_minute: 120,
            }),
            ..NotificationSettings::default()
        };
        assert_eq!(
            silence(&settings, false, 30),
            None,
            "outside quiet hours, notifications show"
        );
        assert_eq!(silence(&settings, false, 90), Some(Silence::QuietHours));
        assert_eq!(silence(&settings, true, 30), Some(Silence::PausedFromTray));
        settings.enabled = false;
        assert_eq!(
            silence(&settings, false, 30),
            Some(Silence::Disabled),
            "off means off"
        );
    }

    #[test]
    fn reminders_wait_out_silence_and_summarize_many() {
        let settings = NotificationSettings::default();
        let due = vec![notice(1, "Ana", Some("refund"), None)];
        let silent = plan_reminders(
            due.clone(),
            3,
            &settings,
            Some(Silence::PausedFromTray),
            en(),
        );
        assert!(
            silent.is_empty(),
            "a silenced reminder stays due, to be shown once silence ends"
        );
        let shown = plan_reminders(due, 3, &settings, None, en());
        assert_eq!(
            shown[0].show.as_ref().map(|n| n.summary.as_str()),
            Some("Ana is still waiting")
        );
        assert_eq!(
            shown[0].accounts_for.len(),
            1,
            "a shown reminder is marked, so it repeats only after the interval"
        );
        let many: Vec<_> = (1..=4).map(|i| notice(i, "x", None, None)).collect();
        let plan = plan_reminders(many, 3, &settings, None, en());
        assert_eq!(plan.len(), 1, "many reminders at once become one");
        assert_eq!(plan[0].accounts_for.len(), 4);
    }

    #[test]
    fn an_escalation_says_whose_transfer_nobody_took_for_how_long_and_why() {
        let noah = notice(
            9,
            "Noah",
            Some("price negotiation"),
            Some("<i>Any</i> discount?"),
        );
        let five_minutes_later = noah.key.transferred_at + 5 * 60_000 + 30_000;
        let plan = plan_escalations(
            vec![noah.clone()],
            five_minutes_later,
            3,
            &NotificationSettings::default(),
            None,
            en(),
        );
        assert_eq!(
            plan,
            vec![Planned {
                show: Some(DesktopNotification {
                    summary: "Nobody took Noah's transfer for 5 min — price negotiation".into(),
                    body: "“&lt;i&gt;Any&lt;/i&gt; discount?”".into(),
                    opens: Some(Opens::Conversation(9)),
                    sound: true,
                }),
                accounts_for: vec![noah.key],
            }],
            "one escalation per transfer, opening its conversation, customer text escaped"
        );
    }

    #[test]
    fn escalations_wait_out_silence_and_summarize_many() {
        let settings = NotificationSettings::default();
        let due = vec![notice(1, "Ana", None, None)];
        let now = due[0].key.transferred_at + 20 * 60_000;
        assert!(
            plan_escalations(
                due.clone(),
                now,
                3,
                &settings,
                Some(Silence::QuietHours),
                en()
            )
            .is_empty(),
            "held back during quiet hours, not marked: shown once they end if still unclaimed"
        );
        let shown = plan_escalations(due, now, 3, &settings, None, en());
        assert_eq!(
            shown[0].show.as_ref().map(|n| n.summary.as_str()),
            Some("Nobody took Ana's transfer for 20 min"),
            "a late escalation says how long it really was, and no reason when none was given"
        );
        let many: Vec<_> = (1..=4).map(|i| notice(i, "x", None, None)).collect();
        let plan = plan_escalations(many, now, 3, &settings, None, en());
        assert_eq!(plan.len(), 1, "many escalations at once become one");
        assert_eq!(
            plan[0].show.as_ref().map(|n| n.summary.as_str()),
            Some("Nobody took 4 transfers")
        );
        assert_eq!(plan[0].accounts_for.len(), 4, "each is escalated once");
    }

    #[test]
    fn escalations_alert_managers_who_kept_them_on_and_never_agents() {
        let settings = NotificationSettings::default();
        assert_eq!(
            settings.escalation_delay_ms(Some(Role::Manager), None),
            Some(5 * 60_000),
            "managers are alerted after 5 minutes by default"
        );
        assert_eq!(
            settings.escalation_delay_ms(Some(Role::Agent), None),
            None,
            "agents are alerted on transfers, not escalations"
        );
        assert_eq!(
            settings.escalation_delay_ms(None, None),
            None,
            "nobody signed in: no escalations"
        );
        assert_eq!(
            settings.escalation_delay_ms(Some(Role::Manager), Some(3_000)),
            Some(3_000),
            "a shortened delay (end-to-end tests) replaces the setting"
        );
        let off = NotificationSettings {
            escalations: false,
            ..NotificationSettings::default()
        };
        assert_eq!(
            off.escalation_delay_ms(Some(Role::Manager), Some(3_000)),
            None,
            "a manager may switch escalations off"
        );
    }

    #[test]
    fn transfer_alerts_off_account_for_transfers_silently_and_stop_reminders() {
        let settings = NotificationSettings {
            transfers: false,
            ..NotificationSettings::default()
        };
        let plan = plan_transfers(
            PendingNotifications::Individual(vec![notice(3, "Ana", None, None)]),
            &settings,
            None,
            en(),
        );
        assert_eq!(plan[0].show, None, "nothing is shown for the transfer");
        assert_eq!(
            plan[0].accounts_for.len(),
            1,
            "it is accounted for: switching alerts on later brings no burst"
        );
        assert_eq!(
            settings.reminder_interval_ms(),
            None,
            "reminders are transfer alerts: off with them"
        );
        assert_eq!(
            settings.escalation_delay_ms(Some(Role::Manager), None),
            Some(5 * 60_000),
            "escalations are switched on their own"
        );
    }

    #[test]
    fn settings_saved_before_escalations_existed_keep_their_choices() {
        let old: NotificationSettings = serde_json::from_str(
            r#"{"enabled":true,"sound":false,"quiet_hours":null,"reminder_minutes":7}"#,
        )
        .expect("settings stored by an older release still decode");
        assert_eq!(
            old,
            NotificationSettings {
                sound: false,
                reminder_minutes: 7,
                ..NotificationSettings::default()
            },
            "the stored choices stay; the new settings start at their defaults"
        );
    }

    #[test]
    fn settings_are_validated_before_they_are_stored() {
        let bad = NotificationSettings {
            quiet_hours: Some(QuietHours {
                start_minute: 1440,
                end_minute: 0,
            }),
            ..NotificationSettings::default()
        };
        assert!(bad.validate().is_err(), "minute 1440 does not exist");
        let bad_daily = NotificationSettings {
            daily_review_minute: 1440,
            ..NotificationSettings::default()
        };
        assert!(
            bad_daily.validate().is_err(),
            "the daily reminder's time is a minute of the day too"
        );
        assert!(NotificationSettings::default().validate().is_ok());
        assert_eq!(
            NotificationSettings::default().reminder_interval_ms(),
            Some(300_000),
            "5 minutes by default"
        );
        let off = NotificationSettings {
            reminder_minutes: 0,
            ..NotificationSettings::default()
        };
        assert_eq!(off.reminder_interval_ms(), None, "0 turns reminders off");
        for minutes in [0, 24 * 60 + 1] {
            let bad = NotificationSettings {
                escalation_minutes: minutes,
                ..NotificationSettings::default()
            };
            assert!(
                bad.validate().is_err(),
                "escalating after {minutes} minutes is refused: off is its own switch"
            );
        }
    }
}
