//! The editors' commands, run as an editor would: `new`, `init` and
//! `translated` write files that `check` passes, refuse what it would not,
//! and `check` reports missing and stale translations.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

fn renda(args: &[&str], root: &Path) -> Run {
    let out: Output = Command::new(env!("CARGO_BIN_EXE_renda"))
        .args(args)
        .arg("--root")
        .arg(root)
        .output()
        .unwrap();
    Run {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn init(dir: &Path) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_renda"))
        .arg("init")
        .arg(dir)
        .output()
        .unwrap();
    Run {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// A new site in a temporary folder.
fn new_site() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    let run = init(&site);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    (tmp, site)
}

/// Where `check` found placeholder text, as `file:line:column`; fails on
/// any other warning.
fn placeholder_warnings(stderr: &str) -> Vec<String> {
    let mut places = Vec::new();
    for line in stderr.lines().filter(|l| l.contains(": warning: ")) {
        let (place, message) = line.split_once(": warning: ").unwrap();
        assert_eq!(
            message, "this is still the placeholder text that `renda init` or `renda new` wrote",
            "{stderr}"
        );
        places.push(place.to_string());
    }
    places
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = walk(dir)
        .into_iter()
        .map(|p| p.strip_prefix(dir).unwrap().to_path_buf())
        .collect();
    out.sort();
    out
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

fn one_file(dir: &Path, suffix: &str) -> PathBuf {
    let found: Vec<PathBuf> = walk(dir)
        .into_iter()
        .filter(|p| p.to_string_lossy().ends_with(suffix))
        .collect();
    assert_eq!(found.len(), 1, "one file ending {suffix}: {found:?}");
    found.into_iter().next().unwrap()
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

#[test]
fn init_makes_a_site_that_checks_clean_and_builds() {
    let (_tmp, site) = new_site();
    let check = renda(&["check"], &site);
    assert_eq!(check.code, Some(0), "{}", check.stderr);
    // The text `init` writes for the editor to replace builds, but `check`
    // points at each piece of it, the site's name first.
    let warnings = placeholder_warnings(&check.stderr);
    assert!(
        warnings.contains(&"site.yaml:1:15".to_string()),
        "{warnings:?}"
    );
    assert_eq!(
        check.stdout,
        format!(
            "1 district, 1 story (1 translated), 1 statistics period: no errors, {} warnings\n",
            warnings.len()
        )
    );
    assert!(!site.join("themes").exists(), "the built-in theme serves");
    let build = renda(&["build", "--quiet"], &site);
    assert_eq!(build.code, Some(0), "{}", build.stderr);
    let out = site.join("output");
    for page in [
        "index.html",
        "en/index.html",
        "about/index.html",
        "en/about/index.html",
        "stories/welcome/index.html",
        "en/stories/welcome/index.html",
        "stats/index.html",
    ] {
        assert!(out.join(page).is_file(), "{page} is built");
    }
}

#[test]
fn init_refuses_a_folder_with_files_in_it() {
    let tmp = tempfile::tempdir().unwrap();
    fs::write(tmp.path().join("notes.txt"), "mine").unwrap();
    let run = init(tmp.path());
    assert_eq!(run.code, Some(1));
    assert!(
        run.stderr.contains("error: the folder is not empty"),
        "{}",
        run.stderr
    );
    assert_eq!(files_under(tmp.path()), [PathBuf::from("notes.txt")]);
}

#[test]
fn a_new_story_and_its_translation_pass_check() {
    let (_tmp, site) = new_site();
    let run = renda(
        &[
            "new",
            "story",
            "night-market",
            "--district",
            "central",
            "--topics",
            "example",
        ],
        &site,
    );
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let original = one_file(&site, "-night-market.md");
    let english = one_file(&site, "-night-market.en.md");
    assert!(run.stdout.contains("wrote "), "{}", run.stdout);
    let name = original.file_name().unwrap().to_string_lossy().into_owned();
    assert!(
        name.len() == "2024-03-12-night-market.md".len() && name.as_bytes()[4] == b'-',
        "dated today: {name}"
    );
    let text = fs::read_to_string(&original).unwrap();
    for field in [
        "title:",
        "# date:",
        "district: central",
        "town: ~",
        "topics: [example]",
        "deputies:",
        "summary:",
        "# image:",
        "draft: true",
        "# case:",
        "#   rating:",
    ] {
        assert!(text.contains(field), "{field} in {text}");
    }
    assert!(fs::read_to_string(&english)
        .unwrap()
        .contains("translated_from: \""));
    let check = renda(&["check", "--strict"], &site);
    assert_eq!(check.code, Some(0), "{}", check.stderr);
    let warnings = placeholder_warnings(&check.stderr);
    let story = original.strip_prefix(&site).unwrap().display().to_string();
    assert!(
        warnings
            .iter()
            .any(|w| w.starts_with(&format!("{story}:2:"))),
        "the new story's title is flagged: {warnings:?}"
    );
    assert!(
        check
            .stdout
            .starts_with("1 district, 2 stories (2 translated)"),
        "{}",
        check.stdout
    );
}

#[test]
fn a_new_story_is_checked_against_the_site_first() {
    let (_tmp, site) = new_site();
    let before = files_under(&site);
    let run = renda(
        &[
            "new",
            "story",
            "night-market",
            "--district",
            "centrl",
            "--topics",
            "exampel",
        ],
        &site,
    );
    assert_eq!(run.code, Some(1));
    assert!(
        run.stderr
            .contains("--district: error: unknown district \"centrl\""),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("did you mean \"central\"?"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("--topics: error: unknown topic \"exampel\""),
        "{}",
        run.stderr
    );
    let run = renda(
        &["new", "story", "Night Market", "--district", "central"],
        &site,
    );
    assert_eq!(run.code, Some(1));
    assert!(
        run.stderr.contains("is not a valid story slug"),
        "{}",
        run.stderr
    );
    let run = renda(&["new", "story", "welcome", "--district", "central"], &site);
    assert_eq!(run.code, Some(1));
    assert!(
        run.stderr
            .contains("story slug `welcome` is also used by content/stories/"),
        "{}",
        run.stderr
    );
    let run = renda(
        &[
            "new",
            "story",
            "night-market",
            "--district",
            "central",
            "--town",
            "nowhere",
        ],
        &site,
    );
    assert_eq!(run.code, Some(1));
    assert!(
        run.stderr
            .contains("--town: error: unknown town \"nowhere\" in district `central`"),
        "{}",
        run.stderr
    );
    assert_eq!(files_under(&site), before, "nothing was written");
}

#[test]
fn a_new_district_and_statistics_file_pass_check() {
    let (_tmp, site) = new_site();
    let run = renda(&["new", "district", "riverside"], &site);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let district = fs::read_to_string(site.join("content/districts/riverside.yaml")).unwrap();
    for field in [
        "name: { zh:",
        "en:",
        "kind: district",
        "summary:",
        "# towns:",
        "# order:",
    ] {
        assert!(district.contains(field), "{field} in {district}");
    }
    let run = renda(&["new", "stats", "2023-07"], &site);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let stats = fs::read_to_string(site.join("content/stats/2023-07.yaml")).unwrap();
    for metric in [
        "suggestions_collected",
        "suggestions_resolved",
        "proposals",
        "funding_cny",
    ] {
        assert!(
            stats.contains(&format!("#     {metric}: 0")),
            "{metric} in {stats}"
        );
    }
    let check = renda(&["check", "--strict"], &site);
    assert_eq!(check.code, Some(0), "{}", check.stderr);
    assert!(
        check
            .stdout
            .starts_with("2 districts, 1 story (1 translated), 2 statistics periods"),
        "{}",
        check.stdout
    );

    for (args, message) in [
        (
            &["new", "district", "riverside"][..],
            "district `riverside` already exists",
        ),
        (&["new", "district", "city"][..], "`city` is reserved"),
        (
            &["new", "stats", "2023-13"][..],
            "`2023-13` is not a period",
        ),
        (
            &["new", "stats", "2023-07"][..],
            "the period 2023-07 already has a file",
        ),
    ] {
        let run = renda(args, &site);
        assert_eq!(run.code, Some(1), "{args:?}");
        assert!(run.stderr.contains(message), "{args:?}: {}", run.stderr);
    }
}

#[test]
fn translated_records_the_fingerprint_and_clears_the_stale_warning() {
    let (_tmp, site) = new_site();
    let original = one_file(&site, "-welcome.md");
    let english = one_file(&site, "-welcome.en.md");
    let text = fs::read_to_string(&original).unwrap();
    fs::write(&original, format!("{text}\n新加的一段。\n")).unwrap();

    let check = renda(&["check"], &site);
    assert_eq!(check.code, Some(0), "a stale translation is a warning");
    assert!(check.stderr.contains("-welcome.en.md:"), "{}", check.stderr);
    assert!(
        check.stderr.contains("warning: this translation is stale"),
        "{}",
        check.stderr
    );
    assert!(check.stderr.contains("1 stale"), "{}", check.stderr);
    let strict = renda(&["check", "--strict"], &site);
    assert_eq!(strict.code, Some(1), "--strict makes it an error");
    assert!(
        strict.stderr.contains("error: this translation is stale"),
        "{}",
        strict.stderr
    );

    let before = fs::read_to_string(&english).unwrap();
    let run = renda(&["translated", "welcome"], &site);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(run.stdout.contains("(it was stale)"), "{}", run.stdout);
    let after = fs::read_to_string(&english).unwrap();
    let changed: Vec<(&str, &str)> = before
        .lines()
        .zip(after.lines())
        .filter(|(a, b)| a != b)
        .collect();
    assert_eq!(
        changed.len(),
        1,
        "only translated_from changes: {changed:?}"
    );
    assert!(
        changed[0].1.starts_with("translated_from: \""),
        "{changed:?}"
    );
    assert_eq!(before.len(), after.len(), "the rest of the file is kept");

    let check = renda(&["check", "--strict"], &site);
    assert_eq!(check.code, Some(0), "{}", check.stderr);
    assert!(!check.stderr.contains("stale:"), "{}", check.stderr);
    let again = renda(&["translated", english.to_str().unwrap()], &site);
    assert!(
        again.stdout.contains("(it was up to date already)"),
        "{}",
        again.stdout
    );
}

#[test]
fn translated_adds_the_field_where_there_is_none() {
    let (_tmp, site) = new_site();
    let english = site.join("content/pages/about.en.md");
    let text = fs::read_to_string(&english).unwrap();
    let without: String = text
        .split_inclusive('\n')
        .filter(|l| !l.starts_with("translated_from:"))
        .collect();
    fs::write(&english, &without).unwrap();
    let check = renda(&["check"], &site);
    assert!(
        check.stderr.contains("1 of unknown freshness"),
        "{}",
        check.stderr
    );

    let run = renda(&["translated", "content/pages/about.md"], &site);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(
        run.stdout.contains("(its freshness was unknown)"),
        "{}",
        run.stdout
    );
    let after = fs::read_to_string(&english).unwrap();
    let expected = without.replacen("\n---\n", &format!("\n{}---\n", line_of(&after)), 1);
    assert_eq!(after, expected, "one line added before the closing ---");
    let check = renda(&["check", "--strict"], &site);
    assert_eq!(check.code, Some(0), "{}", check.stderr);
    assert!(
        !check.stderr.contains("unknown freshness"),
        "{}",
        check.stderr
    );

    let run = renda(&["translated", "no-such-story"], &site);
    assert_eq!(run.code, Some(1));
    assert!(
        run.stderr
            .contains("no-such-story: error: names no story or page"),
        "{}",
        run.stderr
    );
}

fn line_of(text: &str) -> String {
    let line = text
        .lines()
        .find(|l| l.starts_with("translated_from:"))
        .unwrap();
    format!("{line}\n")
}

#[test]
fn check_reports_missing_stale_and_unknown_translations() {
    let site = fixture("translations");
    let check = renda(&["check"], &site);
    assert_eq!(check.code, Some(0), "{}", check.stderr);
    let headlines: Vec<&str> = check
        .stderr
        .lines()
        .filter(|l| l.starts_with("content/"))
        .collect();
    assert_eq!(
        headlines,
        [
            "content/districts/heshan.yaml:1:1: warning: `summary` has no `en` text",
            "content/pages/about.en.md:3:18: warning: this translation is stale: content/pages/about.md has changed since it was translated",
            "content/stories/2024-01-10-missing-bridge.md:1:1: warning: there is no `en` translation",
            "content/stories/2024-02-01-stale-drainage.en.md:4:18: warning: this translation is stale: content/stories/2024-02-01-stale-drainage.md has changed since it was translated",
        ]
    );
    assert!(
        check.stderr.contains("translations into `en`: 3 of 4 stories, 1 of 1 page, 1 of 2 districts; 2 stale, 1 of unknown freshness"),
        "{}",
        check.stderr
    );
    let verbose = renda(&["check", "--verbose"], &site);
    assert!(
        verbose
            .stderr
            .contains("freshness unknown: content/stories/2024-01-15-unknown-lamps.en.md"),
        "{}",
        verbose.stderr
    );
    let strict = renda(&["check", "--strict"], &site);
    assert_eq!(strict.code, Some(1));
    assert!(
        strict.stderr.contains("4 errors, 0 warnings"),
        "{}",
        strict.stderr
    );
}

#[test]
fn pages_link_other_content_in_their_own_language_and_say_when_stale() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let run = Command::new(env!("CARGO_BIN_EXE_renda"))
        .args(["build", "--quiet", "--root"])
        .arg(fixture("translations"))
        .arg("--output")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let read = |p: &str| fs::read_to_string(out.join(p)).unwrap();
    let base = "https://example.org/jiangmen/";

    let zh = read("stories/fresh-forest/index.html");
    assert!(
        zh.contains(&format!(r#"href="{base}stories/stale-drainage/""#)),
        "{zh}"
    );
    assert!(
        zh.contains(&format!(r#"href="{base}districts/heshan/""#)),
        "{zh}"
    );
    let en = read("en/stories/fresh-forest/index.html");
    assert!(
        en.contains(&format!(r#"href="{base}en/stories/stale-drainage/""#)),
        "{en}"
    );
    assert!(
        en.contains(&format!(r#"src="{base}stories/fresh-forest/forest.png""#)),
        "a bundle's image is published once: {en}"
    );
    assert!(
        !en.contains("may be out of date"),
        "a fresh translation has no notice"
    );

    let stale = read("en/stories/stale-drainage/index.html");
    assert!(
        stale.contains("This translation may be out of date"),
        "{stale}"
    );
    assert!(!read("stories/stale-drainage/index.html").contains("本译文可能已过时"));
    assert!(read("en/about/index.html").contains("This translation may be out of date"));
    let about = read("about/index.html");
    assert!(
        about.contains(&format!(r#"href="{base}stats/""#)),
        "{about}"
    );
    assert!(read("en/stories/unknown-lamps/index.html").contains("The lamps are on"));
}

#[test]
fn a_broken_link_stops_the_build() {
    let tmp = tempfile::tempdir().unwrap();
    let run = Command::new(env!("CARGO_BIN_EXE_renda"))
        .args(["build", "--root"])
        .arg(fixture("invalid/broken-link"))
        .arg("--output")
        .arg(tmp.path().join("out"))
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(1));
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(
        err.contains("did you mean \"@/stories/deputy-forest/index.md\"?"),
        "{err}"
    );
    assert!(!tmp.path().join("out").exists());
}

#[test]
fn a_story_saved_during_preview_has_its_links_checked() {
    let (_tmp, site) = new_site();
    let (mut loaded, _) = renda::load::load_site(&site).unwrap();
    let story = one_file(&site, "-welcome.md");
    let text = fs::read_to_string(&story).unwrap();
    fs::write(&story, format!("{text}\n[关于](@/pages/abut.md)\n")).unwrap();
    let problems =
        match renda::load::reload_stories(&site, &mut loaded, std::slice::from_ref(&story)) {
            Some(Err(problems)) => problems,
            _ => panic!("the broken link is reported"),
        };
    let headline = problems.0[0].headline();
    assert!(
        headline.contains("the link to \"@/pages/abut.md\" leads to no content"),
        "{headline}"
    );
    assert_eq!(loaded.stories.len(), 1, "the site is left as it was");

    fs::write(&story, format!("{text}\n[关于](@/pages/about.md)\n")).unwrap();
    let reloaded = renda::load::reload_stories(&site, &mut loaded, &[story]);
    assert!(matches!(reloaded, Some(Ok(_))), "a good link passes");
}

#[test]
fn a_new_station_and_deputy_pass_check_and_say_what_is_never_published() {
    let (_tmp, site) = new_site();
    let run = renda(&["new", "station", "baisha"], &site);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let station = fs::read_to_string(site.join("content/stations/baisha.yaml")).unwrap();
    for field in [
        "name: { zh:",
        "district:",
        "# address:",
        "# phone:",
        "# hours:",
        "# receptions:",
    ] {
        assert!(station.contains(field), "{field} in {station}");
    }
    let run = renda(&["new", "deputy", "zhao-ge"], &site);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let deputy = fs::read_to_string(site.join("content/deputies/zhao-ge.yaml")).unwrap();
    for field in [
        "name: { zh:",
        "level: city",
        "district:",
        "# terms:",
        "# stations: [baisha]",
        "# photo: { src: zhao-ge.jpg",
        "Personal Information Protection Law (PIPL)",
    ] {
        assert!(deputy.contains(field), "{field} in {deputy}");
    }
    let check = renda(&["check", "--strict"], &site);
    assert_eq!(check.code, Some(0), "{}", check.stderr);
    assert!(
        check.stdout.contains("1 deputy, 1 station"),
        "{}",
        check.stdout
    );
    for (args, message) in [
        (
            &["new", "deputy", "zhao-ge"][..],
            "deputy `zhao-ge` already exists",
        ),
        (
            &["new", "station", "Bai Sha"][..],
            "`Bai Sha` is not a valid station slug",
        ),
    ] {
        let run = renda(args, &site);
        assert_eq!(run.code, Some(1), "{args:?}");
        assert!(run.stderr.contains(message), "{args:?}: {}", run.stderr);
    }
}
