#!/usr/bin/env python3
"""PyTorch/open_clip reference for dev.bioprompt.benchmarks.MethodStepBenchmark: one training step of each prompt-tuning
method (CoOp, BiomedCoOp, Biomed-DPT, BioVLM, OGKD, and the baselines CoCoOp, KgCoOp, ProGrad, MaPLe, DPT) at the
real BiomedCLIP size (ViT-B/16 12x768, BERT-base 12x768, vocab 30522, embed 512, context 256) with random weights,
timed the same way.

    .venv-ref/bin/python tools/bench_methods.py [--methods coop,biomedcoop,biomed-dpt,biovlm,ogkd] [--classes 4]
        [--batch 4] [--shots 16] [--warmup 1] [--steps 5] [--dataset BTMRI|none] [--seed 1] [--threads 2]
        [--set method.key=value ...] [--cut] [--java java-output.txt] [--clock wall|cpu] [--profile DIR]
        [--turns FILE]

(see specs/python-reference.md for the virtualenv). The model comes from tools/bench_reference.py (open_clip
CustomTextCLIP, timm ViT + HF BERT), frozen, with the value distribution of the Java RandomWeights (norm gains 1,
biases 0, other weights N(0, 0.02^2), logit scale ln 100). Parameters are the Java methods'
defaults, overlaid with the values the Java program printed for each method (given --java: the method's own presets
for --dataset, which live in the Java plugins, so both sides compute the same step) and then with --set; both
programs print the values they use. Class names, the generated descriptions
and the WordPiece vocabulary are built as the Java benchmark builds them.

One step: optimizer.zero_grad(), the method's forward and loss, reading every loss term, backward, the training
accuracy, and torch.optim.SGD(momentum 0.9, weight_decay 5e-4).step() over the learnable tensors. Images (and BioVLM's
strong and weak views) are random normal tensors made before the clock starts. An epoch is
floor(shots * classes / batch) steps times the median step. The default --methods are the five methods above; the
baselines are chosen by name (--methods cocoop,kgcoop,prograd,maple,dpt). ProGrad with teacher=zeroshot
back-propagates its distillation loss (keeping the graph) and then the total, and projects the cross-entropy
gradient as the Java engine's GuidedGradients does; MaPLe's and DPT's visual prompt tokens are placed before the
first ViT block as the Java VitEncoder places them (overwrite or insert).

The student text prompts run through BERT at the full 256-token context with the padding mask, as open_clip and the
reference trainers do; --cut runs them at the longest real prompt length instead, which is what the Java side
computes (same features). Frozen teacher features (descriptions, attributes) are computed once before timing, at the
real length. Given --java with the Java program's output, the Java / Python ratio of the median step is printed.

--clock cpu times each step by the calling thread's CPU time (with --threads 1 and the Java side's --clock cpu
-Dai.djl.pytorch.num_threads=1): a comparison that stays steady while other work shares the machine. --profile DIR
writes a torch profiler trace of one more step per method; tools/profile_summary.py sets it beside the Java trace.

--turns FILE alternates with a Java benchmark given the same --turns FILE, piece by piece (the model build, each
method's setup, each step), so that no two steps overlap and each Java step has a Python step beside it under the same
machine conditions; tools/bench_paired.sh starts both. Each timed step is printed as a STEP line; given --java, the
ratio table also pairs the Java and Python steps one by one.
"""
import argparse
import json
import math
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.dont_write_bytecode = True  # importing bench_reference must not leave a __pycache__ in tools/
sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_fits  # noqa: E402  (the few-shot CLIP harness baselines: whole fits and CLIP-Adapter's step)
from bench_reference import build_model  # noqa: E402  (also stubs torchvision's native-op modules)
from step_pairs import pair, ratios, read_steps  # noqa: E402

import open_clip  # noqa: E402
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402
from tokenizers import BertWordPieceTokenizer  # noqa: E402

CONTEXT = 256
VOCAB_SIZE = 30522
DESCRIPTIONS = 50
IMAGE_SIZE = 224
MOMENTUM = 0.9
WEIGHT_DECAY = 5e-4
FEATURES = ["irregular margins", "heterogeneous intensity", "a well defined border", "scattered bright spots",
            "a central dark region"]
PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"
CATALOG = Path(__file__).resolve().parent.parent / "data/src/main/resources/dev/bioprompt/data/catalog.json"

# The declared defaults of the Java methods (PromptMethod.parameters()) and their learning rates
# (trainingDefaults()); only the parameters that the step computes with.
DEFAULTS = {
    "coop": {"n-ctx": 4, "ctx-init": "a photo of a", "class-token-position": "end", "text-dropout": False},
    "biomedcoop": {"n-ctx": 4, "ctx-init": "a photo of a", "n-prompts": 50, "lambda-sccm": 1.0, "lambda-kdsp": 1.0,
                   "tau": 1.5, "text-dropout": True},
    "biomed-dpt": {"n-ctx": 4, "ctx-init": "a photo of a", "template": "a photo of a {}.",
                   "class-token-position": "end", "lambda-l1": 1.0, "lambda-kl": 1.0, "n-prompts": 50,
                   "visual-prompt-tokens": 4, "visual-prompt-mode": "overwrite", "text-dropout": True},
    "biovlm": {"n-ctx": 4, "bank-size": 10, "route-fraction": 0.5, "lambda-kd": 1.0, "lambda-kd-aug": 1.0,
               "lambda-entropy": 0.5, "lambda-cos": 0.5, "attribute-prefix": "a medical image of",
               "attribute-suffix": "", "text-dropout": False, "fix-entropy-gradient": True, "fix-cosine-axis": True,
               "fix-double-embedding": True},
    "ogkd": {"n-ctx": 4, "ctx-init": "a photo of a", "n-prompts": 50, "lambda-sccm": 1.0, "lambda-gad": 1.0,
             "lambda-lgd": 0.0, "tau": 1.5, "gamma": 0.3, "alpha": 4.0, "topk-ratio": 0.3, "geometry-space": "log",
             "text-dropout": True},
    "cocoop": {"n-ctx": 4, "ctx-init": "a photo of a", "text-dropout": False},
    "kgcoop": {"n-ctx": 4, "ctx-init": "a photo of a", "honour-ctx-init": False, "template": "a photo of a {}.",
               "w": 1.0, "text-dropout": False},
    "prograd": {"n-ctx": 4, "init-from-template": True, "template": "a photo of a {}.", "teacher": "self",
                "temperature": 1.0, "lambda": 1.0, "text-dropout": False},
    "maple": {"ctx-init": "a photo of a", "visual-prompt-mode": "overwrite", "text-dropout": True},
    "dpt": {"ctx-init": "a photo of a", "class-token-position": "end", "visual-prompt-tokens": 4,
            "visual-prompt-mode": "overwrite", "text-dropout": True},
}
LEARNING_RATES = {"coop": 0.002, "biomedcoop": 0.0025, "biomed-dpt": 0.0025, "biovlm": 0.002, "ogkd": 0.0025,
                  "cocoop": 0.001, "kgcoop": 0.002, "prograd": 0.002, "maple": 0.002, "dpt": 0.002}
