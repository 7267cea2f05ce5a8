//! No input makes loading panic, hang or lose a file without a word; every
//! problem has a place and a fix; nothing is read from outside the site or
//! written outside the output folder; and loading does not depend on how
//! many threads do it.

use std::fs;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use renda::load::load_site;
use renda::model::Site;
use renda::output::Output;
use renda::problem::Problems;

fn base() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/robust-base")
}

fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A fresh copy of the base site in a temporary folder, as `<tmp>/site`.
fn fresh_site() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    copy_tree(&base(), &site);
    (dir, site)
}

/// What section 7 of the contract promises of every problem, as a list of
/// broken promises.
fn broken_promises(problems: &Problems) -> Vec<String> {
    let mut out = Vec::new();
    for p in &problems.0 {
        if p.file.as_os_str().is_empty() || p.line < 1 || p.column < 1 {
            out.push(format!("not located: {}", p.headline()));
        }
        if p.help.as_deref().is_none_or(str::is_empty) {
            out.push(format!("no fix offered: {}", p.headline()));
        }
        if let (Some(span), Some(text)) = (&p.span, &p.text) {
            if span.start > span.end || span.end > text.len() {
                out.push(format!("span {span:?} outside the text: {}", p.headline()));
            }
        }
        if catch_unwind(AssertUnwindSafe(|| p.report(false))).is_err() {
            out.push(format!("the report panicked: {}", p.headline()));
        }
    }
    out
}

fn errors_of(root: &Path) -> Vec<String> {
    match load_site(root) {
        Ok(_) => Vec::new(),
        Err(p) => {
            let broken = broken_promises(&p);
            assert!(broken.is_empty(), "{}", broken.join("\n"));
            p.errors().map(|p| p.headline()).collect()
        }
    }
}

/// `place` is a file, or a file and line (`file:3:`).
fn assert_refused(root: &Path, place: &str, words: &str) {
    let errors = errors_of(root);
    let prefix = if place.ends_with(':') {
        place.to_string()
    } else {
        format!("{place}:")
    };
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with(&prefix) && e.contains(words)),
        "expected an error at {place} saying `{words}`, got {errors:#?}"
    );
}

#[test]
fn the_base_site_loads() {
    let (site, problems) = load_site(&base()).unwrap_or_else(|p| panic!("{p}"));
    assert!(problems.is_empty(), "{problems}");
    assert_eq!(site.stories.len(), 3);
    assert_eq!(site.districts.len(), 2);
}

// ---------------------------------------------------------------------
// Mutations

/// xorshift64*: a few lines, the same sequence on every machine, and no
/// dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const KINDS: &[&str] = &[
    "truncate",
    "flip bytes",
    "invalid UTF-8",
    "type swap",
    "delete key",
    "duplicate key",
    "huge number",
    "deep nesting",
    "alias bomb",
    "odd value",
    "swap lines",
    "drop a fence",
];

const NUMBERS: &[&str] = &[
    "1e400",
    "-1e400",
    "99999999999999999999999",
    "-99999999999999999999999",
    "999999999999999999999999999999999999999999999999",
    "18446744073709551616",
    "-9223372036854775809",
    ".nan",
    ".inf",
    "-.inf",
    "1e15",
    "1000000000000001",
    "0x7FFFFFFFFFFFFFFFFFFF",
    "-0",
    "0.0000000000000000001",
    "1_000",
];

const ODD_VALUES: &[&str] = &[
    "~",
    "",
    "''",
    "\"\"",
    "!!binary aGVsbG8=",
    "!custom x",
    "!!str",
    "!!map {}",
    "&anchor x",
    "*nosuch",
    "? complex\n: key",
    "|\n  a block\n  of text",
    ">-\n  folded",
    "2024-02-30",
    "2024-13-01",
    "0000-01-01",
    "null",
    "yes",
    "no",
    "---",
    "...",
    "@x",
    "`x`",
    "%YAML 1.2",
    "\t",
    "\u{0}",
    "\u{feff}x",
    "\u{2028}",
    "../../../../etc/passwd",
    "/etc/passwd",
    "https://evil.example/x.png",
    "C:\\x.png",
    "[a, b",
    "{a: 1",
    "\"unclosed",
    "a: b: c",
    "- - -",
    "<<: *x",
    "[[], {}]",
    "{? [a]: b}",
];

