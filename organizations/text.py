"""Folding Vietnamese text for search that ignores case and diacritics."""

import re
import unicodedata

# "đ" is a letter of its own, not "d" plus a mark, so NFD alone does not strip it.
_EXTRA = str.maketrans({"đ": "d", "Đ": "d"})


def fold(text: str) -> str:
    """Lower-case, strip diacritics and collapse spaces: "Mường  Phăng" -> "muong phang"."""
    decomposed = unicodedata.normalize("NFD", (text or "").translate(_EXTRA))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.lower().split())


def loose(text: str) -> str:
    """fold() without punctuation: commas and dashes are often left out when labels are typed by hand."""
    return " ".join(re.sub(r"[^\w\s]", " ", fold(text)).split())
