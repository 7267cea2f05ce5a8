//! `data/datapackage.json`: the open data files described as a Frictionless
//! Data Package, so that a journalist's tools (and residents reading the
//! `data/` page) learn what each file holds without reading renda's code.
//!
//! Each data file is made together with its description (a [`DataFile`]),
//! by the function that writes it, so that a new column cannot be published
//! without being described: the package and the `data/` page are then
//! built from the files as made, with their real sizes and hashes.

use serde_json::{json, Map, Value};
use sha2::{Digest, Sha256};

use crate::model::Site;

/// Text renda itself writes about its files, in Chinese and English. Any
/// other site language is given the English.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Words {
    pub zh: String,
    pub en: String,
}

/// Shorthand for [`Words`].
pub fn words(zh: impl Into<String>, en: impl Into<String>) -> Words {
    Words {
        zh: zh.into(),
        en: en.into(),
    }
}

impl Words {
    pub fn get(&self, lang: &str) -> &str {
        if lang == "zh" {
            &self.zh
        } else {
            &self.en
        }
    }
}

/// One published data file, with what it holds.
#[derive(Debug, Clone)]
pub struct DataFile {
    /// Relative to the output folder, e.g. `data/stats.csv`.
    pub path: String,
    pub bytes: Vec<u8>,
    /// The resource's name in the package: lowercase, digits, `-`, `_`, `.`.
    pub name: &'static str,
    pub title: Words,
    /// What one row (or entry) is, and what the file is good for.
    pub holds: Words,
    pub format: Format,
    /// For CSV, the columns in order; for JSON, each value by its path
    /// (`cases[].stages.<stage>.date`).
    pub fields: Vec<Field>,
    /// Where the figures come from, beyond the site's own content files.
    pub sources: Vec<SourceRef>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// UTF-8 with a byte-order mark, for spreadsheets.
    Csv,
    Json,
}

/// A Table Schema type: `string`, `integer`, `number`, `boolean`, `date`,
/// `object` or `array`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    String,
    Integer,
    Number,
    Boolean,
    Date,
    Object,
    Array,
}

#[derive(Debug, Clone)]
pub struct Field {
    pub name: String,
    pub kind: Kind,
    pub meaning: Words,
    /// The unit of a figure, when it has one that is the same on every row.
    pub unit: Option<Words>,
}

/// Shorthand for a [`Field`] without a unit.
pub fn field(name: impl Into<String>, kind: Kind, meaning: Words) -> Field {
    Field {
        name: name.into(),
        kind,
        meaning,
        unit: None,
    }
}

/// A publication the data was taken from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceRef {
    pub title: String,
    pub url: Option<String>,
}

impl Kind {
    pub fn key(self) -> &'static str {
        match self {
            Kind::String => "string",
            Kind::Integer => "integer",
            Kind::Number => "number",
            Kind::Boolean => "boolean",
            Kind::Date => "date",
            Kind::Object => "object",
            Kind::Array => "array",
        }
    }
}

impl DataFile {
    /// The file's name without its folder, as residents see it.
    pub fn file_name(&self) -> &str {
        self.path.rsplit('/').next().unwrap_or(&self.path)
    }

    pub fn media_type(&self) -> &'static str {
        match self.format {
            Format::Csv => "text/csv",
            Format::Json => "application/json",
        }
    }
}

/// Where the package is published.
pub const PATH: &str = crate::routes::DATAPACKAGE;

/// The package: the site, its data licence, and one resource per file.
/// Paths are relative to the package, which sits in `data/` beside them.
pub fn package_json(site: &Site, files: &[DataFile]) -> String {
    let config = &site.config;
    let default = config.default_language();
    let (title, _) = config.title.get(default, default);
    let mut package = Map::new();
    package.insert("profile".into(), json!("data-package"));
    package.insert("name".into(), json!("open-data"));
    package.insert("title".into(), json!(title));
    package.insert(
        "description".into(),
        json!(format!(
            "{} / {}",
            "本站公开的全部数据文件：统计记录及其出处、案例办理进度。",
            "Every data file this site publishes: statistics records with their sources, and the progress of cases."
        )),
    );
    package.insert(
        "homepage".into(),
        json!(format!("{}data/", config.base_url)),
    );
    if let Some(license) = &config.data_license {
        package.insert("licenses".into(), json!([license_json(license)]));
    }
    let resources: Vec<Value> = files.iter().map(resource_json).collect();
    package.insert("resources".into(), Value::Array(resources));
    let mut text = serde_json::to_string_pretty(&Value::Object(package)).unwrap_or_default();
    text.push('\n');
    text
}

