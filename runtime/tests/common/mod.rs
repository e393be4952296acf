pub mod detail;
pub mod sajan;
pub mod server;