# catalogue preset keys that the Java method declares under another name (its own presets carry the value)
ALIASES = {("ogkd", "rho-topk"): "topk-ratio"}


@torch.no_grad()
def random_weights(model):
    """The values RandomWeights gives the Java model: norm gains 1, biases 0, every other weight N(0, 0.02^2),
    logit scale ln 100; every weight frozen."""
    model.requires_grad_(False)
    for name, w in model.named_parameters():
        if name == "logit_scale":
            w.fill_(math.log(100))
        elif name.endswith("bias"):
            w.zero_()
        elif "norm" in name.lower():
            w.fill_(1.0)
        else:
            w.normal_(0.0, 0.02)


def squash(name):
    return re.sub(r"[^a-z0-9]", "", name.lower())


def method_name(name):
    for known in list(DEFAULTS) + list(bench_fits.FIT_DEFAULTS):
        if squash(known) == squash(name):
            return known
    raise SystemExit(f"unknown method '{name}'; available: {', '.join(list(DEFAULTS) + list(bench_fits.FIT_DEFAULTS))}")


def parse_value(default, raw):
    if isinstance(default, bool):
        return raw.lower() == "true"
    if isinstance(default, int):
        return int(raw)
    if isinstance(default, float):
        return float(raw)
    return raw


def catalog_entry(dataset):
    if dataset.lower() == "none":
        return None
    entries = json.loads(CATALOG.read_text())["datasets"]
    for e in entries:
        if e["name"] == dataset:
            return e
    matches = [e for e in entries if e["name"].lower() == dataset.lower()]
    if len(matches) == 1:
        return matches[0]
    raise SystemExit(f"unknown dataset '{dataset}'")


def java_parameters(java_output):
    """The parameters the Java benchmark printed per method ("name: {key=value, ...}"), as strings."""
    found = {}
    if not java_output:
        return found
    for line in Path(java_output).read_text().splitlines():
        m = re.fullmatch(r"([a-z0-9-]+): \{(.*)\}", line.strip())
        if m and (m.group(1) in DEFAULTS or m.group(1) in bench_fits.FIT_DEFAULTS):
            pairs = re.split(r", (?=[a-z0-9-]+=)", m.group(2)) if m.group(2) else []
            found[m.group(1)] = dict(pair.split("=", 1) for pair in pairs)
    return found


def wait_for_java_parameters(java_output, method, patience):
    """With --turns the Java side prints a method's parameters just before its setup: wait for that line."""
    deadline = time.monotonic() + patience
    while True:
        found = java_parameters(java_output)
        if method in found:
            return found
        if time.monotonic() > deadline:
            raise SystemExit(f"--java {java_output}: no parameters for {method} after {patience:.0f} s")
        time.sleep(0.05)


def parameters(method, java, overrides):
    if method in bench_fits.FIT_DEFAULTS:
        return bench_fits.parameters(method, java, overrides)
    p = dict(DEFAULTS[method])
    for layer in (java.get(method, {}), overrides.get(method, {})):
        for key, raw in layer.items():
            key = ALIASES.get((method, key), key)
            if key in p:
                p[key] = parse_value(DEFAULTS[method][key], str(raw))
    return p


def class_names(entry, classes):
    names = entry["classNames"] if entry is not None else []
    return [names[i] if i < len(names) else f"class {i} lesion" for i in range(classes)]


def descriptions(names):
    return {n: [f"{n} shows finding {j} with {FEATURES[j % 5]} and {FEATURES[(j + 2) % 5]} in the image"
                for j in range(DESCRIPTIONS)] for n in names}


def tokenizer(names, descs, entry):
    """A WordPiece tokenizer over the same generated vocabulary as the Java benchmark (30522 entries)."""
    texts = list(names) + [s for v in descs.values() for s in v] + (entry["templates"] if entry else [])
    texts.append("a photo of a x medical image which is has")
    words = sorted({w for t in texts for w in re.findall(r"[a-z0-9]+", t.lower())})
    vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"] + list(PUNCTUATION) + words
    vocab += [f"[unused{i}]" for i in range(VOCAB_SIZE - len(vocab))]
    tok = BertWordPieceTokenizer({t: i for i, t in enumerate(vocab)}, lowercase=True)
    tok.enable_padding(length=CONTEXT, pad_id=0, pad_token="[PAD]")
    tok.enable_truncation(CONTEXT)
    return tok


class Backbone:
    """The frozen model and the pieces the methods share."""

    def __init__(self, model, tok, cut, device):
        self.model = model
        self.device = device
        self.tok = tok
        self.cut = cut
        self.scale = model.logit_scale.exp()
        self.words = model.text.transformer.embeddings.word_embeddings

    def tokenize(self, texts):
        enc = self.tok.encode_batch(texts)
        ids = torch.tensor([e.ids for e in enc], dtype=torch.long, device=self.device)
        return ids, (ids != 0).long()

    def encode_text(self, embeds, mask, train, cut=None):
        """inputs_embeds path, first-token pooling, MLP projection (raw features)."""
        if self.cut if cut is None else cut:
            length = int(mask.sum(1).max())
            embeds, mask = embeds[:, :length], mask[:, :length]
        self.model.text.transformer.train(train)
        out = self.model.text.transformer(inputs_embeds=embeds, attention_mask=mask)
        return self.model.text.proj(out.last_hidden_state[:, 0])

    @torch.no_grad()
    def text_features(self, texts, chunk=64):
        """Normalised frozen features of plain texts (eval mode, at the real length: the same values as 256)."""
        out = []
        for i in range(0, len(texts), chunk):
            ids, mask = self.tokenize(texts[i:i + chunk])
            out.append(F.normalize(self.encode_text(self.words(ids), mask, False, cut=True), dim=-1))
        return torch.cat(out)

    def random_context(self, *shape):
        """N(0, 0.02^2) context vectors of the given leading shape."""
        return 0.02 * torch.randn(*shape, self.words.embedding_dim, device=self.device)

    def word_rows(self, phrase, n):
        """Word embeddings of token positions 1..n of a phrase (a learnable context's initial value)."""
        ids, _ = self.tokenize([phrase])
        with torch.no_grad():
            return self.words(ids)[0, 1:1 + n].clone()

    def encode_image(self, images, overwrite=0, patches=False, prompts=None):
        """Raw pooled features; with patches also the projected patch tokens; with overwrite, that many zero tokens
        replace the patch tokens right after the class token before every block (Biomed-DPT's reference code); with
        prompts, a (per-layer prompt tokens, mode) pair placed before the blocks as the Java VitEncoder places
        VisualPrompts (see place_prompts)."""
        visual = self.model.visual
        if not overwrite and not patches and not prompts:
            return visual(images), None
        trunk = visual.trunk
        if prompts:
            layers, mode = prompts
            x = trunk.norm_pre(trunk.patch_drop(trunk._pos_embed(trunk.patch_embed(images))))
            for i, block in enumerate(trunk.blocks):
                x = block(place_prompts(x, i, layers, mode))
            x = trunk.norm(x)
            if not patches:
                return visual.head(trunk.forward_head(x)), None
            tokens = visual.head(x)
            n = layers[0].shape[-2]
            return tokens[:, 0], (tokens[:, 1:tokens.shape[1] - n] if mode == "append" else tokens[:, 1 + n:])
        if overwrite:
            x = trunk.norm_pre(trunk.patch_drop(trunk._pos_embed(trunk.patch_embed(images))))
            zeros = x.new_zeros(x.shape[0], overwrite, x.shape[2])
            for block in trunk.blocks:
                x = block(torch.cat([x[:, :1], zeros, x[:, 1 + overwrite:]], dim=1))
            x = trunk.norm(x)
        else:
            x = trunk.forward_features(images)
        if not patches:
            return visual.head(trunk.forward_head(x)), None
        tokens = visual.head(x)
        return tokens[:, 0], tokens[:, 1:]


