//! Livelihood projects end to end: warnings an editor should see, a parent
//! whose figures come from its weighted items, and the pages and open data
//! made from them.

use std::path::{Path, PathBuf};

use renda::load::load_site;
use renda::model::{Basis, Figure, ProjectStatus};

mod support;
use support::fixture;

fn groups(group: &str) -> Vec<PathBuf> {
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
fn each_warning_is_reported_with_its_place_and_a_fix() {
    let sites = groups("warnings");
    assert!(!sites.is_empty());
    let mut failures = Vec::new();
    for site in sites {
        let expected = std::fs::read_to_string(site.join("expected-warnings.txt"))
            .unwrap_or_else(|_| panic!("{} has no expected-warnings.txt", site.display()));
        let warnings = match load_site(&site) {
            Ok((_, w)) => w,
            Err(p) => {
                failures.push(format!("{}: did not load:\n{p}", site.display()));
                continue;
            }
        };
        let got: Vec<String> = warnings.warnings().map(|p| p.headline()).collect();
        let want: Vec<&str> = expected.lines().filter(|l| !l.is_empty()).collect();
        if got != want {
            failures.push(format!(
                "{}:\n  want {want:#?}\n  got  {got:#?}",
                site.display()
            ));
        }
        for p in warnings.warnings() {
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
fn a_parent_takes_its_figures_from_its_weighted_items() {
    let (site, warnings) = load_site(&fixture("projects-site")).unwrap_or_else(|p| panic!("{p}"));
    assert!(warnings.is_empty(), "{warnings}");
    let ids: Vec<String> = site.projects.iter().map(|p| p.id()).collect();
    assert_eq!(
        ids,
        [
            "2024/county-clinic",
            "2024/heshan-school",
            "2024/pengjiang-school",
            "2024/school-places",
            "2024/street-lights",
            "2023/drainage"
        ],
        "newest year first, then by slug"
    );
    let parent = site.project(2024, "school-places").unwrap();
    let d = &parent.derived;
    assert_eq!(d.items, ["heshan-school", "pengjiang-school"]);
    // (1 × 50 + 2 × 75) / 3 = 66.666… shown to one decimal.
    assert_eq!(
        d.progress,
        Some(Figure {
            value: 66.7,
            basis: Basis::Items(2)
        })
    );
    assert_eq!(
        d.planned,
        Some(Figure {
            value: 1_000_000.0,
            basis: Basis::Given
        })
    );
    assert_eq!(
        d.spent,
        Some(Figure {
            value: 300_000.3,
            basis: Basis::Items(2)
        })
    );
    assert_eq!(
        d.targets[0].target,
        Some(Figure {
            value: 15000.0,
            basis: Basis::Given
        })
    );
    assert_eq!(
        d.targets[0].achieved,
        Some(Figure {
            value: 15499.0,
            basis: Basis::Items(2)
        })
    );
    assert_eq!(parent.vote.as_ref().unwrap().for_, Some(356));
    assert_eq!(parent.stories, ["school-vote"]);
    assert_eq!(parent.milestones[1].line, 14);

    let lights = site.project(2024, "street-lights").unwrap();
    assert_eq!(lights.status, Some(ProjectStatus::Completed));
    assert_eq!(
        lights.derived.progress,
        Some(Figure {
            value: 100.0,
            basis: Basis::Status
        })
    );
    let clinic = site.project(2024, "county-clinic").unwrap();
    assert_eq!(clinic.kind, "county-projects");
    assert_eq!(clinic.derived.progress.map(|f| f.value), Some(0.0));
}
