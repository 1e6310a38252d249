//! switchboard-sync: see docs/architecture.md. (Being built.)
