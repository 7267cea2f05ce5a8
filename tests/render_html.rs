//! Every page of the fixture site is valid HTML by the Nu HTML Checker.
//!
//! The checker is a Java program installed with the browser tests'
//! packages (`tests/browser`, `npm ci`); without it or Java this test fails
//! and says how to install them (`scripts/test` does both first).

mod render_support;

use std::path::Path;
use std::process::Command;

#[test]
fn the_fixture_site_has_no_html_errors() {
    let jar = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/browser/node_modules/vnu-jar/build/dist/vnu.jar");
    let java = Command::new("java").arg("-version").output().is_ok();
    assert!(
        jar.exists() && java,
        "the Nu HTML Checker needs Java (Debian: default-jre-headless) and {} \
         (`cd tests/browser && npm ci`); scripts/test installs both",
        jar.display()
    );
    let out = tempfile::tempdir().unwrap();
    for drafts in [false, true] {
        let site = render_support::render_fixture("render-site", drafts);
        for (path, bytes) in &site.0 {
            let file = out
                .path()
                .join(if drafts { "drafts" } else { "site" })
                .join(path);
            std::fs::create_dir_all(file.parent().unwrap()).unwrap();
            std::fs::write(file, bytes).unwrap();
        }
    }
    let result = Command::new("java")
        .arg("-jar")
        .arg(&jar)
        .args(["--skip-non-html", "--errors-only"])
        .arg(out.path())
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&result.stderr);
    assert!(
        result.status.success() && report.trim().is_empty(),
        "{report}"
    );
    let css = Command::new("java")
        .arg("-jar")
        .arg(&jar)
        .arg("--css")
        .arg(out.path().join("site/theme/style.css"))
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&css.stderr);
    assert!(css.status.success() && report.trim().is_empty(), "{report}");
}
