//! Loading fixture sites end to end: one folder per kind of bad input, each
//! with the exact problems an editor should see, and one valid site that
//! uses every field of the contract.

use std::path::{Path, PathBuf};
use std::process::Command;

use renda::load::load_site;
use renda::model::{Area, CaseStatus, DistrictKind, Rating, Unit};

mod support;
use support::{copy_fixture, fixture};

fn fixtures(group: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(group);
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    out.sort();
    out
}

#[test]
fn every_bad_input_is_reported_with_its_place_and_a_fix() {
    let sites = fixtures("invalid");
    assert!(sites.len() >= 20, "one fixture per kind of bad input");
    let mut failures = Vec::new();
    for site in sites {
        let expected = std::fs::read_to_string(site.join("expected-errors.txt"))
            .unwrap_or_else(|_| panic!("{} has no expected-errors.txt", site.display()));
        let problems = match load_site(&site) {
            Ok(_) => {
                failures.push(format!("{}: loaded without problems", site.display()));
                continue;
            }
            Err(p) => p,
        };
        let got: Vec<String> = problems.errors().map(|p| p.headline()).collect();
        let want: Vec<&str> = expected.lines().filter(|l| !l.is_empty()).collect();
        if got != want {
            failures.push(format!(
                "{}:\n  want {want:#?}\n  got  {got:#?}",
                site.display()
            ));
        }
        for p in problems.errors() {
            if p.help.is_none() {
                failures.push(format!(
                    "{}: no fix offered for {}",
                    site.display(),
                    p.headline()
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn no_fixture_makes_the_loader_panic() {
    let mut all = fixtures("invalid");
    all.push(fixture("valid-full"));
    for site in all {
        let result = std::panic::catch_unwind(|| load_site(&site).map(|_| ()));
        assert!(result.is_ok(), "{} panicked", site.display());
    }
}

#[test]
fn problems_come_sorted_by_file_and_line() {
    let problems = load_site(&fixture("invalid/many-problems")).unwrap_err();
    let keys: Vec<(PathBuf, usize)> = problems
        .0
        .iter()
        .map(|p| (p.file.clone(), p.line))
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
    assert!(problems.errors().count() >= 5, "all problems at once");
}

#[test]
fn check_prints_the_snippet_and_exits_1() {
    let out = Command::new(env!("CARGO_BIN_EXE_renda"))
        .args(["check", "--root"])
        .arg(fixture("invalid/unknown-district"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains(
            "content/stories/2024-03-12-forest.md:3:11: error: unknown district \"hesan\""
        ),
        "{err}"
    );
    assert!(
        err.contains("district: hesan"),
        "the offending line is shown: {err}"
    );
    assert!(err.contains("did you mean \"heshan\"?"), "{err}");
}

#[test]
fn a_broken_link_to_a_deputy_or_station_names_the_nearest_one() {
    let problems = load_site(&fixture("invalid/broken-person-link")).unwrap_err();
    let helps: Vec<&str> = problems
        .errors()
        .filter_map(|p| p.help.as_deref())
        .collect();
    assert_eq!(
        helps,
        [
            "did you mean \"@/deputies/zhao-ge.yaml\"?",
            "did you mean \"@/stations/baisha.yaml\"?"
        ]
    );
}

#[test]
fn a_misspelt_deputy_field_is_never_told_to_be_a_personal_one() {
    let problems = load_site(&fixture("invalid/deputy-unknown-field")).unwrap_err();
    let help = problems.errors().next().and_then(|p| p.help.clone());
    assert_eq!(
        help.as_deref(),
        Some("allowed here: name, level, district, town, terms, role, occupation, stations, photo"),
        "`emial` is near `email`, which is refused, not allowed"
    );
}

#[test]
fn check_summarises_a_valid_site() {
    let out = Command::new(env!("CARGO_BIN_EXE_renda"))
        .args(["check", "--root"])
        .arg(fixture("valid-full"))
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "2 districts, 3 stories (1 translated), 2 statistics periods: no errors, 3 warnings\n"
    );
}

#[test]
fn a_site_using_every_field_loads_with_each_value() {
    let (site, warnings) = load_site(&fixture("valid-full")).unwrap_or_else(|p| panic!("{p}"));
    assert!(warnings.is_empty(), "{warnings}");

    let c = &site.config;
    assert_eq!(
        c.title.get("en", "zh").0,
        "Jiangmen People's Congress: County, Town and Village Development"
    );
    assert_eq!(
        c.base_url, "https://example.org/jiangmen/",
        "a trailing slash is added"
    );
    assert_eq!(c.languages, ["zh", "en"]);
    assert_eq!(c.theme, "default");
    assert!(!c.allow_html);
    assert_eq!(
        c.topics.iter().map(|t| t.slug.as_str()).collect::<Vec<_>>(),
        ["green", "grid"]
    );
    assert_eq!(c.topics[1].name.get("zh", "zh").0, "代表进站入网格");
    assert_eq!(c.metrics[0].unit, Unit::Hectare);
    match &c.metrics[1].unit {
        Unit::Other(label) => assert_eq!(label.get("en", "zh").0, "km"),
        other => panic!("{other:?}"),
    }

    let d: Vec<&str> = site.districts.iter().map(|d| d.slug.as_str()).collect();
    assert_eq!(d, ["pengjiang", "heshan"], "ordered by `order`");
    let heshan = site.district("heshan").unwrap();
    assert_eq!(heshan.kind, DistrictKind::CountyLevelCity);
    assert_eq!(heshan.order, Some(6));
    assert_eq!(heshan.towns[0].slug, "shaping");
    assert_eq!(
        heshan.towns[0].name.get("en", "zh").0,
        "Shaping Subdistrict"
    );
    assert!(heshan.summary.get("en", "zh").0.contains("three links"));
    assert_eq!(heshan.source, Path::new("content/districts/heshan.yaml"));

    let slugs: Vec<&str> = site.stories.iter().map(|s| s.slug.as_str()).collect();
    assert_eq!(
        slugs,
        ["wenyuan-drainage", "deputy-forest", "thursday"],
        "newest first"
    );

    let forest = &site.stories[1];
    assert_eq!(forest.date.to_string(), "2024-03-12");
    assert_eq!(forest.district, Area::District("pengjiang".into()));
    assert_eq!(forest.town, None);
    assert_eq!(forest.topics, ["green"]);
    assert_eq!(forest.deputies, ["赵戈"]);
    assert!(!forest.draft);
    assert_eq!(
        forest.bundle.as_deref(),
        Some(Path::new("content/stories/deputy-forest"))
    );
    assert_eq!(forest.assets, [PathBuf::from("forest.png")]);
    let image = forest.image.as_ref().unwrap();
    assert_eq!(
        (
            image.src.as_str(),
            image.alt.as_str(),
            image.credit.as_deref()
        ),
        ("forest.png", "新种下的树苗", Some("周华东"))
    );
    let en = forest.text("en").unwrap();
    assert_eq!(
        en.title,
        "The deputies' forest takes root on Longzhou Mountain"
    );
    assert_eq!(en.image_alt.as_deref(), Some("Newly planted saplings"));
    assert_eq!(
        en.translated_from.as_ref().map(|r| r.fingerprint.as_str()),
        Some("5f2c1a")
    );
    assert!(en.body.contains("On 12 March"));
    let zh = forest.text("zh").unwrap();
    assert_eq!(
        zh.summary.as_deref(),
        Some("首期约1.33公顷的人大代表林种下上千棵树苗。")
    );
    assert_eq!(
        zh.source,
        Path::new("content/stories/deputy-forest/index.md")
    );

    let drainage = &site.stories[0];
    assert!(drainage.draft);
    assert_eq!(drainage.town.as_deref(), Some("shaping"));
    assert_eq!(drainage.deputies, ["甲代表", "乙代表"]);
    assert_eq!(drainage.image.as_ref().unwrap().src, "images/drain.png");
    assert!(drainage.text("en").is_none());
    let case = drainage.case.as_ref().unwrap();
    assert_eq!(case.status, CaseStatus::Resolved);
    let stages: Vec<String> = case
        .stages
        .iter()
        .map(|d| d.unwrap().exact_day().unwrap().to_string())
        .collect();
    assert_eq!(
        stages,
        [
            "2023-03-22",
            "2023-03-22",
            "2023-04-10",
            "2023-09-30",
            "2023-10-15",
            "2023-11-01"
        ]
    );
    assert_eq!(case.rating, Some(Rating::BasicallySatisfied));
    assert_eq!(case.funding_cny, Some(180000.0));

    let thursday = &site.stories[2];
    assert_eq!(thursday.district, Area::City);
    assert_eq!(
        thursday.date.to_string(),
        "2023-06-01",
        "the date comes from the file name"
    );
    assert_eq!(
        thursday.text("zh").unwrap().title,
        "台城街道周四直联日",
        "BOM and CRLF are accepted"
    );
    assert_eq!(thursday.text("zh").unwrap().body, "\n正文。\n");

    assert_eq!(
        site.stats
            .iter()
            .map(|p| p.period.as_str())
            .collect::<Vec<_>>(),
        ["2023", "2024-03"]
    );
    let p2023 = &site.stats[0];
    assert_eq!(p2023.file, Path::new("content/stats/2023.yaml"));
    assert_eq!(
        p2023.source.url.as_deref(),
        Some("https://example.org/report-2023.pdf")
    );
    assert_eq!(
        p2023.source.name.get("en", "zh").0,
        "Standing Committee work report"
    );
    let city = &p2023.records[1];
    assert_eq!(city.district, Area::City);
    assert_eq!(city.line, 9);
    assert_eq!(
        city.campaign.as_ref().unwrap().get("en", "zh").0,
        "Green Jiangmen deputies campaign"
    );
    let values: Vec<(&str, f64)> = city.values.iter().map(|(k, v)| (k.as_str(), *v)).collect();
    assert_eq!(
        values,
        [
            ("suggestions_collected", 967.0),
            ("suggestions_resolved", 660.0),
            ("proposals", 232.0),
            ("forest_optimised_ha", 3460.0),
            ("river_cleaned_km", 12.5)
        ]
    );
    assert_eq!(
        p2023.records[0].values[3],
        ("funding_cny".to_string(), 2400000.0)
    );
    let p2024 = &site.stats[1];
    assert_eq!(
        p2024.source.name.get("en", "zh"),
        ("市人大常委会", true),
        "falls back to the default language"
    );
    assert_eq!(p2024.records[0].values[0].1, 1.33);

    assert_eq!(site.pages.len(), 1);
    let about = &site.pages[0];
    assert_eq!(about.slug, "about");
    assert_eq!(about.texts["zh"].summary.as_deref(), Some("本站是什么。"));
    assert_eq!(about.texts["en"].title, "About");

    assert_eq!(site.static_files, [PathBuf::from("images/drain.png")]);
}

#[test]
fn reloading_changed_stories_gives_what_a_full_load_gives() {
    use renda::load::reload_stories;
    use std::fs;
    let tmp = tempfile::tempdir().unwrap();
    let root = copy_fixture("valid-full", tmp.path());
    let (mut site, _) = load_site(&root).unwrap();
    let stories = root.join("content/stories");
    type Edit<'a> = (&'static str, Box<dyn Fn() + 'a>);
    let edits: Vec<Edit> = vec![
        (
            "an edited title",
            Box::new(|| {
                let f = stories.join("deputy-forest/index.md");
                let t = fs::read_to_string(&f)
                    .unwrap()
                    .replace("人大代表林在龙舟山扎根", "新标题");
                fs::write(f, t).unwrap();
            }),
        ),
        (
            "a new story",
            Box::new(|| {
                fs::write(
                    stories.join("2025-01-01-new.md"),
                    "---\ntitle: 新\ndistrict: city\n---\n正文\n",
                )
                .unwrap();
            }),
        ),
        (
            "a new translation",
            Box::new(|| {
                fs::write(
                    stories.join("2025-01-01-new.en.md"),
                    "---\ntitle: New\n---\nText\n",
                )
                .unwrap();
            }),
        ),
        (
            "a moved date",
            Box::new(|| {
                fs::rename(
                    stories.join("2025-01-01-new.md"),
                    stories.join("2020-01-01-new.md"),
                )
                .unwrap();
                fs::rename(
                    stories.join("2025-01-01-new.en.md"),
                    stories.join("2020-01-01-new.en.md"),
                )
                .unwrap();
            }),
        ),
        (
            "a removed bundle",
            Box::new(|| {
                fs::remove_dir_all(stories.join("deputy-forest")).unwrap();
            }),
        ),
    ];
    let touched = [
        vec!["deputy-forest/index.md"],
        vec!["2025-01-01-new.md"],
        vec!["2025-01-01-new.en.md"],
        vec![
            "2025-01-01-new.md",
            "2025-01-01-new.en.md",
            "2020-01-01-new.md",
            "2020-01-01-new.en.md",
        ],
        vec!["deputy-forest"],
    ];
    for ((what, edit), paths) in edits.iter().zip(touched) {
        edit();
        let changed: Vec<PathBuf> = paths.iter().map(|p| stories.join(p)).collect();
        let reloaded = reload_stories(&root, &mut site, &changed)
            .unwrap_or_else(|| panic!("{what}: a story change reloads alone"))
            .unwrap_or_else(|p| panic!("{what}: {p}"));
        let (full, _) = load_site(&root).unwrap();
        assert_eq!(
            format!("{:?}", site.stories),
            format!("{:?}", full.stories),
            "{what}"
        );
        assert!(!reloaded.touched.is_empty(), "{what}");
    }
    assert!(
        reload_stories(&root, &mut site, &[root.join("site.yaml")]).is_none(),
        "site.yaml needs a full load"
    );
}

#[test]
fn reloading_a_broken_story_reports_it() {
    let tmp = tempfile::tempdir().unwrap();
    let root = copy_fixture("valid-full", tmp.path());
    let (mut site, _) = load_site(&root).unwrap();
    let before = format!("{:?}", site.stories);
    let f = root.join("content/stories/deputy-forest/index.en.md");
    std::fs::write(&f, "---\ntitle: x\ndistrict: heshan\n---\n").unwrap();
    let problems = match renda::load::reload_stories(&root, &mut site, &[f]).unwrap() {
        Ok(_) => panic!("the broken story is reported"),
        Err(p) => p,
    };
    assert!(
        problems
            .errors()
            .any(|p| p.message.contains("`district` differs from the original")),
        "{problems}"
    );
    assert_eq!(
        format!("{:?}", site.stories),
        before,
        "a failed reload leaves the site as it was"
    );
}

#[test]
fn check_reports_a_broken_theme_template() {
    let tmp = tempfile::tempdir().unwrap();
    let root = copy_fixture("valid-full", tmp.path());
    let templates = root.join("themes/default/templates");
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::write(templates.join("home.html"), "{% block x %}oops").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_renda"))
        .args(["check", "--root"])
        .arg(&root)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("themes/default/templates/home.html:1:18: error: template syntax error"),
        "{err}"
    );
}

#[test]
fn deputies_and_stations_load_with_each_value() {
    use renda::model::{Level, MonthOrDay};
    let (site, warnings) = load_site(&fixture("render-site")).unwrap_or_else(|p| panic!("{p}"));
    let jia = site.deputy("jia").expect("jia.yaml is read");
    assert_eq!(jia.level, Level::County);
    assert_eq!(jia.district, Area::District("heshan".into()));
    assert_eq!(jia.town.as_deref(), Some("shaping"));
    assert_eq!(jia.stations, ["shaping"]);
    assert_eq!(
        jia.terms[0].from,
        MonthOrDay::Month {
            year: 2021,
            month: 10
        }
    );
    assert!(jia.terms[0].to.is_none());
    let yi = site
        .deputy_named("乙代表")
        .expect("found by its Chinese name");
    assert_eq!(yi.slug, "yi");
    assert!(!yi.name.0.contains_key("en"));
    let station = site.station("shaping").unwrap();
    assert_eq!(station.phone.as_deref(), Some("0750-0000000"));
    let days: Vec<String> = station
        .receptions
        .iter()
        .map(|r| r.date.to_string())
        .collect();
    assert_eq!(days, ["2024-04-25", "2024-05-16", "2024-06-20"]);
    assert!(station.receptions[2].times.is_none(), "a whole-day session");
    // The forest story names two people with no file: each is a warning.
    let named: Vec<String> = warnings
        .0
        .iter()
        .filter(|p| p.message.starts_with("no deputy file is named"))
        .map(|p| p.headline())
        .collect();
    assert_eq!(
        named,
        [
            "content/stories/deputy-forest/index.md:6:12: warning: no deputy file is named \"赵戈\"; the name is shown as text",
            "content/stories/deputy-forest/index.md:6:16: warning: no deputy file is named \"林晓\"; the name is shown as text",
        ]
    );
}

#[test]
fn a_site_without_deputies_does_not_warn_about_names() {
    let (_, warnings) = load_site(&fixture("valid-full")).unwrap_or_else(|p| panic!("{p}"));
    assert!(!warnings
        .0
        .iter()
        .any(|p| p.message.contains("no deputy file")));
}

#[test]
fn every_personal_field_is_refused_with_the_reason() {
    let tmp = tempfile::tempdir().unwrap();
    let site = copy_fixture("invalid/personal-field", tmp.path());
    let mut yaml = String::from("name: { zh: 赵戈 }\nlevel: city\ndistrict: pengjiang\n");
    for field in renda::load::PERSONAL_FIELDS {
        yaml.push_str(&format!("{field}: x\n"));
    }
    std::fs::write(site.join("content/deputies/zhao-ge.yaml"), yaml).unwrap();
    let problems = load_site(&site).unwrap_err();
    let refused: Vec<&str> = problems
        .errors()
        .filter(|p| {
            p.message
                .contains("Personal Information Protection Law, PIPL")
        })
        .map(|p| p.message.split('`').nth(1).unwrap())
        .collect();
    assert_eq!(
        refused,
        [
            "phone",
            "mobile",
            "email",
            "address",
            "id_number",
            "birth_date",
            "wechat"
        ]
    );
    assert_eq!(problems.errors().count(), 7, "{problems}");
}