/// The lines of `text` that hold a `key:` (in a mapping or a list item).
fn key_lines(text: &str) -> Vec<usize> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| {
            let t = l.trim_start().trim_start_matches("- ");
            let key: String = t
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            !key.is_empty() && t[key.len()..].starts_with(':')
        })
        .map(|(i, _)| i)
        .collect()
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

/// The line `at` and the more indented lines below it: a key with its
/// nested block.
fn with_children(lines: &[String], at: usize) -> std::ops::Range<usize> {
    let own = indent(&lines[at]);
    let mut end = at + 1;
    while end < lines.len()
        && !lines[end].trim().is_empty()
        && indent(&lines[end]) > own
        && lines[end].trim() != "---"
    {
        end += 1;
    }
    at..end
}

fn split_value(line: &str) -> (String, String) {
    match line.find(':') {
        Some(i) => (line[..=i].to_string(), line[i + 1..].trim().to_string()),
        None => (line.to_string(), String::new()),
    }
}

/// Where YAML may be inserted: after the opening `---` of a Markdown
/// file, or at the top of a YAML file.
fn yaml_start(text: &str, markdown: bool) -> usize {
    if markdown {
        text.find('\n').map_or(text.len(), |i| i + 1)
    } else {
        0
    }
}

fn mutate(rng: &mut Rng, kind: &str, bytes: &[u8], markdown: bool) -> Vec<u8> {
    let text = String::from_utf8_lossy(bytes).into_owned();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let keys = key_lines(&text);
    let join = |lines: &[String]| (lines.join("\n") + "\n").into_bytes();
    match kind {
        "truncate" => bytes[..rng.below(bytes.len())].to_vec(),
        "flip bytes" => {
            let mut out = bytes.to_vec();
            for _ in 0..=rng.below(4) {
                let i = rng.below(out.len());
                out[i] ^= 1 + rng.below(255) as u8;
            }
            out
        }
        "invalid UTF-8" => {
            let bad: &[&[u8]] = &[
                b"\xFF",
                b"\xC3",
                b"\xE6\x9E",
                b"\xED\xA0\x80",
                b"\xF8\x88\x80\x80\x80",
                b"\x00",
            ];
            let mut out = bytes.to_vec();
            let at = rng.below(out.len() + 1);
            out.splice(at..at, rng.pick(bad).iter().copied());
            out
        }
        "type swap" if !keys.is_empty() => {
            let at = *rng.pick(&keys);
            let range = with_children(&lines, at);
            let (key, value) = split_value(&lines[at]);
            let pad = " ".repeat(indent(&lines[at]) + 2);
            let replacement = if range.len() > 1 || value.is_empty() {
                // A mapping or list becomes a scalar.
                vec![format!(
                    "{key} {}",
                    rng.pick(&["x", "42", "true", "[]", "{}"])
                )]
            } else {
                match rng.below(4) {
                    0 => vec![format!("{key} [{value}]")],
                    1 => vec![format!("{key} {{ x: {value} }}")],
                    2 => vec![key.clone(), format!("{pad}- {value}")],
                    _ => vec![key.clone(), format!("{pad}x: {value}")],
                }
            };
            lines.splice(range, replacement);
            join(&lines)
        }
        "delete key" if !keys.is_empty() => {
            let range = with_children(&lines, *rng.pick(&keys));
            lines.drain(range);
            join(&lines)
        }
        "duplicate key" if !keys.is_empty() => {
            let range = with_children(&lines, *rng.pick(&keys));
            let copy: Vec<String> = lines[range.clone()].to_vec();
            lines.splice(range.end..range.end, copy);
            join(&lines)
        }
        "huge number" if !keys.is_empty() => {
            let at = *rng.pick(&keys);
            let (key, _) = split_value(&lines[at]);
            let range = with_children(&lines, at);
            lines.splice(range, [format!("{key} {}", rng.pick(NUMBERS))]);
            join(&lines)
        }
        "deep nesting" => {
            let depth = *rng.pick(&[65usize, 200, 1000, 10_000]);
            let nest = match rng.below(4) {
                0 => "[".repeat(depth),
                1 => format!("{}{}", "[".repeat(depth), "]".repeat(depth)),
                2 => "{a: ".repeat(depth),
                _ => (0..depth.min(1000))
                    .map(|i| format!("\n{}k:", " ".repeat(i + 1)))
                    .collect(),
            };
            if let (false, Some(&at)) = (keys.is_empty(), keys.get(rng.below(keys.len()))) {
                let (key, _) = split_value(&lines[at]);
                lines[at] = format!("{key} {nest}");
                join(&lines)
            } else {
                let at = yaml_start(&text, markdown);
                let mut out = bytes.to_vec();
                out.splice(at..at, format!("deep: {nest}\n").into_bytes());
                out
            }
        }
        "alias bomb" => {
            let width = *rng.pick(&[10usize, 1000]);
            let mut bomb = format!("l0: &l0 [{}]\n", vec!["lol"; width].join(","));
            let levels = if width == 10 { 9 } else { 2 };
            for i in 1..levels {
                let refs = vec![format!("*l{}", i - 1); width].join(",");
                bomb += &format!("l{i}: &l{i} [{refs}]\n");
            }
            let at = yaml_start(&text, markdown);
            let mut out = bytes.to_vec();
            out.splice(at..at, bomb.into_bytes());
            out
        }
        "odd value" if !keys.is_empty() => {
            let at = *rng.pick(&keys);
            let (key, _) = split_value(&lines[at]);
            lines[at] = format!("{key} {}", rng.pick(ODD_VALUES));
            join(&lines)
        }
        "swap lines" if lines.len() > 1 => {
            let (a, b) = (rng.below(lines.len()), rng.below(lines.len()));
            lines.swap(a, b);
            join(&lines)
        }
        "drop a fence" if markdown => {
            let fences: Vec<usize> = (0..lines.len()).filter(|&i| lines[i] == "---").collect();
            if let Some(&i) = fences.get(rng.below(fences.len())) {
                lines.remove(i);
            }
            join(&lines)
        }
        // A kind that does not fit this file: cut it instead.
        _ => bytes[..rng.below(bytes.len())].to_vec(),
    }
}