/// A licence by its SPDX identifier, with its name and text's address when
/// the SPDX list knows it.
fn license_json(id: &str) -> Value {
    match spdx::license_id(id) {
        Some(known) => json!({
            "name": known.name,
            "title": known.full_name,
            "path": format!("https://spdx.org/licenses/{}.html", known.name),
        }),
        None => json!({ "name": id }),
    }
}

fn resource_json(file: &DataFile) -> Value {
    let path = file.path.strip_prefix("data/").unwrap_or(&file.path);
    let mut r = Map::new();
    r.insert("name".into(), json!(file.name));
    r.insert("path".into(), json!(path));
    r.insert("title".into(), json!(both(&file.title)));
    r.insert("description".into(), json!(both(&file.holds)));
    match file.format {
        Format::Csv => {
            r.insert("format".into(), json!("csv"));
            r.insert("mediatype".into(), json!("text/csv"));
            r.insert("encoding".into(), json!("utf-8-sig"));
            r.insert(
                "dialect".into(),
                json!({ "delimiter": ",", "lineTerminator": "\r\n", "header": true }),
            );
            let fields: Vec<Value> = file.fields.iter().map(field_json).collect();
            r.insert("schema".into(), json!({ "fields": fields }));
        }
        Format::Json => {
            r.insert("format".into(), json!("json"));
            r.insert("mediatype".into(), json!("application/json"));
            r.insert("encoding".into(), json!("utf-8"));
            // Table Schema describes tables only; the values of a nested
            // JSON file are described by their paths instead.
            let fields: Vec<Value> = file.fields.iter().map(field_json).collect();
            r.insert("structure".into(), Value::Array(fields));
        }
    }
    r.insert("bytes".into(), json!(file.bytes.len()));
    r.insert(
        "hash".into(),
        json!(format!("sha256:{}", sha256(&file.bytes))),
    );
    if !file.sources.is_empty() {
        let sources: Vec<Value> = file
            .sources
            .iter()
            .map(|s| match &s.url {
                Some(url) => json!({ "title": s.title, "path": url }),
                None => json!({ "title": s.title }),
            })
            .collect();
        r.insert("sources".into(), Value::Array(sources));
    }
    Value::Object(r)
}

fn field_json(field: &Field) -> Value {
    let mut f = Map::new();
    f.insert("name".into(), json!(field.name));
    f.insert("type".into(), json!(field.kind.key()));
    f.insert("description".into(), json!(both(&field.meaning)));
    if let Some(unit) = &field.unit {
        f.insert("unit".into(), json!(both(unit)));
    }
    Value::Object(f)
}

/// Chinese, then English, as the rest of the site has them.
fn both(words: &Words) -> String {
    if words.zh == words.en {
        words.en.clone()
    } else {
        format!("{} / {}", words.zh, words.en)
    }
}

fn sha256(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// A file size for residents: bytes below a kilobyte, else KB or MB with
/// one decimal.
pub fn size(bytes: usize, lang: &str) -> String {
    let b = bytes as f64;
    let (n, unit) = if bytes < 1024 {
        return if lang == "zh" {
            format!("{bytes} 字节")
        } else {
            format!("{bytes} bytes")
        };
    } else if b < 1024.0 * 1024.0 {
        (b / 1024.0, "KB")
    } else {
        (b / 1024.0 / 1024.0, "MB")
    };
    format!("{n:.1} {unit}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_naturally() {
        assert_eq!(size(512, "zh"), "512 字节");
        assert_eq!(size(512, "en"), "512 bytes");
        assert_eq!(size(2048, "en"), "2.0 KB");
        assert_eq!(size(3 * 1024 * 1024 + 1, "zh"), "3.0 MB");
    }

    #[test]
    fn known_licences_get_their_name_and_text() {
        let v = license_json("CC-BY-4.0");
        assert_eq!(v["name"], "CC-BY-4.0");
        assert_eq!(v["path"], "https://spdx.org/licenses/CC-BY-4.0.html");
        assert_eq!(license_json("LicenseRef-x")["name"], "LicenseRef-x");
    }

    #[test]
    fn hashes_are_sha256() {
        assert_eq!(
            sha256(b""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }
}
