//! What the phone holds that it will not send on its own, said plainly on the client's
//! home: answers kept for a different personal link (a shared phone), and anything
//! stored that this version of the app could not read. Neither is ever deleted without
//! the client's say.

use crate::client_context::ClientContext;
use crate::messages::catalogue;
use crate::offline;
use leptos::prelude::*;

#[component]
pub fn PhoneNotices() -> impl IntoView {
    let m = catalogue();
    let context = expect_context::<ClientContext>();
    let confirming = RwSignal::new(false);
    let kept = move || offline::quarantined();
    view! {
        <Show when=move || { context.others_unsent.get() > 0 }>
            <section class="card notice-card" data-testid="other-link">
                <p>{move || (m.other_link_unsent)(context.others_unsent.get())}</p>
                <Show
                    when=move || confirming.get()
                    fallback=move || view! {
                        <button type="button" class="button" on:click=move |_| confirming.set(true)>{m.other_link_delete}</button>
                    }
                >
                    <div class="row">
                        <button type="button" class="button danger" on:click=move |_| {
                            offline::space::forget_others();
                            context.others_unsent.set(offline::space::others_unsent());
                            confirming.set(false);
                        }>{m.other_link_delete_confirm}</button>
                        <button type="button" class="button" on:click=move |_| confirming.set(false)>{m.forget_cancel}</button>
                    </div>
                </Show>
            </section>
        </Show>
        <Show when=move || { context.quarantined.get() > 0 }>
            <section class="card notice-card" data-testid="unreadable">
                <p>{m.unreadable_kept}</p>
                <details>
                    <summary>{m.unreadable_show}</summary>
                    {move || kept().into_iter().map(|(_, text)| view! { <pre class="kept">{text}</pre> }).collect_view()}
                </details>
                <button type="button" class="button" on:click=move |_| {
                    offline::delete_quarantined();
                    context.quarantined.set(offline::quarantined().len());
                }>{m.unreadable_delete}</button>
            </section>
        </Show>
    }
}
