package dev.bioprompt.methods.fsclip;

import static java.util.Objects.requireNonNull;

/**
 * Limited-memory BFGS for smooth unconstrained minimisation, with the stopping rules of SciPy's L-BFGS-B as
 * scikit-learn calls it: stop when the largest gradient component is at most {@code gtol}, when the relative decrease
 * of the objective {@code (f_k - f_{k+1}) / max(|f_k|, |f_{k+1}|, 1)} is at most {@code ftol}, or after
 * {@code maxIterations} iterations. The direction is the two-loop recursion over the last {@code m} pairs with the
 * initial scaling {@code s.y / y.y}; the step satisfies the strong Wolfe conditions ({@code c1 = 1e-3},
 * {@code c2 = 0.9}, the line-search constants of L-BFGS-B), found by bracketing and cubic interpolation (Nocedal and
 * Wright, algorithms 3.5 and 3.6). The first step has length 1/||d||, later ones start at 1.
 *
 * <p>Apache Commons Math 3 has no L-BFGS and no other optimisation library was added for one solver, so this one is
 * ours; it is tested against Newton's method on logistic regression and against scikit-learn's solutions
 * ({@code LbfgsTest}, {@code LogisticRegressionTest}).
 */
final class Lbfgs {

    /** What the solver minimises. */
    @FunctionalInterface
    interface Objective {
        /** The value at {@code x}; writes the gradient into {@code gradient}. */
        double evaluate(double[] x, double[] gradient);
    }

    /**
     * The outcome.
     *
     * @param x the minimiser found
     * @param value the objective there
     * @param iterations iterations done
     * @param evaluations objective evaluations
     * @param reason why it stopped
     */
    record Result(double[] x, double value, int iterations, int evaluations, String reason) {
    }

    private static final double C1 = 1e-3;
    private static final double C2 = 0.9;
    private static final int MAX_LINE_SEARCH = 50;

    private final int memory;
    private final int maxIterations;
    private final double gtol;
    private final double ftol;

    /**
     * @param memory m, the number of correction pairs (10 in SciPy)
     * @param maxIterations the most iterations
     * @param gtol the gradient tolerance (the largest component)
     * @param ftol the relative objective tolerance
     */
    Lbfgs(int memory, int maxIterations, double gtol, double ftol) {
        if (memory <= 0 || maxIterations < 0 || gtol < 0 || ftol < 0) {
            throw new IllegalArgumentException("invalid L-BFGS settings: m=" + memory + " maxIterations="
                    + maxIterations + " gtol=" + gtol + " ftol=" + ftol);
        }
        this.memory = memory;
        this.maxIterations = maxIterations;
        this.gtol = gtol;
        this.ftol = ftol;
    }

    /** SciPy's settings as scikit-learn passes them: m 10, {@code gtol = tol}, {@code ftol = 64 * machine epsilon}. */
    static Lbfgs scikitLearn(int maxIterations, double tol) {
        return new Lbfgs(10, maxIterations, tol, 64 * Math.ulp(1.0));
    }

    Result minimize(Objective objective, double[] start) {
        requireNonNull(objective, "objective is null");
        int n = start.length;
        double[] x = start.clone();
        double[] g = new double[n];
        double f = objective.evaluate(x, g);
        int evaluations = 1;
        double[][] s = new double[memory][];
        double[][] y = new double[memory][];
        double[] rho = new double[memory];
        int stored = 0;
        int newest = -1;
        if (maxAbs(g) <= gtol) {
            return new Result(x, f, 0, evaluations, "gradient below tolerance");
        }
        for (int iteration = 0; iteration < maxIterations; iteration++) {
            double[] d = direction(g, s, y, rho, stored, newest);
            double slope = dot(g, d);
            if (!(slope < 0)) {
                // not a descent direction (rounding); restart from steepest descent
                stored = 0;
                d = negate(g);
                slope = dot(g, d);
            }
            double step = iteration == 0 ? Math.min(1.0 / Math.sqrt(dot(d, d)), 1e10) : 1.0;
            LineSearch search = lineSearch(objective, x, f, g, d, slope, step);
            evaluations += search.evaluations;
            if (search.x == null) {
                return new Result(x, f, iteration, evaluations, "line search failed");
            }
            double[] sNew = new double[n];
            double[] yNew = new double[n];
            for (int i = 0; i < n; i++) {
                sNew[i] = search.x[i] - x[i];
                yNew[i] = search.g[i] - g[i];
            }
            double previous = f;
            x = search.x;
            g = search.g;
            f = search.f;
            double sy = dot(sNew, yNew);
            if (sy > Math.ulp(1.0) * dot(yNew, yNew)) {
                newest = (newest + 1) % memory;
                s[newest] = sNew;
                y[newest] = yNew;
                rho[newest] = 1.0 / sy;
                stored = Math.min(stored + 1, memory);
            }
            if ((previous - f) / Math.max(Math.max(Math.abs(previous), Math.abs(f)), 1.0) <= ftol) {
                return new Result(x, f, iteration + 1, evaluations, "relative reduction below tolerance");
            }
            if (maxAbs(g) <= gtol) {
                return new Result(x, f, iteration + 1, evaluations, "gradient below tolerance");
            }
        }
        return new Result(x, f, maxIterations, evaluations, "iteration limit");
    }

