"""Golden fixtures for the fitted baselines (methods/fsclip): scikit-learn's L-BFGS logistic regression.

Writes methods/fsclip/src/test/resources/fixtures/logistic-regression.json: small multinomial (3 classes) and
binary problems, each fitted as the reference linear probe does (LogisticRegression(solver="lbfgs", max_iter=1000,
penalty="l2", C=c)) for several C, and once to high precision (tol=1e-12), with coefficients, intercepts, the
objective value and the predictions. Run with scikit-learn 1.6.1:

    python tools/make_baseline_fixtures.py
"""
import json
import pathlib

import numpy as np
import sklearn
from sklearn.linear_model import LogisticRegression

OUT = pathlib.Path(__file__).resolve().parent.parent / "methods/fsclip/src/test/resources/fixtures"


def problem(seed, classes, n_per_class, dim):
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(classes, dim))
    x = np.concatenate([centres[c] + 0.9 * rng.normal(size=(n_per_class, dim)) for c in range(classes)])
    x /= np.linalg.norm(x, axis=1, keepdims=True)  # normalised features, as the probe sees them
    y = np.repeat(np.arange(classes), n_per_class)
    test = np.concatenate([centres[c] + 0.9 * rng.normal(size=(5, dim)) for c in range(classes)])
    test /= np.linalg.norm(test, axis=1, keepdims=True)
    return x, y, test


def objective(model, x, y, c):
    """mean CE + ||W||^2 / (2 C N), the objective scikit-learn minimises."""
    p = model.predict_proba(x)
    ce = -np.mean(np.log(p[np.arange(len(y)), y]))
    return float(ce + np.sum(model.coef_ ** 2) / (2 * c * len(y)))


def fits(x, y, test):
    out = []
    for c, tol in [(1e-2, 1e-4), (1.0, 1e-4), (1e2, 1e-4), (1e4, 1e-4), (1.0, 1e-12), (1e2, 1e-12)]:
        m = LogisticRegression(solver="lbfgs", max_iter=1000, penalty="l2", C=c, tol=tol).fit(x, y)
        out.append({"c": c, "tol": tol, "coef": m.coef_.tolist(), "intercept": m.intercept_.tolist(),
                    "iterations": int(m.n_iter_[0]), "objective": objective(m, x, y, c),
                    "predictions": m.predict(test).tolist()})
    return out


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    cases = {}
    for name, (seed, classes) in {"multinomial": (3, 3), "binary": (5, 2)}.items():
        x, y, test = problem(seed, classes, 8, 6)
        cases[name] = {"x": x.tolist(), "y": y.tolist(), "test": test.tolist(), "fits": fits(x, y, test)}
    data = {"sklearn": sklearn.__version__, "cases": cases}
    (OUT / "logistic-regression.json").write_text(json.dumps(data, indent=1))
    print("wrote", OUT / "logistic-regression.json")


if __name__ == "__main__":
    main()
