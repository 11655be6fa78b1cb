//! What an alert is: its kind, ordered by urgency (so sorting a caseload by its clients'
//! first alert puts risk first and silence last), and the reason in words. The rules that
//! raise alerts are in `alerts.rs`; this is apart so the API's shapes (`api.rs`) can name
//! an alert without importing the rules, which read those shapes.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum AlertKind {
    Risk,
    Ending,
    Rupture,
    NotOnTrack,
    Silence,
}

impl AlertKind {
    pub fn label(self) -> &'static str {
        match self {
            AlertKind::Risk => "Risk",
            AlertKind::Ending => "Ending",
            AlertKind::Rupture => "Rupture",
            AlertKind::NotOnTrack => "Not on track",
            AlertKind::Silence => "Silence",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Alert {
    pub kind: AlertKind,
    pub reason: String,
}
