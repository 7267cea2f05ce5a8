//! Talking to an S3-compatible bucket: signed requests over one HTTP agent,
//! with retries.
//!
//! rusty-s3 signs each request (it does no I/O) and ureq sends it, both
//! synchronous, so deploy needs no async runtime. Every request is signed
//! as a presigned URL whose query holds the access key id and a signature:
//! such a URL is never shown; messages name the endpoint and the key only.

use std::io::Read;
use std::time::Duration;

use rusty_s3::actions::{ListObjectsV2, S3Action};
use rusty_s3::{Bucket as S3Bucket, Credentials, UrlStyle};

use crate::model::Deploy;

/// How long a signed request stays valid: long enough for a slow upload.
const SIGNED_FOR: Duration = Duration::from_secs(3600);
/// Attempts for one request when the service times out, cannot be reached
/// or answers 5xx, waiting 0.25 s, 0.5 s, 1 s and 2 s between them.
const ATTEMPTS: u32 = 5;
const FIRST_WAIT: Duration = Duration::from_millis(250);

/// Metadata holding the MD5 of what renda uploaded, for services whose
/// ETag is not the MD5 of the bytes.
pub const MD5_META: &str = "x-amz-meta-renda-md5";

/// Why a request failed, in words fit to print.
#[derive(Debug, Clone, PartialEq)]
pub enum Failure {
    /// The service could not be reached, or kept failing, after every attempt.
    Unreachable(String),
    /// The service refused the credentials.
    Credentials(String),
    /// The bucket is not there.
    NoBucket(String),
    /// The secure connection failed, or the certificates to trust could
    /// not be read.
    Tls(String),
    /// Any other answer.
    Refused(String),
}

impl Failure {
    pub fn message(&self) -> &str {
        match self {
            Failure::Unreachable(m)
            | Failure::Credentials(m)
            | Failure::NoBucket(m)
            | Failure::Tls(m)
            | Failure::Refused(m) => m,
        }
    }
}

/// One object as listed.
pub struct Listed {
    pub key: String,
    pub etag: String,
}

pub struct Bucket {
    bucket: S3Bucket,
    credentials: Credentials,
    agent: ureq::Agent,
    endpoint: String,
    name: String,
}

impl Bucket {
    pub fn new(deploy: &Deploy, credentials: Credentials) -> Result<Bucket, Failure> {
        let url: url::Url = deploy
            .endpoint
            .parse()
            .map_err(|_| Failure::Refused(format!("`{}` is not an address", deploy.endpoint)))?;
        let style = if deploy.path_style {
            UrlStyle::Path
        } else {
            UrlStyle::VirtualHost
        };
        let bucket = S3Bucket::new(url, style, deploy.bucket.clone(), deploy.region.clone())
            .map_err(|e| Failure::Refused(format!("cannot use the endpoint: {e}")))?;
        let mut config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_connect(Some(Duration::from_secs(10)))
            .timeout_global(Some(Duration::from_secs(300)));
        if let Some(roots) = trusted_roots()? {
            config = config.tls_config(ureq::tls::TlsConfig::builder().root_certs(roots).build());
        }
        let config = config.build();
        Ok(Bucket {
            bucket,
            credentials,
            agent: config.into(),
            endpoint: deploy.endpoint.clone(),
            name: deploy.bucket.clone(),
        })
    }

    /// Every object under `prefix`.
    pub fn list(&self, prefix: &str) -> Result<Vec<Listed>, Failure> {
        let mut out = Vec::new();
        let mut token: Option<String> = None;
        loop {
            let mut action = ListObjectsV2::new(&self.bucket, Some(&self.credentials));
            if !prefix.is_empty() {
                action.with_prefix(prefix);
            }
            if let Some(t) = &token {
                action.with_continuation_token(t.as_str());
            }
            let url = action.sign(SIGNED_FOR);
            let body = self.request("list the bucket", || self.agent.get(url.as_str()).call())?;
            let page = ListObjectsV2::parse_response(&body).map_err(|e| {
                Failure::Refused(format!(
                    "the answer to listing bucket `{}` could not be read: {e}",
                    self.name
                ))
            })?;
            out.extend(page.contents.into_iter().map(|c| Listed {
                key: c.key,
                etag: c.etag.unwrap_or_default(),
            }));
            match page.next_continuation_token {
                Some(t) => token = Some(t),
                None => return Ok(out),
            }
        }
    }

