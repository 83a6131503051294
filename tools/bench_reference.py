#!/usr/bin/env python3
"""PyTorch/open_clip reference for dev.bioprompt.benchmarks.BackboneBenchmark: the same computations on the same
shapes, at the real BiomedCLIP size (ViT-B/16 12x768, BERT-base 12x768, vocab 30522, embed 512) with random weights.

    .venv-ref/bin/python tools/bench_reference.py [--threads 2] [--image-batch 32] [--image-iters 1]
                                                  [--text-batch 8] [--real-length 16] [--text-iters 3]
                                                  [--full-iters 1]

(see specs/python-reference.md for the virtualenv). Prints seconds per iteration (median) and throughput, in the
same layout as the Java benchmark. The text tower runs the inputs_embeds path with an attention mask, pools the
first token and applies the MLP projection, as the Java encoder does.
"""
import argparse
import json
import statistics
import sys
import tempfile
import time
import types
from pathlib import Path

for _m in ("torchvision._meta_registrations", "torchvision._autograd_registrations"):
    sys.modules.setdefault(_m, types.ModuleType(_m))

import torch  # noqa: E402
import open_clip  # noqa: E402

BERT_BASE = {
    "architectures": ["BertModel"], "model_type": "bert", "vocab_size": 30522, "hidden_size": 768,
    "num_hidden_layers": 12, "num_attention_heads": 12, "intermediate_size": 3072, "hidden_act": "gelu",
    "hidden_dropout_prob": 0.1, "attention_probs_dropout_prob": 0.1, "max_position_embeddings": 512,
    "type_vocab_size": 2, "layer_norm_eps": 1e-12, "pad_token_id": 0,
}


def build_model(folder):
    (folder / "config.json").write_text(json.dumps(BERT_BASE))
    model = open_clip.model.CustomTextCLIP(
        embed_dim=512,
        vision_cfg=dict(timm_model_name="vit_base_patch16_224", timm_model_pretrained=False, timm_pool="",
                        timm_proj="linear", image_size=224),
        text_cfg=dict(hf_model_name=str(folder), hf_tokenizer_name=str(folder), hf_proj_type="mlp",
                      hf_pooler_type="cls_last_hidden_state_pooler", context_length=256, hf_model_pretrained=False),
    )
    return model.eval()


def median_seconds(warmups, iterations, fn):
    for _ in range(warmups):
        fn()
    times = []
    for _ in range(iterations):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def report(what, batch, seconds, unit):
    print(f"{what:<36s} batch {batch:3d}: {seconds:8.3f} s/iter  {batch / seconds:8.2f} {unit}/s")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--image-batch", type=int, default=32)
    ap.add_argument("--image-iters", type=int, default=1)
    ap.add_argument("--text-batch", type=int, default=8)
    ap.add_argument("--real-length", type=int, default=16)
    ap.add_argument("--text-iters", type=int, default=3)
    ap.add_argument("--full-iters", type=int, default=1)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    with tempfile.TemporaryDirectory() as tmp:
        model = build_model(Path(tmp))
    print(f"torch={torch.__version__} open_clip={open_clip.__version__} threads={torch.get_num_threads()} "
          f"attn={model.text.transformer.config._attn_implementation}")

    with torch.no_grad():
        model.encode_image(torch.randn(2, 3, 224, 224))  # warm-up
        pixels = torch.randn(a.image_batch, 3, 224, 224)
        s = median_seconds(0, a.image_iters, lambda: model.encode_image(pixels))
        report("image encoder", a.image_batch, s, "images")

        prompts = 0.02 * torch.randn(a.text_batch, 256, 768)

        def encode(length):
            x = prompts[:, :length]
            mask = torch.ones(a.text_batch, length, dtype=torch.long)
            out = model.text.transformer(inputs_embeds=x, attention_mask=mask)
            return model.text.proj(out.last_hidden_state[:, 0])

        cut = median_seconds(1, a.text_iters, lambda: encode(a.real_length))
        report(f"text encoder, cut to {a.real_length} tokens", a.text_batch, cut, "prompts")
        full = median_seconds(0, a.full_iters, lambda: encode(256))
        report("text encoder, 256 tokens", a.text_batch, full, "prompts")
        print(f"text speed-up from cutting: {full / cut:.1f}x")


if __name__ == "__main__":
    main()
