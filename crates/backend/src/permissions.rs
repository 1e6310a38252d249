//! Who may do what: the permission table of `docs/protocol.md`, one match.
//!
//! Checked where a change is decided ([`crate::writes`]) and where a read is
//! served, never in the client alone: the client hides what a role may not
//! do, the server refuses it.

use switchboard_protocol::{AssistantState, Role};

/// Something a signed-in user asks the server to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Action {
    /// Any read: who am I, bootstrap, catch-up, the stream, history, a contact.
    Read,
    /// Send an agent reply (which pauses an active assistant as part of it).
    Reply,
    /// Pause the assistant, or resume it (which reopens a transferred conversation).
    PauseOrResume,
    /// Block a customer, or lift a block.
    BlockOrUnblock,
    /// Close a conversation.
    Close,
    /// Take a conversation, also from another user who handles it (the
    /// client asks its user first; the server is told with `take_over`).
    Take,
    /// Release a conversation another user handles (their own: anyone).
    ReleaseOthers,
}

impl Action {
    /// Every action, in the order of the table in `docs/protocol.md`.
    #[cfg(test)]
    pub(crate) const ALL: &'static [Action] = &[
        Action::Read,
        Action::Reply,
        Action::PauseOrResume,
        Action::BlockOrUnblock,
        Action::Close,
        Action::Take,
        Action::ReleaseOthers,
    ];

    /// The action a change of the assistant's state from `from` to `to` is:
    /// anything that enters or leaves `blocked` is a block or an unblock.
    pub(crate) fn for_assistant_change(from: AssistantState, to: AssistantState) -> Action {
        if from == AssistantState::Blocked || to == AssistantState::Blocked {
            Action::BlockOrUnblock
        } else {
            Action::PauseOrResume
        }
    }

    /// What the table and error messages call it.
    pub(crate) fn describe(self) -> &'static str {
        match self {
            Action::Read => "read",
            Action::Reply => "reply",
            Action::PauseOrResume => "pause or resume the assistant",
            Action::BlockOrUnblock => "block or unblock a customer",
            Action::Close => "close a conversation",
            Action::Take => "take a conversation, or take it over from another user",
            Action::ReleaseOthers => "release another user's conversation",
        }
    }
}

/// Whether `role` may do `action`. Blocking decides whether a customer is
/// heard at all, so it is a manager's call; so is leaving a colleague's
/// customer to nobody. Taking one over is anyone's, once asked: the taker
/// then answers for the customer, and everyone sees who does. Tokens are administered by no role over the API: only
/// the server's operator, with the `token` commands on its database.
pub(crate) fn allows(role: Role, action: Action) -> bool {
    match action {
        Action::Read | Action::Reply | Action::PauseOrResume | Action::Close | Action::Take => true,
        Action::BlockOrUnblock | Action::ReleaseOthers => match role {
            Role::Manager => true,
            Role::Agent => false,
        },
    }
}

/// Why `role` is refused `action`, for the `403` message.
pub(crate) fn refusal(role: Role, action: Action) -> String {
    format!("the {} role may not {}", role.as_str(), action.describe())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The rows of the permission table in `docs/protocol.md`: action
    /// description, then one `yes`/`no` per role in `Role::ALL` order.
    fn documented_table() -> Vec<(String, Vec<bool>)> {
        let doc = include_str!("../../../docs/protocol.md");
        let table = doc
            .split("<!-- permissions -->")
            .nth(1)
            .expect("docs/protocol.md marks its permission table with <!-- permissions -->");
        let mut lines = table
            .lines()
            .skip_while(|line| !line.starts_with('|'))
            .take_while(|line| line.starts_with('|'));
        let header: Vec<&str> = lines.next().unwrap().split('|').map(str::trim).collect();
        let roles: Vec<&str> = Role::ALL.iter().map(|role| role.as_str()).collect();
        assert_eq!(
            header[2..header.len() - 1],
            roles,
            "one column per role, in Role::ALL order"
        );
        lines
            .skip(1) // the separator
            .map(|line| {
                let cells: Vec<&str> = line.trim_matches('|').split('|').map(str::trim).collect();
                let allowed = cells[1..].iter().map(|cell| *cell == "yes").collect();
                (cells[0].to_owned(), allowed)
            })
            .collect()
    }

    #[test]
    fn the_documented_permission_table_is_the_enforced_one() {
        let documented = documented_table();
        let enforced: Vec<(String, Vec<bool>)> = Action::ALL
            .iter()
            .map(|&action| {
                let allowed = Role::ALL.iter().map(|&role| allows(role, action)).collect();
                (action.describe().to_owned(), allowed)
            })
            .collect();
        assert_eq!(
            documented, enforced,
            "docs/protocol.md must state exactly what the server enforces, row by row"
        );
    }

    #[test]
    fn entering_or_leaving_blocked_is_a_block_decision() {
        use AssistantState::*;
        for (from, to, expected) in [
            (Active, Paused, Action::PauseOrResume),
            (Paused, Active, Action::PauseOrResume),
            (Active, Blocked, Action::BlockOrUnblock),
            (Blocked, Active, Action::BlockOrUnblock),
            (Blocked, Paused, Action::BlockOrUnblock),
            (Blocked, Blocked, Action::BlockOrUnblock),
        ] {
            assert_eq!(
                Action::for_assistant_change(from, to),
                expected,
                "{from:?} → {to:?}: an agent must not lift or impose a block by another name"
            );
        }
    }
}
