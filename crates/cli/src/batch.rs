//! Batch runs: items stream in, are processed on a thread pool, and come out in input order.
//! At most a fixed window of items is in flight (read, being processed, or waiting for an
//! earlier one to finish), so memory stays flat however long the input; there is no barrier
//! between chunks, so one slow article holds up only the output, never the workers. A panic
//! in one item becomes that item's result and the rest go on.

use std::collections::BTreeMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;

/// Items in flight per worker: enough that workers never wait on a slow article ahead of
/// them in the output, few enough that memory does not grow with the input.
const WINDOW_PER_THREAD: usize = 16;

/// Map `items` through `f` on `threads` threads, calling `sink` with each result in input
/// order; `sink` returning false stops the run (items not yet started are skipped). Items
/// are pulled from the iterator on the calling thread, which also runs `sink`.
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
    let threads = threads.max(1);
    let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build()?;
    let window = threads * WINDOW_PER_THREAD;
    let stop = AtomicBool::new(false);
    let (f, on_panic, stop) = (&f, &on_panic, &stop);
    let (tx, rx) = mpsc::channel::<(usize, Option<R>)>();
    // The closure runs on this thread; `spawn`ed work goes to the pool in FIFO order.
    pool.in_place_scope(|scope| {
        let mut items = items.fuse();
        let (mut next_in, mut next_out) = (0usize, 0usize);
        let mut done: BTreeMap<usize, Option<R>> = BTreeMap::new();
        loop {
            while next_in - next_out < window {
                let Some(item) = items.next() else { break };
                let (tx, seq) = (tx.clone(), next_in);
                scope.spawn(move |_| {
                    let result = (!stop.load(Ordering::Relaxed)).then(|| {
                        catch_unwind(AssertUnwindSafe(|| f(item)))
                            .unwrap_or_else(|p| on_panic(panic_message(p.as_ref())))
                    });
                    // The receiver outlives the scope, so this cannot fail.
                    let _ = tx.send((seq, result));
                });
                next_in += 1;
            }
            if next_out == next_in {
                break;
            }
            let Ok((seq, result)) = rx.recv() else { break };
            done.insert(seq, result);
            while let Some(result) = done.remove(&next_out) {
                next_out += 1;
                if let Some(r) = result
                    && !sink(r)
                {
                    stop.store(true, Ordering::Relaxed);
                    return;
                }
            }
        }
    });
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

    /// Items finish out of order (early ones are slow); the output must not notice, and the
    /// number of items taken from the input ahead of the output stays within the window.
    #[test]
    fn order_is_input_order_when_items_finish_out_of_order() {
        use std::sync::atomic::AtomicUsize;
        let pulled = AtomicUsize::new(0);
        let items = (0..400u64).inspect(|_| {
            pulled.fetch_add(1, Ordering::Relaxed);
        });
        let mut out = Vec::new();
        let mut max_ahead = 0;
        run_ordered(
            items,
            4,
            |i| {
                // Deterministic jitter: every 7th item is slow, so later ones overtake it.
                if i % 7 == 0 {
                    std::thread::sleep(std::time::Duration::from_millis(3));
                }
                i * 2
            },
            |_| u64::MAX,
            |r| {
                max_ahead = max_ahead.max(pulled.load(Ordering::Relaxed) - out.len());
                out.push(r);
                true
            },
        )
        .unwrap();
        assert_eq!(out, (0..400u64).map(|i| i * 2).collect::<Vec<_>>());
        assert!(max_ahead <= 4 * WINDOW_PER_THREAD, "{max_ahead} items read ahead of the output");
    }

    #[test]
    fn stopping_early_skips_the_rest() {
        let ran = std::sync::atomic::AtomicUsize::new(0);
        let mut out = Vec::new();
        run_ordered(
            0..10_000u32,
            2,
            |i| {
                ran.fetch_add(1, Ordering::Relaxed);
                i
            },
            |_| u32::MAX,
            |r| {
                out.push(r);
                out.len() < 5
            },
        )
        .unwrap();
        assert_eq!(out, vec![0, 1, 2, 3, 4]);
        assert!(ran.load(Ordering::Relaxed) <= 5 + 2 * WINDOW_PER_THREAD);
    }
}