fn text_files(root: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for e in fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "md" || x == "yaml") {
                out.push(p.strip_prefix(root).unwrap().to_path_buf());
            }
        }
    }
    out.sort();
    out
}

/// A loaded site has every file of the base: a mutation may break a file,
/// but never make it vanish without an error.
fn nothing_lost(site: &Site) -> Result<(), String> {
    let counts = (
        site.districts.len(),
        site.stories.len(),
        site.stats.len(),
        site.pages.len(),
    );
    if counts != (2, 3, 1, 1) {
        return Err(format!(
            "loaded (districts, stories, stats, pages) = {counts:?}, not (2, 3, 1, 1)"
        ));
    }
    let forest = site.stories.iter().find(|s| s.slug == "deputy-forest");
    if forest.map(|s| s.texts.len()) != Some(2) {
        return Err("the forest story lost its translation".into());
    }
    Ok(())
}

#[test]
fn two_thousand_mutations_never_panic_hang_or_lose_a_place() {
    const MUTATIONS: usize = 2000;
    let (_dir, site) = fresh_site();
    let files = text_files(&site);
    let originals: Vec<Vec<u8>> = files
        .iter()
        .map(|f| fs::read(site.join(f)).unwrap())
        .collect();
    let mut rng = Rng(0x5EED_2024_0312_0001);
    let mut failures = Vec::new();
    let (mut with_errors, mut slowest) = (0, (Duration::ZERO, String::new()));
    let started = Instant::now();
    for n in 0..MUTATIONS {
        let i = rng.below(files.len());
        let kind = *rng.pick(KINDS);
        let markdown = files[i].extension().is_some_and(|x| x == "md");
        let mutated = mutate(&mut rng, kind, &originals[i], markdown);
        fs::write(site.join(&files[i]), &mutated).unwrap();
        let what = format!("#{n} {kind} on {}", files[i].display());
        let t = Instant::now();
        let result = catch_unwind(|| load_site(&site));
        let took = t.elapsed();
        if took > slowest.0 {
            slowest = (took, what.clone());
        }
        if took > Duration::from_secs(5) {
            failures.push(format!("{what}: took {took:?}"));
        }
        match result {
            Err(_) => failures.push(format!("{what}: panicked")),
            Ok(Ok((loaded, warnings))) => {
                if let Err(lost) = nothing_lost(&loaded) {
                    failures.push(format!("{what}: {lost}"));
                }
                for b in broken_promises(&warnings) {
                    failures.push(format!("{what}: {b}"));
                }
            }
            Ok(Err(problems)) => {
                with_errors += 1;
                if !problems.has_errors() {
                    failures.push(format!("{what}: failed without an error"));
                }
                for b in broken_promises(&problems) {
                    failures.push(format!("{what}: {b}"));
                }
            }
        }
        if !failures.is_empty() {
            let keep = std::env::temp_dir().join("renda-robustness-failure");
            let _ = fs::remove_dir_all(&keep);
            copy_tree(&site, &keep);
            panic!(
                "{}\n(the mutated site is kept in {})",
                failures.join("\n"),
                keep.display()
            );
        }
        fs::write(site.join(&files[i]), &originals[i]).unwrap();
    }
    println!(
        "robustness: {MUTATIONS} mutations in {:.1?}, {with_errors} reported errors, {} loaded; slowest {:.1?} ({})",
        started.elapsed(),
        MUTATIONS - with_errors,
        slowest.0,
        slowest.1
    );
    assert!(
        load_site(&site).is_ok(),
        "the site is whole again after the last mutation"
    );
}

