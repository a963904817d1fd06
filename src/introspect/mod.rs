//! Introspection: a live PostgreSQL database to the canonical model.
