//! The `ajar` command line.

use crate::store::Database;
use clap::{Args, Parser, Subcommand};
use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "ajar",
    version,
    about = "Ajar: check-ins and feedback between therapy sessions.",
    long_about = "Ajar: check-ins and feedback between therapy sessions.\n\n\
        Clients open a personal link on their phone and answer short check-ins; \
        therapists sign in and see their caseload. All data lives in one SQLite file."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the web server: the API and the app.
    Serve(ServeArgs),
    /// Manage therapist accounts.
    #[command(subcommand)]
    Therapist(TherapistCommand),
    /// Manage clients.
    #[command(subcommand)]
    Client(ClientCommand),
    /// Check the audit trail.
    #[command(subcommand)]
    Audit(AuditCommand),
    /// Copy the database to a new file, consistent even while the server runs (and its
    /// audit key beside it), then check the copy.
    Backup {
        #[command(flatten)]
        db: DbArg,
        /// The copy to write; it must not exist yet.
        #[arg(long)]
        to: PathBuf,
    },
    /// Move everything from a SQLite file into an empty PostgreSQL database, the audit
    /// trail and its key included, then check the copy (every table's rows, the trail's
    /// head). Stop the server first; the SQLite file is left as it was.
    Copy {
        /// The SQLite file to copy from.
        #[arg(long)]
        from: PathBuf,
        /// The PostgreSQL database to copy into (`postgres://user@host/database`); its
        /// audit key goes to data/postgres.audit-key, or where AJAR_AUDIT_KEY_FILE says.
        #[arg(long)]
        to: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Check that no entry of the hash-chained audit trail was changed, removed or
    /// reordered. Exits with an error naming the first broken entry.
    Verify {
        #[command(flatten)]
        db: DbArg,
        /// A head printed earlier by `ajar audit head` (and kept somewhere else): also
        /// checks that the trail still holds that entry unchanged, so entries removed
        /// from its end are caught too.
        #[arg(long)]
        head: Option<String>,
    },
    /// Print the trail's head (`<entry>:<hash>`). Keep it outside this machine (a note, a
    /// ticket, an email to yourself); `ajar audit verify --head` checks against it.
    Head {
        #[command(flatten)]
        db: DbArg,
    },
}

