//! Load: read the site's files and validate them into a plain [`Site`].
//!
//! Parsers take text and return model values plus problems; only the thin
//! functions here touch the disk. That keeps every rule testable on a string
//! and lets `check`, `build` and `serve` share one path into the model.

use std::path::Path;

use crate::model::Site;
use crate::problem::Problems;

/// Loads and validates the site at `root`. On success, the site and any
/// warnings; on failure, every problem found (errors and warnings).
pub fn load_site(root: &Path) -> Result<(Site, Problems), Problems> {
    let _ = root;
    Err(Problems::default())
}
