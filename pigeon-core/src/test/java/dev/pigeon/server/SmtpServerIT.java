package dev.pigeon.server;

import static dev.pigeon.server.MaildirChecks.assertNothingStored;
import static dev.pigeon.server.MaildirChecks.files;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pigeon.protocol.Mailbox;
import dev.pigeon.protocol.Reply;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SmtpServerIT {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path maildir;

    private final List<AutoCloseable> toClose = new ArrayList<>();
    /** Counts sessions that ended, so tests can wait for the server side without sleeping. */
    private final CountDownLatch disconnected = new CountDownLatch(1);

    private SmtpServer start(ServerLimits limits) throws IOException {
        return start(limits, MailReceiver.ACCEPT_ALL);
    }

    private SmtpServer start(ServerLimits limits, MailReceiver receiver) throws IOException {
        SmtpServer server = SmtpServer.builder()
                .hostname("mx.pigeon.test")
                .maildir(maildir)
                .limits(limits)
                .receiver(receiver)
                .listener(new ServerListener() {
                    @Override
                    public void onDisconnect(InetSocketAddress client) {
                        disconnected.countDown();
                    }
                })
                .build()
                .start();
        toClose.add(server);
        return server;
    }

    private SmtpServer start() throws IOException {
        return start(ServerLimits.defaults());
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
    }

    @Test
    void greetingAndEhloAdvertiseExactlyTheExtensions() throws Exception {
        SmtpServer server = start(ServerLimits.defaults().withMaxMessageSize(1000));
        assertThat(server.address().getAddress().isLoopbackAddress()).isTrue();
        client(server).send("EHLO client.test").expect(
                "250-mx.pigeon.test greets client.test",
                "250-PIPELINING",
                "250-8BITMIME",
                "250-SIZE 1000",
                "250 ENHANCEDSTATUSCODES")
                .send("HELO client.test").expect("250 mx.pigeon.test")
                .send("QUIT").expect("221 2.0.0 mx.pigeon.test closing connection")
                .expectClosed();
    }

    @Test
    void fullTransactionStoresTheContentByteExactWithEnvelopeHeaders() throws Exception {
        SmtpServer server = start();
        String content = "Subject: hi\r\n\r\nline one\r\n.leading dot\r\n..two dots\r\n\r\nlast\r\n";
        String wire = "Subject: hi\r\n\r\nline one\r\n..leading dot\r\n...two dots\r\n\r\nlast\r\n.\r\n";
        ScriptedClient c = client(server).envelope("alice@a.test", List.of("bob@b.test", "carol@c.test"));
        c.send("DATA").expect("354 End data with <CR><LF>.<CR><LF>");
        c.sendRaw(wire);
        Reply queued = c.expectCode(250);
        c.send("QUIT").expectCode(221);

        ReceivedMessage m = server.inbox().awaitMessage(WAIT);
        assertThat(queued.text()).isEqualTo("2.0.0 OK queued as " + m.path().getFileName());
        assertThat(m.number()).isEqualTo(1);
        assertThat(m.envelope().from()).isEqualTo(Mailbox.parse("alice@a.test"));
        assertThat(m.envelope().recipients()).containsExactly(Mailbox.parse("bob@b.test"), Mailbox.parse("carol@c.test"));
        assertThat(m.envelope().client().heloName()).isEqualTo("client.test");
        assertThat(m.envelope().client().esmtp()).isTrue();
        assertThat(m.size()).isEqualTo(content.length());
        assertThat(new String(m.content(), StandardCharsets.UTF_8)).isEqualTo(content);

        assertThat(files(maildir, "new")).containsExactly(m.path());
        assertThat(files(maildir, "tmp")).isEmpty();
        assertThat(Files.isDirectory(maildir.resolve("cur"))).isTrue();
        assertThat(m.path().getFileName().toString()).matches("\\d{13}\\.[0-9a-f]{32}\\.mx\\.pigeon\\.test");

        String file = Files.readString(m.path(), StandardCharsets.UTF_8);
        assertThat(file).startsWith("Return-Path: <alice@a.test>\r\n"
                + "Delivered-To: bob@b.test\r\n"
                + "Delivered-To: carol@c.test\r\n"
                + "Received: from client.test ([127.0.0.1])\r\n"
                + "\tby mx.pigeon.test (pigeon) with ESMTP id " + m.path().getFileName() + ";\r\n\t");
        assertThat(file).endsWith("\r\n" + content);
        assertThat(file.length()).isEqualTo(m.traceHeaderLength() + content.length());
    }

    @Test
    void heloSessionWithOneRecipientSaysSmtpAndFor() throws Exception {
        SmtpServer server = start();
        ScriptedClient c = client(server);
        c.send("HELO old.test").expect("250 mx.pigeon.test")
                .send("MAIL FROM: a@a.test").expectCode(250);
        c.send("RCPT TO: b@b.test").expectCode(250);
        c.send("DATA").expectCode(354);
        c.sendRaw("x\r\n.\r\n").expectCode(250);
        String file = Files.readString(server.inbox().awaitMessage(WAIT).path());
        assertThat(file).contains("with SMTP id ").contains("\r\n\tfor <b@b.test>;\r\n\t");
    }

    @Test
    void pipelinedCommandsGetTheirRepliesInOrder() throws Exception {
        SmtpServer server = start();
        ScriptedClient c = client(server);
        c.sendRaw("EHLO p.test\r\nMAIL FROM:<a@a.test>\r\nRCPT TO:<b@b.test>\r\nRCPT TO:<c@c.test>\r\nDATA\r\n");
        c.expectCode(250);
        c.expect("250 2.1.0 Sender OK").expect("250 2.1.5 Recipient OK").expect("250 2.1.5 Recipient OK");
        c.expect("354 End data with <CR><LF>.<CR><LF>");
        c.sendRaw("Subject: p\r\n\r\nbody\r\n.\r\nMAIL FROM:<>\r\nRCPT TO:<d@d.test>\r\nDATA\r\n");
        c.expectCode(250);
        c.expect("250 2.1.0 Sender OK").expect("250 2.1.5 Recipient OK").expectCode(354);
        c.sendRaw("second\r\n.\r\nQUIT\r\n");
        c.expectCode(250);
        c.expectCode(221);
        c.expectClosed();
        List<ReceivedMessage> ms = server.inbox().awaitMessages(2, WAIT);
        assertThat(new String(ms.get(0).content(), StandardCharsets.UTF_8)).isEqualTo("Subject: p\r\n\r\nbody\r\n");
        assertThat(ms.get(1).envelope().from().isNull()).isTrue();
        assertThat(new String(ms.get(1).content(), StandardCharsets.UTF_8)).isEqualTo("second\r\n");
    }

    @Test
    void sequencingErrors() throws Exception {
        ScriptedClient c = client(start());
        c.send("MAIL FROM:<a@a.test>").expect("503 5.5.1 Send HELO or EHLO first");
        c.send("RCPT TO:<b@b.test>").expect("503 5.5.1 Send HELO or EHLO first");
        c.send("DATA").expect("503 5.5.1 Send HELO or EHLO first");
        c.send("EHLO c.test").expectCode(250);
        c.send("RCPT TO:<b@b.test>").expect("503 5.5.1 Need MAIL before RCPT");
        c.send("DATA").expect("503 5.5.1 Need MAIL and RCPT before DATA");
        c.send("MAIL FROM:<a@a.test>").expectCode(250);
        c.send("MAIL FROM:<a@a.test>").expect("503 5.5.1 Sender already given (RSET to start over)");
        c.send("DATA").expect("554 5.5.1 No valid recipients");
        c.send("RCPT TO:<b@b.test>").expectCode(250);
        c.send("NOOP").expect("250 2.0.0 OK");
    }

    @Test
    void rsetClearsTheTransaction() throws Exception {
        ScriptedClient c = client(start()).envelope("a@a.test", List.of("b@b.test"));
        c.send("RSET").expect("250 2.0.0 OK");
        c.send("DATA").expect("503 5.5.1 Need MAIL and RCPT before DATA");
        c.send("RCPT TO:<b@b.test>").expect("503 5.5.1 Need MAIL before RCPT");
        c.send("MAIL FROM:<a@a.test>").expectCode(250);
    }

    @Test
    void simpleVerbs() throws Exception {
        ScriptedClient c = client(start());
        c.send("VRFY postmaster").expect("252 2.1.5 Cannot VRFY user, but will accept message and attempt delivery");
        c.send("NOOP").expect("250 2.0.0 OK");
        c.send("EXPN staff").expect("502 5.5.1 Command not implemented");
        c.send("STARTTLS").expect("502 5.5.1 Command not implemented");
        c.send("XYZZY").expect("500 5.5.2 Command not recognized");
        c.send("MAIL FROM:<broken").expect("501 5.1.7 Bad sender address syntax");
        c.sendBytes(new byte[] {'N', 'O', 'O', 'P', ' ', (byte) 0xC3, '\r', '\n'})
                .expect("500 5.5.2 Command line is not valid UTF-8");
        c.send("quit").expectCode(221);
        c.expectClosed();
    }

    @Test
    void mailParameters() throws Exception {
        ScriptedClient c = client(start(ServerLimits.defaults().withMaxMessageSize(1000)));
        c.send("EHLO c.test").expectCode(250);
        c.send("MAIL FROM:<a@a.test> SIZE=1001").expect("552 5.3.4 Message size exceeds fixed maximum message size");
        c.send("MAIL FROM:<a@a.test> SIZE=abc").expect("501 5.5.4 Bad SIZE parameter");
        c.send("MAIL FROM:<a@a.test> BODY=BINARYMIME").expect("501 5.5.4 BODY must be 7BIT or 8BITMIME");
        c.send("MAIL FROM:<a@a.test> SMTPUTF8").expect("555 5.5.4 Unsupported parameter");
        c.send("MAIL FROM:<a@a.test> SIZE=1000 BODY=8BITMIME").expect("250 2.1.0 Sender OK");
        c.send("RCPT TO:<b@b.test> NOTIFY=NEVER").expect("555 5.5.4 Unsupported parameter");
    }

    @Test
    void contentOverTheLimitIsReadToTheEndAndRefused() throws Exception {
        SmtpServer server = start(ServerLimits.defaults().withMaxMessageSize(100));
        ScriptedClient c = client(server).envelope("a@a.test", List.of("b@b.test"));
        c.send("DATA").expectCode(354);
        c.sendRaw("x".repeat(98) + "\r\n" + ".\r\n").expectCode(250); // exactly 100 bytes fit
        c.envelopeAgain();
        c.send("DATA").expectCode(354);
        c.sendRaw("y".repeat(99) + "\r\n" + ".\r\n")
                .expect("552 5.3.4 Message size exceeds fixed maximum message size");
        c.send("NOOP").expect("250 2.0.0 OK");
        assertThat(files(maildir, "new")).hasSize(1);
        assertThat(files(maildir, "tmp")).isEmpty();
        assertThat(server.inbox().size()).isEqualTo(1);
    }

    @Test
    void tooManyRecipients() throws Exception {
        SmtpServer server = start(ServerLimits.defaults().withMaxRecipients(2));
        ScriptedClient c = client(server).envelope("a@a.test", List.of("b@b.test", "c@c.test"));
        c.send("RCPT TO:<d@d.test>").expect("452 4.5.3 Too many recipients");
        c.send("DATA").expectCode(354);
        c.sendRaw("hi\r\n.\r\n").expectCode(250);
        assertThat(server.inbox().awaitMessage(WAIT).envelope().recipients()).hasSize(2);
    }

    @Test
    void receiverDecidesPerRecipientAndPerMessage() throws Exception {
        MailReceiver policy = new MailReceiver() {
            @Override
            public Decision onMail(ClientInfo client, Mailbox from) {
                return from.domain().equals("spam.test") ? Decision.reject(550, "5.7.1 Go away") : Decision.accept();
            }

            @Override
            public Decision onRecipient(ClientInfo client, Mailbox from, Mailbox to) {
                return to.localPart().equals("nobody") ? Decision.reject(550, "5.1.1 No such user") : Decision.accept();
            }

            @Override
            public Decision onMessage(ReceivedEnvelope envelope, InputStream content) throws IOException {
                String text = new String(content.readAllBytes(), StandardCharsets.UTF_8);
                return text.contains("VIRUS") ? Decision.reject(554, "5.7.0 Infected") : Decision.accept();
            }
        };
        SmtpServer server = start(ServerLimits.defaults(), policy);
        ScriptedClient c = client(server);
        c.send("EHLO c.test").expectCode(250);
        c.send("MAIL FROM:<x@spam.test>").expect("550 5.7.1 Go away");
        c.send("MAIL FROM:<a@a.test>").expectCode(250);
        c.send("RCPT TO:<nobody@b.test>").expect("550 5.1.1 No such user");
        c.send("DATA").expect("554 5.5.1 No valid recipients");
        c.send("RCPT TO:<b@b.test>").expectCode(250);
        c.send("DATA").expectCode(354);
        c.sendRaw("a VIRUS here\r\n.\r\n").expect("554 5.7.0 Infected");
        assertThat(files(maildir, "new")).isEmpty();
        assertThat(files(maildir, "tmp")).isEmpty();
        c.envelopeAgain();
        c.send("DATA").expectCode(354);
        c.sendRaw("clean\r\n.\r\n").expectCode(250);
        assertThat(server.inbox().awaitMessage(WAIT).envelope().recipients()).containsExactly(Mailbox.parse("b@b.test"));
    }

    @Test
    void lineTooLongIsRefusedAndTheSessionGoesOn() throws Exception {
        ScriptedClient c = client(start(ServerLimits.defaults().withMaxCommandLine(512)));
        c.send("NOOP " + "x".repeat(505)).expect("250 2.0.0 OK"); // 510 + CRLF = 512: fits
        c.send("NOOP " + "x".repeat(506)).expect("500 5.5.6 Line too long");
        c.send("NOOP " + "x".repeat(100_000)).expect("500 5.5.6 Line too long");
        c.send("NOOP").expect("250 2.0.0 OK");
    }

    @Test
    void bareLfCommandIsRefusedAndDropped() throws Exception {
        ScriptedClient c = client(start());
        c.sendRaw("NOOP\n").expect("500 5.5.2 Command lines must end in CRLF (bare LF)");
        c.sendRaw("NOOP\r\n").expect("250 2.0.0 OK");
    }

    @Test
    void bareLfInDataIsRefusedTheConnectionClosedAndNothingStored() throws Exception {
        SmtpServer server = start();
        ScriptedClient c = client(server).envelope("a@a.test", List.of("b@b.test"));
        c.send("DATA").expectCode(354);
        c.sendRaw("Subject: smuggle\r\n\r\nhi\n.\nMAIL FROM:<evil@e.test>\r\n.\r\n");
        c.expect("500 5.5.2 Bare LF or CR in message content (lines must end in CRLF); closing connection");
        c.expectClosed();
        assertThat(disconnected.await(10, TimeUnit.SECONDS)).isTrue();
        assertNothingStored(maildir, server);
    }

    @Test
    void clientVanishingMidDataLeavesNoFile() throws Exception {
        SmtpServer server = start();
        ScriptedClient c = client(server).envelope("a@a.test", List.of("b@b.test"));
        c.send("DATA").expectCode(354);
        c.sendRaw("Subject: half\r\n\r\n" + "z".repeat(100_000));
        c.close();
        assertThat(disconnected.await(10, TimeUnit.SECONDS)).isTrue();
        assertNothingStored(maildir, server);
    }

    @Test
    void idleTimeoutSends421AndCloses() throws Exception {
        SmtpServer server = start(ServerLimits.defaults().withIdleTimeout(Duration.ofMillis(300)));
        ScriptedClient c = client(server);
        c.expect("421 4.4.2 mx.pigeon.test timeout, closing connection");
        c.expectClosed();
    }

    @Test
    void dataTimeoutSends421AndStoresNothing() throws Exception {
        SmtpServer server = start(ServerLimits.defaults().withDataTimeout(Duration.ofMillis(300)));
        ScriptedClient c = client(server).envelope("a@a.test", List.of("b@b.test"));
        c.send("DATA").expectCode(354);
        c.sendRaw("partial line");
        c.expect("421 4.4.2 mx.pigeon.test timeout, closing connection");
        c.expectClosed();
        assertThat(disconnected.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(files(maildir, "new")).isEmpty();
        assertThat(files(maildir, "tmp")).isEmpty();
    }

    @Test
    void connectionLimit() throws Exception {
        SmtpServer server = start(ServerLimits.defaults().withMaxConnections(2));
        client(server);
        client(server);
        try (ScriptedClient third = ScriptedClient.connect(server)) {
            third.expect("421 4.3.2 mx.pigeon.test too many connections, try again later");
            third.expectClosed();
        }
    }

    @Test
    void fiftyClientsInParallelAllGetStored() throws Exception {
        SmtpServer server = start();
        int clients = 50;
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                int n = i;
                done.add(pool.submit(() -> {
                    try (ScriptedClient c = ScriptedClient.greeted(server)) {
                        c.envelope("s" + n + "@a.test", List.of("r" + n + "@b.test"));
                        c.send("DATA").expectCode(354);
                        c.sendRaw("Subject: " + n + "\r\n\r\nbody " + n + "\r\n.\r\n").expectCode(250);
                        c.send("QUIT").expectCode(221);
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
        }
        List<ReceivedMessage> all = server.inbox().awaitMessages(clients, WAIT);
        assertThat(all).hasSize(clients);
        assertThat(files(maildir, "new")).hasSize(clients);
        assertThat(all).extracting(ReceivedMessage::number).doesNotHaveDuplicates();
        for (ReceivedMessage m : all) {
            String n = m.envelope().from().localPart().substring(1);
            assertThat(new String(m.content(), StandardCharsets.UTF_8)).isEqualTo("Subject: " + n + "\r\n\r\nbody " + n + "\r\n");
        }
    }

    @Test
    void closeEndsLiveConnections() throws Exception {
        SmtpServer server = start();
        ScriptedClient c = client(server).envelope("a@a.test", List.of("b@b.test"));
        c.send("DATA").expectCode(354);
        c.sendRaw("half a message\r\n");
        server.close();
        assertThat(disconnected.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(server.activeConnections()).isZero();
        c.expect("421 4.3.2 mx.pigeon.test Service shutting down, closing connection");
        c.expectClosed();
        assertThat(files(maildir, "new")).isEmpty();
        assertThat(files(maildir, "tmp")).isEmpty();
    }

    @Test
    void awaitMessageTimesOut() throws Exception {
        SmtpServer server = start();
        assertThatThrownBy(() -> server.inbox().awaitMessage(Duration.ofMillis(50)))
                .isInstanceOf(TimeoutException.class);
    }

    @Test
    void temporaryMaildirIsDeletedOnClose() throws Exception {
        Path root;
        try (SmtpServer server = SmtpServer.builder().build().start()) {
            root = server.maildir();
            assertThat(Files.isDirectory(root.resolve("new"))).isTrue();
            try (ScriptedClient c = ScriptedClient.greeted(server)) {
                c.envelope("a@a.test", List.of("b@b.test"));
                c.send("DATA").expectCode(354);
                c.sendRaw("x\r\n.\r\n").expectCode(250);
            }
            assertThat(server.inbox().awaitMessage(WAIT).content()).isEqualTo("x\r\n".getBytes(StandardCharsets.UTF_8));
        }
        assertThat(Files.exists(root)).isFalse();
    }
}