def place_prompts(x, layer, layers, mode):
    """The token sequence entering ViT block `layer` (the Java PromptPlacement.beforeBlock): layers[l] holds the
    prompt tokens of block l, [n, width] or [B, n, width], without position embedding. insert: block 0 gets
    [CLS, P_0, patches], later blocks replace slots 1..n; overwrite: every prompted block overwrites positions 1..n
    (the first n patch tokens are dropped); append: block 0 gets [CLS, patches, P_0], later blocks replace the last n.
    Blocks past the last given layer run on the tokens as they are."""
    if layer >= len(layers):
        return x
    p = layers[layer]
    n = p.shape[-2]
    if p.dim() == 2:
        p = p.unsqueeze(0).expand(x.shape[0], n, x.shape[2])
    if mode == "insert":
        return torch.cat([x[:, :1], p, x[:, 1:] if layer == 0 else x[:, 1 + n:]], dim=1)
    if mode == "overwrite":
        return torch.cat([x[:, :1], p, x[:, 1 + n:]], dim=1)
    if mode == "append":
        return torch.cat([x if layer == 0 else x[:, :x.shape[1] - n], p], dim=1)
    raise SystemExit(f"unknown visual prompt mode '{mode}'")


class ContextPrompts:
    """Frozen [CLS] prefix and (class name, '.', [SEP], pads) suffix around a shared learnable context."""

    def __init__(self, bb, texts, n_ctx):
        ids, self.mask = bb.tokenize(texts)
        if bb.cut:
            length = int(self.mask.sum(1).max())
            ids, self.mask = ids[:, :length], self.mask[:, :length]
        with torch.no_grad():
            emb = bb.words(ids)
        self.prefix = emb[:, :1].clone()
        self.suffix = emb[:, 1 + n_ctx:].clone()

    def assemble(self, ctx):
        c = self.prefix.shape[0]
        return torch.cat([self.prefix, ctx.unsqueeze(0).expand(c, -1, -1), self.suffix], dim=1)

    def features(self, bb, ctx, dropout):
        """Normalised text features of the prompts around ctx (BERT's dropout when dropout is true)."""
        return F.normalize(bb.encode_text(self.assemble(ctx), self.mask, dropout), dim=-1)


def kl_sum(student, teacher):
    log_q = teacher.detach().log_softmax(-1)
    return (log_q.exp() * (log_q - student.log_softmax(-1))).sum()


@torch.no_grad()
def selected_means(bb, image, descs, tau):
    """BiomedCoOp's per-batch outlier-pruned teacher text: norm(mean of the kept descriptions), [C, D]."""
    c, n, d = descs.shape
    scores = (bb.scale * image @ descs.reshape(c * n, d).t()).reshape(image.shape[0], c, n).amax(1).mean(0)
    std = scores.std() if n > 1 else scores.new_zeros(())
    keep = (std == 0) | ((scores - scores.mean()).abs() <= tau * std)
    if not bool(keep.any()):
        keep[:] = True
    return F.normalize(descs[:, keep].mean(1), dim=-1)


def word_context(bb, p, names, random_init):
    """(context words, n_ctx, initial values): word initialisation from ctx-init, else 'X' words and N(0, 0.02^2)."""
    init = p["ctx-init"].replace("_", " ").strip()
    if init and not random_init:
        n = len(init.split())
        return init, n, bb.word_rows(init, n)
    n = p["n-ctx"]
    return " ".join(["X"] * n), n, bb.random_context(n)


def prompt_logits(learner, images):
    """The CoOp forward shared by the prompt learners: normalised text features of the prompts around learner.ctx,
    normalised image features and the scaled logits."""
    bb = learner.bb
    text = learner.prompts.features(bb, learner.ctx, learner.p["text-dropout"])
    image = F.normalize(bb.encode_image(images)[0], dim=-1)
    return text, image, bb.scale * image @ text.t()


class Coop:
    def __init__(self, bb, p, names, descs):
        self.bb, self.p = bb, p
        if p["class-token-position"] != "end":
            raise SystemExit("the benchmark implements class-token-position end only")
        words, n, init = word_context(bb, p, names, False)
        self.prompts = ContextPrompts(bb, [f"{words} {c.replace('_', ' ')}." for c in names], n)
        self.ctx = torch.nn.Parameter(init)

    def loss(self, images, labels, views):
        _, _, logits = prompt_logits(self, images)
        ce = F.cross_entropy(logits, labels)
        return ce, {"ce": ce}, logits


class BiomedCoop:
    def __init__(self, bb, p, names, descs):
        self.bb, self.p = bb, p
        words, n, init = word_context(bb, p, names, p["n-ctx"] != 4)
        self.prompts = ContextPrompts(bb, [f"{words} {c.replace('_', ' ')}." for c in names], n)
        self.ctx = torch.nn.Parameter(init)
        feats = bb.text_features([s for c in names for s in descs[c][:p["n-prompts"]]])
        self.descs = feats.reshape(len(names), -1, feats.shape[-1])
        self.means = F.normalize(self.descs.mean(1), dim=-1)

    def loss(self, images, labels, views):
        bb, p = self.bb, self.p
        text, image, logits = prompt_logits(self, images)
        ce = F.cross_entropy(logits, labels)
        teacher = bb.scale * image @ selected_means(bb, image, self.descs, p["tau"]).t()
        sccm = F.mse_loss(text, self.means) * p["lambda-sccm"]
        kdsp = kl_sum(logits, teacher) / logits.numel() * p["lambda-kdsp"]
        return ce + sccm + kdsp, {"ce": ce, "sccm": sccm, "kdsp": kdsp}, logits


