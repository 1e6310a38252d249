//! The command line: `--help` and `--version`, and the checks that must
//! pass before a window can be made.
//!
//! The app takes no arguments; it is set up from its own screens and a few
//! environment variables, which `--help` lists. What it owns is saying so
//! in words, before any window or thread exists: `switchboard --version`
//! must not open a window, and a start with no display must say why it
//! cannot run instead of panicking inside GTK.

use clap::Parser;

/// The command line: no arguments, only `--help` and `--version`.
#[derive(Debug, Parser)]
#[command(
    name = "switchboard",
    version,
    // Lines broken by hand: clap prints them as written.
    about = "Switchboard: watch an AI customer-service assistant's conversations live,\n\
             take over when needed, and get a desktop notification for every\n\
             conversation transferred to a human.",
    after_help = ENVIRONMENT
)]
pub struct Cli {}

/// What `--help` says after the options: how a launch is set up.
const ENVIRONMENT: &str = "\
A first launch runs against an embedded demo backend with simulated traffic;
sign out to sign in to your own. The last session is resumed at each launch.

Environment:
  SWITCHBOARD_BACKEND_URL, SWITCHBOARD_TOKEN
      sign in to an assistant backend at launch (both are needed; the token
      is not kept; if the sign-in fails, the sign-in screen says why)
  SWITCHBOARD_CHATWOOT_URL, SWITCHBOARD_CHATWOOT_ACCOUNT, SWITCHBOARD_CHATWOOT_TOKEN
      sign in to a Chatwoot account at launch (all three are needed, the
      account as its number; the token is not kept)
  SWITCHBOARD_DATA_DIR
      the folder for the cache, settings and logs
      (default: ~/.local/share/dev.switchboard.app)
  SWITCHBOARD_DOWNLOAD_HISTORY=0
      fetch older messages only when a conversation needs them, instead of
      downloading the whole history in the background
  RUST_LOG
      what to log (default: info,switchboard=debug), also printed to stderr
      when set";

/// Why the app cannot start here.
#[derive(Debug, PartialEq, Eq)]
pub enum CannotStart {
    /// No display server to open a window on.
    NoDisplay,
}

impl std::fmt::Display for CannotStart {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CannotStart::NoDisplay => f.write_str(
                "no graphical display: neither DISPLAY nor WAYLAND_DISPLAY is set. \
                 Switchboard is a desktop app; start it from a desktop session \
                 (or, without a screen, under a virtual one such as `xvfb-run`).",
            ),
        }
    }
}

/// Whether a window can be opened, judged from the environment `var`
/// reads: on Linux GTK needs an X11 or Wayland display, unless a backend
/// is forced (`GDK_BACKEND`, e.g. broadway), which GTK then checks itself.
pub fn check_display(var: impl Fn(&str) -> Option<String>) -> Result<(), CannotStart> {
    if !cfg!(target_os = "linux") {
        return Ok(());
    }
    let set = |name: &str| var(name).is_some_and(|value| !value.is_empty());
    if set("DISPLAY") || set("WAYLAND_DISPLAY") || set("GDK_BACKEND") {
        Ok(())
    } else {
        Err(CannotStart::NoDisplay)
    }
}

/// Reads the command line (printing help or the version and exiting when
/// asked, or a usage error with status 2) and the environment's sign-in,
/// refusing half of one (status 2 too), then checks that a window can be
/// opened here, exiting with status 1 and the reason when it cannot.
/// Returns the launch the environment asks for, read once.
pub fn parse_or_exit() -> crate::session::Launch {
    Cli::parse();
    // A usage error, as clap's own: the launch was given half a sign-in.
    let launch = match crate::session::Launch::from_env() {
        Ok(launch) => launch,
        Err(problem) => {
            eprintln!("switchboard: cannot start: {problem}");
            std::process::exit(2);
        }
    };
    if let Err(reason) = check_display(|name| std::env::var(name).ok()) {
        eprintln!("switchboard: cannot start: {reason}");
        std::process::exit(1);
    }
    launch
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::error::ErrorKind;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_well_formed() {
        Cli::command().debug_assert();
    }

    #[test]
    fn no_arguments_start_the_app() {
        assert!(Cli::try_parse_from(["switchboard"]).is_ok());
    }

    #[test]
    fn help_and_version_are_answered_and_unknown_arguments_refused() {
        let kind = |args: &[&str]| Cli::try_parse_from(args).unwrap_err().kind();
        assert_eq!(kind(&["switchboard", "--help"]), ErrorKind::DisplayHelp);
        assert_eq!(kind(&["switchboard", "-V"]), ErrorKind::DisplayVersion);
        assert_eq!(kind(&["switchboard", "--demo"]), ErrorKind::UnknownArgument);
        assert_eq!(kind(&["switchboard", "inbox"]), ErrorKind::UnknownArgument);
    }

    #[test]
    fn help_names_every_setting_a_user_can_give_in_the_environment() {
        let help = Cli::command().render_long_help().to_string();
        let sign_in = crate::session::BACKEND_VARS
            .into_iter()
            .chain(crate::session::CHATWOOT_VARS);
        let others = [
            "SWITCHBOARD_DATA_DIR",
            "SWITCHBOARD_DOWNLOAD_HISTORY",
            "RUST_LOG",
        ];
        for name in sign_in.chain(others) {
            assert!(
                help.contains(name),
                "--help does not mention {name}:\n{help}"
            );
        }
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_window_needs_a_display() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                pairs
                    .iter()
                    .find(|(key, _)| *key == name)
                    .map(|(_, value)| value.to_string())
            }
        };
        assert_eq!(check_display(env(&[])), Err(CannotStart::NoDisplay));
        assert_eq!(
            check_display(env(&[("DISPLAY", "")])),
            Err(CannotStart::NoDisplay)
        );
        assert_eq!(check_display(env(&[("DISPLAY", ":0")])), Ok(()));
        assert_eq!(
            check_display(env(&[("WAYLAND_DISPLAY", "wayland-0")])),
            Ok(())
        );
        assert_eq!(check_display(env(&[("GDK_BACKEND", "broadway")])), Ok(()));
    }
}
