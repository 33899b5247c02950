"""Folding Vietnamese text for search that ignores case and diacritics."""

import unicodedata

# "đ" is a letter of its own, not "d" plus a mark, so NFD alone does not strip it.
_EXTRA = str.maketrans({"đ": "d", "Đ": "d"})


def fold(text: str) -> str:
    """Lower-case, strip diacritics and collapse spaces: "Mường  Phăng" -> "muong phang"."""
    decomposed = unicodedata.normalize("NFD", (text or "").translate(_EXTRA))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.lower().split())
