//! The review's period: whole calendar days in the user's time zone, as
//! the half-open span of UTC milliseconds they cover. A day is not always
//! 24 hours: across a change to or from summer time it is 23 or 25, and
//! the bounds follow the zone's rules (from the time zone database), not a
//! fixed offset.

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{Timestamp, ToSpan};
use serde::{Deserialize, Serialize};
use switchboard_protocol::Millis;
use ts_rs::TS;

use crate::error::{Result, StoreError};

/// A calendar date, as the user's calendar shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct LocalDate {
    pub year: i16,
    /// 1 to 12.
    pub month: i8,
    /// 1 to 31.
    pub day: i8,
}

/// Whole local days: messages at `from <= created_at < to` belong to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ReviewPeriod {
    /// The first day's start, in UTC milliseconds.
    #[ts(type = "number")]
    pub from: Millis,
    /// The start of the day after the last one.
    #[ts(type = "number")]
    pub to: Millis,
    /// The IANA time zone the days are in (`Europe/Lisbon`): hours of the
    /// day are read in it too.
    pub zone: String,
}

fn bad_zone(zone: &str, error: impl std::fmt::Display) -> StoreError {
    StoreError::Period(format!("time zone {zone:?}: {error}"))
}

fn bad_date(error: impl std::fmt::Display) -> StoreError {
    StoreError::Period(error.to_string())
}

/// The system's time zone name (IANA), or `UTC` if it has none.
pub fn system_zone() -> String {
    TimeZone::system().iana_name().unwrap_or("UTC").to_owned()
}

impl ReviewPeriod {
    /// The days from `first` to `last` (both included) in `zone`.
    pub fn days(first: LocalDate, last: LocalDate, zone: &str) -> Result<ReviewPeriod> {
        let tz = TimeZone::get(zone).map_err(|e| bad_zone(zone, e))?;
        let first = date(first)?;
        let last = date(last)?;
        if last < first {
            return Err(StoreError::Period(format!(
                "the period ends ({last}) before it starts ({first})"
            )));
        }
        let after = last.checked_add(1.day()).map_err(bad_date)?;
        Ok(ReviewPeriod {
            from: start_of(first, &tz)?,
            to: start_of(after, &tz)?,
            zone: zone.to_owned(),
        })
    }

    /// The `days` local days that end with the day `now` falls in, minus
    /// `days_back`: `(1, 1)` is yesterday, `(1, 0)` today, `(7, 1)` the
    /// seven days before today.
    pub fn ending_days_ago(
        now: Millis,
        zone: &str,
        days: u16,
        days_back: u16,
    ) -> Result<ReviewPeriod> {
        let tz = TimeZone::get(zone).map_err(|e| bad_zone(zone, e))?;
        let today = Timestamp::from_millisecond(now)
            .map_err(bad_date)?
            .to_zoned(tz)
            .date();
        let last = today
            .checked_sub(i64::from(days_back).days())
            .map_err(bad_date)?;
        let first = last
            .checked_sub(i64::from(days.max(1) - 1).days())
            .map_err(bad_date)?;
        ReviewPeriod::days(local(first), local(last), zone)
    }

    /// Yesterday, the review's default.
    pub fn yesterday(now: Millis, zone: &str) -> Result<ReviewPeriod> {
        ReviewPeriod::ending_days_ago(now, zone, 1, 1)
    }

    /// The local hour (0 to 23) of times, in the period's zone: the zone
    /// is looked up once, not per time.
    pub(crate) fn hour_of(&self) -> Result<impl Fn(Millis) -> Result<u8>> {
        let tz = TimeZone::get(&self.zone).map_err(|e| bad_zone(&self.zone, e))?;
        Ok(move |at| {
            let at = Timestamp::from_millisecond(at).map_err(bad_date)?;
            Ok(tz.to_datetime(at).hour() as u8)
        })
    }
}

fn date(d: LocalDate) -> Result<Date> {
    Date::new(d.year, d.month, d.day).map_err(bad_date)
}

