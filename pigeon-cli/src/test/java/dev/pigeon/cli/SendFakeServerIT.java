package dev.pigeon.cli;

import static dev.pigeon.cli.FakeSmtpServer.CLOSE;
import static dev.pigeon.cli.FakeSmtpServer.STALL;
import static dev.pigeon.cli.FakeSmtpServer.raw;
import static dev.pigeon.cli.FakeSmtpServer.say;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code pigeon send} against a scripted server: the dialogue, exit codes, faults, escaping. */
class SendFakeServerIT {
    private FakeSmtpServer fake;

    @BeforeEach
    void start() throws IOException {
        fake = new FakeSmtpServer();
    }

    @AfterEach
    void stop() throws IOException {
        fake.close();
    }

    private Cli.Run send(String... more) {
        return sendWithInput(new byte[0], more);
    }

    private Cli.Run sendWithInput(byte[] stdin, String... more) {
        fake.start();
        List<String> args = new ArrayList<>(List.of("send", "--server", "127.0.0.1", "--port", fake.portText(),
                "--from", "ann@example.org", "--to", "bob@example.org", "--timeout", "5"));
        args.addAll(Arrays.asList(more));
        return Cli.runWithInput(stdin, args.toArray(String[]::new));
    }

    private String content() {
        assertThat(fake.contents()).hasSize(1);
        return new String(fake.contents().getFirst(), StandardCharsets.ISO_8859_1);
    }

    @Test
    void esmtpDialogueAndTranscript() {
        Cli.Run run = send("--helo", "client.test", "--subject", "Hello", "--body", "See you soon");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(fake.lines()).containsExactly("EHLO client.test", "MAIL FROM:<ann@example.org>",
                "RCPT TO:<bob@example.org>", "DATA", "QUIT");
        String port = fake.portText();
        assertThat(run.out()).startsWith("=== Trying 127.0.0.1:" + port + "...\n=== Connected to 127.0.0.1:" + port + "\n"
                + "<-  220 fake.test ESMTP ready\n -> EHLO client.test\n<-  250-fake.test\n<-  250 8BITMIME\n"
                + " -> MAIL FROM:<ann@example.org>\n<-  250 2.1.0 ok\n -> RCPT TO:<bob@example.org>\n<-  250 2.1.5 ok\n"
                + " -> DATA\n<-  354 go ahead\n -> [");
        assertThat(run.out()).endsWith(" bytes of message content]\n -> .\n<-  250 2.0.0 queued as 42\n"
                + " -> QUIT\n<-  221 2.0.0 bye\n=== Connection closed\n");
        assertThat(content()).contains("From: ann@example.org\r\n", "To: bob@example.org\r\n", "Subject: Hello\r\n",
                "MIME-Version: 1.0\r\n", "Content-Type: text/plain; charset=UTF-8\r\n", "\r\n\r\nSee you soon\r\n");
        assertThat(content()).containsPattern("(?m)^Date: ").containsPattern("(?m)^Message-ID: <[^>]+@example.org>$");
    }

    @Test
    void smtpProtocolSaysHeloOnly() {
        Cli.Run run = send("--protocol", "smtp", "--helo", "aut.uah.es");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(fake.lines()).first().isEqualTo("HELO aut.uah.es");
    }

    @Test
    void showServerPrintsExactlyTheReplyLines() {
        Cli.Run run = send("--show", "server");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo("220 fake.test ESMTP ready\n250-fake.test\n250 8BITMIME\n250 2.1.0 ok\n"
                + "250 2.1.5 ok\n354 go ahead\n250 2.0.0 queued as 42\n221 2.0.0 bye\n");
    }

    @Test
    void showNonePrintsNothing() {
        fake.on("MAIL", say("550 5.7.1 go away"));
        Cli.Run run = send("--show", "none");
        assertThat(run.out()).isEmpty();
        assertThat(run.exitCode()).isEqualTo(ExitCodes.UNAVAILABLE);
        assertThat(run.err()).isEqualTo("pigeon: the server refused the sender: 550 5.7.1 go away\n");
    }

