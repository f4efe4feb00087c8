package dev.pigeon.cli.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Reading accounts from an msmtp configuration. */
class MsmtpRcTest {
    private static final String RC = """
            # msmtp
            defaults
            auth           on
            tls            on
            tls_trust_file /etc/ssl/certs/ca-certificates.crt
            logfile        ~/.msmtp.log

            account        gmail
            host           smtp.gmail.com
            port           587
            from           ann@gmail.com
            user           ann@gmail.com
            passwordeval   "gpg -q --for-your-eyes-only -d ~/.pw.gpg"

            account        secure : gmail
            port           465
            tls_starttls   off
            domain         laptop.example.org

            account        plain
            host           127.0.0.1
            tls            off
            auth           off
            tls_certcheck  off

            account default : gmail
            """;

    @Test
    void defaultsAccountsAndInheritance() throws ConfigException {
        MsmtpRc.Accounts accounts = MsmtpRc.parse("rc", RC, Path.of("/home/ann"));
        assertThat(accounts.byName()).containsOnlyKeys("gmail", "secure", "plain", "default");
        Account gmail = accounts.select("gmail").orElseThrow();
        assertThat(gmail.server()).isEqualTo("smtp.gmail.com");
        assertThat(gmail.port()).isEqualTo(587);
        assertThat(gmail.tls()).isEqualTo(Account.TlsChoice.STARTTLS);
        assertThat(gmail.tlsCa()).containsExactly(Path.of("/etc/ssl/certs/ca-certificates.crt"));
        assertThat(gmail.auth()).isEqualTo("auto");
        assertThat(gmail.user()).isEqualTo("ann@gmail.com");
        assertThat(gmail.password()).isEqualTo(new Account.PasswordSource(Account.PasswordSource.Kind.COMMAND,
                "gpg -q --for-your-eyes-only -d ~/.pw.gpg"));
        assertThat(gmail.origin()).isEqualTo("rc:8");

        Account secure = accounts.select("secure").orElseThrow();
        assertThat(secure.server()).isEqualTo("smtp.gmail.com");
        assertThat(secure.port()).isEqualTo(465);
        assertThat(secure.tls()).isEqualTo(Account.TlsChoice.ON_CONNECT);
        assertThat(secure.helo()).isEqualTo("laptop.example.org");

        Account plain = accounts.select("plain").orElseThrow();
        assertThat(plain.tls()).isEqualTo(Account.TlsChoice.NONE);
        assertThat(plain.auth()).isEqualTo("off");
        assertThat(plain.tlsInsecure()).isTrue();
        assertThat(plain.user()).isNull();

        assertThat(accounts.select(null).map(Account::server)).contains("smtp.gmail.com");
    }

    @Test
    void noTlsSettingLeavesPigeonsDefault() throws ConfigException {
        Account a = MsmtpRc.parse("rc", "account a\nhost h\nauth plain\n", null).select("a").orElseThrow();
        assertThat(a.tls()).isNull();
        assertThat(a.auth()).isEqualTo("PLAIN");
        assertThat(MsmtpRc.parse("rc", "account a\nhost h\n", null).select(null)).isEmpty();
    }

    @Test
    void errorsNameTheFileAndLine() {
        assertThatThrownBy(() -> MsmtpRc.parse("rc", "account a\nhost h\npassword hunter2\n", null))
                .hasMessage("rc:3: a plaintext 'password' is not accepted; use passwordeval (e.g. passwordeval"
                        + " \"cat ~/.mail-password\")");
        assertThatThrownBy(() -> MsmtpRc.parse("rc", "account a\nport x\n", null)).hasMessageStartingWith("rc:2: port");
        assertThatThrownBy(() -> MsmtpRc.parse("rc", "account a\ntls maybe\n", null))
                .hasMessageStartingWith("rc:2: tls must be on or off");
        assertThatThrownBy(() -> MsmtpRc.parse("rc", "account b : a\n", null))
                .hasMessageStartingWith("rc:1: account 'b' inherits from 'a'");
        assertThatThrownBy(() -> MsmtpRc.parse("rc", "account a\naccount a\n", null))
                .hasMessageStartingWith("rc:2: account 'a' is defined twice");
        assertThatThrownBy(() -> MsmtpRc.parse("rc", "account a\nfrom \"x\n", null))
                .hasMessageStartingWith("rc:2: unterminated");
        assertThatThrownBy(() -> MsmtpRc.parse("rc", "account\n", null)).hasMessageStartingWith("rc:1: 'account' needs");
    }
}