class BiomedDpt:
    def __init__(self, bb, p, names, descs):
        self.bb, self.p = bb, p
        if p["class-token-position"] != "end":
            raise SystemExit("the benchmark implements class-token-position end only")
        if p["visual-prompt-mode"] != "overwrite":
            raise SystemExit("the benchmark implements visual-prompt-mode overwrite only")
        n = p["n-ctx"]
        init = p["ctx-init"].strip()
        self.ctx = torch.nn.Parameter(bb.word_rows(init, n) if init else bb.random_context(n))
        self.prompts = ContextPrompts(bb, [p["template"].replace("{}", c.replace("_", " ")) for c in names], n)
        feats = bb.text_features([s for c in names for s in descs[c][:p["n-prompts"]]])
        self.means = F.normalize(feats.reshape(len(names), -1, feats.shape[-1]).mean(1), dim=-1)

    def loss(self, images, labels, views):
        bb, p = self.bb, self.p
        text = self.prompts.features(bb, self.ctx, p["text-dropout"])
        image = F.normalize(bb.encode_image(images, overwrite=p["visual-prompt-tokens"])[0], dim=-1)
        logits = bb.scale * image @ text.t()
        teacher = bb.scale * image @ self.means.t()
        ce = F.cross_entropy(logits, labels)
        l1 = F.l1_loss(text, self.means) * p["lambda-l1"]
        kl = kl_sum(logits, teacher) / logits.numel() * p["lambda-kl"]
        return ce + l1 + kl, {"ce": ce, "l1": l1, "kl": kl}, logits


def clause(d):
    d = d.strip()
    if d.startswith("a"):
        return "which is " + d
    if any(d.startswith(s) for s in ("has", "often", "typically", "may", "can")):
        return "which " + d
    if d.startswith("used"):
        return "which is " + d
    return "which has " + d


@torch.no_grad()
def lowest_entropy_mask(logits, keep):
    log_p = logits.log_softmax(-1)
    entropy = -(log_p.exp() * log_p).sum(-1)
    index = entropy.topk(keep, dim=1, largest=False).indices
    return torch.zeros_like(entropy).scatter_(1, index, 1.0)


def routed_mean(logits, mask, keep):
    return (logits * mask.unsqueeze(2)).sum(1) / keep


def kept_mean_entropy(logits, mask, keep):
    log_p = logits.log_softmax(-1).masked_fill(mask.unsqueeze(2) == 0, float("-inf"))
    log_mean = torch.logsumexp(log_p, dim=1) - math.log(keep)
    return -(log_mean.exp() * log_mean).sum(-1)


class BioVlm:
    def __init__(self, bb, p, names, descs):
        self.bb, self.p = bb, p
        if not (p["fix-entropy-gradient"] and p["fix-cosine-axis"] and p["fix-double-embedding"]):
            raise SystemExit("the benchmark implements the biovlm defaults (fix-* true) only")
        self.m, n = p["bank-size"], p["n-ctx"]
        self.classes = len(names)
        self.keep = math.floor(p["route-fraction"] * self.m)
        self.augmented_keep = math.floor(p["route-fraction"] * 2 * self.m)
        self.bank = torch.nn.Parameter(bb.random_context(self.m, n))
        placeholder = " ".join(["X"] * n)
        self.prompts = ContextPrompts(bb, [f"{placeholder} {c.replace('_', ' ')}." for c in names], n)
        self.mask = self.prompts.mask.repeat(self.m, 1)
        sentences = [f"{p['attribute-prefix']} {c.replace('_', ' ')} {p['attribute-suffix']}, {clause(d)}"
                     for c in names for d in descs[c][:self.m]]
        feats = bb.text_features(sentences).reshape(self.classes, self.m, -1)
        self.attributes = feats.transpose(0, 1).contiguous()  # [M, C, D]
        self.scaled_attributes_t = self.attributes.reshape(self.m * self.classes, -1).t() * bb.scale

    def loss(self, images, labels, views):
        bb, p, m, c = self.bb, self.p, self.m, self.classes
        b = images.shape[0]
        pre, suf = self.prompts.prefix, self.prompts.suffix
        n, width = self.bank.shape[1], self.bank.shape[2]
        prompts = torch.cat([pre.unsqueeze(0).expand(m, -1, -1, -1),
                             self.bank.unsqueeze(1).expand(-1, c, -1, -1),
                             suf.unsqueeze(0).expand(m, -1, -1, -1)], dim=2).reshape(m * c, -1, width)
        text = F.normalize(bb.encode_text(prompts, self.mask, p["text-dropout"]), dim=-1)
        features = F.normalize(bb.encode_image(torch.cat([images, views["strong"], views["weak"]]))[0],
                               dim=-1).detach()
        base = features[:b]
        bank_logits = (bb.scale * base @ text.t()).reshape(b, m, c)
        attribute_logits = (features @ self.scaled_attributes_t).reshape(3 * b, m, c)
        base_attributes = attribute_logits[:b]
        augmented = torch.cat([attribute_logits[b:2 * b], attribute_logits[2 * b:]], dim=1)
        count = bank_logits.numel()

        bank_mask = lowest_entropy_mask(bank_logits, self.keep)
        routed = routed_mean(bank_logits, bank_mask, self.keep)
        attribute_mask = lowest_entropy_mask(base_attributes, self.keep)
        attribute_routed = routed_mean(base_attributes, attribute_mask, self.keep).detach()
        augmented_mask = lowest_entropy_mask(augmented, self.augmented_keep)
        augmented_routed = routed_mean(augmented, augmented_mask, self.augmented_keep).detach()

        ce = F.cross_entropy(routed, labels)
        kd = kl_sum(routed, attribute_routed) / count * p["lambda-kd"]
        kd_aug = kl_sum(routed, augmented_routed) / count * p["lambda-kd-aug"]
        w = p["lambda-entropy"]
        entropy = kept_mean_entropy(bank_logits, bank_mask, self.keep).mean() * w
        attribute_entropy = kept_mean_entropy(base_attributes.detach(), attribute_mask, self.keep).mean() * w
        augmented_entropy = kept_mean_entropy(augmented.detach(), augmented_mask, self.augmented_keep).mean() * w
        cos = (1 - F.cosine_similarity(text.reshape(m, c, -1), self.attributes, dim=2).mean()) * p["lambda-cos"]
        terms = {"ce": ce, "kd": kd, "kd-aug": kd_aug, "entropy": entropy, "attribute-entropy": attribute_entropy,
                 "augmented-entropy": augmented_entropy, "cos": cos}
        return sum(terms.values()), terms, routed


