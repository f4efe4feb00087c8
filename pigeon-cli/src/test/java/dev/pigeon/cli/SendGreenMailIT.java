package dev.pigeon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Message.RecipientType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code pigeon send} against an independent server, GreenMail, on an ephemeral loopback port. */
class SendGreenMailIT {
    private GreenMail greenMail;

    @BeforeEach
    void start() {
        greenMail = new GreenMail(new ServerSetup(0, "127.0.0.1", "smtp"));
        greenMail.start();
    }

    @AfterEach
    void stop() {
        greenMail.stop();
    }

    private String port() {
        return Integer.toString(greenMail.getSmtp().getPort());
    }

    @Test
    void composedMessageArrivesWithItsHeadersAndBody() throws Exception {
        Cli.Run run = Cli.run("send", "--server", "127.0.0.1", "--port", port(), "--timeout", "10",
                "--from", "Ann Example <ann@example.org>", "--to", "bob@example.org", "--to", "carl@example.org",
                "--subject", "Grüße from pigeon", "--header", "X-Pigeon-Test: yes",
                "--body", "See you soon\nNice to meet you");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(greenMail.waitForIncomingEmail(5000, 2)).isTrue();

        MimeMessage m = greenMail.getReceivedMessages()[0];
        assertThat(m.getSubject()).isEqualTo("Grüße from pigeon");
        assertThat(((InternetAddress) m.getFrom()[0]).getAddress()).isEqualTo("ann@example.org");
        assertThat(((InternetAddress) m.getFrom()[0]).getPersonal()).isEqualTo("Ann Example");
        assertThat(List.of(m.getRecipients(RecipientType.TO)).stream().map(a -> ((InternetAddress) a).getAddress()))
                .containsExactly("bob@example.org", "carl@example.org");
        assertThat(m.getHeader("X-Pigeon-Test")).containsExactly("yes");
        assertThat(m.getHeader("MIME-Version")).containsExactly("1.0");
        assertThat(m.getMessageID()).endsWith("@example.org>");
        assertThat(m.getSentDate()).isNotNull();
        assertThat(m.getContentType()).startsWith("text/plain").containsIgnoringCase("charset=UTF-8");
        // GreenMail drops the CRLF before the final dot, so compare without the last line break
        assertThat(((String) m.getContent()).replace("\r\n", "\n").stripTrailing()).isEqualTo("See you soon\nNice to meet you");
    }

    @Test
    void showServerPrintsOnlyTheRepliesAsReceived() {
        Cli.Run run = Cli.run("send", "--server", "127.0.0.1", "--port", port(), "--timeout", "10",
                "--protocol", "smtp", "--helo", "aut.uah.es", "--show", "server",
                "--from", "arqredes@aut.uah.es", "--to", "correo_profesor@aut.uah.es", "--body", "See you soon");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        List<String> lines = run.out().lines().toList();
        // greeting, HELO, MAIL, RCPT, DATA (354), end of data, QUIT: one line each from GreenMail
        assertThat(lines).hasSize(7).allMatch(l -> l.matches("[2-5][0-9][0-9][ -].*"));
        assertThat(lines.getFirst()).startsWith("220 ");
        assertThat(lines.get(4)).startsWith("354");
        assertThat(lines.getLast()).startsWith("221");
        assertThat(greenMail.waitForIncomingEmail(5000, 1)).isTrue();
    }
}
