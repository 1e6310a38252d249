//! `switchboard-chatwoot-fake [--port N] [--seed-demo]`: the fake Chatwoot
//! as a process, for the end-to-end suite and manual runs. Prints one line
//! with its URL, account and token, then serves until killed.

use clap::Parser;
use switchboard_chatwoot_fake::FakeChatwoot;

#[derive(Parser)]
#[command(about = "A fake Chatwoot server (REST subset + ActionCable) for Switchboard's tests")]
struct Args {
    /// Port on 127.0.0.1 (0: any free port).
    #[arg(long, default_value_t = 0)]
    port: u16,
    /// Start with a few conversations: one waiting on the bot, one handed
    /// off, one with a back-and-forth.
    #[arg(long)]
    seed_demo: bool,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let fake = FakeChatwoot::start_on(args.port).await?;
    if args.seed_demo {
        let first = fake
            .customer_starts(
                "Maria Lopez",
                Some("+34600111222"),
                "Hi, my order has not arrived",
            )
            .await;
        fake.bot_replies(
            first,
            "Sorry to hear that! Could you give me the order number?",
        )
        .await;
        let second = fake
            .customer_starts("Tom Becker", None, "I want to cancel my subscription")
            .await;
        fake.bot_replies(second, "I can help with that. May I ask why?")
            .await;
        fake.customer_writes(second, "I need a human, please").await;
        fake.bot_hands_off(second).await;
        fake.customer_starts("Aiko Tanaka", None, "Do you ship to Japan?")
            .await;
    }
    println!(
        "chatwoot-fake listening on {} account={} token={}",
        fake.base_url(),
        fake.account_id(),
        fake.access_token()
    );
    tokio::signal::ctrl_c().await?;
    Ok(())
}
