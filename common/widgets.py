"""Form widgets shared by every app."""

from django import forms


class DateInput(forms.DateInput):
    """A browser date picker. Its value must be ISO (2027-01-31): a browser discards any other
    format, so a localised date ("2027年1月31日") would empty the field on every edit."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")
