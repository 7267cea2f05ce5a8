//! The open data as published: every file under `data/` is described in
//! `data/datapackage.json` with its real size and hash, every CSV column
//! has a field, and the `data/` page lists each file in every language.

mod render_support;

use render_support::{render_fixture, Rendered};
use serde_json::Value;
use sha2::{Digest, Sha256};

fn package(site: &Rendered) -> Value {
    serde_json::from_slice(site.bytes("data/datapackage.json")).unwrap()
}

/// Files under `data/` other than the package itself and the page.
fn data_files(site: &Rendered) -> Vec<String> {
    site.paths()
        .into_iter()
        .filter_map(|p| p.strip_prefix("data/").map(str::to_string))
        .filter(|p| p != "datapackage.json" && p != "index.html")
        .collect()
}

#[test]
fn every_data_file_is_described_with_its_size_and_hash() {
    for fixture in ["render-site", "valid-full"] {
        let site = render_fixture(fixture, false);
        let package = package(&site);
        let resources = package["resources"].as_array().unwrap();
        let mut described: Vec<String> = resources
            .iter()
            .map(|r| r["path"].as_str().unwrap().to_string())
            .collect();
        described.sort();
        let mut files = data_files(&site);
        files.sort();
        assert_eq!(
            described, files,
            "{fixture}: every data file, and only those"
        );
        for r in resources {
            let path = format!("data/{}", r["path"].as_str().unwrap());
            let bytes = site.bytes(&path);
            assert_eq!(r["bytes"], bytes.len(), "{path}");
            let hash: String = Sha256::digest(bytes)
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect();
            assert_eq!(r["hash"], format!("sha256:{hash}"), "{path}");
            let fields = r["schema"]["fields"]
                .as_array()
                .or(r["structure"].as_array())
                .unwrap_or_else(|| panic!("{path} has no fields"));
            assert!(!fields.is_empty(), "{path}");
            for f in fields {
                assert!(f["type"].is_string(), "{path}: {f}");
                let meaning = f["description"].as_str().unwrap();
                assert!(meaning.contains(" / "), "{path}: both languages: {f}");
            }
        }
    }
}

#[test]
fn csv_columns_are_the_schema_fields_in_order() {
    let site = render_fixture("valid-full", false);
    let package = package(&site);
    let csv = site.text("data/stats.csv");
    let header: Vec<&str> = csv
        .trim_start_matches('\u{feff}')
        .lines()
        .next()
        .unwrap()
        .split(',')
        .collect();
    let resource = package["resources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["path"] == "stats.csv")
        .unwrap();
    let fields: Vec<&str> = resource["schema"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap())
        .collect();
    assert_eq!(fields, header);
}

#[test]
fn the_licence_comes_from_site_yaml() {
    let site = render_fixture("valid-full", false);
    let package = package(&site);
    assert_eq!(package["licenses"][0]["name"], "CC-BY-4.0");
    for page in ["data/index.html", "en/data/index.html"] {
        let html = site.text(page);
        assert!(html.contains(">CC-BY-4.0</a>"), "{page}");
    }
    let bare = render_fixture("render-site", false);
    assert!(package_has_no_licence(&bare));
}

fn package_has_no_licence(site: &Rendered) -> bool {
    package(site).get("licenses").is_none()
}

#[test]
fn the_data_page_lists_each_file_with_its_size() {
    let site = render_fixture("render-site", false);
    let zh = site.text("data/index.html");
    let en = site.text("en/data/index.html");
    for name in ["stats.csv", "stats.json", "cases.json", "datapackage.json"] {
        assert!(zh.contains(&format!(">{name}</a>")), "zh lists {name}");
        assert!(en.contains(&format!(">{name}</a>")), "en lists {name}");
    }
    let size = site.bytes("data/cases.json").len();
    let shown = if size < 1024 {
        format!("{size} bytes")
    } else {
        format!("{:.1} KB", size as f64 / 1024.0)
    };
    assert!(en.contains(&shown), "{shown}");
    assert!(zh.contains("开放数据"));
    assert!(en.contains("What it holds"));
}
