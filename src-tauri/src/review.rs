//! The Review screen's side in the shell: which days a review covers (the
//! user's calendar), whether the cache holds their whole history (and
//! asking sync for what it lacks), the review settings, and a section as
//! CSV for the export. The review itself is computed by the store
//! (`switchboard_store::review`) from the cache alone.

use serde::{Deserialize, Serialize};
use switchboard_protocol::Millis;
use switchboard_store::review::{
    system_zone, LocalDate, Review, ReviewPeriod, ReviewQuery, UserTopic, DEFAULT_QUIET_AFTER_MS,
};
use switchboard_store::{Store, StoreError};
use switchboard_sync::SyncStatus;
use tauri::{AppHandle, Manager, Runtime};
use tauri_plugin_dialog::DialogExt;
use ts_rs::TS;

use crate::error::IpcError;
use crate::shell::Shell;

/// The setting that keeps the quiet-lead threshold (hours).
const QUIET_SETTING: &str = "review.quiet_after_hours";
const HOUR_MS: i64 = 3_600_000;

/// Which days to review, as the page offers them.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ReviewRange {
    /// The local calendar day before today (the default).
    Yesterday,
    Today,
    /// The `days` whole days before today.
    LastDays {
        days: u16,
    },
    /// From `first` to `last`, both included.
    Days {
        first: LocalDate,
        last: LocalDate,
    },
}

impl ReviewRange {
    /// The period in the system's time zone, as of `now`.
    pub fn period(&self, now: Millis) -> Result<ReviewPeriod, StoreError> {
        let zone = system_zone();
        match self {
            ReviewRange::Yesterday => ReviewPeriod::yesterday(now, &zone),
            ReviewRange::Today => ReviewPeriod::ending_days_ago(now, &zone, 1, 0),
            ReviewRange::LastDays { days } => ReviewPeriod::ending_days_ago(now, &zone, *days, 1),
            ReviewRange::Days { first, last } => ReviewPeriod::days(*first, *last, &zone),
        }
    }
}

/// Whether the cache holds the whole history of the period's conversations.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PeriodHistory {
    /// Every conversation active in the period is complete: the review is.
    Complete,
    /// `missing` conversations are being downloaded first: ask again soon.
    Completing { missing: u32 },
    /// `missing` conversations lack history and nothing fetches it now
    /// (offline, not syncing, or history comes on demand only): the review
    /// may be incomplete.
    Incomplete { missing: u32, offline: bool },
}

/// A review and how complete the history under it is.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ReviewReport {
    pub review: Review,
    pub history: PeriodHistory,
}

/// What the user sets for the review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ReviewSettings {
    /// A lead has gone quiet after this many hours without a word.
    pub quiet_after_hours: u32,
    /// Assistant replies containing one of these are not answers (for
    /// backends that do not mark them).
    pub unanswered_phrases: Vec<String>,
    /// The user's own topics, beside price and opening hours.
    pub topics: Vec<UserTopic>,
}

impl ReviewSettings {
    fn check(&self) -> Result<(), IpcError> {
        if !(1..=24 * 90).contains(&self.quiet_after_hours) {
            return Err(IpcError::invalid_input(
                "the quiet threshold must be between 1 hour and 90 days",
            ));
        }
        if let Some(topic) = self.topics.iter().find(|t| t.name.trim().is_empty()) {
            return Err(IpcError::invalid_input(format!(
                "a topic needs a name (keywords: {})",
                topic.keywords.join(", ")
            )));
        }
        if let Some(topic) = self
            .topics
            .iter()
            .find(|t| t.keywords.iter().all(|k| k.trim().is_empty()))
        {
            return Err(IpcError::invalid_input(format!(
                "the topic {:?} needs at least one keyword",
                topic.name
            )));
        }
        Ok(())
    }
}

/// The four sections, one CSV each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ReviewSection {
    Unanswered,
    Topics,
    Transfers,
    QuietLeads,
}

impl ReviewSection {
    fn file_stem(self) -> &'static str {
        match self {
            ReviewSection::Unanswered => "unanswered-questions",
            ReviewSection::Topics => "recurring-topics",
            ReviewSection::Transfers => "transfers",
            ReviewSection::QuietLeads => "quiet-leads",
        }
    }
}

fn quiet_after_ms(store: &Store) -> Result<i64, StoreError> {
    let hours: Option<u32> = store.setting(QUIET_SETTING)?;
    Ok(hours.map_or(DEFAULT_QUIET_AFTER_MS, |h| i64::from(h) * HOUR_MS))
}

