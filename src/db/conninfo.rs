//! libpq connection strings, parsed as libpq parses them and rendered back with the password
//! masked. One parser serves both the connection (`settings.rs` builds the tokio-postgres
//! `Config` from its output) and the display, so what is shown is what is used.
//!
//! Two forms (PostgreSQL docs, "Connection Strings"):
//! - `key=value` pairs separated by any whitespace (space, tab, newline, CR, FF, VT), with
//!   optional whitespace around `=`; a value is single-quoted or runs to the next whitespace,
//!   and in both a backslash takes the next byte literally (`\'`, `\\`, `\ `).
//! - `postgresql://` or `postgres://` URLs: `user:password@host:port,host2/dbname?k=v&...`, every
//!   part percent-decoded. As in libpq the credentials end at the first `@` before any `/`, so
//!   a raw `?` or `:` in a password works; strata goes further than libpq in one way: a raw `@`
//!   left in the host list or the database name, or a `?` in the user name, is refused (libpq
//!   would connect to a host or database named after the rest of the password, and print it).
//!
//! Errors never quote the input: a string that cannot be parsed may hold a password in a place
//! the parser did not expect, so messages name only the problem and a character position.

use std::fmt;

/// How a connection parameter is used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Support {
    /// Read and applied.
    Used,
    /// Accepted and ignored: no effect on a connection strata can make.
    Ignored,
    /// Refused with an error: strata cannot honour it.
    Unsupported,
}

/// A libpq connection parameter.
#[derive(Debug, PartialEq, Eq)]
pub struct Keyword {
    /// Its name in a connection string.
    pub name: &'static str,
    /// The environment variable libpq reads when the string does not set it.
    pub env: Option<&'static str>,
    /// Whether strata applies, ignores or refuses it.
    pub support: Support,
}

impl Keyword {
    /// Whether its value is a secret, masked in every display.
    pub fn is_secret(&self) -> bool {
        matches!(self.name, "password" | "sslpassword")
    }
}

const fn kw(name: &'static str, env: Option<&'static str>, support: Support) -> Keyword {
    Keyword { name, env, support }
}

use Support::{Ignored, Unsupported, Used};

/// libpq's parameters (PostgreSQL 17), in display order: where the server is, who connects,
/// then the rest.
pub static KEYWORDS: &[Keyword] = &[
    kw("host", Some("PGHOST"), Used),
    kw("hostaddr", Some("PGHOSTADDR"), Used),
    kw("port", Some("PGPORT"), Used),
    kw("user", Some("PGUSER"), Used),
    kw("password", Some("PGPASSWORD"), Used),
    kw("dbname", Some("PGDATABASE"), Used),
    kw("service", Some("PGSERVICE"), Used),
    kw("passfile", Some("PGPASSFILE"), Used),
    kw("sslmode", Some("PGSSLMODE"), Used),
    kw("sslrootcert", Some("PGSSLROOTCERT"), Used),
    kw("sslcert", Some("PGSSLCERT"), Used),
    kw("sslkey", Some("PGSSLKEY"), Used),
    kw("connect_timeout", Some("PGCONNECT_TIMEOUT"), Used),
    kw("options", Some("PGOPTIONS"), Used),
    kw("application_name", Some("PGAPPNAME"), Used),
    kw("fallback_application_name", None, Used),
    kw("keepalives", None, Used),
    kw("keepalives_idle", None, Used),
    kw("keepalives_interval", None, Used),
    kw("keepalives_count", None, Used),
    kw("tcp_user_timeout", None, Used),
    kw("target_session_attrs", Some("PGTARGETSESSIONATTRS"), Used),
    kw("load_balance_hosts", Some("PGLOADBALANCEHOSTS"), Used),
    kw("channel_binding", Some("PGCHANNELBINDING"), Used),
    kw("gssencmode", Some("PGGSSENCMODE"), Used),
    kw("client_encoding", Some("PGCLIENTENCODING"), Ignored),
    kw("sslcompression", Some("PGSSLCOMPRESSION"), Ignored),
    kw("sslsni", Some("PGSSLSNI"), Ignored),
    kw("sslcertmode", Some("PGSSLCERTMODE"), Ignored),
    kw("krbsrvname", Some("PGKRBSRVNAME"), Ignored),
    kw("gsslib", Some("PGGSSLIB"), Ignored),
    kw("gssdelegation", Some("PGGSSDELEGATION"), Ignored),
    kw("sslpassword", None, Unsupported),
    kw("sslcrl", Some("PGSSLCRL"), Unsupported),
    kw("sslcrldir", Some("PGSSLCRLDIR"), Unsupported),
    kw(
        "ssl_min_protocol_version",
        Some("PGSSLMINPROTOCOLVERSION"),
        Unsupported,
    ),
    kw(
        "ssl_max_protocol_version",
        Some("PGSSLMAXPROTOCOLVERSION"),
        Unsupported,
    ),
    kw("sslnegotiation", Some("PGSSLNEGOTIATION"), Unsupported),
    kw("requirepeer", Some("PGREQUIREPEER"), Unsupported),
    kw("require_auth", Some("PGREQUIREAUTH"), Unsupported),
    kw("replication", None, Unsupported),
];

