//! The daily review reminder: once a day, at a set local time, a
//! notification that summarises yesterday ("Yesterday: 5 unanswered
//! questions, 3 transfers, 2 leads went quiet") and opens the Review when
//! clicked. Pure functions of the settings, the day it was last given, the
//! time and the zone, so the schedule is tested without a clock or D-Bus.
//!
//! - **Once a day, across restarts**: the local day it was given (or found
//!   to have nothing to say) is kept in the store's settings
//!   ([`LAST_DAY_KEY`]); a day that has it is done.
//! - **Late is fine, the same day**: an app started after the set time, or
//!   a reminder held back by a pause or quiet hours, comes as soon as
//!   notifications are allowed again that day. A day that ends first is
//!   skipped: the next morning summarises its own yesterday.
//! - **Over the whole day**: while the cache lacks part of yesterday's
//!   history (a first sync keeps only recent messages; the background
//!   download brings the rest), it waits: counts over part of a day would
//!   be wrong. Offline with history missing, it waits for the connection.
//!   Before the first sync, an empty cache says nothing about yesterday:
//!   it waits too.
//! - **Nothing to say, nothing shown**: a day with no unanswered question,
//!   transfer or quiet lead interrupts nobody (a shop closed on Sunday
//!   would otherwise get a notification every Monday about nothing). The
//!   day still counts as done.
//! - **Local time, DST-safe**: the set time is a wall-clock time in the
//!   user's zone. On the day clocks skip it (spring), it comes at the first
//!   moment after the gap; on the day they repeat it (autumn), at its first
//!   occurrence.

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{Timestamp, ToSpan};
use switchboard_i18n::Localizer;
use switchboard_protocol::Millis;

use super::policy::{DesktopNotification, NotificationSettings, Opens};

/// Key, in the store's settings, of the local day (`2026-12-01`) the
/// reminder was last given.
pub const LAST_DAY_KEY: &str = "daily_review_reminder_last_day";
/// For end-to-end tests only: the reminder's time (`HH:MM`, local)
/// instead of the setting's. Read once, at start. `00:00` makes it due at
/// once on a day it was not given yet.
pub const AT_ENV: &str = "SWITCHBOARD_DAILY_REMINDER_AT";

/// What to do about the reminder now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Daily {
    /// Off (notifications or the reminder): nothing to wait for.
    Off,
    /// Not due before this time (UTC milliseconds): wake then.
    At(Millis),
    /// Due now: summarise yesterday, then record `today` (`YYYY-MM-DD`) as
    /// done.
    Due { today: String },
}

/// When the reminder comes, given the day it was last given (`last_day`,
/// as stored) and `at_minute`, a time replacing the setting's (tests).
pub fn schedule(
    settings: &NotificationSettings,
    at_minute: Option<u16>,
    last_day: Option<&str>,
    now: Millis,
    tz: &TimeZone,
) -> Daily {
    if !settings.enabled || !settings.daily_review {
        return Daily::Off;
    }
    let minute = at_minute.unwrap_or(settings.daily_review_minute);
    let Some(today) = day_of(now, tz) else {
        return Daily::Off;
    };
    let today_text = today.to_string();
    if last_day == Some(today_text.as_str()) {
        return match today
            .checked_add(1.day())
            .ok()
            .and_then(|d| at(d, minute, tz))
        {
            Some(tomorrow) => Daily::At(tomorrow),
            None => Daily::Off,
        };
    }
    match at(today, minute, tz) {
        Some(due) if now < due => Daily::At(due),
        Some(_) => Daily::Due { today: today_text },
        None => Daily::Off,
    }
}

/// `HH:MM` (as [`AT_ENV`] holds it) in minutes after midnight.
pub fn parse_minute(text: &str) -> Option<u16> {
    let (hours, minutes) = text.trim().split_once(':')?;
    let (hours, minutes): (u16, u16) = (hours.parse().ok()?, minutes.parse().ok()?);
    (hours < 24 && minutes < 60).then_some(hours * 60 + minutes)
}

/// The local calendar day `now` falls in.
fn day_of(now: Millis, tz: &TimeZone) -> Option<Date> {
    let now = Timestamp::from_millisecond(now).ok()?;
    Some(now.to_zoned(tz.clone()).date())
}

