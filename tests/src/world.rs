//! A scenario's world: a fresh desktop, the reference backend with the demo
//! data set of a fixed seed, and a manager's token to sign in with. Other
//! people of the team ([`Colleague`]) sit at desktops of their own, on the
//! same backend, so several apps run at once as several users.

use std::time::Duration;

use anyhow::{Context, Result};
use switchboard_backend::{Control, NewContact};
use switchboard_protocol::{Conversation, Message, MessagesPage, Role};

use crate::backend::ScriptedBackend;
use crate::desktop::Desktop;
use crate::screen::Screen;

/// The seed of the demo data every scenario starts from.
pub const DEMO_SEED: u64 = 7;

pub struct World {
    // Field order is drop order: the app's desktop goes before the backend.
    pub desktop: Desktop,
    pub backend: ScriptedBackend,
    /// A manager's token (`Ana`).
    pub token: String,
}

impl World {
    pub async fn new() -> Result<Self> {
        let desktop = Desktop::new().await?;
        let backend = ScriptedBackend::start(desktop.dir(), DEMO_SEED).await?;
        let token = backend.control()?.create_token(Role::Manager, "Ana")?;
        Ok(Self {
            desktop,
            backend,
            token,
        })
    }

    pub fn control(&self) -> Result<&Control> {
        self.backend.control()
    }

    /// The environment that signs the app in to this world's backend.
    pub fn sign_in_env(&self) -> Vec<(String, String)> {
        self.sign_in_env_with(&self.token)
    }

    /// The environment that signs the app in to this world's backend with `token`.
    pub fn sign_in_env_with(&self, token: &str) -> Vec<(String, String)> {
        vec![
            ("SWITCHBOARD_BACKEND_URL".into(), self.backend.url()),
            ("SWITCHBOARD_TOKEN".into(), token.to_owned()),
        ]
    }

    /// Launches the app signed in to this world's backend.
    pub async fn launch_signed_in(&self) -> Result<Screen> {
        self.launch_as(&self.desktop, &self.token, &[]).await
    }

    /// Another user of this world's backend, at a desktop of their own
    /// (data dir, session bus, notification server): their app runs beside
    /// the first one. Launch it with [`World::launch_as`].
    pub async fn colleague(&self, role: Role, name: &str) -> Result<Colleague> {
        let desktop = Desktop::new().await?;
        let token = self.control()?.create_token(role, name)?;
        Ok(Colleague {
            desktop,
            token,
            name: name.to_owned(),
        })
    }

    /// Launches the app on `desktop`, signed in to this world's backend
    /// with `token`, with `extra_env` on top.
    pub async fn launch_as(
        &self,
        desktop: &Desktop,
        token: &str,
        extra_env: &[(&str, &str)],
    ) -> Result<Screen> {
        let env = self.sign_in_env_with(token);
        let mut env: Vec<(&str, &str)> =
            env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        env.extend_from_slice(extra_env);
        Screen::launch(desktop, &env).await
    }

    /// Launches a colleague's app: on a machine of its own (data dir,
    /// session bus, notification server), signed in to this world's backend
    /// as `user`, an agent. Two apps side by side, as a team works.
    pub async fn launch_colleague_signed_in(&self, user: &str) -> Result<ColleagueApp> {
        let colleague = self.colleague(Role::Agent, user).await?;
        let screen = self
            .launch_as(&colleague.desktop, &colleague.token, &[])
            .await?;
        Ok(ColleagueApp {
            screen,
            desktop: colleague.desktop,
        })
    }

    /// Starts a conversation whose contact and first customer message are
    /// the scenario's own, so what the screen shows is unambiguous.
    pub fn start_conversation(
        &self,
        contact: NewContact,
        first_message: &str,
    ) -> Result<Conversation> {
        let control = self.control()?;
        let conversation = control.start_conversation(contact, "whatsapp")?;
        control.customer_message(conversation.id, first_message)?;
        control
            .conversation(conversation.id)?
            .context("the conversation just started exists")
    }

    /// The conversation's newest messages as the backend's API serves them
    /// (newest first), read with this world's token.
    pub async fn messages(&self, conversation_id: i64) -> Result<Vec<Message>> {
        let page: MessagesPage = reqwest::Client::new()
            .get(format!(
                "{}/v1/conversations/{conversation_id}/messages?limit=200",
                self.backend.url()
            ))
            .bearer_auth(&self.token)
            .timeout(Duration::from_secs(5))
            .send()
            .await?
            .error_for_status()?
            .json()
            .await?;
        Ok(page.messages)
    }

    /// The backend's state of one conversation.
    pub fn conversation(&self, id: i64) -> Result<Conversation> {
        self.control()?
            .conversation(id)?
            .with_context(|| format!("conversation {id} exists in the backend"))
    }
}

/// Another person of the team: their own machine and their own account on
/// the world's backend. Dropped before the world (declare it after), as a
/// desktop goes before the backend it talks to.
pub struct Colleague {
    pub desktop: Desktop,
    pub token: String,
    pub name: String,
}

/// A colleague's app, on its own machine (see
/// [`World::launch_colleague_signed_in`]).
pub struct ColleagueApp {
    // Field order is drop order: the app goes before its machine.
    pub screen: Screen,
    pub desktop: Desktop,
}
