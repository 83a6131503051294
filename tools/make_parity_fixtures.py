#!/usr/bin/env python3
"""Golden parity fixtures for the Java (DJL) BiomedCLIP backbone.

What it writes
--------------
backbone/src/test/resources/parity/
  images/                      three deterministic test images shared by both models
    gradient_300x260.png       RGB PNG, 300 wide x 260 high (landscape)
    grey_180x240.png           8-bit greyscale ("L") PNG, 180 wide x 240 high (portrait)
    photo_200x150.jpg          RGB JPEG (quality 90, 4:2:0), 200 wide x 150 high
  tiny_a/                      model A, released layout, weights as torch.save zip
    open_clip_config.json      same structure as the released BiomedCLIP config (+ extra vision sizes)
    config.json                BERT config of the tiny text tower
    vocab.txt                  WordPiece vocabulary (no tokenizer.json: Java must build it)
    open_clip_pytorch_model.bin  torch.save(state_dict) (zip); ALSO holds the int64 buffer
                               text.transformer.embeddings.position_ids [1, max_pos] that old checkpoints
                               carry; a loader must skip it
    reference.json             expected values (schema: see write_reference / tools/README.md)
  tiny_b/                      model B, same towers, other seed, image_size 64, max_position_embeddings 256
    open_clip_config.json, config.json, vocab.txt
    tokenizer.json             written by the HF `tokenizers` library from vocab.txt
    open_clip_model.safetensors  safetensors.torch.save_file(state_dict) (no position_ids buffer)
    reference.json

How to run (nobody needs to: the outputs are committed; rerun only to change them)
----------
    python3 -m venv .venv-ref
    .venv-ref/bin/pip install --index-url "$(pip config get global.extra-index-url | awk '{print $1}')" \
        torch open_clip_torch timm transformers safetensors numpy pillow tokenizers
    .venv-ref/bin/python tools/make_parity_fixtures.py            # from the repository root
    .venv-ref/bin/python tools/make_parity_fixtures.py --out DIR  # write elsewhere (e.g. to diff)

Verified with torch 2.13.0+cpu, open_clip_torch 3.3.0, timm 1.0.29, transformers 5.18.0, tokenizers 0.23.2,
safetensors 0.8.0, numpy 2.4.6, pillow 12.3.0. Everything is seeded, runs single-threaded on CPU in float32
with the models in eval mode; two runs give byte-identical files.

Model (both A and B) -- a tiny BiomedCLIP: open_clip.model.CustomTextCLIP, embed_dim 64
  vision: timm VisionTransformer registered here as `vit_parity_w128_d2_patch16_{224|64}` (timm_pool "",
          timm_proj "linear", proj bias False): patch 16, width 128, depth 2, 2 heads (head dim 64),
          mlp_ratio 2 (fc1 128->256), qkv_bias True, class token, pos_embed incl. class position,
          LayerNorm eps 1e-6, global_pool 'token' (CLS after final norm), head.proj Linear(128->64, no bias).
          image_size 224 for A (197 tokens), 64 for B (17 tokens): the Java side must read image_size from
          open_clip_config.json / infer the grid from pos_embed, not hard-code 224.
  text:   HF BertModel from the local config.json: hidden 128, 2 layers, 2 heads (head dim 64),
          intermediate 256, gelu, layer_norm_eps 1e-12, max_position_embeddings 512 (A) / 256 (B),
          type_vocab_size 2, pad_token_id 0, no pooler layer; eager attention.
          pooler cls_last_hidden_state_pooler (last_hidden_state[:, 0]); proj "mlp":
          Linear(128->96, no bias) -> GELU(erf) -> Linear(96->64, no bias)  (96 = (128+64)//2).
  The MLP widths are 2x (not 4x as in the real model) only to keep the committed files small.
  Weights (seeded torch.Generator, parameters visited in named_parameters() order):
    LayerNorm gains 1 + 0.2*N(0,1); LayerNorm biases 0.1*N(0,1); other biases 0.05*N(0,1);
    Linear / Conv weights N(0,1)/sqrt(fan_in); cls_token, pos_embed and the three BERT embedding tables
    0.5*N(0,1); logit_scale = ln(50) (stored raw, i.e. as the log).

Text tokenisation (what open_clip's HFTokenizer does, recorded for every test text)
  1. clean: ftfy.fix_text, then html.unescape twice, then strip, then " ".join(text.split())
     (so "&amp;" becomes "&", curly quotes become straight quotes, tabs/newlines/runs of spaces collapse).
  2. BERT uncased WordPiece (lowercase, strip accents via NFD, CJK chars split, punctuation split,
     greedy longest-match with "##" continuation, a word that cannot be fully matched -> one [UNK]).
  3. [CLS] tokens [SEP], truncated to 256 (so at most 254 word pieces), padded with [PAD]=0 to 256.
  attention mask = (ids != 0).

Image preprocessing (open_clip eval transform, image_transform(image_size, is_train=False))
  Resize(image_size, BICUBIC) on the shorter side (torchvision on a PIL image -> PIL Image.resize with
  BICUBIC, which antialiases when downscaling); the longer side becomes int(image_size * long / short)
  (truncation). CenterCrop(image_size): top = int(round((h - size) / 2.0)), left likewise -- Python round()
  is round-half-to-even, e.g. round(4.5) = 4, round(10.5) = 10 (Java Math.round gives 5 / 11!).
  Then convert to RGB (after the resize: a greyscale image is resized in "L" mode), ToTensor (uint8/255),
  Normalize with the OpenAI CLIP mean/std. reference.json records the resized size and the crop offsets.

Synthetic image input (so Java can separate preprocessing error from model error)
  x has shape [2, 3, S, S] (S = image_size), C order; for flat index i:
      u = ((i * 2654435761 + 12345) mod 2^32) / 2^32 ;  x_i = float32(4*u - 2)
  (exact in double, then one rounding to float32; reproducible bit-for-bit in Java with long arithmetic).

CoOp text prompts (spec 1.8)
  prompts "X X X X {classname}." for 3 class names; ids = tokenizer(prompts) [3, 256];
  emb = word_embeddings(ids) (raw word vectors only); prefix = emb[:, :1]; suffix = emb[:, 1+4:];
  inputs_embeds = cat(prefix, ctx.expand(3, 4, W), suffix) [3, 256, W];
  h = BertModel(inputs_embeds=..., attention_mask=(ids != 0)) -- HF still adds position (0..255) and
  token_type(0) embeddings and applies embeddings.LayerNorm; feat = text.proj(h.last_hidden_state[:, 0]).
  loss = sum(feat * R); we record d loss / d ctx.

Deep visual prompts (spec 1.9), P = [P_0 .. P_{L-1}], each [n_p = 2, W], no positional embedding on prompts.
  Stem (unchanged): x = norm_pre(patch_drop(_pos_embed(patch_embed(img))))   -> [B, 1+N, W], CLS first.
  Then for each block l = 0 .. L-1, modify x, then x = blocks[l](x):
    INSERT    (VPT-deep):  l == 0: x = cat(x[:, :1], P_0, x[:, 1:])            -> [B, 1+n_p+N, W]
                           l >  0: x = cat(x[:, :1], P_l, x[:, 1+n_p:])        (replace the prompt slots)
    OVERWRITE (Biomed-DPT `CLIP_Inplanted`): every l (including 0): x = cat(x[:, :1], P_l, x[:, 1+n_p:])
                           i.e. the length stays 1+N and the first n_p PATCH tokens (after positional
                           embedding) are overwritten and lost. (Biomed-DPT also writes a separate
                           "shallow" prompt into those slots before block 0, but deep prompt 0 immediately
                           overwrites it, so it has no effect and is not modelled.)
    APPEND    (MaPLe-style): l == 0: x = cat(x, P_0)                          -> [B, 1+N+n_p, W]
                           l >  0: x = cat(x[:, :-n_p], P_l)                  (replace the last n_p tokens)
  After the last block: x = trunk.norm(x) (all tokens), feat = head.proj(x[:, 0]).
  loss = sum(feat * R2); we record d loss / d P_l for every l.
"""
import argparse
import html  # noqa: F401  (documentation: open_clip's clean uses html.unescape)
import json
import math
import os
import shutil
import sys
import types
from collections import OrderedDict
from pathlib import Path

