//! A small multilayer-perceptron engine on nalgebra, written to be read.
//!
//! Samples are columns: a batch is a `features × batch` matrix. Every layer computes
//! Z = W·X + b, optionally batch-normalizes Z, applies its activation, and optionally
//! drops units; `network::Network::backward` walks the same steps in reverse with the chain
//! rule. Like all numerics, nothing here does I/O.

pub mod activation;
pub mod data;
pub mod files;
pub mod float;
pub mod init;
pub mod loss;
pub mod matmul;
pub mod network;
pub mod optim;
pub mod schedule;
pub mod train;
