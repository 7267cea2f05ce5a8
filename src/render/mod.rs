//! Render: the model and a theme in, pages out, each handed on as it is made.
//!
//! Nothing here reads or writes files; see `output` for that.

pub mod data;
pub mod feed;
pub mod format;
pub mod markdown;
pub mod sitemap;
