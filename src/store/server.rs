//! Books on a PostgreSQL server: where one is, connecting to it, and its schema (created on an
//! empty database, upgraded when older, refused when newer).
//!
//! A book on a server is named by a URL, `postgres://USER@HOST:PORT/DB`, wherever a book's file
//! is named (`--db`, `CLIENTELE_DB`, this computer's book). The password is never part of what is
//! shown: it comes from the URL, else `PGPASSWORD`, else the password kept on this computer for the
//! address (`crate::secrets`), which Settings → Book keeps when it opens the book.

use super::db::{Db, DbError, PgSession};
use super::{Result, StoreError};
use include_dir::{Dir, include_dir};
use std::path::{Path, PathBuf};
use std::time::Duration;

static MIGRATIONS_DIR: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/migrations-postgres");

/// The schema version of a server book this program writes: the number of its migrations.
pub fn server_latest_version() -> i64 {
    MIGRATIONS_DIR.dirs().count() as i64
}

/// The server schema's migrations in order: (version, SQL).
fn migrations() -> Vec<(i64, &'static str)> {
    let mut dirs: Vec<&Dir<'static>> = MIGRATIONS_DIR.dirs().collect();
    dirs.sort_by_key(|d| d.path().to_path_buf());
    dirs.iter()
        .enumerate()
        .filter_map(|(i, dir)| {
            let up = dir.files().find(|f| f.path().file_name().is_some_and(|n| n == "up.sql"))?;
            Some((i as i64 + 1, up.contents_utf8()?))
        })
        .collect()
}

/// How long a statement waits for a row another clerk holds before it gives up and says the
/// book is busy: the same patience as a write on an SQLite book.
const LOCK_WAIT: Duration = super::WRITE_WAIT;

/// How long connecting may take before the server is called unreachable.
const CONNECT_WAIT: Duration = Duration::from_secs(10);

/// Whether a book location names a server rather than a file.
pub fn is_server_location(location: &Path) -> bool {
    location.to_str().is_some_and(|text| {
        let lower = text.trim().to_ascii_lowercase();
        lower.starts_with("postgres://") || lower.starts_with("postgresql://")
    })
}

/// Whether the connection to a book's server is encrypted (the URL's `sslmode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TlsMode {
    /// Never (`disable`): only for a server on this computer or a trusted office network.
    Off,
    /// When the server offers it (`prefer`), as PostgreSQL's own programs do by default.
    #[default]
    Prefer,
    /// Always (`require`): no connection without it.
    Require,
}

impl TlsMode {
    pub const ALL: [TlsMode; 3] = [TlsMode::Off, TlsMode::Prefer, TlsMode::Require];

    /// The URL's `sslmode` value.
    pub fn key(self) -> &'static str {
        match self {
            TlsMode::Off => "disable",
            TlsMode::Prefer => "prefer",
            TlsMode::Require => "require",
        }
    }

    fn ssl_mode(self) -> postgres::config::SslMode {
        match self {
            TlsMode::Off => postgres::config::SslMode::Disable,
            TlsMode::Prefer => postgres::config::SslMode::Prefer,
            TlsMode::Require => postgres::config::SslMode::Require,
        }
    }
}

impl std::fmt::Display for TlsMode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            TlsMode::Off => "Off",
            TlsMode::Prefer => "If the server offers it",
            TlsMode::Require => "Required",
        })
    }
}

/// Where a book on a server is: the URL as given and what it says.
#[derive(Clone)]
pub struct ServerAddress {
    config: postgres::Config,
}

/// Where the password a connection tried came from, to say what to do when it is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PasswordFrom {
    Address,
    Environment,
    Kept,
    Nowhere,
}

impl std::fmt::Debug for ServerAddress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.display())
    }
}

