//! Story photos through a whole build: copies at the widths screens need
//! beside the original, offered to the browser with `srcset`, the same bytes
//! on every build, and a photo that cannot be read named as the problem.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use renda::build::{build, BuildOptions};

/// The render fixture with a real photo (tests/fixtures/photos/harbour.jpg,
/// 720 × 468) as the forest story's image.
fn site_with_photo(into: &Path) -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let from = manifest.join("tests/fixtures/render-site");
    let root = into.join("site");
    for entry in walkdir::WalkDir::new(&from) {
        let entry = entry.unwrap();
        let target = root.join(entry.path().strip_prefix(&from).unwrap());
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).unwrap();
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
    let bundle = root.join("content/stories/deputy-forest");
    fs::copy(
        manifest.join("tests/fixtures/photos/harbour.jpg"),
        bundle.join("harbour.jpg"),
    )
    .unwrap();
    let index = bundle.join("index.md");
    let text = fs::read_to_string(&index)
        .unwrap()
        .replace("src: forest.png", "src: harbour.jpg");
    fs::write(&index, text).unwrap();
    root
}

fn build_into(root: &Path, output: &Path) -> Result<BTreeMap<String, Vec<u8>>, String> {
    let options = BuildOptions {
        root: root.to_path_buf(),
        output: Some(output.to_path_buf()),
        base_url: None,
        drafts: false,
        force: true,
    };
    build(&options, &|| {}).map_err(|p| p.report(false))?;
    Ok(walkdir::WalkDir::new(output)
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(output).unwrap();
            (
                rel.to_string_lossy().replace('\\', "/"),
                fs::read(e.path()).unwrap(),
            )
        })
        .collect())
}

#[test]
fn a_photo_is_published_with_lighter_copies_and_its_original() {
    let tmp = tempfile::tempdir().unwrap();
    let root = site_with_photo(tmp.path());
    let files = build_into(&root, &tmp.path().join("out")).unwrap();
    let copy = &files["stories/deputy-forest/harbour-360w.jpg"];
    let original = &files["stories/deputy-forest/harbour.jpg"];
    assert!(copy.starts_with(&[0xFF, 0xD8]) && copy.len() < original.len());
    assert!(
        !files.contains_key("en/stories/deputy-forest/harbour-360w.jpg"),
        "copies are published once, for every language"
    );
    let page = String::from_utf8(files["en/stories/deputy-forest/index.html"].clone()).unwrap();
    let base = "https://example.org/stories/deputy-forest/";
    assert!(
        page.contains(&format!(
            r#"<img src="{base}harbour.jpg" srcset="{base}harbour-360w.jpg 360w, {base}harbour.jpg 720w" sizes="(min-width: 48rem) 46rem, calc(100vw - 1.5rem)" width="720" height="468""#
        )),
        "{}",
        page.lines().find(|l| l.contains("<img")).unwrap_or(&page)
    );
    assert!(page.contains(&format!(
        r#"<a class="download" href="{base}harbour.jpg" download>Download the original</a>"#
    )));
    assert!(page.contains("(JPEG, 45 KB, 720 × 468 pixels)"), "{page}");
    // A shared link shows the photo, the widest JPEG there is.
    assert!(
        page.contains(&format!(
            "<meta property=\"og:image\" content=\"{base}harbour.jpg\">\n\
             <meta property=\"og:image:width\" content=\"720\">\n\
             <meta property=\"og:image:height\" content=\"468\">"
        )),
        "{page}"
    );
}

