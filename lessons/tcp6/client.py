"""The tcp6 lesson's client: connects to [::1]:PORT and prints what the server writes.

    python3 client.py 8888
"""
import socket
import sys


def main(port):
    # step: socket
    stream = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
    # end: socket

    # step: connect
    stream.connect(("::1", port))
    # end: connect

    # step: recv
    data = stream.recv(4096)
    # end: recv

    print("received:", data.decode())
    stream.close()


if __name__ == "__main__":
    if len(sys.argv) != 2 or not sys.argv[1].isdigit() or not 0 < int(sys.argv[1]) < 65536:
        print("usage: client.py PORT", file=sys.stderr)
        sys.exit(2)
    try:
        main(int(sys.argv[1]))
    except OSError as error:
        sys.exit(f"client: {error}")
