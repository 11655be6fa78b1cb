//! [`ApiJson`]: how every handler reads a JSON body and writes a JSON answer.
//!
//! A body is parsed in two steps, so each kind of mistake gets its own answer: not JSON
//! at all is a 400; JSON of the wrong shape is a 422 whose message names the field by
//! its path (`[3].every_days: …`). Between the two, a number with nothing after the
//! point (`29.0`, `1e3`) becomes the whole number it is: JSON and JSON Schema make no
//! difference between `29` and `29.0`, so neither does Ajar.

use crate::error::ApiError;
use axum::Json;
use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;
use serde_json::{Number, Value};

pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        if !is_json(&req) {
            return Err(ApiError::Rejected {
                status: StatusCode::UNSUPPORTED_MEDIA_TYPE,
                message: "The body must be sent with Content-Type: application/json.".into(),
            });
        }
        // Bytes' own rejection carries the body limit's 413.
        let bytes = Bytes::from_request(req, state)
            .await
            .map_err(|e| ApiError::Rejected {
                status: e.status(),
                message: e.body_text(),
            })?;
        let value: Value = serde_json::from_slice(&bytes)
            .map_err(|e| ApiError::BadRequest(format!("The body is not valid JSON: {e}.")))?;
        serde_path_to_error::deserialize(whole_numbers(value))
            .map(ApiJson)
            .map_err(|e| {
                let path = e.path().to_string();
                // This goes back to the sender only (it may quote what they sent); the
                // log never sees a 4xx's message.
                ApiError::Unprocessable(match path.as_str() {
                    "." => format!("{}.", e.inner()),
                    _ => format!("{path}: {}.", e.inner()),
                })
            })
    }
}

impl<T: serde::Serialize> IntoResponse for ApiJson<T> {
    fn into_response(self) -> Response {
        Json(self.0).into_response()
    }
}

fn is_json(req: &Request) -> bool {
    let Some(Ok(content_type)) = req.headers().get(header::CONTENT_TYPE).map(|v| v.to_str()) else {
        return false;
    };
    let essence = content_type.split(';').next().unwrap_or("").trim();
    let essence = essence.to_ascii_lowercase();
    essence == "application/json"
        || (essence.starts_with("application/") && essence.ends_with("+json"))
}

/// `29.0` → `29`, everywhere in the value; any other number stays as it was.
fn whole_numbers(value: Value) -> Value {
    match value {
        Value::Number(n) if n.is_f64() => {
            let f = n.as_f64().unwrap_or(f64::NAN);
            let whole = f.fract() == 0.0;
            // Bounds exclusive: 2^64 and -2^63 are where a float stands for every larger
            // number too (-9223372036854775809 reads as -2^63), so no integer is taken
            // for it.
            let number = if whole && (0.0..u64::MAX as f64).contains(&f) {
                Number::from(f as u64)
            } else if whole && f > i64::MIN as f64 && f < 0.0 {
                Number::from(f as i64)
            } else {
                n
            };
            Value::Number(number)
        }
        Value::Array(items) => Value::Array(items.into_iter().map(whole_numbers).collect()),
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| (k, whole_numbers(v)))
                .collect(),
        ),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_whole_number_written_with_a_point_is_that_number() {
        assert_eq!(
            whole_numbers(json!([29.0, 1e3, -4.0, 0.5, 7, {"a": [2.0]}])),
            json!([29, 1000, -4, 0.5, 7, {"a": [2]}])
        );
        // Too large for an integer type: left as it was, so the field's own check refuses it.
        assert!(whole_numbers(json!(1e300)).is_f64());
        // Just past the integer types: read as floats at their edge, and left as floats.
        let past: Value =
            serde_json::from_str("[-9223372036854775809, 18446744073709551616]").unwrap();
        assert!(
            whole_numbers(past)
                .as_array()
                .unwrap()
                .iter()
                .all(Value::is_f64)
        );
    }
}
