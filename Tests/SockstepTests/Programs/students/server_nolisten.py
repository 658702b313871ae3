"""A student's TCP server in Python with a typical mistake: it forgets listen."""
import socket
import sys

port = int(sys.argv[1])
listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
listener.bind(("127.0.0.1", port))
connection, address = listener.accept()
connection.sendall(b"hello!")
