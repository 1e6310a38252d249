//! `GET /v1/openapi.json`: the OpenAPI 3 document, generated from the
//! handlers' annotations and the protocol types.

use axum::Json;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

#[derive(OpenApi)]
#[openapi(
    info(title = "Switchboard assistant backend", version = "1", description = "The v1 sync protocol: see docs/protocol.md."),
    paths(
        super::auth::me,
        super::sync::bootstrap,
        super::sync::events,
        super::sync::stream,
        super::history::history,
        super::conversations::send_message,
        super::conversations::set_assistant,
        super::conversations::close,
        super::conversations::take,
        super::conversations::release,
        super::conversations::older_messages,
        super::conversations::contact_conversations,
    ),
    components(schemas(switchboard_protocol::Event, switchboard_protocol::Change)),
    modifiers(&BearerAuth)
)]
pub(crate) struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// The document. Public: it names no data.
pub(crate) async fn document() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
