//! The epipe lesson's client: connects to 127.0.0.1:PORT, waits until the server's "hello!"
//! has arrived (it peeks: the bytes stay in its receive queue) and closes without reading
//! them, so that its kernel ends the connection with a reset.
//!
//!     rustc --edition 2021 -O client.rs && ./client 8888

use std::io;
use std::net::{SocketAddr, TcpStream};

fn main() -> io::Result<()> {
    let port = port_argument();

    // step: connect
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    let stream = TcpStream::connect(addr)?;
    // end: connect

    // step: peek
    let mut buf = [0; 4096];
    let n = stream.peek(&mut buf)?; // the bytes stay in the queue
    drop(stream); // with 6 bytes unread: the kernel sends a reset, not a FIN
    // end: peek

    println!("closed with {n} bytes unread");
    Ok(())
}

/// The server's port: the first argument.
fn port_argument() -> u16 {
    match std::env::args().nth(1).map(|arg| arg.parse()) {
        Some(Ok(port)) if port != 0 => port,
        _ => {
            eprintln!("usage: client PORT");
            std::process::exit(2);
        }
    }
}
