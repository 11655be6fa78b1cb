//! Component and storage tests in a real headless Chromium (wasm-bindgen-test).
//! Run by `cargo xtask test`; natively this file compiles to nothing.
#![cfg(target_arch = "wasm32")]

use ajar_app::components::choice_list::ChoiceList;
use ajar_app::components::crisis_panel::CrisisPanel;
use ajar_app::components::line_chart::{LineChart, Series};
use ajar_app::components::rating_scale::RatingScale;
use ajar_app::offline;
use ajar_core::Rating;
use ajar_core::instrument::ItemKind;
use ajar_core::instruments::{BETWEEN, PHQ9, SESSION};
use ajar_core::outbox::Outgoing;
use ajar_core::response::Answer;
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
async fn choice_list_shows_the_published_phq9_options_and_reports_the_value() {
    let ItemKind::Choice { options } = PHQ9.items[0].kind else {
        panic!("PHQ-9 items are choices")
    };
    let parent = fresh_container();
    let picked = RwSignal::new(None::<u8>);
    let _mounted = leptos::mount::mount_to(parent.clone(), move || {
        view! {
            <ChoiceList question=PHQ9.items[0].text lead=PHQ9.intro options
                value=picked on_pick=move |v| picked.set(Some(v))/>
        }
    });
    tick().await;
    let labels: Vec<String> = {
        let list = parent.query_selector_all("label.choice").unwrap();
        (0..list.length())
            .map(|i| list.item(i).unwrap().text_content().unwrap())
            .collect()
    };
    assert_eq!(
        labels,
        [
            "Not at all",
            "Several days",
            "More than half the days",
            "Nearly every day"
        ]
    );
    let legend = parent
        .query_selector("legend")
        .unwrap()
        .unwrap()
        .text_content()
        .unwrap();
    assert!(legend.starts_with("Over the last 2 weeks"), "{legend}");
    assert!(radios(&parent).iter().all(|r| !r.checked()));
    radios(&parent)[2].click();
    tick().await;
    assert_eq!(picked.get_untracked(), Some(2));
}

#[wasm_bindgen_test]
fn a_started_draft_keeps_its_id_across_loads() {
    clear_storage();
    let first = offline::load_or_start_draft(&SESSION);
    let again = offline::load_or_start_draft(&SESSION);
    assert_eq!(first.id, again.id, "reloading must not mint a new id");
    let other = offline::load_or_start_draft(&BETWEEN);
    assert_ne!(first.id, other.id, "each instrument has its own draft");
}

#[wasm_bindgen_test]
fn a_saved_draft_comes_back_exactly() {
    clear_storage();
    let mut draft = offline::load_or_start_draft(&BETWEEN);
    draft.set("since", Answer::Value(2), offline::now_ms());
    draft.set(
        "agenda",
        Answer::Text("  exactly as typed\n".into()),
        offline::now_ms(),
    );
    draft.step = 2;
    assert!(offline::save_draft(&draft));
    assert_eq!(offline::load_draft(&BETWEEN), Some(draft));
}

#[wasm_bindgen_test]
fn an_expired_draft_is_gone_for_good() {
    clear_storage();
    let mut draft = offline::load_or_start_draft(&SESSION);
    draft.updated_at_ms = offline::now_ms() - 15 * ajar_core::due::DAY_MS;
    offline::save_draft(&draft);
    assert_eq!(offline::load_draft(&SESSION), None);
    assert_ne!(offline::load_or_start_draft(&SESSION).id, draft.id);
}

