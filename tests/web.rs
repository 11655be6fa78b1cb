//! Component and storage tests in a real headless Chromium (wasm-bindgen-test).
//! Run by `cargo xtask test`; natively this file compiles to nothing.
#![cfg(target_arch = "wasm32")]

use ajar_app::checkin_flow::{CheckInFlow, Status};
use ajar_app::components::rating_scale::RatingScale;
use ajar_app::offline;
use ajar_core::Rating;
use ajar_core::draft::Draft;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::HtmlInputElement;

wasm_bindgen_test_configure!(run_in_browser);

/// Leptos updates the DOM asynchronously: let it run before reading.
async fn tick() {
    any_spawner::Executor::tick().await;
}

fn fresh_container() -> web_sys::HtmlElement {
    let document = web_sys::window().unwrap().document().unwrap();
    let div = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&div).unwrap();
    div.unchecked_into()
}

fn radios(parent: &web_sys::HtmlElement) -> Vec<HtmlInputElement> {
    let list = parent.query_selector_all("input[type=radio]").unwrap();
    (0..list.length())
        .map(|i| list.item(i).unwrap().unchecked_into())
        .collect()
}

/// A reactive owner on a browser executor, as `mount_to` would set up, for testing the
/// check-in flow without a component around it.
fn reactive_root() -> Owner {
    // Already set by an earlier test in the same page: that is fine.
    let _ = any_spawner::Executor::init_wasm_bindgen();
    let owner = Owner::new();
    owner.set();
    owner
}

fn clear_storage() {
    web_sys::window()
        .unwrap()
        .local_storage()
        .unwrap()
        .unwrap()
        .clear()
        .unwrap();
}

#[wasm_bindgen_test]
async fn rating_scale_offers_eleven_named_choices_and_none_is_preselected() {
    let parent = fresh_container();
    let picked = RwSignal::new(None::<Rating>);
    let _mounted = leptos::mount::mount_to(parent.clone(), move || {
        view! {
            <RatingScale question="How was it?" low_label="Awful" high_label="Great"
                value=picked on_pick=move |r| picked.set(Some(r))/>
        }
    });
    tick().await;

    let legend = parent.query_selector("legend").unwrap().unwrap();
    assert_eq!(legend.text_content().unwrap(), "How was it?");
    let options = radios(&parent);
    assert_eq!(options.len(), 11);
    assert!(options.iter().all(|r| !r.checked()), "nothing pre-selected");
    assert_eq!(options[0].get_attribute("aria-label").unwrap(), "0, Awful");
    assert_eq!(options[5].get_attribute("aria-label").unwrap(), "5");
    assert_eq!(
        options[10].get_attribute("aria-label").unwrap(),
        "10, Great"
    );

    options[7].click();
    tick().await;
    assert_eq!(picked.get_untracked(), Some(Rating::parse(7).unwrap()));
    assert!(options[7].checked());
    assert_eq!(radios(&parent).iter().filter(|r| r.checked()).count(), 1);
}

#[wasm_bindgen_test]
async fn rating_scale_shows_a_value_set_from_outside() {
    let parent = fresh_container();
    let picked = RwSignal::new(Some(Rating::parse(3).unwrap()));
    let _mounted = leptos::mount::mount_to(parent.clone(), move || {
        view! { <RatingScale question="Q" low_label="L" high_label="H" value=picked on_pick=|_| {}/> }
    });
    tick().await;
    assert!(radios(&parent)[3].checked());
    picked.set(None);
    tick().await;
    assert!(radios(&parent).iter().all(|r| !r.checked()));
}

#[wasm_bindgen_test]
fn a_started_draft_keeps_its_id_across_loads() {
    clear_storage();
    let first = offline::load_or_start_draft();
    let again = offline::load_or_start_draft();
    assert_eq!(first.id, again.id, "reloading must not mint a new id");
}

#[wasm_bindgen_test]
fn a_saved_draft_comes_back_exactly() {
    clear_storage();
    let mut draft = offline::new_draft();
    draft.rating = Some(Rating::parse(2).unwrap());
    draft.note = "  exactly as typed\n".into();
    offline::save_draft(&draft);
    let back: Draft = offline::load_or_start_draft();
    assert_eq!(back, draft);
}

#[wasm_bindgen_test]
async fn every_answer_change_reaches_storage_at_once() {
    clear_storage();
    let _owner = reactive_root();
    let flow = CheckInFlow::new();
    assert_eq!(flow.status.get_untracked(), Status::Blank);

    flow.set_rating(Rating::parse(9).unwrap());
    flow.set_note("half a thought".into());
    tick().await;

    let stored = offline::load_or_start_draft();
    assert_eq!(stored.id, flow.draft.get_untracked().id);
    assert_eq!(stored.rating, Some(Rating::parse(9).unwrap()));
    assert_eq!(stored.note, "half a thought");
    assert_eq!(flow.status.get_untracked(), Status::SavedOnPhone);
    assert_eq!(flow.status.get_untracked().words(), "Saved on this phone");
}

#[wasm_bindgen_test]
fn sending_without_a_rating_is_refused_and_keeps_the_note() {
    clear_storage();
    let _owner = reactive_root();
    let flow = CheckInFlow::new();
    flow.set_note("keep me".into());
    let err = flow.send().unwrap_err();
    assert_eq!(
        err.to_string(),
        "Please choose a number from 0 to 10 first."
    );
    assert_eq!(flow.draft.get_untracked().note, "keep me");
    assert!(offline::load_outbox().is_empty());
}
