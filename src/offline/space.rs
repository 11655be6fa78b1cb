//! Whose answers these are. Every draft and the outbox live under the client they were
//! made for (`ajar.c-<phone ref>.…`, the ref the server names the client by), so on a
//! phone shared by two clients, one client's unsent answers are never sent under the
//! other's link.
//!
//! Until the server has said who the phone is signed in as, answers are filed under the
//! link being opened (`ajar.l-<fingerprint>.…`) or, with no link in the address and no
//! client known, under `ajar.u.…`; the first confirmation moves them to their client.
//! Nothing is sent before that confirmation. Keys written before spaces existed
//! (`ajar.outbox`, `ajar.draft.…`) are moved into the space opened first.

use gloo_storage::{LocalStorage, Storage};
use std::cell::RefCell;

const OWNER_KEY: &str = "ajar.owner";
const LINK_OWNER_PREFIX: &str = "ajar.link-owner.";
/// The keys that live in a space (everything per client), by their name in it.
const SPACED: [&str; 5] = ["outbox", "draft.", "plan", "crisis-text", "home"];

struct Space {
    /// `c-<ref>`, `l-<fingerprint>` or `u`.
    name: String,
    /// The server confirmed, in this page's life, that the session is this space's client.
    confirmed: bool,
}

thread_local! {
    static SPACE: RefCell<Space> = RefCell::new(Space { name: "u".into(), confirmed: false });
}

/// The storage key of `name` in the current space.
pub fn key(name: &str) -> String {
    SPACE.with(|s| format!("ajar.{}.{name}", s.borrow().name))
}

/// The server confirmed who this phone is: only then may the outbox be sent.
pub fn confirmed() -> bool {
    SPACE.with(|s| s.borrow().confirmed)
}

/// The client whose answers this page sends (their `phone_ref`), once confirmed. Each
/// item goes with it, so the server refuses it if another tab has meanwhile signed the
/// phone in as someone else.
pub fn client_ref() -> Option<String> {
    SPACE.with(|s| {
        let s = s.borrow();
        s.name
            .strip_prefix("c-")
            .filter(|_| s.confirmed)
            .map(str::to_owned)
    })
}

/// Sending stops until the next [`confirm`]: called before a link is traded for a new
/// session, so nothing waiting for the old client goes out with the new client's cookie.
pub fn unconfirm() {
    SPACE.with(|s| s.borrow_mut().confirmed = false);
}

/// A link token's fingerprint: FNV-1a, 64 bits. Not a secret's hash and not meant to be
/// one: the token is 256 random bits and the server checks its SHA-256; this only tells
/// two links apart on one phone.
fn fingerprint(token: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in token.bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

fn get(key: &str) -> Option<String> {
    LocalStorage::raw().get_item(key).ok().flatten()
}

fn all_keys() -> Vec<String> {
    let storage = LocalStorage::raw();
    (0..storage.length().unwrap_or(0))
        .filter_map(|i| storage.key(i).ok().flatten())
        .filter(|k| k.starts_with("ajar."))
        .collect()
}

/// Chooses the space at start, from the link in the address (if any).
pub fn open(link_token: Option<&str>) {
    let name = match link_token {
        Some(t) => match get(&format!("{LINK_OWNER_PREFIX}{}", fingerprint(t))) {
            Some(owner) => format!("c-{owner}"),
            None => format!("l-{}", fingerprint(t)),
        },
        None => get(OWNER_KEY).map_or_else(|| "u".to_owned(), |o| format!("c-{o}")),
    };
    SPACE.with(|s| {
        *s.borrow_mut() = Space {
            name: name.clone(),
            confirmed: false,
        }
    });
    // Keys from before spaces: the app then sent them under whatever session it had.
    for k in all_keys() {
        let rest = &k["ajar.".len()..];
        if SPACED.iter().any(|p| rest.starts_with(p)) {
            move_key(&k, &format!("ajar.{name}.{rest}"));
        }
    }
}

/// The server says the phone is signed in as `phone_ref`: what was filed under the link
/// or the unknown space moves to that client, and sending may start. What another
/// client's space holds stays theirs: a tab opened as Jo that learns the phone is now
/// Alex's (a second tab traded Alex's link) switches to Alex's space and leaves Jo's.
pub fn confirm(phone_ref: &str, link_token: Option<&str>) {
    let target = format!("c-{phone_ref}");
    let current = SPACE.with(|s| s.borrow().name.clone());
    if current != target && !current.starts_with("c-") {
        let from = format!("ajar.{current}.");
        for k in all_keys().into_iter().filter(|k| k.starts_with(&from)) {
            move_key(&k, &format!("ajar.{target}.{}", &k[from.len()..]));
        }
    }
    if let Some(t) = link_token {
        let _ = LocalStorage::raw()
            .set_item(&format!("{LINK_OWNER_PREFIX}{}", fingerprint(t)), phone_ref);
    }
    let _ = LocalStorage::raw().set_item(OWNER_KEY, phone_ref);
    SPACE.with(|s| {
        *s.borrow_mut() = Space {
            name: target,
            confirmed: true,
        }
    });
}

/// Moves one stored value. Where the target already holds something (two tabs, or a
/// draft of the same check-in begun under both names), an outbox is merged by id and
/// a draft keeps the target's, the other going to quarantine: never overwritten.
fn move_key(from: &str, to: &str) {
    let Some(text) = get(from) else { return };
    let storage = LocalStorage::raw();
    match get(to) {
        None => {
            if storage.set_item(to, &text).is_err() {
                return;
            }
        }
        Some(existing) if to.ends_with(".outbox") => {
            let mine = super::parse::<ajar_core::outbox::Outbox>(to, &existing);
            let theirs = super::parse::<ajar_core::outbox::Outbox>(from, &text);
            if let (Some(mut into), Some(other)) = (mine, theirs) {
                into.merge(other);
                if storage
                    .set_item(to, &miniserde::json::to_string(&into))
                    .is_err()
                {
                    return;
                }
            }
        }
        Some(_) => super::quarantine(from, &text),
    }
    let _ = storage.remove_item(from);
}

/// Whether `key` belongs to a client space other than `mine` (the current one's prefix).
fn in_other_space(key: &str, mine: &str) -> bool {
    !key.starts_with(mine)
        && (key.starts_with("ajar.c-") || key.starts_with("ajar.l-") || key.starts_with("ajar.u."))
}

fn my_prefix() -> String {
    SPACE.with(|s| format!("ajar.{}.", s.borrow().name))
}

/// Unsent check-ins and requests (waiting or refused) and begun drafts kept for other
/// clients of this phone: they are not sent with this link, and the client is told.
pub fn others_unsent() -> usize {
    let mine = my_prefix();
    all_keys()
        .into_iter()
        .filter(|k| in_other_space(k, &mine))
        .map(|k| match get(&k) {
            Some(text) if k.ends_with(".outbox") => {
                super::parse::<ajar_core::outbox::Outbox>(&k, &text)
                    .map_or(1, |o| o.len() + o.held().len())
            }
            Some(text) if k.contains(".draft.") => usize::from(
                miniserde::json::from_str::<ajar_core::draft::Draft>(&text)
                    .map_or(true, |d| !d.is_blank()),
            ),
            _ => 0,
        })
        .sum()
}

/// The client chose to delete what was kept for other links of this phone.
pub fn forget_others() {
    let mine = my_prefix();
    for k in all_keys().into_iter().filter(|k| in_other_space(k, &mine)) {
        LocalStorage::delete(&k);
    }
}
