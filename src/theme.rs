//! The theme: page templates, interface strings and the files the pages link to.
//!
//! The built-in theme is compiled into the binary, so a site needs nothing but
//! its content to build and every copy of the tool makes the same pages. A
//! site changes the look by putting files under `themes/<name>/` at the same
//! relative paths as the built-in ones: a template or static file there
//! replaces the built-in file whole, while an interface-strings file is
//! merged key by key, so that renaming one label takes one line.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use include_dir::Dir;
use tera::{Context, Tera};

use crate::html::escape_html;
use crate::load::theme_files::{self, is_hidden, is_plain_name, BUILT_IN};
use crate::model::{Config, Lang};
use crate::problem::{Problem, Problems};

/// Interface strings of one language, already resolved through the fallbacks.
pub type Strings = BTreeMap<String, String>;

/// A file the pages link to, published under `theme/`.
#[derive(Debug, Clone)]
pub struct StaticFile {
    /// Relative to the theme's `static/` folder, `/`-separated.
    pub path: String,
    pub bytes: Vec<u8>,
}

pub struct Theme {
    tera: Tera,
    /// Template name to the file it came from, for problems found while rendering.
    template_files: BTreeMap<String, PathBuf>,
    strings: BTreeMap<Lang, Strings>,
    static_files: Vec<StaticFile>,
    /// A digest of every file of the theme after overrides: pages made with
    /// a theme of the same digest can be kept rather than made again.
    digest: [u8; 16],
}

/// One file of the theme after overrides, with where it came from so that a
/// problem in it points at a file the editor can open.
struct ThemeFile {
    bytes: Cow<'static, [u8]>,
    shown_as: PathBuf,
    /// The built-in version, kept for interface strings, which merge.
    built_in: Option<&'static [u8]>,
}

impl Theme {
    /// The built-in theme with the site's overrides applied, templates
    /// compiled once. Every problem found is reported, not just the first.
    pub fn load(site_root: &Path, config: &Config) -> Result<Theme, Problems> {
        let mut problems = Problems::default();
        let mut files = built_in_files();
        if let Some(folder) = override_folder(site_root, &config.theme, &mut problems) {
            apply_overrides(site_root, &folder, &mut files, &mut problems);
        }
        let tera = compile_templates(&files, &mut problems);
        let strings = resolve_strings(&files, config, &mut problems);
        let static_files = static_files(&files);
        let digest = digest_files(&files);
        if problems.has_errors() {
            problems.sort();
            return Err(problems);
        }
        Ok(Theme {
            tera: tera.unwrap_or_default(),
            template_files: template_files(&files),
            strings,
            static_files,
            digest,
        })
    }

    /// What the theme's files hold, as one digest.
    pub fn digest(&self) -> [u8; 16] {
        self.digest
    }

    pub fn render(&self, template: &str, context: &Context) -> Result<String, tera::Error> {
        self.tera.render(template, context)
    }

    /// The file a template came from, as the editor would open it.
    pub fn template_file(&self, name: &str) -> PathBuf {
        self.template_files
            .get(name)
            .cloned()
            .unwrap_or_else(|| PathBuf::from("themes/default/templates").join(name))
    }

    /// Every interface string of `lang`. Empty for a language the theme was
    /// not loaded for.
    pub fn strings(&self, lang: &str) -> &Strings {
        static EMPTY: Strings = BTreeMap::new();
        self.strings.get(lang).unwrap_or(&EMPTY)
    }

    /// One interface string. A key no file defines shows as itself, so a
    /// gap in a custom theme is visible on the page rather than fatal.
    pub fn text<'a>(&'a self, lang: &str, key: &'a str) -> &'a str {
        self.strings(lang)
            .get(key)
            .map(String::as_str)
            .unwrap_or(key)
    }

    /// Sorted by path.
    pub fn static_files(&self) -> &[StaticFile] {
        &self.static_files
    }
}

fn built_in_files() -> BTreeMap<String, ThemeFile> {
    let mut files = BTreeMap::new();
    collect_built_in(&BUILT_IN, &mut files);
    files
}

fn collect_built_in(dir: &'static Dir<'static>, files: &mut BTreeMap<String, ThemeFile>) {
    for file in dir.files() {
        let rel = slash_path(file.path());
        if is_hidden(&rel) {
            continue;
        }
        files.insert(
            rel.clone(),
            ThemeFile {
                bytes: Cow::Borrowed(file.contents()),
                shown_as: PathBuf::from("themes/default").join(&rel),
                built_in: Some(file.contents()),
            },
        );
    }
    for sub in dir.dirs() {
        collect_built_in(sub, files);
    }
}

/// The site's theme folder, when there is one. A name that is not a plain
/// folder name could reach outside `themes/`, so it is refused.
fn override_folder(site_root: &Path, name: &str, problems: &mut Problems) -> Option<PathBuf> {
    if !is_plain_name(name) {
        problems.push(
            Problem::file(
                "site.yaml",
                format!("theme name {name:?} is not a folder name"),
            )
            .help("name a folder under themes/, such as `theme: default`"),
        );
        return None;
    }
    theme_files::folder(site_root, name)
}

