"""The unix lesson's server: binds the socket path PATH, accepts one client, writes "hello!"
to it, and removes the socket file.

    python3 server.py /tmp/server.sock
"""
import os
import socket
import sys


def main(path):
    # step: socket
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    # end: socket

    # step: bind
    listener.bind(path)
    # end: bind

    # step: listen
    listener.listen(128)
    # end: listen

    # step: accept
    stream, peer = listener.accept()
    # end: accept

    # step: write
    os.write(stream.fileno(), b"hello!")  # a socket is a file descriptor: plain write(2)
    # end: write

    stream.close()
    listener.close()
    os.unlink(path)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print("usage: server.py PATH", file=sys.stderr)
        sys.exit(2)
    try:
        main(sys.argv[1])
    except OSError as error:
        sys.exit(f"server: {error}")
