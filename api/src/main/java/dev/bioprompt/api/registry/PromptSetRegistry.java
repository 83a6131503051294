package dev.bioprompt.api.registry;

import dev.bioprompt.api.promptset.PromptSet;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * A store of immutable, numbered prompt-set versions with movable aliases. Versions are claimed create-only, so
 * concurrent publishers get distinct numbers; alias moves are appended to a create-only log, so the current holder is
 * the newest record and the history is never rewritten.
 */
public interface PromptSetRegistry {

    /** Whether a name is acceptable: lower-case letters, digits, '.', '_' and '-', 1 to 128 characters. */
    static boolean isValidName(String name) {
        return name != null && name.matches("[a-z0-9][a-z0-9._-]{0,127}");
    }

    /**
     * Publishes a new version. The version becomes visible only once complete.
     *
     * @return the new version
     */
    RegistryVersion publish(String name, PromptSet promptSet) throws IOException;

    /** Every version of a name, oldest first (empty for an unknown name). */
    List<RegistryVersion> versions(String name) throws IOException;

    /** Every registered name, sorted. */
    List<String> names() throws IOException;

    /**
     * Loads a version, verifying its checksums.
     *
     * @throws IOException naming the object when it is missing, corrupted or truncated
     */
    PromptSet load(String name, int version) throws IOException;

    /** Resolves {@code name@alias} or {@code name@version} and loads it. */
    default PromptSet load(PromptSetRef ref) throws IOException {
        return load(ref.name(), resolve(ref));
    }

    /**
     * Resolves a reference to a version number.
     *
     * @throws IOException when the alias is unset or the version does not exist
     */
    default int resolve(PromptSetRef ref) throws IOException {
        if (ref.version().isPresent()) {
            return ref.version().getAsInt();
        }
        return currentAlias(ref.name(), ref.selector())
                .orElseThrow(() -> new IOException("alias '" + ref.selector() + "' of prompt set '" + ref.name()
                        + "' is not set"))
                .version();
    }

    /**
     * Publishes a prompt set and points an alias at it as one operation. Registries that can make it atomic and
     * idempotent do: the version and the alias move become visible together, and a retry of the same promotion (same
     * source run and prompt-set digest) completes the version an earlier attempt claimed instead of making another.
     * This default publishes, checks the expectation, then moves the alias.
     *
     * @param expectation what the alias must hold when it moves (checked before anything becomes visible where the
     *     registry supports it)
     * @throws IOException when the store fails or the alias does not satisfy the expectation
     */
    default RegistryPromotion promote(String name, PromptSet promptSet, String alias, String reason,
                                      AliasExpectation expectation) throws IOException {
        RegistryVersion version = publish(name, promptSet);
        Optional<AliasRecord> current = currentAlias(name, alias);
        if (!expectation.matches(current)) {
            throw new IOException("alias '" + alias + "' of '" + name + "' moved from " + expectation.describe()
                    + " to " + current.map(r -> "v" + r.version()).orElse("unset") + "; version "
                    + version.version() + " was published but not promoted");
        }
        return new RegistryPromotion(version, setAlias(name, alias, version.version(), reason), false);
    }

    /** Points an alias at an existing version (appends to the alias log). */
    AliasRecord setAlias(String name, String alias, int version, String reason) throws IOException;

    /** The current holder of an alias. */
    Optional<AliasRecord> currentAlias(String name, String alias) throws IOException;

    /** The full history of an alias, oldest first. */
    List<AliasRecord> aliasHistory(String name, String alias) throws IOException;

    /** Every alias of a name with its current holder. */
    List<AliasRecord> aliases(String name) throws IOException;

    /** A URI describing the registry ({@code s3://bucket/prefix} or {@code file:///...}). */
    String uri();
}
