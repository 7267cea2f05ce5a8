//! Photos (a story's, a project milestone's, a deputy's) at the widths a
//! screen needs.
//!
//! Editors put the photo from the camera beside the story or project;
//! residents on a phone should not download four megabytes to see it. So
//! each photo is resized when the site is built to a few widths, and the
//! page lets the browser pick one (`srcset`), while the original stays
//! published for whoever wants it whole.
//!
//! Nothing here reads files: the caller hands over the bytes (see
//! `build::read_photos`), so that the same function serves the build, the
//! preview and the tests, and gives the same bytes for the same photo every
//! time.

use std::collections::BTreeMap;
use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::{CompressionType, FilterType as PngFilter, PngEncoder};
use image::imageops::FilterType;
use image::{DynamicImage, ImageDecoder, ImageEncoder, ImageFormat, ImageReader};

use crate::model::{Deputy, Project, Story};

/// Widths a photo is resized to, for phones at one to three device pixels
/// per CSS pixel and for the text column (46rem) on a wide screen at two.
pub const WIDTHS: [u32; 4] = [360, 720, 1080, 1440];
/// Photos are re-encoded at this JPEG quality: no visible loss at these
/// sizes, a fraction of the bytes.
const QUALITY: u8 = 82;
/// A re-encoded copy at the photo's own width must save at least this
/// share of its bytes to be served instead of the original.
const WORTH_IT: f64 = 0.8;

/// A photo and its resized copies.
#[derive(Debug, Clone, PartialEq)]
pub struct Photo {
    /// As shown, after any orientation the camera recorded.
    pub width: u32,
    pub height: u32,
    /// `JPEG`, `PNG` or `WebP`, for the download link.
    pub format: &'static str,
    /// Bytes of the original file.
    pub size: usize,
    /// Narrowest first.
    pub variants: Vec<Variant>,
    /// The original is small enough to be offered to browsers as the
    /// widest choice, since no copy of it would be much lighter.
    pub original_in_srcset: bool,
    /// Identifies the original's bytes, so an unchanged photo need not be
    /// resized again.
    pub digest: [u8; 32],
    /// The original's bytes, published as they are beside each language's
    /// page, so that a build reads the file once.
    pub original: Arc<Vec<u8>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Variant {
    pub width: u32,
    pub height: u32,
    /// `jpg` for opaque photos, `png` for those with transparency.
    pub ext: &'static str,
    pub bytes: Arc<Vec<u8>>,
}

/// Every photo the site shows, by its file relative to the site root.
#[derive(Debug, Clone, Default)]
pub struct Photos {
    pub by_source: BTreeMap<PathBuf, Arc<Photo>>,
    /// The photos each story's text shows (see [`body_sources`]), by slug:
    /// found once, where the photos are read, for the story's page, its
    /// copies and the render cache alike.
    pub in_text: BTreeMap<String, Vec<PathBuf>>,
}

impl Photos {
    pub fn get(&self, source: &Path) -> Option<&Photo> {
        self.by_source.get(source).map(|p| p.as_ref())
    }