class Ogkd:
    def __init__(self, bb, p, names, descs):
        self.bb, self.p = bb, p
        if p["geometry-space"] != "log":
            raise SystemExit("the benchmark implements geometry-space log only")
        words, n, init = word_context(bb, p, names, p["n-ctx"] != 4)
        self.prompts = ContextPrompts(bb, [f"{words} {c.replace('_', ' ')}." for c in names], n)
        self.ctx = torch.nn.Parameter(init)
        feats = bb.text_features([s for c in names for s in descs[c][:p["n-prompts"]]])
        self.descs = feats.reshape(len(names), -1, feats.shape[-1])
        self.prototypes = F.normalize(self.descs.mean(1), dim=-1)
        self.graph = (self.prototypes @ self.prototypes.t() * p["alpha"]).softmax(-1)

    def smooth(self, log_p):
        g = self.p["gamma"]
        return log_p if g == 0 else (1 - g) * log_p + g * (log_p @ self.graph)

    def loss(self, images, labels, views):
        bb, p = self.bb, self.p
        text = self.prompts.features(bb, self.ctx, p["text-dropout"])
        with_patches = p["lambda-lgd"] != 0
        pooled, patch_tokens = bb.encode_image(images, patches=with_patches)
        image = F.normalize(pooled, dim=-1)
        logits = bb.scale * image @ text.t()
        ce = F.cross_entropy(logits, labels)
        teacher_text = selected_means(bb, image, self.descs, p["tau"])
        teacher_logits = bb.scale * image @ teacher_text.t()
        sccm = F.mse_loss(text, self.prototypes) * p["lambda-sccm"]
        target = self.smooth(teacher_logits.detach().log_softmax(-1))
        gad = (target.exp() * (target - logits.log_softmax(-1))).sum() / logits.numel() * p["lambda-gad"]
        terms = {"ce": ce, "sccm": sccm, "gad": gad}
        if with_patches:
            tokens = F.normalize(patch_tokens, dim=-1)
            b, n, c = tokens.shape[0], tokens.shape[1], text.shape[0]
            student = bb.scale * tokens @ text.t()  # [B, N, C]
            teacher = (bb.scale * tokens @ teacher_text.t()).detach()
            k = max(1, min(n, math.floor(n * p["topk-ratio"] + 0.5)))
            gt = teacher.gather(2, labels.view(b, 1, 1).expand(b, n, 1)).squeeze(2)
            index = gt.abs().topk(k, dim=1).indices.unsqueeze(2).expand(b, k, c)
            label_index = labels.view(b, 1, 1).expand(b, k, 1)
            tau = self.smooth(teacher.gather(1, index).log_softmax(-1)).gather(2, label_index).squeeze(2)
            sigma = student.gather(1, index).log_softmax(-1).gather(2, label_index).squeeze(2)
            lgd = (tau.exp() * (tau - sigma)).sum() / (b * k) * p["lambda-lgd"]
            terms["lgd"] = lgd
        return sum(terms.values()), terms, logits


def uniform(shape, bound, device):
    """U(-bound, bound) values: PyTorch's default Linear initialisation with bound 1/sqrt(in_features)."""
    return (torch.rand(*shape, device=device) * 2 - 1) * bound


def embed_dim(bb):
    return bb.model.visual.head.proj.out_features


def vision_width(bb):
    return bb.model.visual.trunk.embed_dim


