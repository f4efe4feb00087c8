package dev.pigeon.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each chaos fault as a client sees it on the wire, and a seeded run repeated exactly. */
class ChaosIT {
    @TempDir
    Path maildir;

    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final List<String> faults = new CopyOnWriteArrayList<>();

    private SmtpServer start(Chaos chaos) throws IOException {
        SmtpServer server = SmtpServer.builder().hostname("mx.pigeon.test").maildir(maildir).chaos(chaos)
                .listener(new ServerListener() {
                    @Override
                    public void onFault(InetSocketAddress client, String fault) {
                        faults.add(fault);
                    }
                })
                .build().start();
        toClose.add(server);
        return server;
    }

    private static Chaos always(Chaos.Stage stage, Chaos.Fault fault) {
        return new Chaos(1, List.of(new Chaos.Rule(stage, fault, 1.0)));
    }

    private ScriptedClient connect(SmtpServer server) throws IOException {
        ScriptedClient c = ScriptedClient.connect(server);
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
    void a421Greeting() throws Exception {
        SmtpServer server = start(always(Chaos.Stage.GREETING, new Chaos.Fault.Answer(Chaos.reply(421))));
        ScriptedClient c = connect(server);
        c.expect("421 4.3.2 Service not available, closing connection (pigeon chaos)");
        c.expectClosed();
        assertThat(faults).containsExactly("greeting: 421");
    }

    @Test
    void a451ToMailAndTheSessionGoesOn() throws Exception {
        SmtpServer server = start(always(Chaos.Stage.MAIL, new Chaos.Fault.Answer(Chaos.reply(451))));
        ScriptedClient c = connect(server);
        c.expectCode(220);
        c.send("EHLO c.test").expectCode(250);
        c.send("MAIL FROM:<a@a.test>").expect("451 4.3.0 Injected failure (pigeon chaos)");
        c.send("RCPT TO:<b@b.test>").expect("503 5.5.1 Need MAIL before RCPT");
        c.send("QUIT").expectCode(221);
    }

    @Test
    void aDisconnectAtRcptAfterTheMailReply() throws Exception {
        SmtpServer server = start(always(Chaos.Stage.RCPT, new Chaos.Fault.Disconnect()));
        ScriptedClient c = connect(server);
        c.expectCode(220);
        c.send("EHLO c.test").expectCode(250);
        c.sendRaw("MAIL FROM:<a@a.test>\r\nRCPT TO:<b@b.test>\r\n").expect("250 2.1.0 Sender OK");
        c.expectClosed();
        assertThat(faults).containsExactly("rcpt: disconnect");
    }

    @Test
    void aDelayedGreeting() throws Exception {
        SmtpServer server = start(always(Chaos.Stage.GREETING, new Chaos.Fault.Delay(Duration.ofMillis(400))));
        long start = System.nanoTime();
        ScriptedClient c = connect(server);
        c.expectCode(220);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(400);
        c.send("NOOP").expectCode(250);
    }

    @Test
    void aMessageRefusedOrDroppedAfterTheDotIsNotStored() throws Exception {
        SmtpServer server = start(new Chaos(1, List.of(
                new Chaos.Rule(Chaos.Stage.DOT, new Chaos.Fault.Answer(Chaos.reply(554)), 1.0))));
        ScriptedClient c = connect(server);
        c.expectCode(220);
        c.envelope("a@a.test", List.of("b@b.test"));
        c.send("DATA").expectCode(354);
        c.sendRaw("Subject: x\r\n\r\nbody\r\n.\r\n").expect("554 5.3.0 Injected failure (pigeon chaos)");
        c.send("QUIT").expectCode(221);
        try (Stream<Path> s = Files.list(maildir.resolve("new"))) {
            assertThat(s.toList()).isEmpty();
        }
        assertThat(server.inbox().size()).isZero();
    }

    @Test
    void aDataRefusal() throws Exception {
        SmtpServer server = start(always(Chaos.Stage.DATA, new Chaos.Fault.Answer(Chaos.reply(452))));
        ScriptedClient c = connect(server);
        c.expectCode(220);
        c.envelope("a@a.test", List.of("b@b.test"));
        c.send("DATA").expect("452 4.3.1 Injected failure (pigeon chaos)");
    }

    /** Twenty connections, one after another, each trying MAIL; the same seed, the same replies. */
    private List<Integer> mailCodes(long seed) throws Exception {
        Chaos chaos = new Chaos(seed, List.of(
                new Chaos.Rule(Chaos.Stage.MAIL, new Chaos.Fault.Answer(Chaos.reply(451)), 0.5)));
        List<Integer> codes = new ArrayList<>();
        try (SmtpServer server = SmtpServer.builder().chaos(chaos).build().start()) {
            for (int i = 0; i < 20; i++) {
                try (ScriptedClient c = ScriptedClient.greeted(server)) {
                    c.send("HELO c.test").expectCode(250);
                    codes.add(c.send("MAIL FROM:<a@a.test>").reply().code());
                    c.send("QUIT").expectCode(221);
                }
            }
        }
        return codes;
    }

    @Test
    void aSeededRunRepeatsExactly() throws Exception {
        List<Integer> first = mailCodes(2024);
        assertThat(mailCodes(2024)).isEqualTo(first);
        assertThat(first).contains(250, 451);
    }
}
