//! Bearer-token auth: the [`Caller`] extractor and `GET /v1/me`.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{header, StatusCode};
use axum::Json;
use switchboard_protocol::{error_code, ApiError, Me};

use super::error::ApiFailure;
use super::AppState;
use crate::tokens;

/// The user whose bearer token signed the request. Missing, malformed or
/// unknown token → `401 unauthorized`.
pub(crate) struct Caller(pub Me);

impl FromRequestParts<AppState> for Caller {
    type Rejection = ApiFailure;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let unauthorized = |message: &str| {
            ApiFailure::new(StatusCode::UNAUTHORIZED, error_code::UNAUTHORIZED, message)
        };
        let token = parts
            .headers
            .get(header::AUTHORIZATION)
            .ok_or_else(|| unauthorized("missing Authorization: Bearer <token> header"))?
            .to_str()
            .ok()
            .and_then(|value| value.strip_prefix("Bearer "))
            .map(|token| token.trim().to_owned())
            .filter(|token| !token.is_empty())
            .ok_or_else(|| unauthorized("the Authorization header must be `Bearer <token>`"))?;
        let me = state
            .blocking(move |db| db.read(|conn| tokens::lookup(conn, &token)))
            .await?;
        me.map(Caller).ok_or_else(|| unauthorized("unknown token"))
    }
}

/// Who the token belongs to.
#[utoipa::path(get, path = "/v1/me", tag = "auth",
    responses((status = 200, body = Me), (status = 401, body = ApiError)),
    security(("bearer" = [])))]
pub(crate) async fn me(Caller(me): Caller) -> Json<Me> {
    Json(me)
}
