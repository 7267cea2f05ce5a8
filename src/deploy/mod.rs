//! `deploy`: publish the output folder to an S3-compatible bucket.
//!
//! It compares rather than copies: a file whose MD5 is the object's ETag
//! (or the MD5 renda stored with it, where the service's ETag is something
//! else) is left alone, so a deploy after a one-story rebuild uploads a
//! handful of files, and a second deploy uploads nothing. Order matters to
//! a resident who loads a page mid-deploy: the files pages use go first,
//! then the pages, then the feeds and sitemap that announce them, and
//! deletions come last, so no page ever points at something not yet there.
//! Everything that could refuse the deploy (the settings, the credentials,
//! the bucket, too many deletions) is found before the first change.

pub mod bucket;

use std::collections::{BTreeMap, HashMap};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use md5::{Digest as _, Md5};
use rayon::prelude::*;

use crate::model::Deploy;
use crate::output::MARKER;
use crate::problem::{Problem, Problems};
use bucket::{Bucket, Failure};

pub struct DeployOptions {
    pub root: PathBuf,
    /// Defaults to `output/` in the site's folder.
    pub output: Option<PathBuf>,
    pub dry_run: bool,
}

/// One file to upload.
#[derive(Debug, Clone)]
pub struct Upload {
    /// Path in the output, `/`-separated.
    pub path: String,
    pub key: String,
    pub bytes: u64,
    md5: [u8; 16],
    pub content_type: &'static str,
    pub cache_control: Option<String>,
    /// 0: files pages use; 1: pages; 2: feeds, sitemap and robots.txt.
    pub stage: u8,
}

/// What a deploy will do, worked out before it changes anything.
pub struct Plan {
    pub uploads: Vec<Upload>,
    /// Keys to delete, sorted.
    pub deletes: Vec<String>,
    pub unchanged: usize,
    pub prefix: String,
    bucket: Bucket,
    output: PathBuf,
}

/// Looks at the output and the bucket and works out what differs.
pub fn plan(options: &DeployOptions) -> Result<Plan, Problems> {
    let settings = crate::load::load_settings(&options.root)?;
    let deploy = settings.deploy.clone().ok_or_else(|| {
        Problems::from(
            Problem::file("site.yaml", "site.yaml has no `deploy:` block, so renda does not know where to publish")
                .help("add one, e.g.\ndeploy:\n  endpoint: https://oss-cn-shenzhen.aliyuncs.com\n  bucket: my-site\n(see docs/publishers.md)"),
        )
    })?;
    let output = options
        .output
        .clone()
        .unwrap_or_else(|| options.root.join("output"));
    if !output.join(MARKER).is_file() {
        return Err(Problem::file(
            &output,
            format!("{} is not a renda output folder", output.display()),
        )
        .help("run `renda build` first (with the same --output, if any)")
        .into());
    }
    let credentials = credentials()?;
    let rules = cache_rules(&deploy)?;
    let local = read_output(&output)?;
    let bucket = Bucket::new(&deploy, credentials).map_err(|f| problem(&deploy, f))?;
    let listed = bucket
        .list(&deploy.prefix)
        .map_err(|f| problem(&deploy, f))?;
    let remote: HashMap<String, String> = listed
        .into_iter()
        .map(|l| (l.key, l.etag.trim_matches('"').to_ascii_lowercase()))
        .collect();
    let mut uploads = Vec::new();
    let mut unchanged = 0;
    for (path, (bytes, md5)) in &local {
        let key = format!("{}{path}", deploy.prefix);
        let want = bucket::hex(md5);
        let same = match remote.get(&key) {
            None => false,
            Some(etag) if is_md5(etag) => *etag == want,
            // A multipart or encrypted object: its ETag is no MD5.
            Some(_) => bucket
                .stored_md5(&key)
                .map_err(|f| problem(&deploy, f))?
                .is_some_and(|stored| stored == want),
        };
        if same {
            unchanged += 1;
            continue;
        }
        uploads.push(Upload {
            content_type: crate::media::content_type(path),
            cache_control: rules
                .iter()
                .find(|(glob, _)| glob.is_match(path))
                .map(|(_, v)| v.clone()),
            stage: stage(path),
            path: path.clone(),
            key,
            bytes: *bytes,
            md5: *md5,
        });
    }
    uploads.sort_by(|a, b| (a.stage, &a.path).cmp(&(b.stage, &b.path)));
    let mut deletes: Vec<String> = remote
        .keys()
        .filter(|k| {
            k.strip_prefix(&deploy.prefix)
                .is_none_or(|p| !local.contains_key(p))
        })
        .cloned()
        .collect();
    deletes.sort();
    if deletes.len() > deploy.max_deletes {
        let shown: Vec<&str> = deletes.iter().take(5).map(String::as_str).collect();
        return Err(Problem::file(
            "site.yaml",
            format!(
                "{} objects in bucket `{}` under prefix {:?} are not in the output, more than max_deletes ({}); nothing was uploaded or deleted",
                deletes.len(),
                deploy.bucket,
                deploy.prefix,
                deploy.max_deletes
            ),
        )
        .help(format!(
            "check that `prefix` and --output are right (first of them: {}); if these objects should go, raise deploy.max_deletes in site.yaml",
            shown.join(", ")
        ))
        .into());
    }
    Ok(Plan {
        uploads,
        deletes,
        unchanged,
        prefix: deploy.prefix.clone(),
        bucket,
        output,
    })
}