// ---------------------------------------------------------------------
// Limits

fn write(root: &Path, rel: &str, bytes: impl AsRef<[u8]>) {
    let path = root.join(rel);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, bytes).unwrap();
}

/// Loads `root`, which must fail in under `secs` seconds with an error in
/// `file` that says `words`, on line `line` or later.
fn assert_refused_quickly(root: &Path, file: &str, words: &str, secs: u64) {
    let t = Instant::now();
    assert_refused(root, file, words);
    let took = t.elapsed();
    assert!(took < Duration::from_secs(secs), "{file} took {took:?}");
}

const STATS: &str = "content/stats/2023.yaml";
const STORY: &str = "content/stories/2024-04-20-wenyuan-drainage.md";

#[test]
fn a_file_over_ten_mebibytes_is_refused_unread() {
    let (_dir, site) = fresh_site();
    let mut story = fs::read(site.join(STORY)).unwrap();
    story.resize(10 * 1024 * 1024 + 1, b'x');
    write(&site, STORY, story);
    assert_refused_quickly(&site, STORY, "over the 10 MiB limit", 5);
}

#[test]
fn a_file_of_ten_mebibytes_of_brackets_is_refused_at_once() {
    let (_dir, site) = fresh_site();
    let mut stats = b"period: 2023\nrecords: ".to_vec();
    stats.resize(10 * 1024 * 1024 - 1, b'[');
    write(&site, STATS, &stats);
    let t = Instant::now();
    let problems = load_site(&site).expect_err("too deep");
    assert!(t.elapsed() < Duration::from_secs(30), "{:?}", t.elapsed());
    // Not `errors_of`: the report would quote the whole 10 MiB line.
    let headlines: Vec<String> = problems.errors().map(|p| p.headline()).collect();
    assert!(
        headlines
            .iter()
            .any(|h| h.starts_with(&format!("{STATS}:2:")) && h.contains("nests more than 64")),
        "{headlines:#?}"
    );
}

