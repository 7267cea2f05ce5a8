//! The render cache: a `renda build` into its previous output renders only
//! the pages whose inputs changed, and what it leaves must be, byte for
//! byte, what a build into a new folder makes. Each edit below is one an
//! editor or a publisher makes; after each, both builds are compared.

use std::fs;
use std::path::{Path, PathBuf};

mod support;
use support::{replace_in, site_files};

/// The bundled site (its sources, without its theme folder), with enough
/// older stories in two districts and topics for several list pages.
fn site(into: &Path) -> PathBuf {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let root = into.join("site");
    for entry in walkdir::WalkDir::new(repo.join("content")) {
        let entry = entry.unwrap();
        let to = root.join(entry.path().strip_prefix(repo).unwrap());
        if entry.file_type().is_dir() {
            fs::create_dir_all(&to).unwrap();
        } else {
            fs::copy(entry.path(), &to).unwrap();
        }
    }
    fs::copy(repo.join("site.yaml"), root.join("site.yaml")).unwrap();
    for i in 0..45 {
        let (district, topic) = if i % 3 == 0 {
            ("heshan", "green")
        } else {
            ("pengjiang", "grid")
        };
        let file = root.join(format!(
            "content/stories/2022-{:02}-{:02}-older-{i}.md",
            1 + i / 28,
            1 + i % 28
        ));
        fs::write(
            &file,
            format!("---\ntitle: 第{i}次走访\ndistrict: {district}\ntopics: [{topic}]\n---\n\n代表第{i}次走访居民。\n"),
        )
        .unwrap();
        if i % 2 == 0 {
            fs::write(
                file.with_extension("en.md"),
                format!("---\ntitle: Visit {i}\n---\n\nThe deputy's visit number {i}.\n"),
            )
            .unwrap();
        }
    }
    root
}

/// Builds `root` into `output` and returns what `--verbose` said about
/// the cache.
fn build(root: &Path, output: &Path) -> String {
    let stderr = support::verbose_build(root, output);
    stderr
        .lines()
        .find(|l| l.contains("rendered") || l.contains("kept unrendered"))
        .unwrap_or_else(|| panic!("no word on the cache in:\n{stderr}"))
        .to_string()
}

/// Moves a story (and its translation) to another date, which its file
/// name carries.
fn rename_story(root: &Path, from: &str, to: &str) {
    let dir = root.join("content/stories");
    for ext in ["md", "en.md"] {
        fs::rename(
            dir.join(format!("{from}.{ext}")),
            dir.join(format!("{to}.{ext}")),
        )
        .unwrap();
    }
}

/// How a rebuild is expected to go.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Expect {
    /// Only the changed stories and what reads several stories.
    Cached,
    Whole,
}

/// Applies `edit`, rebuilds into `output` and into a new folder, and
/// checks they hold the same bytes.
struct Bench {
    tmp: PathBuf,
    root: PathBuf,
    output: PathBuf,
    round: usize,
}

impl Bench {
    fn step(&mut self, what: &str, expect: Expect, edit: impl FnOnce(&Path)) {
        edit(&self.root);
        let said = build(&self.root, &self.output);
        let cached = said.contains("kept unrendered");
        assert_eq!(
            cached,
            expect == Expect::Cached,
            "{what}: the build said {said:?}"
        );
        self.round += 1;
        let clean = self.tmp.join(format!("clean-{}", self.round));
        let said_clean = build(&self.root, &clean);
        assert!(said_clean.contains("whole site rendered"), "{said_clean}");
        let (got, want) = (site_files(&self.output), site_files(&clean));
        let differ: Vec<&String> = want
            .keys()
            .chain(got.keys())
            .filter(|k| got.get(*k) != want.get(*k))
            .collect();
        assert!(
            differ.is_empty(),
            "{what}: the rebuilt output differs from a clean build in {differ:?}"
        );
        fs::remove_dir_all(&clean).unwrap();
    }
}

