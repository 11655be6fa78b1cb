use ajar_server::cli::{Cli, Command};
use ajar_server::commands;
use clap::Parser;
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,tower_http=info")),
        )
        .with_writer(std::io::stderr)
        .init();
    match Cli::parse().command {
        Command::Serve(args) => commands::serve(args).await,
        Command::Therapist(c) => commands::therapist(c).await,
        Command::Client(c) => commands::client(c).await,
        Command::Audit(c) => commands::audit(c).await,
        Command::Backup { db, to } => commands::backup(&db.db, &to).await,
        Command::Copy { from, to } => commands::copy(&from, &to).await,
    }
}
