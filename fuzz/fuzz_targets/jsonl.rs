//! The jsonl reader on arbitrary bytes, and the pipeline on whatever it reads.
#![no_main]

#[path = "common.rs"]
mod common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| common::read_and_analyse(sitrep_ingest::Format::Jsonl, data));
