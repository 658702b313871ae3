//! The backlog lesson's server: listens on 127.0.0.1:PORT, but is busy for a second before
//! it calls accept. A client that connects meanwhile is not refused: the kernel finishes its
//! handshake and queues the connection, and accept takes it off the queue at once.
//!
//!     rustc --edition 2021 -O server.rs && ./server 8888

use std::io::{self, Write};
use std::net::{SocketAddr, TcpListener};
use std::thread;
use std::time::Duration;

fn main() -> io::Result<()> {
    let port = port_argument();

    // step: bind
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    let listener = TcpListener::bind(addr)?;
    // end: bind

    // step: wait
    // busy elsewhere: a client that connects now waits in the accept queue
    thread::sleep(Duration::from_secs(1));
    // end: wait

    // step: accept
    let (mut conn, _peer) = listener.accept()?;
    // end: accept

    // step: send
    conn.write_all(b"hello!")?;
    // end: send

    Ok(())
}

/// The port to listen on: the first argument.
fn port_argument() -> u16 {
    match std::env::args().nth(1).map(|arg| arg.parse()) {
        Some(Ok(port)) if port != 0 => port,
        _ => {
            eprintln!("usage: server PORT");
            std::process::exit(2);
        }
    }
}
