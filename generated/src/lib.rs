//! smc
