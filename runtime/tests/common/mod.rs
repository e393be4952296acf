pub mod sajan;
