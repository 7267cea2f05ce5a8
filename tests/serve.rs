//! `renda serve` end to end, as an editor uses it: save, look, fix.

use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

mod support;
use support::copy_fixture;

struct Preview {
    child: Child,
    port: u16,
}

impl Drop for Preview {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn start(root: &Path) -> Preview {
    let port = free_port();
    let mut child = Command::new(env!("CARGO_BIN_EXE_renda"))
        .args(["serve", "--port", &port.to_string(), "--root"])
        .arg(root)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    let deadline = Instant::now() + Duration::from_secs(30);
    while !line.contains("Serving") {
        line.clear();
        assert!(Instant::now() < deadline, "serve did not start");
        if out.read_line(&mut line).unwrap() == 0 {
            panic!("serve exited before serving");
        }
    }
    // Keep draining stdout so the preview never blocks on a full pipe.
    std::thread::spawn(move || std::io::copy(&mut out, &mut std::io::sink()));
    Preview { child, port }
}

/// A raw request, so paths reach the server exactly as written.
fn get(port: u16, path: &str) -> (u16, String) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    let _ = s.read_to_end(&mut raw);
    let text = String::from_utf8_lossy(&raw).into_owned();
    let status = text
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    (status, text)
}

/// Waits until `check` holds for the page at `path`.
fn wait_for(port: u16, path: &str, what: &str, check: impl Fn(&str) -> bool) -> String {
    // Generous: it returns as soon as the page is right, and a whole
    // rebuild on a busy machine can take many seconds.
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let (_, body) = get(port, path);
        if check(&body) {
            return body;
        }
        assert!(
            Instant::now() < deadline,
            "timed out waiting for {what}; last page:\n{body}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Asks, as the script in every page does, to hear of the next rebuild
/// after `version`; the answer arrives on the returned thread.
fn listen(port: u16, version: u64) -> std::thread::JoinHandle<String> {
    std::thread::spawn(move || get(port, &format!("/__renda/poll?v={version}")).1)
}

/// The version of the site a page was served from, as its script knows it.
fn served_version(page: &str) -> u64 {
    let at = page
        .find("/__renda/poll?v=")
        .expect("pages carry the reload script")
        + 16;
    page[at..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect::<String>()
        .parse()
        .unwrap()
}

const STORY: &str = "content/stories/deputy-forest/index.md";

#[test]
fn an_edited_title_is_served_and_the_page_told_to_reload() {
    let tmp = tempfile::tempdir().unwrap();
    let site = copy_fixture("valid-full", tmp.path());
    let preview = start(&site);
    let page = "/stories/deputy-forest/";
    let (status, body) = get(preview.port, page);
    assert_eq!(status, 200);
    assert!(body.contains("人大代表林在龙舟山扎根"));
    let reload = listen(preview.port, served_version(&body));
    std::thread::sleep(Duration::from_millis(200));
    let story = site.join(STORY);
    let text = fs::read_to_string(&story)
        .unwrap()
        .replace("人大代表林在龙舟山扎根", "龙舟山上新添人大代表林");
    fs::write(&story, text).unwrap();
    let message = reload.join().unwrap();
    assert!(
        message.ends_with("reload"),
        "a reload message is sent: {message}"
    );
    wait_for(preview.port, page, "the new title", |b| {
        b.contains("龙舟山上新添人大代表林")
    });
}

#[test]
fn a_broken_file_is_shown_then_clears_when_fixed() {
    let tmp = tempfile::tempdir().unwrap();
    let site = copy_fixture("valid-full", tmp.path());
    let preview = start(&site);
    let story = site.join(STORY);
    let good = fs::read_to_string(&story).unwrap();

    fs::write(
        &story,
        good.replace("district: pengjiang", "district: pengjaing"),
    )
    .unwrap();
    let broken = wait_for(preview.port, "/", "the problem", |b| {
        b.contains("renda-problems")
    });
    assert!(
        broken.contains("content/stories/deputy-forest/index.md:4:11"),
        "file, line and column: {broken}"
    );
    assert!(broken.contains("unknown district &quot;pengjaing&quot;"));
    assert!(
        broken.contains("did you mean &quot;pengjiang&quot;?"),
        "the fix is offered"
    );
    assert!(
        broken.contains("江门人大"),
        "the last good site stays served under the problem"
    );

    fs::write(&story, good).unwrap();
    wait_for(preview.port, "/", "the problem to clear", |b| {
        !b.contains("renda-problems") && b.contains("江门人大")
    });
}

#[test]
fn paths_outside_the_site_are_not_found() {
    let tmp = tempfile::tempdir().unwrap();
    let site = copy_fixture("valid-full", tmp.path());
    fs::write(tmp.path().join("secret.txt"), "do not serve").unwrap();
    let preview = start(&site);
    for path in [
        "/../secret.txt",
        "/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E/%2e%2e/secret.txt",
        "/..%2fsecret.txt",
        "/%252e%252e/secret.txt",
        "/stories/../../secret.txt",
        "/....//secret.txt",
        "//etc/passwd",
        "/etc/passwd",
        &format!("{}", tmp.path().join("secret.txt").display()),
        "/site.yaml",
        "/content/stories/deputy-forest/index.md",
    ] {
        let (status, body) = get(preview.port, path);
        assert_eq!(status, 404, "{path}");
        assert!(
            !body.contains("do not serve") && !body.contains("base_url"),
            "{path}"
        );
    }
    assert_eq!(
        get(preview.port, "/stories/deputy-forest/forest.png").0,
        200,
        "bundle images are served"
    );
}

#[test]
fn it_listens_only_on_the_loopback_address_by_default() {
    let tmp = tempfile::tempdir().unwrap();
    let site = copy_fixture("valid-full", tmp.path());
    let preview = start(&site);
    let connections = fs::read_to_string("/proc/net/tcp").unwrap_or_default();
    let port_hex = format!(":{:04X}", preview.port);
    let listening: Vec<&str> = connections
        .lines()
        .filter(|l| {
            l.split_whitespace()
                .nth(1)
                .is_some_and(|a| a.ends_with(&port_hex))
        })
        .filter(|l| l.split_whitespace().nth(3) == Some("0A"))
        .collect();
    assert!(!listening.is_empty(), "the preview listens");
    for l in listening {
        assert!(
            l.split_whitespace().nth(1).unwrap().starts_with("0100007F"),
            "bound to 127.0.0.1: {l}"
        );
    }
}

#[test]
fn it_survives_the_content_folder_being_removed_and_restored() {
    let tmp = tempfile::tempdir().unwrap();
    let site = copy_fixture("valid-full", tmp.path());
    let preview = start(&site);
    let aside = tmp.path().join("content-aside");
    let first = served_version(&get(preview.port, "/").1);
    fs::rename(site.join("content"), &aside).unwrap();
    let emptied = wait_for(preview.port, "/", "a rebuild without content", |b| {
        b.contains("__renda/poll?v=") && served_version(b) > first
    });
    assert!(emptied.starts_with("HTTP/1.1 200"), "still serving");
    fs::rename(&aside, site.join("content")).unwrap();
    let restored = served_version(&emptied);
    wait_for(preview.port, "/", "a rebuild with the content back", |b| {
        b.contains("__renda/poll?v=") && served_version(b) > restored
    });
    let story = site.join(STORY);
    let text = fs::read_to_string(&story)
        .unwrap()
        .replace("人大代表林在龙舟山扎根", "恢复之后的标题");
    fs::write(&story, text).unwrap();
    wait_for(
        preview.port,
        "/stories/deputy-forest/",
        "a rebuild after the restore",
        |b| b.contains("恢复之后的标题"),
    );
}

/// A project's page shows the titles of the stories it links to, a
/// deputy's page those of the stories naming them: saving such a story
/// changes them in the preview too, not only the story's own page.
#[test]
fn a_story_title_edit_reaches_the_project_and_deputy_pages_showing_it() {
    let tmp = tempfile::tempdir().unwrap();
    let site = copy_fixture("projects-site", tmp.path());
    fs::create_dir_all(site.join("content/deputies")).unwrap();
    fs::write(
        site.join("content/deputies/zhao-ge.yaml"),
        "name: { zh: 赵戈, en: Zhao Ge }\nlevel: city\ndistrict: city\n",
    )
    .unwrap();
    let story = site.join("content/stories/2024-01-18-school-vote.md");
    let text = fs::read_to_string(&story).unwrap();
    let title = text
        .lines()
        .find_map(|l| l.strip_prefix("title: "))
        .unwrap()
        .to_string();
    fs::write(
        &story,
        text.replacen("title: ", "deputies: [赵戈]\ntitle: ", 1),
    )
    .unwrap();
    let preview = start(&site);
    for page in ["/projects/2024/school-places/", "/deputies/zhao-ge/"] {
        let (status, body) = get(preview.port, page);
        assert_eq!(status, 200, "{page}");
        assert!(body.contains(&title), "{page}: {body}");
    }
    let text = fs::read_to_string(&story)
        .unwrap()
        .replace(&title, "代表们投票决定新增学位");
    fs::write(&story, text).unwrap();
    wait_for(preview.port, "/stories/school-vote/", "the story", |b| {
        b.contains("代表们投票决定新增学位")
    });
    for page in ["/projects/2024/school-places/", "/deputies/zhao-ge/"] {
        let (_, body) = get(preview.port, page);
        assert!(
            body.contains("代表们投票决定新增学位") && !body.contains(&title),
            "{page} shows the old title:\n{body}"
        );
    }
}
