"""Made-up teacher sentences in the syntax of OGKD's trainers/method/prompt_templates.py (a test fixture)."""
PROMPT_TEMPLATES = {
    "normal brain": [
            "Fictional OGKD sentence one.",
            "Fictional OGKD sentence two."
        ],
  "glioma_tumor": [
    "Fictional sentence for a class written with an underscore.",
  ],
    "meningioma tumor": ["Fictional meningioma sentence."],
    "pituitary tumor": ("Fictional sentence in a tuple.",),
}
