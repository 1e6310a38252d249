//! Decoding events from the network without trusting them: a bad event is
//! classified (malformed or of an unknown type) so that the engine can log a
//! clear message and resync, instead of failing somewhere less obvious.

use switchboard_protocol::{Event, Seq};

/// Why an event from the network could not be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BadEvent {
    /// Not JSON, or JSON without the fields of an event.
    #[error("malformed event{}: {reason}", seq_suffix(*.seq))]
    Malformed { seq: Option<Seq>, reason: String },
    /// Well-formed, but of a type this client does not know (a newer server).
    #[error("unknown event type {type_name:?}{}", seq_suffix(*.seq))]
    UnknownType { seq: Option<Seq>, type_name: String },
}

fn seq_suffix(seq: Option<Seq>) -> String {
    seq.map(|s| format!(" at seq {s}")).unwrap_or_default()
}

/// The event types this client understands (the `type` tag of [`Event`]).
const KNOWN_TYPES: &[&str] = &[
    "contact_upserted",
    "conversation_started",
    "conversation_updated",
    "conversation_transferred",
    "message_created",
];

/// Decodes one event. The fast path is a single typed parse; only a failure
/// pays for a second, untyped parse that explains what was wrong.
pub fn decode_event(json: &str) -> Result<Event, BadEvent> {
    match serde_json::from_str::<Event>(json) {
        Ok(event) => Ok(event),
        Err(err) => Err(classify(serde_json::from_str(json).ok(), err)),
    }
}

/// Same as [`decode_event`] for an event already parsed as untyped JSON
/// (an element of a catch-up page).
pub fn decode_event_value(value: serde_json::Value) -> Result<Event, BadEvent> {
    match serde_json::from_value::<Event>(value.clone()) {
        Ok(event) => Ok(event),
        Err(err) => Err(classify(Some(value), err)),
    }
}

fn classify(value: Option<serde_json::Value>, err: serde_json::Error) -> BadEvent {
    let seq = value
        .as_ref()
        .and_then(|v| v.get("seq"))
        .and_then(|s| s.as_i64());
    let type_name = value
        .as_ref()
        .and_then(|v| v.get("type"))
        .and_then(|t| t.as_str())
        .map(str::to_owned);
    match type_name {
        Some(type_name) if !KNOWN_TYPES.contains(&type_name.as_str()) => {
            BadEvent::UnknownType { seq, type_name }
        }
        _ => BadEvent::Malformed {
            seq,
            reason: err.to_string(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_events_are_classified_with_their_seq() {
        let unknown = r#"{"seq":5,"id":"x","occurred_at":0,"type":"weather_changed"}"#;
        assert_eq!(
            decode_event(unknown),
            Err(BadEvent::UnknownType {
                seq: Some(5),
                type_name: "weather_changed".into()
            }),
            "an unknown type must be told apart from garbage, with the seq it claims"
        );
        let missing = r#"{"seq":6,"id":"x","occurred_at":0,"type":"message_created"}"#;
        assert!(
            matches!(
                decode_event(missing),
                Err(BadEvent::Malformed { seq: Some(6), .. })
            ),
            "a known type without its payload is malformed"
        );
        assert!(
            matches!(
                decode_event("{not json"),
                Err(BadEvent::Malformed { seq: None, .. })
            ),
            "text that is not JSON is malformed and claims no seq"
        );
    }
}
