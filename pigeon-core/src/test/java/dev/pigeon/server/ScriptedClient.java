package dev.pigeon.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pigeon.protocol.Reply;
import dev.pigeon.protocol.ReplyDecoder;
import dev.pigeon.tls.ClientTls;
import dev.pigeon.tls.HandshakeSummary;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.net.ssl.SSLSocket;

/**
 * A raw-socket SMTP client for tests that read like transcripts: send a line, expect a reply.
 * {@link #startTls} layers TLS over the connection (after the server's 220 to STARTTLS), and
 * {@link #connectTls} speaks TLS from the first byte.
 */
final class ScriptedClient implements AutoCloseable {
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private final ReplyDecoder decoder = new ReplyDecoder();
    private final byte[] buf = new byte[8192];

    private ScriptedClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /** Connects; a 10 s read timeout turns a hang into a failure, it is never waited out. */
    static ScriptedClient connect(SmtpServer server) throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port());
        s.setSoTimeout(10_000);
        return new ScriptedClient(s);
    }

    /** Talks over a socket the test connected itself (to drip bytes on it, say). */
    static ScriptedClient over(Socket socket) throws IOException {
        return new ScriptedClient(socket);
    }

    /** Connects with implicit TLS (handshake first), verifying the server for "localhost". */
    static ScriptedClient connectTls(SmtpServer server, ClientTls tls) throws IOException {
        ScriptedClient c = connect(server);
        c.startTls(tls);
        return c;
    }

    /**
     * Handshakes over the current connection as a client verifying "localhost"; nothing the
     * server sent may be left unread (a server must not talk between its 220 and the handshake).
     */
    HandshakeSummary startTls(ClientTls tls) throws IOException {
        assertThat(decoder.buffered()).as("bytes after the server's last reply").isZero();
        SSLSocket ssl = tls.layer(socket, "localhost", socket.getPort());
        ssl.setSoTimeout(10_000);
        ssl.startHandshake();
        socket = ssl;
        in = ssl.getInputStream();
        out = ssl.getOutputStream();
        return HandshakeSummary.of(ssl.getSession());
    }

    /** Connects and checks the greeting. */
    static ScriptedClient greeted(SmtpServer server) throws IOException {
        ScriptedClient c = connect(server);
        c.expect("220 " + server.hostname() + " pigeon ESMTP ready");
        return c;
    }

    /** Sends a command line; CRLF is added. */
    ScriptedClient send(String line) throws IOException {
        return sendRaw(line + "\r\n");
    }

    /** Sends text as it is (UTF-8), no CRLF added: for pipelining and broken line endings. */
    ScriptedClient sendRaw(String text) throws IOException {
        return sendBytes(text.getBytes(StandardCharsets.UTF_8));
    }

    ScriptedClient sendBytes(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    /** Reads the next reply and asserts its lines exactly (without CRLF). */
    ScriptedClient expect(String... lines) throws IOException {
        assertThat(reply().lines()).containsExactly(lines);
        return this;
    }

    /** Reads the next reply and asserts its code; returns the reply for further checks. */
    Reply expectCode(int code) throws IOException {
        Reply r = reply();
        assertThat(r.code()).as(r.lines().toString()).isEqualTo(code);
        return r;
    }

    Reply reply() throws IOException {
        while (true) {
            Reply r = decoder.poll();
            if (r != null) {
                return r;
            }
            int n = in.read(buf);
            if (n < 0) {
                throw new EOFException("server closed the connection");
            }
            decoder.feed(buf, 0, n);
        }
    }

    /** Asserts the server closed the connection with nothing more to say. */
    void expectClosed() throws IOException {
        assertThat(decoder.buffered()).isZero();
        int n;
        try {
            n = in.read(buf);
        } catch (SocketException e) {
            return; // reset by the server: closed as well
        }
        assertThat(n).as("bytes after the expected end: " + (n > 0 ? new String(buf, 0, n, StandardCharsets.ISO_8859_1) : ""))
                .isEqualTo(-1);
    }

    /**
     * Reads until the server closes (EOF or reset) and returns what came before, raw: a TLS
     * alert, say, where no SMTP reply may come.
     */
    byte[] drainUntilClosed() throws IOException {
        java.io.ByteArrayOutputStream seen = new java.io.ByteArrayOutputStream();
        try {
            int n;
            while ((n = in.read(buf)) >= 0) {
                seen.write(buf, 0, n);
            }
        } catch (SocketException e) {
            // reset by the server: closed as well
        }
        return seen.toByteArray();
    }

    /** EHLO, MAIL, RCPT for each recipient, each checked positive. */
    ScriptedClient envelope(String from, List<String> to) throws IOException {
        send("EHLO client.test").expectCode(250);
        send("MAIL FROM:<" + from + ">").expect("250 2.1.0 Sender OK");
        for (String t : to) {
            send("RCPT TO:<" + t + ">").expect("250 2.1.5 Recipient OK");
        }
        return this;
    }

    /** A second transaction on the same session: MAIL a@a.test, RCPT b@b.test. */
    ScriptedClient envelopeAgain() throws IOException {
        send("MAIL FROM:<a@a.test>").expect("250 2.1.0 Sender OK");
        send("RCPT TO:<b@b.test>").expect("250 2.1.5 Recipient OK");
        return this;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
