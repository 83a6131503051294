#!/usr/bin/env python3
"""PyTorch / scikit-learn reference for the baselines of the few-shot CLIP harness in
dev.bioprompt.benchmarks.MethodStepBenchmark: Tip-Adapter, Tip-Adapter-F, the linear probe and LP++ (the methods
that fit from frozen features, timed as one whole fit) and CLIP-Adapter (trained by the SGD engine, timed as one
engine step). The computations follow the released BiomedCoOp code of each method (specs/methods-baselines.md,
sections 5-8); the amount of work follows the Java fit (loop counts, search grids, solver settings, which
intermediate results are computed once).

    .venv-ref/bin/python tools/bench_fits.py
        [--methods tip-adapter,tip-adapter-f,linear-probe,lp-plus-plus,clip-adapter] [--classes 4] [--shots 16]
        [--batch 4] [--warmup 1] [--steps 5] [--seed 1] [--threads 2] [--dim 512] [--device auto]
        [--set method.key=value ...] [--java java-output.txt] [--clock wall|cpu]

The linear probe needs scikit-learn and LP++ uses SciPy's eigh as the reference does (NumPy's when SciPy is
missing); both come with `.venv-ref/bin/pip install --index-url <the local mirror> scikit-learn`.

Interface (what bench_methods.py calls):

- FIT_DEFAULTS: method -> {parameter: the Java plugin's default}, only the parameters the fit (or step) computes
  with, named as the Java plugin declares them. parameters(method, java=None, overrides=None) overlays the values
  the Java benchmark printed and then --set values on them.
- KIND[method]: "fit" (timed as one whole fit; one "step" per epoch) or "step" (CLIP-Adapter: one engine step on
  a batch of --batch images, ceil(shots * classes / batch) steps per epoch; see steps_per_epoch()).
- prepare(method, params, features_dim, classes, shots, seed, device, *, backbone=None, batch=4,
  logit_scale=100.0) -> inputs: everything made before the clock starts. classes is a count or the list of class
  names. backbone, when given, is an object with text_features(texts) -> normalised [C, D], encode_image(images)
  -> (pooled [B, D], _) and scale (bench_methods.Backbone has them); the fits then encode their template texts
  through it inside the timed fit, as the Java fit does, and CLIP-Adapter encodes random 224 px images. Without
  it, random normalised text features stand in (made before the clock, so the text tower's pass is not timed) and
  CLIP-Adapter's step starts from random pooled features (no image encoder).
- fit(method, params, inputs) -> a small dict of what the fit chose (for the log): the timed work. It leaves
  inputs unchanged except CLIP-Adapter's learner, which an engine step updates.
- ClipAdapter: CLIP-Adapter as a learner with bench_methods' protocol (ClipAdapter(bb, p, names, descs),
  .loss(images, labels, views) -> (total, terms, logits), its nn.Parameter attributes are the trainable tensors);
  SGD_SETTINGS gives its learning rate, momentum and weight decay (0.01, 0, 0).

Inputs, as the Java benchmark's RandomFeatures builds them: N = shots * classes support labels n % classes; support
pass p is N(0, 1) [N, D] drawn after torch.manual_seed(seed * 1000 + p); the validation set is min(shots, 4) images
per class, labels m % classes, N(0, 1) [M, D] after torch.manual_seed(seed + 7). The features are raw
(unnormalised): each fit normalises what it reads, inside the timed fit, as the Java fit does. Tip-Adapter-F as
released encodes a fresh augmented pass every epoch: rounds * epochs + augment-epochs passes, all made before the
clock here (the Java benchmark draws each pass when the fit first asks for it, inside its timed fit).

Per method (Java classes in methods/fsclip):

- tip-adapter: cache keys = normalised mean of the augment-epochs passes, permuted to [D, N]; values = one-hot
  labels in fp16; zero-shot logits logit-scale * f T; (beta, alpha) searched over the two grids
  0.1 + i (scale - 0.1) / steps (beta outer, alpha inner, strictly better only), with the affinity computed once,
  the cache logits once per beta and only the sum and the accuracy per pair (TipAdapterLearner.fit, TipCache.search).
- tip-adapter-f: the same cache; the adapter weight nn.Parameter(cache_keys.t()) shares the keys' storage;
  `rounds` rounds with initial alpha 0..rounds-1 and beta 1, each with a new nn.Linear, a new
  AdamW(lr, eps 1e-4, weight decay 0.01) and a new CosineAnnealingLR over epochs * ceil(N / batch-size)
  iterations, batches in a fixed order; the validation accuracy after each round; then the search on
  adapter(validation) (TipFineTuning.phase, TipAdapterLearner.fineTune). fine-tuning=paper trains each round from a
  fresh copy of the keys and keeps the weights of the best validation epoch.
- linear-probe: sklearn LogisticRegression(solver="lbfgs", max_iter, penalty="l2", C, tol) on the normalised pass 0;
  C over 1e6 ... 1e-6 (first best), then search-steps log-space bisections fitting both ends (CSearch.run): 7 + 2 x 8
  = 23 fits.
- lp-plus-plus: W0 = per-class sums in fp16; b0 from nn.Linear's default initialisation (seeded with the seed);
  alpha0 = alpha-init-factor * mean over classes of the class mean of f . t_c; lr_W = 4 N / largest eigenvalue of
  F^T F (scipy.linalg.eigh); lr_alpha = N / (4 max_c sum_n (f_n . t_c)^2); `epochs` full-batch epochs of
  SGD(momentum 0.9) on (W, b), alpha stepped every alpha-every epochs with its never-zeroed gradient (alpha-gradient
  reset zeroes it after each alpha step), the validation accuracy every epoch, the parameters of the last epoch
  with the best accuracy (>=) kept (LpPlusPlusFit.fit).
- clip-adapter: one engine step: pooled features of the batch without gradients, normalised; the adapter
  relu(relu(f W1^T) W2^T), alpha A(f) + (1 - alpha) f, logits exp(logit_scale) f' T; cross-entropy; reading the loss,
  backward, the training accuracy, SGD(lr 0.01, momentum 0, weight decay 0) (ClipAdapterLearner.loss and the
  benchmark's step).

Where the released code does more than the Java fit, this reference does what the Java fit does: the released
Tip-Adapter search recomputes the affinity, the cache logits and the zero-shot logits for each of the 40,000 (beta,
alpha) pairs; released Tip-Adapter-F also runs a "main training" of 20 more epochs whose optimizer owns none of the
trained weights (no change to the weights, so the Java fit leaves it out) and computes a training accuracy every
iteration; LP++ recomputes F T and the validation F T every epoch, computes a training accuracy every epoch and
prints its one-hot tensors; the reference also evaluates the test set, which the benchmark has not.

Work that necessarily differs: the Java fits compute in double precision in plain Java loops on one thread, this
reference in torch float32 operators (scikit-learn and SciPy in float64) as the released code does; the linear
probe's 23 fits run SciPy's L-BFGS-B (More-Thuente line search) where the Java solver has its own L-BFGS (strong
Wolfe bracketing and cubic interpolation) with the same stopping rules (m 10, gtol = tol, ftol = 64 eps, at most 50
line-search trials), so iteration and evaluation counts can differ (this side prints its own); LP++'s lr_W comes
from SciPy's full eigendecomposition of the 512 x 512 F^T F here and from power iteration on the N x N F F^T in
Java; the Java benchmark draws the random features inside its timed fit.

Output: per method the parameters used (`name: {key=value, ...}`, sorted keys), a STEP line per timed fit, the
median, mean and minimum seconds, and the table and RESULT lines of bench_methods.py.
"""
import argparse
import math
import re
import statistics
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

