//! One file's bytes, checked as if it sat in a small fixed site.
//!
//! These entry points exist for fuzzing and for robustness tests: they run
//! the same decoding and parsing as [`super::load_site`], without a disk,
//! so a harness can feed millions of inputs a second and catch a panic, a
//! hang or a problem reported without a place. The site around the file is
//! always the same: languages `zh` and `en`, districts `pengjiang` and
//! `heshan` (with the town `shaping`), topics `green` and `grid`, the
//! built-in metrics plus `forest_optimised_ha` and `river_cleaned_km`, and
//! one image, `images/drain.png`.

use std::path::Path;
use std::sync::{Arc, OnceLock};

use super::registry::Registry;
use super::{config, district, source, stats, story};
use crate::model::{Config, District, Period, Story};
use crate::problem::Problems;

const SITE_YAML: &str = "title: { zh: 江门人大, en: Jiangmen People's Congress }
base_url: https://example.org/
languages: [zh, en]
topics:
  green: { zh: 绿美生态, en: Greening }
  grid: { zh: 代表进站入网格, en: Deputies in stations and grids }
metrics:
  forest_optimised_ha: { zh: 林分优化, en: Forest stand improvement, unit: hectare }
  river_cleaned_km: { zh: 河道清理, en: River cleaned, unit: { zh: 公里, en: km } }
";

const DISTRICTS: &[(&str, &str)] = &[
    (
        "pengjiang",
        "name: { zh: 蓬江区, en: Pengjiang }\nkind: district\norder: 1\n",
    ),
    (
        "heshan",
        "name: { zh: 鹤山市, en: Heshan }\nkind: county-level-city\ntowns:\n  - slug: shaping\n    name: { zh: 沙坪街道, en: Shaping }\n",
    ),
];

/// The image a story may name, relative to `static/`.
const IMAGE: &str = "images/drain.png";

struct Fixed {
    config: Config,
    registry: Registry,
}

fn fixed() -> &'static Fixed {
    static FIXED: OnceLock<Fixed> = OnceLock::new();
    FIXED.get_or_init(|| {
        let mut problems = Problems::default();
        let text: Arc<str> = Arc::from(SITE_YAML);
        let config = config::parse(Path::new("site.yaml"), &text, &mut problems)
            .expect("the fixed site.yaml is valid");
        let districts: Vec<District> = DISTRICTS
            .iter()
            .filter_map(|(slug, yaml)| {
                let file = format!("content/districts/{slug}.yaml");
                let text: Arc<str> = Arc::from(*yaml);
                district::parse(
                    Path::new(&file),
                    slug,
                    &text,
                    &config.languages,
                    &mut problems,
                )
            })
            .collect();
        assert!(problems.is_empty(), "the fixed site is valid: {problems}");
        let registry = Registry::new(&config, &districts);
        Fixed { config, registry }
    })
}

/// Checks `bytes` as `site.yaml`.
pub fn check_site_text(bytes: &[u8]) -> (Option<Config>, Problems) {
    let file = Path::new("site.yaml");
    let mut problems = Problems::default();
    let config = decode(bytes, file, &mut problems)
        .and_then(|text| config::parse(file, &text, &mut problems));
    (config, problems)
}

/// Checks `bytes` as `content/districts/heshan.yaml`.
pub fn check_district_text(bytes: &[u8]) -> (Option<District>, Problems) {
    let file = Path::new("content/districts/heshan.yaml");
    let mut problems = Problems::default();
    let languages = &fixed().config.languages;
    let district = decode(bytes, file, &mut problems)
        .and_then(|text| district::parse(file, "heshan", &text, languages, &mut problems));
    (district, problems)
}

/// Checks `bytes` as `content/stats/2023.yaml`.
pub fn check_stats_text(bytes: &[u8]) -> (Option<Period>, Problems) {
    let file = Path::new("content/stats/2023.yaml");
    let mut problems = Problems::default();
    let period = decode(bytes, file, &mut problems)
        .and_then(|text| stats::parse(file, "2023", &text, &fixed().registry, &mut problems));
    (period, problems)
}

/// Checks `bytes` twice: as the story `content/stories/2024-03-12-forest.md`
/// and as its English translation `2024-03-12-forest.en.md`, then matches
/// the two as the loader would, so the comparison of a translation with its
/// original is exercised too.
pub fn check_story_text(bytes: &[u8]) -> (Option<Story>, Problems) {
    let file = Path::new("content/stories/2024-03-12-forest.md");
    let tr_file = Path::new("content/stories/2024-03-12-forest.en.md");
    let reg = &fixed().registry;
    let mut problems = Problems::default();
    let Some(text) = decode(bytes, file, &mut problems) else {
        return (None, problems);
    };
    let name = match story::parse_name("2024-03-12-forest") {
        Ok(name) => name,
        Err(why) => unreachable!("the fixed story name is valid: {why}"),
    };
    let exists = |src: &str| src == IMAGE;
    let place = story::Place {
        file,
        name: &name,
        bundle: None,
        assets: Vec::new(),
        image_exists: &exists,
    };
    let original = story::parse_original(place, &text, reg, &mut problems);
    let translation = story::parse_translation(tr_file, "en", &text, &mut problems);
    let story = original.map(|mut original| {
        if let Some(tr) = translation {
            story::attach(&mut original, tr, &mut problems);
        }
        original.story
    });
    (story, problems)
}

fn decode(bytes: &[u8], file: &Path, problems: &mut Problems) -> Option<Arc<str>> {
    if bytes.len() as u64 > source::MAX_FILE_BYTES {
        problems.push(
            crate::problem::Problem::file(file, "the file is over the 10 MiB limit")
                .help("split it, or move large data out of content/"),
        );
        return None;
    }
    source::decode(bytes, file)
        .map_err(|p| problems.push(p))
        .ok()
}