#[test]
fn nesting_ten_thousand_deep_is_an_error_with_its_line() {
    let cases = [
        format!("a: {}{}", "[".repeat(10_000), "]".repeat(10_000)),
        "{a: ".repeat(10_000),
        format!("a:\n  {}x", "- ".repeat(10_000)),
        (0..10_000)
            .map(|i| format!("{}k:\n", " ".repeat(i % 200 + i / 200)))
            .collect(),
    ];
    for (n, deep) in cases.iter().enumerate() {
        let (_dir, site) = fresh_site();
        let stats = format!("period: 2023\nsource: x\n{deep}\n");
        write(&site, STATS, &stats);
        let t = Instant::now();
        let problems = load_site(&site).expect_err("too deep");
        assert!(
            t.elapsed() < Duration::from_secs(30),
            "case {n}: {:?}",
            t.elapsed()
        );
        let p = problems
            .errors()
            .find(|p| p.file == Path::new(STATS))
            .unwrap_or_else(|| panic!("case {n}: {problems}"));
        assert!(
            p.message.contains("nests more than 64 levels"),
            "case {n}: {}",
            p.headline()
        );
        assert!(p.line >= 3, "case {n}: {}", p.headline());
        assert!(broken_promises(&problems).is_empty());
    }
}

#[test]
fn a_long_line_and_long_keys_cost_time_and_memory_in_proportion() {
    // Both are quadratic when each event rescans its line or copies its
    // path: hours, or gigabytes. Debug builds read about 100,000 events a
    // second, so these finish in about a second; the limit leaves room for
    // a busy machine and still catches the hours.
    let list = vec!["1"; 50_000].join(",");
    let key = "k".repeat(200_000);
    for (name, extra) in [
        (
            "a one-line list of 50,000 items",
            format!("extra: [{list}]"),
        ),
        (
            "a 200 KB key over a long list",
            format!("? {key}\n: [{list}]"),
        ),
    ] {
        let (_dir, site) = fresh_site();
        let stats = fs::read_to_string(site.join(STATS)).unwrap();
        write(&site, STATS, format!("{extra}\n{stats}"));
        let t = Instant::now();
        let problems = load_site(&site).expect_err(name);
        assert!(
            t.elapsed() < Duration::from_secs(30),
            "{name}: {:?}",
            t.elapsed()
        );
        let p = problems.errors().next().unwrap();
        assert!(
            p.message.starts_with("unknown field"),
            "{name}: {}",
            p.headline()
        );
        assert_eq!(p.line, 1, "{name}");
    }
}

#[test]
fn a_story_nested_ten_thousand_deep_is_an_error_too() {
    let (_dir, site) = fresh_site();
    let story = format!(
        "---\ntitle: x\ndistrict: city\ntopics: {}\n---\nbody\n",
        "[".repeat(10_000)
    );
    write(&site, STORY, story);
    assert_refused_quickly(
        &site,
        &format!("{STORY}:4:"),
        "nests more than 64 levels",
        5,
    );
}

#[test]
fn alias_bombs_are_refused_where_they_explode() {
    // Billion laughs: nine levels of ten aliases each.
    let mut laughs = String::from(
        "period: 2023\nsource: x\nl0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n",
    );
    for i in 1..10 {
        let refs = vec![format!("*l{}", i - 1); 10].join(", ");
        laughs += &format!("l{i}: &l{i} [{refs}]\n");
    }
    laughs += "records: []\n";
    // Wide: one alias of a big list, repeated many times.
    let wide = format!(
        "period: 2023\nsource: x\nbig: &big [{}]\nmany: [{}]\nrecords: []\n",
        vec!["x"; 2000].join(","),
        vec!["*big"; 2000].join(",")
    );
    for (name, bomb) in [("laughs", laughs), ("wide", wide)] {
        let (_dir, site) = fresh_site();
        write(&site, STATS, &bomb);
        let t = Instant::now();
        let problems = load_site(&site).expect_err(name);
        assert!(
            t.elapsed() < Duration::from_secs(30),
            "{name}: {:?}",
            t.elapsed()
        );
        let p = problems
            .errors()
            .find(|p| p.file == Path::new(STATS))
            .unwrap();
        assert!(
            p.message.contains("counting each one an alias"),
            "{name}: {}",
            p.headline()
        );
        assert!(
            p.line >= 4,
            "{name}: at the alias that crosses the limit: {}",
            p.headline()
        );
        assert!(p.help.as_deref().unwrap().contains("aliases"), "{name}");
    }
}

