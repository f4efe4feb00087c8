package dev.pigeon.server;

import static dev.pigeon.server.MaildirChecks.assertNothingStored;
import static dev.pigeon.server.MaildirChecks.files;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pigeon.auth.StoredUser;
import dev.pigeon.auth.UserStore;
import dev.pigeon.protocol.Reply;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded server under abuse: slow clients (slowloris) against the command and message
 * deadlines, error floods against the error limit, oversized lines and messages, clients that
 * never read against the write timeout, relay attempts before AUTH, and a 421 to every live
 * session on close. Each test bounds its own waits; none sleeps to dodge a race (the drippers
 * sleep to pace their bytes, which is the attack).
 */
class ServerAbuseIT {
    private static final String HOST = "mx.pigeon.test";
    private static final String TIMEOUT = "421 4.4.2 " + HOST + " timeout, closing connection";

    @TempDir
    Path maildir;

    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final CountDownLatch disconnected = new CountDownLatch(1);
    private final AtomicInteger commandsSeen = new AtomicInteger();

    private SmtpServer start(ServerLimits limits) throws IOException {
        return start(limits, b -> b);
    }

    private SmtpServer start(ServerLimits limits, UnaryOperator<SmtpServer.Builder> more) throws IOException {
        SmtpServer server = more.apply(SmtpServer.builder()
                        .hostname(HOST)
                        .maildir(maildir)
                        .limits(limits)
                        .listener(new ServerListener() {
                            @Override
                            public void onCommand(InetSocketAddress client, String line) {
                                commandsSeen.incrementAndGet();
                            }

                            @Override
                            public void onDisconnect(InetSocketAddress client) {
                                disconnected.countDown();
                            }
                        }))
                .build()
                .start();
        toClose.add(server);
        return server;
    }

