"""The certificate as a PDF: an A4 landscape page in Chinese or English with a QR code to verify it.

The Chinese font is Adobe's STSong-Light CID font, which PDF readers supply: nothing is embedded
or downloaded, and the file stays small."""

import io

import segno
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext as _
from reportlab.lib.colors import HexColor
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas
from reportlab.platypus import Paragraph

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))
INK = HexColor("#1f3a5f")


def _paragraph(pdf, text, *, y, size, width, x, leading=None):
    style = ParagraphStyle("line", fontName=FONT, fontSize=size, leading=leading or size * 1.5,
                           alignment=TA_CENTER, wordWrap="CJK", textColor=INK)
    paragraph = Paragraph(text, style)
    _width, height = paragraph.wrap(width, 200 * mm)
    paragraph.drawOn(pdf, x, y - height)
    return y - height


def _qr(pdf, url, *, x, y, size):
    """Draw the QR code module by module: sharp at any zoom, no image library involved."""
    code = segno.make_qr(url, error="m")  # never a Micro QR: phones do not read those
    matrix = [list(row) for row in code.matrix]
    module = size / len(matrix)
    pdf.setFillColor(HexColor("#000000"))
    for row_index, row in enumerate(matrix):
        for column_index, dark in enumerate(row):
            if dark:
                pdf.rect(x + column_index * module, y + size - (row_index + 1) * module, module, module,
                         stroke=0, fill=1)


def certificate_pdf(*, certificate, verify_url, language="zh-hans"):
    """PDF bytes of the certificate in `language` ("zh-hans" or "en")."""
    application = certificate.application
    event = application.event
    buffer = io.BytesIO()
    width, height = landscape(A4)
    with translation.override(language):
        pdf = canvas.Canvas(buffer, pagesize=(width, height))
        pdf.setTitle(_("Certificate of completion") + f" {certificate.code}")
        pdf.setAuthor(_("NGO 2.0"))
        pdf.setStrokeColor(INK)
        pdf.setLineWidth(3)
        pdf.rect(12 * mm, 12 * mm, width - 24 * mm, height - 24 * mm)
        pdf.setLineWidth(0.8)
        pdf.rect(15 * mm, 15 * mm, width - 30 * mm, height - 30 * mm)
        text_width = width - 80 * mm
        y = height - 35 * mm
        y = _paragraph(pdf, escape(_("Certificate of completion")), y=y, size=30, width=text_width, x=40 * mm)
        y -= 12 * mm
        title = event.title_en if language == "en" and event.title_en else event.title_zh
        body = _(
            "This certifies that %(name)s of %(organization)s took part in the workshop “%(workshop)s” "
            "in %(city)s from %(start)s to %(end)s, and attended %(days)s of its %(total)s days."
        ) % {
            "name": f"<b>{escape(certificate.holder_name)}</b>",
            "organization": escape(application.organization.name),
            "workshop": escape(title),
            "city": escape(event.city),
            "start": event.starts_on.isoformat(),
            "end": event.ends_on.isoformat(),
            "days": certificate.days_attended,
            "total": len(event.days()),
        }
        y = _paragraph(pdf, body, y=y, size=16, width=text_width, x=40 * mm, leading=28)
        y -= 10 * mm
        _paragraph(pdf, escape(_("Issued by NGO 2.0 (中国公益2.0) on %(date)s") % {
            "date": certificate.issued_at.date().isoformat()}), y=y, size=13, width=text_width, x=40 * mm)
        qr_size = 32 * mm
        _qr(pdf, verify_url, x=width - 30 * mm - qr_size, y=24 * mm, size=qr_size)
        pdf.setFillColor(INK)
        pdf.setFont(FONT, 10)
        pdf.drawString(30 * mm, 34 * mm, _("Certificate number: %(code)s") % {"code": certificate.code})
        pdf.drawString(30 * mm, 28 * mm, _("Check that it is valid: %(url)s") % {"url": verify_url})
        pdf.showPage()
        pdf.save()
    return buffer.getvalue()