#[test]
fn modest_aliases_are_fine() {
    let (_dir, site) = fresh_site();
    let stats = fs::read_to_string(site.join(STATS)).unwrap();
    let stats = stats.replacen("source: {", "source: &src {", 1);
    write(&site, STATS, stats);
    write(
        &site,
        "content/stats/2024.yaml",
        "period: 2024\nsource: { zh: 报告 }\nrecords:\n  - district: heshan\n    proposals: &p 12\n  - district: pengjiang\n    proposals: *p\n",
    );
    let (loaded, _) = load_site(&site).unwrap_or_else(|p| panic!("{p}"));
    assert_eq!(loaded.stats.len(), 2);
}

#[test]
fn huge_numbers_are_too_large_not_unreadable() {
    for n in ["1e400", "99999999999999999999999", "18446744073709551616"] {
        let (_dir, site) = fresh_site();
        let stats = fs::read_to_string(site.join(STATS)).unwrap();
        write(
            &site,
            STATS,
            stats.replace("proposals: 33", &format!("proposals: {n}")),
        );
        assert_refused(&site, &format!("{STATS}:7:"), "is too large");
    }
    let (_dir, site) = fresh_site();
    let stats = fs::read_to_string(site.join(STATS)).unwrap();
    write(
        &site,
        STATS,
        stats.replace("proposals: 33", "proposals: .nan"),
    );
    assert_refused(&site, &format!("{STATS}:7:"), "is not a number");
}

#[test]
fn a_repeated_field_names_itself() {
    let (_dir, site) = fresh_site();
    let story = fs::read_to_string(site.join(STORY)).unwrap();
    write(
        &site,
        STORY,
        story.replacen(
            "district: heshan\n",
            "district: heshan\ndistrict: city\n",
            1,
        ),
    );
    assert_refused(&site, STORY, "the field `district` appears twice");
}

// ---------------------------------------------------------------------
// Paths

#[test]
fn image_sources_cannot_leave_the_site() {
    let (dir, site) = fresh_site();
    fs::write(dir.path().join("secret.png"), b"secret").unwrap();
    let story = fs::read_to_string(site.join(STORY)).unwrap();
    for src in [
        "../../../secret.png",
        "images/../../../../secret.png",
        "..\\\\..\\\\secret.png",
        "/etc/passwd",
        "C:/secret.png",
        "https://evil.example/x.png",
        "//evil.example/x.png",
        "data:image/png;base64,AAAA",
    ] {
        write(
            &site,
            STORY,
            story.replace("src: images/drain.png", &format!("src: \"{src}\"")),
        );
        assert_refused(&site, &format!("{STORY}:8:"), "image");
    }
    // In a bundle, too.
    let index = "content/stories/deputy-forest/index.md";
    let forest = fs::read_to_string(site.join(index)).unwrap();
    write(&site, STORY, &story);
    write(
        &site,
        index,
        forest.replace("src: forest.png", "src: ../../../../secret.png"),
    );
    assert_refused(&site, &format!("{index}:8:"), "leads out of its folder");
}

#[test]
fn slugs_and_names_cannot_make_paths() {
    let (_dir, site) = fresh_site();
    let config = fs::read_to_string(site.join("site.yaml")).unwrap();
    for (from, to, words) in [
        ("green:", "\"../../x\":", "not a valid slug"),
        ("theme: default", "theme: ../../etc", "not a valid slug"),
        (
            "languages: [zh, en]",
            "languages: [zh, \"../x\"]",
            "not a language code",
        ),
        ("river_cleaned_km:", "\"../km\":", "not a valid metric key"),
    ] {
        write(&site, "site.yaml", config.replace(from, to));
        assert_refused(&site, "site.yaml", words);
    }
    write(&site, "site.yaml", &config);
    let district = fs::read_to_string(site.join("content/districts/heshan.yaml")).unwrap();
    write(
        &site,
        "content/districts/heshan.yaml",
        district.replace("slug: shaping", "slug: ../x"),
    );
    assert_refused(&site, "content/districts/heshan.yaml", "not a valid slug");
}

