//! What a shared link shows: every story page of the bundled site, in
//! both languages, carries Open Graph tags and schema.org data that say
//! what it is, and every other page at least its title, address and image.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::process::Command;

const REPO: &str = env!("CARGO_MANIFEST_DIR");
const BASE: &str = "https://rd.example.org/";

fn build() -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    let run = Command::new(env!("CARGO_BIN_EXE_renda"))
        .args([
            "build",
            "--quiet",
            "--force",
            "--base-url",
            BASE,
            "--output",
        ])
        .arg(out.path())
        .current_dir(REPO)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    out
}

/// The `og:` and `article:` properties of a page, each with its values.
fn open_graph(html: &str) -> BTreeMap<String, Vec<String>> {
    let mut tags: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for tag in html.split("<meta property=\"").skip(1) {
        let (name, rest) = tag.split_once('"').unwrap();
        let content = rest
            .split_once("content=\"")
            .and_then(|(_, c)| c.split_once('"'))
            .map(|(c, _)| c)
            .unwrap();
        let content = content.replace("&#39;", "'").replace("&amp;", "&");
        tags.entry(name.to_string()).or_default().push(content);
    }
    tags
}

fn json_ld(html: &str) -> serde_json::Value {
    let start = html
        .find("<script type=\"application/ld+json\">")
        .expect("a JSON-LD script")
        + "<script type=\"application/ld+json\">".len();
    let end = start + html[start..].find("</script>").unwrap();
    serde_json::from_str(&html[start..end]).expect("JSON-LD that parses")
}

fn one<'a>(tags: &'a BTreeMap<String, Vec<String>>, name: &str, page: &str) -> &'a str {
    let values = tags
        .get(name)
        .unwrap_or_else(|| panic!("{page}: no {name}"));
    assert_eq!(values.len(), 1, "{page}: {name} {values:?}");
    assert!(!values[0].trim().is_empty(), "{page}: empty {name}");
    &values[0]
}

/// The page's `og:image` must be a raster image the output holds, at the
/// size its `og:image:width` and `og:image:height` say, with a description:
/// link cards in WeChat and search results show no SVG.
fn check_image(out: &Path, tags: &BTreeMap<String, Vec<String>>, page: &str) -> String {
    let url = one(tags, "og:image", page);
    let path = url
        .strip_prefix(BASE)
        .unwrap_or_else(|| panic!("{page}: {url} is not on the site"));
    let path = percent_encoding::percent_decode_str(path)
        .decode_utf8()
        .unwrap()
        .into_owned();
    let bytes = fs::read(out.join(&path)).unwrap_or_else(|e| panic!("{page}: {url}: {e}"));
    let raster = bytes.starts_with(b"\x89PNG\r\n\x1a\n") || bytes.starts_with(&[0xFF, 0xD8, 0xFF]);
    assert!(raster, "{page}: {url} is neither PNG nor JPEG");
    let (width, height) = image::ImageReader::new(std::io::Cursor::new(&bytes))
        .with_guessed_format()
        .unwrap()
        .into_dimensions()
        .unwrap();
    assert_eq!(
        one(tags, "og:image:width", page),
        width.to_string(),
        "{page}"
    );
    assert_eq!(
        one(tags, "og:image:height", page),
        height.to_string(),
        "{page}"
    );
    one(tags, "og:image:alt", page);
    path
}

