package dev.bioprompt.registry;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/** Reports every retried S3 attempt: operation, bucket and key, attempt number, and the configured limits. */
final class S3RetryReporter implements ExecutionInterceptor {

    private static final ExecutionAttribute<AtomicInteger> ATTEMPTS = new ExecutionAttribute<>("bioprompt.attempts");

    private final S3Timeouts timeouts;
    private final Consumer<String> report;

    S3RetryReporter(S3Timeouts timeouts, Consumer<String> report) {
        this.timeouts = timeouts;
        this.report = report;
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        attributes.putAttribute(ATTEMPTS, new AtomicInteger());
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        AtomicInteger attempts = attributes.getAttribute(ATTEMPTS);
        int attempt = attempts == null ? 1 : attempts.incrementAndGet();
        if (attempt > 1) {
            String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
            report.accept("retrying S3 " + operation + " " + context.httpRequest().getUri() + " (attempt " + attempt
                    + " of " + timeouts.maxAttempts() + ", " + timeouts.attemptTimeout().toMillis() + " ms each, "
                    + timeouts.deadline().toMillis() + " ms in all)");
        }
    }
}
