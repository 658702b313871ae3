"""The unix lesson's client: connects to the socket path PATH and prints what the server
writes.

    python3 client.py /tmp/server.sock
"""
import os
import socket
import sys


def main(path):
    # step: socket
    stream = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    # end: socket

    # step: connect
    stream.connect(path)
    # end: connect

    # step: read
    data = os.read(stream.fileno(), 4096)  # a socket is a file descriptor: plain read(2)
    # end: read

    print("received:", data.decode())
    stream.close()


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print("usage: client.py PATH", file=sys.stderr)
        sys.exit(2)
    try:
        main(sys.argv[1])
    except OSError as error:
        sys.exit(f"client: {error}")