class CoCoop:
    """CoCoOpLearner: a shared context shifted per image by the meta-net W2 relu(W1 v + b1) + b2 of the normalised
    image feature; B * C prompts (image-major) in one text pass; logits s * v_b . norm(t_bc); cross-entropy."""

    def __init__(self, bb, p, names, descs):
        self.bb, self.p = bb, p
        words, n, init = word_context(bb, p, names, False)
        self.prompts = ContextPrompts(bb, [f"{words} {c.replace('_', ' ')}." for c in names], n)
        self.ctx = torch.nn.Parameter(init)
        e, d = embed_dim(bb), bb.words.embedding_dim
        hidden = max(1, e // 16)
        self.w1 = torch.nn.Parameter(uniform((hidden, e), 1 / math.sqrt(e), bb.device))
        self.b1 = torch.nn.Parameter(uniform((hidden,), 1 / math.sqrt(e), bb.device))
        self.w2 = torch.nn.Parameter(uniform((d, hidden), 1 / math.sqrt(hidden), bb.device))
        self.b2 = torch.nn.Parameter(uniform((d,), 1 / math.sqrt(hidden), bb.device))

    def loss(self, images, labels, views):
        bb, pr = self.bb, self.prompts
        image = F.normalize(bb.encode_image(images)[0], dim=-1)
        b, c = image.shape[0], pr.prefix.shape[0]
        shift = F.linear(F.linear(image, self.w1, self.b1).clamp_min(0), self.w2, self.b2)  # [B, D]
        ctx = shift.unsqueeze(1) + self.ctx  # [B, n, D]
        width = ctx.shape[2]
        rows = torch.cat([pr.prefix.unsqueeze(0).expand(b, -1, -1, -1),
                          ctx.unsqueeze(1).expand(-1, c, -1, -1),
                          pr.suffix.unsqueeze(0).expand(b, -1, -1, -1)], dim=2).reshape(b * c, -1, width)
        text = F.normalize(bb.encode_text(rows, pr.mask.repeat(b, 1), self.p["text-dropout"]), dim=-1)
        logits = bb.scale * (text.reshape(b, c, -1) * image.unsqueeze(1)).sum(2)
        ce = F.cross_entropy(logits, labels)
        return ce, {"ce": ce}, logits


class KgCoop:
    """KgCoOpLearner: CoOp prompts (a set ctx-init starts from 'a photo of a' unless honour-ctx-init), cross-entropy
    plus w * (1 - mean_c cos(t_c, t_hat_c)) against the frozen features of the template."""

    def __init__(self, bb, p, names, descs):
        self.bb, self.p = bb, p
        init = p["ctx-init"].replace("_", " ").strip()
        if init:
            words = init if p["honour-ctx-init"] else "a photo of a"
            n = len(words.split())
            value = bb.word_rows(words, n)
        else:
            n = p["n-ctx"]
            words, value = " ".join(["X"] * n), bb.random_context(n)
        self.prompts = ContextPrompts(bb, [f"{words} {c.replace('_', ' ')}." for c in names], n)
        self.ctx = torch.nn.Parameter(value)
        self.knowledge = bb.text_features([p["template"].replace("{}", c.replace("_", " ")) for c in names])

    def loss(self, images, labels, views):
        text, image, logits = prompt_logits(self, images)
        ce = F.cross_entropy(logits, labels)
        dot = (text * self.knowledge).sum(1)
        cos = dot / (text.norm(dim=1) * self.knowledge.norm(dim=1)).clamp_min(1e-7)
        kg = (1 - cos.mean()) * self.p["w"]
        return ce + kg, {"ce": ce, "kg": kg}, logits


class ProGrad:
    """ProGradLearner: CoOp prompts and cross-entropy, the distillation T^2 CE(softmax(z_t / T), log_softmax(z / T));
    with teacher=self the teacher is the student (logged, no gradient guide: the update is CoOp's); with
    teacher=zeroshot the frozen template classifier, and the cross-entropy gradient is projected against the
    distillation gradient (backward)."""

    def __init__(self, bb, p, names, descs):
        self.bb, self.p = bb, p
        if p["teacher"] not in ("self", "zeroshot"):
            raise SystemExit(f"unknown prograd teacher '{p['teacher']}'")
        n = p["n-ctx"]
        if p["init-from-template"]:
            phrase = p["template"].replace(" {}.", "").replace("_", " ").strip()
            words = len(phrase.split())
            if "{}" in phrase or not phrase or n < words:
                raise SystemExit(f"prograd: template '{p['template']}' does not give at most n-ctx initial words")
            value = torch.zeros(n, bb.words.embedding_dim, device=bb.device)
            value[n - words:] = bb.word_rows(phrase, words)
            prefix = " ".join(["X"] * (n - words) + [phrase])
        else:
            prefix, value = " ".join(["X"] * n), bb.random_context(n)
        self.prompts = ContextPrompts(bb, [f"{prefix} {c.replace('_', ' ')}." for c in names], n)
        self.ctx = torch.nn.Parameter(value)
        self.zero_shot = p["teacher"] == "zeroshot"
        self.teacher = (bb.text_features([p["template"].replace("{}", c.replace("_", " ")) for c in names])
                        if self.zero_shot else None)

    def loss(self, images, labels, views):
        bb, t = self.bb, self.p["temperature"]
        text, image, logits = prompt_logits(self, images)
        ce = F.cross_entropy(logits, labels)
        teacher = (bb.scale * image @ self.teacher.t()) if self.zero_shot else logits
        q = (teacher.detach() / t).softmax(-1)
        kl = -(q * (logits / t).log_softmax(-1)).sum(1).mean() * (t * t)
        return ce, {"ce": ce, "kl": kl}, logits

    def backward(self, total, terms):
        """GuidedGradients.backward with GradientProjection when the teacher is the zero-shot classifier."""
        if not self.zero_shot:
            total.backward()
            return
        terms["kl"].backward(retain_graph=True)
        guide = self.ctx.grad.clone() if self.ctx.grad is not None else None
        if self.ctx.grad is not None:
            self.ctx.grad.zero_()
        total.backward()
        g = self.ctx.grad
        if g is None:
            return
        g = g.clone()
        h = guide if guide is not None else torch.zeros_like(g)
        dot = float((g * h).sum())
        h_norm, g_norm = float(h.norm()), float(g.norm())
        if not (h_norm == 0 or g_norm == 0 or not dot / (h_norm * g_norm) < 0):
            g = g - (h / h_norm) * (self.p["lambda"] * dot / h_norm)
        self.ctx.grad.zero_()
        self.ctx.grad.add_(g)


class Maple:
    """MapleLearner: CoOp prompts; visual prompt tokens u = ctx W^T + b (W, b ~ U(+-1/sqrt(text width))) placed at
    block 0 of the ViT (overwrite or insert); cross-entropy."""

    def __init__(self, bb, p, names, descs):
        self.bb, self.p = bb, p
        init = p["ctx-init"].replace("_", " ").strip()
        if not init:
            raise SystemExit("maple: ctx-init must name the initial words")
        n = len(init.split())
        self.prompts = ContextPrompts(bb, [f"{init} {c.replace('_', ' ')}." for c in names], n)
        self.ctx = torch.nn.Parameter(bb.word_rows(init, n))
        d = bb.words.embedding_dim
        self.proj_weight = torch.nn.Parameter(uniform((vision_width(bb), d), 1 / math.sqrt(d), bb.device))
        self.proj_bias = torch.nn.Parameter(uniform((vision_width(bb),), 1 / math.sqrt(d), bb.device))

    def loss(self, images, labels, views):
        bb = self.bb
        text = self.prompts.features(bb, self.ctx, self.p["text-dropout"])
        tokens = F.linear(self.ctx, self.proj_weight, self.proj_bias)
        image = F.normalize(bb.encode_image(images, prompts=([tokens], self.p["visual-prompt-mode"]))[0], dim=-1)
        logits = bb.scale * image @ text.t()
        ce = F.cross_entropy(logits, labels)
        return ce, {"ce": ce}, logits


class Dpt:
    """DptLearner: CoOp prompts (class token at the end, or middle/front with every class name counted as one token),
    free N(0, 0.02^2) visual prompt tokens placed at block 0 of the ViT (overwrite or insert); cross-entropy."""

    def __init__(self, bb, p, names, descs):
        self.bb, self.p = bb, p
        init = p["ctx-init"].replace("_", " ").strip()
        if not init:
            raise SystemExit("dpt: ctx-init must name the initial words")
        if p["visual-prompt-tokens"] < 0:
            raise SystemExit("dpt: visual-prompt-tokens must be 0 or more")
        n = len(init.split())
        self.prompts = ContextPrompts(bb, [f"{init} {c.replace('_', ' ')}." for c in names], n)
        self.ctx = torch.nn.Parameter(bb.word_rows(init, n))
        k = p["visual-prompt-tokens"]
        self.visual_ctx = torch.nn.Parameter(0.02 * torch.randn(k, vision_width(bb), device=bb.device)) if k else None
        # ContextPrompts.assemble's middle/front reordering with a class-name length of 1 (the same for every class)
        total = 1 + n + self.prompts.suffix.shape[1]
        half, name_end = n // 2, min(1 + n + 1, total)
        ranges = {"end": [(0, total)],
                  "middle": [(0, 1), (1, 1 + half), (1 + n, name_end), (1 + half, 1 + n), (name_end, total)],
                  "front": [(0, 1), (1 + n, name_end), (1, 1 + n), (name_end, total)]}
        if p["class-token-position"] not in ranges:
            raise SystemExit(f"unknown dpt class-token-position '{p['class-token-position']}'")
        order = [i for a, z in ranges[p["class-token-position"]] for i in range(a, z)]
        self.order = None if order == list(range(total)) else torch.tensor(order, device=bb.device)

    def loss(self, images, labels, views):
        bb = self.bb
        rows = self.prompts.assemble(self.ctx)
        if self.order is not None:
            rows = rows.index_select(1, self.order)
        text = F.normalize(bb.encode_text(rows, self.prompts.mask, self.p["text-dropout"]), dim=-1)
        visual = ([self.visual_ctx], self.p["visual-prompt-mode"]) if self.visual_ctx is not None else None
        image = F.normalize(bb.encode_image(images, prompts=visual)[0], dim=-1)
        logits = bb.scale * image @ text.t()
        ce = F.cross_entropy(logits, labels)
        return ce, {"ce": ce}, logits


LEARNERS = {"coop": Coop, "biomedcoop": BiomedCoop, "biomed-dpt": BiomedDpt, "biovlm": BioVlm, "ogkd": Ogkd,
            "cocoop": CoCoop, "kgcoop": KgCoop, "prograd": ProGrad, "maple": Maple, "dpt": Dpt}
LEARNERS["clip-adapter"] = bench_fits.ClipAdapter
VIEWS = {"biovlm": ("strong", "weak")}


class Turns:
    """Taking turns with the Java benchmark through one file (dev.bioprompt.benchmarks.TurnFile): it holds 'java' or
    'python' (whose turn it is); a side that has ended leaves the marker FILE.<side>-finished beside it, after which
    the other side no longer waits. The marker is never overwritten, so a pass racing the other side's finish cannot
    hide it."""

    SIDE, OTHER = "python", "java"

    def __init__(self, path, patience=600.0):
        self.path = Path(path) if path else None
        self.patience = patience

    def _read(self):
        try:
            return self.path.read_text().strip()
        except FileNotFoundError:
            return ""

    def _write(self, target, text):
        tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        tmp.write_text(text + "\n")
        os.replace(tmp, target)

    def marker(self, side):
        return self.path.with_name(f"{self.path.name}.{side}-finished")

    def take(self):
        if self.path is None:
            return
        deadline = time.monotonic() + self.patience
        pause = 0.001
        while True:
            holder = self._read()
            if holder == self.SIDE or self.marker(self.OTHER).exists():
                return
            if time.monotonic() > deadline:
                raise SystemExit(f"waited {self.patience:.0f} s for the turn in {self.path}, which says '{holder}'; "
                                 f"is the Java side running with the same options?")
            # 1 ms doubling up to 16 ms, as the Java side: polling every millisecond takes CPU from the other step
            time.sleep(pause)
            pause = min(0.016, 2 * pause)

    def pass_turn(self):
        if self.path is not None and not self.marker(self.OTHER).exists():
            self._write(self.path, self.OTHER)

    def finish(self):
        if self.path is not None:
            self._write(self.marker(self.SIDE), "finished")


def synchronize(device):
    if device.type == "cuda":
        torch.cuda.synchronize(device)


def measure(bb, method, p, names, descs, args, steps_per_epoch, turns):
    clock = time.thread_time if args.clock == "cpu" else time.perf_counter
    turns.take()
    start = time.perf_counter()
    learner = LEARNERS[method](bb, p, names, descs)
    setup = time.perf_counter() - start
    turns.pass_turn()
    params = [t for t in vars(learner).values() if isinstance(t, torch.nn.Parameter)]
    sgd = bench_fits.SGD_SETTINGS.get(method, {"lr": LEARNING_RATES.get(method), "momentum": MOMENTUM,
                                                "weight_decay": WEIGHT_DECAY})
    opt = torch.optim.SGD(params, **sgd)
    # a learner whose update is not the plain gradient (ProGrad's gradient guide) does its own backward
    backward = getattr(learner, "backward", lambda total, terms: total.backward())
    seconds, loss, values = [], float("nan"), {}

    def step(i):
        shape = (args.batch, 3, IMAGE_SIZE, IMAGE_SIZE)
        images = torch.randn(shape, device=bb.device)
        views = {v: torch.randn(shape, device=bb.device) for v in VIEWS.get(method, ())}
        labels = torch.tensor([(i * args.batch + b) % len(names) for b in range(args.batch)], dtype=torch.long,
                              device=bb.device)
        synchronize(bb.device)
        t0 = clock()
        opt.zero_grad()
        total, terms, logits = learner.loss(images, labels, views)
        step_values = {name: term.item() for name, term in terms.items()}
        step_loss = total.item()
        backward(total, terms)
        (logits.argmax(1) == labels).sum().item()
        opt.step()
        synchronize(bb.device)
        return clock() - t0, step_loss, step_values

    for i in range(args.warmup + args.steps):
        turns.take()
        s, loss, values = step(i)
        turns.pass_turn()
        if i >= args.warmup:
            seconds.append(s)
            print(f"STEP method={method} index={i - args.warmup} seconds={s:.6f}", flush=True)
    if args.profile:
        out = Path(args.profile)
        out.mkdir(parents=True, exist_ok=True)
        turns.take()
        with torch.profiler.profile(activities=[torch.profiler.ProfilerActivity.CPU], record_shapes=True) as prof:
            step(0)
        turns.pass_turn()
        prof.export_chrome_trace(str(out / f"{method}.json"))
        print(f"{method}: profile of one more step in {out / (method + '.json')}")
    return {"method": method, "steps_per_epoch": steps_per_epoch, "setup": setup, "seconds": seconds,
            "median": statistics.median(seconds), "mean": statistics.fmean(seconds), "min": min(seconds),
            "epoch": steps_per_epoch * statistics.median(seconds), "loss": loss, "terms": values}


def measure_fit(bb, method, p, names, args, turns):
    """A method that fits from frozen features: one whole fit per "step" (bench_fits), its class texts encoded
    through the model inside the fit, as the Java benchmark's measureFit times it."""
    clock = time.thread_time if args.clock == "cpu" else time.perf_counter
    turns.take()
    start = time.perf_counter()
    inputs = bench_fits.prepare(method, p, embed_dim(bb), names, args.shots, args.seed, bb.device, backbone=bb)
    setup = time.perf_counter() - start
    turns.pass_turn()
    seconds, chosen = [], {}
    for i in range(args.warmup + args.steps):
        turns.take()
        t0 = clock()
        chosen = bench_fits.fit(method, p, inputs)
        s = clock() - t0
        turns.pass_turn()
        if i >= args.warmup:
            seconds.append(s)
            print(f"STEP method={method} index={i - args.warmup} seconds={s:.6f}", flush=True)
    print(f"{method}: the fit read {bench_fits.support_passes(method, p)} pass(es); {chosen}")
    median = statistics.median(seconds)
    return {"method": method, "steps_per_epoch": 1, "setup": setup, "seconds": seconds, "median": median,
            "mean": statistics.fmean(seconds), "min": min(seconds), "epoch": median, "loss": float("nan"),
            "terms": {}}


def print_table(results, batch, classes):
    print(f"{'method':<14s} {'batch':>6s} {'classes':>6s} {'median s':>11s} {'mean s':>11s} {'min s':>11s} "
          f"{'steps':>7s} {'s/epoch':>11s}")
    for r in results:
        print(f"{r['method']:<14s} {batch:6d} {classes:6d} {r['median']:11.3f} {r['mean']:11.3f} {r['min']:11.3f} "
              f"{r['steps_per_epoch']:7d} {r['epoch']:11.1f}")
    for r in results:
        print(f"RESULT method={r['method']} median={r['median']:.6f} mean={r['mean']:.6f} min={r['min']:.6f} "
              f"steps_per_epoch={r['steps_per_epoch']} epoch={r['epoch']:.6f}")


def java_results(java_output):
    """The RESULT fields per method of the Java benchmark's output."""
    results = {}
    for line in Path(java_output).read_text().splitlines():
        if line.startswith("RESULT "):
            fields = dict(f.split("=", 1) for f in line.split()[1:])
            results[fields["method"]] = fields
    return results


def wait_for_java(java_output, methods, patience):
    """With --turns the Java side prints its results while this side runs its last step: wait for them."""
    deadline = time.monotonic() + patience
    while not set(methods) <= set(java_results(java_output)) and time.monotonic() < deadline:
        time.sleep(0.2)


def print_ratios(results, java_output):
    java = java_results(java_output)
    python_steps = {(r["method"], i): s for r in results for i, s in enumerate(r["seconds"])}
    pairs = pair(read_steps(java_output), python_steps)
    print()
    print(f"{'method':<14s} {'Java s/step':>12s} {'Python s/step':>14s} {'Java/Python':>12s} {'Java s/epoch':>13s} "
          f"{'Python s/epoch':>15s} {'paired steps: median Java/Python, Java faster':>46s}")
    for r in results:
        j = java.get(r["method"])
        if j is None:
            print(f"{r['method']:<14s} {'(no Java result)':>12s}")
            continue
        jm = float(j["median"])
        paired, line = "", ""
        if r["method"] in pairs:
            p = pairs[r["method"]]
            step_ratios, faster = ratios(p)
            median = statistics.median(step_ratios)
            paired = (f"{median:.3f} (range {min(step_ratios):.3f}-{max(step_ratios):.3f}), "
                      f"{faster} of {len(p)}")
            line = f" paired_median={median:.4f} java_faster={faster}/{len(p)}"
        print(f"{r['method']:<14s} {jm:12.3f} {r['median']:14.3f} {jm / r['median']:12.2f} "
              f"{float(j['epoch']):13.1f} {r['epoch']:15.1f} {paired:>46s}")
        print(f"PAIRED method={r['method']} java_median={jm:.6f} python_median={r['median']:.6f} "
              f"ratio={jm / r['median']:.4f}{line}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--methods", default="coop,biomedcoop,biomed-dpt,biovlm,ogkd")
    ap.add_argument("--classes", type=int, default=4)
    ap.add_argument("--batch", type=int, default=4)
    ap.add_argument("--shots", type=int, default=16)
    ap.add_argument("--warmup", type=int, default=1)
    ap.add_argument("--steps", type=int, default=5)
    ap.add_argument("--dataset", default="BTMRI")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--device", default="auto", help="auto (a GPU when there is one, as DJL does), cpu or cuda")
    ap.add_argument("--set", action="append", default=[], metavar="METHOD.KEY=VALUE")
    ap.add_argument("--cut", action="store_true", help="run student prompts at their longest real length")
    ap.add_argument("--java", help="the Java benchmark's output, to print the Java / Python ratio")
    ap.add_argument("--clock", choices=("wall", "cpu"), default="wall",
                    help="cpu: time steps by the thread's CPU time (needs --threads 1; steady on a loaded machine)")
    ap.add_argument("--profile", metavar="DIR", help="write a torch profiler trace of one more step per method, "
                    "DIR/<method>.json (the Java benchmark's --profile writes the same kind of trace)")
    ap.add_argument("--turns", metavar="FILE", help="take turns with the Java benchmark (--turns FILE there too) "
                    "piece by piece; tools/bench_paired.sh starts both")
    a = ap.parse_args()
    if a.clock == "cpu" and a.threads != 1:
        raise SystemExit("--clock cpu counts the calling thread's CPU time only, so it needs --threads 1")
    torch.set_num_threads(a.threads)
    torch.set_num_interop_threads(1)
    torch.manual_seed(a.seed)
    methods = [method_name(m) for m in a.methods.split(",") if m.strip()]
    overrides = bench_fits.parse_overrides(a.set, {**DEFAULTS, **bench_fits.FIT_DEFAULTS}, method_name)
    if a.turns and not a.java:
        raise SystemExit("--turns needs --java (the output the Java side is writing), to compute the same step")
    turns = Turns(a.turns)
    try:
        run(a, methods, overrides, turns)
    finally:
        turns.finish()


def run(a, methods, overrides, turns):
    entry = catalog_entry(a.dataset)
    java = java_parameters(a.java)
    if a.java and not java and not a.turns:
        raise SystemExit(f"--java {a.java}: no method parameters found (expected lines such as 'coop: {{n-ctx=4}}')")
    names = class_names(entry, a.classes)
    descs = descriptions(names)
    steps_per_epoch = a.shots * a.classes // a.batch if a.shots * a.classes >= a.batch else 1

    turns.take()
    with tempfile.TemporaryDirectory() as tmp:
        model = build_model(Path(tmp))
    random_weights(model)
    device = torch.device(("cuda" if torch.cuda.is_available() else "cpu") if a.device == "auto" else a.device)
    model.to(device)
    turns.pass_turn()
    bb = Backbone(model, tokenizer(names, descs, entry), a.cut, device)
    print(f"torch={torch.__version__} open_clip={open_clip.__version__} device={device} "
          f"threads={torch.get_num_threads()} "
          f"interop={torch.get_num_interop_threads()} attn={model.text.transformer.config._attn_implementation} "
          f"text={'cut to the real length' if a.cut else f'{CONTEXT} tokens'}")
    print(f"dataset={entry['name'] if entry else 'none'} classes={len(names)} [{', '.join(names)}] batch={a.batch} "
          f"shots={a.shots} steps/epoch={steps_per_epoch} warmup={a.warmup} steps={a.steps}")
    results = []
    for method in methods:
        if a.turns:
            java = wait_for_java_parameters(a.java, method, turns.patience)
        p = parameters(method, java, overrides)
        shown = (f"{k}={str(v).lower() if isinstance(v, bool) else v}" for k, v in sorted(p.items()))
        print(f"{method}: {{{', '.join(shown)}}}")
        if bench_fits.KIND.get(method) == "fit":
            r = measure_fit(bb, method, p, names, a, turns)
        else:
            per_epoch = (bench_fits.steps_per_epoch(method, a.shots, len(names), a.batch)
                         if method in bench_fits.KIND else steps_per_epoch)
            r = measure(bb, method, p, names, descs, a, per_epoch, turns)
        results.append(r)
        print(f"{method}: setup {r['setup']:.1f} s, step median {r['median']:.3f} s mean {r['mean']:.3f} s "
              f"min {r['min']:.3f} s, epoch {r['epoch']:.1f} s, last loss {r['loss']:.4f} "
              f"({', '.join(f'{k} {v:.4f}' for k, v in r['terms'].items())})")
    print()
    print_table(results, a.batch, len(names))
    if a.java:
        if a.turns:
            turns.finish()
            wait_for_java(a.java, methods, turns.patience)
        print_ratios(results, a.java)


if __name__ == "__main__":
    main()
