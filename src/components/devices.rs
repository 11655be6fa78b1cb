//! The account page's "Signed-in devices": every browser signed in to this account, and
//! signing all the others out (a laptop left signed in at work, a lost phone).

use crate::api;
use crate::format::short_date_time;
use ajar_core::api::SignedInDevice;
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn Devices() -> impl IntoView {
    let devices = RwSignal::new(None::<Vec<SignedInDevice>>);
    let problem = RwSignal::new(None::<String>);
    let done = RwSignal::new(false);
    let load = move || {
        spawn_local(async move {
            match api::signed_in_devices().await {
                Ok(d) => devices.set(Some(d)),
                Err(f) => problem.set(Some(f.message())),
            }
        })
    };
    load();
    let end_others = move |_| {
        problem.set(None);
        spawn_local(async move {
            // "Signed out" is said only with the list read again, so it never stands
            // beside the devices it says are gone.
            let listed = match api::sign_out_other_devices().await {
                Ok(()) => api::signed_in_devices().await,
                Err(f) => Err(f),
            };
            match listed {
                Ok(d) => {
                    devices.set(Some(d));
                    done.set(true);
                }
                Err(f) => problem.set(Some(f.message())),
            }
        });
    };
    let others = move || {
        devices.with(|d| {
            d.as_ref()
                .map_or(0, |d| d.iter().filter(|x| !x.current).count())
        })
    };
    view! {
        <section class="card" data-testid="devices">
            <h2>"Signed-in devices"</h2>
            {move || devices.get().map(|mut list| { list.sort_by_key(|d| !d.current); view! {
                <ul class="plain-list">
                    {list.into_iter().map(|d| view! {
                        <li>
                            <strong>{if d.current { "This browser" } else { "Another browser" }}</strong>
                            {format!(": signed in {}, last used {}", short_date_time(d.created_at_ms), short_date_time(d.last_used_at_ms))}
                            <br/>
                            <span class="quiet">{d.device.as_deref().map_or_else(|| "Browser not known".to_owned(), browser_name)}</span>
                        </li>
                    }).collect_view()}
                </ul>
            }})}
            <Show when=move || { others() > 0 }>
                <button type="button" class="button" on:click=end_others>"Sign out all other devices"</button>
            </Show>
            <Show when=move || done.get()>
                <p role="status">"Every other device is signed out."</p>
            </Show>
            {move || problem.get().map(|p| view! { <p class="problem" role="alert">{p}</p> })}
        </section>
    }
}

/// "Chrome on Windows", from a User-Agent: what a person recognises of their own devices.
/// Order matters: Edge and Opera also say Chrome, Chrome also says Safari.
pub fn browser_name(user_agent: &str) -> String {
    let has = |s: &str| user_agent.contains(s);
    let browser = if has("Edg/") {
        "Edge"
    } else if has("OPR/") {
        "Opera"
    } else if has("Firefox/") {
        "Firefox"
    } else if has("Chrome/") || has("CriOS/") {
        "Chrome"
    } else if has("Safari/") {
        "Safari"
    } else {
        "A browser"
    };
    let system = if has("iPhone") {
        "iPhone"
    } else if has("iPad") {
        "iPad"
    } else if has("Android") {
        "Android"
    } else if has("Windows") {
        "Windows"
    } else if has("Mac OS X") || has("Macintosh") {
        "a Mac"
    } else if has("Linux") || has("X11") {
        "Linux"
    } else {
        return browser.to_owned();
    };
    format!("{browser} on {system}")
}

#[cfg(test)]
mod tests {
    use super::browser_name;

    #[test]
    fn names_the_browsers_people_use() {
        for (ua, name) in [
            (
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36 Edg/131.0",
                "Edge on Windows",
            ),
            (
                "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15",
                "Safari on a Mac",
            ),
            (
                "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/126.0 Mobile/15E148 Safari/604.1",
                "Chrome on iPhone",
            ),
            (
                "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
                "Firefox on Linux",
            ),
            (
                "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36",
                "Chrome on Android",
            ),
            ("curl/8.5.0", "A browser"),
        ] {
            assert_eq!(browser_name(ua), name, "{ua}");
        }
    }
}