#[wasm_bindgen_test]
async fn forgetting_the_phone_removes_drafts_and_outbox_only() {
    clear_storage();
    let draft = offline::load_or_start_draft(&SESSION);
    let mut complete = offline::load_or_start_draft(&BETWEEN);
    for (item, v) in [("since", 5), ("helping", 0), ("next", 0)] {
        complete.set(item, Answer::Value(v), 0);
    }
    let item = Outgoing::Response(complete.to_submission(&BETWEEN).unwrap());
    offline::change_outbox(move |o| o.push(item)).await;
    assert_eq!(offline::load_outbox().len(), 1);
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    storage.set_item("someone-else", "keep").unwrap();

    offline::forget_everything();
    assert!(offline::load_outbox().is_empty());
    assert_eq!(offline::load_draft(&SESSION), None);
    assert_ne!(offline::load_or_start_draft(&SESSION).id, draft.id);
    assert_eq!(
        storage.get_item("someone-else").unwrap().as_deref(),
        Some("keep")
    );
}

#[wasm_bindgen_test]
async fn the_crisis_panel_shows_the_practice_text_or_the_default() {
    clear_storage();
    let parent = fresh_container();
    let _mounted = leptos::mount::mount_to(parent.clone(), CrisisPanel);
    tick().await;
    let text = parent.text_content().unwrap();
    assert!(text.contains("call your local emergency number"), "{text}");
    assert!(text.contains("not watched around the clock"), "{text}");

    offline::save_crisis_text(Some("Call 1737 any time."));
    let parent = fresh_container();
    let _mounted = leptos::mount::mount_to(parent.clone(), CrisisPanel);
    tick().await;
    let text = parent.text_content().unwrap();
    assert!(text.contains("Call 1737 any time."), "{text}");
    assert!(!text.contains("112 in Europe"), "{text}");
    assert!(text.contains("not watched around the clock"), "{text}");
}

/// Milliseconds for a local time, as the phone reads it.
fn local(month0: u32, day: u32, hour: u32) -> i64 {
    js_sys::Date::new_with_year_month_day_hr_min(2026, month0 as i32, day as i32, hour as i32, 0)
        .get_time() as i64
}

#[wasm_bindgen_test]
async fn a_chart_draws_one_point_a_day_keeps_its_shape_and_says_each_value() {
    let parent = fresh_container();
    let points = vec![
        (local(10, 2, 9), 4.0),
        (local(10, 9, 9), 6.0),
        (local(10, 9, 17), 9.0),
        (local(10, 16, 9), 8.0),
    ];
    let _mounted = leptos::mount::mount_to(parent.clone(), move || {
        view! {
            <LineChart title="Ratings".to_owned() y_max=10.0 summary="Three weeks".to_owned()
                series=vec![Series { name: "Felt heard", points: points.clone(), class: "s1" }]/>
        }
    });
    tick().await;
    let svg = parent.query_selector("svg").unwrap().unwrap();
    assert_eq!(
        svg.get_attribute("preserveAspectRatio"),
        None,
        "a stretched chart stretches its text"
    );
    let line = parent.query_selector("polyline").unwrap().unwrap();
    let drawn = line.get_attribute("points").unwrap();
    assert_eq!(
        drawn.split(' ').count(),
        3,
        "two answers on 9 Nov are one point: {drawn}"
    );
    let focusable = parent
        .query_selector_all(".chart-point[tabindex='0']")
        .unwrap();
    assert_eq!(focusable.length(), 3);
    let said: Vec<String> = (0..focusable.length())
        .map(|i| {
            let el: web_sys::Element = focusable.item(i).unwrap().unchecked_into();
            el.get_attribute("aria-label").unwrap()
        })
        .collect();
    assert!(
        said[0].starts_with("Felt heard, ") && said[0].ends_with(": 4"),
        "{said:?}"
    );
    assert!(said[1].ends_with(": 6 and 9 (mean 7.5)"), "{said:?}");
    let values: Vec<String> = (0..3)
        .map(|i| {
            let el: web_sys::Element = focusable.item(i).unwrap().unchecked_into();
            el.query_selector(".chart-value")
                .unwrap()
                .unwrap()
                .text_content()
                .unwrap()
        })
        .collect();
    assert_eq!(values, ["4", "7.5", "8"]);
}