impl ServerAddress {
    /// Reads `postgres://USER[:PASSWORD]@HOST[:PORT]/DB[?sslmode=…&options=…]`.
    pub fn parse(url: &str) -> Result<ServerAddress> {
        let refuse = |reason: String| StoreError::Open { path: PathBuf::from(redacted(url)), reason };
        let config: postgres::Config =
            url.trim().parse().map_err(|e: postgres::Error| refuse(format!("it is not a server address ({e})")))?;
        if config.get_hosts().is_empty() {
            return Err(refuse("it names no server (postgres://USER@HOST/DATABASE)".into()));
        }
        if config.get_dbname().is_none_or(str::is_empty) {
            return Err(refuse("it names no database (postgres://USER@HOST/DATABASE)".into()));
        }
        if config.get_user().is_none_or(str::is_empty) {
            return Err(refuse("it names no user (postgres://USER@HOST/DATABASE)".into()));
        }
        Ok(ServerAddress { config })
    }

    /// The address of `database` on `host`:`port`, signed in as `user`: what Settings → Book's
    /// form gives. Each part is taken as typed (no URL escaping to get wrong).
    pub fn new(host: &str, port: u16, database: &str, user: &str, tls: TlsMode) -> Result<ServerAddress> {
        let (host, database, user) = (host.trim(), database.trim(), user.trim());
        let shown = PathBuf::from(format!("postgres://{user}@{host}:{port}/{database}"));
        let refuse = |reason: &str| StoreError::Open { path: shown.clone(), reason: reason.to_string() };
        if host.is_empty() {
            return Err(refuse("it names no server"));
        }
        if database.is_empty() {
            return Err(refuse("it names no database"));
        }
        if user.is_empty() {
            return Err(refuse("it names no user"));
        }
        if port == 0 {
            return Err(refuse("port 0 is not a server's port"));
        }
        let mut config = postgres::Config::new();
        config.host(host).port(port).dbname(database).user(user).ssl_mode(tls.ssl_mode());
        Ok(ServerAddress { config })
    }

    /// The same address with `password` to sign in with (never shown, never in [`location`]).
    ///
    /// [`location`]: ServerAddress::location
    pub fn with_password(mut self, password: &str) -> ServerAddress {
        if !password.is_empty() {
            self.config.password(password);
        }
        self
    }

    pub fn from_location(location: &Path) -> Result<Option<ServerAddress>> {
        match location.to_str() {
            Some(text) if is_server_location(location) => ServerAddress::parse(text).map(Some),
            _ => Ok(None),
        }
    }

    pub fn user(&self) -> &str {
        self.config.get_user().unwrap_or_default()
    }

    pub fn database(&self) -> &str {
        self.config.get_dbname().unwrap_or_default()
    }

    pub fn host(&self) -> String {
        match self.config.get_hosts().first() {
            Some(postgres::config::Host::Tcp(host)) => host.clone(),
            #[cfg(unix)]
            Some(postgres::config::Host::Unix(path)) => path.display().to_string(),
            None => String::new(),
        }
    }

    pub fn port(&self) -> u16 {
        self.config.get_ports().first().copied().unwrap_or(5432)
    }

    pub fn tls(&self) -> TlsMode {
        match self.config.get_ssl_mode() {
            postgres::config::SslMode::Disable => TlsMode::Off,
            postgres::config::SslMode::Prefer => TlsMode::Prefer,
            _ => TlsMode::Require,
        }
    }

    /// Where the book is, in words: "PostgreSQL server office.lan:5432, database office, as user clerk".
    pub fn describe(&self) -> String {
        format!(
            "PostgreSQL server {}:{}, database {}, as user {}",
            self.host(),
            self.port(),
            self.database(),
            self.user()
        )
    }

    /// The password kept on this computer for this address: one per user, server and database.
    pub fn secret(&self) -> crate::secrets::Secret {
        let host = format!("{}@{}", self.user(), self.host());
        let account = format!("{}:{}/{}", host, self.port(), self.database());
        crate::secrets::Secret::new("postgres", account, &[&host, &self.port().to_string(), self.database()])
    }

