//! The app's own settings, beside the notification ones: what closing the
//! window does, whether the desktop starts the app at login, how long
//! history is kept in the cache ([`KeepHistory`]), the colour scheme
//! ([`Theme`]) and the language ([`Language`]). Kept in
//! the store's settings table. The rules here are pure functions of their
//! inputs; the window is handled by `background`, the
//! login entry by `autostart`.

use serde::{Deserialize, Serialize};
use switchboard_i18n::Localizer;
use switchboard_protocol::Role;
use switchboard_store::Store;
use ts_rs::TS;

/// Key of the stored settings in the store's settings table.
pub const SETTINGS_KEY: &str = "app";

/// What the settings dialog's app section shows and saves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AppSettings {
    /// Closing the window hides it; the app keeps syncing and alerting
    /// from the tray until the user quits.
    pub keep_running_in_background: bool,
    /// The desktop starts the app when the user logs in.
    pub start_at_login: bool,
    /// How long messages are kept in the cache.
    pub keep_history: KeepHistory,
    /// Light or dark colours, or the desktop's choice.
    pub theme: Theme,
    /// The language of the page, notifications and tray.
    pub language: Language,
}

/// The colour scheme: the desktop's (the default), or one chosen for the
/// app alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Theme {
    #[default]
    System,
    Light,
    Dark,
}

/// How long messages are kept in the cache: older ones are pruned and not
/// downloaded, and the screen says so where a history is cut.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum KeepHistory {
    #[default]
    All,
    Year,
    Days90,
}

/// The language the app speaks: the system's (the default), or one chosen
/// for the app alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Language {
    #[default]
    System,
    En,
    PtBr,
    Es,
}

impl Language {
    /// The BCP 47 tag spoken: the chosen language, or the system locale
    /// negotiated against the catalogues (English when none matches).
    pub fn effective(self) -> &'static str {
        match self {
            Language::System => switchboard_i18n::system_language(),
            Language::En => "en",
            Language::PtBr => "pt-BR",
            Language::Es => "es",
        }
    }

    /// What notifications and the tray say things with.
    pub fn localizer(self) -> &'static Localizer {
        Localizer::get(self.effective())
    }
}

const DAY_MS: i64 = 24 * 60 * 60 * 1000;

impl KeepHistory {
    /// Messages created before this time are not kept; `None`: all are.
    pub fn cutoff(self, now: i64) -> Option<i64> {
        match self {
            KeepHistory::All => None,
            KeepHistory::Year => Some(now - 365 * DAY_MS),
            KeepHistory::Days90 => Some(now - 90 * DAY_MS),
        }
    }
}

/// What the store keeps. Whether the app starts at login is the login
/// entry itself (the desktop's own settings may remove it), so the store
/// only remembers whether the user chose: until then, each sign-in applies
/// the signed-in role's default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct StoredAppSettings {
    pub keep_running_in_background: bool,
    pub start_at_login_chosen: bool,
    /// The one-time notice "Switchboard keeps running in the tray" was shown.
    pub told_keeps_running: bool,
    pub keep_history: KeepHistory,
    pub theme: Theme,
    pub language: Language,
}

impl Default for StoredAppSettings {
    fn default() -> Self {
        StoredAppSettings {
            // A closed window must not silence transfer alerts.
            keep_running_in_background: true,
            start_at_login_chosen: false,
            told_keeps_running: false,
            // The review and search are only as good as the history kept.
            keep_history: KeepHistory::All,
            // Whoever set their desktop dark wants the app dark too.
            theme: Theme::System,
            // The desktop's language is the user's until they choose.
            language: Language::System,
        }
    }
}

/// The stored settings, or the defaults if none were saved (or they no
/// longer decode: a broken setting must not keep the app from running).
pub fn load(store: &Store) -> StoredAppSettings {
    match store.setting::<StoredAppSettings>(SETTINGS_KEY) {
        Ok(settings) => settings.unwrap_or_default(),
        Err(error) => {
            tracing::warn!(%error, "app settings unreadable; using the defaults");
            StoredAppSettings::default()
        }
    }
}

/// What closing the window does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Closing {
    /// Hide the window and keep running; `tell`: show the one-time notice.
    Hide { tell: bool },
    /// Close the window, which quits the app (it is the only one).
    Quit,
}

/// The window hides only when the user wants the app kept running and a
/// tray icon is there to bring it back from; the notice comes only once.
pub fn closing(settings: &StoredAppSettings, has_tray: bool) -> Closing {
    if settings.keep_running_in_background && has_tray {
        Closing::Hide {
            tell: !settings.told_keeps_running,
        }
    } else {
        Closing::Quit
    }
}

/// A manager starts at login by default: transfers and escalations reach
/// them from the moment they log in. An agent opens the app for a shift.
pub fn starts_at_login_by_default(role: Role) -> bool {
    match role {
        Role::Manager => true,
        Role::Agent => false,
    }
}

/// The login entry a sign-in as `role` leaves: the role's default until
/// the user chose; `None` leaves the entry as it is.
pub fn login_entry_on_sign_in(settings: &StoredAppSettings, role: Role) -> Option<bool> {
    (!settings.start_at_login_chosen).then(|| starts_at_login_by_default(role))
}

