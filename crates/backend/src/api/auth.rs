//! Bearer-token auth: the [`Caller`] and [`Reader`] extractors and `GET /v1/me`.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{header, StatusCode};
use axum::Json;
use switchboard_protocol::{error_code, ApiError, Me};

use super::error::ApiFailure;
use super::AppState;
use crate::permissions::{self, Action};
use crate::tokens::{self, Presented};

/// The user whose bearer token signed the request. Missing, malformed,
/// unknown, revoked or expired token → `401 unauthorized`.
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
        let presented = state
            .blocking(move |db| db.read(|conn| tokens::lookup(conn, &token, crate::now_ms())))
            .await?;
        match presented {
            Presented::Valid(me) => Ok(Caller(me)),
            Presented::Unknown => Err(unauthorized("unknown token")),
            Presented::Revoked => Err(unauthorized("this token was revoked")),
            Presented::Expired => Err(unauthorized("this token has expired")),
        }
    }
}

/// A caller whose role may read ([`Action::Read`]); else `403 forbidden`.
pub(crate) struct Reader(pub Me);

impl FromRequestParts<AppState> for Reader {
    type Rejection = ApiFailure;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let Caller(me) = Caller::from_request_parts(parts, state).await?;
        if !permissions::allows(me.role, Action::Read) {
            return Err(crate::error::Error::Forbidden(permissions::refusal(
                me.role,
                Action::Read,
            ))
            .into());
        }
        Ok(Reader(me))
    }
}

/// Who the token belongs to. Any working token may ask, whatever its role.
#[utoipa::path(get, path = "/v1/me", tag = "auth",
    responses((status = 200, body = Me), (status = 401, body = ApiError)),
    security(("bearer" = [])))]
pub(crate) async fn me(Caller(me): Caller) -> Json<Me> {
    Json(me)
}