#[test]
fn a_cached_rebuild_equals_a_clean_build_after_every_kind_of_edit() {
    let tmp = tempfile::tempdir().unwrap();
    let root = site(tmp.path());
    let output = tmp.path().join("out");
    let first = build(&root, &output);
    assert!(first.contains("no record of the previous build"), "{first}");
    let mut b = Bench {
        tmp: tmp.path().to_path_buf(),
        root,
        output,
        round: 0,
    };
    let stories = |root: &Path| root.join("content/stories");
    use Expect::{Cached, Whole};

    b.step("nothing changed", Cached, |_| {});
    b.step("a story's body", Cached, |r| {
        let f = stories(r).join("2024-03-19-muzhou-storm-trees.md");
        fs::write(&f, fs::read_to_string(&f).unwrap() + "\n村民表示感谢。\n").unwrap();
    });
    b.step("the title of a story a project lists", Cached, |r| {
        replace_in(
            &stories(r).join("2024-04-11-wenyuan-drainage.md"),
            "title: ",
            "title: 〔更新〕",
        );
    });
    b.step("a translation", Cached, |r| {
        replace_in(
            &stories(r).join("2024-04-11-wenyuan-drainage.en.md"),
            "title: \"",
            "title: \"(Updated) ",
        );
    });
    b.step("a new translation", Whole, |r| {
        fs::write(
            stories(r).join("2022-01-02-older-1.en.md"),
            "---\ntitle: Visit 1\n---\n\nThe first visit.\n",
        )
        .unwrap();
    });
    b.step("a date that moves a story down the lists", Cached, |r| {
        rename_story(r, "2022-01-05-older-4", "2022-01-01-older-4");
    });
    b.step("a bundle's story with a photo", Cached, |r| {
        let f = stories(r).join("deputy-forest/index.md");
        fs::write(&f, fs::read_to_string(&f).unwrap() + "\n树苗长势良好。\n").unwrap();
    });
    b.step("the photo itself", Whole, |r| {
        let other = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/render-site/content/stories/deputy-forest/forest.png");
        fs::copy(other, stories(r).join("deputy-forest/forest.png")).unwrap();
    });
    b.step("a date that makes a story the newest", Whole, |r| {
        rename_story(r, "2022-01-01-older-4", "2024-12-01-older-4");
    });
    b.step("a district", Whole, |r| {
        replace_in(
            &stories(r).join("2022-01-08-older-7.md"),
            "district: pengjiang",
            "district: heshan",
        );
    });
    b.step("the draft flag", Whole, |r| {
        replace_in(
            &stories(r).join("2022-01-09-older-8.md"),
            "---\n\n",
            "draft: true\n---\n\n",
        );
    });
    b.step("a case's status", Whole, |r| {
        replace_in(
            &stories(r).join("2024-03-19-muzhou-storm-trees.md"),
            "status: resolved",
            "status: in-progress",
        );
    });
    b.step("a story removed", Whole, |r| {
        fs::remove_file(stories(r).join("2022-01-11-older-10.md")).unwrap();
        fs::remove_file(stories(r).join("2022-01-11-older-10.en.md")).unwrap();
    });
    b.step("a new story", Whole, |r| {
        fs::write(
            stories(r).join("2022-03-01-new-visit.md"),
            "---\ntitle: 新的走访\ndistrict: heshan\ntopics: [green]\n---\n\n代表再次走访。\n",
        )
        .unwrap();
    });
    b.step("statistics", Whole, |r| {
        replace_in(
            &r.join("content/stats/2024.yaml"),
            "livelihood_items: 187",
            "livelihood_items: 188",
        );
    });
    b.step("site.yaml", Whole, |r| {
        replace_in(
            &r.join("site.yaml"),
            "Greening Jiangmen",
            "A greener Jiangmen",
        );
    });
    b.step("a theme override", Whole, |r| {
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        let template = fs::read_to_string(repo.join("themes/default/templates/404.html")).unwrap();
        let dir = r.join("themes/default/templates");
        fs::create_dir_all(&dir).unwrap();
        fs::write(dir.join("404.html"), template + "\n<!-- ours -->\n").unwrap();
    });
    b.step("a deputy", Whole, |r| {
        replace_in(
            &r.join("content/deputies/zhao-ge.yaml"),
            "Director, Heshan",
            "Director of Heshan",
        );
    });
    b.step("a project", Whole, |r| {
        replace_in(
            &r.join("content/projects/2024/ten-livelihood-projects.yaml"),
            "achieved: 187",
            "achieved: 188",
        );
    });
    b.step("a story after all that", Cached, |r| {
        let f = stories(r).join("2024-04-16-micro-projects.md");
        fs::write(&f, fs::read_to_string(&f).unwrap() + "\n居民点赞。\n").unwrap();
    });

    // A cache that cannot be read, or that describes another folder, is
    // ignored: the whole site is rendered, and still right.
    let cache = b.tmp.join(".out.renda-cache");
    let text = fs::read(&cache).expect("the cache beside the output");
    fs::write(&cache, &text[..text.len() / 2]).unwrap();
    b.step("a body, with the cache cut short", Whole, |r| {
        let f = stories(r).join("2024-04-16-micro-projects.md");
        fs::write(&f, fs::read_to_string(&f).unwrap() + "\n再次点赞。\n").unwrap();
    });
    let other = b.tmp.join("other");
    build(&b.root, &other);
    fs::copy(b.tmp.join(".other.renda-cache"), &cache).unwrap();
    b.step("a body, with another folder's cache", Whole, |r| {
        let f = stories(r).join("2024-04-16-micro-projects.md");
        fs::write(&f, fs::read_to_string(&f).unwrap() + "\n第三次点赞。\n").unwrap();
    });
    fs::remove_file(&cache).unwrap();
    b.step("a body, with the cache removed", Whole, |r| {
        let f = stories(r).join("2024-04-16-micro-projects.md");
        fs::write(&f, fs::read_to_string(&f).unwrap() + "\n第四次点赞。\n").unwrap();
    });
    b.step("and cached again after that", Cached, |r| {
        let f = stories(r).join("2024-04-16-micro-projects.md");
        fs::write(&f, fs::read_to_string(&f).unwrap() + "\n第五次点赞。\n").unwrap();
    });
}