    /// The photos the text of the story `slug` shows, as [`body_sources`].
    pub fn in_text(&self, slug: &str) -> &[PathBuf] {
        self.in_text.get(slug).map_or(&[], Vec::as_slice)
    }
}

impl Photo {
    /// Its resized copies as files, for a photo published at `path` (an
    /// output path): each copy's path and bytes.
    pub fn copies<'a>(
        &'a self,
        path: &'a str,
    ) -> impl Iterator<Item = (String, &'a Arc<Vec<u8>>)> + 'a {
        self.variants
            .iter()
            .map(move |v| (variant_path(path, v.width, v.ext), &v.bytes))
    }
}

/// Whether a file is a photo renda can resize, by its name. Other images
/// (SVG drawings, GIF animations) are published as they are.
pub fn resizable(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    [".jpg", ".jpeg", ".png", ".webp"]
        .iter()
        .any(|ext| lower.ends_with(ext))
}

/// The file of a story's photo relative to the site root: in its bundle, or
/// under `static/`.
pub fn source_of(story: &Story) -> Option<PathBuf> {
    let image = story.image.as_ref()?;
    let base = story
        .bundle
        .clone()
        .unwrap_or_else(|| PathBuf::from("static"));
    Some(base.join(&image.src))
}

/// A photo a bundle's text shows (`![…](harbour.jpg)`), as the file of the
/// bundle it names, relative to the bundle; `None` for any other image.
pub fn body_photo(story: &Story, dest: &str) -> Option<PathBuf> {
    story.bundle.as_ref()?;
    let (path, _) = crate::load::links::split_suffix(dest);
    let decoded = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
    let relative = Path::new(decoded.trim_start_matches("./"));
    (resizable(&decoded) && story.assets.iter().any(|a| a == relative))
        .then(|| relative.to_path_buf())
}

/// The photos the texts of a bundle story show, as files relative to the
/// site root: resized like its own photo, so that a phone reading the
/// story does not fetch the camera's file for each.
pub fn body_sources(story: &Story) -> Vec<PathBuf> {
    let Some(bundle) = &story.bundle else {
        return Vec::new();
    };
    // Most bundles' texts name no photo of theirs: no parse for them.
    let names: Vec<String> = story
        .assets
        .iter()
        .map(|a| crate::routes::slash(a))
        .filter(|a| resizable(a))
        .flat_map(|a| [crate::routes::encode_path(&a), a])
        .collect();
    let named = story
        .texts
        .values()
        .any(|t| names.iter().any(|n| t.body.contains(n.as_str())));
    if !named {
        return Vec::new();
    }
    let mut out: Vec<PathBuf> = story
        .texts
        .values()
        .flat_map(|t| crate::load::markdown::links(&t.body))
        .filter(|l| l.image)
        .filter_map(|l| body_photo(story, &l.dest))
        .map(|relative| bundle.join(relative))
        .collect();
    out.sort();
    out.dedup();
    out
}

/// The file of a deputy's photo relative to the site root: beside the
/// deputy's file.
pub fn deputy_source(deputy: &Deputy, photo: &crate::model::Photo) -> PathBuf {
    deputy
        .source
        .parent()
        .unwrap_or(Path::new(""))
        .join(&photo.src)
}

/// The file of a project milestone's photo relative to the site root: in
/// the folder of the project's file.
pub fn milestone_source(project: &Project, photo: &crate::model::Photo) -> PathBuf {
    project
        .file
        .parent()
        .unwrap_or(Path::new(""))
        .join(&photo.src)
}

/// The output path of a copy `width` pixels wide of the photo published at
/// `original` (an output path): beside it, `forest.png` → `forest-720w.jpg`.
pub fn variant_path(original: &str, width: u32, ext: &str) -> String {
    let (dir, name) = match original.rfind('/') {
        Some(i) => original.split_at(i + 1),
        None => ("", original),
    };
    let stem = match name.rfind('.') {
        Some(i) if i > 0 => &name[..i],
        _ => name,
    };
    format!("{dir}{stem}-{width}w.{ext}")
}

/// The photo made ready for a page: a copy at each of [`WIDTHS`] narrower
/// than it and one at its own width, keeping only the copies lighter than
/// the original. Where a copy is dropped, the original stands in for it.
/// The error says what is wrong with the file, for the editor.
pub fn prepare(bytes: &[u8]) -> Result<Photo, String> {
    let widest = WIDTHS[WIDTHS.len() - 1];
    let mut photo = resize(bytes, &WIDTHS)?;
    let own = photo.width;
    let size = bytes.len() as f64;
    photo.variants.retain(|v| {
        let share = if v.width == own { WORTH_IT } else { 1.0 };
        (v.bytes.len() as f64) < size * share
    });
    photo.original_in_srcset = own <= widest && photo.variants.iter().all(|v| v.width < own);
    Ok(photo)
}

/// Decodes a photo and makes a copy at each of `widths`, narrowest first;
/// a width beyond the photo's gives a copy at its own width. The error says
/// what is wrong with the file.
pub fn resize(bytes: &[u8], widths: &[u32]) -> Result<Photo, String> {
    let reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| e.to_string())?;
    let format = match reader.format() {
        Some(ImageFormat::Jpeg) => "JPEG",
        Some(ImageFormat::Png) => "PNG",
        Some(ImageFormat::WebP) => "WebP",
        _ => return Err("it is not a JPEG, PNG or WebP image".to_string()),
    };
    let mut decoder = reader.into_decoder().map_err(describe)?;
    let orientation = decoder.orientation().map_err(describe)?;
    let mut image = DynamicImage::from_decoder(decoder).map_err(describe)?;
    image.apply_orientation(orientation);
    let (width, height) = (image.width(), image.height());
    if width == 0 || height == 0 {
        return Err("the image has no pixels".to_string());
    }
    let opaque = is_opaque(&image);
    // A drawing saved as PNG often stays smaller as PNG than as JPEG.
    let try_png = format == "PNG";
    let mut wanted: Vec<u32> = widths
        .iter()
        .map(|&w| w.min(width))
        .filter(|&w| w > 0)
        .collect();
    wanted.sort_unstable();
    wanted.dedup();
    // Each copy is made from the next wider one: much faster than from a
    // large original every time, and no visible difference.
    let mut variants = Vec::new();
    let mut source = image;
    for &w in wanted.iter().rev() {
        let h = scaled_height(width, height, w);
        let resized = if w == source.width() {
            source.clone()
        } else {
            source.resize_exact(w, h, FilterType::CatmullRom)
        };
        let (bytes, ext) = encode(&resized, opaque, try_png)?;
        variants.push(Variant {
            width: w,
            height: h,
            ext,
            bytes: Arc::new(bytes),
        });
        source = resized;
    }
    variants.reverse();
    Ok(Photo {
        width,
        height,
        format,
        size: bytes.len(),
        variants,
        original_in_srcset: false,
        digest: digest(bytes),
        original: Arc::new(bytes.to_vec()),
    })
}

