"""The shutdown lesson's client: connects to 127.0.0.1:PORT, sends its request, shuts down its
writing side (the server reads end of file: the request is complete) and reads the reply until
the server closes. It sends once the server has greeted it with "ready". The with block closes the socket at the end, and if a call fails.

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

        # step: greeting
        stream.recv(4096)  # b"ready": the server is there
        # end: greeting

        # step: send
        stream.sendall(b"hello, server")
        # end: send

        # step: shutdown
        stream.shutdown(socket.SHUT_WR)  # no more to send; reading goes on
        # end: shutdown

        # step: recv
        while data := stream.recv(4096):  # until the server closes
            print("received:", data.decode())
        # end: recv


if __name__ == "__main__":
    if len(sys.argv) != 2 or not sys.argv[1].isdigit() or not 0 < int(sys.argv[1]) < 65536:
        print("usage: client.py PORT", file=sys.stderr)
        sys.exit(2)
    try:
        main(int(sys.argv[1]))
    except OSError as error:
        sys.exit(f"client: {error}")
