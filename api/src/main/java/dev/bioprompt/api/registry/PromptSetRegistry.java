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
