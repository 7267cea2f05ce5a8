//! renda compiles a folder of Markdown case stories and YAML statistics into
//! a bilingual static site for a local people's congress.
//!
//! The work is a pipeline, and the modules follow it:
//! [`load`] reads and validates the files into a plain [`model::Site`]
//! (with [`links`] and [`translation`] checking what bodies link to and
//! whether translations are current); [`render`] turns the model and a
//! [`theme`] into pages, handing each on as it is made; [`output`] writes
//! them into a fresh folder and swaps it in whole; [`cache`] keeps beside
//! the output what its build was made from, so the next renders again only
//! what changed.
//!
//! The commands are thin: `check` is [`load`] alone, [`build`] is all three
//! stages, [`serve`] keeps the site in memory and renders again only what a
//! saved story touches, and [`editor`] writes new sources for editors. Every
//! problem found on the way is a [`problem::Problem`] that names its file,
//! line and column.

pub mod build;
pub mod cache;
pub mod cli;
pub mod deploy;
pub mod editor;
pub mod html;
pub mod load;
pub mod media;
pub mod model;
pub mod output;
pub mod problem;
pub mod render;
pub mod routes;
pub mod serve;
pub mod theme;
pub mod translation;
