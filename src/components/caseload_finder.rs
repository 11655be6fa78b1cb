//! Finding one client among many: search by label, a filter by why a client needs
//! attention, and cards or a compact list. The rows stay in the caseload's order.

use crate::format::alert_class;
use crate::offline::therapist as remembered;
use ajar_core::api::CaseloadEntry;
use ajar_core::attention::AlertKind;
use leptos::prelude::*;

/// Which clients the caseload shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Show {
    Everyone,
    NeedingAttention,
    Because(AlertKind),
}

const KINDS: [AlertKind; 5] = [
    AlertKind::Risk,
    AlertKind::Ending,
    AlertKind::Rupture,
    AlertKind::NotOnTrack,
    AlertKind::Silence,
];

impl Show {
    fn value(self) -> &'static str {
        match self {
            Show::Everyone => "everyone",
            Show::NeedingAttention => "attention",
            Show::Because(kind) => alert_class(kind),
        }
    }

    fn from_value(value: &str) -> Show {
        KINDS
            .into_iter()
            .map(Show::Because)
            .chain([Show::NeedingAttention])
            .find(|s| s.value() == value)
            .unwrap_or(Show::Everyone)
    }

    fn admits(self, row: &CaseloadEntry) -> bool {
        match self {
            Show::Everyone => true,
            Show::NeedingAttention => !row.alerts.is_empty(),
            Show::Because(kind) => row.alerts.iter().any(|a| a.kind == kind),
        }
    }
}

/// What the therapist asked to see; `shows` answers for one row.
#[derive(Clone, Copy)]
pub struct Finder {
    pub query: RwSignal<String>,
    pub show: RwSignal<Show>,
    pub as_list: RwSignal<bool>,
}

impl Finder {
    pub fn new() -> Self {
        Finder {
            query: RwSignal::new(String::new()),
            show: RwSignal::new(Show::Everyone),
            as_list: RwSignal::new(remembered::caseload_as_list()),
        }
    }

    /// A label matches when it holds the search, ignoring case and spaces around it.
    pub fn shows(self, row: &CaseloadEntry) -> bool {
        let query = self.query.get();
        let query = query.trim().to_lowercase();
        self.show.get().admits(row)
            && (query.is_empty() || row.label.to_lowercase().contains(&query))
    }
}

impl Default for Finder {
    fn default() -> Self {
        Self::new()
    }
}

/// The search box, the filter (each choice with how many it holds) and the view switch.
#[component]
pub fn CaseloadFinder(finder: Finder, rows: Vec<CaseloadEntry>) -> impl IntoView {
    let count = |show: Show| rows.iter().filter(|r| show.admits(r)).count();
    let options: Vec<(Show, String)> = [
        (Show::Everyone, "Everyone".to_owned()),
        (Show::NeedingAttention, "Needs attention".to_owned()),
    ]
    .into_iter()
    .chain(KINDS.map(|k| (Show::Because(k), k.label().to_owned())))
    .map(|(show, name)| (show, format!("{name} ({})", count(show))))
    .collect();
    let pick_view = move |list: bool| {
        finder.as_list.set(list);
        remembered::set_caseload_as_list(list);
    };
    view! {
        <div class="finder" role="search">
            <label class="field">
                <span>"Find a client"</span>
                <input type="search" name="find" autocomplete="off" placeholder="Label"
                    prop:value=move || finder.query.get()
                    on:input=move |e| finder.query.set(event_target_value(&e))/>
            </label>
            <label class="field">
                <span>"Show"</span>
                <select name="show" on:change=move |e| finder.show.set(Show::from_value(&event_target_value(&e)))>
                    {options.into_iter().map(|(show, text)| view! {
                        <option value=show.value() selected=move || finder.show.get() == show>{text}</option>
                    }).collect_view()}
                </select>
            </label>
            <fieldset class="chips view-switch">
                <legend class="visually-hidden">"Show clients as"</legend>
                <label class="chip">
                    <input type="radio" name="caseload-view" prop:checked=move || !finder.as_list.get()
                        on:change=move |_| pick_view(false)/>
                    <span>"Cards"</span>
                </label>
                <label class="chip">
                    <input type="radio" name="caseload-view" prop:checked=move || finder.as_list.get()
                        on:change=move |_| pick_view(true)/>
                    <span>"Compact list"</span>
                </label>
            </fieldset>
        </div>
    }
}