TEMPLATE = "a photo of a {}."
IMAGE_SIZE = 224
TIP_LOGIT_SCALE = 85.2323

# The Java plugins' defaults (PromptMethod.parameters()) of the parameters each fit or step computes with.
FIT_DEFAULTS = {
    "tip-adapter": {"logit-scale": TIP_LOGIT_SCALE, "augment-epochs": 1, "search-scale-beta": 50.0,
                    "search-scale-alpha": 50.0, "search-steps": 200},
    "tip-adapter-f": {"logit-scale": TIP_LOGIT_SCALE, "augment-epochs": 1, "search-scale-beta": 50.0,
                      "search-scale-alpha": 50.0, "search-steps": 200, "fine-tuning": "released", "rounds": 10,
                      "epochs": 20, "learning-rate": 0.001, "batch-size": 256, "fresh-features-per-epoch": True},
    "linear-probe": {"search-steps": 8, "max-iterations": 1000, "tolerance": 1e-4},
    "lp-plus-plus": {"epochs": 300, "alpha-every": 10, "alpha-init-factor": 250.0, "alpha-gradient": "cumulative"},
    "clip-adapter": {"alpha": 0.5, "reduction": 4},
}
KIND = {"tip-adapter": "fit", "tip-adapter-f": "fit", "linear-probe": "fit", "lp-plus-plus": "fit",
        "clip-adapter": "step"}