/// What to store once the user saved `wanted` while the login entry was
/// `entry_now`. Saving the dialog for another setting is no choice about
/// starting at login: only a changed box counts, so the role's default
/// keeps applying to whoever never touched it.
pub fn saved(
    stored: &StoredAppSettings,
    wanted: &AppSettings,
    entry_now: bool,
) -> StoredAppSettings {
    StoredAppSettings {
        keep_running_in_background: wanted.keep_running_in_background,
        start_at_login_chosen: stored.start_at_login_chosen || wanted.start_at_login != entry_now,
        told_keeps_running: stored.told_keeps_running,
        keep_history: wanted.keep_history,
        theme: wanted.theme,
        language: wanted.language,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chosen_language_wins_over_the_systems() {
        assert_eq!(Language::PtBr.effective(), "pt-BR");
        assert_eq!(Language::Es.localizer().language(), "es");
        assert_eq!(
            Language::En.effective(),
            "en",
            "English chosen on a Portuguese desktop is English"
        );
        let stored: StoredAppSettings = serde_json::from_str(r#"{"language":"pt_br"}"#).unwrap();
        assert_eq!(
            stored.language,
            Language::PtBr,
            "the choice is kept as stored"
        );
    }

    #[test]
    fn closing_hides_the_window_only_with_the_setting_on_and_a_tray_to_come_back_from() {
        let defaults = StoredAppSettings::default();
        assert_eq!(
            closing(&defaults, true),
            Closing::Hide { tell: true },
            "by default closing hides the window, and the first time says so"
        );
        let told = StoredAppSettings {
            told_keeps_running: true,
            ..defaults
        };
        assert_eq!(
            closing(&told, true),
            Closing::Hide { tell: false },
            "the notice is shown once, not at every close"
        );
        assert_eq!(
            closing(&defaults, false),
            Closing::Quit,
            "without a tray a hidden window could only come back from a notification: quit"
        );
        let off = StoredAppSettings {
            keep_running_in_background: false,
            ..defaults
        };
        assert_eq!(
            closing(&off, true),
            Closing::Quit,
            "with the setting off, closing quits"
        );
    }

    #[test]
    fn a_sign_in_applies_the_roles_login_default_until_the_user_chose() {
        let never_chose = StoredAppSettings::default();
        assert_eq!(
            login_entry_on_sign_in(&never_chose, Role::Manager),
            Some(true),
            "a manager starts at login by default"
        );
        assert_eq!(
            login_entry_on_sign_in(&never_chose, Role::Agent),
            Some(false),
            "an agent does not"
        );
        let chose = StoredAppSettings {
            start_at_login_chosen: true,
            ..never_chose
        };
        assert_eq!(
            login_entry_on_sign_in(&chose, Role::Manager),
            None,
            "a choice is never overridden by a role's default"
        );
    }

    #[test]
    fn history_is_kept_whole_by_default_and_else_back_to_a_moving_cutoff() {
        let now = 1_000 * DAY_MS;
        assert_eq!(
            StoredAppSettings::default().keep_history.cutoff(now),
            None,
            "by default all history is kept"
        );
        assert_eq!(
            KeepHistory::Year.cutoff(now),
            Some(635 * DAY_MS),
            "one year back"
        );
        assert_eq!(
            KeepHistory::Days90.cutoff(now),
            Some(910 * DAY_MS),
            "90 days back"
        );
        assert_eq!(
            KeepHistory::Days90.cutoff(now + DAY_MS),
            Some(911 * DAY_MS),
            "the cut-off moves with the day"
        );
        let saved_before: StoredAppSettings =
            serde_json::from_str(r#"{"keep_running_in_background":false}"#).unwrap();
        assert_eq!(
            saved_before.keep_history,
            KeepHistory::All,
            "settings saved by an older version keep all history"
        );
        assert_eq!(
            saved_before.theme,
            Theme::System,
            "and follow the desktop's colours"
        );
        assert_eq!(
            saved_before.language,
            Language::System,
            "and speak the desktop's language"
        );
    }

    #[test]
    fn only_a_changed_login_box_counts_as_a_choice() {
        let stored = StoredAppSettings::default();
        let unchanged = AppSettings {
            keep_running_in_background: false,
            start_at_login: true,
            keep_history: KeepHistory::Days90,
            theme: Theme::Dark,
            language: Language::Es,
        };
        let kept = saved(&stored, &unchanged, true);
        assert!(
            !kept.start_at_login_chosen,
            "saving another setting leaves the role's default in charge"
        );
        assert!(
            !kept.keep_running_in_background
                && kept.keep_history == KeepHistory::Days90
                && kept.theme == Theme::Dark
                && kept.language == Language::Es,
            "the other settings are saved"
        );
        let turned_off = AppSettings {
            start_at_login: false,
            ..unchanged
        };
        assert!(
            saved(&stored, &turned_off, true).start_at_login_chosen,
            "unticking the box is a choice"
        );
        let chose = StoredAppSettings {
            start_at_login_chosen: true,
            told_keeps_running: true,
            ..stored
        };
        let again = saved(&chose, &unchanged, true);
        assert!(
            again.start_at_login_chosen && again.told_keeps_running,
            "a choice, and the notice once shown, stay remembered"
        );
    }
}
