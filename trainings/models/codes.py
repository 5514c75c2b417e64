"""Random codes people type or scan: certificate verification codes and check-in codes."""

import secrets

# No 0/O, 1/I/L: a code read aloud or typed from a screen is not mistaken.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def random_code(length):
    return "".join(secrets.choice(CODE_ALPHABET) for _index in range(length))


def new_certificate_code():
    """16 characters of a 31-letter alphabet: about 79 bits, not guessable or enumerable."""
    return random_code(16)


def new_checkin_code():
    """8 characters (about 40 bits): short enough to type on a phone, unique per participant."""
    return random_code(8)


def normalize_code(value):
    """What a person typed or a scanner read: any case, spaces or dashes are forgiven."""
    return "".join(str(value or "").split()).replace("-", "").upper()[:40]