/// What a deploy did.
#[derive(Debug, Default)]
pub struct Done {
    pub uploaded: usize,
    pub uploaded_bytes: u64,
    pub deleted: usize,
}

impl Plan {
    /// Uploads in order, eight at a time within each stage, then deletes.
    /// `on_file` is called after each upload or deletion, with the action
    /// and path (`upload /a.html`, `delete /b.html`) and the bytes sent.
    pub fn apply(&self, on_file: &(dyn Fn(&str, u64) + Sync)) -> Result<Done, Problems> {
        let mut done = Done::default();
        for stage in 0..=2u8 {
            let batch: Vec<&Upload> = self.uploads.iter().filter(|u| u.stage == stage).collect();
            let failures = self.parallel(&batch, |u| {
                let bytes = fs::read(self.output.join(&u.path))
                    .map_err(|e| Failure::Refused(format!("cannot read {}: {e}", u.path)))?;
                if md5_of(&bytes) != u.md5 {
                    return Err(Failure::Refused(format!(
                        "{} changed while deploying; build again, then deploy",
                        u.path
                    )));
                }
                self.bucket.put(
                    &u.key,
                    &bytes,
                    &u.md5,
                    u.content_type,
                    u.cache_control.as_deref(),
                )?;
                on_file(&format!("upload /{}", u.path), u.bytes);
                Ok(())
            });
            if !failures.is_empty() {
                return Err(failed(failures));
            }
            done.uploaded += batch.len();
            done.uploaded_bytes += batch.iter().map(|u| u.bytes).sum::<u64>();
        }
        let keys: Vec<&String> = self.deletes.iter().collect();
        let failures = self.parallel(&keys, |k| {
            self.bucket.delete(k)?;
            let path = k.strip_prefix(&self.prefix).unwrap_or(k);
            on_file(&format!("delete /{path}"), 0);
            Ok(())
        });
        if !failures.is_empty() {
            return Err(failed(failures));
        }
        done.deleted = self.deletes.len();
        Ok(done)
    }

    /// Runs `job` over `items` on eight threads; stops taking new items
    /// after the first failure.
    fn parallel<T: Sync>(
        &self,
        items: &[T],
        job: impl Fn(&T) -> Result<(), Failure> + Sync,
    ) -> Vec<Failure> {
        let next = AtomicUsize::new(0);
        let failures = Mutex::new(Vec::new());
        std::thread::scope(|s| {
            for _ in 0..8.min(items.len()) {
                s.spawn(|| loop {
                    if !failures.lock().map(|f| f.is_empty()).unwrap_or(false) {
                        return;
                    }
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(item) = items.get(i) else { return };
                    if let Err(f) = job(item) {
                        if let Ok(mut all) = failures.lock() {
                            all.push(f);
                        }
                    }
                });
            }
        });
        failures.into_inner().unwrap_or_default()
    }

    /// The paths a CDN should forget, as the site's URLs: `/a/index.html`
    /// also as `/a/`.
    pub fn changed_paths(&self) -> Vec<String> {
        let mut out = Vec::new();
        let keys = self.uploads.iter().map(|u| u.path.as_str()).chain(
            self.deletes
                .iter()
                .filter_map(|k| k.strip_prefix(&self.prefix)),
        );
        for path in keys {
            out.push(format!("/{path}"));
            if path == "index.html" {
                out.push("/".into());
            } else if let Some(dir) = path.strip_suffix("/index.html") {
                out.push(format!("/{dir}/"));
            }
        }
        out.sort();
        out.dedup();
        out
    }
}

fn failed(failures: Vec<Failure>) -> Problems {
    let mut problems = Problems::default();
    for f in failures.into_iter().take(5) {
        problems.push(
            Problem::file("deploy", f.message().to_string())
                .help("run `renda deploy` again: it uploads only what is still missing"),
        );
    }
    problems
}

