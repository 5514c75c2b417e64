"""China's unified social credit code (统一社会信用代码, GB 32100-2015).

18 characters from a 31-character alphabet (digits and capitals without I, O, Z, S, V):
  1     registration authority (1 编制, 5 民政 civil affairs, 9 工商 market regulation, Y other)
  2     kind of body within that authority (for 5: 1 社会团体, 2 民办非企业单位, 3 基金会, 9 other)
  3-8   the administrative division of the registering office (6-digit code)
  9-17  the organization code (GB 11714)
  18    a check character over the first 17, weights 3^(i-1) mod 31.
"""

import re
import unicodedata

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = [pow(3, i, 31) for i in range(17)]  # 1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28
FORMAT_RE = re.compile(rf"^[{ALPHABET}]{{2}}[0-9]{{6}}[{ALPHABET}]{{10}}$")

CIVIL_AFFAIRS = "5"
MARKET_REGULATION = "9"


def normalize(code):
    """What people paste: spaces, hyphens, lower case, full-width characters."""
    return re.sub(r"[\s\-]", "", unicodedata.normalize("NFKC", code or "")).upper()


def check_character(first17):
    total = sum(ALPHABET.index(char) * weight for char, weight in zip(first17, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def is_well_formed(code):
    """Right length, alphabet and check character."""
    return bool(FORMAT_RE.match(code)) and check_character(code[:17]) == code[17]


def authority(code):
    return code[0]


def body_kind(code):
    return code[1]


def division_code(code):
    return code[2:8]
