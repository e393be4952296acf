//! The generated blocking clients: called from plain threads with no async
//! runtime of their own, against the seed server over real HTTP on
//! loopback, with the same results and typed errors as the async clients; and
//! the async clients' futures, which own what they need and can be spawned.

use examples::sajan::{self, AuthenticationRequest};
use examples::sejour;
use examples::server::Server;
use soapgen_runtime::Error;

#[test]
fn blocking_clients_call_from_plain_threads() {
    // The server needs a runtime; the clients run on threads without one.
    let rt = tokio::runtime::Runtime::new().unwrap();
    let server = rt.block_on(Server::seed("/svc.asmx")).unwrap();
    let url = server.url.clone();
    let calls = std::thread::spawn(move || {
        let request = AuthenticationRequest {
            user_name: Some("Zoë".into()),
            password: Some("p@ss".into()),
            ip_address: None,
        };
        for soap12 in [false, true] {
            let r = if soap12 {
                sajan::blocking::AuthenticationServiceSoap12::new(&url)
                    .authenticate(Some(request.clone()))
            } else {
                sajan::blocking::AuthenticationServiceSoap::new(&url)
                    .authenticate(Some(request.clone()))
            };
            let r = r.unwrap().unwrap();
            assert!(r.is_valid_token);
            assert_eq!(r.access_token.as_deref(), Some("tok-Zoë"));
        }
        sejour::blocking::AuthenticationSoap::new(&url)
            .logout(Some("t".into()))
            .unwrap();
        // A fault is the same typed error as from the async client.
        let fault = sejour::blocking::AuthenticationSoap12::new(&url)
            .logout(Some("fault".into()))
            .unwrap_err();
        assert!(matches!(fault, Error::Fault(_)), "{fault:?}");
        // Nothing listens on port 1: a typed transport error, no panic.
        let down = sajan::blocking::AuthenticationServiceSoap::new("http://127.0.0.1:1/")
            .authenticate(None)
            .unwrap_err();
        assert!(!matches!(down, Error::Fault(_)), "{down:?}");
    });
    calls.join().expect("blocking calls succeed");
    let exchanges = server.take_exchanges();
    assert_eq!(exchanges.len(), 4, "every blocking call reached the server");
}

#[test]
fn blocking_clients_have_the_async_clients_constructors() {
    let c = sajan::blocking::AuthenticationServiceSoap::default();
    assert_eq!(
        c.client().endpoint(),
        sajan::blocking::AuthenticationServiceSoap::DEFAULT_ENDPOINT
    );
    let from = sejour::blocking::AuthenticationSoap::from_client(c.client().clone());
    assert_eq!(from.client().endpoint(), c.client().endpoint());
    assert_eq!(
        sajan::blocking::AuthenticationServiceSoap12::DEFAULT_ENDPOINT,
        sajan::AuthenticationServiceSoap12::DEFAULT_ENDPOINT
    );
}

/// The async operation methods return futures that own a handle to the client
/// and their arguments: they can be spawned onto other tasks and outlive the
/// client value they came from.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn async_operation_futures_are_spawnable_and_outlive_their_client() {
    let server = Server::seed("/svc.asmx").await.unwrap();
    let calls: Vec<_> = (0..4)
        .map(|i| {
            let client = sajan::AuthenticationServiceSoap::new(&server.url);
            let call = client.authenticate(Some(AuthenticationRequest {
                user_name: Some(format!("user{i}")),
                password: Some("p".into()),
                ip_address: None,
            }));
            drop(client);
            tokio::spawn(call)
        })
        .collect();
    for (i, call) in calls.into_iter().enumerate() {
        let r = call.await.expect("task").expect("call").expect("result");
        assert_eq!(r.access_token, Some(format!("tok-user{i}")));
    }
    assert_eq!(server.take_exchanges().len(), 4);
}