fn apply_overrides(
    site_root: &Path,
    folder: &Path,
    files: &mut BTreeMap<String, ThemeFile>,
    problems: &mut Problems,
) {
    // Links are refused, not followed: a theme's files are published, and a
    // link could bring in any file on the machine.
    let walk = walkdir::WalkDir::new(folder)
        .follow_links(false)
        .sort_by_file_name();
    for entry in walk {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                let path = err.path().unwrap_or(folder);
                problems.push(
                    Problem::file(shown(site_root, path), err.to_string())
                        .help("check that the theme's files are readable"),
                );
                continue;
            }
        };
        if entry.path_is_symlink() {
            problems.push(
                Problem::file(
                    shown(site_root, entry.path()),
                    "symbolic links are not followed",
                )
                .help("copy the file into the theme instead of linking to it"),
            );
            continue;
        }
        if !entry.file_type().is_file() {
            continue;
        }
        let Ok(rel) = entry.path().strip_prefix(folder) else {
            continue;
        };
        let rel = slash_path(rel);
        if is_hidden(&rel) {
            continue;
        }
        let shown_as = shown(site_root, entry.path());
        match std::fs::read(entry.path()) {
            Ok(bytes) => {
                let built_in = files.get(&rel).and_then(|f| f.built_in);
                files.insert(
                    rel,
                    ThemeFile {
                        bytes: Cow::Owned(bytes),
                        shown_as,
                        built_in,
                    },
                );
            }
            Err(err) => problems.push(Problem::file(shown_as, format!("cannot read: {err}"))),
        }
    }
}

fn template_files(files: &BTreeMap<String, ThemeFile>) -> BTreeMap<String, PathBuf> {
    files
        .iter()
        .filter_map(|(rel, file)| {
            let name = rel.strip_prefix("templates/")?;
            Some((name.to_string(), file.shown_as.clone()))
        })
        .collect()
}

fn compile_templates(files: &BTreeMap<String, ThemeFile>, problems: &mut Problems) -> Option<Tera> {
    let mut sources = Vec::new();
    for (rel, file) in files {
        let Some(name) = rel.strip_prefix("templates/") else {
            continue;
        };
        let Some(text) = utf8(file, problems) else {
            continue;
        };
        if let Err(err) = tera::Template::new(name, None, &text) {
            problems.push(template_problem(&file.shown_as, &text, &err));
            continue;
        }
        sources.push((name.to_string(), text));
    }
    if problems.has_errors() {
        return None;
    }
    let mut tera = Tera::default();
    tera.autoescape_on(vec![".html", ".htm", ".xml"]);
    tera.set_escape_fn(escape_html);
    if let Err(err) = tera.add_raw_templates(sources) {
        problems.push(
            Problem::file("themes/templates", error_chain(&err))
                .help("check the `extends`, `import` and `include` tags name existing templates"),
        );
        return None;
    }
    Some(tera)
}

/// A template syntax error, placed at the line and column the parser names.
fn template_problem(shown_as: &Path, text: &str, err: &tera::Error) -> Problem {
    let full = error_chain(err);
    let message = format!("template syntax error: {}", parser_expectation(&full));
    let help = "the template language is Tera; see https://keats.github.io/tera/docs/";
    match parser_position(&full).and_then(|(l, c)| byte_offset(text, l, c)) {
        Some(at) => {
            let text: Arc<str> = Arc::from(text);
            let end = (at + 1..=text.len())
                .find(|&i| text.is_char_boundary(i))
                .unwrap_or(at);
            Problem::at(shown_as, &text, at..end, message).help(help)
        }
        None => Problem::file(shown_as, message).help(help),
    }
}

/// The `= expected ...` line of a parser error, or its first line.
fn parser_expectation(full: &str) -> String {
    full.lines()
        .find_map(|l| l.trim_start().strip_prefix("= "))
        .or_else(|| full.lines().next())
        .unwrap_or("")
        .trim()
        .to_string()
}

/// The `--> line:column` of a parser error.
fn parser_position(full: &str) -> Option<(usize, usize)> {
    let after = full.split("--> ").nth(1)?;
    let spot = after.split_whitespace().next()?;
    let (line, column) = spot.split_once(':')?;
    Some((line.parse().ok()?, column.parse().ok()?))
}

fn byte_offset(text: &str, line: usize, column: usize) -> Option<usize> {
    let start: usize = text
        .split_inclusive('\n')
        .take(line.checked_sub(1)?)
        .map(str::len)
        .sum();
    let rest = text.get(start..)?;
    let within = rest
        .char_indices()
        .nth(column.saturating_sub(1))
        .map_or(rest.len(), |(i, _)| i);
    Some(start + within)
}

/// A Tera error with its causes, which hold the useful part.
pub fn error_chain(err: &tera::Error) -> String {
    let mut out = err.to_string();
    let mut source = std::error::Error::source(err);
    while let Some(cause) = source {
        out.push_str(": ");
        out.push_str(&cause.to_string());
        source = cause.source();
    }
    out
}