    @Test
    void showDataPrintsTheContentLinesDotStuffed() {
        Cli.Run run = send("--body", "line one\n.starts with a dot", "--show-data");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains(" -> MIME-Version: 1.0\n",
                " -> line one\n -> ..starts with a dot\n -> .\n<-  250 2.0.0 queued as 42\n");
        assertThat(run.out()).doesNotContain("bytes of message content");
    }

    @ParameterizedTest(name = "{0} -> exit {1}")
    @CsvSource(delimiter = '|', textBlock = """
            554 5.7.1 no service for you | 69 | the server refused the connection: 554 5.7.1 no service for you
            421 4.3.2 try later          | 75 | the server refused the connection for now (try again later): 421 4.3.2 try later
            """)
    void greetingRefusals(String greeting, int exit, String message) {
        fake.greeting(say(greeting));
        Cli.Run run = send();
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(exit);
        assertThat(run.err()).isEqualTo("pigeon: " + message + "\n");
        assertThat(run.out()).contains("*** " + message);
        assertThat(fake.lines()).doesNotContain("MAIL FROM:<ann@example.org>");
    }

    @ParameterizedTest(name = "{0} {1} -> exit {2}")
    @CsvSource(delimiter = '|', textBlock = """
            EHLO | 554 5.7.1 no   | 69
            EHLO | 421 4.3.2 busy | 75
            MAIL | 553 5.1.8 bad  | 69
            MAIL | 451 4.3.0 busy | 75
            DATA | 554 5.5.1 no   | 69
            DATA | 451 4.3.0 busy | 75
            .    | 554 5.7.1 spam | 69
            .    | 452 4.3.1 full | 75
            """)
    void refusalsAtEachStage(String verb, String reply, int exit) {
        fake.on(verb, say(reply));
        if (verb.equals("EHLO")) {
            fake.on("HELO", say(reply)); // a 5xx to EHLO makes the client try HELO
        }
        Cli.Run run = send();
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(exit);
        assertThat(run.err()).startsWith("pigeon: the server refused").endsWith(reply + "\n");
        assertThat(run.err().lines()).hasSize(1);
    }

