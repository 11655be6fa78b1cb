//! Which check-ins one client is offered, and how often: the therapist chooses per client.
//!
//! On the wire a plan is a list of [`Planned`] rows; [`Plan::parse`] is the one place that
//! checks them, so a `Plan` held anywhere is already valid (known instruments, no repeats,
//! a cadence each instrument can have).

use crate::instrument::{Context, Instrument};
use crate::instruments;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Fewer days than this would ask a two-week measure again before its recall period has
/// half passed, and would make any check-in a chore.
pub const MIN_DAYS: u16 = 7;
/// A quarter of a year: anything rarer is not following therapy along.
pub const MAX_DAYS: u16 = 91;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cadence {
    /// Offered after every session, whenever the client is ready.
    AfterEachSession,
    /// Offered again this many days after the client last sent it.
    EveryDays(u16),
}

impl Cadence {
    /// From the API's and the instruments' `every_days`, where `None` means after each
    /// session (unchecked: [`Plan::parse`] checks what comes from outside).
    fn of(every_days: Option<u16>) -> Self {
        every_days.map_or(Self::AfterEachSession, Self::EveryDays)
    }

    fn every_days(self) -> Option<u16> {
        match self {
            Self::AfterEachSession => None,
            Self::EveryDays(days) => Some(days),
        }
    }
}

/// One offered check-in as the API carries it; `every_days: null` means after each session.
#[derive(
    Debug,
    Clone,
    PartialEq,
    Eq,
    Serialize,
    Deserialize,
    miniserde::Serialize,
    miniserde::Deserialize,
)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Planned {
    pub instrument: String,
    pub every_days: Option<u16>,
}

