package dev.bioprompt.runners.kubernetes;

import static java.util.Objects.requireNonNull;

/**
 * An environment variable of the cell container taken from a Kubernetes Secret ({@code valueFrom.secretKeyRef}).
 * The value never passes through the runner.
 *
 * @param name the variable ({@code AWS_SECRET_ACCESS_KEY})
 * @param secretName the Secret in the Job's namespace
 * @param key the key inside the Secret
 */
public record SecretEnvVar(String name, String secretName, String key) {
    public SecretEnvVar {
        requireNonNull(name, "name is null");
        requireNonNull(secretName, "secretName is null");
        requireNonNull(key, "key is null");
        if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException("secret env name '" + name + "' is not a valid variable name");
        }
        if (!secretName.matches("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?")) {
            throw new IllegalArgumentException("secret env " + name + ": secret name '" + secretName
                    + "' is not a valid Kubernetes name (lower-case letters, digits, '-', '.')");
        }
        if (!key.matches("[-._a-zA-Z0-9]+")) {
            throw new IllegalArgumentException("secret env " + name + ": key '" + key + "' is not a valid Secret key");
        }
    }
}