# CLIP-Adapter's engine step: its TrainingDefaults (rate 0.01, plain SGD); the step uses the base rate.
SGD_SETTINGS = {"clip-adapter": {"lr": 0.01, "momentum": 0.0, "weight_decay": 0.0}}
CHOICES = {("tip-adapter-f", "fine-tuning"): ("released", "paper"),
           ("lp-plus-plus", "alpha-gradient"): ("cumulative", "reset")}
C_GRID = (1e6, 1e4, 1e2, 1, 1e-2, 1e-4, 1e-6)


def squash(name):
    return re.sub(r"[^a-z0-9]", "", name.lower())


def method_name(name):
    for known in FIT_DEFAULTS:
        if squash(known) == squash(name):
            return known
    raise SystemExit(f"unknown method '{name}'; available: {', '.join(FIT_DEFAULTS)}")


def _parse(default, raw):
    if isinstance(default, bool):
        return str(raw).lower() == "true"
    if isinstance(default, int):
        return int(raw)
    if isinstance(default, float):
        return float(raw)
    return str(raw)


def parameters(method, java=None, overrides=None):
    """The defaults, overlaid with the values the Java benchmark printed ({method: {key: text}}) and then the
    overrides; keys the fit does not compute with are ignored."""
    p = dict(FIT_DEFAULTS[method])
    for layer in ((java or {}).get(method, {}), (overrides or {}).get(method, {})):
        for key, raw in layer.items():
            if key in p:
                p[key] = _parse(FIT_DEFAULTS[method][key], raw)
    for (m, key), allowed in CHOICES.items():
        if m == method and p[key] not in allowed:
            raise SystemExit(f"{method}.{key} must be one of {', '.join(allowed)}, was '{p[key]}'")
    return p


def java_parameters(java_output):
    """The parameter lines ("name: {key=value, ...}") of the Java benchmark's output, as strings."""
    found = {}
    for line in Path(java_output).read_text().splitlines():
        m = re.fullmatch(r"([a-z0-9-]+): \{(.*)\}", line.strip())
        if m and m.group(1) in FIT_DEFAULTS:
            pairs = re.split(r", (?=[a-z0-9-]+=)", m.group(2)) if m.group(2) else []
            found[m.group(1)] = dict(pair.split("=", 1) for pair in pairs)
    return found


def parse_overrides(sets, defaults, name_of):
    """--set METHOD.KEY=VALUE options as {method: {key: text}}; a key the method does not compute with is an error."""
    overrides = {}
    for s in sets:
        head, _, value = s.partition("=")
        method, _, key = head.partition(".")
        method = name_of(method)
        if not key or key not in defaults[method]:
            raise SystemExit(f"--set {s}: {method} has no benchmarked parameter '{key}'")
        overrides.setdefault(method, {})[key] = value
    return overrides


def format_parameters(p):
    return "{" + ", ".join(f"{k}={str(v).lower() if isinstance(v, bool) else v}" for k, v in sorted(p.items())) + "}"


def support_passes(method, p):
    """How many augmented passes of the support set the fit reads (the Java benchmark prints the same count)."""
    if method == "tip-adapter":
        return p["augment-epochs"]
    if method == "tip-adapter-f":
        return p["augment-epochs"] + (p["rounds"] * p["epochs"] if p["fresh-features-per-epoch"] else 0)
    return 1


def steps_per_epoch(method, shots, classes, batch):
    """One fit per epoch; CLIP-Adapter keeps the last batch (drop_last=False)."""
    return math.ceil(shots * classes / batch) if KIND[method] == "step" else 1


def _sync(device):
    if device.type == "cuda":
        torch.cuda.synchronize(device)


