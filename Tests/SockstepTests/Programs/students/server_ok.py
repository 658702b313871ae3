"""A student's TCP server in Python, done right."""
import socket
import sys

port = int(sys.argv[1])
with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as listener:
    listener.bind(("127.0.0.1", port))
    listener.listen()
    connection, address = listener.accept()
    with connection:
        connection.sendall(b"hello!")
