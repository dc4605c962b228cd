//! Batch runs: items stream in, are processed on a thread pool in chunks, and come out in
//! input order. Memory stays bounded by the chunk size; a panic in one item becomes that
//! item's error and the rest go on.

use std::panic::{AssertUnwindSafe, catch_unwind};

use rayon::prelude::*;

/// Map `items` through `f` on `threads` threads, calling `sink` with each result in order.
pub fn run_ordered<I, T, R>(
    items: I,
    threads: usize,
    f: impl Fn(T) -> R + Sync,
    on_panic: impl Fn(String) -> R + Sync,
    mut sink: impl FnMut(R) -> bool,
) -> anyhow::Result<()>
where
    I: Iterator<Item = T>,
    T: Send,
    R: Send,
{
    let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build()?;
    let chunk_size = threads.max(1) * 8;
    let mut items = items.peekable();
    while items.peek().is_some() {
        let chunk: Vec<T> = items.by_ref().take(chunk_size).collect();
        let results: Vec<R> = pool.install(|| {
            chunk
                .into_par_iter()
                .map(|item| {
                    catch_unwind(AssertUnwindSafe(|| f(item))).unwrap_or_else(|p| on_panic(panic_message(p.as_ref())))
                })
                .collect()
        });
        for r in results {
            if !sink(r) {
                return Ok(());
            }
        }
    }
    Ok(())
}

pub fn panic_message(p: &(dyn std::any::Any + Send)) -> String {
    p.downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| p.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_order_and_survives_panics() {
        let mut out = Vec::new();
        run_ordered(
            0..100u32,
            3,
            |i| {
                assert!(i != 42, "boom at {i}");
                i.to_string()
            },
            |msg| format!("panic: {msg}"),
            |r| {
                out.push(r);
                true
            },
        )
        .unwrap();
        assert_eq!(out.len(), 100);
        assert_eq!(out[41], "41");
        assert_eq!(out[42], "panic: boom at 42");
        assert_eq!(out[99], "99");
    }
}
