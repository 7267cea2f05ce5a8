//! What every target asserts of the problems it gets back: the rules of
//! the contract's section 7, checked on every input the fuzzer tries.

use renda::problem::Problems;

/// `parsed` is whether the file gave a value. A file that gives none must
/// say why, or an editor's work would vanish without a word.
pub fn check(problems: &Problems, parsed: bool) {
    assert!(
        parsed || problems.has_errors(),
        "a file was dropped without an error"
    );
    for p in &problems.0 {
        assert!(p.line >= 1 && p.column >= 1, "unplaced: {}", p.headline());
        assert!(!p.file.as_os_str().is_empty(), "no file: {}", p.headline());
        assert!(!p.message.is_empty(), "no message: {}", p.headline());
        assert!(
            p.help.as_deref().is_some_and(|h| !h.is_empty()),
            "no help: {}",
            p.headline()
        );
        if let (Some(span), Some(text)) = (&p.span, &p.text) {
            assert!(
                span.start <= span.end && span.end <= text.len(),
                "span {span:?} outside a text of {} bytes: {}",
                text.len(),
                p.headline()
            );
        }
        let _ = p.report(false);
    }
}