    @Test
    void everyRecipientRefusedExits67() {
        fake.on("RCPT", say("550 5.1.1 no such user"));
        Cli.Run run = send("--to", "carl@example.org");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.NOUSER);
        assertThat(run.err()).isEqualTo("""
                pigeon: recipient bob@example.org refused: 550 5.1.1 (bad destination mailbox address) no such user
                pigeon: recipient carl@example.org refused: 550 5.1.1 (bad destination mailbox address) no such user
                pigeon: every recipient was refused; nothing was sent
                """);
        assertThat(fake.lines()).doesNotContain("DATA");
    }

    @Test
    void everyRecipientRefusedWithOneTemporaryExits75() {
        fake.on("RCPT TO:<bob@example.org>", say("550 5.1.1 no such user"));
        fake.on("RCPT TO:<carl@example.org>", say("450 4.2.1 mailbox busy"));
        Cli.Run run = send("--to", "carl@example.org");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.TEMPFAIL);
        assertThat(run.err()).contains("pigeon: recipient carl@example.org refused: 450 4.2.1 (mailbox disabled, not accepting messages) mailbox busy\n");
    }

    @Test
    void partialRefusalExitsZeroNamingTheRefusedUnlessStrict() {
        fake.on("RCPT TO:<carl@example.org>", say("550 5.1.1 no such user"));
        Cli.Run run = send("--to", "carl@example.org");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.err()).isEqualTo("pigeon: recipient carl@example.org refused: 550 5.1.1 (bad destination mailbox address) no such user\n");
        assertThat(fake.contents()).hasSize(1);
    }

    @Test
    void partialRefusalWithStrictRecipientsExits67() {
        fake.on("RCPT TO:<carl@example.org>", say("550 5.1.1 no such user"));
        Cli.Run run = send("--to", "carl@example.org", "--strict-recipients");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.NOUSER);
        assertThat(run.err()).startsWith("pigeon: recipient carl@example.org refused: 550 5.1.1 (bad destination mailbox address) no such user\n");
    }

    @Test
    void connectionClosedAfterMailExits75() {
        fake.on("MAIL", CLOSE);
        Cli.Run run = send();
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.TEMPFAIL);
        assertThat(run.err()).startsWith("pigeon: connection lost").contains("MAIL");
        assertThat(run.err().lines()).hasSize(1);
        assertThat(run.out()).contains("*** connection lost");
    }

    @Test
    void connectionClosedAfterTheDotMayHaveDelivered() {
        fake.on(".", CLOSE);
        Cli.Run run = send();
        assertThat(run.exitCode()).isEqualTo(ExitCodes.TEMPFAIL);
        assertThat(run.err()).contains("may or may not have been delivered");
        assertThat(run.err().lines()).hasSize(1);
    }

    @Test
    void garbageReplyIsAProtocolError() {
        fake.on("MAIL", raw("hello there, I am not SMTP\r\n"));
        Cli.Run run = send();
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.PROTOCOL);
        assertThat(run.err()).startsWith("pigeon: the server broke the SMTP protocol");
        assertThat(run.err().lines()).hasSize(1);
    }

    @Test
    void dataAnsweredWith250IsAProtocolError() {
        fake.on("DATA", say("250 sure"));
        Cli.Run run = send();
        assertThat(run.exitCode()).isEqualTo(ExitCodes.PROTOCOL);
        assertThat(run.err()).contains("250").contains("354");
        assertThat(fake.contents()).isEmpty();
    }

    @Test
    void silenceTimesOutWithinTheLimit() {
        fake.greeting(STALL);
        long start = System.nanoTime();
        Cli.Run run = send("--timeout", "0.5");
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.TEMPFAIL);
        assertThat(run.err()).startsWith("pigeon: timed out").contains("greeting");
        assertThat(elapsed).isLessThan(Duration.ofSeconds(4));
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"::1", "[::1]"})
    void ipv6LiteralsWithOrWithoutBrackets(String server) throws IOException {
        FakeSmtpServer v6;
        try {
            v6 = new FakeSmtpServer(InetAddress.getByName("::1"));
        } catch (IOException e) {
            org.junit.jupiter.api.Assumptions.abort("no IPv6 loopback here: " + e.getMessage());
            return;
        }
        try (v6) {
            v6.start();
            Cli.Run run = Cli.run("send", "--server", server, "--port", v6.portText(), "--timeout", "5",
                    "--from", "ann@example.org", "--to", "bob@example.org");
            assertThat(run.exitCode()).as(run.toString()).isZero();
            assertThat(run.out()).startsWith("=== Trying [0:0:0:0:0:0:0:1]:" + v6.port() + "...\n");
        }
    }

    @Test
    void nobodyListeningExits69() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            port = s.getLocalPort();
        }
        Cli.Run run = Cli.run("send", "--server", "127.0.0.1", "--port", Integer.toString(port),
                "--from", "ann@example.org", "--to", "bob@example.org");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.UNAVAILABLE);
        assertThat(run.err()).startsWith("pigeon: ").contains("127.0.0.1");
        assertThat(run.err().lines()).hasSize(1);
    }

    @Test
    void escapeSequencesFromTheServerArePrintedEscaped() {
        fake.greeting(raw("220-fake.test \u001b[2J\u001b]0;owned\u0007\r\n220 \u001b[31mred\u001b[0m\r\n"));
        fake.on("MAIL", say("550 5.7.1 \u001b[5mblink"));
        Cli.Run run = send();
        assertThat(run.exitCode()).isEqualTo(ExitCodes.UNAVAILABLE);
        assertThat(run.out()).contains("<-  220-fake.test \\x1B[2J\\x1B]0;owned\\x07\n<-  220 \\x1B[31mred\\x1B[0m\n");
        assertThat(run.err()).isEqualTo("pigeon: the server refused the sender: 550 5.7.1 \\x1B[5mblink\n");
        assertThat(run.outBytes()).doesNotContain((byte) 0x1B, (byte) 0x07);
        assertThat(run.err().getBytes(StandardCharsets.UTF_8)).doesNotContain((byte) 0x1B);
    }

    @Test
    void headerInjectionIsRefusedAndNothingIsSent() {
        Cli.Run run = send("--header", "X-Note: a\r\nBcc: victim@example.net");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).startsWith("pigeon: --header contains a control character (CR)");
        assertThat(run.out()).isEmpty();
        assertThat(fake.connections()).isZero();
        assertThat(fake.lines()).isEmpty();
    }

    @Test
    void commandInjectionThroughAnAddressIsRefusedAndNothingIsSent() {
        Cli.Run run = send("--to", "carl@example.org>\r\nRCPT TO:<victim@example.net");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(fake.connections()).isZero();
    }

    @ParameterizedTest(name = "--quit-after {0}")
    @CsvSource(delimiter = '|', textBlock = """
            connect  |
            greeting | QUIT
            helo     | EHLO client.test,QUIT
            mail     | EHLO client.test,MAIL FROM:<ann@example.org>,QUIT
            rcpt     | EHLO client.test,MAIL FROM:<ann@example.org>,RCPT TO:<bob@example.org>,QUIT
            data     | EHLO client.test,MAIL FROM:<ann@example.org>,RCPT TO:<bob@example.org>,DATA
            """)
    void quitAfterStopsThereAndExitsZero(String stage, String expectedLines) throws IOException {
        Cli.Run run = send("--helo", "client.test", "--quit-after", stage);
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.err()).isEmpty();
        // close() waits for the fake to see the client hang up, so its record is complete
        fake.close();
        List<String> expected = expectedLines == null ? List.of() : List.of(expectedLines.split(","));
        assertThat(fake.lines()).isEqualTo(expected);
        assertThat(fake.contents()).isEmpty();
    }

    @Test
    void bodyFromAFile(@TempDir Path dir) throws IOException {
        Path body = dir.resolve("body.txt");
        Files.writeString(body, "Grüße\nfrom a file\n", StandardCharsets.UTF_8);
        Cli.Run run = send("--body", "@" + body);
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(content()).contains("Content-Transfer-Encoding: quoted-printable\r\n")
                .contains("Gr=C3=BC=C3=9Fe\r\nfrom a file\r\n");
    }

    @Test
    void bodyFromStandardInput() {
        Cli.Run run = sendWithInput("typed in\n".getBytes(StandardCharsets.UTF_8), "--body", "-");
        assertThat(run.exitCode()).isZero();
        assertThat(content()).endsWith("\r\n\r\ntyped in\r\n");
    }

    @Test
    void dataFileIsSentAsIsApartFromLineEndingsAndDots(@TempDir Path dir) throws IOException {
        Path eml = dir.resolve("message.eml");
        Files.write(eml, "From: ann@example.org\nSubject: prepared\n\n.hidden\nlast".getBytes(StandardCharsets.ISO_8859_1));
        Cli.Run run = send("--data", eml.toString());
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(content()).isEqualTo("From: ann@example.org\r\nSubject: prepared\r\n\r\n..hidden\r\nlast\r\n");
    }

    @Test
    void dataFromStandardInput() {
        Cli.Run run = sendWithInput("Subject: piped\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII), "--data", "-");
        assertThat(run.exitCode()).isZero();
        assertThat(content()).isEqualTo("Subject: piped\r\n\r\nbody\r\n");
    }
}
