//! Calendar dates from Unix milliseconds, in UTC, for reasons a person reads ("12 Nov",
//! "12 Nov 2025" when not this year, "12 Nov (3 days ago)").
//! Pure arithmetic (Howard Hinnant's days-from-civil inverse), so ajar-core needs no
//! date crate and no clock.

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// (year, month 1–12, day 1–31) of a UTC instant.
pub fn civil(ms: i64) -> (i64, u32, u32) {
    let days = ms.div_euclid(86_400_000);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// "12 Nov", or "12 Nov 2025" when `at_ms` is not in the year of `now_ms`: a date with
/// no year is read as this year's.
pub fn date(now_ms: i64, at_ms: i64) -> String {
    let (year, month, day) = civil(at_ms);
    let month = MONTHS[(month - 1) as usize];
    if year == civil(now_ms).0 {
        format!("{day} {month}")
    } else {
        format!("{day} {month} {year}")
    }
}

/// "12 Nov (3 days ago)": the date and its age, for what an alert is about.
pub fn when(now_ms: i64, at_ms: i64) -> String {
    format!("{} ({})", date(now_ms, at_ms), age(now_ms, at_ms))
}

/// "2026-11-12".
/// How long ago `at_ms` was, in the words a person uses: "today", "yesterday",
/// "3 days ago", "5 weeks ago" (from 14 days on), "3 months ago" (from 60 days on),
/// "2 years ago" (from 730 days on). Counted in calendar days (UTC), so last night is
/// "yesterday" this morning.
pub fn age(now_ms: i64, at_ms: i64) -> String {
    let day = |ms: i64| ms.div_euclid(crate::due::DAY_MS);
    let days = day(now_ms) - day(at_ms);
    match days {
        ..=0 => "today".to_owned(),
        1 => "yesterday".to_owned(),
        2..=13 => format!("{days} days ago"),
        14..=59 => format!("{} weeks ago", days / 7),
        60..=729 => format!("{} months ago", days / 30),
        _ => format!("{} years ago", days / 365),
    }
}

pub fn iso_date(ms: i64) -> String {
    let (year, month, day) = civil(ms);
    format!("{year:04}-{month:02}-{day:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_age_is_in_calendar_days_then_weeks() {
        let day = crate::due::DAY_MS;
        let now = 20_000 * day + 8 * 3_600_000; // 08:00
        assert_eq!(age(now, now - 3_600_000), "today");
        assert_eq!(
            age(now, now - 9 * 3_600_000),
            "yesterday",
            "23:00 the day before"
        );
        assert_eq!(age(now, now - 2 * day), "2 days ago");
        assert_eq!(age(now, now - 13 * day), "13 days ago");
        assert_eq!(age(now, now - 14 * day), "2 weeks ago");
        assert_eq!(age(now, now - 40 * day), "5 weeks ago");
        assert_eq!(age(now, now - 59 * day), "8 weeks ago");
        assert_eq!(age(now, now - 60 * day), "2 months ago");
        assert_eq!(age(now, now - 729 * day), "24 months ago");
        assert_eq!(age(now, now - 730 * day), "2 years ago");
        assert_eq!(
            age(now, now + day),
            "today",
            "a clock ahead is not the future"
        );
    }

    #[test]
    fn known_dates() {
        assert_eq!(civil(0), (1970, 1, 1));
        assert_eq!(iso_date(951_782_400_000), "2000-02-29");
        assert_eq!(date(1_794_528_000_000, 1_794_528_000_000), "13 Nov");
        assert_eq!(iso_date(1_794_528_000_000), "2026-11-13");
        assert_eq!(iso_date(-86_400_000), "1969-12-31");
    }

    const DAY: i64 = 86_400_000;

    #[test]
    fn a_date_outside_this_year_says_its_year() {
        let new_year_2027 = 1_798_761_600_000;
        assert_eq!(iso_date(new_year_2027), "2027-01-01");
        // The last instant of 2026, read on 1 Jan 2027 and on 31 Dec 2026.
        assert_eq!(date(new_year_2027, new_year_2027 - 1), "31 Dec 2026");
        assert_eq!(date(new_year_2027 - 1, new_year_2027 - 1), "31 Dec");
        assert_eq!(date(new_year_2027 - 1, new_year_2027), "1 Jan 2027");
        assert_eq!(
            when(new_year_2027 + 3 * DAY, new_year_2027 - 1),
            "31 Dec 2026 (4 days ago)"
        );
        assert_eq!(when(new_year_2027, new_year_2027), "1 Jan (today)");
    }

    #[test]
    fn century_and_leap_year_edges() {
        // 2000 is a leap year (divisible by 400), 1900 and 2100 are not.
        assert_eq!(iso_date(951_868_800_000), "2000-03-01");
        assert_eq!(iso_date(1_798_675_200_000), "2026-12-31");
        assert_eq!(date(1_798_675_200_000, 1_798_675_200_000), "31 Dec");
        assert_eq!(iso_date(-2_203_977_600_000), "1900-02-28");
        assert_eq!(iso_date(-2_203_891_200_000), "1900-03-01");
        assert_eq!(iso_date(4_107_456_000_000), "2100-02-28");
        assert_eq!(iso_date(4_107_542_400_000), "2100-03-01");
        assert_eq!(iso_date(13_574_563_200_000), "2400-02-29");
    }

    #[test]
    fn an_instant_belongs_to_the_utc_day_it_falls_in() {
        assert_eq!(iso_date(DAY - 1), "1970-01-01");
        assert_eq!(iso_date(DAY), "1970-01-02");
        assert_eq!(
            iso_date(-1),
            "1969-12-31",
            "before the epoch rounds down, not to 0"
        );
        assert_eq!(date(-1, -1), "31 Dec");
    }

    /// The plain calendar, one day at a time: an oracle that shares nothing with the
    /// arithmetic above.
    fn next_day((y, m, d): (i64, u32, u32)) -> (i64, u32, u32) {
        let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
        let days_in_month = match m {
            2 if leap => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        };
        match (d < days_in_month, m < 12) {
            (true, _) => (y, m, d + 1),
            (false, true) => (y, m + 1, 1),
            (false, false) => (y + 1, 1, 1),
        }
    }

    #[test]
    fn every_day_from_1600_to_2400_is_the_day_the_calendar_says() {
        // Two whole 400-year cycles, so every leap and century rule is crossed.
        let mut expected = (1600, 1, 1);
        let mut day = -135_140;
        while expected.0 <= 2400 {
            // Its first and its last millisecond.
            assert_eq!(civil(day * DAY), expected, "day {day}");
            assert_eq!(civil(day * DAY + DAY - 1), expected, "day {day}");
            expected = next_day(expected);
            day += 1;
        }
        assert_eq!(civil(day * DAY), (2401, 1, 1));
    }
}