fn resolve_strings(
    files: &BTreeMap<String, ThemeFile>,
    config: &Config,
    problems: &mut Problems,
) -> BTreeMap<Lang, Strings> {
    // English last of all, so that a site whose only language has a partial
    // file still gets a label for every key.
    let mut fallback = built_in_strings("en");
    let mut all = BTreeMap::new();
    for (i, lang) in config.languages.iter().enumerate() {
        match language_strings(files, lang, problems) {
            Some(own) => {
                let resolved = overlay(fallback.clone(), own);
                if i == 0 {
                    fallback = resolved.clone();
                }
                all.insert(lang.clone(), resolved);
            }
            None => problems.push(
                Problem::file(
                    "site.yaml",
                    format!("language {lang:?} has no interface strings in the theme"),
                )
                .help(format!(
                    "add themes/{}/i18n/{lang}.yaml, translated from the built-in i18n/en.yaml",
                    config.theme
                )),
            ),
        }
    }
    all
}

/// A language's strings: the built-in file overlaid with the site's one.
/// `None` when neither exists.
fn language_strings(
    files: &BTreeMap<String, ThemeFile>,
    lang: &str,
    problems: &mut Problems,
) -> Option<Strings> {
    let file = files.get(&format!("i18n/{lang}.yaml"))?;
    let mut strings = Strings::new();
    if let Some(built_in) = file.built_in {
        let text = String::from_utf8_lossy(built_in);
        let shown_as = PathBuf::from(format!("themes/default/i18n/{lang}.yaml"));
        strings = parse_strings(&shown_as, &text, problems);
    }
    if let Cow::Owned(_) = file.bytes {
        if let Some(text) = utf8(file, problems) {
            strings = overlay(strings, parse_strings(&file.shown_as, &text, problems));
        }
    }
    Some(strings)
}

fn built_in_strings(lang: &str) -> Strings {
    let Some(file) = BUILT_IN.get_file(format!("i18n/{lang}.yaml")) else {
        return Strings::new();
    };
    let text = String::from_utf8_lossy(file.contents());
    parse_strings(Path::new(""), &text, &mut Problems::default())
}

/// A flat `key: text` map. Numbers and booleans are taken as written, since
/// an editor typing `year: 2024` means the text "2024".
fn parse_strings(shown_as: &Path, text: &str, problems: &mut Problems) -> Strings {
    let parsed: Result<Option<BTreeMap<String, serde_yaml::Value>>, _> = serde_yaml::from_str(text);
    let map = match parsed {
        Ok(map) => map.unwrap_or_default(),
        Err(err) => {
            problems.push(yaml_problem(shown_as, text, &err));
            return Strings::new();
        }
    };
    let mut strings = Strings::new();
    for (key, value) in map {
        match scalar_text(&value) {
            Some(s) => {
                strings.insert(key, s);
            }
            None => problems.push(
                Problem::file(
                    shown_as,
                    format!("interface string {key:?} is not plain text"),
                )
                .help("write each entry as `key: text` on one line"),
            ),
        }
    }
    strings
}

fn scalar_text(value: &serde_yaml::Value) -> Option<String> {
    match value {
        serde_yaml::Value::String(s) => Some(s.clone()),
        serde_yaml::Value::Number(n) => Some(n.to_string()),
        serde_yaml::Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn yaml_problem(shown_as: &Path, text: &str, err: &serde_yaml::Error) -> Problem {
    let message = format!("interface strings are not a `key: text` map: {err}");
    match err.location() {
        Some(at) if at.index() <= text.len() => {
            let text: Arc<str> = Arc::from(text);
            Problem::at(shown_as, &text, at.index()..at.index(), message)
        }
        _ => Problem::file(shown_as, message),
    }
}

fn overlay(mut base: Strings, over: Strings) -> Strings {
    base.extend(over);
    base
}

fn digest_files(files: &BTreeMap<String, ThemeFile>) -> [u8; 16] {
    use sha2::Digest as _;
    let mut hash = sha2::Sha256::new();
    for (rel, file) in files {
        for part in [rel.as_bytes(), &file.bytes] {
            hash.update((part.len() as u64).to_le_bytes());
            hash.update(part);
        }
    }
    let mut out = [0u8; 16];
    out.copy_from_slice(&hash.finalize()[..16]);
    out
}

fn static_files(files: &BTreeMap<String, ThemeFile>) -> Vec<StaticFile> {
    files
        .iter()
        .filter_map(|(rel, file)| {
            let path = rel.strip_prefix("static/")?;
            Some(StaticFile {
                path: path.to_string(),
                bytes: file.bytes.to_vec(),
            })
        })
        .collect()
}

fn utf8(file: &ThemeFile, problems: &mut Problems) -> Option<String> {
    match std::str::from_utf8(&file.bytes) {
        Ok(text) => Some(text.to_string()),
        Err(_) => {
            problems.push(
                Problem::file(&file.shown_as, "not UTF-8 text").help("save the file as UTF-8"),
            );
            None
        }
    }
}

fn slash_path(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Editors' leftovers such as `.DS_Store` are not part of a theme.
fn shown(site_root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(site_root).unwrap_or(path).to_path_buf()
}
