//! Calendar dates from Unix milliseconds, in UTC, for reasons a person reads ("12 Nov").
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

/// "12 Nov".
pub fn day_month(ms: i64) -> String {
    let (_, month, day) = civil(ms);
    format!("{day} {}", MONTHS[(month - 1) as usize])
}

/// "2026-11-12".
pub fn iso_date(ms: i64) -> String {
    let (year, month, day) = civil(ms);
    format!("{year:04}-{month:02}-{day:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_dates() {
        assert_eq!(civil(0), (1970, 1, 1));
        assert_eq!(iso_date(951_782_400_000), "2000-02-29");
        assert_eq!(day_month(1_794_528_000_000), "13 Nov");
        assert_eq!(iso_date(1_794_528_000_000), "2026-11-13");
        assert_eq!(iso_date(-86_400_000), "1969-12-31");
    }
}
