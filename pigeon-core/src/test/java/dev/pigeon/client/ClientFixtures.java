package dev.pigeon.client;

import dev.pigeon.message.MessageSource;
import dev.pigeon.testing.RecordingListener;
import dev.pigeon.testing.ScriptedServer;
import dev.pigeon.transport.Timeouts;
import java.time.Duration;

/** Shared values for the client tests: the lab's envelope and message, and short timeouts. */
final class ClientFixtures {
    static final String LAB_HELO = "aut.uah.es";
    static final String LAB_FROM = "arqredes@aut.uah.es";
    static final String LAB_TO = "correo_profesor@aut.uah.es";
    static final String LAB_TEXT = "See you soon\r\nNice to meet you\r\n";
    /** Generous enough for a loaded CI machine, short enough that a hang shows at once. */
    static final Timeouts TIMEOUTS = Timeouts.uniform(Duration.ofSeconds(5));

    private ClientFixtures() {}

    static SmtpClient.Builder client(Protocol protocol, SessionListener listener) {
        return SmtpClient.builder().helo(LAB_HELO).protocol(protocol).timeouts(TIMEOUTS).listener(listener);
    }

    static SmtpClient client(Protocol protocol) {
        return client(protocol, new RecordingListener()).build();
    }

    static Envelope labEnvelope() {
        return Envelope.of(LAB_FROM, LAB_TO);
    }

    static MessageSource labMessage() {
        return MessageSource.ofString(LAB_TEXT);
    }

    static SendResult sendLab(SmtpClient client, ScriptedServer server) throws SessionException {
        return client.send(server.host(), server.port(), labEnvelope(), labMessage());
    }

    /** A timeouts record with every wait long except the one under test. */
    static Timeouts withGreeting(Duration d) {
        Timeouts t = TIMEOUTS;
        return new Timeouts(t.connect(), d, t.command(), t.mail(), t.rcpt(), t.dataInitiation(), t.dataBlock(),
                t.dataTermination());
    }

    static Timeouts allButConnect(Duration d) {
        return new Timeouts(TIMEOUTS.connect(), d, d, d, d, d, d, d);
    }

    static Timeouts withDataBlock(Duration d) {
        Timeouts t = TIMEOUTS;
        return new Timeouts(t.connect(), t.greeting(), t.command(), t.mail(), t.rcpt(), t.dataInitiation(), d,
                t.dataTermination());
    }
}