# The mirror's torchvision wheel is a CUDA build next to a CPU torch: stub its native-op registrations
# before anything imports torchvision (open_clip needs only its transforms).
for _m in ("torchvision._meta_registrations", "torchvision._autograd_registrations"):
    sys.modules.setdefault(_m, types.ModuleType(_m))

import numpy as np  # noqa: E402
import torch  # noqa: E402
from PIL import Image  # noqa: E402

import timm  # noqa: E402
from timm.models import register_model  # noqa: E402
from timm.models.vision_transformer import _create_vision_transformer  # noqa: E402
import open_clip  # noqa: E402
from open_clip.constants import OPENAI_DATASET_MEAN, OPENAI_DATASET_STD  # noqa: E402
from open_clip.transform import image_transform  # noqa: E402
from open_clip.tokenizer import HFTokenizer  # noqa: E402
import safetensors.torch  # noqa: E402
from tokenizers import BertWordPieceTokenizer  # noqa: E402

torch.set_num_threads(1)
torch.use_deterministic_algorithms(True)

CONTEXT_LENGTH = 256
EMBED_DIM = 64
WIDTH = 128
HEADS = 2
LAYERS = 2
MLP_HIDDEN = 256
N_CTX = 4
N_VPROMPT = 2

MODELS = [
    # name, seed, image size, BERT max_position_embeddings, weight file format
    dict(name="tiny_a", seed=1234, image_size=224, max_pos=512, fmt="bin"),
    dict(name="tiny_b", seed=5678, image_size=64, max_pos=256, fmt="safetensors"),
]