/// The SHA-256 of a file's bytes.
pub fn digest(bytes: &[u8]) -> [u8; 32] {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes).into()
}

fn describe(err: image::ImageError) -> String {
    match err {
        image::ImageError::Limits(_) => "the image is too large to read".to_string(),
        other => format!("the image cannot be read: {other}"),
    }
}

fn scaled_height(width: u32, height: u32, to: u32) -> u32 {
    let h = (u64::from(height) * u64::from(to) + u64::from(width) / 2) / u64::from(width);
    h.clamp(1, u64::from(u32::MAX)) as u32
}

/// Whether every pixel is fully opaque, so that JPEG loses nothing a
/// reader would see.
fn is_opaque(image: &DynamicImage) -> bool {
    if !image.color().has_alpha() {
        return true;
    }
    image.to_rgba8().pixels().all(|p| p.0[3] == 255)
}

/// JPEG for an opaque photo, PNG to keep transparency; with `try_png`,
/// whichever of the two is smaller.
fn encode(
    image: &DynamicImage,
    opaque: bool,
    try_png: bool,
) -> Result<(Vec<u8>, &'static str), String> {
    let failed = |e: image::ImageError| format!("the image cannot be resized: {e}");
    let png = |image: &DynamicImage| -> Result<Vec<u8>, String> {
        let mut out = Vec::new();
        let (raw, color) = if opaque {
            (image.to_rgb8().into_raw(), image::ExtendedColorType::Rgb8)
        } else {
            (image.to_rgba8().into_raw(), image::ExtendedColorType::Rgba8)
        };
        PngEncoder::new_with_quality(&mut out, CompressionType::Best, PngFilter::Adaptive)
            .write_image(&raw, image.width(), image.height(), color)
            .map_err(failed)?;
        Ok(out)
    };
    if !opaque {
        return Ok((png(image)?, "png"));
    }
    let mut jpeg = Vec::new();
    JpegEncoder::new_with_quality(&mut jpeg, QUALITY)
        .encode_image(&image.to_rgb8())
        .map_err(failed)?;
    if try_png {
        let png = png(image)?;
        if png.len() < jpeg.len() {
            return Ok((png, "png"));
        }
    }
    Ok((jpeg, "jpg"))
}