def _threads():
    """Limit the OpenMP and BLAS pools of scikit-learn, SciPy and NumPy to torch's thread count (torch's own
    setting does not reach them)."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:
        return
    threadpool_limits(torch.get_num_threads())


def _normalise(x):
    return x / x.norm(dim=-1, keepdim=True)


class _FeatureBackbone:
    """Stand-in backbone for CLIP-Adapter without a model: the batch already holds pooled features."""

    def __init__(self, scale, dim, seed, device):
        self.scale = torch.tensor(float(scale), device=device)
        self.dim = dim
        self.seed = seed
        self.device = device

    def encode_image(self, features):
        return features, None

    def text_features(self, texts):
        g = torch.Generator(device="cpu").manual_seed(self.seed + 11)
        return _normalise(torch.randn(len(texts), self.dim, generator=g)).to(self.device)


class ClipAdapter:
    """CLIP-Adapter as ClipAdapter_BiomedCLIP computes it: a bias-free D -> D/r -> D adapter with ReLUs (PyTorch's
    default Linear initialisation) on the normalised frozen image feature, blended alpha A(f) + (1 - alpha) f (not
    renormalised), logits exp(logit_scale) f' T with the "a photo of a {}." classifier T [D, C]."""

    def __init__(self, bb, p, names, descs=None):
        self.bb = bb
        with torch.no_grad():
            text = bb.text_features([TEMPLATE.format(n.replace("_", " ")) for n in names])
        dim = int(text.shape[1])
        hidden = dim // p["reduction"]
        if hidden <= 0:
            raise SystemExit(f"clip-adapter.reduction {p['reduction']} leaves no hidden units for width {dim}")
        self.adapter = nn.Sequential(nn.Linear(dim, hidden, bias=False), nn.ReLU(inplace=True),
                                     nn.Linear(hidden, dim, bias=False), nn.ReLU(inplace=True)).to(bb.device)
        self.fc1 = self.adapter[0].weight
        self.fc2 = self.adapter[2].weight
        self.alpha = p["alpha"]
        self.text = text.t().contiguous()
        self.scale = bb.scale

    def loss(self, images, labels, views):
        with torch.no_grad():
            f = self.bb.encode_image(images)[0]
            f = f / f.norm(dim=-1, keepdim=True)
        x = self.adapter(f)
        blended = self.alpha * x + (1 - self.alpha) * f
        logits = self.scale * blended @ self.text
        ce = F.cross_entropy(logits, labels)
        return ce, {"ce": ce}, logits


def prepare(method, params, features_dim, classes, shots, seed, device, *, backbone=None, batch=4,
            logit_scale=100.0):
    """The inputs of one fit (or CLIP-Adapter step), made before the clock starts; see the module docstring."""
    device = torch.device(device)
    names = list(classes) if not isinstance(classes, int) else [f"class {i} lesion" for i in range(classes)]
    c = len(names)
    n = shots * c
    inputs = {"method": method, "device": device, "names": names, "classes": c, "seed": seed,
              "logit_scale": float(backbone.scale) if backbone is not None else float(logit_scale),
              "backbone": backbone}
    _threads()
    if KIND[method] == "step":
        bb = backbone if backbone is not None else _FeatureBackbone(logit_scale, features_dim, seed, device)
        torch.manual_seed(seed)
        learner = ClipAdapter(bb, params, names)
        sgd = SGD_SETTINGS[method]
        inputs["learner"] = learner
        inputs["optimizer"] = torch.optim.SGD([learner.fc1, learner.fc2], lr=sgd["lr"], momentum=sgd["momentum"],
                                              weight_decay=sgd["weight_decay"])
        shape = (batch, 3, IMAGE_SIZE, IMAGE_SIZE) if backbone is not None else (batch, features_dim)
        inputs["images"] = torch.randn(shape, device=device)
        inputs["batch"] = batch
        inputs["step"] = 0
        return inputs
    inputs["labels"] = torch.arange(n, device=device) % c
    passes = []
    for p in range(support_passes(method, params)):
        torch.manual_seed(seed * 1000 + p)
        passes.append(torch.randn(n, features_dim, device=device))
    inputs["passes"] = passes
    m = min(shots, 4) * c
    inputs["validation_labels"] = torch.arange(m, device=device) % c
    torch.manual_seed(seed + 7)
    inputs["validation"] = torch.randn(m, features_dim, device=device)
    inputs["texts"] = [TEMPLATE.format(name.replace("_", " ")) for name in names]
    if backbone is None and method != "linear-probe":
        g = torch.Generator(device="cpu").manual_seed(seed + 11)
        inputs["text"] = _normalise(torch.randn(c, features_dim, generator=g)).to(device)
    if method == "linear-probe":
        _require_sklearn()
    return inputs