TEXTS = [
    ("A photo of a Tumor.", "uppercase"),
    ("Café au lait spots on the Skin", "accent: Café -> cafe"),
    ("  a   photo\tof \n the  LIVER,  (CT-scan)!  ", "extra whitespace, tab, newline, punctuation"),
    ("Adenocarcinoma seen in a zebra lung 肺 sample", "## pieces, out-of-vocabulary word -> [UNK], CJK char -> [UNK]"),
    ("Histopathology &amp; \u201cMRI\u201d images: 3.5 cm lesion", "html entity and curly quotes (ftfy/html clean)"),
    (" ".join(["the chest x-ray shows a small nodule in the left lung."] * 25), "longer than the context: truncated"),
    ("", "empty text"),
]

COOP_CLASSNAMES = ["tumor", "normal tissue", "adenocarcinoma"]

# BiomedCLIP / PubMedBERT order for the special tokens, then punctuation, digits, letters, words, pieces.
SPECIALS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
PUNCT = list("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
DIGITS = list("0123456789")
LETTERS = list("abcdefghijklmnopqrstuvwxyz")
WORDS = """the of and in a to is with for on as by was are from that at an be this or which were these
not has have it its their between after than also using both all can may more most other such into
patients patient study results cases case disease diseases clinical treatment analysis data group groups
cell cells tissue tissues normal tumor tumors cancer carcinoma lesion lesions mass nodule nodules
benign malignant metastasis metastatic biopsy histology pathology histopathology stain staining slide
image images photo photograph picture scan scans ct mri x ray rays radiograph ultrasound endoscopy
chest lung lungs liver kidney brain heart breast skin bone blood colon gland
left right small large shows show seen visible sample samples spot spots cafe au lait
cm mm size sign signs level levels high low increased decreased area region regions
pneumonia covid fracture edema effusion retina fundus eye polyp polyps dermoscopy melanoma
""".split()
PIECES = """##s ##es ##ed ##ing ##ly ##al ##ic ##ar ##ous ##ation ##ma ##oma ##omas ##carcinoma
##logy ##logical ##graphy ##scopy ##itis ##osis ##ia ##ion ##er ##ers ##ity ##ive ##um ##us
##a ##e ##i ##o ##y ##1 ##2 ##3 ##4 ##5 ##6 ##7 ##8 ##9 ##0""".split()
EXTRA_WORDS = "adeno histo patho path".split()


def build_vocab():
    seen, out = set(), []
    for tok in SPECIALS + PUNCT + DIGITS + LETTERS + WORDS + EXTRA_WORDS + PIECES:
        if tok not in seen:
            seen.add(tok)
            out.append(tok)
    # pad to a round size with unused tokens, as BERT vocabularies do
    i = 0
    while len(out) < 320:
        out.append(f"[unused{i}]")
        i += 1
    return out


# ----------------------------------------------------------------------------------------------------------
# timm models of the wanted size (open_clip's TimmModel does not forward image_size, so bake it into the name)

def _register_vit(img_size):
    def fn(pretrained=False, **kwargs):
        args = dict(img_size=img_size, patch_size=16, embed_dim=WIDTH, depth=LAYERS, num_heads=HEADS,
                    mlp_ratio=MLP_HIDDEN / WIDTH, qkv_bias=True, class_token=True, global_pool="token")
        args.update(kwargs)
        return _create_vision_transformer("vit_tiny_patch16_224", pretrained=False, **args)

    fn.__name__ = f"vit_parity_w128_d2_patch16_{img_size}"
    fn.__qualname__ = fn.__name__
    register_model(fn)
    return fn.__name__


# ----------------------------------------------------------------------------------------------------------
# JSON with float32 values written in their shortest round-trip form, compact arrays, readable layout

def f32list(t):
    a = np.asarray(t.detach().cpu().numpy() if isinstance(t, torch.Tensor) else t, dtype=np.float32)
    flat = [float(str(v)) for v in a.reshape(-1)]  # str(np.float32) = shortest repr that round-trips
    return np.array(flat, dtype=object).reshape(a.shape).tolist() if a.ndim else flat[0]


def intlist(t):
    a = t.detach().cpu().numpy() if isinstance(t, torch.Tensor) else np.asarray(t)
    return a.astype(np.int64).tolist()


def dump_json(obj, path):
    def enc(o, ind):
        pad = " " * ind
        if isinstance(o, dict):
            if not o:
                return "{}"
            items = [f'{pad} {json.dumps(k)}: {enc(v, ind + 1)}' for k, v in o.items()]
            return "{\n" + ",\n".join(items) + "\n" + pad + "}"
        if isinstance(o, list) and any(isinstance(e, dict) for e in o):
            items = [pad + " " + enc(e, ind + 1) for e in o]
            return "[\n" + ",\n".join(items) + "\n" + pad + "]"
        return json.dumps(o, ensure_ascii=False, separators=(",", ":"), allow_nan=False)

    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(enc(obj, 0) + "\n")


# ----------------------------------------------------------------------------------------------------------

def bert_config(vocab_size, max_pos):
    return OrderedDict([
        ("architectures", ["BertModel"]),
        ("model_type", "bert"),
        ("vocab_size", vocab_size),
        ("hidden_size", WIDTH),
        ("num_hidden_layers", LAYERS),
        ("num_attention_heads", HEADS),
        ("intermediate_size", MLP_HIDDEN),
        ("hidden_act", "gelu"),
        ("hidden_dropout_prob", 0.1),
        ("attention_probs_dropout_prob", 0.1),
        ("max_position_embeddings", max_pos),
        ("type_vocab_size", 2),
        ("initializer_range", 0.02),
        ("layer_norm_eps", 1e-12),
        ("pad_token_id", 0),
        ("position_embedding_type", "absolute"),
        ("do_lower_case", True),
    ])


def open_clip_config(timm_name, image_size):
    return OrderedDict([
        ("model_cfg", OrderedDict([
            ("embed_dim", EMBED_DIM),
            ("vision_cfg", OrderedDict([
                ("timm_model_name", timm_name),
                ("timm_model_pretrained", False),
                ("timm_pool", ""),
                ("timm_proj", "linear"),
                ("image_size", image_size),
                # extras for the Java reader; all are CLIPVisionCfg fields (no "heads": open_clip would
                # reject the config), and open_clip ignores them for timm towers. heads = width / head_width.
                ("width", WIDTH), ("layers", LAYERS), ("head_width", WIDTH // HEADS), ("patch_size", 16),
                ("mlp_ratio", MLP_HIDDEN / WIDTH),
            ])),
            ("text_cfg", OrderedDict([
                # the fixture's BERT config and vocab live in this folder (config.json, vocab.txt)
                ("hf_model_name", "bioprompt/parity-tiny-bert-uncased"),
                ("hf_tokenizer_name", "bioprompt/parity-tiny-bert-uncased"),
                ("hf_proj_type", "mlp"),
                ("hf_pooler_type", "cls_last_hidden_state_pooler"),
                ("context_length", CONTEXT_LENGTH),
            ])),
        ])),
        ("preprocess_cfg", OrderedDict([
            ("mean", list(OPENAI_DATASET_MEAN)),
            ("std", list(OPENAI_DATASET_STD)),
        ])),
    ])


def build_model(folder, timm_name, image_size):
    model = open_clip.model.CustomTextCLIP(
        embed_dim=EMBED_DIM,
        vision_cfg=dict(timm_model_name=timm_name, timm_model_pretrained=False, timm_pool="",
                        timm_proj="linear", image_size=image_size),
        text_cfg=dict(hf_model_name=str(folder), hf_tokenizer_name=str(folder), hf_proj_type="mlp",
                      hf_pooler_type="cls_last_hidden_state_pooler", context_length=CONTEXT_LENGTH,
                      hf_model_pretrained=False),
    )
    model.text.transformer.config._attn_implementation = "eager"
    return model.eval()


def init_weights(model, seed):
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for name, p in model.named_parameters():
            n = lambda: torch.randn(p.shape, generator=g, dtype=torch.float32)  # noqa: E731
            leaf = name.split(".")
            is_ln = any(s in ("norm", "norm1", "norm2", "LayerNorm") for s in leaf[-2:-1])
            if name == "logit_scale":
                p.fill_(math.log(50.0))
            elif is_ln and leaf[-1] == "weight":
                p.copy_(1.0 + 0.2 * n())
            elif is_ln and leaf[-1] == "bias":
                p.copy_(0.1 * n())
            elif leaf[-1] == "bias":
                p.copy_(0.05 * n())
            elif name.endswith(("cls_token", "pos_embed")) or "embeddings" in leaf[-2]:
                p.copy_(0.5 * n())
            else:
                fan_in = int(np.prod(p.shape[1:]))
                p.copy_(n() / math.sqrt(fan_in))


def synthetic_input(batch, size):
    count = batch * 3 * size * size
    i = np.arange(count, dtype=np.uint64)
    u = ((i * np.uint64(2654435761) + np.uint64(12345)) % np.uint64(2 ** 32)).astype(np.float64) / 2.0 ** 32
    return torch.from_numpy((4.0 * u - 2.0).astype(np.float32).reshape(batch, 3, size, size))


# ----------------------------------------------------------------------------------------------------------
# images

def make_images(img_dir):
    img_dir.mkdir(parents=True, exist_ok=True)
    rs = np.random.RandomState(20240601)
    # 1) RGB gradient with a sine pattern and random rectangles, 300 x 260
    h, w = 260, 300
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float64)
    r = 255 * xx / (w - 1)
    gch = 255 * yy / (h - 1)
    b = 127.5 + 100 * np.sin(xx / 9.0) * np.cos(yy / 13.0)
    rgb = np.stack([r, gch, b], axis=-1)
    for _ in range(6):
        y0, x0 = rs.randint(0, h - 40), rs.randint(0, w - 40)
        rgb[y0:y0 + rs.randint(10, 40), x0:x0 + rs.randint(10, 40)] = rs.randint(0, 256, size=3)
    Image.fromarray(np.clip(np.rint(rgb), 0, 255).astype(np.uint8), "RGB").save(
        img_dir / "gradient_300x260.png", optimize=False, compress_level=9)
    # 2) greyscale ("L") 180 x 240 (width 180, height 240): radial pattern plus a bright square
    h, w = 240, 180
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float64)
    rad = np.sqrt((yy - 100) ** 2 + (xx - 80) ** 2)
    grey = 128 + 90 * np.cos(rad / 7.0) * np.exp(-rad / 150.0)
    grey[150:190, 30:70] = 250
    Image.fromarray(np.clip(np.rint(grey), 0, 255).astype(np.uint8), "L").save(
        img_dir / "grey_180x240.png", optimize=False, compress_level=9)
    # 3) RGB JPEG 200 x 150: smooth colours and a few shapes (smooth keeps decoder differences small)
    h, w = 150, 200
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float64)
    jr = 128 + 100 * np.sin(xx / 23.0)
    jg = 128 + 100 * np.cos(yy / 17.0)
    jb = 128 + 60 * np.sin((xx + yy) / 31.0)
    jpg = np.stack([jr, jg, jb], axis=-1)
    jpg[40:90, 120:170] = [200, 40, 60]
    Image.fromarray(np.clip(np.rint(jpg), 0, 255).astype(np.uint8), "RGB").save(
        img_dir / "photo_200x150.jpg", quality=90, subsampling="4:2:0", optimize=False)
    return ["gradient_300x260.png", "grey_180x240.png", "photo_200x150.jpg"]