/// The check-ins a client is offered, in the order their home lists them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "Vec<Planned>", into = "Vec<Planned>")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(value_type = Vec<Planned>))]
pub struct Plan(Vec<(&'static Instrument, Cadence)>);

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlanError {
    Unknown(String),
    Repeated(&'static str),
    SessionIsAfterEachSession,
    NeedsDays(&'static str),
    Days(&'static str, u16),
}

impl fmt::Display for PlanError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Unknown(id) => write!(f, "There is no check-in called \"{id}\" to offer."),
            Self::Repeated(title) => write!(f, "The {title} is listed twice."),
            Self::SessionIsAfterEachSession => write!(
                f,
                "The session check-in is offered after each session; leave out every_days."
            ),
            Self::NeedsDays(title) => write!(f, "Say every how many days the {title} is offered."),
            Self::Days(title, days) => write!(
                f,
                "The {title} can be offered every {MIN_DAYS} to {MAX_DAYS} days, not every {days}."
            ),
        }
    }
}

impl std::error::Error for PlanError {}

impl Plan {
    pub fn parse(rows: &[Planned]) -> Result<Self, PlanError> {
        let mut chosen: Vec<(&'static Instrument, Cadence)> = Vec::with_capacity(rows.len());
        for row in rows {
            let instrument = instruments::latest(&row.instrument)
                .ok_or_else(|| PlanError::Unknown(row.instrument.clone()))?;
            if chosen.iter().any(|(i, _)| i.id == instrument.id) {
                return Err(PlanError::Repeated(instrument.title));
            }
            let cadence = match (instrument.context, row.every_days) {
                (Context::InSession, None) => Cadence::AfterEachSession,
                (Context::InSession, Some(_)) => return Err(PlanError::SessionIsAfterEachSession),
                (Context::BetweenSessions, None) => {
                    return Err(PlanError::NeedsDays(instrument.title));
                }
                (Context::BetweenSessions, Some(days)) if (MIN_DAYS..=MAX_DAYS).contains(&days) => {
                    Cadence::EveryDays(days)
                }
                (Context::BetweenSessions, Some(days)) => {
                    return Err(PlanError::Days(instrument.title, days));
                }
            };
            chosen.push((instrument, cadence));
        }
        // In the instruments' own order, picked rather than sorted: a sort is about 3 KiB
        // of the phone's bundle, and there is no other left there.
        Ok(Self(
            instruments::ALL
                .iter()
                .filter_map(|a| chosen.iter().find(|(i, _)| i.id == a.id).copied())
                .collect(),
        ))
    }

    /// Every instrument at its own usual cadence: what a new client is offered.
    pub fn usual() -> Self {
        Self(
            instruments::ALL
                .iter()
                .map(|&i| (i, Cadence::of(i.every_days)))
                .collect(),
        )
    }

    pub fn items(&self) -> impl Iterator<Item = (&'static Instrument, Cadence)> + '_ {
        self.0.iter().copied()
    }

    pub fn cadence(&self, instrument_id: &str) -> Option<Cadence> {
        self.items()
            .find(|(i, _)| i.id == instrument_id)
            .map(|(_, c)| c)
    }

    pub fn rows(&self) -> Vec<Planned> {
        self.items()
            .map(|(i, c)| Planned {
                instrument: i.id.to_owned(),
                every_days: c.every_days(),
            })
            .collect()
    }
}

impl Default for Plan {
    fn default() -> Self {
        Self::usual()
    }
}

impl TryFrom<Vec<Planned>> for Plan {
    type Error = PlanError;
    fn try_from(rows: Vec<Planned>) -> Result<Self, PlanError> {
        Self::parse(&rows)
    }
}

impl From<Plan> for Vec<Planned> {
    fn from(plan: Plan) -> Self {
        plan.rows()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::instruments::{BETWEEN, GAD7, PHQ9, SESSION};

    fn row(instrument: &str, every_days: Option<u16>) -> Planned {
        Planned {
            instrument: instrument.into(),
            every_days,
        }
    }

    #[test]
    fn the_usual_plan_offers_everything_at_its_own_cadence() {
        let plan = Plan::usual();
        assert_eq!(plan.cadence(SESSION.id), Some(Cadence::AfterEachSession));
        assert_eq!(plan.cadence(BETWEEN.id), Some(Cadence::EveryDays(7)));
        assert_eq!(plan.cadence(PHQ9.id), Some(Cadence::EveryDays(14)));
        assert_eq!(plan.cadence(GAD7.id), Some(Cadence::EveryDays(14)));
        assert_eq!(Plan::parse(&plan.rows()), Ok(plan));
    }

    #[test]
    fn a_plan_keeps_the_home_order_whatever_order_it_was_given_in() {
        let plan = Plan::parse(&[row("gad-7", Some(28)), row("ajar-session", None)]).unwrap();
        let ids: Vec<&str> = plan.items().map(|(i, _)| i.id).collect();
        assert_eq!(ids, ["ajar-session", "gad-7"]);
        assert_eq!(plan.cadence(PHQ9.id), None);
    }

    #[test]
    fn an_empty_plan_offers_nothing() {
        assert_eq!(Plan::parse(&[]).unwrap().items().count(), 0);
    }

    #[test]
    fn days_are_bounded_at_both_ends() {
        assert!(Plan::parse(&[row("phq-9", Some(MIN_DAYS))]).is_ok());
        assert!(Plan::parse(&[row("phq-9", Some(MAX_DAYS))]).is_ok());
        assert_eq!(
            Plan::parse(&[row("phq-9", Some(MIN_DAYS - 1))]),
            Err(PlanError::Days(PHQ9.title, MIN_DAYS - 1))
        );
        assert_eq!(
            Plan::parse(&[row("phq-9", Some(MAX_DAYS + 1))]),
            Err(PlanError::Days(PHQ9.title, MAX_DAYS + 1))
        );
    }

    #[test]
    fn each_instrument_gets_the_cadence_it_can_have() {
        assert_eq!(
            Plan::parse(&[row("ajar-session", Some(7))]),
            Err(PlanError::SessionIsAfterEachSession)
        );
        assert_eq!(
            Plan::parse(&[row("ajar-between", None)]),
            Err(PlanError::NeedsDays(BETWEEN.title))
        );
    }

    #[test]
    fn unknown_and_repeated_instruments_are_refused() {
        assert_eq!(
            Plan::parse(&[row("ors", Some(7))]),
            Err(PlanError::Unknown("ors".into()))
        );
        assert_eq!(
            Plan::parse(&[row("gad-7", Some(7)), row("gad-7", Some(14))]),
            Err(PlanError::Repeated(GAD7.title))
        );
    }

    #[test]
    fn a_plan_travels_as_json_rows_and_is_checked_on_the_way_in() {
        let plan = Plan::parse(&[row("ajar-session", None), row("phq-9", Some(28))]).unwrap();
        let json = serde_json::to_string(&plan).unwrap();
        assert_eq!(
            json,
            r#"[{"instrument":"ajar-session","every_days":null},{"instrument":"phq-9","every_days":28}]"#
        );
        assert_eq!(serde_json::from_str::<Plan>(&json).unwrap(), plan);
        assert!(
            serde_json::from_str::<Plan>(r#"[{"instrument":"phq-9","every_days":3}]"#).is_err()
        );
    }

    #[test]
    fn each_refusal_says_what_to_change() {
        // These sentences reach the therapist as the 4xx's words on the plan editor.
        let words = |rows: &[Planned]| Plan::parse(rows).unwrap_err().to_string();
        assert_eq!(
            words(&[row("ors", Some(7))]),
            "There is no check-in called \"ors\" to offer."
        );
        assert_eq!(
            words(&[row("gad-7", Some(7)), row("gad-7", Some(14))]),
            "The GAD-7 is listed twice."
        );
        assert_eq!(
            words(&[row("ajar-session", Some(7))]),
            "The session check-in is offered after each session; leave out every_days."
        );
        assert_eq!(
            words(&[row("ajar-between", None)]),
            "Say every how many days the Weekly check-in is offered."
        );
        assert_eq!(
            words(&[row("phq-9", Some(3))]),
            "The PHQ-9 can be offered every 7 to 91 days, not every 3."
        );
    }
}
