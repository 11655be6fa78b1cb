//! Dates as a person reads them, in the phone's own language and time zone.

use ajar_core::alerts::AlertKind;
use wasm_bindgen::JsValue;

/// "12 Nov" style (day and short month), or with the year when it is not this year.
pub fn short_date(ms: i64) -> String {
    let date = js_sys::Date::new(&JsValue::from_f64(ms as f64));
    let this_year = js_sys::Date::new_0().get_full_year();
    let options = js_sys::Object::new();
    let set = |k: &str, v: &str| {
        let _ = js_sys::Reflect::set(&options, &k.into(), &v.into());
    };
    set("day", "numeric");
    set("month", "short");
    if date.get_full_year() != this_year {
        set("year", "numeric");
    }
    date.to_locale_date_string(&locale(), &options).into()
}

/// The calendar day `ms` falls on where this browser is (a number that only orders and
/// compares days): two answers on one local day share it.
pub fn local_day(ms: i64) -> i64 {
    let date = js_sys::Date::new(&JsValue::from_f64(ms as f64));
    i64::from(date.get_full_year()) * 10_000
        + i64::from(date.get_month()) * 100
        + i64::from(date.get_date())
}

/// The phone's language, but day before month in every English: the reasons beside
/// these dates come from ajar-core as "12 Nov", and one page must not mix "Nov 12" with
/// "12 Nov".
/// "12 Nov, 14:05" (with the year when not this year): for "as of" a moment.
pub fn short_date_time(ms: i64) -> String {
    let date = js_sys::Date::new(&JsValue::from_f64(ms as f64));
    let options = js_sys::Object::new();
    let set = |k: &str, v: &str| {
        let _ = js_sys::Reflect::set(&options, &k.into(), &v.into());
    };
    set("hour", "2-digit");
    set("minute", "2-digit");
    let time: String = date
        .to_locale_time_string_with_options(&locale(), &options)
        .into();
    format!("{}, {time}", short_date(ms))
}

fn locale() -> String {
    let language = web_sys::window()
        .and_then(|w| w.navigator().language())
        .unwrap_or_else(|| "en".into());
    if language == "en" || language.starts_with("en-") {
        "en-GB".into()
    } else {
        language
    }
}

/// The CSS class of an alert of this kind: risk is red wherever it is shown.
pub fn alert_class(kind: AlertKind) -> &'static str {
    match kind {
        AlertKind::Risk => "risk",
        AlertKind::Ending => "ending",
        AlertKind::Rupture => "rupture",
        AlertKind::NotOnTrack => "not-on-track",
        AlertKind::Silence => "silence",
    }
}
