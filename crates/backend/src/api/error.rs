//! Every error response is an [`ApiError`] JSON body: this module maps the
//! backend's errors and axum's own rejections onto it, and provides the
//! extractors whose rejections are mapped that way.

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::de::DeserializeOwned;
use switchboard_protocol::{error_code, ApiError};

use crate::error::Error;

/// An error response: a status and an [`ApiError`] body.
#[derive(Debug)]
pub struct ApiFailure {
    pub status: StatusCode,
    pub body: ApiError,
}

impl ApiFailure {
    pub fn new(status: StatusCode, code: &str, message: impl Into<String>) -> Self {
        ApiFailure {
            status,
            body: ApiError {
                code: code.to_owned(),
                message: message.into(),
            },
        }
    }

    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, error_code::BAD_REQUEST, message)
    }
}

impl IntoResponse for ApiFailure {
    fn into_response(self) -> Response {
        (self.status, Json(self.body)).into_response()
    }
}

impl From<Error> for ApiFailure {
    fn from(error: Error) -> Self {
        let message = error.to_string();
        match error {
            Error::NotFound(_) => Self::new(StatusCode::NOT_FOUND, error_code::NOT_FOUND, message),
            Error::InvalidTransition(_) => Self::new(
                StatusCode::CONFLICT,
                error_code::INVALID_TRANSITION,
                message,
            ),
            Error::HandledBySomeoneElse(_) => Self::new(
                StatusCode::CONFLICT,
                error_code::HANDLED_BY_SOMEONE_ELSE,
                message,
            ),
            Error::ConversationClosed(_) => Self::new(
                StatusCode::CONFLICT,
                error_code::CONVERSATION_CLOSED,
                message,
            ),
            Error::Forbidden(_) => Self::new(StatusCode::FORBIDDEN, error_code::FORBIDDEN, message),
            Error::BadRequest(_) => Self::bad_request(message),
            Error::IdempotencyMismatch => Self::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                error_code::IDEMPOTENCY_MISMATCH,
                message,
            ),
            Error::CursorExpired { .. } => {
                Self::new(StatusCode::GONE, error_code::CURSOR_EXPIRED, message)
            }
            Error::Db(_) | Error::Json(_) | Error::Io(_) | Error::Internal(_) => {
                tracing::error!(%error, "request failed");
                Self::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    error_code::INTERNAL,
                    "the server failed; the request may be retried",
                )
            }
        }
    }
}

/// A JSON body of type `T`. Over the body limit → `413 payload_too_large`;
/// not JSON → `400 invalid_body`; JSON of the wrong shape (missing or
/// unknown fields, wrong types) → `422 invalid_body`. The content type is
/// not checked: the body is what counts.
pub struct JsonBody<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for JsonBody<T> {
    type Rejection = ApiFailure;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let bytes = Bytes::from_request(req, state).await.map_err(|rejection| {
            if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                ApiFailure::new(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    error_code::PAYLOAD_TOO_LARGE,
                    "the request body is larger than the server accepts",
                )
            } else {
                ApiFailure::bad_request(rejection.body_text())
            }
        })?;
        serde_json::from_slice(&bytes).map(JsonBody).map_err(|e| {
            let status = match e.classify() {
                serde_json::error::Category::Data => StatusCode::UNPROCESSABLE_ENTITY,
                _ => StatusCode::BAD_REQUEST,
            };
            ApiFailure::new(
                status,
                error_code::INVALID_BODY,
                format!("invalid JSON body: {e}"),
            )
        })
    }
}

/// Query parameters of type `T`; malformed → `400 bad_request`.
pub struct QueryParams<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for QueryParams<T> {
    type Rejection = ApiFailure;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        axum::extract::Query::<T>::from_request_parts(parts, state)
            .await
            .map(|q| QueryParams(q.0))
            .map_err(|rejection| ApiFailure::bad_request(rejection.body_text()))
    }
}

/// The `{id}` of a path; not an integer → `400 bad_request`.
pub struct PathId(pub i64);

impl<S: Send + Sync> FromRequestParts<S> for PathId {
    type Rejection = ApiFailure;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        axum::extract::Path::<i64>::from_request_parts(parts, state)
            .await
            .map(|p| PathId(p.0))
            .map_err(|rejection| ApiFailure::bad_request(rejection.body_text()))
    }
}

/// Unknown routes.
pub async fn not_found() -> ApiFailure {
    ApiFailure::new(
        StatusCode::NOT_FOUND,
        error_code::NOT_FOUND,
        "no such route",
    )
}

/// Known routes with another method.
pub async fn method_not_allowed() -> ApiFailure {
    ApiFailure::new(
        StatusCode::METHOD_NOT_ALLOWED,
        error_code::BAD_REQUEST,
        "this route does not accept that method",
    )
}

/// A request that was not read and answered within the request timeout.
pub async fn timed_out(_elapsed: tower::BoxError) -> ApiFailure {
    ApiFailure::new(
        StatusCode::REQUEST_TIMEOUT,
        error_code::REQUEST_TIMEOUT,
        "the request did not arrive in time",
    )
}
