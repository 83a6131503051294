# Invented sentences written in the syntax of BiomedCoOp's trainers/prompt_templates.py (a test fixture).

CUSTOM_TEMPLATES = {
    "BTMRI": "a photo of a {}.",
}

BIOMEDCOOP_TEMPLATES = {
    "glioma tumor": [
        "a red scan with a warm patch.",
        "a red image, "
        "slightly noisy.",
    ],
    "meningioma tumor": [
        "a green scan with a bright patch.",
        'a green image.',
    ],
    "pituitary tumor": [
        "a blue scan with a small patch.",
        "a blue image.",
    ],
    "Normal Brain": [
        "a grey scan without patches.",
        "a plain grey image.",
    ],
}
