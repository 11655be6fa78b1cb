//! Risk flags. An answer above 0 to a risk item (see `Instrument::risk_items`) opens a
//! flag, and only a person closes it: the therapist records what they did. A later
//! answer at 0 closes nothing, and nothing here is ever removed: a flag and its
//! acknowledgement stay in the client's history.
//!
//! A flag is the stored response itself, so no flag can be lost apart from its answer;
//! the store keeps only the acknowledgements.

use crate::instrument::ItemKind;
use crate::response::{Answer, Answers};
use crate::{CheckInId, instruments};
use serde::{Deserialize, Serialize};

/// What the therapist did about a risk answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum RiskAction {
    ContactedClient,
    ReviewedSafetyPlan,
    DiscussedInSession,
    NoActionNeeded,
}

impl RiskAction {
    pub const ALL: [RiskAction; 4] = [
        RiskAction::ContactedClient,
        RiskAction::ReviewedSafetyPlan,
        RiskAction::DiscussedInSession,
        RiskAction::NoActionNeeded,
    ];

    pub fn label(self) -> &'static str {
        match self {
            RiskAction::ContactedClient => "Contacted the client",
            RiskAction::ReviewedSafetyPlan => "Reviewed the safety plan",
            RiskAction::DiscussedInSession => "Discussed it in session",
            RiskAction::NoActionNeeded => "No action needed",
        }
    }

    /// The name stored and sent (serde's kebab-case, written out for the store).
    pub fn as_str(self) -> &'static str {
        match self {
            RiskAction::ContactedClient => "contacted-client",
            RiskAction::ReviewedSafetyPlan => "reviewed-safety-plan",
            RiskAction::DiscussedInSession => "discussed-in-session",
            RiskAction::NoActionNeeded => "no-action-needed",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.as_str() == s)
    }
}

/// Longest note with an acknowledgement.
pub const MAX_NOTE: usize = 2000;

/// `POST /therapist/clients/{id}/risk/{response}/acknowledge`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AcknowledgeRisk {
    pub action: RiskAction,
    /// Optional: what was done, in the therapist's words.
    #[serde(default)]
    pub note: String,
}

/// Who acknowledged a flag, when, and what they did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Acknowledgement {
    pub action: RiskAction,
    pub note: String,
    pub at_ms: i64,
    /// The therapist's name.
    pub by: String,
}

/// One risk answer of a response: the question and the answer in the client's words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RiskAnswer {
    pub item: String,
    pub question: String,
    pub answer: String,
}

/// A response with a risk answer, open until acknowledged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RiskFlag {
    /// The response's id (what an acknowledgement names).
    pub response_id: CheckInId,
    pub instrument: String,
    /// The instrument's title as the client saw it.
    pub title: String,
    pub answered_at_ms: i64,
    pub answers: Vec<RiskAnswer>,
    pub acknowledged: Option<Acknowledgement>,
}

impl RiskFlag {
    /// The flag a stored response opens, if any of its risk items is answered above 0.
    pub fn of(
        response_id: CheckInId,
        instrument: &str,
        version: u32,
        answers: &Answers,
        answered_at_ms: i64,
    ) -> Option<Self> {
        let definition = instruments::find(instrument, version)?;
        let risky: Vec<RiskAnswer> = definition
            .risk_items
            .iter()
            .filter_map(|id| {
                let item = definition.item(id)?;
                let Some(Answer::Value(v)) = answers.get(*id) else {
                    return None;
                };
                let words = match item.kind {
                    ItemKind::Choice { options } => {
                        options.iter().find(|o| o.value == *v).map(|o| o.label)
                    }
                    _ => None,
                };
                (*v > 0).then(|| RiskAnswer {
                    item: item.id.to_owned(),
                    question: item.text.to_owned(),
                    answer: words.map_or_else(|| v.to_string(), str::to_owned),
                })
            })
            .collect();
        (!risky.is_empty()).then(|| RiskFlag {
            response_id,
            instrument: instrument.to_owned(),
            title: definition.title.to_owned(),
            answered_at_ms,
            answers: risky,
            acknowledged: None,
        })
    }

    pub fn is_open(&self) -> bool {
        self.acknowledged.is_none()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::instruments::{GAD7, PHQ9, RISK_ITEM};

    fn phq9(item9: u8) -> Answers {
        PHQ9.items
            .iter()
            .map(|i| {
                let v = if i.id == RISK_ITEM { item9 } else { 1 };
                (i.id.to_owned(), Answer::Value(v))
            })
            .collect()
    }

    #[test]
    fn an_answer_above_0_to_a_risk_item_opens_a_flag_in_the_clients_words() {
        let id = CheckInId::from_random_bytes([3; 16]);
        let flag = RiskFlag::of(id, PHQ9.id, PHQ9.version, &phq9(2), 77).unwrap();
        assert_eq!(flag.response_id, id);
        assert_eq!(flag.title, "PHQ-9");
        assert_eq!(flag.answered_at_ms, 77);
        assert_eq!(
            flag.answers,
            [RiskAnswer {
                item: RISK_ITEM.into(),
                question: PHQ9.item(RISK_ITEM).unwrap().text.into(),
                answer: "More than half the days".into(),
            }]
        );
        assert!(flag.is_open());
        assert_eq!(RiskFlag::of(id, PHQ9.id, PHQ9.version, &phq9(0), 77), None);
    }

    #[test]
    fn only_an_instruments_own_risk_items_open_flags() {
        let id = CheckInId::from_random_bytes([4; 16]);
        // GAD-7 has no risk item, whatever its answers.
        let gad: Answers = GAD7
            .items
            .iter()
            .map(|i| (i.id.to_owned(), Answer::Value(3)))
            .collect();
        assert_eq!(RiskFlag::of(id, GAD7.id, GAD7.version, &gad, 1), None);
        assert_eq!(RiskFlag::of(id, "no-such", 1, &phq9(3), 1), None);
    }

    #[test]
    fn an_action_has_one_name_as_text_and_in_json() {
        for action in RiskAction::ALL {
            assert_eq!(RiskAction::parse(action.as_str()), Some(action));
            assert_eq!(
                serde_json::to_string(&action).unwrap(),
                format!("\"{}\"", action.as_str())
            );
        }
        assert_eq!(RiskAction::parse("Contacted-client"), None);
    }
}
