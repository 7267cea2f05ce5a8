//! `renda build` into its previous output, as a publisher runs it every
//! day: only the files whose bytes changed are written, the others keep
//! their inode and modification time, and a rebuild killed at any moment
//! leaves the last good site whole.

use std::collections::BTreeMap;
use std::fs;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

mod support;
use support::{copy_fixture, files, replace_in, site_files, RECORD};

fn build(root: &Path, output: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_renda"))
        .args(["build", "--root"])
        .arg(root)
        .arg("--output")
        .arg(output)
        .output()
        .unwrap()
}

fn built(root: &Path, output: &Path) -> String {
    let out = build(root, output);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Inode and modification time of every file, by relative path.
fn stamps(dir: &Path) -> BTreeMap<String, (u64, i64, i64)> {
    files(dir)
        .into_keys()
        .map(|rel| {
            let m = fs::metadata(dir.join(&rel)).unwrap();
            (rel, (m.ino(), m.mtime(), m.mtime_nsec()))
        })
        .collect()
}

#[test]
fn a_rebuild_writes_only_the_files_whose_bytes_changed() {
    let tmp = tempfile::tempdir().unwrap();
    let root = copy_fixture("valid-full", tmp.path());
    let out = tmp.path().join("out");
    built(&root, &out);
    // The second build makes the spare tree (links to every file); from the
    // third on, each build is one like a publisher's daily rebuild.
    built(&root, &out);
    let before_files = files(&out);
    let before = stamps(&out);
    std::thread::sleep(Duration::from_millis(50));

    let said = built(&root, &out);
    assert!(said.contains("(0 written"), "{said}");
    assert!(said.contains(" 0 removed"), "{said}");
    let after = stamps(&out);
    for (rel, stamp) in &before {
        if rel != RECORD {
            assert_eq!(after.get(rel), Some(stamp), "{rel} is untouched");
        }
    }

    let story = root.join("content/stories/2023-06-01-thursday.md");
    let text = fs::read_to_string(&story).unwrap();
    let title = text
        .lines()
        .find_map(|l| l.strip_prefix("title: "))
        .unwrap()
        .to_string();
    replace_in(
        &story,
        &format!("title: {title}"),
        "title: 星期四接待日有了新标题",
    );
    let said = built(&root, &out);
    let now_files = files(&out);
    let now = stamps(&out);
    let mut changed = Vec::new();
    for (rel, bytes) in &now_files {
        let same = before_files.get(rel) == Some(bytes);
        if same {
            assert_eq!(
                now[rel], before[rel],
                "{rel} kept its bytes, inode and time"
            );
        } else {
            assert_ne!(
                before.get(rel).map(|s| s.0),
                Some(now[rel].0),
                "{rel} changed, so it is a new file"
            );
            changed.push(rel.clone());
        }
    }
    assert!(
        changed.contains(&"stories/thursday/index.html".to_string()),
        "{changed:?}"
    );
    let written = changed.iter().filter(|r| *r != RECORD).count();
    assert!(said.contains(&format!("({written} written")), "{said}");
    assert!(
        written < now_files.len() / 2,
        "a title touches a few pages, not the site: {changed:?}"
    );

    // Byte for byte what a clean build makes.
    let clean = tmp.path().join("clean");
    built(&root, &clean);
    assert_eq!(site_files(&out), site_files(&clean));

    // A story removed takes its pages with it.
    fs::remove_file(&story).unwrap();
    for other in fs::read_dir(root.join("content/stories")).unwrap() {
        let path = other.unwrap().path();
        if path.to_string_lossy().contains("thursday") {
            fs::remove_file(path).unwrap();
        }
    }
    let said = built(&root, &out);
    assert!(!out.join("stories/thursday").exists(), "{said}");
    assert!(!said.contains(" 0 removed"), "{said}");
    let clean2 = tmp.path().join("clean2");
    built(&root, &clean2);
    assert_eq!(site_files(&out), site_files(&clean2));
}

/// A site big enough that a rebuild takes a while, to be killed part-way.
fn big_story(root: &Path, i: usize) -> PathBuf {
    root.join(format!(
        "content/stories/2020-{:02}-{:02}-s{i}.md",
        1 + i % 12,
        1 + i % 28
    ))
}

fn big_site(into: &Path, stories: usize) -> PathBuf {
    let root = copy_fixture("valid-full", into);
    let body = "代表走访居民，记录意见。\n\n".repeat(30);
    for i in 0..stories {
        let file = big_story(&root, i);
        fs::write(
            file,
            format!("---\ntitle: 故事{i}\ndistrict: heshan\ntopics: [green]\n---\n\n{body}"),
        )
        .unwrap();
    }
    root
}

/// The same sequence of "random" delays on every run, spread over the
/// whole rebuild.
struct Delays(u64);

impl Delays {
    fn next(&mut self, below: Duration) -> Duration {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        below.mul_f64((self.0 % 10_000) as f64 / 10_000.0)
    }
}

#[test]
fn a_rebuild_killed_at_random_points_leaves_the_last_good_site_whole() {
    let tmp = tempfile::tempdir().unwrap();
    let root = big_site(tmp.path(), 200);
    let out = tmp.path().join("out");
    built(&root, &out);
    // The second build also makes the spare tree, so the third is the one
    // that shows how long a rebuild takes.
    built(&root, &out);
    let started = Instant::now();
    built(&root, &out);
    // Kills are drawn below this; it halves whenever a rebuild finished
    // first, so that on a fast or a busy machine alike most rounds kill a
    // rebuild part-way rather than after it is done.
    let mut within = started.elapsed().max(Duration::from_millis(20));
    let mut good = files(&out);
    let mut delays = Delays(0x2545_f491_4f6c_dd1d);
    let mut kills = 0;
    let mut rounds = 0;
    for round in 0..24 {
        if kills == 8 {
            break;
        }
        rounds += 1;
        // Each round changes some pages. Even rounds also add a story and,
        // from the second on, remove the one added before, which renders
        // the whole site; odd rounds change one story alone, which renders
        // only what it reaches and keeps the rest (the render cache).
        let story = big_story(&root, (31 * round) % 200);
        replace_in(
            &story,
            "代表走访居民",
            &format!("第{round}轮：代表走访居民"),
        );
        let adds = round % 2 == 0;
        if adds {
            fs::write(
                root.join(format!("content/stories/2031-01-01-round{round}.md")),
                format!("---\ntitle: 第{round}轮\ndistrict: city\n---\n\n正文\n"),
            )
            .unwrap();
        }
        if adds && round > 0 {
            let last = root.join(format!("content/stories/2031-01-01-round{}.md", round - 2));
            fs::remove_file(last).unwrap();
        }
        let mut child = Command::new(env!("CARGO_BIN_EXE_renda"))
            .args(["build", "--quiet", "--root"])
            .arg(&root)
            .arg("--output")
            .arg(&out)
            .spawn()
            .unwrap();
        std::thread::sleep(delays.next(within));
        let _ = child.kill(); // SIGKILL: no cleanup code runs
        let status = child.wait().unwrap();
        let now = files(&out);
        if status.success() {
            within /= 2;
            assert!(
                !adds || now.contains_key(&format!("stories/round{round}/index.html")),
                "round {round}: the build finished, so the new site is there whole"
            );
        } else {
            kills += 1;
            assert!(
                now == good,
                "round {round}: killed, the last good site is there whole"
            );
        }
        // A finished rebuild after the kill is the site a clean build makes
        // (checked every third round: a clean build is the slow part).
        built(&root, &out);
        good = files(&out);
        if round % 3 == 0 {
            let clean = tmp.path().join(format!("clean{round}"));
            built(&root, &clean);
            assert!(
                site_files(&out) == site_files(&clean),
                "round {round}: the rebuild after a kill equals a clean build"
            );
            fs::remove_dir_all(&clean).unwrap();
        }
    }
    assert!(
        kills == 8,
        "eight rebuilds were killed part-way: {kills} in {rounds} rounds"
    );
}