/// The parameter called `name`, if libpq has one.
pub fn keyword(name: &[u8]) -> Option<&'static Keyword> {
    KEYWORDS.iter().find(|k| k.name.as_bytes() == name)
}

/// Which of the two forms a string was written in; a display uses the same one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// `postgresql://...` (`long`) or `postgres://...`.
    Url { long: bool },
    /// `key=value ...`
    Keywords,
}

/// A parsed connection string: its form and its parameters in the order given (a later one
/// replaces an earlier one of the same name, as in libpq).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conninfo {
    /// The form it was written in.
    pub form: Form,
    /// Each parameter once, with its value as bytes (a password may be any bytes).
    pub params: Vec<(&'static Keyword, Vec<u8>)>,
}

impl Conninfo {
    /// The value given for `name`, if any (the last one given).
    pub fn get(&self, name: &str) -> Option<&[u8]> {
        self.params
            .iter()
            .rev()
            .find(|(k, _)| k.name == name)
            .map(|(_, v)| v.as_slice())
    }

    fn set(&mut self, keyword: &'static Keyword, value: Vec<u8>) {
        self.params.retain(|(k, _)| *k != keyword);
        self.params.push((keyword, value));
    }
}

/// Why a connection string could not be parsed. It never quotes the string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// What is wrong and where (a character position), never the text itself.
    pub message: String,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ParseError {}

fn error(message: impl Into<String>) -> ParseError {
    ParseError {
        message: message.into(),
    }
}

/// What is shown in place of a string that could not be parsed.
pub const PLACEHOLDER: &str = "<connection string not shown>";

/// Whether `text` is meant as a connection string rather than a path: a URL of any scheme
/// or something with `=` in it.
pub fn looks_like_connection_string(text: &[u8]) -> bool {
    scheme_length(text).is_some() || text.contains(&b'=')
}

/// Parses either form.
pub fn parse(text: &[u8]) -> Result<Conninfo, ParseError> {
    if text.contains(&0) {
        return Err(error("a NUL byte in the connection string"));
    }
    for (prefix, long) in [(&b"postgresql://"[..], true), (b"postgres://", false)] {
        if let Some(rest) = text.strip_prefix(prefix) {
            return parse_url(rest, long, prefix.len());
        }
    }
    if let Some(length) = scheme_length(text) {
        return Err(error(format!(
            "a URL must start with postgresql:// or postgres:// (lower case); this one has a \
             {}-character scheme that is neither",
            length
        )));
    }
    parse_keywords(text)
}

/// The length of a URL scheme (`pg` in `pg://`, `POSTGRES` in `POSTGRES://`), or of a
/// near-miss such as `postgres:/`, when `text` starts with one.
fn scheme_length(text: &[u8]) -> Option<usize> {
    let end = text
        .iter()
        .position(|b| !(b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.')))?;
    if end == 0 || !text[0].is_ascii_alphabetic() || text.get(end) != Some(&b':') {
        return None;
    }
    let after = &text[end + 1..];
    let name = &text[..end];
    (after.starts_with(b"//")
        || name.eq_ignore_ascii_case(b"postgres")
        || name.eq_ignore_ascii_case(b"postgresql"))
    .then_some(end)
}

/// libpq's `isspace` in the C locale.
fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c)
}