    private ScriptedClient client(SmtpServer server) throws IOException {
        ScriptedClient c = ScriptedClient.greeted(server);
        toClose.add(c);
        return c;
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : toClose.reversed()) {
            c.close();
        }
        for (Thread t : threads) {
            t.interrupt();
            t.join(5_000);
        }
    }

    /** Writes {@code text} one byte every {@code pause}, forever, until the connection breaks. */
    private void drip(Socket socket, String text, Duration pause) {
        threads.add(Thread.ofVirtual().start(() -> {
            try {
                OutputStream out = socket.getOutputStream();
                byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
                for (int i = 0; ; i = (i + 1) % bytes.length) {
                    out.write(bytes[i]);
                    out.flush();
                    Thread.sleep(pause);
                }
            } catch (IOException | InterruptedException e) {
                // cut off: what the test is waiting for
            }
        }));
    }

    // --- slowloris ---------------------------------------------------------------------------

    @Test
    void aCommandDrippedByteByByteIsCutOffAtTheCommandDeadline() throws Exception {
        SmtpServer server = start(ServerLimits.defaults().withCommandTimeout(Duration.ofSeconds(1)));
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            s.setSoTimeout(10_000);
            ScriptedClient c = ScriptedClient.over(s);
            c.expectCode(220);
            long start = System.nanoTime();
            // never a CR LF: the idle timeout (5 minutes) alone would keep this session forever
            drip(s, "EHLO slow.example.test", Duration.ofMillis(100));
            c.expect(TIMEOUT);
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(millis).isBetween(900L, 5_000L);
            c.expectClosed();
        }
        assertThat(disconnected.await(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void theCommandDeadlineStartsAfreshForEachCommand() throws Exception {
        SmtpServer server = start(ServerLimits.defaults().withCommandTimeout(Duration.ofMillis(800)));
        ScriptedClient c = client(server);
        for (int i = 0; i < 4; i++) { // 4 x 300 ms: longer than one deadline, each command well within its own
            Thread.sleep(300);
            c.send("NOOP").expect("250 2.0.0 OK");
        }
    }

    @Test
    void dataDrippedByteByByteIsCutOffAtTheMessageDeadlineAndNothingIsStored() throws Exception {
        SmtpServer server = start(ServerLimits.defaults().withMessageTimeout(Duration.ofSeconds(1)));
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            s.setSoTimeout(10_000);
            ScriptedClient c = ScriptedClient.over(s);
            c.expectCode(220);
            c.envelope("a@a.test", List.of("b@b.test"));
            c.send("DATA").expectCode(354);
            long start = System.nanoTime();
            drip(s, "Subject: slow\r\n\r\nline\r\n", Duration.ofMillis(50));
            c.expect(TIMEOUT);
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isBetween(900L, 5_000L);
            c.expectClosed();
        }
        assertThat(disconnected.await(10, TimeUnit.SECONDS)).isTrue();
        assertNothingStored(maildir, server);
    }

    // --- errors and floods -------------------------------------------------------------------

    @Test
    void tenConsecutiveErrorsEndTheSession() throws Exception {
        ScriptedClient c = client(start(ServerLimits.defaults()));
        for (int i = 0; i < ServerLimits.DEFAULT_MAX_ERRORS; i++) {
            c.send("BOGUS " + i).expect("500 5.5.2 Command not recognized");
        }
        c.expect("421 4.7.0 " + HOST + " too many errors, closing connection");
        c.expectClosed();
    }

    @Test
    void aGoodReplyResetsTheErrorCount() throws Exception {
        ScriptedClient c = client(start(ServerLimits.defaults().withMaxErrors(3)));
        for (int round = 0; round < 3; round++) {
            c.send("BOGUS").expectCode(500);
            c.send("RCPT TO:<b@b.test>").expect("503 5.5.1 Send HELO or EHLO first");
            c.send("NOOP").expect("250 2.0.0 OK");
        }
        c.send("BOGUS").expectCode(500);
        c.send("BOGUS").expectCode(500);
        c.send("BOGUS").expectCode(500);
        c.expect("421 4.7.0 " + HOST + " too many errors, closing connection");
        c.expectClosed();
    }

    @Test
    void aPipelinedFloodOfGarbageIsEndedByTheErrorLimitAfterTenLines() throws Exception {
        ScriptedClient c = client(start(ServerLimits.defaults()));
        c.sendRaw("GARBAGE\r\n".repeat(5_000));
        for (int i = 0; i < ServerLimits.DEFAULT_MAX_ERRORS; i++) {
            c.expect("500 5.5.2 Command not recognized");
        }
        c.expect("421 4.7.0 " + HOST + " too many errors, closing connection");
        c.expectClosed();
        assertThat(disconnected.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(commandsSeen.get()).as("lines the server parsed").isEqualTo(ServerLimits.DEFAULT_MAX_ERRORS);
    }

    @Test
    void megabyteLinesAreRefusedAndTheSessionStaysInStep() throws Exception {
        SmtpServer server = start(ServerLimits.defaults());
        ScriptedClient c = client(server);
        c.sendRaw("NOOP " + "x".repeat(1 << 20) + "\r\n").expect("500 5.5.6 Line too long");
        c.sendRaw("MAIL FROM:<" + "a".repeat(1 << 20) + "@a.test>\r\nNOOP\r\n")
                .expect("500 5.5.6 Line too long")
                .expect("250 2.0.0 OK");
        c.envelope("a@a.test", List.of("b@b.test"));
        c.send("DATA").expectCode(354);
        c.sendRaw("Subject: after\r\n\r\nstill in step\r\n.\r\n").expectCode(250);
        assertThat(server.inbox().size()).isEqualTo(1);
    }

    @Test
    void anOversizedMessageGets552AndTheNextOneOnTheSameConnectionIsStored() throws Exception {
        SmtpServer server = start(ServerLimits.defaults().withMaxMessageSize(10_000));
        ScriptedClient c = client(server).envelope("a@a.test", List.of("b@b.test"));
        c.send("DATA").expectCode(354);
        c.sendRaw(("y".repeat(998) + "\r\n").repeat(200) + ".\r\n")
                .expect("552 5.3.4 Message size exceeds fixed maximum message size");
        c.envelopeAgain();
        c.send("DATA").expectCode(354);
        c.sendRaw("Subject: small\r\n\r\nfits\r\n.\r\n").expectCode(250);
        assertThat(server.inbox().awaitMessage(Duration.ofSeconds(5)).envelope().from().toPath())
                .isEqualTo("<a@a.test>");
        assertThat(server.inbox().size()).isEqualTo(1);
    }

    // --- a client that never reads -----------------------------------------------------------

    @Test
    void aClientThatNeverReadsIsDisconnectedByTheWriteTimeout() throws Exception {
        SmtpServer server = start(ServerLimits.defaults().withWriteTimeout(Duration.ofMillis(500)));
        Socket s = new Socket();
        s.setReceiveBufferSize(4096);
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()));
        toClose.add(s);
        CountDownLatch writerStopped = new CountDownLatch(1);
        threads.add(Thread.ofVirtual().start(() -> {
            byte[] noops = "NOOP\r\n".repeat(1000).getBytes(StandardCharsets.US_ASCII);
            try {
                OutputStream out = s.getOutputStream();
                while (true) {
                    out.write(noops); // valid commands: no error limit helps here, only the write timeout
                }
            } catch (IOException e) {
                writerStopped.countDown();
            }
        }));
        assertThat(disconnected.await(30, TimeUnit.SECONDS)).as("session ended").isTrue();
        assertThat(writerStopped.await(30, TimeUnit.SECONDS)).as("client's writes failed").isTrue();
        client(server).send("NOOP").expect("250 2.0.0 OK"); // and the server still serves
    }

    // --- close --------------------------------------------------------------------------------

    @Test
    void closeSays421ToEveryLiveSession() throws Exception {
        SmtpServer server = start(ServerLimits.defaults());
        List<ScriptedClient> clients = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ScriptedClient c = client(server);
            if (i % 2 == 0) {
                c.send("EHLO c" + i + ".test").expectCode(250);
            }
            clients.add(c);
        }
        server.close();
        for (ScriptedClient c : clients) {
            c.expect("421 4.3.2 " + HOST + " Service shutting down, closing connection");
            c.expectClosed();
        }
        assertThat(server.activeConnections()).isZero();
    }

    @Test
    void closeIsBoundedEvenWhenAClientDoesNotRead() throws Exception {
        SmtpServer server = start(ServerLimits.defaults(), b -> b.closeTimeout(Duration.ofSeconds(1)));
        Socket s = new Socket();
        s.setReceiveBufferSize(4096);
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()));
        toClose.add(s);
        s.setSoTimeout(10_000);
        ScriptedClient.over(s).expectCode(220); // the session exists; from now on the client reads nothing
        threads.add(Thread.ofVirtual().start(() -> {
            byte[] noops = "NOOP\r\n".repeat(1000).getBytes(StandardCharsets.US_ASCII);
            try {
                while (true) {
                    s.getOutputStream().write(noops);
                }
            } catch (IOException e) {
                // closed by the server
            }
        }));
        long start = System.nanoTime();
        server.close();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(5_000L);
        assertThat(disconnected.await(10, TimeUnit.SECONDS)).isTrue();
    }

    // --- relay --------------------------------------------------------------------------------

    @Test
    void withAuthRequiredNothingIsAcceptedForAnyDomainBeforeAuth() throws Exception {
        UserStore users = UserStore.of(List.of(StoredUser.withPassword("alice", "secret-pw".toCharArray())));
        SmtpServer server = start(ServerLimits.defaults(),
                b -> b.users(users).allowPlaintextAuth(true).requireAuth(true));
        ScriptedClient c = client(server);
        c.send("EHLO relay.test").expectCode(250);
        // pipelined, as a spammer would: every step refused, no content asked for
        c.sendRaw("MAIL FROM:<spammer@relay.test>\r\nRCPT TO:<victim@elsewhere.example>\r\n"
                        + "RCPT TO:<victim@other.example>\r\nDATA\r\nSubject: spam\r\n\r\nbuy\r\n.\r\n")
                .expect("530 5.7.0 Authentication required")
                .expect("503 5.5.1 Need MAIL before RCPT")
                .expect("503 5.5.1 Need MAIL before RCPT")
                .expect("503 5.5.1 Need MAIL and RCPT before DATA");
        // the content lines were read as commands and refused as well
        for (String line : List.of("Subject: spam", "", "buy", ".")) {
            Reply r = c.reply();
            assertThat(r.code()).as(line).isBetween(500, 599);
        }
        c.send("QUIT").expectCode(221);
        assertThat(files(maildir, "new")).isEmpty();
        assertThat(server.inbox().size()).isZero();
    }

}
