//! `build`: load, render, write, in that order, and nothing else.
//!
//! The same stages serve `check` (load alone) and `serve` (build again on
//! every change), so what an editor previews is what a publisher ships.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::cache::{self, Fingerprints, Reuse};
use crate::load::load_site;
use crate::model::Site;
use crate::output::{self, Output};
use crate::problem::{plural, Problem, Problems};
use crate::render::images::{self, Photo, Photos};
use crate::render::{copies, render, render_changed, OutputFile, RenderOptions, SavedRuns};
use crate::theme::Theme;

pub struct BuildOptions {
    pub root: PathBuf,
    /// Defaults to `output/` in the site's folder.
    pub output: Option<PathBuf>,
    /// Overrides `base_url` from site.yaml, e.g. for a preview server.
    pub base_url: Option<String>,
    pub drafts: bool,
    pub force: bool,
}

/// What a successful build did.
pub struct Built {
    pub site: Site,
    pub warnings: Problems,
    pub output: PathBuf,
    pub files: usize,
    /// How many files had new bytes, and how many went.
    pub written: crate::output::Written,
    /// How long each stage took, for `--verbose`.
    pub stages: Vec<(&'static str, Duration)>,
    /// What the render cache spared, for `--verbose`.
    pub reuse: String,
}

/// A site loaded, with its theme and photos, ready to render: what every
/// whole build starts from, whether it goes to a folder (`build`) or into
/// memory (`serve`), so that the two cannot drift apart.
pub struct Prepared {
    pub site: Site,
    pub warnings: Problems,
    pub theme: Theme,
    pub options: RenderOptions,
}

/// Loads the site at `root` and its theme, sets the base URL (from
/// site.yaml unless given) and reads the photos, reusing those in `known`
/// that have not changed. `lap` is told as each stage ends.
pub fn prepare(
    root: &Path,
    base_url: Option<&str>,
    drafts: bool,
    known: &Photos,
    lap: &mut dyn FnMut(&'static str),
) -> Result<Prepared, Problems> {
    let (mut site, warnings) = load_site(root)?;
    if let Some(url) = base_url {
        site.config.base_url = normalise_base_url(url).map_err(Problems::from)?;
    }
    let theme = Theme::load(root, &site.config)?;
    lap("load");
    let photos = read_photos(root, &site, drafts, known)?;
    lap("resize photos");
    Ok(Prepared {
        site,
        warnings,
        theme,
        options: RenderOptions {
            drafts,
            photos,
            ..Default::default()
        },
    })
}

/// Builds the site. `on_file` is called once per file written, from any
/// thread, so a caller can show progress.
pub fn build(options: &BuildOptions, on_file: &(dyn Fn() + Sync)) -> Result<Built, Problems> {
    let mut stages = Vec::new();
    let mut clock = Instant::now();
    let mut lap = |name: &'static str| {
        stages.push((name, clock.elapsed()));
        clock = Instant::now();
    };
    let Prepared {
        site,
        warnings,
        theme,
        options: mut render_options,
    } = prepare(
        &options.root,
        options.base_url.as_deref(),
        options.drafts,
        &Photos::default(),
        &mut lap,
    )?;
    let target = options
        .output
        .clone()
        .unwrap_or_else(|| options.root.join("output"));
    let inputs = Fingerprints::take(&site, &theme, &render_options);
    // Runs of the search index are named by what they were made from, so
    // they are used whatever the render cache decides, and even with
    // `--force`, which asks only that every page be made again.
    render_options.search_runs = SavedRuns::new(
        output::sibling(&target, "search"),
        cache::binary(),
        inputs.story_digests(),
    );
    // The cache names the output record it was made with, so it is never
    // applied to another tree, and a build killed before its swap leaves
    // both as they were.
    let reuse = match options.force {
        true => Reuse::Whole("--force"),
        false => inputs.compare(cache::read(&target).as_ref()),
    };
    let out = Output::begin(&target, &options.root, options.force)?;
    let emit = |file: OutputFile| {
        on_file();
        out.write(&file.path, &file.bytes)
    };
    let said = match reuse {
        Reuse::Stories { before, touched } => {
            let kept = render_changed(&before, &site, &touched, &theme, &render_options, &emit)?;
            let all_kept = kept.iter().all(|rel| out.keep(rel).is_ok());
            if all_kept {
                format!(
                    "{} changed {}: {} files kept unrendered",
                    touched.len(),
                    plural(touched.len(), "story", "stories"),
                    kept.len()
                )
            } else {
                // The previous output lacks a page it was said to hold:
                // render it all after all.
                render(&site, &theme, &render_options, &emit)?;
                "whole site rendered: the previous output was not as recorded".to_string()
            }
        }
        Reuse::Whole(why) => {
            render(&site, &theme, &render_options, &emit)?;
            format!("whole site rendered: {why}")
        }
    };
    lap("render and write");
    copy_sources(&site, &options.root, &out, &render_options)?;
    lap("copy static files and images");
    let (output, written) = out.finish()?;
    lap("swap in");
    // A build that cannot record its inputs still succeeded; the next one
    // renders the whole site.
    let _ = cache::write(&output, inputs);
    render_options.search_runs.prune();
    let said = match render_options.search_runs.said() {
        Some(runs) => format!("{said}; {runs}"),
        None => said,
    };
    Ok(Built {
        site,
        warnings,
        output,
        files: written.files,
        written,
        stages,
        reuse: said,
    })
}

/// Static files and bundle assets are published as they are. They are
/// copied after rendering, so a file in `static/` (a `robots.txt` of the
/// site's own, say) takes the place of the generated one. Each source is
/// read once, however many languages publish it, and a photo not at all:
/// its bytes were kept when it was resized.
fn copy_sources(
    site: &Site,
    root: &Path,
    out: &Output,
    options: &RenderOptions,
) -> Result<(), Problems> {
    let mut by_source: BTreeMap<PathBuf, Vec<String>> = BTreeMap::new();
    for job in copies(site, options) {
        by_source.entry(job.from).or_default().push(job.to);
    }
    let by_source: Vec<(PathBuf, Vec<String>)> = by_source.into_iter().collect();
    let problems: Vec<Problem> = by_source
        .par_iter()
        .filter_map(|(from, targets)| {
            let copied = match options.photos.get(from) {
                Some(photo) => write_all(out, targets, &photo.original),
                None => std::fs::read(root.join(from)).and_then(|b| write_all(out, targets, &b)),
            };
            copied.err().map(|e| {
                Problem::file(from, format!("cannot copy into the output: {e}"))
                    .help("check that the file is readable")
            })
        })
        .collect();
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Problems(problems))
    }
}