/// The review of `period` from the cache, as of `now`.
pub async fn compute(shell: &Shell, period: ReviewPeriod, now: Millis) -> Result<Review, IpcError> {
    shell
        .read(move |store| {
            let quiet_after_ms = quiet_after_ms(store)?;
            store.review(&ReviewQuery {
                period,
                now,
                quiet_after_ms,
            })
        })
        .await
}

/// The review of `range`, after asking sync to fetch first the history
/// the cache lacks for it. The page asks again while it is `Completing`.
pub async fn review(shell: &Shell, range: ReviewRange) -> Result<ReviewReport, IpcError> {
    let now = crate::clock::now_ms();
    let period = range.period(now)?;
    let asked = period.clone();
    let missing = shell
        .read(move |store| store.review_history_gaps(&asked))
        .await?
        .len() as u32;
    let history = if missing == 0 {
        PeriodHistory::Complete
    } else {
        match shell.sync() {
            Some(sync)
                if shell.sessions.downloads_history() && sync.status() == SyncStatus::Live =>
            {
                // Asked on every poll: a period already done leaves the
                // downloader's queue after one cache read.
                sync.prioritise_period(period.from, period.to);
                PeriodHistory::Completing { missing }
            }
            sync => PeriodHistory::Incomplete {
                missing,
                offline: sync.is_some_and(|s| matches!(s.status(), SyncStatus::Offline { .. })),
            },
        }
    };
    let review = compute(shell, period, now).await?;
    Ok(ReviewReport { review, history })
}

pub async fn settings(shell: &Shell) -> Result<ReviewSettings, IpcError> {
    shell
        .read(|store| {
            Ok(ReviewSettings {
                quiet_after_hours: (quiet_after_ms(store)? / HOUR_MS) as u32,
                unanswered_phrases: store.unanswered_phrases()?,
                topics: store.review_topics()?,
            })
        })
        .await
}

/// Saves the settings; new phrases are applied to the stored replies at once.
pub async fn set_settings(
    shell: &Shell,
    settings: ReviewSettings,
) -> Result<ReviewSettings, IpcError> {
    settings.check()?;
    let tidy = ReviewSettings {
        quiet_after_hours: settings.quiet_after_hours,
        unanswered_phrases: tidy_list(&settings.unanswered_phrases),
        topics: settings
            .topics
            .iter()
            .map(|t| UserTopic {
                name: t.name.trim().to_owned(),
                keywords: tidy_list(&t.keywords),
            })
            .collect(),
    };
    let stored = tidy.clone();
    shell
        .write(move |store| {
            store.set_setting(QUIET_SETTING, &stored.quiet_after_hours)?;
            store.set_review_topics(&stored.topics)?;
            let changed = store.set_unanswered_phrases(&stored.unanswered_phrases)?;
            tracing::info!(changed, "review settings saved; replies judged again");
            Ok(())
        })
        .await?;
    Ok(tidy)
}

/// Writes one section of the review of `period` to a CSV file the user
/// picks in the system's save dialog; the path written, or `None` when the
/// user cancelled.
pub async fn export<R: Runtime>(
    app: &AppHandle<R>,
    shell: &Shell,
    period: ReviewPeriod,
    section: ReviewSection,
) -> Result<Option<String>, IpcError> {
    let name = file_name(section, &period);
    let review = compute(shell, period, crate::clock::now_ms()).await?;
    let text = csv(&review, section);
    let (chosen, choice) = tokio::sync::oneshot::channel();
    let mut dialog = app
        .dialog()
        .file()
        .set_title("Export to CSV")
        .add_filter("CSV", &["csv"])
        .set_file_name(name);
    if let Some(window) = app.get_webview_window("main") {
        dialog = dialog.set_parent(&window);
    }
    dialog.save_file(move |path| {
        let _ = chosen.send(path);
    });
    let Some(path) = choice
        .await
        .map_err(|_| IpcError::internal("the save dialog closed without an answer"))?
    else {
        return Ok(None);
    };
    let path = path
        .into_path()
        .map_err(|error| IpcError::invalid_input(format!("not a file on this machine: {error}")))?;
    let written = path.clone();
    tauri::async_runtime::spawn_blocking(move || std::fs::write(&written, text))
        .await
        .map_err(|error| IpcError::internal(format!("export task failed: {error}")))?
        .map_err(|error| {
            IpcError::invalid_input(format!("couldn't write {}: {error}", path.display()))
        })?;
    tracing::info!(path = %path.display(), ?section, "review section exported");
    Ok(Some(path.display().to_string()))
}

