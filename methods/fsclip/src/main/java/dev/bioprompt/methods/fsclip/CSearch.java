package dev.bioprompt.methods.fsclip;

/**
 * The reference linear probe's search of the regularisation C on the validation set: the coarse grid
 * {@code 1e6, 1e4, 1e2, 1, 1e-2, 1e-4, 1e-6} (the first best wins, so ties go to the larger C), then {@code steps}
 * bisections in log space between {@code c* / 10} and {@code 10 c*}: both ends are fitted, the right one is chosen only
 * when its validation accuracy is strictly higher, and the other end moves to the log midpoint. The model chosen at
 * the last step is the result.
 *
 * @param steps bisection steps (8 in the reference)
 * @param maxIterations L-BFGS iterations per fit (1000)
 * @param tol scikit-learn's {@code tol} (1e-4)
 */
record CSearch(int steps, int maxIterations, double tol) {

    /** The coarse grid, in the reference's order. */
    static final double[] GRID = {1e6, 1e4, 1e2, 1, 1e-2, 1e-4, 1e-6};

    CSearch {
        if (steps < 0 || maxIterations <= 0 || !(tol > 0)) {
            throw new IllegalArgumentException("invalid C search: steps=" + steps + " maxIterations=" + maxIterations
                    + " tol=" + tol);
        }
    }

    /**
     * What the search chose.
     *
     * @param model the fitted model
     * @param c its C
     * @param validationAccuracy its validation accuracy in percent
     */
    record Outcome(LogisticRegression model, double c, double validationAccuracy) {
    }

    Outcome run(double[][] x, int[] labels, double[][] validation, int[] validationLabels, int classes) {
        Outcome best = null;
        for (double c : GRID) {
            Outcome o = fit(x, labels, validation, validationLabels, classes, c);
            if (best == null || o.validationAccuracy() > best.validationAccuracy()) {
                best = o;
            }
        }
        double left = best.c() / 10;
        double right = best.c() * 10;
        Outcome chosen = best;
        for (int step = 0; step < steps; step++) {
            Outcome l = fit(x, labels, validation, validationLabels, classes, left);
            Outcome r = fit(x, labels, validation, validationLabels, classes, right);
            double middle = Math.pow(10, (Math.log10(left) + Math.log10(right)) / 2);
            if (l.validationAccuracy() < r.validationAccuracy()) {
                chosen = r;
                left = middle;
            } else {
                chosen = l;
                right = middle;
            }
        }
        return chosen;
    }

    private Outcome fit(double[][] x, int[] labels, double[][] validation, int[] validationLabels, int classes,
                        double c) {
        LogisticRegression model = LogisticRegression.fit(x, labels, classes, c, maxIterations, tol);
        return new Outcome(model, c, Dense.accuracy(model.logits(validation), validationLabels));
    }
}
