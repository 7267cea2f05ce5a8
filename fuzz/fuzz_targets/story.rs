#![no_main]

mod common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let (story, problems) = renda::load::check_story_text(data);
    common::check(&problems, story.is_some());
    // The body goes on to the Markdown renderer; it must survive it too.
    if let Some(story) = story {
        for text in story.texts.values() {
            let _ = renda::render::markdown::to_html(&text.body, false);
            let _ = renda::render::markdown::plain_text(&text.body);
        }
    }
});