/// Trimmed, without empty or repeated entries, in the user's order.
fn tidy_list(items: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for item in items.iter().map(|i| i.trim()).filter(|i| !i.is_empty()) {
        if !out.iter().any(|o| o == item) {
            out.push(item.to_owned());
        }
    }
    out
}

/// The file name offered in the save dialog.
pub fn file_name(section: ReviewSection, period: &ReviewPeriod) -> String {
    format!(
        "switchboard-{}-{}.csv",
        section.file_stem(),
        local_date(period.from)
    )
}

/// One section of a review as CSV (RFC 4180, a header row, local times).
pub fn csv(review: &Review, section: ReviewSection) -> String {
    let mut rows: Vec<Vec<String>> = Vec::new();
    let yes_no = |b: bool| if b { "yes" } else { "no" }.to_owned();
    match section {
        ReviewSection::Unanswered => {
            rows.push(cells(&[
                "group", "asked at", "contact", "question", "reply", "reviewed",
            ]));
            for (i, group) in review.unanswered.groups.iter().enumerate() {
                for q in &group.questions {
                    rows.push(vec![
                        (i + 1).to_string(),
                        local_time(q.asked_at),
                        q.contact.name.clone(),
                        q.question.clone().unwrap_or_default(),
                        q.reply.clone(),
                        yes_no(q.reviewed),
                    ]);
                }
            }
        }
        ReviewSection::Topics => {
            rows.push(cells(&[
                "topic",
                "messages",
                "conversations",
                "unanswered",
                "question",
                "times asked",
                "times unanswered",
            ]));
            for t in &review.topics {
                let summary = [
                    t.name.clone(),
                    t.messages.to_string(),
                    t.conversations.to_string(),
                    t.unanswered.to_string(),
                ];
                if t.top_questions.is_empty() {
                    let mut row = summary.to_vec();
                    row.extend([String::new(), String::new(), String::new()]);
                    rows.push(row);
                }
                for q in &t.top_questions {
                    let mut row = summary.to_vec();
                    row.extend([
                        q.text.clone(),
                        q.count.to_string(),
                        q.unanswered.to_string(),
                    ]);
                    rows.push(row);
                }
            }
        }
        ReviewSection::Transfers => {
            rows.push(cells(&[
                "transferred at",
                "contact",
                "reason",
                "first human reply at",
                "minutes to a human",
                "resolution",
                "reviewed",
            ]));
            for t in &review.transfers.transfers {
                rows.push(vec![
                    local_time(t.transferred_at),
                    t.contact.name.clone(),
                    t.reason.clone().unwrap_or_default(),
                    t.first_human_reply_at.map(local_time).unwrap_or_default(),
                    t.first_human_reply_at
                        .map(|at| ((at - t.transferred_at) / 60_000).to_string())
                        .unwrap_or_default(),
                    t.resolution.clone().unwrap_or_else(|| "waiting".into()),
                    yes_no(t.reviewed),
                ]);
            }
        }
        ReviewSection::QuietLeads => {
            rows.push(cells(&[
                "last customer message at",
                "contact",
                "interest",
                "assistant said last",
                "reviewed",
            ]));
            for l in &review.quiet_leads {
                rows.push(vec![
                    local_time(l.last_customer_at),
                    l.contact.name.clone(),
                    l.interest.clone(),
                    l.assistant_said.clone(),
                    yes_no(l.reviewed),
                ]);
            }
        }
    }
    let mut out = String::new();
    for row in rows {
        let line: Vec<String> = row.iter().map(|c| field(c)).collect();
        out.push_str(&line.join(","));
        out.push_str("\r\n");
    }
    out
}

fn cells(names: &[&str]) -> Vec<String> {
    names.iter().map(|n| (*n).to_owned()).collect()
}

/// One CSV field. Customer text is untrusted: a leading `=`, `+`, `-` or
/// `@` would be a formula to a spreadsheet, so it is shown as text.
fn field(value: &str) -> String {
    let value = match value.chars().next() {
        Some('=' | '+' | '-' | '@') => format!("'{value}"),
        _ => value.to_owned(),
    };
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value
    }
}

