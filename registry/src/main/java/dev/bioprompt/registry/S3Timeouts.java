package dev.bioprompt.registry;

import java.time.Duration;
import java.util.Objects;

/**
 * How long the registry waits for S3: each HTTP attempt is cut after {@code attemptTimeout}, a call makes at most
 * {@code maxAttempts} attempts, and no call takes longer than {@code deadline} in total, retries included. The defaults
 * (10 s per attempt, 3 attempts, 30 s in all) make a frozen endpoint fail a promotion within half a minute instead of
 * the SDK's two minutes. Every retry is reported with the operation, the key and the attempt number.
 *
 * @param attemptTimeout the longest one attempt may take
 * @param maxAttempts attempts per call, the first included (at least 1)
 * @param deadline the longest a call may take, all attempts together
 */
public record S3Timeouts(Duration attemptTimeout, int maxAttempts, Duration deadline) {

    /** 10 s per attempt, 3 attempts, 30 s per call. */
    public static final S3Timeouts DEFAULT = new S3Timeouts(Duration.ofSeconds(10), 3, Duration.ofSeconds(30));

    public S3Timeouts {
        Objects.requireNonNull(attemptTimeout, "attemptTimeout is null");
        Objects.requireNonNull(deadline, "deadline is null");
        if (attemptTimeout.isNegative() || attemptTimeout.isZero() || deadline.isNegative() || deadline.isZero()) {
            throw new IllegalArgumentException("S3 timeouts must be positive, were attempt " + attemptTimeout
                    + " and deadline " + deadline);
        }
        if (maxAttempts < 1 || maxAttempts > 20) {
            throw new IllegalArgumentException("S3 max-attempts must be 1 to 20, was " + maxAttempts);
        }
    }
}
