package dev.bioprompt.registry;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Objects;
import java.util.Optional;

/**
 * Optional signing of a registry: versions published with a private key carry an Ed25519 signature of their digest;
 * with a public key, versions without a valid signature are refused on load.
 *
 * @param signingKey signs new versions (publishers)
 * @param verificationKey checks every loaded version (consumers; and publishers, for the alias targets they read)
 */
public record RegistrySecurity(Optional<PrivateKey> signingKey, Optional<PublicKey> verificationKey) {

    public RegistrySecurity {
        Objects.requireNonNull(signingKey, "signingKey is null");
        Objects.requireNonNull(verificationKey, "verificationKey is null");
    }

    /** No signing, no verification. */
    public static RegistrySecurity none() {
        return new RegistrySecurity(Optional.empty(), Optional.empty());
    }
}