/// The `key=value` form, exactly as libpq's `conninfo_parse`.
fn parse_keywords(text: &[u8]) -> Result<Conninfo, ParseError> {
    let mut info = Conninfo {
        form: Form::Keywords,
        params: Vec::new(),
    };
    let mut i = 0;
    while i < text.len() {
        if is_space(text[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < text.len() && text[i] != b'=' && !is_space(text[i]) {
            i += 1;
        }
        let name = &text[start..i];
        while i < text.len() && is_space(text[i]) {
            i += 1;
        }
        if text.get(i) != Some(&b'=') {
            return Err(error(format!(
                "missing \"=\" after the parameter name at character {}",
                start + 1
            )));
        }
        i += 1;
        while i < text.len() && is_space(text[i]) {
            i += 1;
        }
        let (value, next) = keyword_value(text, i)?;
        i = next;
        let keyword = keyword(name).ok_or_else(|| unknown_parameter(start))?;
        info.set(keyword, value);
    }
    Ok(info)
}

fn unknown_parameter(at: usize) -> ParseError {
    error(format!(
        "unknown connection parameter at character {} (expected one of host, port, dbname, \
         user, password, sslmode, ...; see libpq's \"Parameter Key Words\")",
        at + 1
    ))
}

/// One value starting at `i`: quoted or up to the next whitespace, backslash-escaped.
fn keyword_value(text: &[u8], mut i: usize) -> Result<(Vec<u8>, usize), ParseError> {
    let mut value = Vec::new();
    if text.get(i) != Some(&b'\'') {
        while i < text.len() {
            match text[i] {
                b if is_space(b) => return Ok((value, i + 1)),
                b'\\' => {
                    if let Some(&next) = text.get(i + 1) {
                        value.push(next);
                    }
                    i += 2;
                }
                b => {
                    value.push(b);
                    i += 1;
                }
            }
        }
        return Ok((value, i));
    }
    let quote = i;
    i += 1;
    loop {
        match text.get(i) {
            None => {
                return Err(error(format!(
                    "unterminated quoted value starting at character {}",
                    quote + 1
                )));
            }
            Some(b'\\') => {
                if let Some(&next) = text.get(i + 1) {
                    value.push(next);
                }
                i += 2;
            }
            Some(b'\'') => return Ok((value, i + 1)),
            Some(&b) => {
                value.push(b);
                i += 1;
            }
        }
    }
}

/// The URL form after its scheme (`offset` bytes long), as libpq's `conninfo_uri_parse`.
fn parse_url(rest: &[u8], long: bool, offset: usize) -> Result<Conninfo, ParseError> {
    let mut info = Conninfo {
        form: Form::Url { long },
        params: Vec::new(),
    };
    let mut p = 0;
    // Credentials end at the first '@' that comes before any '/'.
    let designator = rest.iter().position(|&b| b == b'@' || b == b'/');
    if let Some(at) = designator.filter(|&i| rest[i] == b'@') {
        let userinfo = &rest[..at];
        let (user, password) = match userinfo.iter().position(|&b| b == b':') {
            Some(colon) => (&userinfo[..colon], Some(&userinfo[colon + 1..])),
            None => (userinfo, None),
        };
        if user.contains(&b'?') {
            return Err(error(
                "a '?' in the user name of the URL: percent-encode it as %3F (and any '@', '/' \
                 or '?' in the password as %40, %2F, %3F)",
            ));
        }
        if !user.is_empty() {
            info.set(kw_named("user"), decode(user, "the user name")?);
        }
        if let Some(password) = password.filter(|p| !p.is_empty()) {
            info.set(kw_named("password"), decode(password, "the password")?);
        }
        p = at + 1;
    }
    let (hosts, ports, end) = url_hosts(rest, p, offset)?;
    if !hosts.iter().all(|h| h.is_empty()) {
        let decoded: Result<Vec<_>, _> = hosts.iter().map(|h| decode(h, "a host")).collect();
        info.set(kw_named("host"), decoded?.join(&b','));
    }
    if !ports.iter().all(|p| p.is_empty()) {
        let decoded: Result<Vec<_>, _> = ports.iter().map(|p| decode(p, "a port")).collect();
        info.set(kw_named("port"), decoded?.join(&b','));
    }
    let mut p = end;
    if rest.get(p) == Some(&b'/') {
        let start = p + 1;
        p = start;
        while p < rest.len() && rest[p] != b'?' {
            p += 1;
        }
        let dbname = &rest[start..p];
        if dbname.contains(&b'@') {
            return Err(error(
                "a raw '@' after the host in the URL: a password holding '/' must be \
                 percent-encoded (%2F), and so must an '@' in a database name (%40)",
            ));
        }
        if !dbname.is_empty() {
            info.set(kw_named("dbname"), decode(dbname, "the database name")?);
        }
    }
    if rest.get(p) == Some(&b'?') {
        url_query(&rest[p + 1..], &mut info)?;
    }
    Ok(info)
}

fn kw_named(name: &str) -> &'static Keyword {
    keyword(name.as_bytes()).expect("a keyword of the table")
}

/// The comma-separated `host:port` list from `p`: raw hosts, raw ports, and where it ends
/// (at `/`, `?` or the end).
type HostList<'a> = (Vec<&'a [u8]>, Vec<&'a [u8]>, usize);

fn url_hosts(rest: &[u8], mut p: usize, offset: usize) -> Result<HostList<'_>, ParseError> {
    let (mut hosts, mut ports) = (Vec::new(), Vec::new());
    loop {
        let host;
        if rest.get(p) == Some(&b'[') {
            let start = p + 1;
            let close = rest[start..]
                .iter()
                .position(|&b| b == b']')
                .ok_or_else(|| error("a '[' without its ']' around an IPv6 address"))?;
            if close == 0 {
                return Err(error("an empty IPv6 address in []"));
            }
            host = &rest[start..start + close];
            p = start + close + 1;
            if !matches!(rest.get(p), None | Some(b':' | b'/' | b'?' | b',')) {
                return Err(error(format!(
                    "unexpected character at position {} of the URL (expected ':' or '/' after \
                     an IPv6 address)",
                    offset + p + 1
                )));
            }
        } else {
            let start = p;
            while p < rest.len() && !matches!(rest[p], b':' | b'/' | b'?' | b',') {
                p += 1;
            }
            host = &rest[start..p];
        }
        if host.contains(&b'@') {
            return Err(error(
                "a raw '@' in the host part of the URL: percent-encode an '@' in the user name or \
                 password as %40",
            ));
        }
        hosts.push(host);
        let mut port: &[u8] = b"";
        if rest.get(p) == Some(&b':') {
            let start = p + 1;
            p = start;
            while p < rest.len() && !matches!(rest[p], b'/' | b'?' | b',') {
                p += 1;
            }
            port = &rest[start..p];
        }
        ports.push(port);
        if rest.get(p) != Some(&b',') {
            return Ok((hosts, ports, p));
        }
        p += 1;
    }
}

