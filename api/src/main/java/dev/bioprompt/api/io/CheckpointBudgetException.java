package dev.bioprompt.api.io;

import static java.util.Objects.requireNonNull;

/** A tensor file needs more of a {@link ReadBudget} than the reader allows; the message says how to raise it. */
public final class CheckpointBudgetException extends CheckpointException {

    private static final long serialVersionUID = 1L;

    private final ReadBudget budget;
    private final long limit;

    /**
     * @param source the file, named first in the message
     * @param budget the budget exceeded
     * @param limit its value in force
     * @param what what the file needed, e.g. "a zip entry of 2147483648 bytes"
     */
    public CheckpointBudgetException(String source, ReadBudget budget, long limit, String what) {
        super(source + ": " + what + " exceeds the " + requireNonNull(budget, "budget is null").key() + " budget of "
                + limit + " (" + budget.description() + "); if the file is trusted, raise it with -D"
                + budget.property() + "=N");
        this.budget = budget;
        this.limit = limit;
    }

    /** The budget exceeded. */
    public ReadBudget budget() {
        return budget;
    }

    /** Its value in force. */
    public long limit() {
        return limit;
    }
}
