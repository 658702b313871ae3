"""The nonblocking lesson's client: opens two connections to 127.0.0.1:PORT with non-blocking
sockets (SOCK_NONBLOCK). connect does not wait for the handshake: connect_ex returns EINPROGRESS
at once; poll waits until the socket is writable (the handshake is over), and
getsockopt(SO_ERROR) says how it ended (0: connected). It reads each connection's greeting
before it opens the next, then sends one request on each, the second connection first, waiting
for each reply.

    python3 client.py 8888
"""
import errno
import os
import select
import socket
import sys


def wait_for(stream, events):
    """Waits until the socket is ready for `events` (POLLOUT: writable, POLLIN: readable)."""
    poller = select.poll()
    poller.register(stream, events)
    poller.poll()


def open_connection(port):
    """A connected non-blocking socket."""
    # step: socket
    stream = socket.socket(socket.AF_INET, socket.SOCK_STREAM | socket.SOCK_NONBLOCK)
    # end: socket

    # step: connect
    error = stream.connect_ex(("127.0.0.1", port))
    if error not in (0, errno.EINPROGRESS):
        raise OSError(error, os.strerror(error))
    # end: connect

    # EINPROGRESS: the handshake is under way. Writable means it is over; SO_ERROR says how.
    wait_for(stream, select.POLLOUT)
    error = stream.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
    if error != 0:
        raise OSError(error, os.strerror(error))
    return stream


def receive(stream, size):
    """Waits until the socket is readable, then reads (b"" at end of file)."""
    wait_for(stream, select.POLLIN)
    # step: read
    data = stream.recv(size)
    # end: read
    return data


def ask(stream, request):
    """Sends a request and reads the reply."""
    # step: send
    stream.sendall(request)
    # end: send
    reply = receive(stream, 80)
    if not reply:
        sys.exit("client: the server closed the connection")
    print(request.decode() + ": " + reply.decode())


def main(port):
    # Each greeting says the server has accepted that connection.
    with open_connection(port) as first:
        if not receive(first, 64):
            sys.exit("client: the server closed the connection")
        with open_connection(port) as second:
            if not receive(second, 64):
                sys.exit("client: the server closed the connection")
            ask(second, b"two")
            ask(first, b"one")


if __name__ == "__main__":
    if len(sys.argv) != 2 or not sys.argv[1].isdigit() or not 0 < int(sys.argv[1]) < 65536:
        print("usage: client.py PORT", file=sys.stderr)
        sys.exit(2)
    try:
        main(int(sys.argv[1]))
    except OSError as error:
        sys.exit(f"client: {error}")