def resize_geometry(w, h, size):
    """torchvision Resize(int) + CenterCrop(int) geometry (what open_clip's eval transform does)."""
    if w <= h:
        nw, nh = size, int(size * h / w)
    else:
        nw, nh = int(size * w / h), size
    top = int(round((nh - size) / 2.0))
    left = int(round((nw - size) / 2.0))
    return (nw, nh), (left, top)


# ----------------------------------------------------------------------------------------------------------
# prompt forwards

def coop_forward(model, ids, ctx):
    text = model.text
    emb = text.transformer.embeddings.word_embeddings(ids)
    prefix, suffix = emb[:, :1, :], emb[:, 1 + N_CTX:, :]
    x = torch.cat([prefix, ctx.unsqueeze(0).expand(ids.shape[0], -1, -1), suffix], dim=1)
    out = text.transformer(inputs_embeds=x, attention_mask=(ids != 0).long())
    return text.proj(out.last_hidden_state[:, 0, :])


def visual_prompt_forward(model, img, prompts, mode):
    trunk = model.visual.trunk
    x = trunk.patch_embed(img)
    x = trunk._pos_embed(x)
    x = trunk.patch_drop(x)
    x = trunk.norm_pre(x)
    bsz = x.shape[0]
    for layer, blk in enumerate(trunk.blocks):
        if mode != "none":
            p = prompts[layer].unsqueeze(0).expand(bsz, -1, -1)
            n = p.shape[1]
            if mode == "insert":
                x = torch.cat([x[:, :1], p, x[:, 1:]], 1) if layer == 0 else torch.cat([x[:, :1], p, x[:, 1 + n:]], 1)
            elif mode == "overwrite":
                x = torch.cat([x[:, :1], p, x[:, 1 + n:]], 1)
            elif mode == "append":
                x = torch.cat([x, p], 1) if layer == 0 else torch.cat([x[:, :-n], p], 1)
            else:
                raise ValueError(mode)
        x = blk(x)
    x = trunk.norm(x)
    return model.visual.head(x[:, 0])


