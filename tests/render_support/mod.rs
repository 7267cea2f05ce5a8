//! Renders a fixture site into memory, for tests of the rendered pages.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use renda::load::load_site;
use renda::render::{render, OutputFile, RenderOptions};
use renda::theme::Theme;

/// Every file rendering handed on, by output path.
pub struct Rendered(pub BTreeMap<String, Vec<u8>>);

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

pub fn render_fixture(name: &str, drafts: bool) -> Rendered {
    let root = fixture(name);
    let (site, _warnings) =
        load_site(&root).unwrap_or_else(|p| panic!("{name}:\n{}", p.report(false)));
    let theme = Theme::load(&root, &site.config).unwrap_or_else(|p| panic!("{}", p.report(false)));
    let files = Mutex::new(BTreeMap::new());
    let emit = |file: OutputFile| {
        let earlier = files.lock().unwrap().insert(file.path.clone(), file.bytes);
        assert!(earlier.is_none(), "{} was made twice", file.path);
        Ok(())
    };
    let photos = renda::build::read_photos(&root, &site, drafts, &Default::default())
        .unwrap_or_else(|p| panic!("{}", p.report(false)));
    render(
        &site,
        &theme,
        &RenderOptions {
            drafts,
            photos,
            ..Default::default()
        },
        &emit,
    )
    .unwrap_or_else(|p| panic!("{}", p.report(false)));
    Rendered(files.into_inner().unwrap())
}

impl Rendered {
    pub fn has(&self, path: &str) -> bool {
        self.0.contains_key(path)
    }

    pub fn bytes(&self, path: &str) -> &[u8] {
        self.0
            .get(path)
            .unwrap_or_else(|| panic!("{path} was not made; made: {:?}", self.paths()))
    }

    pub fn text(&self, path: &str) -> String {
        String::from_utf8(self.bytes(path).to_vec()).unwrap()
    }

    pub fn paths(&self) -> Vec<String> {
        self.0.keys().cloned().collect()
    }
}
