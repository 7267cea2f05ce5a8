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

/// A copy of the bundled site (its settings and content), which has
/// projects linking stories, deputies named by stories and a station with
/// receptions.
fn copy_bundled(into: &Path) -> PathBuf {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let root = into.join("site");
    for entry in walkdir::WalkDir::new(repo.join("content")) {
        let entry = entry.unwrap();
        let target = root.join(entry.path().strip_prefix(repo).unwrap());
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).unwrap();
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
    fs::copy(repo.join("site.yaml"), root.join("site.yaml")).unwrap();
    root
}

/// Pages outside the story lists show stories too: a project's page the
/// stories it links to, a deputy's page and feed the stories naming them,
/// and the stations' pages count their coming receptions from the newest
/// story's date. Saving a story renders them again, as a whole build would.
#[test]
fn a_saved_story_renders_again_the_projects_deputies_and_stations_showing_it() {
    let tmp = tempfile::tempdir().unwrap();
    let root = copy_bundled(tmp.path());
    // A deputy who receives at the station shows its next reception.
    let deputy = root.join("content/deputies/zhao-ge.yaml");
    let mut text = fs::read_to_string(&deputy).unwrap();
    text.push_str("stations: [wenyuan]\n");
    fs::write(&deputy, text).unwrap();
    let (mut site, _) = load_site(&root).unwrap();
    let theme = Theme::load(&root, &site.config).unwrap();
    let mut files = render_all(&site, &theme);
    let total = files.len();
    let edit = |file: &str, from: &str, to: &str| {
        let path = root.join(file);
        let text = fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{file} has no {from:?}");
        fs::write(&path, text.replace(from, to)).unwrap();
    };

    // The programme's page links this story by its title.
    let vote = "content/stories/2024-04-09-livelihood-vote.md";
    let updated = check_update(&root, &mut site, &theme, &mut files, &[vote], || {
        edit(
            vote,
            "title: 人大代表票决民生实事六年",
            "title: 人大代表票决民生实事整整六年",
        )
    });
    let page = String::from_utf8(files["projects/2024/ten-livelihood-projects/index.html"].clone())
        .unwrap();
    assert!(page.contains("人大代表票决民生实事整整六年"), "{page}");
    assert!(updated * 4 < total, "{updated} of {total}");
    // ...and in English.
    let vote_en = "content/stories/2024-04-09-livelihood-vote.en.md";
    let title_en = fs::read_to_string(root.join(vote_en)).unwrap();
    let title_en = title_en
        .lines()
        .find(|l| l.starts_with("title:"))
        .unwrap()
        .to_string();
    check_update(&root, &mut site, &theme, &mut files, &[vote_en], || {
        edit(
            vote_en,
            &title_en,
            "title: Six years of deputies voting on livelihood projects (edited)",
        )
    });
    let page =
        String::from_utf8(files["en/projects/2024/ten-livelihood-projects/index.html"].clone())
            .unwrap();
    assert!(page.contains("(edited)"), "{page}");

    // A deputy's page and feed list the stories naming them: the deputy a
    // story stops naming loses it, the one it names gains it.
    let trees = "content/stories/2024-03-19-muzhou-storm-trees.md";
    check_update(&root, &mut site, &theme, &mut files, &[trees], || {
        edit(trees, "deputies: [吴焕荣]", "deputies: [zhao-ge]")
    });
    check_update(&root, &mut site, &theme, &mut files, &[trees], || {
        edit(trees, "title: ", "title: 台风前 ")
    });

    // A station's page and feed list the stories that link it by file: a
    // story that comes to link it is added, and taken off once it stops.
    let linked = "看到消息后（另见[文苑社区联络站](@/stations/wenyuan.yaml)），";
    check_update(&root, &mut site, &theme, &mut files, &[trees], || {
        edit(trees, "看到消息后，", linked)
    });
    let station = String::from_utf8(files["stations/wenyuan/index.html"].clone()).unwrap();
    assert!(station.contains("stories/muzhou-storm-trees/"), "{station}");
    check_update(&root, &mut site, &theme, &mut files, &[trees], || {
        edit(trees, linked, "看到消息后，")
    });
    let station = String::from_utf8(files["stations/wenyuan/index.html"].clone()).unwrap();
    assert!(
        !station.contains("stories/muzhou-storm-trees/"),
        "{station}"
    );

    // A story newer than every other moves the date the stations' coming
    // receptions are counted from.
    let newest = "content/stories/2025-06-01-newest.md";
    check_update(&root, &mut site, &theme, &mut files, &[newest], || {
        fs::write(
            root.join(newest),
            "---\ntitle: 最新的故事\ndistrict: pengjiang\n---\n\n正文\n",
        )
        .unwrap();
    });
}