def fit(method, params, inputs):
    """One whole fit (CLIP-Adapter: one engine step); returns what it chose."""
    out = FITS[method](params, inputs)
    _sync(inputs["device"])
    return out


def _text_weights(inputs):
    """The harness's text classifier T [D, C]: through the backbone (timed, as the Java fit encodes its texts) or
    the random stand-in."""
    bb = inputs["backbone"]
    if bb is None:
        text = inputs["text"]
    else:
        with torch.no_grad():
            text = bb.text_features(inputs["texts"])
    return text.t()


def _cls_acc(logits, target):
    """Top-1 accuracy in percent, as the harness's cls_acc computes it."""
    pred = logits.topk(1, 1, True, True)[1].t()
    correct = pred.eq(target.view(1, -1).expand_as(pred))
    return 100 * float(correct[:1].reshape(-1).float().sum(0, keepdim=True).cpu().numpy()[0]) / target.shape[0]


def _grid(scale, steps):
    return [i * (scale - 0.1) / steps + 0.1 for i in range(steps)]


def _tip_search(p, affinity, values, clip_logits, labels):
    """The (beta, alpha) grid search: beta outer, alpha inner, a pair kept only when strictly better than the best
    so far (which starts at 0)."""
    best, best_beta, best_alpha = 0.0, 0.0, 0.0
    values = values.float()
    affinity = affinity.float()
    for beta in _grid(p["search-scale-beta"], p["search-steps"]):
        cache_logits = ((-1) * (beta - beta * affinity)).exp() @ values
        for alpha in _grid(p["search-scale-alpha"], p["search-steps"]):
            acc = _cls_acc(clip_logits + cache_logits * alpha, labels)
            if acc > best:
                best, best_beta, best_alpha = acc, beta, alpha
    return best_beta, best_alpha, best


def _fit_tip(p, inputs, fine_tuned=False):
    with torch.no_grad():
        scale = p["logit-scale"] if p["logit-scale"] > 0 else inputs["logit_scale"]
        labels = inputs["labels"]
        # build_cache_model: the passes stacked and averaged, normalised, keys as columns [D, N]
        keys = torch.cat([f.unsqueeze(0) for f in inputs["passes"][:p["augment-epochs"]]], dim=0).mean(dim=0)
        keys /= keys.norm(dim=-1, keepdim=True)
        cache_keys = keys.permute(1, 0)
        values = F.one_hot(labels).half()
        text = _text_weights(inputs)
        val = _normalise(inputs["validation"])
        val_labels = inputs["validation_labels"]
        clip_logits = scale * val @ text
    out = {}
    if fine_tuned:
        adapter, rounds = _fine_tune(p, inputs, cache_keys, values, text, val, val_labels, clip_logits, scale)
        out["round_accuracy"] = rounds
        with torch.no_grad():
            affinity = adapter(val)
    else:
        with torch.no_grad():
            affinity = val @ cache_keys
    with torch.no_grad():
        beta, alpha, acc = _tip_search(p, affinity, values, clip_logits, val_labels)
    out.update(beta=beta, alpha=alpha, val_accuracy=acc)
    return out


