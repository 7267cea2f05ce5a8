//! Text that `renda init` and `renda new` write for an editor to replace,
//! and where it is still found.
//!
//! It is looked for as each file is read, so that `check` need not read
//! the site a second time: the warnings travel with the file's problems and
//! are set aside at the end of loading, for `check` alone to report (a
//! build or the preview says nothing of them).

use std::path::Path;
use std::sync::Arc;

use crate::problem::{Problem, Problems};

/// Placeholders in one language.
pub(crate) struct Words {
    pub title: &'static str,
    pub summary: &'static str,
    pub body: &'static str,
    pub image_alt: &'static str,
    pub name: &'static str,
    pub district_summary: &'static str,
    pub town: &'static str,
    pub source: &'static str,
    pub campaign: &'static str,
    pub congress: &'static str,
    pub role: &'static str,
    pub occupation: &'static str,
    pub address: &'static str,
    pub hours: &'static str,
}

pub(crate) const ZH: Words = Words {
    title: "在这里写标题，说清谁为群众办成了什么事",
    summary: "在这里写一句话摘要，用在案例列表、订阅和搜索结果中。",
    body: "在这里写正文。先交代时间、地点、人物和群众反映的问题，再写代表怎样跟进、部门怎样处置，最后写结果和群众的评价。\n\n段落之间空一行。",
    image_alt: "描述图片的内容",
    name: "在这里写名称",
    district_summary: "在这里用一两句话介绍这个区县。",
    town: "某某镇",
    source: "在这里写来源，如市人大常委会工作报告",
    campaign: "活动名称",
    congress: "江门市第十六届人民代表大会",
    role: "市人大代表",
    occupation: "按代表名单填写",
    address: "在这里写联络站地址",
    hours: "如：每周四 9:00-12:00 代表接待日",
};

pub(crate) const EN: Words = Words {
    title: "Write the title here, saying who got what done for residents",
    summary: "Write a one-sentence summary here, shown in story lists, feeds and search results.",
    body: "Write the text here. Start with when and where, who was involved and what residents raised; then how the deputies followed it up and what the departments did; end with the result and how residents rated it.\n\nLeave a blank line between paragraphs.",
    image_alt: "Describe what the picture shows",
    name: "Write the name here",
    district_summary: "Write a sentence or two about the district here.",
    town: "Example Town",
    source: "Write the source here, such as the Standing Committee work report",
    campaign: "Campaign name",
    congress: "16th Jiangmen Municipal People's Congress",
    role: "Deputy to the Municipal People's Congress",
    occupation: "As in the official list",
    address: "Write the station's address here",
    hours: "e.g. Thursdays 9:00-12:00, deputies' reception",
};

/// Text that `init` and `new` write for an editor to replace: `check`
/// points at it while it is still there, since it would otherwise be
/// published as it stands. Each holds one of [`MARKERS`].
pub const PLACEHOLDERS: &[&str] = &[
    ZH.title,
    ZH.summary,
    "在这里写正文",
    ZH.name,
    ZH.district_summary,
    ZH.source,
    ZH.address,
    EN.title,
    EN.summary,
    "Write the text here",
    EN.name,
    EN.district_summary,
    EN.source,
    EN.address,
    "在这里写站点名称",
    "Write the site's name here",
    "在这里用一句话说明本站是什么",
    "在这里介绍本站",
    "Say in one sentence what this site is",
    "Write about the site here",
];

/// Every placeholder holds one of these, so a file is searched for them
/// alone, and only the lines that hold one (in a real site, a few lines
/// that say "在这里" as anyone might) are searched for placeholders.
const MARKERS: &[&str] = &["在这里", "Write ", "Say in one sentence"];

const MESSAGE: &str = "this is still the placeholder text that `renda init` or `renda new` wrote";

/// A warning at each placeholder in `text`, the file `shown`. Comments are
/// left alone: the examples in them are meant to stay.
pub(super) fn find(shown: &Path, text: &Arc<str>) -> Vec<Problem> {
    let mut lines = std::collections::BTreeSet::new();
    for marker in MARKERS.iter().filter(|m| text.contains(*m)) {
        for (at, _) in text.match_indices(marker) {
            lines.insert(text[..at].rfind('\n').map_or(0, |i| i + 1));
        }
    }
    let mut out = Vec::new();
    for start in lines {
        let end = text[start..]
            .find('\n')
            .map_or(text.len(), |i| start + i + 1);
        let line = &text[start..end];
        let code = line.split(" # ").next().unwrap_or(line);
        if code.trim_start().starts_with('#') {
            continue;
        }
        for placeholder in PLACEHOLDERS {
            if let Some(at) = code.find(placeholder) {
                let at = start + at;
                out.push(
                    Problem::at(shown, text, at..at + placeholder.len(), MESSAGE)
                        .help("write the site's own words here before it is published")
                        .warning(),
                );
            }
        }
    }
    out
}

/// Takes the placeholder warnings out of `problems`, in their order.
pub(super) fn take(problems: &mut Problems) -> Problems {
    let (found, rest) = std::mem::take(&mut problems.0)
        .into_iter()
        .partition(|p| p.message == MESSAGE && !p.is_error());
    problems.0 = rest;
    Problems(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_placeholder_holds_a_marker() {
        for p in PLACEHOLDERS {
            assert!(MARKERS.iter().any(|m| p.contains(m)), "{p}");
        }
    }

    #[test]
    fn placeholders_are_found_outside_comments_only() {
        let text: Arc<str> = Arc::from(format!(
            "# title: {t}\ntitle: {t}  # {t}\nbody: 就在这里。\nsource: {s}\n{e}",
            t = ZH.title,
            s = ZH.source,
            e = EN.title,
        ));
        let found = find(Path::new("a.yaml"), &text);
        let places: Vec<(usize, usize)> = found.iter().map(|p| (p.line, p.column)).collect();
        assert_eq!(places, [(2, 8), (4, 9), (5, 1)]);
        let mut problems = Problems(found);
        problems.push(Problem::file("b.md", "another warning").warning());
        assert_eq!(take(&mut problems).0.len(), 3);
        assert_eq!(problems.0.len(), 1);
        assert_eq!(problems.0[0].message, "another warning");
    }
}
