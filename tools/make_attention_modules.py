#!/usr/bin/env python3
"""Writes the two TorchScript modules through which the Java towers reach libtorch's fused attention kernel.

DJL 0.35.1 binds no scaled-dot-product-attention operator, but it runs TorchScript modules, and a module's forward
dispatches to the same ATen operator that PyTorch calls (flash attention on CPU, the fused kernels on CUDA). Each
module holds no parameters and one line of TorchScript:

  attention.pt         forward(q, k, v)       = scaled_dot_product_attention(q, k, v)
  masked-attention.pt  forward(q, k, v, mask) = scaled_dot_product_attention(q, k, v, attn_mask=mask)

with q, k, v of shape [batch, heads, tokens, head_dim], the default scale 1 / sqrt(head_dim), and an additive float
mask broadcastable to [batch, heads, tokens, tokens]. The archives are version-3 TorchScript (a text program and
three tiny pickles), which the libtorch 2.7.1 that DJL loads reads. The outputs are committed; CI and users never
run this script. Rerun it from the repository root only to change the modules:

    .venv-ref/bin/python tools/make_attention_modules.py
"""
import os

import torch
import torch.nn.functional as F

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "backbone", "src", "main", "resources",
                   "dev", "bioprompt", "backbone", "attention")


class Attention(torch.nn.Module):
    def forward(self, q: torch.Tensor, k: torch.Tensor, v: torch.Tensor) -> torch.Tensor:
        return F.scaled_dot_product_attention(q, k, v)


class MaskedAttention(torch.nn.Module):
    def forward(self, q: torch.Tensor, k: torch.Tensor, v: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        return F.scaled_dot_product_attention(q, k, v, attn_mask=mask)


def main():
    os.makedirs(OUT, exist_ok=True)
    for name, module in (("attention.pt", Attention()), ("masked-attention.pt", MaskedAttention())):
        path = os.path.join(OUT, name)
        torch.jit.save(torch.jit.script(module), path)
        print(f"wrote {os.path.relpath(path)} ({os.path.getsize(path)} bytes)")


if __name__ == "__main__":
    main()
