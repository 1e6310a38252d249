//! The only place the shell reads the clock; everything below it takes
//! `now` as a parameter.

use chrono::Timelike;

/// Milliseconds since the Unix epoch, UTC.
pub fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

/// Minutes since local midnight (0..1440), for quiet hours.
pub fn local_minute_of_day() -> u16 {
    let now = chrono::Local::now();
    // Both parts are small (hour < 24, minute < 60): the sum fits in u16.
    (now.hour() * 60 + now.minute()) as u16
}
