//! switchboard-store: see docs/architecture.md. (Being built.)