    /// The MD5 renda stored with an object, if any.
    pub fn stored_md5(&self, key: &str) -> Result<Option<String>, Failure> {
        let action = self.bucket.head_object(Some(&self.credentials), key);
        let url = action.sign(SIGNED_FOR);
        let mut found = None;
        self.request_with(
            &format!("read {key}"),
            || self.agent.head(url.as_str()).call(),
            |r| {
                found = r
                    .headers()
                    .get(MD5_META)
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_string);
            },
        )?;
        Ok(found)
    }

    pub fn put(
        &self,
        key: &str,
        bytes: &[u8],
        md5: &[u8; 16],
        content_type: &str,
        cache_control: Option<&str>,
    ) -> Result<(), Failure> {
        use base64::Engine as _;
        let md5_b64 = base64::engine::general_purpose::STANDARD.encode(md5);
        let md5_hex = hex(md5);
        let mut action = self.bucket.put_object(Some(&self.credentials), key);
        let headers = action.headers_mut();
        headers.insert("content-type", content_type.to_string());
        headers.insert("content-md5", md5_b64.clone());
        headers.insert(MD5_META, md5_hex.clone());
        if let Some(cc) = cache_control {
            headers.insert("cache-control", cc.to_string());
        }
        let url = action.sign(SIGNED_FOR);
        self.request(&format!("upload {key}"), || {
            let mut req = self
                .agent
                .put(url.as_str())
                .header("content-type", content_type)
                .header("content-md5", md5_b64.as_str())
                .header(MD5_META, md5_hex.as_str());
            if let Some(cc) = cache_control {
                req = req.header("cache-control", cc);
            }
            req.send(bytes)
        })?;
        Ok(())
    }

    pub fn delete(&self, key: &str) -> Result<(), Failure> {
        let action = self.bucket.delete_object(Some(&self.credentials), key);
        let url = action.sign(SIGNED_FOR);
        self.request(&format!("delete {key}"), || {
            self.agent.delete(url.as_str()).call()
        })?;
        Ok(())
    }

    fn request(
        &self,
        what: &str,
        send: impl Fn() -> Result<ureq::http::Response<ureq::Body>, ureq::Error>,
    ) -> Result<String, Failure> {
        let mut body = String::new();
        self.request_with(what, send, |r| {
            let _ = r
                .body_mut()
                .as_reader()
                .take(64 << 20)
                .read_to_string(&mut body);
        })?;
        Ok(body)
    }

    /// Sends, retrying on time-outs, unreachable hosts and 5xx answers
    /// with a doubling wait; hands a 2xx response to `ok`.
    fn request_with(
        &self,
        what: &str,
        send: impl Fn() -> Result<ureq::http::Response<ureq::Body>, ureq::Error>,
        mut ok: impl FnMut(&mut ureq::http::Response<ureq::Body>),
    ) -> Result<(), Failure> {
        let mut wait = FIRST_WAIT;
        let mut last = String::new();
        for attempt in 1..=ATTEMPTS {
            if attempt > 1 {
                std::thread::sleep(wait);
                wait *= 2;
            }
            match send() {
                Ok(mut response) => {
                    let status = response.status().as_u16();
                    if (200..300).contains(&status) {
                        ok(&mut response);
                        return Ok(());
                    }
                    let mut text = String::new();
                    let _ = response
                        .body_mut()
                        .as_reader()
                        .take(1 << 20)
                        .read_to_string(&mut text);
                    let code = xml_field(&text, "Code").unwrap_or_default();
                    if status >= 500 || status == 429 {
                        last = format!("{} answered {status} {code}", self.endpoint);
                        continue;
                    }
                    return Err(self.refusal(what, status, &code));
                }
                Err(e) => {
                    if let Some(why) = tls_failure(&e, &self.endpoint) {
                        return Err(Failure::Tls(format!(
                            "cannot {what}: the secure connection to {} failed: {why}",
                            self.endpoint,
                        )));
                    }
                    last = format!("{}: {}", self.endpoint, describe(&e));
                }
            }
        }
        Err(Failure::Unreachable(format!(
            "cannot {what}: {last} (tried {ATTEMPTS} times)"
        )))
    }

    fn refusal(&self, what: &str, status: u16, code: &str) -> Failure {
        let said = if code.is_empty() {
            format!("{status}")
        } else {
            format!("{status} {code}")
        };
        match (status, code) {
            (
                403,
                "InvalidAccessKeyId" | "SignatureDoesNotMatch" | "InvalidToken" | "ExpiredToken",
            )
            | (401, _) => Failure::Credentials(format!(
                "cannot {what}: {} refused the credentials ({said})",
                self.endpoint
            )),
            (403, _) => Failure::Credentials(format!(
                "cannot {what}: access to bucket `{}` denied ({said})",
                self.name
            )),
            (404, "NoSuchBucket") | (404, "") if what == "list the bucket" => {
                Failure::NoBucket(format!(
                    "bucket `{}` does not exist at {} ({said})",
                    self.name, self.endpoint
                ))
            }
            _ => Failure::Refused(format!("cannot {what}: {} answered {said}", self.endpoint)),
        }
    }
}

