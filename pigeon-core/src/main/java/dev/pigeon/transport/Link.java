package dev.pigeon.transport;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;

/**
 * What a {@link Connection} runs over: a TCP socket (possibly under TLS) or a unix-domain socket.
 * Both give the same guarantee: a read waits at most its timeout, however the peer behaves.
 */
sealed interface Link extends Closeable permits SocketLink, UnixLink {

    /**
     * Reads what has arrived into {@code buffer}, waiting at most {@code timeoutNanos} for a byte.
     *
     * @return the number of bytes read, or -1 at the end of the stream
     * @throws java.net.SocketTimeoutException when nothing arrived in time
     */
    int read(byte[] buffer, long timeoutNanos) throws IOException;

    /** Bytes that can be read without blocking. */
    int available() throws IOException;

    OutputStream output() throws IOException;

    boolean isOpen();
}