# ----------------------------------------------------------------------------------------------------------

def stats(t):
    t = t.detach()
    return OrderedDict([
        ("mean", f32list(t.mean(dim=(-1, -2)))),
        ("std", f32list(t.std(dim=(-1, -2), unbiased=False))),
        ("min", f32list(t.amin(dim=(-1, -2)))),
        ("max", f32list(t.amax(dim=(-1, -2)))),
    ])


def make_one(spec, out_root, vocab, image_files, img_dir):
    name, seed, size, max_pos = spec["name"], spec["seed"], spec["image_size"], spec["max_pos"]
    folder = out_root / name
    folder.mkdir(parents=True, exist_ok=True)
    timm_name = _register_vit(size)

    (folder / "vocab.txt").write_text("".join(t + "\n" for t in vocab), encoding="utf-8")
    dump_json(bert_config(len(vocab), max_pos), folder / "config.json")
    dump_json(open_clip_config(timm_name, size), folder / "open_clip_config.json")

    # the HF tokenizer (tokenizer.json) -- committed for model B only, used for both to tokenize
    wp = BertWordPieceTokenizer(vocab={t: i for i, t in enumerate(vocab)}, unk_token="[UNK]", sep_token="[SEP]",
                                cls_token="[CLS]", pad_token="[PAD]", mask_token="[MASK]", clean_text=True,
                                handle_chinese_chars=True, strip_accents=None, lowercase=True)
    tok_dir = folder if spec["fmt"] == "safetensors" else out_root / ("_tmp_tok_" + name)
    tok_dir.mkdir(parents=True, exist_ok=True)
    wp.save(str(tok_dir / "tokenizer.json"))
    if tok_dir != folder:
        shutil.copy(folder / "config.json", tok_dir / "config.json")
        shutil.copy(folder / "vocab.txt", tok_dir / "vocab.txt")
    tokenizer = HFTokenizer(str(tok_dir), context_length=CONTEXT_LENGTH)  # open_clip's own wrapper

    torch.manual_seed(seed)
    model = build_model(folder, timm_name, size)
    init_weights(model, seed)
    model.eval()

    # ---- weights in the released layout
    sd = model.state_dict()
    if spec["fmt"] == "bin":
        sd2 = OrderedDict()
        for k, v in sd.items():
            if k == "text.transformer.embeddings.word_embeddings.weight":
                sd2["text.transformer.embeddings.position_ids"] = torch.arange(max_pos, dtype=torch.int64)[None]
            sd2[k] = v
        wpath = folder / "open_clip_pytorch_model.bin"
        torch.save(sd2, wpath)
        loaded = torch.load(wpath, map_location="cpu", weights_only=True)
        loaded.pop("text.transformer.embeddings.position_ids")
    else:
        wpath = folder / "open_clip_model.safetensors"
        safetensors.torch.save_file({k: v.contiguous() for k, v in sd.items()}, str(wpath), metadata={"format": "pt"})
        loaded = safetensors.torch.load_file(str(wpath))
    model2 = build_model(folder, timm_name, size)
    model2.load_state_dict(loaded, strict=True)
    model2.eval()

    ref = OrderedDict()
    ref["model"] = name
    ref["description"] = ("Golden values for the tiny BiomedCLIP fixture; float32, torch eval mode, "
                          "written by tools/make_parity_fixtures.py (see its docstring for the exact math).")
    ref["weights_file"] = wpath.name
    ref["image_size"] = size
    ref["context_length"] = CONTEXT_LENGTH
    ref["embed_dim"] = EMBED_DIM
    ref["width"] = WIDTH
    ref["logit_scale"] = f32list(model.logit_scale)
    ref["logit_scale_exp"] = f32list(model.logit_scale.exp())
    ref["special_ids"] = OrderedDict((t, vocab.index(t)) for t in SPECIALS)
    ref["vocab_size"] = len(vocab)

    with torch.no_grad():
        # ---- 1 + 2: tokenizer and text features
        raw_texts = [t for t, _ in TEXTS]
        ids = tokenizer(raw_texts)
        # independent check: tokenizers library + open_clip's clean fn + manual [CLS]/[SEP]/pad
        for k, t in enumerate(raw_texts):
            enc = wp.encode(tokenizer.clean_fn(t), add_special_tokens=False)
            man = [2] + enc.ids[:CONTEXT_LENGTH - 2] + [3]
            man += [0] * (CONTEXT_LENGTH - len(man))
            assert man == ids[k].tolist(), (t, man[:20], ids[k][:20])
        mask = (ids != 0).long()
        tfeat = model.encode_text(ids)
        assert torch.equal(tfeat, model2.encode_text(ids)), "weights file round trip changed text features"
        texts_out = []
        for k, (t, note) in enumerate(TEXTS):
            n_real = int(mask[k].sum())
            texts_out.append(OrderedDict([
                ("text", t),
                ("note", note),
                ("cleaned", tokenizer.clean_fn(t)),
                ("tokens", [vocab[i] for i in ids[k, :n_real].tolist()]),
                ("num_tokens", n_real),
                ("ids", intlist(ids[k])),
                ("attention_mask", intlist(mask[k])),
                ("features", f32list(tfeat[k])),
            ]))
        ref["texts"] = texts_out

        # ---- 3: images
        mean, std = list(OPENAI_DATASET_MEAN), list(OPENAI_DATASET_STD)
        tf = image_transform(size, is_train=False, mean=mean, std=std)
        pixels, imgs_out = [], []
        for fname in image_files:
            with Image.open(img_dir / fname) as im:
                im.load()
                (rw, rh), (left, top) = resize_geometry(im.width, im.height, size)
                pre = tf(im)
                # check the documented geometry against a direct PIL replication
                direct = im.resize((rw, rh), Image.BICUBIC).crop((left, top, left + size, top + size)).convert("RGB")
                d = torch.from_numpy(np.asarray(direct, dtype=np.float32) / 255.0).permute(2, 0, 1)
                d = (d - torch.tensor(mean)[:, None, None]) / torch.tensor(std)[:, None, None]
                assert torch.allclose(d, pre, atol=1e-6), fname
                decoded = np.asarray(im.convert("RGB"), dtype=np.float64)
                entry = OrderedDict([
                    ("file", "../images/" + fname),
                    ("original_size_wh", [im.width, im.height]),
                    ("mode", im.mode),
                    ("decoded_rgb_mean", [float(str(np.float32(v))) for v in decoded.mean(axis=(0, 1))]),
                    ("resized_size_wh", [rw, rh]),
                    ("crop_left_top", [left, top]),
                    ("preprocessed_stats", stats(pre)),
                ])
            pixels.append(pre)
            imgs_out.append(entry)
        batch = torch.stack(pixels)
        ifeat = model.encode_image(batch)
        assert torch.equal(ifeat, model2.encode_image(batch)), "weights file round trip changed image features"
        for k, e in enumerate(imgs_out):
            e["features"] = f32list(ifeat[k])
        # preprocessed tensor of the first image: full for small image sizes, a strided sample otherwise
        if size <= 64:
            imgs_out[0]["preprocessed"] = f32list(batch[0])
        else:
            imgs_out[0]["preprocessed_stride"] = 7
            imgs_out[0]["preprocessed_strided"] = f32list(batch[0, :, ::7, ::7])
        ref["images"] = imgs_out

        # synthetic input
        x = synthetic_input(2, size)
        sfeat = model.encode_image(x)
        assert torch.allclose(visual_prompt_forward(model, x, None, "none"), sfeat, atol=1e-6)
        ref["synthetic_image"] = OrderedDict([
            ("shape", list(x.shape)),
            ("formula", "i = flat C-order index; u = ((i*2654435761 + 12345) mod 2^32) / 2^32; x = float32(4*u - 2)"),
            ("first_values", f32list(x.reshape(-1)[:8])),
            ("sum", f32list(x.double().sum().float())),
            ("features", f32list(sfeat)),
        ])

    # ---- 4: CoOp text prompts
    g = torch.Generator().manual_seed(seed + 1)
    prompts = [" ".join(["X"] * N_CTX) + " " + c + "." for c in COOP_CLASSNAMES]
    cids = tokenizer(prompts)
    ctx = (0.5 * torch.randn(N_CTX, WIDTH, generator=g)).requires_grad_(True)
    rw_ = torch.randn(len(prompts), EMBED_DIM, generator=g)
    cfeat = coop_forward(model, cids, ctx)
    (cfeat * rw_).sum().backward()
    with torch.no_grad():
        x_emb = model.text.transformer.embeddings.word_embeddings.weight[vocab.index("x")]
        same = coop_forward(model, cids, x_emb.unsqueeze(0).expand(N_CTX, -1))
        from_ids = model.encode_text(cids)
        assert torch.allclose(same, from_ids, atol=1e-5)
    ref["coop"] = OrderedDict([
        ("n_ctx", N_CTX),
        ("classnames", COOP_CLASSNAMES),
        ("prompts", prompts),
        ("tokens", [[vocab[i] for i in row[row != 0].tolist()] for row in cids]),
        ("ids", intlist(cids)),
        ("attention_mask", intlist((cids != 0).long())),
        ("ctx", f32list(ctx)),
        ("features", f32list(cfeat)),
        ("R", f32list(rw_)),
        ("grad_ctx", f32list(ctx.grad)),
        ("features_from_ids", f32list(from_ids)),
    ])

    # ---- 5: deep visual prompts
    g = torch.Generator().manual_seed(seed + 2)
    vprompts = [torch.randn(N_VPROMPT, WIDTH, generator=g) for _ in range(LAYERS)]
    r2 = torch.randn(2, EMBED_DIM, generator=g)
    x = synthetic_input(2, size)
    vp = OrderedDict([
        ("n_prompts", N_VPROMPT),
        ("input", "synthetic_image"),
        ("prompts", [f32list(p) for p in vprompts]),
        ("R2", f32list(r2)),
    ])
    for mode in ("insert", "overwrite", "append"):
        ps = [p.clone().requires_grad_(True) for p in vprompts]
        feat = visual_prompt_forward(model, x, ps, mode)
        (feat * r2).sum().backward()
        vp[mode] = OrderedDict([
            ("features", f32list(feat)),
            ("grad_prompts", [f32list(p.grad) for p in ps]),
        ])
    ref["visual_prompts"] = vp

    dump_json(ref, folder / "reference.json")
    if tok_dir != folder:
        shutil.rmtree(tok_dir)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    repo = Path(__file__).resolve().parent.parent
    ap.add_argument("--out", default=str(repo / "backbone/src/test/resources/parity"))
    args = ap.parse_args()
    out_root = Path(args.out)
    for sub in ["images"] + [m["name"] for m in MODELS]:  # only what this script owns
        if (out_root / sub).exists():
            shutil.rmtree(out_root / sub)
    out_root.mkdir(parents=True, exist_ok=True)
    vocab = build_vocab()
    img_dir = out_root / "images"
    image_files = make_images(img_dir)
    for spec in MODELS:
        make_one(spec, out_root, vocab, image_files, img_dir)
    print(f"wrote {out_root}")


if __name__ == "__main__":
    main()
