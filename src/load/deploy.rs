//! The `deploy:` block of `site.yaml`: where `renda deploy` publishes.
//!
//! It is checked with the rest of `site.yaml`, so a misspelt field or a bad
//! glob is found by `renda check`, not halfway through an upload.

use serde_yaml::Value;

use super::fields::Fields;
use super::yaml::{child, item};
use crate::model::{CacheRule, Deploy};

const FIELDS: &[&str] = &[
    "endpoint",
    "bucket",
    "region",
    "prefix",
    "path_style",
    "cache_control",
    "max_deletes",
];

/// Signing region used when none is given: what most S3-compatible
/// services accept when they do not care.
pub const DEFAULT_REGION: &str = "us-east-1";
/// Deletions allowed in one deploy when `max_deletes` is not given.
pub const DEFAULT_MAX_DELETES: usize = 256;

pub fn parse(f: &mut Fields, value: &Value) -> Option<Deploy> {
    let map = f.map("deploy", value, FIELDS)?;
    let endpoint = f
        .required(
            "deploy",
            map,
            "endpoint",
            "https://oss-cn-shenzhen.aliyuncs.com",
        )
        .and_then(|v| endpoint(f, v));
    let bucket = f
        .required("deploy", map, "bucket", "my-site")
        .and_then(|v| bucket(f, v));
    let region = match f.optional(map, "region") {
        Some(v) => f.nonempty("deploy.region", v),
        None => Some(DEFAULT_REGION.to_string()),
    };
    let prefix = match f.optional(map, "prefix") {
        Some(v) => prefix(f, v),
        None => Some(String::new()),
    };
    let path_style = match f.optional(map, "path_style") {
        Some(v) => f.bool("deploy.path_style", v),
        None => Some(false),
    };
    let cache_control = match f.optional(map, "cache_control") {
        Some(v) => cache_control(f, v),
        None => Some(Vec::new()),
    };
    let max_deletes = match f.optional(map, "max_deletes") {
        Some(v) => f.number("deploy.max_deletes", v, true).map(|n| n as usize),
        None => Some(DEFAULT_MAX_DELETES),
    };
    Some(Deploy {
        endpoint: endpoint?,
        bucket: bucket?,
        region: region?,
        prefix: prefix?,
        path_style: path_style?,
        cache_control: cache_control?,
        max_deletes: max_deletes?,
    })
}

/// An `https://` address, or `http://` to this machine only: over plain
/// HTTP anyone on the way could read and alter the site being uploaded.
fn endpoint(f: &mut Fields, value: &Value) -> Option<String> {
    let path = "deploy.endpoint";
    let text = f.nonempty(path, value)?;
    let Ok(url) = url::Url::parse(&text) else {
        f.error(
            path,
            format!("`{text}` is not an address"),
            "write the service's address, e.g. https://oss-cn-shenzhen.aliyuncs.com",
        );
        return None;
    };
    let loopback = match url.host() {
        Some(url::Host::Domain(d)) => d == "localhost",
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    };
    match url.scheme() {
        "https" if url.host().is_some() => {}
        "http" if loopback => {}
        "http" => {
            f.error(
                path,
                format!("`{text}` is plain HTTP: the upload could be read and changed on the way"),
                "use the service's https:// address; plain http is allowed only to this machine (127.0.0.1, localhost)",
            );
            return None;
        }
        _ => {
            f.error(
                path,
                format!("`{text}` is not an http or https address"),
                "write the service's address, e.g. https://oss-cn-shenzhen.aliyuncs.com",
            );
            return None;
        }
    }
    if url.query().is_some() || !url.username().is_empty() || url.password().is_some() {
        f.error(
            path,
            "the endpoint holds a user name, password or query",
            "give the address alone; credentials come from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY",
        );
        return None;
    }
    Some(text)
}

/// S3 bucket names: 3-63 lowercase letters, digits, dots and hyphens.
fn bucket(f: &mut Fields, value: &Value) -> Option<String> {
    let name = f.nonempty("deploy.bucket", value)?;
    let ok = (3..=63).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'.' || b == b'-')
        && name.as_bytes()[0].is_ascii_alphanumeric()
        && name.as_bytes()[name.len() - 1].is_ascii_alphanumeric();
    if !ok {
        f.error(
            "deploy.bucket",
            format!("`{name}` is not a bucket name"),
            "bucket names are 3 to 63 lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit",
        );
        return None;
    }
    Some(name)
}

/// A key prefix such as `site/` or `""`; stored with a trailing `/`.
fn prefix(f: &mut Fields, value: &Value) -> Option<String> {
    let Value::String(p) = value else {
        f.error(
            "deploy.prefix",
            "`prefix` should be text",
            "write it in quotes, e.g. prefix: \"site/\", or \"\" for the bucket's root",
        );
        return None;
    };
    let p = p.trim_matches('/');
    if p.split('/').any(|part| part == "." || part == "..") || p.contains("//") {
        f.error(
            "deploy.prefix",
            format!("`{p}` is not a usable key prefix"),
            "use folder names separated by /, e.g. site/ or www/2024",
        );
        return None;
    }
    Some(if p.is_empty() {
        String::new()
    } else {
        format!("{p}/")
    })
}

fn cache_control(f: &mut Fields, value: &Value) -> Option<Vec<CacheRule>> {
    let path = "deploy.cache_control";
    let Value::Sequence(rules) = value else {
        f.error(
            path,
            "`cache_control` should be a list of rules",
            "write `- { match: \"theme/**\", value: \"public, max-age=31536000, immutable\" }` lines",
        );
        return None;
    };
    let mut out = Vec::new();
    let mut ok = true;
    for (i, rule) in rules.iter().enumerate() {
        let at = item(path, i);
        let Some(map) = f.map(&at, rule, &["match", "value"]) else {
            ok = false;
            continue;
        };
        let pattern = f
            .required(&at, map, "match", "\"**/*.html\"")
            .and_then(|v| f.nonempty(&child(&at, "match"), v));
        let header = f
            .required(&at, map, "value", "\"public, max-age=300\"")
            .and_then(|v| f.nonempty(&child(&at, "value"), v));
        let (Some(pattern), Some(header)) = (pattern, header) else {
            ok = false;
            continue;
        };
        if let Err(e) = globset::Glob::new(&pattern) {
            f.error(
                &child(&at, "match"),
                format!("`{pattern}` is not a glob: {}", e.kind()),
                "use * for any name, ** for any folders, e.g. theme/** or **/*.html",
            );
            ok = false;
            continue;
        }
        if header.chars().any(|c| c.is_control()) {
            f.error(
                &child(&at, "value"),
                "the header value holds a line break or control character",
                "write it on one line, e.g. public, max-age=300",
            );
            ok = false;
            continue;
        }
        out.push(CacheRule {
            pattern,
            value: header,
        });
    }
    ok.then_some(out)
}