#[derive(Debug, Args)]
pub struct DbArg {
    /// The SQLite database file (created, with its folder, if missing), or a PostgreSQL
    /// URL (`postgres://user@host/database`), whose audit key is kept in
    /// data/postgres.audit-key unless AJAR_AUDIT_KEY_FILE says where.
    #[arg(long, env = "AJAR_DB", default_value = "data/ajar.sqlite3", value_parser = Database::parse)]
    pub db: Database,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub db: DbArg,
    /// Address and port to listen on. Use 0.0.0.0:8080 to be reachable from other devices
    /// (put a TLS proxy in front first).
    #[arg(long, env = "AJAR_ADDR", default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
    /// Folder of the built app (Trunk's output). Without it only the API is served.
    #[arg(long, env = "AJAR_DIST", default_value = "dist")]
    pub dist: PathBuf,
    /// The address people use to reach this server, used in client links and to decide
    /// whether cookies are marked Secure. Defaults to http://<addr>.
    #[arg(long, env = "AJAR_PUBLIC_URL")]
    pub public_url: Option<String>,
    /// Seed a demo practice into an empty database, and print a fresh demo login and
    /// client links at every start.
    #[arg(long)]
    pub demo: bool,
    /// Start even though the database's write-ahead log was cut mid-frame (Ajar refuses
    /// to start and says so first). SQLite then keeps every complete commit and drops
    /// the cut-off last one. Copy the data folder before using this.
    #[arg(long)]
    pub accept_torn_wal: bool,
    /// Every therapist must use two-step sign-in (an authenticator app's codes): one who
    /// has not set it up yet can sign in only to set it up.
    #[arg(long, env = "AJAR_REQUIRE_MFA")]
    pub require_mfa: bool,
    /// A proxy in front of Ajar (an address, or a network like 10.0.0.0/8; repeat for
    /// more): only from these is `X-Forwarded-For` believed, and then only its right-most
    /// hop that is not one of them. With a TLS proxy on this machine: 127.0.0.1.
    #[arg(long = "trusted-proxy", env = "AJAR_TRUSTED_PROXIES", value_delimiter = ',', value_parser = crate::client_addr::parse_trusted)]
    pub trusted_proxies: Vec<ipnet::IpNet>,
    /// Requests one phone's session may make in a minute (one address: ten times that).
    /// Past it the phone is told to wait, and sends again then.
    #[arg(long, env = "AJAR_PHONE_REQUESTS_PER_MINUTE", default_value_t = crate::rate_limit::PER_SESSION)]
    pub phone_requests_per_minute: u32,
    /// The hour (8 to 20) of each client's own day from which a phone that asked for
    /// reminders is reminded of a check-in that has fallen due. Never at night (21:00 to
    /// 08:00 in the client's time), one a day at most.
    #[arg(long, env = "AJAR_REMINDER_HOUR", default_value_t = ajar_core::reminder::DEFAULT_HOUR, value_parser = parse_hour)]
    pub reminder_hour: u8,
    /// Who runs this server, for push services (a `mailto:` or `https:` URL) named in
    /// every reminder's signature. Default: the public URL when it is https.
    #[arg(long, env = "AJAR_PUSH_CONTACT")]
    pub push_contact: Option<String>,
    /// Tests only: phones may subscribe with endpoints starting with this (a stand-in
    /// push service on this machine, over plain http).
    #[arg(long, hide = true)]
    pub push_service_for_tests: Option<String>,
}

fn parse_hour(text: &str) -> Result<u8, String> {
    text.parse::<u8>()
        .ok()
        .filter(|h| ajar_core::reminder::valid_hour(*h))
        .ok_or_else(|| {
            format!("{text:?} is not an hour from 8 to 20 (reminders never go at night)")
        })
}

#[derive(Debug, Subcommand)]
pub enum TherapistCommand {
    /// Create a therapist account. The password is read from standard input (one line),
    /// never from the command line, where other users could see it.
    Add {
        #[command(flatten)]
        db: DbArg,
        /// Sign-in email.
        #[arg(long)]
        email: String,
        /// Name shown to clients, e.g. "Dr. Sam Rivera".
        #[arg(long)]
        name: String,
    },
    /// Set a therapist's password. The new password is read from standard input (one
    /// line). Every session of theirs ends (they are told the password changed).
    Passwd {
        #[command(flatten)]
        db: DbArg,
        /// Sign-in email.
        #[arg(long)]
        email: String,
    },
    /// Stop a therapist from signing in (their sessions end at once). Their clients and
    /// answers stay.
    Disable {
        #[command(flatten)]
        db: DbArg,
        /// Sign-in email.
        #[arg(long)]
        email: String,
    },
    /// Let a disabled therapist sign in again.
    Enable {
        #[command(flatten)]
        db: DbArg,
        /// Sign-in email.
        #[arg(long)]
        email: String,
    },
    /// Turn off a therapist's two-step sign-in (a lost phone and lost recovery codes):
    /// they sign in with their password alone and can set it up again.
    ResetMfa {
        #[command(flatten)]
        db: DbArg,
        /// Sign-in email.
        #[arg(long)]
        email: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum ClientCommand {
    /// Add a client to a therapist's caseload and print their personal link.
    Add {
        #[command(flatten)]
        db: DbArg,
        /// The therapist's sign-in email.
        #[arg(long)]
        therapist: String,
        /// A label or pseudonym; no real name is needed.
        #[arg(long)]
        label: String,
        /// The address clients use to reach the server, for the printed link.
        #[arg(long, env = "AJAR_PUBLIC_URL", default_value = "http://127.0.0.1:8080")]
        public_url: String,
    },
}
