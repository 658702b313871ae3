"""The reuseaddr lesson's client: connects to 127.0.0.1:PORT, reads until the server has closed
its end (end of file) and closes its own. The with block closes the socket if a call fails.

    python3 client.py 8888
"""
import socket
import sys


def main(port):
    # step: socket
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as stream:
        # end: socket

        # step: connect
        stream.connect(("127.0.0.1", port))
        # end: connect

        # step: recv
        stream.recv(4096)  # b"": the server closed first
        stream.close()  # the client's FIN: the server's side goes to TIME_WAIT
        # end: recv


if __name__ == "__main__":
    if len(sys.argv) != 2 or not sys.argv[1].isdigit() or not 0 < int(sys.argv[1]) < 65536:
        print("usage: client.py PORT", file=sys.stderr)
        sys.exit(2)
    try:
        main(int(sys.argv[1]))
    except OSError as error:
        sys.exit(f"client: {error}")