fn problem(deploy: &Deploy, failure: Failure) -> Problems {
    let help = match &failure {
        Failure::Credentials(_) => "check AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or RENDA_S3_ACCESS_KEY_ID and RENDA_S3_SECRET_ACCESS_KEY), and that the key may write to the bucket".to_string(),
        Failure::NoBucket(_) => "check deploy.bucket in site.yaml, or create the bucket".to_string(),
        Failure::Unreachable(_) => format!(
            "check deploy.endpoint in site.yaml ({}) and the network, then run `renda deploy` again",
            deploy.endpoint
        ),
        Failure::Tls(_) => "for a service whose certificate comes from a private authority, set SSL_CERT_FILE to a PEM file of the certificates to trust; otherwise check deploy.endpoint in site.yaml and the clock".to_string(),
        Failure::Refused(_) => "check the deploy: block of site.yaml".to_string(),
    };
    Problem::file("site.yaml", failure.message().to_string())
        .help(help)
        .into()
}

/// From the environment; `RENDA_S3_*` first, so a publisher can keep
/// renda's key apart from other AWS tools'.
fn credentials() -> Result<rusty_s3::Credentials, Problems> {
    let var = |names: &[&str]| {
        names
            .iter()
            .find_map(|n| std::env::var(n).ok().filter(|v| !v.is_empty()))
    };
    let key = var(&["RENDA_S3_ACCESS_KEY_ID", "AWS_ACCESS_KEY_ID"]);
    let secret = var(&["RENDA_S3_SECRET_ACCESS_KEY", "AWS_SECRET_ACCESS_KEY"]);
    let token = var(&["RENDA_S3_SESSION_TOKEN", "AWS_SESSION_TOKEN"]);
    match (key, secret) {
        (Some(key), Some(secret)) => Ok(match token {
            Some(t) => rusty_s3::Credentials::new_with_token(key, secret, t),
            None => rusty_s3::Credentials::new(key, secret),
        }),
        _ => Err(Problem::file(
            "deploy",
            "no credentials: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not both set",
        )
        .help("set them (or RENDA_S3_ACCESS_KEY_ID and RENDA_S3_SECRET_ACCESS_KEY) in the environment; renda never prints them")
        .into()),
    }
}

fn cache_rules(deploy: &Deploy) -> Result<Vec<(globset::GlobMatcher, String)>, Problems> {
    deploy
        .cache_control
        .iter()
        .map(|r| {
            globset::GlobBuilder::new(&r.pattern)
                .literal_separator(true)
                .build()
                .map(|g| (g.compile_matcher(), r.value.clone()))
                .map_err(|e| {
                    Problems::from(Problem::file(
                        "site.yaml",
                        format!("`{}` is not a glob: {}", r.pattern, e.kind()),
                    ))
                })
        })
        .collect()
}

/// Every file of the output (renda's record aside), with its size and MD5.
fn read_output(output: &Path) -> Result<BTreeMap<String, (u64, [u8; 16])>, Problems> {
    let mut paths = Vec::new();
    for entry in walkdir::WalkDir::new(output).min_depth(1) {
        let entry = entry.map_err(|e| {
            Problems::from(Problem::file(
                output,
                format!("cannot read the output: {e}"),
            ))
        })?;
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(output)
            .unwrap_or(entry.path())
            .to_string_lossy()
            .replace(std::path::MAIN_SEPARATOR, "/");
        if rel != MARKER {
            paths.push(rel);
        }
    }
    paths
        .into_par_iter()
        .map(|rel| {
            let bytes = fs::read(output.join(&rel)).map_err(|e| {
                Problems::from(Problem::file(
                    output.join(&rel),
                    format!("cannot read: {e}"),
                ))
            })?;
            Ok((rel, (bytes.len() as u64, md5_of(&bytes))))
        })
        .collect()
}

fn md5_of(bytes: &[u8]) -> [u8; 16] {
    Md5::digest(bytes).into()
}

fn is_md5(etag: &str) -> bool {
    etag.len() == 32 && etag.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Files pages use first, pages next, what announces pages last.
fn stage(path: &str) -> u8 {
    let name = path.rsplit('/').next().unwrap_or(path);
    if name.ends_with(".xml") || path == "robots.txt" {
        2
    } else if name.ends_with(".html") {
        1
    } else {
        0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn assets_then_pages_then_feeds() {
        assert_eq!(stage("theme/site.css"), 0);
        assert_eq!(stage("stories/x/photo-640.webp"), 0);
        assert_eq!(stage("search/zh/meta.json"), 0);
        assert_eq!(stage("stories/x/index.html"), 1);
        assert_eq!(stage("404.html"), 1);
        assert_eq!(stage("atom.xml"), 2);
        assert_eq!(stage("en/districts/heshan/atom.xml"), 2);
        assert_eq!(stage("sitemap.xml"), 2);
        assert_eq!(stage("robots.txt"), 2);
    }

    #[test]
    fn etags_that_are_not_md5() {
        assert!(is_md5("d41d8cd98f00b204e9800998ecf8427e"));
        assert!(!is_md5("d41d8cd98f00b204e9800998ecf8427e-2"));
        assert!(!is_md5(""));
    }
}
