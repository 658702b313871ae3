//! The unix lesson's server: binds the socket path PATH, accepts one client, writes
//! "hello!" to it, and removes the socket file.
//!
//!     rustc --edition 2021 -O server.rs && ./server /tmp/server.sock

use std::io::{self, Write};
use std::os::unix::net::UnixListener;
use std::path::PathBuf;

fn main() -> io::Result<()> {
    let path = path_argument();

    // step: bind
    let listener = UnixListener::bind(&path)?;
    // end: bind

    // step: accept
    let (mut stream, _peer) = listener.accept()?;
    // end: accept

    // step: write
    stream.write_all(b"hello!")?;
    // end: write

    std::fs::remove_file(&path)
}

/// The socket's path: the first argument.
fn path_argument() -> PathBuf {
    match std::env::args_os().nth(1) {
        Some(path) => PathBuf::from(path),
        None => {
            eprintln!("usage: server PATH");
            std::process::exit(2);
        }
    }
}