    /// `USER@HOST:PORT/DB`, as the title bar and `clientele info` show it: never the password.
    /// It reads back as the same address (a socket's folder and any character a URL reserves
    /// are escaped), while letters of any script stay readable.
    pub fn display(&self) -> String {
        self.display_as(self.user(), self.database())
    }

    /// [`ServerAddress::display`] of another user (e.g. the administrator) or database on the
    /// same server, for a command a message suggests.
    pub fn display_as(&self, user: &str, database: &str) -> String {
        let readable = |part: &str| {
            part.chars()
                .map(|c| {
                    if c.is_ascii() && !c.is_ascii_alphanumeric() && !"-._~".contains(c) {
                        escape(&c.to_string())
                    } else {
                        c.to_string()
                    }
                })
                .collect::<String>()
        };
        format!("postgres://{}@{}:{}/{}", readable(user), self.url_host(), self.port(), readable(database))
    }

    /// The host as a URL writes it: an IPv6 address in brackets, a socket's folder escaped.
    fn url_host(&self) -> String {
        let host = self.host();
        if host.contains(':') { format!("[{host}]") } else { escape(&host) }
    }

    /// What makes the book one book: its address and, where the URL sets them, the server
    /// options that choose its schema. Two spellings of one book give the same identity.
    pub fn identity(&self) -> String {
        match self.config.get_options().filter(|o| !o.trim().is_empty()) {
            Some(options) => format!("{}?options={}", self.display(), options.trim()),
            None => self.display(),
        }
    }

    /// The address as a book location (what `--db` takes, and what this computer's book
    /// records): the parts URL-escaped, the TLS mode when it is not the default, never a password.
    pub fn location(&self) -> PathBuf {
        let mut url = format!(
            "postgres://{}@{}:{}/{}",
            escape(self.user()),
            self.url_host(),
            self.port(),
            escape(self.database())
        );
        if self.tls() != TlsMode::Prefer {
            url.push_str("?sslmode=");
            url.push_str(self.tls().key());
        }
        PathBuf::from(url)
    }

    fn refuse(&self, reason: impl Into<String>) -> StoreError {
        StoreError::Open { path: self.location(), reason: reason.into() }
    }

