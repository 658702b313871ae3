"""The forking lesson's client: connects twice to 127.0.0.1:PORT and reads each connection's
greeting, each from another child of the server, before it makes the next connection. Both
connections stay open until the client ends.

    python3 client.py 8888
"""
import socket
import sys


def main(port):
    streams = []
    for _ in range(2):
        # step: socket
        stream = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        # end: socket
        streams.append(stream)

        # step: connect
        stream.connect(("127.0.0.1", port))
        # end: connect

        # step: recv
        greeting = stream.recv(64)
        # end: recv
        print(greeting.decode(), end="")
    for stream in streams:
        stream.close()


if __name__ == "__main__":
    if len(sys.argv) != 2 or not sys.argv[1].isdigit() or not 0 < int(sys.argv[1]) < 65536:
        print("usage: client.py PORT", file=sys.stderr)
        sys.exit(2)
    try:
        main(int(sys.argv[1]))
    except OSError as error:
        sys.exit(f"client: {error}")