/// The instant `day` shows `minute` on the clock in `tz`. jiff's
/// "compatible" rule: a time the clocks skip maps to as far after the gap
/// as it was into it, a repeated one to its first occurrence.
fn at(day: Date, minute: u16, tz: &TimeZone) -> Option<Millis> {
    let hour = i8::try_from(minute / 60).ok()?;
    let minute = i8::try_from(minute % 60).ok()?;
    let zoned = day.at(hour, minute, 0, 0).to_zoned(tz.clone()).ok()?;
    Some(zoned.timestamp().as_millisecond())
}

/// What yesterday's Review holds, in counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Yesterday {
    pub unanswered: u32,
    pub transfers: u32,
    pub quiet_leads: u32,
}

/// The reminder for `yesterday`, or `None` when there is nothing to look
/// at. Counts of zero are left out: "Yesterday: 3 transfers".
pub fn reminder(
    yesterday: &Yesterday,
    sound: bool,
    text: &Localizer,
) -> Option<DesktopNotification> {
    let parts: Vec<String> = [
        (yesterday.unanswered, "notify-daily-unanswered"),
        (yesterday.transfers, "notify-daily-transfers"),
        (yesterday.quiet_leads, "notify-daily-quiet-leads"),
    ]
    .into_iter()
    .filter(|(count, _)| *count > 0)
    .map(|(count, id)| text.text(id, &[("count", count.into())]))
    .collect();
    if parts.is_empty() {
        return None;
    }
    Some(DesktopNotification {
        // A comma between the counts reads right in all three languages.
        summary: text.text(
            "notify-daily-summary",
            &[("counts", parts.join(", ").into())],
        ),
        // No markup characters: the body is shown as is.
        body: text.text("notify-daily-body", &[]),
        opens: Some(Opens::Review),
        sound,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOUR: i64 = 3_600_000;

    fn lisbon() -> TimeZone {
        TimeZone::get("Europe/Lisbon").unwrap()
    }

    /// UTC milliseconds of a wall-clock time in Lisbon.
    fn lisbon_time(date: &str, time: &str) -> Millis {
        let zoned: jiff::Zoned = format!("{date}T{time}[Europe/Lisbon]").parse().unwrap();
        zoned.timestamp().as_millisecond()
    }

    fn utc(instant: &str) -> Millis {
        instant.parse::<Timestamp>().unwrap().as_millisecond()
    }

    fn settings() -> NotificationSettings {
        NotificationSettings::default()
    }

    #[test]
    fn the_reminder_is_on_at_nine_by_default_and_due_from_then_on() {
        let tz = lisbon();
        let eight = lisbon_time("2026-07-01", "08:00");
        assert_eq!(
            schedule(&settings(), None, None, eight, &tz),
            Daily::At(lisbon_time("2026-07-01", "09:00")),
            "before 09:00 the notifier sleeps until 09:00 local time"
        );
        for late in ["09:00", "15:30", "23:59"] {
            assert_eq!(
                schedule(
                    &settings(),
                    None,
                    Some("2026-06-30"),
                    lisbon_time("2026-07-01", late),
                    &tz
                ),
                Daily::Due {
                    today: "2026-07-01".into()
                },
                "at {late}, a day whose reminder was not given yet has it due"
            );
        }
    }

    #[test]
    fn once_given_today_the_next_comes_tomorrow_at_the_set_time() {
        let tz = lisbon();
        let noon = lisbon_time("2026-07-01", "12:00");
        assert_eq!(
            schedule(&settings(), None, Some("2026-07-01"), noon, &tz),
            Daily::At(lisbon_time("2026-07-02", "09:00")),
            "a day has one reminder: the stored day says today's was given"
        );
        let just_after_midnight = lisbon_time("2026-07-02", "00:01");
        assert_eq!(
            schedule(
                &settings(),
                None,
                Some("2026-07-01"),
                just_after_midnight,
                &tz
            ),
            Daily::At(lisbon_time("2026-07-02", "09:00")),
            "a new local day is not due before its set time"
        );
    }

    #[test]
    fn the_set_time_is_local_wall_clock_time_across_summer_time_changes() {
        let tz = lisbon();
        // Lisbon moves from UTC+0 to UTC+1 on 29 March 2026, 01:00 → 02:00.
        let given_before = schedule(
            &settings(),
            None,
            Some("2026-03-28"),
            lisbon_time("2026-03-28", "10:00"),
            &tz,
        );
        assert_eq!(
            given_before,
            Daily::At(lisbon_time("2026-03-29", "09:00")),
            "the next day's 09:00 local"
        );
        assert_eq!(
            lisbon_time("2026-03-29", "09:00") - lisbon_time("2026-03-28", "09:00"),
            23 * HOUR,
            "which is 23 hours later, not a fixed 24"
        );
        let skipped = schedule(
            &settings(),
            Some(60 + 30),
            Some("2026-03-28"),
            lisbon_time("2026-03-28", "10:00"),
            &tz,
        );
        assert_eq!(
            skipped,
            Daily::At(utc("2026-03-29T01:30:00Z")),
            "01:30 does not exist on the 29th: it comes at 02:30 (UTC+1), right after the gap"
        );
        // Back from UTC+1 to UTC+0 on 25 October 2026, 02:00 → 01:00.
        let repeated = schedule(
            &settings(),
            Some(60 + 30),
            Some("2026-10-24"),
            lisbon_time("2026-10-24", "10:00"),
            &tz,
        );
        assert_eq!(
            repeated,
            Daily::At(utc("2026-10-25T00:30:00Z")),
            "01:30 happens twice on the 25th: the first time counts (UTC+1)"
        );
    }

    #[test]
    fn the_reminder_can_be_switched_off_or_moved() {
        let tz = lisbon();
        let noon = lisbon_time("2026-07-01", "12:00");
        let off = NotificationSettings {
            daily_review: false,
            ..settings()
        };
        assert_eq!(schedule(&off, None, None, noon, &tz), Daily::Off);
        let all_off = NotificationSettings {
            enabled: false,
            ..settings()
        };
        assert_eq!(
            schedule(&all_off, None, None, noon, &tz),
            Daily::Off,
            "notifications off means this one too"
        );
        let evening = NotificationSettings {
            daily_review_minute: 18 * 60 + 15,
            ..settings()
        };
        assert_eq!(
            schedule(&evening, None, None, noon, &tz),
            Daily::At(lisbon_time("2026-07-01", "18:15")),
            "the set time replaces 09:00"
        );
        assert_eq!(
            schedule(&evening, Some(0), None, noon, &tz),
            Daily::Due {
                today: "2026-07-01".into()
            },
            "a test's 00:00 makes it due at once"
        );
    }

    #[test]
    fn a_test_time_is_read_as_hours_and_minutes() {
        assert_eq!(parse_minute("09:05"), Some(545));
        assert_eq!(parse_minute(" 0:00 "), Some(0));
        for bad in ["24:00", "12:60", "noon", "12", ""] {
            assert_eq!(parse_minute(bad), None, "{bad:?} is no time of day");
        }
    }

    #[test]
    fn the_summary_counts_yesterday_with_plurals_and_opens_the_review() {
        let en = Localizer::get("en");
        let shown = reminder(
            &Yesterday {
                unanswered: 5,
                transfers: 3,
                quiet_leads: 2,
            },
            true,
            en,
        )
        .expect("there is something to review");
        assert_eq!(
            shown.summary,
            "Yesterday: 5 unanswered questions, 3 transfers, 2 leads went quiet"
        );
        assert_eq!(shown.opens, Some(Opens::Review), "a click opens the Review");
        assert!(!shown.offers_take(), "there is no conversation to take");
        let one_each = reminder(
            &Yesterday {
                unanswered: 1,
                transfers: 1,
                quiet_leads: 1,
            },
            false,
            en,
        )
        .unwrap();
        assert_eq!(
            one_each.summary, "Yesterday: 1 unanswered question, 1 transfer, 1 lead went quiet",
            "one of each is singular"
        );
        let only_transfers = reminder(
            &Yesterday {
                transfers: 4,
                ..Yesterday::default()
            },
            false,
            en,
        )
        .unwrap();
        assert_eq!(
            only_transfers.summary, "Yesterday: 4 transfers",
            "nothing is said about what did not happen"
        );
        assert_eq!(
            reminder(&Yesterday::default(), true, en),
            None,
            "a day with nothing to look at interrupts nobody"
        );
    }

    #[test]
    fn the_summary_is_said_in_the_users_language_with_its_plurals() {
        let yesterday = Yesterday {
            unanswered: 1,
            transfers: 2,
            quiet_leads: 0,
        };
        let portuguese = reminder(&yesterday, false, Localizer::get("pt-BR")).unwrap();
        assert_eq!(
            portuguese.summary, "Ontem: 1 pergunta sem resposta, 2 transferências",
            "a Brazilian team reads its reminder in Portuguese, singular and plural right"
        );
        assert_eq!(portuguese.body, "Abra a Revisão para vê-los.");
        let spanish = reminder(&yesterday, false, Localizer::get("es")).unwrap();
        assert_eq!(
            spanish.summary,
            "Ayer: 1 pregunta sin respuesta, 2 transferencias"
        );
    }
}
