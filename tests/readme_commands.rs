//! Every command in the README's shell blocks, run as written against a
//! scratch copy of the bundled site: an example that fails is the first
//! thing a new editor meets.

use std::fs;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

const REPO: &str = env!("CARGO_MANIFEST_DIR");

/// The commands of the README's ```sh blocks, comments and continuation
/// comment lines left out.
fn readme_commands() -> Vec<String> {
    let readme = fs::read_to_string(Path::new(REPO).join("README.md")).unwrap();
    let mut commands = Vec::new();
    let mut in_sh = false;
    for line in readme.lines() {
        if line.starts_with("```") {
            in_sh = !in_sh && line.trim() == "```sh";
            continue;
        }
        if !in_sh {
            continue;
        }
        let command = line.split(" #").next().unwrap_or("").trim();
        if !command.is_empty() && !command.starts_with('#') {
            commands.push(command.to_string());
        }
    }
    commands
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// The bundled site, as a clone holds it, in a folder of its own.
fn scratch_site() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    fs::create_dir_all(&site).unwrap();
    fs::copy(Path::new(REPO).join("site.yaml"), site.join("site.yaml")).unwrap();
    copy_dir(&Path::new(REPO).join("content"), &site.join("content"));
    if Path::new(REPO).join("static").is_dir() {
        copy_dir(&Path::new(REPO).join("static"), &site.join("static"));
    }
    (tmp, site)
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Starts the preview, waits until it says where it serves, and stops it.
/// It is given a free port, as other previews may be running.
fn serve(site: &Path, args: &[&str]) -> String {
    let mut child = Command::new(env!("CARGO_BIN_EXE_renda"))
        .args(args)
        .args(["--port", &free_port().to_string()])
        .current_dir(site)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut said = String::new();
    for line in BufReader::new(child.stdout.take().unwrap()).lines() {
        let line = line.unwrap();
        said.push_str(&line);
        said.push('\n');
        if line.starts_with("Serving ") {
            break;
        }
    }
    child.kill().unwrap();
    child.wait().unwrap();
    said
}

#[test]
fn every_readme_command_runs_in_the_bundled_site() {
    let commands = readme_commands();
    assert!(commands.len() >= 8, "{commands:#?}");
    let (_tmp, site) = scratch_site();
    let mut ran = Vec::new();
    for command in &commands {
        let words: Vec<&str> = command.split_whitespace().collect();
        // The repository's own commands: `scripts/test` is this suite, and
        // `cargo install` puts on the PATH the binary these tests run.
        // `cargo run --release -- <args>` is `renda <args>`.
        let args: Vec<&str> = match words.as_slice() {
            ["scripts/test"] | ["cargo", "install", ..] => continue,
            // Publishing needs a bucket: tests/deploy.rs runs it against a
            // real S3-compatible server.
            ["renda", "deploy", ..] => continue,
            ["cargo", "run", "--release", "--", rest @ ..] => rest.to_vec(),
            ["renda", rest @ ..] => rest.to_vec(),
            _ => panic!("the README runs {command:?}, which this test does not know"),
        };
        if args.first() == Some(&"serve") {
            let said = serve(&site, &args);
            assert!(said.contains("Serving "), "{command}: {said}");
            ran.push(command.clone());
            continue;
        }
        let out = Command::new(env!("CARGO_BIN_EXE_renda"))
            .args(&args)
            .current_dir(&site)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{command} failed:\n{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        ran.push(command.clone());
    }
    assert!(
        ran.iter().any(|c| c.starts_with("renda new story")),
        "{ran:#?}"
    );
    // What they wrote still checks, and the new story says it is a draft.
    let check = Command::new(env!("CARGO_BIN_EXE_renda"))
        .arg("check")
        .current_dir(&site)
        .output()
        .unwrap();
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
    let story = fs::read_dir(site.join("content/stories"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.to_string_lossy().ends_with("-night-market.md"))
        .expect("the new story");
    assert!(fs::read_to_string(story).unwrap().contains("draft: true"));
    assert!(site.join("../www/index.html").is_file());
    assert!(site.join("mysite/site.yaml").is_file());
}

#[test]
fn serve_says_when_drafts_are_hidden() {
    let (_tmp, site) = scratch_site();
    let new = Command::new(env!("CARGO_BIN_EXE_renda"))
        .args(["new", "story", "night-market", "--district", "xinhui"])
        .current_dir(&site)
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&new.stdout);
    assert!(said.contains("the story is a draft"), "{said}");
    let said = serve(&site, &["serve"]);
    assert!(
        said.contains("1 draft story is hidden: `renda serve --drafts` shows it"),
        "{said}"
    );
    let said = serve(&site, &["serve", "--drafts"]);
    assert!(!said.contains("hidden"), "{said}");
}

#[test]
fn renda_without_a_site_says_so_as_check_does() {
    let empty = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_renda"))
            .args(args)
            .current_dir(empty.path())
            .output()
            .unwrap()
    };
    let bare = run(&[]);
    let check = run(&["check"]);
    assert_eq!(bare.status.code(), Some(1));
    assert_eq!(check.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&bare.stderr).contains("site.yaml"));
    assert_eq!(bare.stderr, check.stderr);
    assert_eq!(bare.stdout, check.stdout);
}
