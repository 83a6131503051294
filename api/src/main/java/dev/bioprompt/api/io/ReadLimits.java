package dev.bioprompt.api.io;

import static java.util.Objects.requireNonNull;

import java.util.EnumMap;
import java.util.Map;

/** The value of every {@link ReadBudget} for one read. Immutable. */
public final class ReadLimits {

    private final Map<ReadBudget, Long> values;

    private ReadLimits(Map<ReadBudget, Long> values) {
        this.values = values;
    }

    /** Every budget at its default. */
    public static ReadLimits defaults() {
        Map<ReadBudget, Long> values = new EnumMap<>(ReadBudget.class);
        for (ReadBudget b : ReadBudget.values()) {
            values.put(b, b.defaultValue());
        }
        return new ReadLimits(values);
    }

    /**
     * The defaults overridden by the system properties {@code bioprompt.checkpoint.<key>} that are set.
     *
     * @throws IllegalArgumentException naming the property when its value is not a positive integer
     */
    public static ReadLimits fromSystemProperties() {
        ReadLimits limits = defaults();
        for (ReadBudget b : ReadBudget.values()) {
            String value = System.getProperty(b.property());
            if (value != null && !value.isBlank()) {
                long v;
                try {
                    v = Long.parseLong(value.strip());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(b.property() + " is '" + value + "', expected a positive integer");
                }
                limits = limits.with(b, v);
            }
        }
        return limits;
    }

    /** These limits with {@code budget} set to {@code value}. */
    public ReadLimits with(ReadBudget budget, long value) {
        requireNonNull(budget, "budget is null");
        if (value <= 0) {
            throw new IllegalArgumentException(budget.property() + " is " + value + ", expected a positive integer");
        }
        Map<ReadBudget, Long> copy = new EnumMap<>(values);
        copy.put(budget, value);
        return new ReadLimits(copy);
    }

    /** The value of {@code budget}. */
    public long get(ReadBudget budget) {
        return values.get(requireNonNull(budget, "budget is null"));
    }

    /**
     * Throws when {@code amount} exceeds {@code budget}.
     *
     * @param what what the file needs, for the message
     * @throws CheckpointBudgetException naming the file, the budget and its property
     */
    public void check(String source, ReadBudget budget, long amount, String what) throws CheckpointBudgetException {
        long limit = get(budget);
        if (amount > limit) {
            throw new CheckpointBudgetException(source, budget, limit, what);
        }
    }

    @Override
    public String toString() {
        return "ReadLimits" + values;
    }
}