#[cfg(unix)]
mod links {
    use super::*;
    use std::os::unix::fs::symlink;

    /// A site and, beside it, a folder it must never read.
    fn site_and_outside() -> (tempfile::TempDir, PathBuf, PathBuf) {
        let (dir, site) = fresh_site();
        let outside = dir.path().join("outside");
        fs::create_dir_all(&outside).unwrap();
        fs::write(outside.join("secret.png"), b"secret").unwrap();
        (dir, site, outside)
    }

    #[test]
    fn a_linked_image_in_a_bundle_is_refused() {
        let (_dir, site, outside) = site_and_outside();
        let bundle = site.join("content/stories/deputy-forest");
        symlink(outside.join("secret.png"), bundle.join("secret.png")).unwrap();
        assert_refused(
            &site,
            "content/stories/deputy-forest/secret.png",
            "symbolic links",
        );
        let index = bundle.join("index.md");
        let text = fs::read_to_string(&index).unwrap();
        fs::write(&index, text.replace("src: forest.png", "src: secret.png")).unwrap();
        assert_refused(
            &site,
            "content/stories/deputy-forest/index.md:8:",
            "does not exist",
        );
    }

    #[test]
    fn a_linked_bundle_folder_is_refused() {
        let (_dir, site, outside) = site_and_outside();
        let stories = site.join("content/stories");
        copy_tree(&stories.join("deputy-forest"), &outside.join("bundle"));
        fs::remove_dir_all(stories.join("deputy-forest")).unwrap();
        symlink(outside.join("bundle"), stories.join("deputy-forest")).unwrap();
        assert_refused(&site, "content/stories/deputy-forest", "symbolic links");
    }

    #[test]
    fn a_linked_story_file_is_refused() {
        let (_dir, site, outside) = site_and_outside();
        let story = site.join(STORY);
        fs::rename(&story, outside.join("story.md")).unwrap();
        symlink(outside.join("story.md"), &story).unwrap();
        assert_refused(&site, STORY, "symbolic links");
    }

    #[test]
    fn linked_source_folders_are_refused() {
        for folder in [
            "content",
            "content/stories",
            "content/stats",
            "content/districts",
            "static",
        ] {
            let (_dir, site, outside) = site_and_outside();
            let moved = outside.join("moved");
            fs::rename(site.join(folder), &moved).unwrap();
            symlink(&moved, site.join(folder)).unwrap();
            assert_refused(&site, folder, "is a symbolic link");
        }
    }

    #[test]
    fn a_linked_site_yaml_is_refused() {
        let (_dir, site, outside) = site_and_outside();
        fs::rename(site.join("site.yaml"), outside.join("site.yaml")).unwrap();
        symlink(outside.join("site.yaml"), site.join("site.yaml")).unwrap();
        assert_refused(&site, "site.yaml", "is a symbolic link");
    }

    #[test]
    fn a_linked_site_folder_is_fine() {
        let (dir, site, _) = site_and_outside();
        let link = dir.path().join("link");
        symlink(&site, &link).unwrap();
        let (via_link, _) = load_site(&link).unwrap_or_else(|p| panic!("{p}"));
        let (direct, _) = load_site(&site).unwrap();
        assert_eq!(format!("{via_link:?}"), format!("{direct:?}"));
    }

    #[test]
    fn the_output_cannot_be_the_site_or_inside_its_sources_through_links() {
        let (dir, site, _) = site_and_outside();
        let to_site = dir.path().join("to-site");
        let to_content = dir.path().join("to-content");
        let to_parent = dir.path().join("to-parent");
        symlink(&site, &to_site).unwrap();
        symlink(site.join("content"), &to_content).unwrap();
        symlink(dir.path(), &to_parent).unwrap();
        let refused = [
            to_site.clone(),
            to_site.join("content/new"),
            to_site.join("static/out"),
            to_content.clone(),
            to_content.join("new"),
            to_parent.clone(),
            to_parent.join("site"),
            to_parent.join("site/themes/x/out"),
        ];
        for force in [false, true] {
            for target in &refused {
                assert!(
                    Output::begin(target, &site, force).is_err(),
                    "{} (force {force}) was accepted",
                    target.display()
                );
                // The site was the root given, or reached through a link.
                assert!(Output::begin(target, &to_site, force).is_err());
            }
        }
        assert_site_untouched(&site);
        // A link to a folder of its own is a fine output.
        let elsewhere = dir.path().join("elsewhere");
        fs::create_dir_all(&elsewhere).unwrap();
        let to_elsewhere = dir.path().join("to-elsewhere");
        symlink(&elsewhere, &to_elsewhere).unwrap();
        let out = Output::begin(&to_elsewhere, &site, false).unwrap();
        out.write("index.html", b"ok").unwrap();
        out.finish().unwrap();
        assert_eq!(fs::read(to_elsewhere.join("index.html")).unwrap(), b"ok");
    }
}