#[test]
fn photos_give_the_same_bytes_on_every_build() {
    let tmp = tempfile::tempdir().unwrap();
    let root = site_with_photo(tmp.path());
    let first = build_into(&root, &tmp.path().join("a")).unwrap();
    let second = build_into(&root, &tmp.path().join("b")).unwrap();
    assert_eq!(
        first.keys().collect::<Vec<_>>(),
        second.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &first {
        assert!(bytes == &second[path], "{path} differs between builds");
    }
}

#[test]
fn a_photo_that_cannot_be_read_is_named() {
    let tmp = tempfile::tempdir().unwrap();
    let root = site_with_photo(tmp.path());
    let photo = root.join("content/stories/deputy-forest/harbour.jpg");
    let bytes = fs::read(&photo).unwrap();
    fs::write(&photo, &bytes[..200]).unwrap();
    let Err(report) = build_into(&root, &tmp.path().join("out")) else {
        panic!("a cut-off photo was published");
    };
    assert!(
        report.contains(
            "content/stories/deputy-forest/harbour.jpg:1:1: error: the image cannot be read"
        ),
        "{report}"
    );
    assert!(report.contains("JPEG, PNG or WebP"), "{report}");

    fs::write(&photo, b"this is not a photo").unwrap();
    let Err(report) = build_into(&root, &tmp.path().join("out")) else {
        panic!("a text file was published as a photo");
    };
    assert!(
        report.contains("harbour.jpg:1:1: error: it is not a JPEG, PNG or WebP image"),
        "{report}"
    );
}

/// A deputy's portrait is resized like a story's photo: a phone on the
/// deputy's page fetches a copy a few hundred pixels wide, not the file
/// from the camera, and the page reserves its space before it arrives.
#[test]
fn a_deputy_photo_is_published_with_lighter_copies() {
    let tmp = tempfile::tempdir().unwrap();
    let root = site_with_photo(tmp.path());
    let deputies = root.join("content/deputies");
    fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/photos/harbour.jpg"),
        deputies.join("jia.jpg"),
    )
    .unwrap();
    let yaml = deputies.join("jia.yaml");
    let mut text = fs::read_to_string(&yaml).unwrap();
    text.push_str(
        "photo: { src: jia.jpg, alt: { zh: 甲代表在站里, en: Deputy Jia at the station } }\n",
    );
    fs::write(&yaml, text).unwrap();
    let files = build_into(&root, &tmp.path().join("out")).unwrap();
    let copy = &files["deputies/jia/jia-360w.jpg"];
    let original = &files["deputies/jia/jia.jpg"];
    assert!(copy.starts_with(&[0xFF, 0xD8]) && copy.len() < original.len());
    assert!(!files.contains_key("en/deputies/jia/jia-360w.jpg"));
    let page = String::from_utf8(files["en/deputies/jia/index.html"].clone()).unwrap();
    let base = "https://example.org/deputies/jia/";
    assert!(
        page.contains(&format!(
            r#"<img src="{base}jia.jpg" srcset="{base}jia-360w.jpg 360w, {base}jia.jpg 720w" sizes="12rem" width="720" height="468" alt="Deputy Jia at the station""#
        )),
        "{}",
        page.lines().find(|l| l.contains("<img")).unwrap_or(&page)
    );
    // A link to the deputy's page shows the photo, not the theme's card.
    assert!(
        page.contains(&format!(
            "<meta property=\"og:image\" content=\"{base}jia.jpg\">\n\
             <meta property=\"og:image:width\" content=\"720\">\n\
             <meta property=\"og:image:height\" content=\"468\">\n\
             <meta property=\"og:image:alt\" content=\"Deputy Jia at the station\">"
        )),
        "{}",
        page.lines()
            .filter(|l| l.contains("og:image"))
            .collect::<Vec<_>>()
            .join("\n")
    );
    let other = String::from_utf8(files["en/deputies/yi/index.html"].clone()).unwrap();
    assert!(other
        .contains("<meta property=\"og:image\" content=\"https://example.org/theme/card.png\">"));
}

/// A photo the story's text shows from its bundle is resized too, and its
/// `<img>` offers the copies with the photo's size, so that a phone does
/// not fetch the camera's file and the text does not jump as it loads. An
/// image from elsewhere is left as written.
#[test]
fn a_photo_in_the_text_is_published_with_lighter_copies() {
    let tmp = tempfile::tempdir().unwrap();
    let root = site_with_photo(tmp.path());
    let bundle = root.join("content/stories/deputy-forest");
    fs::copy(bundle.join("harbour.jpg"), bundle.join("quay photo.jpg")).unwrap();
    let index = bundle.join("index.en.md");
    let mut text = fs::read_to_string(&index).unwrap();
    text.push_str(
        "\n![The quay at *dawn*](quay%20photo.jpg \"Quay\")\n\n![Icon](/theme/icon.svg)\n",
    );
    fs::write(&index, text).unwrap();
    let files = build_into(&root, &tmp.path().join("out")).unwrap();
    let copy = &files["stories/deputy-forest/quay photo-360w.jpg"];
    assert!(
        copy.starts_with(&[0xFF, 0xD8])
            && copy.len() < files["stories/deputy-forest/quay photo.jpg"].len()
    );
    let page = String::from_utf8(files["en/stories/deputy-forest/index.html"].clone()).unwrap();
    let base = "https://example.org/stories/deputy-forest/";
    assert!(
        page.contains(&format!(
            r#"<img loading="lazy" src="{base}quay%20photo.jpg" srcset="{base}quay%20photo-360w.jpg 360w, {base}quay%20photo.jpg 720w" sizes="(min-width: 48rem) 46rem, calc(100vw - 1.5rem)" width="720" height="468" alt="The quay at dawn" title="Quay" />"#
        )),
        "{}",
        page.lines().filter(|l| l.contains("<img")).collect::<Vec<_>>().join("\n")
    );
    assert!(
        page.contains(
            r#"<img loading="lazy" src="https://example.org/theme/icon.svg" alt="Icon" />"#
        ),
        "{page}"
    );

    // The photo replaced by a smaller one under the same name: a rebuild
    // over the last output, render cache and all, gives its new size.
    let smaller = copy.clone();
    fs::write(bundle.join("quay photo.jpg"), &smaller).unwrap();
    let out = tmp.path().join("out");
    let options = BuildOptions {
        root: root.clone(),
        output: Some(out.clone()),
        base_url: None,
        drafts: false,
        force: false,
    };
    build(&options, &|| {}).unwrap();
    let page = fs::read_to_string(out.join("en/stories/deputy-forest/index.html")).unwrap();
    assert!(
        page.contains(&format!(
            r#"src="{base}quay%20photo.jpg" width="360" height="234" alt="The quay at dawn""#
        )),
        "{}",
        page.lines()
            .filter(|l| l.contains("<img"))
            .collect::<Vec<_>>()
            .join("\n")
    );
    assert!(!out
        .join("stories/deputy-forest/quay photo-360w.jpg")
        .exists());
}