fn local(d: Date) -> LocalDate {
    LocalDate {
        year: d.year(),
        month: d.month(),
        day: d.day(),
    }
}

/// The first instant of `day` in `tz` (not always midnight: where a zone
/// skips midnight, the day starts at the first time that exists).
fn start_of(day: Date, tz: &TimeZone) -> Result<Millis> {
    let zoned = day.to_zoned(tz.clone()).map_err(bad_date)?;
    Ok(zoned.timestamp().as_millisecond())
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOUR: i64 = 3_600_000;

    fn day(year: i16, month: i8, day: i8) -> LocalDate {
        LocalDate { year, month, day }
    }

    #[test]
    fn a_day_across_the_spring_change_is_23_hours_and_the_autumn_one_25() {
        let spring =
            ReviewPeriod::days(day(2026, 3, 29), day(2026, 3, 29), "Europe/Lisbon").unwrap();
        assert_eq!(
            spring.to - spring.from,
            23 * HOUR,
            "Lisbon skips 01:00-02:00 on 29 March 2026"
        );
        let autumn =
            ReviewPeriod::days(day(2026, 10, 25), day(2026, 10, 25), "Europe/Lisbon").unwrap();
        assert_eq!(
            autumn.to - autumn.from,
            25 * HOUR,
            "and repeats an hour on 25 October"
        );
        let before =
            ReviewPeriod::days(day(2026, 3, 28), day(2026, 3, 28), "Europe/Lisbon").unwrap();
        assert_eq!(
            before.to, spring.from,
            "consecutive days leave no gap and no overlap"
        );
        assert_eq!(
            before.from, 1_774_656_000_000,
            "28 March starts at midnight UTC in Lisbon's winter time (UTC+0)"
        );
        assert_eq!(
            spring.to, 1_774_825_200_000,
            "30 March starts at 23:00 UTC the day before (UTC+1)"
        );
    }

    #[test]
    fn yesterday_is_the_local_day_before_today_even_just_after_local_midnight() {
        // 00:30 on 30 March 2026 in Lisbon (summer time) is 23:30 UTC on the 29th.
        let now = 1_774_827_000_000;
        let yesterday = ReviewPeriod::yesterday(now, "Europe/Lisbon").unwrap();
        assert_eq!(
            yesterday,
            ReviewPeriod::days(day(2026, 3, 29), day(2026, 3, 29), "Europe/Lisbon").unwrap(),
            "yesterday is the 29th locally, though UTC is still on the 29th too"
        );
        let week = ReviewPeriod::ending_days_ago(now, "Europe/Lisbon", 7, 1).unwrap();
        assert_eq!(week.to, yesterday.to, "the last 7 days end with yesterday");
        assert_eq!(
            week.to - week.from,
            7 * 24 * HOUR - HOUR,
            "seven days, one of them 23 hours long"
        );
    }

    #[test]
    fn hours_of_the_day_are_read_in_the_zone() {
        let period =
            ReviewPeriod::days(day(2026, 7, 1), day(2026, 7, 1), "America/Sao_Paulo").unwrap();
        let hour_of = period.hour_of().unwrap();
        assert_eq!(
            hour_of(period.from).unwrap(),
            0,
            "a day starts at its zone's midnight"
        );
        assert_eq!(hour_of(period.from + 15 * HOUR).unwrap(), 15);
    }

    #[test]
    fn an_unknown_zone_or_an_impossible_date_is_an_error_that_says_so() {
        let zone = ReviewPeriod::days(day(2026, 1, 1), day(2026, 1, 1), "Mars/Olympus");
        assert!(
            matches!(&zone, Err(StoreError::Period(m)) if m.contains("Mars/Olympus")),
            "got {zone:?}"
        );
        assert!(ReviewPeriod::days(day(2026, 2, 30), day(2026, 2, 30), "UTC").is_err());
        assert!(
            ReviewPeriod::days(day(2026, 2, 2), day(2026, 2, 1), "UTC").is_err(),
            "a period cannot end before it starts"
        );
    }
}
