//! The preview's shortcut: after a story is saved, rendering only what it
//! touches must leave exactly the files a whole build would make.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use renda::load::{load_site, reload_stories};
use renda::model::Site;
use renda::render::{outline, render, render_search, render_stories, OutputFile, RenderOptions};
use renda::theme::Theme;

mod support;
use support::copy_fixture;

type Files = BTreeMap<String, Vec<u8>>;

/// Enough stories for several list pages, in both districts and topics.
fn add_stories(root: &Path, n: usize) {
    for i in 0..n {
        let (district, topic) = if i % 2 == 0 {
            ("heshan", "green")
        } else {
            ("pengjiang", "grid")
        };
        let day = 1 + i % 28;
        let month = 1 + (i / 28) % 12;
        let file = root.join(format!(
            "content/stories/2022-{month:02}-{day:02}-story-{i}.md"
        ));
        let case = if i % 5 == 0 {
            "case: { status: reported, reported: 2022-01-01 }\n"
        } else {
            ""
        };
        fs::write(
            &file,
            format!("---\ntitle: 第{i}个故事\ndistrict: {district}\ntopics: [{topic}]\n{case}---\n\n代表走访第{i}户居民。\n"),
        )
        .unwrap();
        fs::write(
            file.with_extension("en.md"),
            format!("---\ntitle: Story {i}\n---\n\nVisit {i}.\n"),
        )
        .unwrap();
    }
}

fn render_all(site: &Site, theme: &Theme) -> Files {
    let files = Mutex::new(Files::new());
    let emit = |f: OutputFile| {
        files.lock().unwrap().insert(f.path, f.bytes);
        Ok(())
    };
    render(site, theme, &RenderOptions::default(), &emit).unwrap();
    files.into_inner().unwrap()
}

/// Saves `edit`, reloads and re-renders incrementally, and compares with a
/// whole build. Returns how many files the update rendered.
fn check_update(
    root: &Path,
    site: &mut Site,
    theme: &Theme,
    files: &mut Files,
    changed: &[&str],
    edit: impl FnOnce(),
) -> usize {
    edit();
    let options = RenderOptions::default();
    let before = outline(site, &options);
    let changed: Vec<PathBuf> = changed.iter().map(|c| root.join(c)).collect();
    let reloaded = reload_stories(root, site, &changed)
        .expect("stories alone")
        .expect("valid");
    let delta = Mutex::new(Files::new());
    let emit = |f: OutputFile| {
        delta.lock().unwrap().insert(f.path, f.bytes);
        Ok(())
    };
    render_stories(&before, site, &reloaded.touched, theme, &options, &emit).unwrap();
    let pages = delta.lock().unwrap().len();
    // The preview makes the search index after the reload message.
    render_search(site, theme, &options, &emit).unwrap();
    let delta = delta.into_inner().unwrap();
    files.extend(delta);
    let updated = pages;

    let (full_site, _) = load_site(root).unwrap();
    let full = render_all(&full_site, theme);
    let keys: BTreeSet<&String> = full.keys().collect();
    assert_eq!(
        files.keys().collect::<BTreeSet<_>>(),
        keys,
        "the same files"
    );
    for (path, bytes) in &full {
        assert!(files[path] == *bytes, "{path} differs from a whole build");
    }
    updated
}

#[test]
fn updating_one_story_renders_what_a_whole_build_would() {
    let tmp = tempfile::tempdir().unwrap();
    let root = copy_fixture("valid-full", tmp.path());
    add_stories(&root, 70);
    let (mut site, _) = load_site(&root).unwrap();
    let theme = Theme::load(&root, &site.config).unwrap();
    let mut files = render_all(&site, &theme);
    let total = files.len();

    let story = root.join("content/stories/2022-03-05-story-60.md");
    let updated = check_update(
        &root,
        &mut site,
        &theme,
        &mut files,
        &["content/stories/2022-03-05-story-60.md"],
        || {
            let text = fs::read_to_string(&story)
                .unwrap()
                .replace("第60个故事", "第六十个故事");
            fs::write(&story, text).unwrap();
        },
    );
    assert!(
        updated * 4 < total,
        "a title edit renders a few pages: {updated} of {total}"
    );

    check_update(
        &root,
        &mut site,
        &theme,
        &mut files,
        &["content/stories/2022-03-05-story-60.md"],
        || {
            let text = fs::read_to_string(&story)
                .unwrap()
                .replace("district: heshan", "district: pengjiang")
                .replace("[green]", "[grid, green]");
            fs::write(&story, text).unwrap();
        },
    );

    check_update(
        &root,
        &mut site,
        &theme,
        &mut files,
        &["content/stories/2022-03-05-story-60.md"],
        || {
            let text = fs::read_to_string(&story)
                .unwrap()
                .replace("case: { status: reported, reported: 2022-01-01 }\n", "");
            fs::write(&story, text).unwrap();
        },
    );

    check_update(
        &root,
        &mut site,
        &theme,
        &mut files,
        &["content/stories/2026-01-01-brand-new.md"],
        || {
            fs::write(
                root.join("content/stories/2026-01-01-brand-new.md"),
                "---\ntitle: 新故事\ndistrict: heshan\n---\n\n正文\n",
            )
            .unwrap();
        },
    );

    check_update(
        &root,
        &mut site,
        &theme,
        &mut files,
        &["content/stories/2022-03-05-story-60.en.md"],
        || {
            fs::write(
                story.with_extension("en.md"),
                "---\ntitle: Story sixty\n---\n\nVisit.\n",
            )
            .unwrap();
        },
    );
}
