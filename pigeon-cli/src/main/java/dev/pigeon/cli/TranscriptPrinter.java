package dev.pigeon.cli;

import dev.pigeon.client.SessionListener;
import dev.pigeon.protocol.Escaping;
import dev.pigeon.protocol.Reply;
import dev.pigeon.tls.HandshakeSummary;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Prints the dialogue as it happens: {@code <-  } server lines, {@code  -> } client lines,
 * {@code === } connection notes, {@code *** } errors. Once TLS has started, server lines are
 * {@code <~  } and client lines {@code  ~> }, so what travelled encrypted is plain to see. Every server byte is escaped with
 * {@link Escaping#visible}, so a reply can never move the cursor or recolour the terminal.
 *
 * <p>With {@link Show#SERVER} only the server's lines are printed, unprefixed; with
 * {@link Show#NONE} nothing is.
 */
final class TranscriptPrinter implements SessionListener {
    private static final String SERVER_PREFIX = "<-  ";
    private static final String CLIENT_PREFIX = " -> ";
    private static final String TLS_SERVER_PREFIX = "<~  ";
    private static final String TLS_CLIENT_PREFIX = " ~> ";
    private static final String NOTE_PREFIX = "=== ";
    private static final String ERROR_PREFIX = "*** ";

    /** ANSI SGR colours; applied only when output is a terminal and NO_COLOR is unset. */
    private enum Style {
        SERVER("\u001B[36m"), CLIENT("\u001B[32m"), NOTE("\u001B[2m"), ERROR("\u001B[31m");

        final String sgr;

        Style(String sgr) {
            this.sgr = sgr;
        }
    }

    private final PrintStream out;
    private final Show show;
    private final boolean showData;
    private final boolean colour;
    private final ByteArrayOutputStream contentLine = new ByteArrayOutputStream();
    private boolean lastWasCr;
    private boolean connectFailureShown;
    private boolean underTls;

    TranscriptPrinter(PrintStream out, Show show, boolean showData, boolean colour) {
        this.out = out;
        this.show = show;
        this.showData = showData;
        this.colour = colour;
    }

    @Override
    public void connecting(InetSocketAddress address) {
        note("Trying " + hostPort(address) + "...");
    }

    @Override
    public void connectFailed(InetSocketAddress address, IOException cause) {
        connectFailureShown = true;
        error("Connection to " + hostPort(address) + " failed: " + cause.getMessage());
    }

    @Override
    public void connected(InetSocketAddress local, InetSocketAddress remote) {
        note("Connected to " + hostPort(remote));
    }

    @Override
    public void connected(Path unixSocket) {
        note("Connected to unix socket " + unixSocket);
    }

    @Override
    public void commandSent(String line) {
        client(Escaping.visible(line));
    }

    @Override
    public void replyReceived(Reply reply) {
        for (String line : reply.lines()) {
            String visible = Escaping.visible(line);
            if (show == Show.SERVER) {
                print(null, visible);
            } else if (show == Show.ALL) {
                print(Style.SERVER, (underTls ? TLS_SERVER_PREFIX : SERVER_PREFIX) + visible);
            }
        }
    }

    /** {@code === TLS started: ...}, then the server certificate's lines, indented under it. */
    @Override
    public void tlsStarted(HandshakeSummary handshake) {
        underTls = true;
        List<String> lines = handshake.lines();
        note(lines.getFirst());
        for (String line : lines.subList(1, lines.size())) {
            note("   " + line);
        }
    }

    @Override
    public boolean wantsContent() {
        return showData && show == Show.ALL;
    }

    @Override
    public void contentSent(byte[] bytes, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            byte b = bytes[i];
            if (b == '\n' && lastWasCr) {
                byte[] line = contentLine.toByteArray();
                contentLine.reset();
                lastWasCr = false;
                client(Escaping.visible(Arrays.copyOf(line, line.length - 1)));
                continue;
            }
            contentLine.write(b);
            lastWasCr = b == '\r';
        }
    }

    @Override
    public void dataSent(long wireBytes) {
        if (wantsContent()) {
            if (contentLine.size() > 0) {
                client(Escaping.visible(contentLine.toByteArray()));
                contentLine.reset();
            }
        } else {
            // The last three wire bytes are the end-of-data line; show it as the lab types it.
            client("[" + Math.max(0, wireBytes - 3) + " bytes of message content]");
            client(".");
        }
    }

    @Override
    public void closed() {
        note("Connection closed");
    }

    /** Whether a failed connection attempt was already printed (so the final error need not repeat it). */
    boolean connectFailureShown() {
        return connectFailureShown;
    }

    /** A {@code === } line of our own (not from the peer). */
    void note(String text) {
        if (show == Show.ALL) {
            print(Style.NOTE, NOTE_PREFIX + Text.oneLine(text));
        }
    }

    /** A line of detail under a note, indented by four spaces; {@code text} must already be escaped. */
    void indented(String text) {
        if (show == Show.ALL) {
            print(null, "    " + Text.oneLine(text));
        }
    }

    /** A {@code *** } line: what went wrong, in the transcript (standard error gets it too). */
    void error(String text) {
        if (show == Show.ALL) {
            print(Style.ERROR, ERROR_PREFIX + Text.oneLine(text));
        }
    }

    private void client(String visible) {
        if (show == Show.ALL) {
            print(Style.CLIENT, (underTls ? TLS_CLIENT_PREFIX : CLIENT_PREFIX) + visible);
        }
    }

    private void print(Style style, String line) {
        if (colour && style != null) {
            out.println(style.sgr + line + "\u001B[0m");
        } else {
            out.println(line);
        }
        out.flush();
    }

    static String hostPort(InetSocketAddress address) {
        String host = address.getAddress() != null ? address.getAddress().getHostAddress() : address.getHostString();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + address.getPort();
    }
}