/// The site's folder holds only what the fixture has: no staging folder,
/// no output, nothing written by a refused build.
fn assert_site_untouched(site: &Path) {
    let mut names: Vec<String> = fs::read_dir(site)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["content", "site.yaml", "static"]);
    assert_eq!(text_files(site), text_files(&base()));
}

#[test]
fn the_output_is_never_the_site_or_its_sources() {
    let (dir, site) = fresh_site();
    let refused = [
        site.clone(),
        site.join("."),
        site.join("content"),
        site.join("content/out"),
        site.join("content/stories/deputy-forest"),
        site.join("static"),
        site.join("static/out"),
        site.join("themes/default/out"),
        site.join("site.yaml"),
        site.join("output/../content"),
        dir.path().to_path_buf(),
        PathBuf::from("/"),
    ];
    for force in [false, true] {
        for target in &refused {
            assert!(
                Output::begin(target, &site, force).is_err(),
                "{} (force {force}) was accepted",
                target.display()
            );
        }
    }
    assert_site_untouched(&site);
    let problem = Output::begin(&site, &site, true).err().unwrap();
    assert!(problem.help.is_some() && problem.line >= 1);
}

#[test]
fn the_output_refuses_foreign_folders_unless_forced() {
    let (dir, site) = fresh_site();
    let target = dir.path().join("documents");
    fs::create_dir_all(&target).unwrap();
    fs::write(target.join("thesis.docx"), b"years of work").unwrap();
    assert!(Output::begin(&target, &site, false).is_err());
    assert_eq!(
        fs::read(target.join("thesis.docx")).unwrap(),
        b"years of work"
    );
    let file = dir.path().join("a-file");
    fs::write(&file, b"x").unwrap();
    for force in [false, true] {
        assert!(Output::begin(&file, &site, force).is_err());
    }
    assert_eq!(fs::read(&file).unwrap(), b"x");
    // The default, beside site.yaml, is fine.
    let out = Output::begin(&site.join("output"), &site, false).unwrap();
    drop(out);
}

#[test]
fn output_files_cannot_leave_the_output_folder() {
    let (dir, site) = fresh_site();
    let out = Output::begin(&dir.path().join("out"), &site, false).unwrap();
    for rel in ["../x", "/tmp/x", "a/../../x", "./../x", "", "a/./../../x"] {
        assert!(out.write(rel, b"x").is_err(), "write {rel:?}");
    }
    assert!(!dir.path().join("x").exists());
}

// ---------------------------------------------------------------------
// Threads

#[test]
fn loading_does_not_depend_on_the_number_of_threads() {
    let one = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap();
    let many = rayon::ThreadPoolBuilder::new()
        .num_threads(8)
        .build()
        .unwrap();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    for site in [
        base(),
        fixtures.join("valid-full"),
        fixtures.join("invalid/many-problems"),
    ] {
        let show = |r: Result<(Site, Problems), Problems>| match r {
            Ok((site, warnings)) => format!("{site:#?}\n{warnings}"),
            Err(problems) => format!("{problems}"),
        };
        let serial = one.install(|| show(load_site(&site)));
        let parallel = many.install(|| show(load_site(&site)));
        let default = show(load_site(&site));
        assert_eq!(serial, parallel, "{}", site.display());
        assert_eq!(serial, default, "{}", site.display());
    }
}