def _fine_tune(p, inputs, cache_keys, values, text, val, val_labels, val_clip_logits, scale):
    """Tip-Adapter-F's rounds; returns the adapter whose weight the search uses and each round's accuracy."""
    labels = inputs["labels"]
    n, dim = labels.shape[0], cache_keys.shape[0]
    batch = p["batch-size"]
    iterations = math.ceil(n / batch)
    fresh = p["fresh-features-per-epoch"]
    paper = p["fine-tuning"] == "paper"
    values_f = values.float()
    reused = None if fresh else _normalise(inputs["passes"][0])
    best_acc, best_weight, accuracies = 0.0, None, []
    adapter = None
    for rnd in range(p["rounds"]):
        init_alpha = rnd
        adapter = nn.Linear(dim, n, bias=False).to(cache_keys.device)
        # released: nn.Parameter(cache_keys.t()) wraps the keys' storage, so every round continues the last one
        adapter.weight = nn.Parameter(cache_keys.t().clone() if paper else cache_keys.t())
        optimizer = torch.optim.AdamW(adapter.parameters(), lr=p["learning-rate"], eps=1e-4)
        scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, p["epochs"] * iterations)
        first = p["augment-epochs"] + rnd * p["epochs"]
        for epoch in range(p["epochs"]):
            with torch.no_grad():
                features = _normalise(inputs["passes"][first + epoch]) if fresh else reused
            for start in range(0, n, batch):
                f, target = features[start:start + batch], labels[start:start + batch]
                affinity = adapter(f)
                cache_logits = ((-1) * (1.0 - 1.0 * affinity.float())).exp() @ values_f
                clip_logits = scale * f @ text
                tip_logits = clip_logits + cache_logits * init_alpha
                loss = F.cross_entropy(tip_logits, target)
                loss.item()
                optimizer.zero_grad()
                loss.backward()
                optimizer.step()
                scheduler.step()
            if paper:
                with torch.no_grad():
                    acc = _round_accuracy(adapter, val, val_labels, values_f, val_clip_logits, init_alpha)
                if acc > best_acc:
                    best_acc, best_weight = acc, adapter.weight.detach().clone()
        with torch.no_grad():
            accuracies.append(_round_accuracy(adapter, val, val_labels, values_f, val_clip_logits, init_alpha))
    if paper:
        final = nn.Linear(dim, n, bias=False).to(cache_keys.device)
        final.weight = nn.Parameter(best_weight if best_weight is not None else cache_keys.t())
        return final, accuracies
    return adapter, accuracies


def _round_accuracy(adapter, val, val_labels, values_f, clip_logits, alpha):
    affinity = adapter(val)
    cache_logits = ((-1) * (1.0 - 1.0 * affinity.float())).exp() @ values_f
    return _cls_acc(clip_logits + cache_logits * alpha, val_labels)


def _require_sklearn():
    try:
        import sklearn  # noqa: F401
    except ImportError:
        raise SystemExit("linear-probe needs scikit-learn: .venv-ref/bin/pip install --index-url "
                         "\"$(pip config get global.extra-index-url | awk '{print $1}')\" scikit-learn") from None


def _logistic_regression(c, max_iter, tol):
    from sklearn.linear_model import LogisticRegression
    kwargs = {"solver": "lbfgs", "max_iter": max_iter, "C": c, "tol": tol}
    if "penalty" in LogisticRegression().get_params():
        kwargs["penalty"] = "l2"  # the reference's argument (deprecated since scikit-learn 1.8, l2 is the default)
    return LogisticRegression(**kwargs)


def _fit_linear_probe(p, inputs):
    with torch.no_grad():
        x = _normalise(inputs["passes"][0]).cpu().numpy()
        vx = _normalise(inputs["validation"]).cpu().numpy()
    y = inputs["labels"].cpu().numpy()
    vy = inputs["validation_labels"].cpu().numpy()
    iterations = []

    def fit_c(c):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # ConvergenceWarning at max_iter, the deprecation of penalty
            clf = _logistic_regression(c, p["max-iterations"], p["tolerance"]).fit(x, y)
        iterations.append(int(clf.n_iter_[0]))
        pred = clf.predict(vx)
        return clf, sum(pred == vy) / len(vy)

    accs = [fit_c(c)[1] for c in C_GRID]
    peak = C_GRID[int(np.argmax(accs))]
    c_left, c_right = 1e-1 * peak, 1e1 * peak
    chosen_c, chosen_acc = peak, max(accs)
    for _ in range(p["search-steps"]):
        _, acc_left = fit_c(c_left)
        _, acc_right = fit_c(c_right)
        middle = 0.5 * (np.log10(c_right) + np.log10(c_left))
        if acc_left < acc_right:
            chosen_c, chosen_acc = c_right, acc_right
            c_left, c_right = np.power(10, middle), np.power(10, np.log10(c_right))
        else:
            chosen_c, chosen_acc = c_left, acc_left
            c_left, c_right = np.power(10, np.log10(c_left)), np.power(10, middle)
    return {"c": float(chosen_c), "val_accuracy": 100 * float(chosen_acc), "fits": len(iterations),
            "lbfgs_iterations": iterations}


def _largest_eigenvalue(gram):
    try:
        from scipy.linalg import eigh
    except ImportError:
        eigh = np.linalg.eigh
    w, _ = eigh(gram)
    return max(w)