fn write_all(out: &Output, targets: &[String], bytes: &[u8]) -> std::io::Result<()> {
    targets.iter().try_for_each(|to| out.write(to, bytes))
}

/// Reads the photo of every published story (and those its text shows),
/// project milestone and deputy, and resizes it, in parallel. A photo whose bytes are those of one in
/// `previous` is not resized again, so the preview pays only for the
/// photos that changed. A site without photos reads nothing.
pub fn read_photos(
    root: &Path,
    site: &Site,
    drafts: bool,
    previous: &Photos,
) -> Result<Photos, Problems> {
    reread_photos(root, site, drafts, previous, &|_| true)
}

/// As [`read_photos`], but a photo whose file (relative to the site root)
/// `changed` leaves out is taken from `previous` unread, so that saving one
/// story in the preview does not read every photo of the site again.
pub fn reread_photos(
    root: &Path,
    site: &Site,
    drafts: bool,
    previous: &Photos,
    changed: &(dyn Fn(&Path) -> bool + Sync),
) -> Result<Photos, Problems> {
    let published = site.stories.iter().filter(|s| drafts || !s.draft);
    let in_text: std::collections::BTreeMap<String, Vec<PathBuf>> = published
        .clone()
        .map(|s| (s.slug.clone(), images::body_sources(s)))
        .filter(|(_, sources)| !sources.is_empty())
        .collect();
    let stories = published.flat_map(|s| {
        let own = s
            .image
            .as_ref()
            .filter(|i| images::resizable(&i.src))
            .and_then(|_| images::source_of(s));
        let shown = in_text.get(&s.slug).into_iter().flatten().cloned();
        own.into_iter().chain(shown)
    });
    let milestones = site.projects.iter().flat_map(|p| {
        p.milestones
            .iter()
            .filter_map(|m| m.photo.as_ref())
            .filter(|photo| images::resizable(&photo.src))
            .map(|photo| images::milestone_source(p, photo))
    });
    let deputies = site.deputies.iter().filter_map(|d| {
        let photo = d
            .photo
            .as_ref()
            .filter(|photo| images::resizable(&photo.src))?;
        Some(images::deputy_source(d, photo))
    });
    let mut sources: Vec<(PathBuf, bool)> = stories
        .chain(milestones)
        .chain(deputies)
        .map(|source| {
            let changed = changed(&source);
            (source, changed)
        })
        .collect();
    // A photo two pages share is read when either changed.
    sources.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
    sources.dedup_by(|a, b| a.0 == b.0);
    let results: Vec<Result<(PathBuf, std::sync::Arc<Photo>), Problem>> = sources
        .into_par_iter()
        .map(|(source, changed)| {
            if let Some(photo) = previous.by_source.get(&source).filter(|_| !changed) {
                return Ok((source, photo.clone()));
            }
            let bytes = std::fs::read(root.join(&source)).map_err(|e| {
                Problem::file(&source, format!("cannot read the photo: {e}"))
                    .help("check that the file is there and readable")
            })?;
            let digest = images::digest(&bytes);
            if let Some(photo) = previous
                .by_source
                .get(&source)
                .filter(|p| p.digest == digest)
            {
                return Ok((source, photo.clone()));
            }
            match images::prepare(&bytes) {
                Ok(photo) => Ok((source, std::sync::Arc::new(photo))),
                Err(why) => Err(Problem::file(&source, why).help(
                    "replace it with a JPEG, PNG or WebP file that opens in an image viewer",
                )),
            }
        })
        .collect();
    let mut photos = Photos {
        in_text,
        ..Photos::default()
    };
    let mut problems = Vec::new();
    for result in results {
        match result {
            Ok((source, photo)) => {
                photos.by_source.insert(source, photo);
            }
            Err(problem) => problems.push(problem),
        }
    }
    if problems.is_empty() {
        Ok(photos)
    } else {
        Err(Problems(problems))
    }
}

