package dev.pigeon.auth;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Where the embedded server finds its users. Names are looked up after SASLprep (see
 * {@link SaslPrep}), exactly otherwise: user names are case-sensitive.
 */
@FunctionalInterface
public interface UserStore {

    /** The user of that (prepared) name, if any. */
    Optional<StoredUser> find(String name);

    /** An immutable store of these users, keyed by their SASLprep'd names. */
    static UserStore of(Collection<StoredUser> users) {
        Map<String, StoredUser> byName = new HashMap<>();
        for (StoredUser user : users) {
            if (byName.put(SaslPrep.prepareOrSelf(user.name()), user) != null) {
                throw new IllegalArgumentException("user listed twice: " + user.name());
            }
        }
        Map<String, StoredUser> frozen = Map.copyOf(byName);
        return name -> Optional.ofNullable(frozen.get(name));
    }
}