def _fit_lp_plus_plus(p, inputs):
    device = inputs["device"]
    labels = inputs["labels"]
    c = inputs["classes"]
    with torch.no_grad():
        features = _normalise(inputs["passes"][0])
        val = _normalise(inputs["validation"])
        text = _text_weights(inputs)
        n, dim = features.shape
        shots = n // c
        one_hot = F.one_hot(labels, c).half()  # get_one_hot: fp16
        centroids = one_hot.t() @ features.half()  # compute_centroids: per-class sums in fp16
        torch.manual_seed(inputs["seed"])
        classifier = nn.Linear(dim, c, bias=True).to(device)
        classifier.weight.data = centroids
        lr_w = (4 * n) / _largest_eigenvalue((features.T @ features).cpu().numpy())
        ft = features @ text
        alpha_tilde = ((one_hot * ft / one_hot.sum(0, keepdim=True)).sum(0)).double() * shots
        alpha0 = torch.mean(p["alpha-init-factor"] / shots * alpha_tilde)
        lr_alpha = n / (max(torch.sum(torch.pow(ft, 2), dim=0)) * 4)
        vt = val @ text
    alpha_vec = (alpha0 * torch.ones(1, c, device=device)).float().requires_grad_(True)
    optimizer = torch.optim.SGD(classifier.parameters(), lr_w, momentum=0.9)
    ones_n = torch.ones(n, 1, device=device)
    ones_m = torch.ones(val.shape[0], 1, device=device)
    val_labels = inputs["validation_labels"].cpu().numpy()
    best, kept = 0.0, None
    for epoch in range(p["epochs"]):
        classifier.train()
        classifier = classifier.float()
        logits = classifier(features.float()) + ones_n @ alpha_vec * ft
        loss = F.cross_entropy(logits, labels)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        if (epoch + 1) % p["alpha-every"] == 0:
            alpha_vec.data -= lr_alpha * alpha_vec.grad.data
            if p["alpha-gradient"] == "reset":
                alpha_vec.grad.zero_()
        classifier.eval()
        with torch.no_grad():
            logits_val = classifier(val) + ones_m @ alpha_vec * vt
            acc_val = np.mean(logits_val.argmax(dim=1).cpu().numpy() == val_labels) * 100.0
            if acc_val >= best:
                best = acc_val
                kept = (epoch, classifier.weight.detach().clone(), classifier.bias.detach().clone(),
                        alpha_vec.detach().clone())
    return {"best_epoch": kept[0], "val_accuracy": float(best), "lr_w": float(lr_w), "lr_alpha": float(lr_alpha),
            "alpha_init": float(alpha0)}


def _step_clip_adapter(p, inputs):
    """One engine step: zero_grad, loss, reading each term and the total, backward, accuracy, SGD step."""
    learner, opt = inputs["learner"], inputs["optimizer"]
    b, c, i = inputs["batch"], inputs["classes"], inputs["step"]
    labels = torch.tensor([(i * b + k) % c for k in range(b)], dtype=torch.long, device=inputs["device"])
    inputs["step"] = i + 1
    opt.zero_grad()
    total, terms, logits = learner.loss(inputs["images"], labels, {})
    values = {name: term.item() for name, term in terms.items()}
    loss = total.item()
    total.backward()
    (logits.argmax(1) == labels).sum().item()
    opt.step()
    return {"loss": loss, **values}


FITS = {"tip-adapter": _fit_tip, "tip-adapter-f": lambda p, i: _fit_tip(p, i, fine_tuned=True),
        "linear-probe": _fit_linear_probe, "lp-plus-plus": _fit_lp_plus_plus, "clip-adapter": _step_clip_adapter}


def _describe(out):
    parts = []
    for k, v in out.items():
        if isinstance(v, list):
            v = f"{len(v)} values, {min(v)}-{max(v)}" if k == "lbfgs_iterations" else ", ".join(f"{x:.1f}" for x in v)
            parts.append(f"{k} [{v}]")
        elif isinstance(v, float):
            parts.append(f"{k} {v:.6g}")
        else:
            parts.append(f"{k} {v}")
    return ", ".join(parts)