/// The certificates named by `SSL_CERT_FILE`, the variable OpenSSL and
/// most tools read, for a service whose certificate comes from a private
/// authority (an in-house MinIO, say); without it, the Mozilla list of
/// public authorities built into renda, which every public cloud's
/// certificates chain to. Read here rather than from the system, so that
/// renda trusts the same authorities on every machine.
fn trusted_roots() -> Result<Option<ureq::tls::RootCerts>, Failure> {
    let Some(file) = std::env::var_os("SSL_CERT_FILE").filter(|f| !f.is_empty()) else {
        return Ok(None);
    };
    let shown = std::path::Path::new(&file).display().to_string();
    let pem = std::fs::read(&file)
        .map_err(|e| Failure::Tls(format!("cannot read SSL_CERT_FILE {shown}: {e}")))?;
    let mut certs = Vec::new();
    for item in ureq::tls::parse_pem(&pem) {
        match item {
            Ok(ureq::tls::PemItem::Certificate(cert)) => certs.push(cert),
            Ok(_) => {}
            Err(e) => {
                return Err(Failure::Tls(format!(
                    "SSL_CERT_FILE {shown} is not a PEM file of certificates: {e}"
                )))
            }
        }
    }
    if certs.is_empty() {
        return Err(Failure::Tls(format!(
            "SSL_CERT_FILE {shown} holds no certificate"
        )));
    }
    Ok(Some(ureq::tls::RootCerts::from(certs)))
}

/// Why a secure connection failed, if that is what `e` is: trying again
/// would not help. rustls reports a certificate it cannot verify as
/// invalid data on the connection.
fn tls_failure(e: &ureq::Error, endpoint: &str) -> Option<String> {
    match e {
        ureq::Error::Tls(_) | ureq::Error::Rustls(_) => Some(describe(e)),
        ureq::Error::Io(io)
            if io.kind() == std::io::ErrorKind::InvalidData && endpoint.starts_with("https:") =>
        {
            Some(io.to_string())
        }
        _ => None,
    }
}

/// A transport error in words, without the request's URL (which holds the
/// signature).
fn describe(e: &ureq::Error) -> String {
    match e {
        ureq::Error::Timeout(_) => "timed out".into(),
        ureq::Error::HostNotFound => "host not found".into(),
        ureq::Error::ConnectionFailed => "connection failed".into(),
        ureq::Error::Io(io) => io.kind().to_string().replace('_', " "),
        other => {
            let text = other.to_string();
            // Cut anything that looks like a URL with a query.
            text.split_whitespace()
                .map(|w| if w.contains('?') { "<request>" } else { w })
                .collect::<Vec<_>>()
                .join(" ")
        }
    }
}

fn xml_field(text: &str, name: &str) -> Option<String> {
    let open = format!("<{name}>");
    let start = text.find(&open)? + open.len();
    let end = text[start..].find(&format!("</{name}>"))? + start;
    Some(text[start..end].trim().to_string())
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_codes_are_read_from_the_answer() {
        let body =
            "<?xml version=\"1.0\"?><Error><Code>NoSuchBucket</Code><Message>x</Message></Error>";
        assert_eq!(xml_field(body, "Code").as_deref(), Some("NoSuchBucket"));
        assert_eq!(xml_field("", "Code"), None);
    }
}
