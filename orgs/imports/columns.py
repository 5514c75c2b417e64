"""The columns of an import spreadsheet, and the template staff download to fill in.

Headers are Chinese first; the English header or the column key is accepted too, so a partner's
sheet with English headers imports as well.
"""

import csv
import io
from dataclasses import dataclass

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.styles import Font


@dataclass(frozen=True)
class Column:
    key: str
    header_zh: str
    header_en: str
    required: bool = False
    example: str = ""
    help: str = ""


COLUMNS = (
    Column("name", "名称", "Name", True, "阳光助学服务中心"),
    Column("name_en", "英文名称", "English name", False, "Sunshine Education Service Centre"),
    Column("kind", "机构类型", "Kind", False, "草根NGO",
           _("Grassroots NGO, foundation, CSR program, government, academic or other; empty: grassroots NGO.")),
    Column("province", "省份", "Province", True, "四川省", _("Name or 6-digit code.")),
    Column("city", "城市", "City", False, "成都市", _("Name or 6-digit code.")),
    Column("county", "区县", "County", False, "锦江区", _("Name or 6-digit code.")),
    Column("address", "地址", "Address", False, "红星路二段 1 号"),
    Column("longitude", "经度", "Longitude", False, "104.0836",
           _("WGS-84; empty: the seat of the county, city or province.")),
    Column("latitude", "纬度", "Latitude", False, "30.6570"),
    Column("issue_fields", "议题领域", "Issue fields", False, "教育助学、儿童青少年",
           _("Names of the issue fields, separated by 、 or commas.")),
    Column("credit_code", "统一社会信用代码", "Credit code", False, ""),
    Column("registration_status", "登记类型", "Registration", False, "",
           _("How it is registered; empty: taken from the credit code, or unregistered.")),
    Column("founded_year", "成立年份", "Year founded", False, "2012"),
    Column("contact_name", "联系人", "Contact person", False, "王老师"),
    Column("contact_phone", "联系电话", "Phone", False, "028-86123456"),
    Column("contact_email", "联系邮箱", "Email", False, "contact@example.org"),
    Column("website", "网站", "Website", False, "https://example.org"),
    Column("description", "简介", "Description", False, "为山区学生提供助学和陪伴。"),
)
BY_KEY = {column.key: column for column in COLUMNS}
REQUIRED = [column.key for column in COLUMNS if column.required]


def column_label(key):
    """The column's header as the importer sees it (Chinese, or English on English pages)."""
    column = BY_KEY.get(key)
    if column is None:
        return key
    return column.header_en if (get_language() or "").startswith("en") else column.header_zh


def header_map(headers):
    """{index: column key} for the headers of a sheet; unknown headers are ignored."""
    known = {}
    for column in COLUMNS:
        for label in (column.header_zh, column.header_en, column.key):
            known[label.strip().lower()] = column.key
    found = {}
    for index, header in enumerate(headers):
        key = known.get(str(header or "").strip().rstrip("*＊").strip().lower())
        if key and key not in found.values():
            found[index] = key
    return found


def template_headers():
    return [column.header_zh + ("*" if column.required else "") for column in COLUMNS]


def template_xlsx():
    """The template as XLSX bytes: Chinese headers (* marks a required column) and one example row."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "机构"
    sheet.append(template_headers())
    sheet.append([column.example for column in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for index, column in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = max(12, len(column.header_zh) * 3)
    notes = workbook.create_sheet("说明")
    notes.append(["列", "必填", "说明"])
    for column in COLUMNS:
        notes.append([column.header_zh, "是" if column.required else "", str(column.help)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def template_csv():
    """The template as CSV (UTF-8 with BOM, so Excel opens the Chinese headers correctly)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(template_headers())
    writer.writerow([column.example for column in COLUMNS])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