fn story_slugs() -> Vec<String> {
    let mut slugs: Vec<String> = fs::read_dir(Path::new(REPO).join("content/stories"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.contains(".en."))
        .map(|n| {
            let stem = n.trim_end_matches(".md");
            let dated =
                stem.len() > 11 && stem.as_bytes()[4] == b'-' && stem.as_bytes()[10] == b'-';
            (if dated { &stem[11..] } else { stem }).to_string()
        })
        .collect();
    slugs.sort();
    slugs.dedup();
    slugs
}

#[test]
fn every_story_page_says_what_it_is_when_shared() {
    let out = build();
    let slugs = story_slugs();
    assert!(slugs.len() >= 10, "{slugs:?}");
    let mut checked = 0;
    let mut photos = 0;
    for slug in &slugs {
        for (prefix, locale, alternate, html_lang) in [
            ("", "zh_CN", "en_US", "zh-Hans"),
            ("en/", "en_US", "zh_CN", "en"),
        ] {
            let page = format!("{prefix}stories/{slug}/index.html");
            let Ok(html) = fs::read_to_string(out.path().join(&page)) else {
                // A draft has no page.
                let source = fs::read_dir(Path::new(REPO).join("content/stories"))
                    .unwrap()
                    .map(|e| e.unwrap().path())
                    .find(|p| p.to_string_lossy().contains(slug.as_str()))
                    .unwrap();
                let source = if source.is_dir() {
                    source.join("index.md")
                } else {
                    source
                };
                assert!(
                    fs::read_to_string(&source).unwrap().contains("draft: true"),
                    "{page} is missing"
                );
                continue;
            };
            let url = format!("{BASE}{prefix}stories/{slug}/");
            let tags = open_graph(&html);
            assert_eq!(one(&tags, "og:type", &page), "article");
            assert_eq!(one(&tags, "og:url", &page), url);
            assert_eq!(one(&tags, "og:locale", &page), locale);
            assert_eq!(tags["og:locale:alternate"], [alternate], "{page}");
            let title = one(&tags, "og:title", &page).to_string();
            one(&tags, "og:description", &page);
            one(&tags, "og:site_name", &page);
            let image = check_image(out.path(), &tags, &page);
            // A story with a photo shows it; the others show the theme's card.
            let source = fs::read_to_string(story_source(slug, prefix)).unwrap();
            let has_photo = source.lines().any(|l| l.starts_with("image:"));
            assert_eq!(image == "theme/card.png", !has_photo, "{page}: {image}");
            if has_photo {
                assert!(
                    image.starts_with(&format!("stories/{slug}/")),
                    "{page}: {image}"
                );
                photos += 1;
            }
            let date = one(&tags, "article:published_time", &page).to_string();

            let ld = json_ld(&html);
            assert_eq!(ld["@context"], "https://schema.org", "{page}");
            assert_eq!(ld["@type"], "NewsArticle", "{page}");
            assert_eq!(ld["headline"], title.as_str(), "{page}");
            assert_eq!(ld["url"], url.as_str(), "{page}");
            assert_eq!(ld["inLanguage"], html_lang, "{page}");
            assert_eq!(ld["datePublished"], date.as_str(), "{page}");
            assert_eq!(ld["datePublished"].as_str().unwrap().len(), 10, "{page}");
            assert_eq!(ld["contentLocation"]["@type"], "Place", "{page}");
            assert!(
                !ld["contentLocation"]["name"].as_str().unwrap().is_empty(),
                "{page}"
            );
            assert_eq!(ld["publisher"]["@type"], "Organization", "{page}");
            let publisher = ld["publisher"]["name"].as_str().unwrap();
            let expected = if prefix.is_empty() {
                "江门市人大常委会"
            } else {
                "Standing Committee of the Jiangmen Municipal People's Congress"
            };
            assert_eq!(publisher, expected, "{page}");
            assert!(
                html.contains(expected.replace('\'', "&#39;").as_str()),
                "{page}: the footer names the publisher"
            );
            checked += 1;
        }
    }
    assert!(checked >= 2 * (slugs.len() - 2), "{checked} story pages");
    assert!(photos >= 2, "{photos} story pages show their photo");
}

/// A story's source file, in the page's language where it has one.
fn story_source(slug: &str, prefix: &str) -> std::path::PathBuf {
    let source = fs::read_dir(Path::new(REPO).join("content/stories"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            !name.contains(".en.")
                && (name == slug
                    || name.ends_with(&format!("-{slug}.md"))
                    || name == format!("{slug}.md"))
        })
        .unwrap_or_else(|| panic!("the source of {slug}"));
    if source.is_dir() {
        let en = source.join("index.en.md");
        if !prefix.is_empty() && en.exists() {
            return en;
        }
        return source.join("index.md");
    }
    if !prefix.is_empty() {
        let en = source.with_extension("en.md");
        if en.exists() {
            return en;
        }
    }
    source
}

#[test]
fn every_other_page_has_its_card_too() {
    let out = build();
    for page in [
        "index.html",
        "en/index.html",
        "stats/index.html",
        "en/districts/pengjiang/index.html",
        "about/index.html",
        "search/index.html",
        "404.html",
    ] {
        let html = fs::read_to_string(out.path().join(page)).unwrap();
        let tags = open_graph(&html);
        assert_eq!(one(&tags, "og:type", page), "website");
        for name in ["og:title", "og:description", "og:url", "og:locale"] {
            one(&tags, name, page);
        }
        assert_eq!(check_image(out.path(), &tags, page), "theme/card.png");
        let ld = json_ld(&html);
        assert!(
            ld["@type"] == "WebPage" || ld["@type"] == "WebSite",
            "{page}"
        );
        assert_eq!(ld["url"], one(&tags, "og:url", page), "{page}");
    }
}