fn local(at: Millis) -> Option<chrono::DateTime<chrono::Local>> {
    chrono::DateTime::from_timestamp_millis(at).map(|t| t.with_timezone(&chrono::Local))
}

fn local_time(at: Millis) -> String {
    local(at).map_or_else(String::new, |t| t.format("%Y-%m-%d %H:%M").to_string())
}

fn local_date(at: Millis) -> String {
    local(at).map_or_else(String::new, |t| t.format("%Y-%m-%d").to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use switchboard_store::review::{
        ItemContact, ItemPlace, QuestionGroup, TimeToHuman, TransfersSection, UnansweredQuestion,
        UnansweredSection,
    };

    fn review_with(question: &str, reply: &str) -> Review {
        Review {
            period: ReviewPeriod {
                from: 0,
                to: 86_400_000,
                zone: "UTC".into(),
            },
            unanswered: UnansweredSection {
                groups: vec![QuestionGroup {
                    words: "x".into(),
                    questions: vec![UnansweredQuestion {
                        key: "unanswered:2".into(),
                        reviewed: true,
                        place: ItemPlace {
                            conversation_id: 1,
                            message_id: Some(1),
                        },
                        contact: ItemContact {
                            id: 7,
                            name: "Ana, \"the\" buyer".into(),
                        },
                        question: Some(question.into()),
                        asked_at: 0,
                        reply_id: 2,
                        reply: reply.into(),
                    }],
                }],
                total: 1,
            },
            topics: vec![],
            transfers: TransfersSection {
                transfers: vec![],
                by_reason: vec![],
                by_hour: vec![0; 24],
                repeated_contacts: vec![],
                time_to_human: TimeToHuman {
                    answered: 0,
                    median_ms: None,
                    p90_ms: None,
                    longest_waiting: None,
                },
            },
            quiet_leads: vec![],
            items: 1,
            reviewed: 1,
        }
    }

    #[test]
    fn csv_quotes_commas_quotes_and_line_breaks_and_defuses_formulas() {
        let csv = csv(
            &review_with("=HYPERLINK(\"x\")", "I couldn't find that,\nsorry"),
            ReviewSection::Unanswered,
        );
        let lines: Vec<&str> = csv.split("\r\n").collect();
        assert_eq!(
            lines[0], "group,asked at,contact,question,reply,reviewed",
            "a header row names the columns"
        );
        assert!(
            csv.contains("\"Ana, \"\"the\"\" buyer\""),
            "a comma and quotes in a name must be quoted and doubled: {csv}"
        );
        assert!(
            csv.contains("\"'=HYPERLINK(\"\"x\"\")\""),
            "a customer's formula must reach the spreadsheet as text: {csv}"
        );
        assert!(
            csv.contains("\"I couldn't find that,\nsorry\""),
            "a line break stays inside its quoted field: {csv}"
        );
        assert!(csv.ends_with(",yes\r\n"), "the mark is exported: {csv}");
    }

    #[test]
    fn an_empty_section_exports_its_header_only() {
        let csv = csv(&review_with("q", "r"), ReviewSection::QuietLeads);
        assert_eq!(
            csv, "last customer message at,contact,interest,assistant said last,reviewed\r\n",
            "no leads: a file with the columns, not an error"
        );
    }

    #[test]
    fn settings_refuse_a_topic_without_keywords_and_a_zero_threshold() {
        let good = ReviewSettings {
            quiet_after_hours: 24,
            unanswered_phrases: vec![],
            topics: vec![UserTopic {
                name: "Delivery".into(),
                keywords: vec!["shipping".into()],
            }],
        };
        assert!(good.check().is_ok());
        let no_keywords = ReviewSettings {
            topics: vec![UserTopic {
                name: "Delivery".into(),
                keywords: vec![" ".into()],
            }],
            ..good.clone()
        };
        assert!(
            no_keywords.check().is_err(),
            "a topic without keywords would never match anything"
        );
        let zero = ReviewSettings {
            quiet_after_hours: 0,
            ..good
        };
        assert!(
            zero.check().is_err(),
            "every lead would be quiet at once with a zero threshold"
        );
    }

    #[test]
    fn lists_are_trimmed_and_deduplicated_in_order() {
        let items = ["  não encontrei ", "", "sorry", "não encontrei"].map(String::from);
        assert_eq!(tidy_list(&items), vec!["não encontrei", "sorry"]);
    }
}
