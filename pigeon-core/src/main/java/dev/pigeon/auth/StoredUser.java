package dev.pigeon.auth;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * One user the embedded server accepts: the password (PLAIN, LOGIN and CRAM-MD5 need it) and the
 * SCRAM-SHA-256 keys, derived once when the user is loaded. {@code toString()} hides both.
 */
public final class StoredUser {
    private static final int SALT_BYTES = 16;

    private final String name;
    private final byte[] password;
    private final byte[] preparedPassword;
    private final ScramKeys scramSha256;

    private StoredUser(String name, byte[] password, ScramKeys scramSha256) {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty() || name.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("user name empty or holding a control character");
        }
        this.name = name;
        this.password = password;
        this.preparedPassword = password == null ? null : prepared(password);
        this.scramSha256 = scramSha256;
    }

    /**
     * A user with a password, its SCRAM-SHA-256 keys derived with a fresh random salt and
     * {@link ScramKeys#DEFAULT_ITERATIONS} iterations.
     *
     * @throws IllegalArgumentException when the password is empty or SASLprep refuses it
     */
    public static StoredUser withPassword(String name, char[] password) {
        return withPassword(name, password, Crypto.randomBytes(SALT_BYTES),
                ScramKeys.DEFAULT_ITERATIONS);
    }

    /** The same with a given salt and iteration count (stable salts, test vectors). */
    public static StoredUser withPassword(String name, char[] password, byte[] salt, int iterations) {
        if (password.length == 0) {
            throw new IllegalArgumentException("empty password");
        }
        ScramKeys keys = ScramKeys.derive(ScramAlgorithm.SHA_256, password, salt, iterations);
        return new StoredUser(name, Crypto.utf8(password), keys);
    }

    /** A user known only by SCRAM-SHA-256 keys: PLAIN, LOGIN and CRAM-MD5 fail for them. */
    public static StoredUser withScramKeys(String name, ScramKeys scramSha256) {
        if (scramSha256.algorithm() != ScramAlgorithm.SHA_256) {
            throw new IllegalArgumentException("SCRAM-SHA-256 keys expected");
        }
        return new StoredUser(name, null, scramSha256);
    }

    public String name() {
        return name;
    }

    public Optional<ScramKeys> scramSha256() {
        return Optional.ofNullable(scramSha256);
    }

    /** The password as UTF-8, as stored; not a copy: never modify or leak it. */
    Optional<byte[]> password() {
        return Optional.ofNullable(password);
    }

    /** The SASLprep'd password as UTF-8 (the stored one when SASLprep refuses it). */
    Optional<byte[]> preparedPassword() {
        return Optional.ofNullable(preparedPassword);
    }

    private static byte[] prepared(byte[] utf8) {
        String text = new String(utf8, java.nio.charset.StandardCharsets.UTF_8);
        return Crypto.utf8(SaslPrep.prepareOrSelf(text));
    }

    @Override
    public String toString() {
        return "StoredUser[name=" + name + ", password=" + (password == null ? "none" : "****")
                + ", scram=" + (scramSha256 == null ? "none" : "****") + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StoredUser u && u.name.equals(name)
                && Arrays.equals(u.password, password) && Objects.equals(u.scramSha256, scramSha256);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }
}
