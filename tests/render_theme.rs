//! Themes: a site's files under `themes/<name>/` override the built-in
//! theme file by file, and mistakes in them are reported, not panicked on.

mod render_support;

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::sync::Mutex;

use renda::load::load_site;
use renda::render::{render, OutputFile, RenderOptions};
use renda::theme::Theme;

/// A copy of the render fixture in a temporary folder, with extra files.
fn site_with(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&render_support::fixture("render-site"), dir.path());
    for (path, text) in files {
        let path = dir.path().join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            fs::create_dir_all(&target).unwrap();
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

fn render_dir(root: &Path) -> BTreeMap<String, Vec<u8>> {
    let (site, _) = load_site(root).unwrap_or_else(|p| panic!("{}", p.report(false)));
    let theme = Theme::load(root, &site.config).unwrap_or_else(|p| panic!("{}", p.report(false)));
    let files = Mutex::new(BTreeMap::new());
    let emit = |f: OutputFile| {
        files.lock().unwrap().insert(f.path, f.bytes);
        Ok(())
    };
    render(&site, &theme, &RenderOptions::default(), &emit)
        .unwrap_or_else(|p| panic!("{}", p.report(false)));
    files.into_inner().unwrap()
}

fn text(files: &BTreeMap<String, Vec<u8>>, path: &str) -> String {
    String::from_utf8(files[path].clone()).unwrap()
}

#[test]
fn a_site_template_replaces_the_built_in_one() {
    let dir = site_with(&[(
        "themes/default/templates/404.html",
        "{% extends \"base.html\" %}{% block content %}<h1>Lost?</h1>{% endblock content %}",
    )]);
    let files = render_dir(dir.path());
    assert!(text(&files, "404.html").contains("<h1>Lost?</h1>"));
    assert!(text(&files, "index.html").contains("<h2 id=\"figures-heading\">"));
}

#[test]
fn a_site_strings_file_changes_only_the_keys_it_names() {
    let dir = site_with(&[("themes/default/i18n/zh.yaml", "nav_home: 主页\n")]);
    let files = render_dir(dir.path());
    let home = text(&files, "index.html");
    assert!(home.contains(">主页</a>"), "{home}");
    assert!(
        home.contains(">统计数据<") || home.contains(">数据</a>"),
        "{home}"
    );
}

#[test]
fn a_site_static_file_replaces_the_built_in_one() {
    let dir = site_with(&[("themes/default/static/style.css", "body { color: red }\n")]);
    let files = render_dir(dir.path());
    assert_eq!(files["theme/style.css"], b"body { color: red }\n");
}

#[test]
fn a_named_theme_folder_is_used_only_when_it_exists() {
    let dir = site_with(&[(
        "themes/plain/templates/404.html",
        "<!DOCTYPE html><title>x</title><p>plain",
    )]);
    let mut site_yaml = fs::read_to_string(dir.path().join("site.yaml")).unwrap();
    site_yaml = site_yaml.replace("theme: default", "theme: plain");
    fs::write(dir.path().join("site.yaml"), site_yaml).unwrap();
    let files = render_dir(dir.path());
    assert!(text(&files, "404.html").ends_with("<p>plain"));
}

#[test]
fn a_template_syntax_error_names_the_file_and_line() {
    let dir = site_with(&[(
        "themes/default/templates/story.html",
        "{% extends \"base.html\" %}\n{% block content %}\n{{ page.title.text \n{% endblock content %}\n",
    )]);
    let (site, _) = load_site(dir.path()).unwrap();
    let problems = match Theme::load(dir.path(), &site.config) {
        Ok(_) => panic!("a broken template was accepted"),
        Err(problems) => problems,
    };
    let headline = problems.0[0].headline();
    assert!(
        headline.starts_with("themes/default/templates/story.html:4:"),
        "{headline}"
    );
    assert!(headline.contains("template syntax error"), "{headline}");
}

#[test]
fn a_language_without_interface_strings_is_a_problem() {
    let dir = site_with(&[]);
    let site_yaml = fs::read_to_string(dir.path().join("site.yaml")).unwrap();
    fs::write(
        dir.path().join("site.yaml"),
        site_yaml.replace("languages: [zh, en]", "languages: [zh, en, fr]"),
    )
    .unwrap();
    let (site, _) = load_site(dir.path()).unwrap_or_else(|p| panic!("{}", p.report(false)));
    let problems = match Theme::load(dir.path(), &site.config) {
        Ok(_) => panic!("a language with no strings was accepted"),
        Err(problems) => problems,
    };
    let report = problems.report(false);
    assert!(
        report.contains("\"fr\" has no interface strings"),
        "{report}"
    );
    assert!(report.contains("themes/default/i18n/fr.yaml"), "{report}");
}

#[test]
fn a_third_language_needs_one_file_and_falls_back_for_missing_keys() {
    let dir = site_with(&[(
        "themes/default/i18n/fr.yaml",
        "language_name: Français\nnav_home: Accueil\n",
    )]);
    let site_yaml = fs::read_to_string(dir.path().join("site.yaml")).unwrap();
    fs::write(
        dir.path().join("site.yaml"),
        site_yaml.replace("languages: [zh, en]", "languages: [zh, en, fr]"),
    )
    .unwrap();
    let files = render_dir(dir.path());
    let home = text(&files, "fr/index.html");
    assert!(home.contains("<html lang=\"fr\">"), "{home}");
    assert!(home.contains(">Accueil</a>"), "{home}");
    // Missing keys come from the first language's strings.
    assert!(home.contains(">案例</a>"), "{home}");
    assert!(text(&files, "index.html").contains("hreflang=\"fr\" lang=\"fr\">Français</a>"));
    assert!(files.contains_key("fr/stories/deputy-forest/index.html"));
    assert!(files.contains_key("fr/atom.xml"));
}

#[test]
fn broken_strings_files_are_reported_with_their_place() {
    let dir = site_with(&[("themes/default/i18n/en.yaml", "nav_home: [a, b\n")]);
    let (site, _) = load_site(dir.path()).unwrap();
    let problems = match Theme::load(dir.path(), &site.config) {
        Ok(_) => panic!("a broken strings file was accepted"),
        Err(problems) => problems,
    };
    assert!(
        problems.0[0]
            .headline()
            .starts_with("themes/default/i18n/en.yaml:"),
        "{}",
        problems.report(false)
    );
}

#[test]
fn a_template_that_fails_while_rendering_is_a_problem_naming_it() {
    let dir = site_with(&[(
        "themes/default/templates/topic.html",
        "{% extends \"base.html\" %}{% block content %}{{ page.nonexistent.field }}{% endblock content %}",
    )]);
    let (site, _) = load_site(dir.path()).unwrap();
    let theme = Theme::load(dir.path(), &site.config).unwrap();
    let emit = |_: OutputFile| Ok(());
    let problems = render(&site, &theme, &RenderOptions::default(), &emit).unwrap_err();
    let report = problems.report(false);
    assert!(
        report.starts_with("themes/default/templates/topic.html:"),
        "{report}"
    );
    assert!(report.contains("error: the template failed"), "{report}");
    assert!(report.contains("page.nonexistent.field"), "{report}");
    assert_eq!(
        problems.0.len(),
        1,
        "one report per template, not per page: {report}"
    );
}

#[test]
fn a_failed_write_is_a_problem_naming_the_output_file() {
    let root = render_support::fixture("render-site");
    let (site, _) = load_site(&root).unwrap();
    let theme = Theme::load(&root, &site.config).unwrap();
    let emit = |f: OutputFile| {
        if f.path == "robots.txt" {
            Err(std::io::Error::other("disk full"))
        } else {
            Ok(())
        }
    };
    let problems = render(&site, &theme, &RenderOptions::default(), &emit).unwrap_err();
    let report = problems.report(false);
    assert!(report.starts_with("robots.txt:"), "{report}");
    assert!(
        report.contains("cannot write the file: disk full"),
        "{report}"
    );
}

#[test]
fn a_link_in_a_theme_leading_out_of_the_site_is_refused() {
    let site = site_with(&[]);
    let outside = site
        .path()
        .parent()
        .unwrap()
        .join(format!("secret-{}.txt", std::process::id()));
    fs::write(&outside, "not for publishing").unwrap();
    let folder = site.path().join("themes/default/static");
    fs::create_dir_all(&folder).unwrap();
    std::os::unix::fs::symlink(&outside, folder.join("leak.txt")).unwrap();
    let (loaded, _) = load_site(site.path()).unwrap();
    let problems = match Theme::load(site.path(), &loaded.config) {
        Ok(_) => panic!("a linked theme file is refused"),
        Err(p) => p,
    };
    fs::remove_file(&outside).unwrap();
    let message = problems.to_string();
    assert!(
        message.contains("themes/default/static/leak.txt"),
        "{message}"
    );
    assert!(
        message.contains("symbolic links are not followed"),
        "{message}"
    );
}