/// `6 KB`, `1.2 MB`: a file's size for a download link.
pub fn file_size(bytes: usize, lang: &str) -> String {
    let kb = bytes as f64 / 1024.0;
    let (value, unit) = if kb < 1000.0 {
        (format!("{}", kb.ceil().max(1.0) as u64), "KB")
    } else {
        (format!("{:.1}", kb / 1024.0), "MB")
    };
    if lang == "zh" {
        format!("{value}{unit}")
    } else {
        format!("{value} {unit}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::{Rgb, RgbImage, Rgba, RgbaImage};

    /// A photo-like gradient, so that encoders have something to compress.
    fn png(width: u32, height: u32, alpha: bool) -> Vec<u8> {
        let mut out = Vec::new();
        let encoder = PngEncoder::new(&mut out);
        if alpha {
            let img = RgbaImage::from_fn(width, height, |x, y| {
                Rgba([
                    (x % 256) as u8,
                    (y % 256) as u8,
                    90,
                    if x < 4 { 0 } else { 255 },
                ])
            });
            encoder
                .write_image(img.as_raw(), width, height, image::ExtendedColorType::Rgba8)
                .unwrap();
        } else {
            let img = RgbImage::from_fn(width, height, |x, y| {
                Rgb([
                    (x * 7 % 256) as u8,
                    (y * 3 % 256) as u8,
                    ((x ^ y) % 256) as u8,
                ])
            });
            encoder
                .write_image(img.as_raw(), width, height, image::ExtendedColorType::Rgb8)
                .unwrap();
        }
        out
    }

    fn file(path: &str) -> Vec<u8> {
        std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).unwrap()
    }

    /// A drawing, 400 × 260, that PNG keeps small.
    fn forest() -> Vec<u8> {
        file("content/stories/deputy-forest/forest.png")
    }

    /// A photo, 720 × 468 JPEG.
    fn harbour() -> Vec<u8> {
        file("tests/fixtures/photos/harbour.jpg")
    }

    #[test]
    fn copies_keep_the_aspect_ratio() {
        let photo = resize(&forest(), &[360, 720]).unwrap();
        assert_eq!((photo.width, photo.height), (400, 260));
        assert_eq!(photo.format, "PNG");
        let sizes: Vec<(u32, u32)> = photo.variants.iter().map(|v| (v.width, v.height)).collect();
        assert_eq!(sizes, [(360, 234), (400, 260)]);
        for v in &photo.variants {
            let decoded = image::load_from_memory(&v.bytes).unwrap();
            assert_eq!((decoded.width(), decoded.height()), (v.width, v.height));
        }
    }

    #[test]
    fn a_photo_gets_lighter_copies_and_its_original_stands_in_at_full_width() {
        let photo = prepare(&harbour()).unwrap();
        assert_eq!((photo.width, photo.height), (720, 468));
        assert_eq!(photo.format, "JPEG");
        let widths: Vec<u32> = photo.variants.iter().map(|v| v.width).collect();
        assert_eq!(widths, [360]);
        assert!(photo.variants[0].bytes.starts_with(&[0xFF, 0xD8]));
        assert_eq!(photo.variants[0].ext, "jpg");
        assert!(photo.variants[0].bytes.len() < photo.size / 2);
        // Re-encoding a JPEG at its own width saves little: the original serves.
        assert!(photo.original_in_srcset);
    }

    #[test]
    fn a_drawing_that_would_not_shrink_is_served_as_it_is() {
        let photo = prepare(&forest()).unwrap();
        assert!(photo.variants.is_empty(), "{:?}", photo.variants.len());
        assert!(photo.original_in_srcset);
    }

    #[test]
    fn a_large_photo_gets_every_width_and_is_never_served_whole() {
        let photo = prepare(&png(1500, 200, false)).unwrap();
        let widths: Vec<u32> = photo.variants.iter().map(|v| v.width).collect();
        assert_eq!(widths, WIDTHS);
        assert!(!photo.original_in_srcset);
        assert_eq!(photo.variants[3].height, 192);
    }

    #[test]
    fn the_same_photo_gives_the_same_bytes() {
        assert_eq!(prepare(&harbour()), prepare(&harbour()));
        let bytes = png(800, 500, false);
        assert_eq!(resize(&bytes, &WIDTHS), resize(&bytes, &WIDTHS));
    }

    #[test]
    fn transparency_is_kept() {
        let photo = resize(&png(500, 100, true), &WIDTHS).unwrap();
        assert!(photo.variants.iter().all(|v| v.ext == "png"));
        let decoded = image::load_from_memory(&photo.variants[0].bytes).unwrap();
        assert!(decoded.color().has_alpha());
    }

    #[test]
    fn bad_files_are_described_not_panicked_on() {
        assert!(resize(b"", &WIDTHS).is_err());
        assert!(resize(b"not an image at all", &WIDTHS).is_err());
        let mut cut = forest();
        cut.truncate(cut.len() / 2);
        let err = resize(&cut, &WIDTHS).unwrap_err();
        assert!(err.contains("cannot be read"), "{err}");
        assert!(resize(b"GIF89a\x01\x00\x01\x00", &WIDTHS).is_err());
    }

    #[test]
    fn variant_paths_sit_beside_the_original() {
        assert_eq!(
            variant_path("stories/forest/forest.png", 360, "jpg"),
            "stories/forest/forest-360w.jpg"
        );
        assert_eq!(variant_path("a.b.JPG", 720, "jpg"), "a.b-720w.jpg");
        assert_eq!(variant_path(".hidden", 720, "jpg"), ".hidden-720w.jpg");
    }

    #[test]
    fn only_photos_are_resized() {
        assert!(resizable("a/B.JPG") && resizable("x.webp") && resizable("x.png"));
        assert!(!resizable("map.svg") && !resizable("anim.gif"));
    }

    #[test]
    fn sizes_read_naturally() {
        assert_eq!(file_size(6384, "en"), "7 KB");
        assert_eq!(file_size(10, "zh"), "1KB");
        assert_eq!(file_size(3_400_000, "en"), "3.2 MB");
    }
}
