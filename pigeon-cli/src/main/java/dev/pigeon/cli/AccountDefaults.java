package dev.pigeon.cli;

import dev.pigeon.cli.config.Account;

/**
 * What an account gives the options a command keeps in its own fields: each method returns the
 * command line's value when it was given, else the account's, else the value passed in (pigeon's
 * default, often null). With no account every method returns what it is given.
 *
 * @param account   the account, or null
 * @param portGiven whether {@code --port} was on the command line
 */
record AccountDefaults(Account account, boolean portGiven) {
    static final int SUBMISSIONS_PORT = 465;

    String server(String given) {
        return given != null || account == null ? given : account.server();
    }

    /** {@code --port}, else the account's port, else 465 for an account with TLS on connect, else the default. */
    int port(int given) {
        if (portGiven || account == null) {
            return given;
        }
        if (account.port() != null) {
            return account.port();
        }
        return account.tls() == Account.TlsChoice.ON_CONNECT ? SUBMISSIONS_PORT : given;
    }

    String from(String given) {
        return given != null || account == null ? given : account.from();
    }

    String helo(String given) {
        return given != null || account == null ? given : account.helo();
    }

    /** The account's TLS mode and trust, unless the command line chose its own. */
    static void applyTls(Account a, TlsOptions tls) {
        if (tls.mode == null && a.tls() != null) {
            TlsOptions.Mode mode = new TlsOptions.Mode();
            switch (a.tls()) {
                case STARTTLS -> mode.required = true;
                case ON_CONNECT -> mode.onConnect = true;
                case OPTIONAL -> mode.optional = true;
                case NONE -> mode.none = true;
            }
            tls.mode = mode;
        }
        if (tls.caFiles.isEmpty()) {
            tls.caFiles.addAll(a.tlsCa());
        }
        tls.insecure |= a.tlsInsecure();
    }

    /**
     * The account's user, password source and mechanism, each unless the command line gave its
     * own. The password source goes only with the account's own user: a different
     * {@code --auth-user} on the command line brings its own secret (or a prompt).
     */
    static void applyAuth(Account a, AuthOptions auth) {
        if ("off".equals(a.auth()) || a.user() == null) {
            return;
        }
        if (auth.user == null) {
            auth.user = a.user();
        }
        if (auth.secret == null && a.password() != null && auth.user.equals(a.user())) {
            AuthOptions.Secret secret = new AuthOptions.Secret();
            switch (a.password().kind()) {
                case COMMAND -> secret.command = a.password().value();
                case ENV -> secret.env = a.password().value();
                case FILE -> secret.file = a.password().value();
            }
            auth.secret = secret;
        }
        if (auth.mechanism == null) {
            auth.mechanism = a.auth() == null || a.auth().equalsIgnoreCase("auto") ? "" : a.auth();
        }
    }
}
