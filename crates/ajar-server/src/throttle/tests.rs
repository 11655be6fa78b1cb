use super::*;

fn fail(t: &SignInThrottle, email: &str, addr: Option<IpAddr>, at: i64) {
    drop(t.reserve_here(email, addr, at).expect("allowed"));
}

#[test]
fn an_account_slows_down_but_is_never_locked_out() {
    let t = SignInThrottle::default();
    let stranger: IpAddr = "198.51.100.7".parse().unwrap();
    for i in 0..5 {
        fail(&t, "Sam@Example.org", Some(stranger), i);
    }
    // Five failures: the next waits a second after the last, then two, then four…
    assert_eq!(t.wait_for("sam@example.org", None, 5), Some(1));
    fail(&t, "sam@example.org", None, 1_004);
    assert_eq!(t.wait_for("sam@example.org", None, 1_005), Some(2));
    // A stranger tries every time it is allowed, for an hour, from changing addresses:
    // the account is slowed to one try per five minutes at worst, and is never shut.
    let mut at = 1_004;
    let mut longest = 0;
    for n in 0..3_600 {
        at += 1000;
        let from: IpAddr = format!("198.51.{}.{}", n / 250, n % 250).parse().unwrap();
        match t.reserve_here("sam@example.org", Some(from), at) {
            Ok(a) => drop(a),
            Err(wait) => longest = longest.max(wait),
        }
    }
    assert!(longest > 60 && longest <= MAX_DELAY_MS / 1000, "{longest}");
    // The therapist, a little after the last wait ends, gets in with the right password.
    let wait = t.wait_for("sam@example.org", None, at).unwrap_or(0);
    let mine = t
        .reserve_here("sam@example.org", None, at + wait * 1000)
        .unwrap();
    t.signed_in_here(mine);
    assert_eq!(
        t.wait_for("sam@example.org", None, at + wait * 1000 + 1),
        None
    );
}

#[test]
fn ten_failures_from_one_address_stop_it_for_every_account_for_the_window() {
    let t = SignInThrottle::default();
    let a: IpAddr = "10.0.0.1".parse().unwrap();
    for i in 0..10 {
        fail(&t, &format!("user{i}@example.org"), Some(a), i);
    }
    assert_eq!(
        t.wait_for("someone@example.org", Some(a), 20),
        Some(15 * 60)
    );
    assert_eq!(
        t.wait_for("someone@example.org", Some("10.0.0.2".parse().unwrap()), 20),
        None
    );
    assert_eq!(t.wait_for("someone@example.org", Some(a), WINDOW_MS), None);
}

#[test]
fn signing_in_clears_the_account() {
    let t = SignInThrottle::default();
    for i in 0..5 {
        fail(&t, "a@b.c", None, i);
    }
    let a = t.reserve_here("a@b.c", None, 2_000).unwrap();
    t.signed_in_here(a);
    assert_eq!(t.wait_for("a@b.c", None, 2_001), None);
}

#[test]
fn made_up_accounts_do_not_pile_up_in_memory() {
    let t = SignInThrottle::default();
    for i in 0..=PRUNE_ABOVE {
        drop(t.reserve_here(&format!("made-up-{i}@example.org"), None, 0));
    }
    assert_eq!(t.failures.lock().unwrap().len(), PRUNE_ABOVE + 1);
    // A window later, the next attempt forgets every one that has expired.
    drop(t.reserve_here("real@example.org", None, WINDOW_MS + 1));
    assert_eq!(t.failures.lock().unwrap().len(), 1);
}

#[test]
fn attempts_count_before_their_passwords_are_checked() {
    let t = SignInThrottle::default();
    let a: IpAddr = "10.0.0.9".parse().unwrap();
    // Five attempts for one account in flight at once: the sixth waits, though none has
    // failed yet.
    let mut held: Vec<Attempt> = (0..5)
        .map(|_| t.reserve_here("kim@example.org", Some(a), 5).unwrap())
        .collect();
    assert_eq!(t.reserve_here("kim@example.org", Some(a), 5).err(), Some(1));
    // One was never checked (too busy): it does not count, so one more may try.
    t.release_here(held.pop().unwrap());
    let again = t.reserve_here("kim@example.org", None, 6).unwrap();
    // A right password: the account starts again; the address keeps the others.
    t.signed_in_here(again);
    assert!(t.reserve_here("kim@example.org", None, 7).is_ok());
    assert_eq!(
        t.wait_for("someone@example.org", Some(a), 7),
        None,
        "4 from the address"
    );
    drop(held);
}
