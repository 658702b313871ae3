//! The unix lesson's client: connects to the socket path PATH and prints what the server
//! writes.
//!
//!     rustc --edition 2021 -O client.rs && ./client /tmp/server.sock

use std::io::{self, Read};
use std::os::unix::net::UnixStream;
use std::path::PathBuf;

fn main() -> io::Result<()> {
    let path = path_argument();

    // step: connect
    let mut stream = UnixStream::connect(&path)?;
    // end: connect

    // step: read
    let mut temp = [0; 4096];
    let n = stream.read(&mut temp)?;
    // end: read

    println!("received: {}", String::from_utf8_lossy(&temp[..n]));
    Ok(())
}

/// The server's socket path: the first argument.
fn path_argument() -> PathBuf {
    match std::env::args_os().nth(1) {
        Some(path) => PathBuf::from(path),
        None => {
            eprintln!("usage: client PATH");
            std::process::exit(2);
        }
    }
}
