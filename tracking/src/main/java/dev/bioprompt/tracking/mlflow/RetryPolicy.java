package dev.bioprompt.tracking.mlflow;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How often a retryable failure (connection error, timeout, 429, 5xx) is retried: {@code maxAttempts} tries in all,
 * waiting {@code initialBackoff}, then twice as long each time, up to {@code maxBackoff}.
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
        }
        requireNonNull(initialBackoff, "initialBackoff is null");
        requireNonNull(maxBackoff, "maxBackoff is null");
    }

    /** Three tries, 250 ms then 500 ms apart. */
    public static RetryPolicy defaults() {
        return new RetryPolicy(3, Duration.ofMillis(250), Duration.ofSeconds(4));
    }

    /** One try, no retry. */
    public static RetryPolicy once() {
        return new RetryPolicy(1, Duration.ZERO, Duration.ZERO);
    }

    Duration backoff(int failedAttempts) {
        long millis = initialBackoff.toMillis() << Math.min(20, Math.max(0, failedAttempts - 1));
        return Duration.ofMillis(Math.min(millis, maxBackoff.toMillis()));
    }
}
