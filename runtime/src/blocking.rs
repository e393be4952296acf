//! Blocking calls: run an async operation to completion from ordinary synchronous code.
//!
//! The generated `blocking::` clients call [`block_on`]; users rarely need it directly.
//! The async clients need a tokio runtime (`#[tokio::main]`); the blocking ones bring their
//! own: one shared multi-thread runtime with a single worker, started on first use, which
//! keeps driving pooled connections between calls.

use std::future::Future;
use std::sync::OnceLock;

use crate::error::Error;

static RUNTIME: OnceLock<Result<tokio::runtime::Runtime, String>> = OnceLock::new();

/// Runs `future` to completion on the shared blocking runtime and waits for its result.
///
/// The future runs on the runtime's own worker thread (as `reqwest::blocking` does), so
/// this works from any thread, including `spawn_blocking` threads and threads of another
/// runtime (where it blocks that thread: prefer the async client there). Fails with
/// [`Error::Transport`], never a panic, when the runtime cannot be started.
pub fn block_on<T, F>(future: F) -> Result<T, Error>
where
    F: Future<Output = Result<T, Error>> + Send + 'static,
    T: Send + 'static,
{
    let runtime = RUNTIME.get_or_init(|| {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .thread_name("soapgen-blocking")
            .enable_all()
            .build()
            .map_err(|e| e.to_string())
    });
    let rt = match runtime {
        Ok(rt) => rt,
        Err(e) => {
            return Err(Error::Transport {
                message: format!("cannot start the blocking runtime: {e}"),
            })
        }
    };
    let (tx, rx) = std::sync::mpsc::sync_channel(1);
    rt.spawn(async move {
        // The receiver only goes away if the calling thread is gone.
        let _ = tx.send(future.await);
    });
    rx.recv().unwrap_or_else(|_| {
        Err(Error::Transport {
            message: "the blocking runtime stopped before the call completed".into(),
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_a_future_from_sync_code() {
        assert_eq!(block_on(async { Ok::<_, Error>(7) }).ok(), Some(7));
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 1)]
    async fn works_from_a_blocking_thread_of_another_runtime() {
        let got = tokio::task::spawn_blocking(|| block_on(async { Ok::<_, Error>("ok") }))
            .await
            .ok()
            .and_then(Result::ok);
        assert_eq!(got, Some("ok"));
    }

    #[test]
    fn errors_come_back_unchanged() {
        let e = block_on(async {
            Err::<(), _>(Error::EmptyBody {
                operation: "Op",
                endpoint: String::new(),
                status: 200,
            })
        })
        .err();
        assert!(
            matches!(e, Some(Error::EmptyBody { status: 200, .. })),
            "{e:?}"
        );
    }
}