    /// Connects as the address says, with the password from the URL, else `PGPASSWORD`, else the
    /// one kept on this computer for the address ([`ServerAddress::secret`]).
    pub(crate) fn connect(&self) -> Result<PgSession> {
        let mut config = self.config.clone();
        let from = if config.get_password().is_some() {
            PasswordFrom::Address
        } else if let Some(password) =
            std::env::var_os("PGPASSWORD").and_then(|p| p.into_string().ok()).filter(|p| !p.is_empty())
        {
            config.password(password);
            PasswordFrom::Environment
        } else if let Some(password) = self.secret().load() {
            config.password(password);
            PasswordFrom::Kept
        } else {
            PasswordFrom::Nowhere
        };
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(CONNECT_WAIT);
        }
        if config.get_application_name().is_none() {
            config.application_name("Clientele");
        }
        let session = PgSession::connect(config).map_err(|failure| match failure {
            super::db::ConnectFailure::Server(error) => self.connect_error(error, from),
            super::db::ConnectFailure::Tls(why) => {
                self.refuse(format!("a secure (TLS) connection could not be set up: {why}"))
            }
        })?;
        // Set on every connection (and again after a reconnect, by PgSession).
        Ok(session)
    }

    /// What went wrong when connecting, in words a clerk can act on.
    fn connect_error(&self, error: postgres::Error, from: PasswordFrom) -> StoreError {
        use postgres::error::SqlState;
        let server = format!("{}:{}", self.host(), self.port());
        if let Some(db) = error.as_db_error() {
            let code = db.code();
            if *code == SqlState::INVALID_PASSWORD && from == PasswordFrom::Kept {
                return self.refuse(format!(
                    "the server {server} did not accept the password kept on this computer for user {} ({}); open the book again from the window (Settings, Book, Open a book on a server…) with the new password",
                    self.user(),
                    db.message()
                ));
            }
            if *code == SqlState::INVALID_PASSWORD || *code == SqlState::INVALID_AUTHORIZATION_SPECIFICATION {
                return self.refuse(format!(
                    "the server {server} did not accept user {} ({}); check the user name and password",
                    self.user(),
                    db.message()
                ));
            }
            if *code == SqlState::INVALID_CATALOG_NAME {
                return self.refuse(format!(
                    "the server {server} has no database \"{}\"; create it and its book with: clientele server init {}",
                    self.database(),
                    self.display_as("ADMIN", self.database())
                ));
            }
            return self.refuse(format!("the server {server} refused the connection: {}", db.message()));
        }
        let text = error.to_string();
        let cause = std::error::Error::source(&error).map(|s| s.to_string()).unwrap_or_default();
        if text.contains("password missing") || cause.contains("password missing") {
            return self.refuse(format!(
                "the server {server} asks for user {}'s password, and none is kept on this computer: open the book from the window (Settings, Book, Open a book on a server…), which keeps it, or give it in PGPASSWORD",
                self.user()
            ));
        }
        if text.contains("lookup address") || cause.contains("lookup address") {
            return self.refuse(format!(
                "no server named \"{}\" is known on this network; check the name, or give the server's IP address",
                self.host()
            ));
        }
        if cause.contains("refused")
            || cause.contains("timed out")
            || text.contains("timed out")
            || cause.contains("No such file")
        {
            return self.refuse(format!(
                "the server {server} cannot be reached ({}); is PostgreSQL running there, and does it accept connections from this computer?",
                if cause.is_empty() { text } else { cause }
            ));
        }
        if cause.contains("does not support TLS") {
            return self.refuse(format!(
                "the server {server} does not offer a secure (TLS) connection; ask its administrator to turn TLS on, or choose TLS \"Off\" for a server on a trusted office network"
            ));
        }
        if cause.contains("TLS") || cause.contains("tls") || text.contains("TLS") {
            return self.refuse(format!(
                "a secure (TLS) connection to {server} could not be made: {}",
                if cause.is_empty() { text } else { cause }
            ));
        }
        self.refuse(if cause.is_empty() { text } else { format!("{text}: {cause}") })
    }
}

/// The TLS side of a connection for `mode`: with `require`, the server's certificate must be
/// one the computer trusts (the OS's store), for its host name; with `prefer` (PostgreSQL's and
/// libpq's default) the connection is encrypted when the server offers it, its certificate
/// unchecked, as libpq does.
pub(crate) fn tls(
    mode: postgres::config::SslMode,
) -> std::result::Result<tokio_postgres_rustls::MakeRustlsConnect, String> {
    use rustls_platform_verifier::BuilderVerifierExt;
    let provider = std::sync::Arc::new(rustls::crypto::ring::default_provider());
    let builder = rustls::ClientConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .map_err(|e| e.to_string())?;
    let config = match mode {
        // Never quietly less than asked: without the computer's certificate store, no connection.
        postgres::config::SslMode::Require => builder
            .with_platform_verifier()
            .map_err(|e| format!("this computer's trusted certificates could not be read ({e})"))?
            .with_no_client_auth(),
        _ => builder
            .dangerous()
            .with_custom_certificate_verifier(std::sync::Arc::new(EncryptOnly(provider)))
            .with_no_client_auth(),
    };
    Ok(tokio_postgres_rustls::MakeRustlsConnect::new(config))
}

/// How the connection to the server is protected, as `clientele info` says it.
pub(crate) fn connection_security(db: &Db) -> String {
    let found: Option<(bool, Option<String>)> = super::db::OptionalExtension::optional(db.query_row(
        "SELECT ssl, version FROM pg_stat_ssl WHERE pid = pg_backend_pid()",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    ))
    .ok()
    .flatten();
    match found {
        Some((true, version)) => format!("encrypted ({})", version.unwrap_or_else(|| "TLS".into())),
        _ => "not encrypted (sslmode=require asks for it)".to_string(),
    }
}