    /** The two-loop recursion: {@code -H g}. */
    private static double[] direction(double[] g, double[][] s, double[][] y, double[] rho, int stored,
                                      int newest) {
        int memory = s.length;
        double[] q = g.clone();
        double[] alpha = new double[memory];
        for (int k = 0; k < stored; k++) {
            int i = Math.floorMod(newest - k, memory);
            alpha[i] = rho[i] * dot(s[i], q);
            axpy(-alpha[i], y[i], q);
        }
        if (stored > 0) {
            double gamma = dot(s[newest], y[newest]) / dot(y[newest], y[newest]);
            for (int j = 0; j < q.length; j++) {
                q[j] *= gamma;
            }
        }
        for (int k = stored - 1; k >= 0; k--) {
            int i = Math.floorMod(newest - k, memory);
            double beta = rho[i] * dot(y[i], q);
            axpy(alpha[i] - beta, s[i], q);
        }
        return negate(q);
    }

    private static final class LineSearch {
        double[] x;
        double[] g;
        double f;
        int evaluations;
    }

    /** A step satisfying the strong Wolfe conditions, or none. */
    private static LineSearch lineSearch(Objective objective, double[] x0, double f0, double[] g0, double[] d,
                                         double slope0, double initial) {
        LineSearch out = new LineSearch();
        double previousStep = 0;
        double previousF = f0;
        double previousSlope = slope0;
        double step = initial;
        for (int trial = 0; trial < MAX_LINE_SEARCH; trial++) {
            double[] x = along(x0, d, step);
            double[] g = new double[x0.length];
            double f = objective.evaluate(x, g);
            out.evaluations++;
            double slope = dot(g, d);
            if (!Double.isFinite(f) || f > f0 + C1 * step * slope0 || (trial > 0 && f >= previousF)) {
                return zoom(objective, x0, f0, d, slope0, previousStep, previousF, previousSlope, step, f, slope,
                        out);
            }
            if (Math.abs(slope) <= -C2 * slope0) {
                out.x = x;
                out.g = g;
                out.f = f;
                return out;
            }
            if (slope >= 0) {
                return zoom(objective, x0, f0, d, slope0, step, f, slope, previousStep, previousF, previousSlope,
                        out);
            }
            previousStep = step;
            previousF = f;
            previousSlope = slope;
            step *= 2;
        }
        return out;
    }

    private static LineSearch zoom(Objective objective, double[] x0, double f0, double[] d, double slope0,
                                   double lo, double fLo, double slopeLo, double hi, double fHi, double slopeHi,
                                   LineSearch out) {
        for (int trial = 0; trial < MAX_LINE_SEARCH; trial++) {
            double step = cubicMinimizer(lo, fLo, slopeLo, hi, fHi, slopeHi);
            double width = Math.abs(hi - lo);
            double left = Math.min(lo, hi);
            if (!(step > left + 0.1 * width && step < left + 0.9 * width)) {
                step = 0.5 * (lo + hi);
            }
            double[] x = along(x0, d, step);
            double[] g = new double[x0.length];
            double f = objective.evaluate(x, g);
            out.evaluations++;
            double slope = dot(g, d);
            if (!Double.isFinite(f) || f > f0 + C1 * step * slope0 || f >= fLo) {
                hi = step;
                fHi = f;
                slopeHi = slope;
            } else {
                if (Math.abs(slope) <= -C2 * slope0) {
                    out.x = x;
                    out.g = g;
                    out.f = f;
                    return out;
                }
                if (slope * (hi - lo) >= 0) {
                    hi = lo;
                    fHi = fLo;
                    slopeHi = slopeLo;
                }
                lo = step;
                fLo = f;
                slopeLo = slope;
            }
            if (Math.abs(hi - lo) < 1e-16 * Math.max(1, Math.abs(lo))) {
                break;
            }
        }
        if (lo > 0 && fLo < f0) {
            // the best point found decreases the objective: accept it (as SciPy does when the search stalls)
            out.x = along(x0, d, lo);
            out.g = new double[x0.length];
            out.f = objective.evaluate(out.x, out.g);
            out.evaluations++;
        }
        return out;
    }

    /** The minimiser of the cubic through two points with their slopes (NaN when it has none). */
    private static double cubicMinimizer(double a, double fa, double ga, double b, double fb, double gb) {
        double d1 = ga + gb - 3 * (fa - fb) / (a - b);
        double radicand = d1 * d1 - ga * gb;
        if (!(radicand >= 0) || !Double.isFinite(fa) || !Double.isFinite(fb)) {
            return Double.NaN;
        }
        double d2 = Math.signum(b - a) * Math.sqrt(radicand);
        return b - (b - a) * (gb + d2 - d1) / (gb - ga + 2 * d2);
    }

    private static double[] along(double[] x0, double[] d, double step) {
        double[] x = x0.clone();
        axpy(step, d, x);
        return x;
    }

    private static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    private static void axpy(double a, double[] x, double[] y) {
        for (int i = 0; i < x.length; i++) {
            y[i] += a * x[i];
        }
    }

    private static double[] negate(double[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = -v[i];
        }
        return out;
    }

    private static double maxAbs(double[] v) {
        double max = 0;
        for (double value : v) {
            max = Math.max(max, Math.abs(value));
        }
        return max;
    }
}