/// `k=v&k=v` after the `?`.
fn url_query(query: &[u8], info: &mut Conninfo) -> Result<(), ParseError> {
    if query.is_empty() {
        return Ok(());
    }
    for (n, pair) in query.split(|&b| b == b'&').enumerate() {
        let mut parts = pair.splitn(2, |&b| b == b'=');
        let name = parts.next().unwrap_or_default();
        let Some(value) = parts.next() else {
            return Err(error(format!(
                "query parameter {} of the URL has no '='",
                n + 1
            )));
        };
        if value.contains(&b'=') {
            return Err(error(format!(
                "query parameter {} of the URL has a second '=' (percent-encode it as %3D)",
                n + 1
            )));
        }
        let name = decode(name, "a query parameter name")?;
        let value = decode(value, "a query parameter")?;
        let (name, value) = if name == b"ssl" && value == b"true" {
            (b"sslmode".to_vec(), b"require".to_vec())
        } else {
            (name, value)
        };
        let keyword = keyword(&name).ok_or_else(|| {
            error(format!(
                "query parameter {} of the URL is not a libpq connection parameter",
                n + 1
            ))
        })?;
        info.set(keyword, value);
    }
    Ok(())
}

/// Percent-decoding as libpq's `conninfo_uri_decode`: `%XX` with two hex digits, never `%00`.
fn decode(text: &[u8], what: &str) -> Result<Vec<u8>, ParseError> {
    let mut out = Vec::with_capacity(text.len());
    let mut i = 0;
    while i < text.len() {
        if text[i] != b'%' {
            out.push(text[i]);
            i += 1;
            continue;
        }
        let hex = |b: Option<&u8>| b.and_then(|&b| (b as char).to_digit(16));
        match (hex(text.get(i + 1)), hex(text.get(i + 2))) {
            (Some(0), Some(0)) => {
                return Err(error(format!("%00 in {what} of the URL")));
            }
            (Some(hi), Some(lo)) => out.push((hi * 16 + lo) as u8),
            _ => {
                return Err(error(format!(
                    "an invalid percent-encoding in {what} of the URL ('%' must be followed by \
                     two hex digits; write a '%' itself as %25)"
                )));
            }
        }
        i += 3;
    }
    Ok(out)
}

