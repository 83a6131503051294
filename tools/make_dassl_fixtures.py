#!/usr/bin/env python3
"""Dassl-structured prompt-learner checkpoints for 'bioprompt import dassl', with the learner's Python logits.

What it writes (cli/src/test/resources/dassl/)
-----------------------------------------------
  coop/prompt_learner/model.pth.tar-100        a CoOp_BiomedCLIP-style checkpoint of the tiny_b parity model
  biomedcoop/prompt_learner/model.pth.tar-100  BiomedCoOp-style: the trainer registers its whole model, so the
                                               keys are prompt_learner.ctx, prompt_learner.token_prefix/suffix
                                               beside frozen backbone tensors (two stand-ins here)
  biovlm/prompt_learner/model.pth.tar-100      BioVLM-style: ctx is a bank [10, n_ctx, width], the prefix and suffix
                                               buffers have a bank dimension in front (structure only, no logits)
  malicious/prompt_learner/model.pth.tar-100   the CoOp structure with a pickled call of os.system in the
                                               scheduler state: the reader must refuse it, never run it
  expected.json                                class names, ctx, and the learner's logits for the three parity
                                               images: logit_scale.exp() * normalise(image features) @
                                               normalise(CoOp text features).T

Each checkpoint is what Dassl's save_checkpoint passes to torch.save: {"state_dict": OrderedDict, "epoch": 100,
"optimizer": SGD.state_dict(), "scheduler": the constant-warm-up scheduler's state_dict() (which holds its
successor, a CosineAnnealingLR object, and through it the SGD object), "val_result": None}. The optimizer has
taken one step so that its momentum buffer exists, as after training.

The learned context and the features come from backbone/src/test/resources/parity/tiny_b/reference.json (written by
make_parity_fixtures.py with open_clip: its "coop" section is the CoOp forward of "X X X X <class>." with that ctx,
and its "images" section the image features). token_prefix/token_suffix are the word embeddings of those prompts
from the model's safetensors, exactly as CoOp's PromptLearner registers them.

How to run (the outputs are committed):
    python3 -m venv .venv-ref && .venv-ref/bin/pip install --index-url "$(pip config get global.extra-index-url \
        | awk '{print $1}')" torch safetensors numpy
    .venv-ref/bin/python tools/make_dassl_fixtures.py     # from the repository root
Verified with torch 2.13.0+cpu and safetensors 0.8.0.
"""
import json
import os
from collections import OrderedDict
from pathlib import Path

import torch
from safetensors.torch import load_file
from torch.optim.lr_scheduler import CosineAnnealingLR, LRScheduler

REPO = Path(__file__).resolve().parent.parent
TINY = REPO / "backbone/src/test/resources/parity/tiny_b"
OUT = REPO / "cli/src/test/resources/dassl"


class WarmupScheduler(LRScheduler):
    """A constant warm-up in front of a successor, with the attributes Dassl's ConstantWarmupScheduler keeps."""

    def __init__(self, optimizer, successor, warmup_epoch, cons_lr):
        self.successor = successor
        self.warmup_epoch = warmup_epoch
        self.cons_lr = cons_lr
        super().__init__(optimizer)

    def get_lr(self):
        if self.last_epoch >= self.warmup_epoch:
            return self.successor.get_last_lr()
        return [self.cons_lr for _ in self.base_lrs]


class Malicious:
    def __reduce__(self):
        return (os.system, ("echo this must never run",))


def checkpoint(state_dict, ctx_param, extra=None):
    optimizer = torch.optim.SGD([ctx_param], lr=0.002, momentum=0.9, weight_decay=5e-4)
    successor = CosineAnnealingLR(optimizer, T_max=100)
    scheduler = WarmupScheduler(optimizer, successor, 1, 1e-5)
    ctx_param.grad = torch.full_like(ctx_param, 0.01)
    optimizer.step()
    sched_state = scheduler.state_dict()
    if extra is not None:
        sched_state["extra"] = extra
    return {"state_dict": state_dict, "epoch": 100, "optimizer": optimizer.state_dict(),
            "scheduler": sched_state, "val_result": None}


def main():
    torch.manual_seed(0)
    ref = json.loads((TINY / "reference.json").read_text())
    coop = ref["coop"]
    names = coop["classnames"]
    n_ctx = coop["n_ctx"]
    ctx = torch.tensor(coop["ctx"], dtype=torch.float32)
    ids = torch.tensor(coop["ids"], dtype=torch.long)
    weights = load_file(str(TINY / "open_clip_model.safetensors"))
    emb = weights["text.transformer.embeddings.word_embeddings.weight"][ids]
    prefix, suffix = emb[:, :1, :].clone(), emb[:, 1 + n_ctx:, :].clone()

    text = torch.nn.functional.normalize(torch.tensor(coop["features"], dtype=torch.float64), dim=-1)
    images = torch.tensor([im["features"][0] if isinstance(im["features"][0], list) else im["features"]
                           for im in ref["images"]], dtype=torch.float64)
    images = torch.nn.functional.normalize(images, dim=-1)
    logits = float(ref["logit_scale_exp"]) * images @ text.T

    OUT.mkdir(parents=True, exist_ok=True)
    for kind in ("coop", "biomedcoop", "malicious", "biovlm"):
        param = torch.nn.Parameter(ctx.clone())
        if kind == "biovlm":
            # BioVLM saves its prompt learner alone: a bank of 10 contexts and per-member prompt buffers
            bank = 0.02 * torch.randn(10, n_ctx, ctx.shape[1], generator=torch.Generator().manual_seed(7))
            param = torch.nn.Parameter(bank)
            state = OrderedDict([("ctx", bank.clone()),
                                 ("token_prefix", prefix.unsqueeze(0).expand(10, -1, -1, -1)),
                                 ("token_suffix", suffix.unsqueeze(0).expand(10, -1, -1, -1))])
        elif kind == "biomedcoop":
            state = OrderedDict([("prompt_learner.ctx", param.detach().clone()),
                                 ("prompt_learner.token_prefix", prefix), ("prompt_learner.token_suffix", suffix),
                                 ("text_encoder.proj.0.weight", weights["text.proj.0.weight"]),
                                 ("logit_scale", weights["logit_scale"])])
        else:
            state = OrderedDict([("ctx", param.detach().clone()), ("token_prefix", prefix),
                                 ("token_suffix", suffix)])
        ckpt = checkpoint(state, param, Malicious() if kind == "malicious" else None)
        folder = OUT / kind / "prompt_learner"
        folder.mkdir(parents=True, exist_ok=True)
        torch.save(ckpt, folder / "model.pth.tar-100")

    expected = OrderedDict([
        ("source", "tools/make_dassl_fixtures.py from parity/tiny_b/reference.json"),
        ("classnames", names),
        ("images", [im["file"] for im in ref["images"]]),
        ("n_ctx", n_ctx),
        ("logits", [[round(float(v), 6) for v in row] for row in logits]),
    ])
    (OUT / "expected.json").write_text(json.dumps(expected, indent=1) + "\n")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
