# Made-up sentences in the syntax of BiomedCoOp's trainers/prompt_templates.py (a test fixture, not the authors' text).

CUSTOM_TEMPLATES = {
    "BTMRI": "a photo of a {}.",
    "BUSI": "a photo of a {}.",
}

IMAGENET_TEMPLATES = [
    "a bad photo of a {}.",
    'a photo of many {}.',
]

BIOMEDCOOP_TEMPLATES = {
    "normal brain": [
            "A made-up sentence about a calm grey scan.",
            "Another invented line, "
            "split over two literals.",  # implicit concatenation
            'Single quotes and an escaped \'quote\' and a tab\there.',
    ],
    "glioma tumor": [
        "An invented sentence about a blotchy region.",
        """A triple-quoted
invented sentence.""",
    ],
    "Meningioma Tumor": [
        "A fictional sentence with a unicode escape \u00e9.",
    ],
    # pituitary tumor is left out on purpose
    "benign tumor": ["An unrelated fictional sentence."],
}