/// Renders parameters in `form`, every secret as `****`. Values are shown as text (they are
/// UTF-8 by the time a target is built; secrets are never looked at).
pub fn render(form: Form, params: &[(&'static Keyword, &[u8])]) -> String {
    match form {
        Form::Keywords => render_keywords(params),
        Form::Url { long } => render_url(long, params),
    }
}

fn shown(keyword: &Keyword, value: &[u8]) -> String {
    if keyword.is_secret() {
        "****".to_string()
    } else {
        String::from_utf8_lossy(value).into_owned()
    }
}

fn render_keywords(params: &[(&'static Keyword, &[u8])]) -> String {
    let mut parts = Vec::new();
    for (keyword, value) in params {
        let value = shown(keyword, value);
        let plain = !value.is_empty()
            && !value
                .bytes()
                .any(|b| is_space(b) || b == b'\'' || b == b'\\');
        if plain {
            parts.push(format!("{}={value}", keyword.name));
        } else {
            let escaped = value.replace('\\', "\\\\").replace('\'', "\\'");
            parts.push(format!("{}='{escaped}'", keyword.name));
        }
    }
    parts.join(" ")
}

fn render_url(long: bool, params: &[(&'static Keyword, &[u8])]) -> String {
    let scheme = if long { "postgresql://" } else { "postgres://" };
    let get = |name: &str| {
        params
            .iter()
            .find(|(k, _)| k.name == name)
            .map(|(k, v)| (*k, *v))
    };
    let mut out = String::from(scheme);
    let mut query = Vec::new();
    if let Some((_, user)) = get("user") {
        out.push_str(&encode(&String::from_utf8_lossy(user)));
        if get("password").is_some() {
            out.push_str(":****");
        }
        out.push('@');
    } else if get("password").is_some() {
        query.push("password=****".to_string());
    }
    let hosts = get("host").map(|(_, h)| String::from_utf8_lossy(h).into_owned());
    let ports = get("port").map(|(_, p)| String::from_utf8_lossy(p).into_owned());
    let socket = hosts
        .as_deref()
        .is_some_and(|h| h.split(',').any(|h| h.starts_with('/')));
    match (&hosts, socket) {
        (Some(hosts), false) => {
            let ports: Vec<&str> = ports
                .as_deref()
                .map(|p| p.split(',').collect())
                .unwrap_or_default();
            let list: Vec<String> = hosts
                .split(',')
                .enumerate()
                .map(|(i, host)| {
                    let host = if host.contains(':') {
                        format!("[{host}]")
                    } else {
                        encode(host)
                    };
                    match ports.get(i).or(if ports.len() == 1 {
                        ports.first()
                    } else {
                        None
                    }) {
                        Some(port) if !port.is_empty() => format!("{host}:{}", encode(port)),
                        _ => host,
                    }
                })
                .collect();
            out.push_str(&list.join(","));
        }
        _ => {
            if let Some(hosts) = &hosts {
                query.push(format!("host={}", encode(hosts)));
            }
            if let Some(ports) = &ports {
                query.push(format!("port={}", encode(ports)));
            }
        }
    }
    if let Some((_, dbname)) = get("dbname") {
        out.push('/');
        out.push_str(&encode(&String::from_utf8_lossy(dbname)));
    }
    for (keyword, value) in params {
        if matches!(
            keyword.name,
            "user" | "password" | "host" | "port" | "dbname"
        ) {
            continue;
        }
        query.push(format!(
            "{}={}",
            keyword.name,
            encode(&shown(keyword, value))
        ));
    }
    if !query.is_empty() {
        out.push('?');
        out.push_str(&query.join("&"));
    }
    out
}

/// Percent-encodes everything but RFC 3986's unreserved characters (and `*` of a mask).
fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'*') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A connection string as it would be displayed, password masked; the placeholder when it
/// cannot be parsed.
pub fn mask(text: &str) -> String {
    match parse(text.as_bytes()) {
        Ok(info) => {
            let params: Vec<_> = info
                .params
                .iter()
                .map(|(k, v)| (*k, v.as_slice()))
                .collect();
            render(info.form, &params)
        }
        Err(_) => PLACEHOLDER.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(text: &str) -> Vec<(&'static str, String)> {
        parse(text.as_bytes())
            .unwrap()
            .params
            .into_iter()
            .map(|(k, v)| (k.name, String::from_utf8(v).unwrap()))
            .collect()
    }

    fn failure(text: &str) -> String {
        parse(text.as_bytes()).unwrap_err().message
    }

    #[test]
    fn keyword_form_follows_libpq() {
        assert_eq!(
            pairs("host=h\tport =5432\nuser= u\r\npassword='a b\\'c\\\\' dbname=d\\ e"),
            vec![
                ("host", "h".into()),
                ("port", "5432".into()),
                ("user", "u".into()),
                ("password", "a b'c\\".into()),
                ("dbname", "d e".into())
            ]
        );
        assert_eq!(pairs("password=''"), vec![("password", String::new())]);
        assert_eq!(pairs("password=a'b"), vec![("password", "a'b".into())]);
        // libpq takes the next word as the value of an empty unquoted one.
        assert_eq!(pairs("user= host=h"), vec![("user", "host=h".into())]);
        assert_eq!(pairs("user=a user=b"), vec![("user", "b".into())]);
        assert_eq!(pairs("  "), vec![]);
    }

    #[test]
    fn keyword_form_errors_never_quote_the_input() {
        for (text, expected) in [
            ("host=h S3cret", "missing \"=\""),
            ("password='S3cret", "unterminated"),
            ("hots=S3cret", "unknown connection parameter at character 1"),
        ] {
            let message = failure(text);
            assert!(message.contains(expected), "{text}: {message}");
            assert!(
                !message.contains("S3cret") && !message.contains("hots"),
                "{message}"
            );
        }
    }

    #[test]
    fn url_form_follows_libpq() {
        assert_eq!(
            pairs("postgresql://u%40x:p%2Fa?s:s@h1:1,[::1]:2/d%20b?sslmode=require&ssl=true"),
            vec![
                ("user", "u@x".into()),
                ("password", "p/a?s:s".into()),
                ("host", "h1,::1".into()),
                ("port", "1,2".into()),
                ("dbname", "d b".into()),
                ("sslmode", "require".into())
            ]
        );
        assert_eq!(pairs("postgres://"), vec![]);
        assert_eq!(
            pairs("postgres:///db?host=%2Ftmp"),
            vec![("dbname", "db".into()), ("host", "/tmp".into())]
        );
        assert_eq!(
            pairs("postgres://h:/db"),
            vec![("host", "h".into()), ("dbname", "db".into())]
        );
        assert_eq!(
            pairs("postgres://u:@h"),
            vec![("user", "u".into()), ("host", "h".into())]
        );
    }

    #[test]
    fn url_form_refuses_what_would_leak_a_password() {
        for text in [
            "postgres://u:p@Zq9@h/db",
            "postgres://u:p/Zq9@h/db",
            "postgres://u:12/Zq9@h/db",
            "postgres://h?password=Zq9@x",
            "postgres://u:Zq9%zz@h",
            "postgres://u:Zq9%00@h",
            "postgres://h/db?password",
            "postgres://h/db?password=a=Zq9",
            "postgres://h/db?pasword=Zq9",
            "pg://u:Zq9@h/db",
            "POSTGRES://u:Zq9@h/db",
            "postgres:/u:Zq9@h/db",
        ] {
            let message = failure(text);
            assert!(!message.contains("Zq9"), "{text}: {message}");
            assert_eq!(mask(text), PLACEHOLDER);
        }
    }

    #[test]
    fn rendering_masks_secrets_in_both_forms() {
        assert_eq!(
            mask("host=h password='x y' user=u application_name='my app'"),
            "host=h password=**** user=u application_name='my app'"
        );
        assert_eq!(
            mask("postgresql://u:p%40ss@h:5432/db?sslmode=require&password=x"),
            "postgresql://u:****@h:5432/db?sslmode=require"
        );
        assert_eq!(
            mask("postgres://h/db?password=x"),
            "postgres://h/db?password=****"
        );
        assert_eq!(
            mask("postgres://u@[::1]:5/d%2Fb"),
            "postgres://u@[::1]:5/d%2Fb"
        );
        assert_eq!(
            mask("postgres://u@/db?host=/var/run/postgresql"),
            "postgres://u@/db?host=%2Fvar%2Frun%2Fpostgresql"
        );
    }

    #[test]
    fn what_looks_like_a_connection_string() {
        for text in ["pg://x", "POSTGRES://x", "postgres:/x", "host=h", "a=b"] {
            assert!(looks_like_connection_string(text.as_bytes()), "{text}");
        }
        for text in ["schema", "snapshots/0001_x.json", "./dir", "c:/x"] {
            assert!(!looks_like_connection_string(text.as_bytes()), "{text}");
        }
    }
}
