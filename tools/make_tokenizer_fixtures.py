#!/usr/bin/env python3
"""Writes the tokenizer fixtures of backbone/src/test/resources/tokenizer/ and the HTML entity table that
the Java text cleaner needs (backbone/src/main/resources/dev/bioprompt/backbone/text/html-entities.json).

The reference is open_clip's own HFTokenizer (clean='whitespace': ftfy.fix_text, html.unescape twice, strip,
collapse whitespace; then the HF BERT tokenizer with max_length=context_length, padding='max_length',
truncation=True). Run from the repository root with the Python reference environment:
    .venv-ref/bin/python tools/make_tokenizer_fixtures.py
"""
import html
import html.entities
import json
import os
import shutil
import sys
import tempfile
import types

for _m in ("torchvision._meta_registrations", "torchvision._autograd_registrations"):
    sys.modules.setdefault(_m, types.ModuleType(_m))

import ftfy.chardata  # noqa: E402
from open_clip.tokenizer import HFTokenizer  # noqa: E402
from tokenizers import BertWordPieceTokenizer  # noqa: E402

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
TEST_OUT = os.path.join(ROOT, "backbone", "src", "test", "resources", "tokenizer")
MAIN_OUT = os.path.join(ROOT, "backbone", "src", "main", "resources", "dev", "bioprompt", "backbone", "text")

SPECIALS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
WORDS = """a photo of the tumor skin cafe au lait spots on liver ct scan seen in lung sample histopathology mri
images cm lesion bold tags b and fibrosis naive resume aesthetic angstrom zero width soft hyphen non breaking
tab vertical null del red next line sep crlf covid sars cov p weighted t synuclein amyloid mg kg x size eleve
normal tissue chest ray shows small nodule left right with without is are an to for by at from benign malignant
glioma meningioma pituitary brain scan weighted contrast enhanced copy not it tumour pneumonia cell cells""".split()
PIECES = "##carcinoma ##s ##ing ##ed ##ous ##oma ##itis ##ia ##al ##ly ##er ##ation".split()
EXTRA = ["肺", "癌", "α", "β", "μ", "µ", "…", "—", "ß", "©", "®", "°", "±", "×"]


def build_vocab():
    vocab = list(SPECIALS)
    vocab += [chr(c) for c in range(33, 127) if not chr(c).isupper()]
    vocab += ["##" + chr(c) for c in range(ord("a"), ord("z") + 1)]
    vocab += ["##" + str(d) for d in range(10)]
    for w in WORDS + PIECES + EXTRA:
        if w not in vocab:
            vocab.append(w)
    vocab += ["[unused%d]" % i for i in range(400 - len(vocab))]
    return vocab


TEXTS = [
    "A photo of a Tumor.",
    "Café au lait spots on the Skin",
    "  a   photo\tof \n the  LIVER,  (CT-scan)!  ",
    "Adenocarcinoma seen in a zebra lung 肺癌 sample",
    "Histopathology &amp; \u201cMRI\u201d images: 3.5 cm lesion",
    "&amp;amp; &lt;b&gt; &#233;l&#xE8;ve &copy &notit; &NTILDE; &#128; &#0; &bogus;",
    "<b>bold</b> &amp; tags &lt;",
    "\uff2d\uff32\uff29 \uff53\uff43\uff41\uff4e\u3000of the \ufb01brosis",
    "naïve résumé ÆSTHETIC Straße ÅNGSTRÖM",
    "zero\u200bwidth soft\u00adhyphen non\u00a0breaking\u202fnarrow",
    "tab\x0bvertical\x00null\x7fdel \x1b[31mred\x1b[0m text",
    "\x85next line \u2028 line sep \r\n crlf \x96 dash",
    "pneumono" * 15 + " is a long word",
    "COVID-19 (SARS-CoV-2) p<0.05; T2-weighted MRI @ 3T \u2014 50% \u2191 \u2018quoted\u2019",
    "lesion \U0001F52C size \u00a9 2024",
    "\u03b1-synuclein and \u03b2-amyloid 5 \u00b5m vs 5 \u03bcm",
    "1,000.5 mg/kg x10^3 \u00b1 0.2 \u00d7 4",
    "",
    "   \t\n  ",
    "glioma meningioma pituitary normal brain",
    "a [MASK] in the [unused3] lung [cls]",
    ("the chest x-ray shows a small nodule in the left lung. " * 30).strip(),
]

CONTEXT_LENGTHS = [256, 16]


def write_entities():
    os.makedirs(MAIN_OUT, exist_ok=True)
    upper_extra = {k[1:]: v for k, v in ftfy.chardata.HTML_ENTITIES.items() if k[1:] not in html.entities.html5}
    table = {
        "html5": dict(sorted(html.entities.html5.items())),
        "ftfy_uppercase": dict(sorted(upper_extra.items())),
        "invalid_charrefs": {str(k): v for k, v in sorted(html._invalid_charrefs.items())},
        "invalid_codepoints": sorted(html._invalid_codepoints),
    }
    with open(os.path.join(MAIN_OUT, "html-entities.json"), "w", encoding="utf-8") as f:
        json.dump(table, f, ensure_ascii=True, separators=(",", ":"))
        f.write("\n")


def main():
    write_entities()
    vocab = build_vocab()
    vocab_only = os.path.join(TEST_OUT, "vocab_only")
    with_json = os.path.join(TEST_OUT, "with_tokenizer_json")
    for d in (vocab_only, with_json):
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, "vocab.txt"), "w", encoding="utf-8") as f:
            f.write("".join(t + "\n" for t in vocab))
    wp = BertWordPieceTokenizer(vocab={t: i for i, t in enumerate(vocab)}, unk_token="[UNK]", sep_token="[SEP]",
                                cls_token="[CLS]", pad_token="[PAD]", mask_token="[MASK]", clean_text=True,
                                handle_chinese_chars=True, strip_accents=None, lowercase=True)
    wp.save(os.path.join(with_json, "tokenizer.json"))

    tmp = tempfile.mkdtemp()
    try:
        shutil.copy(os.path.join(with_json, "tokenizer.json"), tmp)
        shutil.copy(os.path.join(with_json, "vocab.txt"), tmp)
        with open(os.path.join(tmp, "config.json"), "w") as f:
            json.dump({"model_type": "bert", "vocab_size": len(vocab)}, f)
        cases = []
        for n in CONTEXT_LENGTHS:
            tokenizer = HFTokenizer(tmp, context_length=n)
            ids = tokenizer(TEXTS)
            for text, row in zip(TEXTS, ids.tolist()):
                cleaned = tokenizer.clean_fn(text)
                # independent check: clean, word pieces, [CLS] ... [SEP] truncated to n, [PAD]
                manual = [2] + wp.encode(cleaned, add_special_tokens=False).ids[: n - 2] + [3]
                assert row == manual + [0] * (n - len(manual)), (text, row, manual)
                length = len(manual)
                cases.append({"text": text, "context_length": n, "cleaned": cleaned, "length": length,
                              "tokens": [vocab[i] for i in row[:length]], "ids": row[:length]})
    finally:
        shutil.rmtree(tmp)
    with open(os.path.join(TEST_OUT, "expected.json"), "w", encoding="utf-8") as f:
        json.dump({"special_ids": {t: vocab.index(t) for t in SPECIALS}, "cases": cases}, f, ensure_ascii=True,
                  indent=1)


if __name__ == "__main__":
    main()
