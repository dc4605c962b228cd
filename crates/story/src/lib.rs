//! Across articles. Today: [`dedup`], exact and near duplicates of article texts. Story
//! clustering, event merging and claim links will live here too.
//!
//! Pure by design: no IO, clock, randomness or global state. Callers (the CLI, the store)
//! hand in texts and stored fingerprints and get decisions back.

pub mod dedup;
