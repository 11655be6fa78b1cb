//! Every number the attention rules use, in one place, each with where it comes from.
//! Change a number here and the rules, their reasons and their tests follow.

/// Any 0–10 item of the latest session check-in at or below this is a possible rupture.
/// Ajar's own line: on our 0–10 items, 6 and below means "only partly" or worse; alliance
/// research finds low in-session ratings are the moment to ask (Safran & Muran 2000).
pub const RUPTURE_ITEM_AT_OR_BELOW: u8 = 6;

/// A drop of this much in the session rating (0–10: version 2's "understood", version
/// 1's "overall") since the previous session check-in. Ajar's own line: more than a
/// session's ordinary ups and downs on a 0–10 scale.
pub const RUPTURE_RATING_DROP: u8 = 3;

/// PHQ-9 reliable change: NHS Talking Therapies (IAPT) Manual, reliable change index 6.
pub const PHQ9_RELIABLE_CHANGE: u8 = 6;

/// GAD-7 reliable change: NHS Talking Therapies (IAPT) Manual, reliable change index 4.
pub const GAD7_RELIABLE_CHANGE: u8 = 4;

/// PHQ-9 caseness: 10 or more (Kroenke, Spitzer & Williams 2001; IAPT Manual).
pub const PHQ9_CASENESS: u8 = 10;

/// GAD-7 caseness: 8 or more (IAPT Manual, following Kroenke et al. 2007).
pub const GAD7_CASENESS: u8 = 8;

/// Still at caseness with no reliable improvement this many weeks after the episode's
/// first score is "not on track". Ajar's own plain line, not a validated curve. The idea
/// is from outcome-feedback research: compare each client's progress with what is
/// expected and tell the therapist about those falling behind (Lambert 2007,
/// Psychotherapy Research 17(1):1–14, with expected-recovery curves from OQ-45 data;
/// Delgadillo et al. 2018, Lancet Psychiatry 5(7):564–572, with PHQ-9 and GAD-7 curves
/// from NHS Talking Therapies data). Ajar does not have those curves, so it asks the
/// simpler question those curves refine: has the score moved by a reliable amount within
/// about two months? Most change in those services' data comes early, within the first
/// sessions. The caseload says which measure, the first and latest score and the weeks.
pub const NOT_ON_TRACK_WEEKS: i64 = 8;

/// The recovery rate NHS England expects of NHS Talking Therapies services: at least
/// half of those who finish a course of treatment at caseness move to recovery (the
/// programme's national standard since 2015, following NICE's expectation for
/// evidence-based therapies).
pub const RECOVERY_STANDARD: f64 = 0.5;

/// An active client silent this many days is at risk of dropping out ("ghosting");
/// twice the weekly rhythm of the between-session check-in.
pub const SILENCE_DAYS: i64 = 14;

/// Due check-ins missed in a row before silence is flagged, whatever the days.
pub const MISSED_IN_A_ROW: i64 = 2;

/// A client added this many days ago who has sent nothing yet "never engaged". Ajar's
/// own line: a week is one full round of the weekly check-in, and a first check-in that
/// never comes is the earliest sign of a client who will not come back.
pub const NEVER_ENGAGED_DAYS: i64 = 7;

/// The weekly "How have things been since the last session?" (0–10) at or below this is
/// flagged. Ajar's own line: the bottom third of the scale ("Very hard" is 0).
pub const WEEKLY_LOW_AT_OR_BELOW: u8 = 3;

/// A fall of this much in the weekly rating since the previous weekly check-in. Ajar's
/// own line: three points on a 0–10 scale, more than a week's ordinary ups and downs.
pub const WEEKLY_DROP: u8 = 3;

/// Weekly check-ins in a row answering "Not really" to "Is therapy helping?". Ajar's own
/// line: once can be a bad week; twice running is a pattern to raise.
pub const NOT_HELPING_IN_A_ROW: usize = 2;

/// Premature endings across 669 studies: about one in five (Swift & Greenberg 2012).
pub const REPORTED_PREMATURE_ENDING_RATE: f64 = 0.197;