/// Encryption without checking whose certificate it is (`sslmode=prefer`): the handshake's
/// signatures are still verified, so the connection is encrypted end to end.
#[derive(Debug)]
struct EncryptOnly(std::sync::Arc<rustls::crypto::CryptoProvider>);

impl rustls::client::danger::ServerCertVerifier for EncryptOnly {
    fn verify_server_cert(
        &self,
        _end_entity: &rustls::pki_types::CertificateDer<'_>,
        _intermediates: &[rustls::pki_types::CertificateDer<'_>],
        _server_name: &rustls::pki_types::ServerName<'_>,
        _ocsp_response: &[u8],
        _now: rustls::pki_types::UnixTime,
    ) -> std::result::Result<rustls::client::danger::ServerCertVerified, rustls::Error> {
        Ok(rustls::client::danger::ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &rustls::pki_types::CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> std::result::Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(message, cert, dss, &self.0.signature_verification_algorithms)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &rustls::pki_types::CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> std::result::Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(message, cert, dss, &self.0.signature_verification_algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<rustls::SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}

/// A URL part with everything but unreserved characters percent-escaped.
fn escape(part: &str) -> String {
    let mut out = String::with_capacity(part.len());
    for byte in part.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// The URL without its password, for messages.
fn redacted(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let credentials = &url[scheme + 3..at];
            match credentials.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme + 3], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

/// The session settings every connection to a book starts with.
/// A write waits for another clerk's as long as on an SQLite book ([`super::WRITE_WAIT`]) before
/// it gives up and says the book is busy.
pub(crate) fn session_setup() -> String {
    format!("SET lock_timeout = '{}ms'; SET idle_in_transaction_session_timeout = '10min'", LOCK_WAIT.as_millis())
}

/// The key under which `clientele_book` keeps the schema version.
const VERSION_KEY: &str = "schema_version";

/// An advisory lock only Clientele takes: one PC at a time creates or upgrades a book.
const SCHEMA_LOCK: i64 = 0x436C_6E74_0001;

/// Brings a server book's schema up to date in one transaction, or refuses: a newer schema,
/// another program's tables, or a user without the right to create the book.
pub(crate) fn prepare_schema(db: &Db, address: &ServerAddress) -> Result<Option<(i64, i64)>> {
    let known = server_latest_version();
    let found = read_version(db, address)?;
    match found {
        Some(found) if found > known => {
            return Err(StoreError::TooNew { path: address.location(), found, known });
        }
        Some(found) if found == known => return Ok(None),
        _ => {}
    }
    let tx = db.write_tx()?;
    tx.query_row("SELECT pg_advisory_xact_lock(?1)", [SCHEMA_LOCK], |_| Ok(()))?;
    // Another PC may have created or upgraded it while this one waited for the lock.
    let found = read_version(&tx, address)?;
    let from = match found {
        Some(found) if found >= known => return Ok(None),
        Some(found) => found,
        None => {
            let tables: i64 =
                tx.query_row("SELECT COUNT(*) FROM pg_tables WHERE schemaname = current_schema()", [], |r| r.get(0))?;
            if tables > 0 {
                return Err(StoreError::NotClientele(address.location()));
            }
            0
        }
    };
    for (version, sql) in migrations().into_iter().filter(|(v, _)| *v > from) {
        tx.execute_batch(sql).map_err(|e| schema_error(address, from, e))?;
        tracing::info!(book = %address.display(), version, "server schema migration applied");
    }
    if from == 0 {
        tx.execute_batch(
            "CREATE TABLE clientele_book (key TEXT COLLATE \"C\" PRIMARY KEY, value TEXT COLLATE \"C\" NOT NULL)",
        )
        .map_err(|e| schema_error(address, from, e))?;
        tx.execute("INSERT INTO clientele_book (key, value) VALUES ('application', 'Clientele')", [])?;
        tx.execute(
            "INSERT INTO clientele_book (key, value) VALUES (?1, ?2)",
            super::db::params![VERSION_KEY, known.to_string()],
        )?;
    } else {
        tx.execute(
            "UPDATE clientele_book SET value = ?2 WHERE key = ?1",
            super::db::params![VERSION_KEY, known.to_string()],
        )?;
    }
    tx.commit()?;
    if let Some(session) = db.as_postgres() {
        session.forget_statements();
    }
    Ok(Some((from, known)))
}

/// The book's schema version; `None` when the database holds no Clientele book yet.
fn read_version(db: &Db, address: &ServerAddress) -> Result<Option<i64>> {
    let has_book: bool = db.query_row("SELECT to_regclass('clientele_book') IS NOT NULL", [], |r| r.get(0))?;
    if !has_book {
        return Ok(None);
    }
    let text: Option<String> = super::db::OptionalExtension::optional(db.query_row(
        "SELECT value FROM clientele_book WHERE key = ?1",
        [VERSION_KEY],
        |r| r.get(0),
    ))?;
    match text.and_then(|t| t.parse::<i64>().ok()) {
        Some(version) => Ok(Some(version)),
        None => Err(StoreError::NotClientele(address.location())),
    }
}

fn schema_error(address: &ServerAddress, from: i64, error: DbError) -> StoreError {
    match error {
        DbError::ReadOnly | DbError::NotAllowed(_) if from == 0 => StoreError::Open {
            path: address.location(),
            reason: format!(
                "the database holds no Clientele book yet, and user {} may not create one: run clientele server init as the server's administrator",
                address.user()
            ),
        },
        DbError::ReadOnly | DbError::NotAllowed(_) => StoreError::Open {
            path: address.location(),
            reason: format!(
                "the book needs upgrading to this version of Clientele, which user {} may not do; the server's administrator runs: clientele server init {}",
                address.user(),
                address.display_as("ADMIN", address.database())
            ),
        },
        other => StoreError::Upgrade { path: address.location(), reason: other.to_string() },
    }
}

/// The group role every clerk's login belongs to: it may read and write the book's rows and
/// nothing else (no tables made or dropped, no other database).
pub const CLERK_ROLE: &str = "clientele_clerk";

/// What `clientele server init` did.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ServerInit {
    pub book: String,
    pub database_created: bool,
    /// The schema version before (0: there was no book) and after.
    pub schema_from: i64,
    pub schema_to: i64,
    pub clerk_role: String,
}

/// Makes the database (when the server lacks it), the book's schema in it, and the clerks' role
/// with only the rights they need; run as the server's administrator. Running it again on a
/// book that is up to date changes nothing but the rights, which it sets again.
pub fn init_server(address: &ServerAddress) -> Result<ServerInit> {
    let database_created = create_database_if_missing(address)?;
    let db = Db::postgres(address.connect()?);
    let before = read_version(&db, address)?.unwrap_or(0);
    prepare_schema(&db, address)?;
    let after = read_version(&db, address)?.unwrap_or(0);
    grant_clerk_rights(&db, address)?;
    tracing::info!(book = %address.display(), database_created, from = before, to = after, "server book set up");
    Ok(ServerInit {
        book: address.display(),
        database_created,
        schema_from: before,
        schema_to: after,
        clerk_role: CLERK_ROLE.to_string(),
    })
}

/// Creates the address's database through the server's maintenance database when it is missing.
fn create_database_if_missing(address: &ServerAddress) -> Result<bool> {
    let mut maintenance = address.clone();
    maintenance.config.dbname("postgres");
    // A server without its maintenance database (or one the user may not enter): the book's
    // own database must then be there already, and connecting to it says so if it is not.
    let Ok(session) = maintenance.connect() else { return Ok(false) };
    let db = Db::postgres(session);
    let exists: bool =
        db.query_row("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = ?1)", [address.database()], |r| {
            r.get(0)
        })?;
    if exists {
        return Ok(false);
    }
    // A name cannot be a parameter of CREATE DATABASE: the server quotes it itself (format %I).
    let statement: String =
        db.query_row("SELECT format('CREATE DATABASE %I', CAST(?1 AS TEXT))", [address.database()], |r| r.get(0))?;
    db.execute_batch(&statement).map_err(|e| admin_error(address, "create the database", e))?;
    Ok(true)
}

/// The clerks' group role and its rights on this database's book.
fn grant_clerk_rights(db: &Db, address: &ServerAddress) -> Result<()> {
    let role_exists: bool =
        db.query_row("SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = ?1)", [CLERK_ROLE], |r| r.get(0))?;
    if !role_exists {
        db.execute_batch(&format!("CREATE ROLE {CLERK_ROLE} NOLOGIN"))
            .map_err(|e| admin_error(address, "create the clerks' role", e))?;
    }
    let grants: String = db.query_row(
        "SELECT format('GRANT CONNECT ON DATABASE %I TO clientele_clerk', current_database())",
        [],
        |r| r.get(0),
    )?;
    let schema: String = db.query_row("SELECT current_schema()", [], |r| r.get(0))?;
    let on_schema: String = db.query_row(
        "SELECT format('GRANT USAGE ON SCHEMA %1$I TO clientele_clerk;
                        GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA %1$I TO clientele_clerk;
                        GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA %1$I TO clientele_clerk;
                        REVOKE CREATE ON SCHEMA %1$I FROM clientele_clerk;
                        ALTER DEFAULT PRIVILEGES IN SCHEMA %1$I GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO clientele_clerk;
                        ALTER DEFAULT PRIVILEGES IN SCHEMA %1$I GRANT USAGE, SELECT ON SEQUENCES TO clientele_clerk',
                       CAST(?1 AS TEXT))",
        [schema],
        |r| r.get(0),
    )?;
    db.execute_batch(&format!("{grants}; {on_schema}"))
        .map_err(|e| admin_error(address, "give the clerks' role its rights", e))?;
    // The schema's own rows (its version) are the administrator's to change.
    db.execute_batch("REVOKE INSERT, UPDATE, DELETE ON clientele_book FROM clientele_clerk")
        .map_err(|e| admin_error(address, "give the clerks' role its rights", e))?;
    Ok(())
}

/// Adds a clerk's login to the clerks' role (or sets the password of one that exists).
pub fn add_clerk(address: &ServerAddress, name: &str, password: &str) -> Result<()> {
    let name = name.trim();
    if name.is_empty() || name.len() > 63 {
        return Err(StoreError::Rejected("a clerk's user name is 1 to 63 characters".into()));
    }
    if password.is_empty() {
        return Err(StoreError::Rejected(format!("give {name} a password")));
    }
    let db = Db::postgres(address.connect()?);
    let exists: bool =
        db.query_row("SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = ?1)", [name], |r| r.get(0))?;
    let has_group: bool =
        db.query_row("SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = ?1)", [CLERK_ROLE], |r| r.get(0))?;
    if !has_group {
        return Err(StoreError::Rejected(format!(
            "the server has no clerks' role yet: run clientele server init {} first",
            address.display()
        )));
    }
    // Names and passwords go to the server as parameters; it quotes them itself (%I, %L).
    let statement: String = db.query_row(
        if exists {
            "SELECT format('ALTER ROLE %I LOGIN PASSWORD %L; GRANT clientele_clerk TO %I', CAST(?1 AS TEXT), CAST(?2 AS TEXT), CAST(?1 AS TEXT))"
        } else {
            "SELECT format('CREATE ROLE %I LOGIN PASSWORD %L IN ROLE clientele_clerk', CAST(?1 AS TEXT), CAST(?2 AS TEXT))"
        },
        super::db::params![name, password],
        |r| r.get(0),
    )?;
    db.execute_batch(&statement).map_err(|e| admin_error(address, "add the clerk", e))?;
    tracing::info!(book = %address.display(), clerk = name, "clerk login added");
    Ok(())
}

fn admin_error(address: &ServerAddress, what: &str, error: DbError) -> StoreError {
    match error {
        DbError::ReadOnly | DbError::NotAllowed(_) => StoreError::Open {
            path: address.location(),
            reason: format!(
                "user {} may not {what}; run this as the server's administrator (e.g. postgres)",
                address.user()
            ),
        },
        other => StoreError::Open { path: address.location(), reason: format!("could not {what}: {other}") },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_server_is_named_by_its_url_and_shown_without_the_password() {
        assert!(is_server_location(Path::new("postgres://clerk@office/book")));
        assert!(is_server_location(Path::new("PostgreSQL://clerk@office/book")));
        assert!(!is_server_location(Path::new("/home/clerk/book.db")));
        let address = ServerAddress::parse("postgres://clerk:secret@office.lan:5433/book?sslmode=disable").unwrap();
        assert_eq!(address.display(), "postgres://clerk@office.lan:5433/book");
        assert_eq!(redacted("postgres://clerk:secret@office/book"), "postgres://clerk:***@office/book");
        // What is shown can be pasted back: a socket's folder escaped, letters of any script kept.
        let socket = ServerAddress::parse("postgres://root@%2Fvar%2Frun%2Fpostgresql/장부 1").unwrap();
        assert_eq!(socket.display(), "postgres://root@%2Fvar%2Frun%2Fpostgresql:5432/장부%201");
        let again = ServerAddress::parse(&socket.display()).unwrap();
        assert_eq!((again.host(), again.database()), (socket.host(), "장부 1"));
        let said = ServerAddress::parse("postgres://office.lan/").unwrap_err().to_string();
        assert!(said.contains("names no database"), "{said}");
    }

    #[test]
    fn an_address_from_the_form_round_trips_through_its_location_without_the_password() {
        let address = ServerAddress::new(" office.lan ", 5433, "office", "clerk", TlsMode::Require)
            .unwrap()
            .with_password("s3cret");
        let location = address.location();
        assert_eq!(location, PathBuf::from("postgres://clerk@office.lan:5433/office?sslmode=require"));
        let again = ServerAddress::from_location(&location).unwrap().unwrap();
        assert_eq!(
            (again.host(), again.port(), again.database(), again.user()),
            ("office.lan".into(), 5433, "office", "clerk")
        );
        assert_eq!(again.tls(), TlsMode::Require);
        assert!(!format!("{address:?}{}", address.describe()).contains("s3cret"));

        let odd = ServerAddress::new("::1", 5432, "my book/2", "o'neil@x", TlsMode::Prefer).unwrap();
        let back = ServerAddress::from_location(&odd.location()).unwrap().unwrap();
        assert_eq!((back.host(), back.database(), back.user()), ("::1".into(), "my book/2", "o'neil@x"));
        assert_eq!(back.tls(), TlsMode::Prefer, "the default is not written out");
        assert!(!odd.location().to_string_lossy().contains("sslmode"));

        let said = ServerAddress::new("office.lan", 5432, " ", "clerk", TlsMode::Off).unwrap_err().to_string();
        assert!(said.contains("names no database"), "{said}");
        assert_eq!(address.describe(), "PostgreSQL server office.lan:5433, database office, as user clerk");
        assert_eq!(address.secret().keyring_account(), "postgres:clerk@office.lan:5433/office");
    }

    #[test]
    fn the_server_migrations_are_numbered_from_one() {
        let all = migrations();
        assert_eq!(all.len() as i64, server_latest_version());
        assert!(all.iter().enumerate().all(|(i, (v, sql))| *v == i as i64 + 1 && !sql.is_empty()));
    }
}