/// `--base-url` as given on the command line, made absolute with a
/// trailing slash like the one in site.yaml.
pub fn normalise_base_url(url: &str) -> Result<String, Problem> {
    let ok = (url.starts_with("http://") || url.starts_with("https://"))
        && url.split("://").nth(1).is_some_and(|rest| !rest.is_empty());
    if !ok {
        return Err(
            Problem::file("--base-url", format!("`{url}` is not an absolute URL"))
                .help("give the address the site will be served from, e.g. https://example.org/"),
        );
    }
    Ok(if url.ends_with('/') {
        url.to_string()
    } else {
        format!("{url}/")
    })
}

/// "7 districts, 42 stories (40 translated), 12 statistics periods".
pub fn summary(site: &Site) -> String {
    let districts = site.districts.len();
    let stories = site.stories.len();
    let translated = site
        .stories
        .iter()
        .filter(|s| s.texts.len() == site.config.languages.len())
        .count();
    let periods = site.stats.len();
    let mut out = format!(
        "{districts} {}, {stories} {} ({translated} translated), {periods} statistics {}",
        plural(districts, "district", "districts"),
        plural(stories, "story", "stories"),
        plural(periods, "period", "periods"),
    );
    let projects = site.projects.len();
    if projects > 0 {
        out.push_str(&format!(
            ", {projects} livelihood {}",
            plural(projects, "project", "projects")
        ));
    }
    let (deputies, stations) = (site.deputies.len(), site.stations.len());
    if deputies + stations > 0 {
        out.push_str(&format!(
            ", {deputies} {}, {stations} {}",
            plural(deputies, "deputy", "deputies"),
            plural(stations, "station", "stations"),
        ));
    }
    out
}
