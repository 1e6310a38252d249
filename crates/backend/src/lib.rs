//! switchboard-backend: see docs/architecture.md. (Being built.)
