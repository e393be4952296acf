pub mod sajan;
pub mod server;
