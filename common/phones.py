"""Mainland China phone numbers as people write them, normalised to one form.

Mobile numbers become ``+86 13812345678``; landlines ``010-12345678`` (area code with its
leading 0, then the local number, then ``-extension`` if any); service numbers ``400-123-4567``.
"""

import re
import unicodedata

# Two-digit area codes (Beijing 10, the 2x cities); every other area code has three digits.
_TWO_DIGIT_AREA = re.compile(r"^(10|2[0-9])")
_EXTENSION_RE = re.compile(r"(?:转|分机|ext\.?|x|#)\s*(\d{1,6})\s*$", re.IGNORECASE)


class InvalidPhone(ValueError):
    pass


def normalize_phone(value):
    """The normalised number, or InvalidPhone with a reason code ('mobile', 'landline', 'format')."""
    text = unicodedata.normalize("NFKC", value or "").strip()
    if not text:
        return ""
    extension = ""
    if match := _EXTENSION_RE.search(text):
        extension, text = match.group(1), text[: match.start()]
    if re.search(r"[^\d\s()+\-.]", text):
        raise InvalidPhone("format")
    international = text.lstrip().startswith("+") or re.match(r"^\s*00", text)
    digits = re.sub(r"\D", "", text)
    if international:
        digits = digits.removeprefix("00")
        if not digits.startswith("86"):
            raise InvalidPhone("format")
        digits = digits[2:]
        if not re.fullmatch(r"1[3-9]\d{9}", digits):
            digits = "0" + digits  # +86 10 1234 5678: the trunk 0 is dropped abroad
    elif digits.startswith("86") and len(digits) == 13 and digits[2] == "1":
        digits = digits[2:]
    if digits.startswith("1"):
        if extension or not re.fullmatch(r"1[3-9]\d{9}", digits):
            raise InvalidPhone("mobile")
        return f"+86 {digits}"
    if re.fullmatch(r"[48]00\d{7}", digits):
        return f"{digits[:3]}-{digits[3:6]}-{digits[6:]}"
    if digits.startswith("0"):
        area_length = 3 if _TWO_DIGIT_AREA.match(digits[1:]) else 4
        area, local = digits[:area_length], digits[area_length:]
        if not re.fullmatch(r"[1-9]\d{6,7}", local):
            raise InvalidPhone("landline")
        return f"{area}-{local}" + (f"-{extension}" if extension else "")
    raise InvalidPhone("landline")
