package dev.pigeon.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;

/** A TCP socket (or a TLS socket layered over one): reads are bounded by {@code SO_TIMEOUT}. */
record SocketLink(Socket socket, InputStream in) implements Link {

    static SocketLink of(Socket socket) throws IOException {
        return new SocketLink(socket, socket.getInputStream());
    }

    @Override
    public int read(byte[] buffer, long timeoutNanos) throws IOException {
        // rounded up, and at least 1 ms: 0 would mean "wait forever"
        socket.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, (timeoutNanos + 999_999) / 1_000_000)));
        return in.read(buffer);
    }

    @Override
    public int available() throws IOException {
        return in.available();
    }

    @Override
    public OutputStream output() throws IOException {
        return socket.getOutputStream();
    }

    @Override
    public boolean isOpen() {
        return !socket.isClosed();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