def _versions():
    out = [f"torch={torch.__version__}", f"numpy={np.__version__}"]
    for module in ("sklearn", "scipy"):
        try:
            out.append(f"{module}={__import__(module).__version__}")
        except ImportError:
            out.append(f"{module}=missing")
    return " ".join(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--methods", default="tip-adapter,tip-adapter-f,linear-probe,lp-plus-plus,clip-adapter")
    ap.add_argument("--classes", type=int, default=4)
    ap.add_argument("--shots", type=int, default=16)
    ap.add_argument("--batch", type=int, default=4, help="CLIP-Adapter's step batch")
    ap.add_argument("--warmup", type=int, default=1)
    ap.add_argument("--steps", type=int, default=5)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--dim", type=int, default=512, help="feature width (BiomedCLIP's embedding width)")
    ap.add_argument("--device", default="auto", help="auto (a GPU when there is one), cpu or cuda")
    ap.add_argument("--set", action="append", default=[], metavar="METHOD.KEY=VALUE")
    ap.add_argument("--java", help="the Java benchmark's output: take the parameters it printed")
    ap.add_argument("--clock", choices=("wall", "cpu"), default="wall",
                    help="cpu: time by the thread's CPU time (needs --threads 1; steady on a loaded machine)")
    a = ap.parse_args()
    if a.clock == "cpu" and a.threads != 1:
        raise SystemExit("--clock cpu counts the calling thread's CPU time only, so it needs --threads 1")
    clock = time.thread_time if a.clock == "cpu" else time.perf_counter
    if a.classes < 2 or a.shots < 1 or a.steps < 1 or a.batch < 1:
        raise SystemExit("--classes must be at least 2 and --shots, --steps, --batch positive")
    torch.set_num_threads(a.threads)
    torch.set_num_interop_threads(1)
    device = torch.device(("cuda" if torch.cuda.is_available() else "cpu") if a.device == "auto" else a.device)
    methods = [method_name(m) for m in a.methods.split(",") if m.strip()]
    overrides = parse_overrides(a.set, FIT_DEFAULTS, method_name)
    java = java_parameters(a.java) if a.java else {}
    print(f"{_versions()} device={device} threads={torch.get_num_threads()} interop={torch.get_num_interop_threads()}")
    print(f"classes={a.classes} shots={a.shots} support={a.shots * a.classes} "
          f"validation={min(a.shots, 4) * a.classes} dim={a.dim} batch={a.batch} warmup={a.warmup} steps={a.steps} "
          f"seed={a.seed} clock={a.clock} (random text features; no image or text encoder)")
    results = []
    for method in methods:
        p = parameters(method, java, overrides)
        print(f"{method}: {format_parameters(p)}", flush=True)
        start = time.perf_counter()
        inputs = prepare(method, p, a.dim, a.classes, a.shots, a.seed, device, batch=a.batch)
        setup = time.perf_counter() - start
        seconds, out = [], {}
        for i in range(a.warmup + a.steps):
            _sync(device)
            t0 = clock()
            out = fit(method, p, inputs)
            s = clock() - t0
            if i >= a.warmup:
                seconds.append(s)
                print(f"STEP method={method} index={i - a.warmup} seconds={s:.6f}", flush=True)
        spe = steps_per_epoch(method, a.shots, a.classes, a.batch)
        r = {"method": method, "steps_per_epoch": spe, "median": statistics.median(seconds),
             "mean": statistics.fmean(seconds), "min": min(seconds)}
        r["epoch"] = spe * r["median"]
        results.append(r)
        if KIND[method] == "fit":
            print(f"{method}: the fit read {support_passes(method, p)} pass(es) of the {a.shots * a.classes} "
                  f"support features")
            print(f"{method}: setup {setup:.1f} s, fit median {r['median']:.3f} s mean {r['mean']:.3f} s "
                  f"min {r['min']:.3f} s ({_describe(out)})", flush=True)
        else:
            print(f"{method}: setup {setup:.1f} s, step median {r['median']:.3f} s mean {r['mean']:.3f} s "
                  f"min {r['min']:.3f} s, epoch {r['epoch']:.1f} s, last loss {out['loss']:.4f} "
                  f"(on random pooled features: the image encoder is not in this step)", flush=True)
    print()
    from bench_methods import print_table  # here: bench_methods imports this module
    print_table(results, a.batch, a.classes)

if __name__ == "__main__":
    sys.dont_write_bytecode = True
    main()
