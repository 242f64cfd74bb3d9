from __future__ import annotations


def item_post(**fields) -> dict:
    """The POST data of the item form, with empty evidence rows unless given."""
    data = {
        "quadrant": "strength",
        "municipality": "all",
        "statement": "Eine Aussage",
        "explanation": "",
        "topic": "",
        "indicators-TOTAL_FORMS": "2",
        "indicators-INITIAL_FORMS": "0",
        "indicators-MIN_NUM_FORMS": "0",
        "indicators-MAX_NUM_FORMS": "20",
        "documents-TOTAL_FORMS": "2",
        "documents-INITIAL_FORMS": "0",
        "documents-MIN_NUM_FORMS": "0",
        "documents-MAX_NUM_FORMS": "20",
    }
    data.update(fields)
    return {k: v for k, v in data.items() if v is not None}
