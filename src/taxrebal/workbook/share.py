"""A copy of a household workbook to send to an advisor: ``taxrebal share BOOK -o COPY [--redact]``.

What the copy is:

* **Values only.** Every formula is replaced by the value Excel last computed and saved for it
  (openpyxl ``data_only=True`` reads those cached values). A formula with no saved value (a workbook
  written by a program and never opened in Excel, or saved with calculation off) is **left empty**
  rather than filled with a guess or a marker that could be mistaken for data, and every such cell
  is listed (sheet, cell, the formula) on a **Share Notes** sheet, so the advisor knows exactly what is
  missing and the sender knows to open and save the book in Excel first. Worked example: a sheet
  with ``B2 = 100`` and ``B3 = =B2*2`` saved by Excel gives ``B3 = 200`` in the copy; the same book
  written by openpyxl (no cached value) gives an empty ``B3`` and a Share Notes row
  ``Sheet1 | B3 | =B2*2``.
* Every input and result sheet is kept, formats, column widths, comments and charts included; the
  Run Info sheet is kept as it is (it tells the advisor which run produced the results). Links to
  other workbooks are dropped (their values are already in the cells). The copy is always ``.xlsx``
  and carries no macros, even from an ``.xlsm``.
* Text stays text: a cell whose text starts with ``=``, ``+``, ``-`` or ``@`` is written as a string,
  never as a formula (checked in the saved XML by the tests).
* The source file is never written: ``-o`` must name a different file (an existing copy is replaced
  atomically).

``--redact`` replaces the household's account names and owner names with neutral labels, the same
label everywhere in the workbook:

* account names (the Accounts sheet's Account column, in sheet order) -> ``Account 1``, ``Account 2``...;
  owners (its Owner column, first appearance order) -> ``Owner A``, ``Owner B``...;
* a text cell equal to a name (ignoring case and surrounding spaces) becomes the label, and a name
  inside longer text is replaced where it stands as a whole word (``"Sell 10 VTI in Brokerage"`` ->
  ``"Sell 10 VTI in Account 1"``; ``"Brokerage!A2"`` -> ``"Account 1!A2"``), longest names first so
  ``Roth IRA 2`` is not half-replaced by ``Roth IRA``. The same goes for cell comments, sheet titles
  and list-type data validations;
* cells in Type / Account Type / Location columns are left alone, so an account *named* like its
  type (``Roth IRA``) does not break the Type column;
* an account named like a type or a word of one (``IRA``, ``Roth``, ``HSA``) is a name only where it
  stands for the account: kept inside ``Traditional IRA`` / ``Roth IRA``, after ``a``/``an``
  ("inside an HSA"), in a Type column of a table below row 1 (Allocation's By account) and in the
  template's own fixed texts (Start, Settings meanings, header hints), which name no household;
* a numeric account name (an account number) is replaced only in columns whose header mentions
  "account" (a quantity that happens to equal it elsewhere is not touched);
* a file name in a cell (Run Info's input file), with or without its folders, becomes ``File 1.xlsx``,
  ``File 2.xlsx``... (the same label for the same name, the extension kept): advisors name files and
  folders after their clients (``/home/maria/Rivera 2026.xlsx`` -> ``File 1.xlsx``);
* the document properties (author, last modified by, title, subject, keywords, description) are
  cleared and the Share Notes sheet names the source file only when not redacting.

* a family name written after an owner's name in free text is replaced by ``Family`` everywhere: owners
  are often listed by first name only (``Maria``, ``Daniel``) while the Start sheet says "Maria and
  Daniel Rivera file jointly"; a capitalised word right after an owner (or after "Owner and Owner")
  that is no part of an account name or type is taken to be the family name (``Rivera``), so the
  copy reads "Owner B and Owner C Family file jointly; ... the Family household".

* each word of an owner's name is replaced wherever it stands as a word, in any case: the last word of
  a name of two or more words (the family name) by ``Family``, the others by the owner's label, so a
  note "Inherited from John Okafor" of owner "Patricia Okafor" reads "Inherited from John Family".

Not recognised (Share Notes and the command say so every time): other people's names (``John``),
addresses, phone numbers, e-mail addresses, tax ID numbers, dates of birth in free text.

Whole-word matching means an account named with a common word (``Main``) also replaces that word in
free text: redaction errs on the side of hiding.
"""

from __future__ import annotations

import os
import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping, Optional, Sequence

import openpyxl

# Workbooks come from other people: parse their XML with defusedxml (no entity expansion bombs).
from defusedxml import ElementTree
from openpyxl.styles import Font

from ..engine.records import ACCOUNT_TYPES
from ..errors import WorkbookError
from .saving import find_hazards, save_atomic

__all__ = ["UncalculatedCell", "ShareReport", "share_workbook", "redaction_labels", "owner_name_tokens",
           "NOTES_SHEET", "REVIEW_FREE_TEXT", "same_file"]

NOTES_SHEET = "Share Notes"
#: Said on Share Notes (and by the command) whenever the copy is redacted: what redaction does not catch.
REVIEW_FREE_TEXT = ("Only account names, broker account numbers, owner names (and each word of them), family "
                    "names and file names are replaced: other people's names, addresses, phone numbers, e-mail "
                    "addresses, tax ID or Social Security numbers and dates of birth in free text (notes, comments, "
                    "the Start sheet) are not recognised; review free text before sending.")


@dataclass(frozen=True)
class UncalculatedCell:
    """A formula cell that had no saved value; left empty in the copy."""

    sheet: str
    cell: str
    formula: str


@dataclass(frozen=True)
class ShareReport:
    destination: Path
    formulas_replaced: int  # formulas replaced by a saved value (not counting ``uncalculated``)
    uncalculated: tuple[UncalculatedCell, ...]
    accounts_redacted: int = 0
    owners_redacted: int = 0
    notes: tuple[str, ...] = field(default=())


def same_file(a: Path, b: Path) -> bool:
    if a.resolve() == b.resolve():
        return True
    try:
        return b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def _norm_header(value: Any) -> str:
    return re.sub(r"[^a-z0-9]", "", str(value).lower()) if value is not None else ""


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _owner_label(i: int) -> str:
    letters = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        letters = chr(65 + r) + letters
    return f"Owner {letters}"


def redaction_labels(accounts_rows: Sequence[Sequence[Any]]) -> tuple[dict[str, str], dict[str, str]]:
    """(account name -> "Account N", owner -> "Owner X") from the Accounts sheet's rows (header
    first). Names are keyed in lower case; blank names are skipped; an owner that is also an account
    name keeps the account label."""
    if not accounts_rows:
        return {}, {}
    header = [_norm_header(h) for h in accounts_rows[0]]
    acct_col = next((i for i, h in enumerate(header) if h in ("account", "accountname")), None)
    owner_col = next((i for i, h in enumerate(header) if h == "owner"), None)
    broker_col = next((i for i, h in enumerate(header) if h in ("brokeraccount", "brokeraccountnumber")), None)
    accounts: dict[str, str] = {}
    owners: dict[str, str] = {}
    numbered = 0
    for row in accounts_rows[1:]:
        if acct_col is not None and acct_col < len(row) and row[acct_col] not in (None, ""):
            name = _text(row[acct_col])
            if name and name.lower() not in accounts:
                numbered += 1
                accounts[name.lower()] = f"Account {numbered}"
            label = accounts.get(name.lower()) if name else None
            # The broker's account number identifies the household at its broker: it is replaced too.
            if label and broker_col is not None and broker_col < len(row) and row[broker_col] not in (None, ""):
                number = _text(row[broker_col])
                if number and number.lower() not in accounts:
                    accounts[number.lower()] = f"{label} number"
    for row in accounts_rows[1:]:
        if owner_col is not None and owner_col < len(row) and row[owner_col] not in (None, ""):
            name = _text(row[owner_col])
            if name and name.lower() not in owners and name.lower() not in accounts:
                owners[name.lower()] = _owner_label(len(owners))
    return accounts, owners


#: The label that stands for a family name found next to an owner's name.
FAMILY_LABEL = "Family"


def family_names(texts: Iterable[str], owners: Iterable[str], accounts_rows: Sequence[Sequence[Any]]) -> set[str]:
    """Capitalised words written right after an owner's name ("Maria Rivera", "Maria and Daniel
    Rivera"), lower case: the household's family name(s). Words of account names and types (``Roth``,
    ``Brokerage``) and other owners' names are never taken."""
    names = sorted({o for o in owners if o}, key=len, reverse=True)
    if not names:
        return set()
    owner = "(?:" + "|".join(re.escape(n) for n in names) + ")"
    pattern = re.compile(rf"(?<![A-Za-z0-9]){owner}(?:\s*(?:,|and|&)\s*{owner})*\s+([A-Z][a-z'\-]+)(?![A-Za-z0-9])",
                         re.IGNORECASE)
    excluded = set(names)
    for row in accounts_rows:
        for value in row:
            if value not in (None, ""):
                excluded.update(w.lower() for w in re.findall(r"[A-Za-z'\-]+", _text(value)))
    found: set[str] = set()
    for text in texts:
        for m in pattern.finditer(text):
            word = m.group(1)
            if word[0].isupper() and word.lower() not in excluded and word.lower() not in ("and", "or"):
                found.add(word.lower())
    return found


#: Words of an Owner cell that name no one: joiners, titles, suffixes, entity words.
_NOT_A_NAME = frozenset({"and", "or", "the", "of", "mr", "mrs", "ms", "dr", "jr", "sr", "ii", "iii", "iv",
                         "trust", "estate", "joint", "family", "ttee", "trustee", "custodian", "for"})


def owner_name_tokens(owners: Mapping[str, str]) -> dict[str, str]:
    """Each word of each owner's name (lower case) -> its label, so that a first or family name is
    replaced wherever it stands as a word in free text, not only next to the other (fe16 F13: "John
    Okafor, 12 Elm St" kept Patricia Okafor's family name). The last word of a name of two or more words
    is the family name (-> ``Family``, also where it stands first: "Maria Rivera & Daniel Rivera"); any
    other word is that owner's (-> ``Owner A``); a first name two owners share becomes ``Owner``.
    Joiners and titles (``and``, ``Dr``), words of one letter and the whole names themselves are left
    out (the whole names are already labels)."""
    out: dict[str, str] = {}
    for name, label in owners.items():
        words = [w for w in re.findall(r"[^\W\d_]+(?:['’-][^\W\d_]+)*", name)
                 if len(w) > 1 and w not in _NOT_A_NAME]
        if len(words) < 2:
            continue
        for i, word in enumerate(words):
            parts = [word] + re.split(r"['’-]", word) if re.search(r"['’-]", word) else [word]
            for part in parts:
                if len(part) < 2 or part in _NOT_A_NAME or part in owners:
                    continue
                mine = FAMILY_LABEL if i == len(words) - 1 else label
                if out.get(part, mine) == FAMILY_LABEL or mine == FAMILY_LABEL:  # a family name wins
                    out[part] = FAMILY_LABEL
                else:
                    out[part] = mine if out.get(part, mine) == mine else "Owner"
    return out


#: Columns whose cells hold an account type or tax location: never redacted, so an account named
#: like its type ("Roth IRA") keeps a valid Type cell.
_TYPE_HEADERS = frozenset({"type", "accounttype", "location", "preferredlocation"})


#: A file name, with its folders if any (``C:\\Users\\maria\\Rivera.xlsx``, ``chen.xlsx``): redaction
#: replaces the whole of it by a numbered label keeping the extension.
#: A cell naming one file becomes the label as a whole, since a file name may have spaces in it
#: (``C:\\Clients\\Chen Family.xlsx``); in a cell naming several, each is one word.
_FILE_NAME = re.compile(r"(?:[^\\/\s]*[\\/])*(?P<name>[^\\/\s]+)\.(?P<ext>xlsx|xlsm|xls|csv)\b", re.IGNORECASE)
_FILE_CELL = re.compile(r"\s*(?:[^\n]*[\\/])?(?P<name>[^\\/\n]+)\.(?P<ext>xlsx|xlsm|xls|csv)\s*", re.IGNORECASE)


#: The fixed account-type vocabulary (records.ACCOUNT_TYPES, as the Type column writes it) and its words:
#: an account *named* "IRA", "Roth" or "HSA" is a name only where it stands for that account, never
#: inside "Traditional IRA" / "Roth IRA" or after an article ("inside an HSA": fe17 F3).
_PHRASES = (*ACCOUNT_TYPES, "Taxable sale")  # (Trades' Reason "Taxable sale" holds a type word too)
_TYPE_PHRASES = re.compile(
    "(?<![A-Za-z0-9])(?:" + "|".join(re.escape(t) for t in sorted(_PHRASES, key=len, reverse=True))
    + ")(?![A-Za-z0-9])", re.IGNORECASE)
_TYPE_WORDS = frozenset(w.lower() for t in ACCOUNT_TYPES for w in [t, *t.split()])
_ARTICLE = re.compile(r"(?<![A-Za-z0-9])(?:a|an)\s+$", re.IGNORECASE)


def _vocabulary_spans(value: str) -> list[tuple[int, int]]:
    return [m.span() for m in _TYPE_PHRASES.finditer(value)]


def _generic(match: re.Match[str], spans: Sequence[tuple[int, int]]) -> bool:
    """True when a matched account name is the generic account-type word there, not the account: a
    part of a longer type phrase ("IRA" in "Traditional IRA", "Taxable" in the Reason "Taxable sale"),
    or a type word after "a"/"an" or written in lower case ("a taxable account")."""
    start, end = match.span()
    if any(s <= start and end <= e and (s, e) != (start, end) for s, e in spans):
        return True
    word = match.group(0)
    # a type word after "a"/"an", or in lower case mid-text ("a taxable account"), is the generic word
    return word.lower() in _TYPE_WORDS and (bool(_ARTICLE.search(match.string[:start])) or word.islower())


def _is_account_type(value: str) -> bool:
    return value.strip().lower() in _TYPE_WORDS and _TYPE_PHRASES.fullmatch(value.strip()) is not None


def fixed_texts() -> frozenset[str]:
    """The template's own fixed texts (the Start sheet's how-to, the Settings defaults and meanings,
    the header hints): they name no household, so redaction leaves them whole (fe17 F3: an account
    named "IRA" turned "Traditional IRA, 401(k), Roth IRA, HSA" into "Traditional Account 2, ...")."""
    from .template import INPUT_COLUMNS, SETTING_ROWS, START_HOWTO  # (template imports much: load late)

    texts = {line for line in START_HOWTO if line}
    texts.update(t for row in SETTING_ROWS for t in (row.default, row.meaning) if t)
    texts.update(c.hint for cols in INPUT_COLUMNS.values() for c in cols if c.hint)
    return frozenset(texts)


class _Redactor:
    def __init__(self, accounts: Mapping[str, str], owners: Mapping[str, str]):
        self.labels = {**owners, **accounts}  # accounts win a clash
        names = sorted(self.labels, key=len, reverse=True)
        self.pattern = (
            re.compile("(?<![A-Za-z0-9])(" + "|".join(re.escape(n) for n in names) + ")(?![A-Za-z0-9])",
                       re.IGNORECASE)
            if names else None
        )
        self.numeric = {k for k in accounts if re.fullmatch(r"\d+(\.\d+)?", k)}
        self._memo: dict[str, str] = {}
        self._files: dict[str, str] = {}  # file name (lower case, no folders) -> "File N"

    def text(self, value: str) -> str:
        """``value`` with every name replaced (memoized: a book repeats the same texts many times)."""
        try:
            return self._memo[value]
        except KeyError:
            out = self._memo[value] = self._replace(value)
            return out

    def _replace(self, value: str) -> str:
        # file and folder names often name the client; a cell naming one file becomes its label
        whole = _FILE_CELL.fullmatch(value) if len(_FILE_NAME.findall(value)) == 1 else None
        value = self._file_label(whole) if whole else _FILE_NAME.sub(self._file_label, value)
        if self.pattern is None:
            return value
        stripped = value.strip().lower()
        if stripped in self.labels:
            return self.labels[stripped]
        kept = _vocabulary_spans(value)
        return self.pattern.sub(lambda m: m.group(0) if _generic(m, kept) else self.labels[m.group(0).lower()],
                                value)

    def _file_label(self, match: re.Match[str]) -> str:
        key = f"{match.group('name').strip()}.{match.group('ext')}".lower()
        label = self._files.setdefault(key, f"File {len(self._files) + 1}")
        return f"{label}.{match.group('ext')}"

    def number(self, value: Any, account_column: bool) -> Any:
        if account_column and self.numeric and _text(value).lower() in self.numeric:
            return self.labels[_text(value).lower()]
        return value


_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_NS_REL_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_NS_PKG = "{http://schemas.openxmlformats.org/package/2006/relationships}"


def _sheet_parts(z: zipfile.ZipFile) -> list[tuple[str, str]]:
    """(sheet title, zip part) of every worksheet, in workbook order."""
    wb = ElementTree.fromstring(z.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(z.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target", "") for r in rels.iter(f"{_NS_PKG}Relationship")}
    out = []
    for sheet in wb.iter(f"{_NS}sheet"):
        target = targets.get(sheet.get(_NS_REL_ID), "")
        part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
        if part in z.namelist():
            out.append((sheet.get("name", ""), part))
    return out


def _scan_formulas(path: Path) -> dict[str, dict[str, str]]:
    """sheet -> {cell -> formula} of every formula cell, streamed from the sheets' XML (an openpyxl
    read-only pass takes ten times longer on a 100,000-lot book). A cell of a shared formula that
    carries no text of its own is listed as ``(shared formula)``."""
    found: dict[str, dict[str, str]] = {}
    with zipfile.ZipFile(path) as z:
        for title, part in _sheet_parts(z):
            cells: dict[str, str] = {}
            data = z.read(part)
            if b"<f>" not in data and b"<f " not in data and b":f>" not in data and b":f " not in data:
                continue  # no formula element at all (the usual input sheet): nothing to parse
            with z.open(part) as fh:
                for _, elem in ElementTree.iterparse(fh, events=("end",)):
                    if elem.tag == f"{_NS}c":
                        f = elem.find(f"{_NS}f")
                        if f is not None:
                            cells[elem.get("r", "")] = "=" + f.text if f.text else "(shared formula)"
                    elif elem.tag == f"{_NS}row":
                        elem.clear()  # keep memory flat on big sheets
            if cells:
                found[title] = cells
    return found


def _load(path: Path) -> Any:  # an openpyxl Workbook (untyped)
    try:
        return openpyxl.load_workbook(path, data_only=True, keep_links=False)
    except Exception as err:  # noqa: BLE001 - one clear message for any unreadable file
        raise WorkbookError(
            f"'{path.name}' could not be read ({type(err).__name__}: {err}). If it is password-protected "
            "or damaged, save an unprotected copy from Excel and share that."
        ) from err


def _sheet_rows(ws: Any) -> list[list[Any]]:
    return [list(r) for r in ws.iter_rows(values_only=True)]


def _find_sheet(wb: Any, name: str) -> Any:
    for ws in wb.worksheets:
        if ws.title.strip().lower() == name.lower():
            return ws
    return None


def _header_columns(ws: Any) -> tuple[set[int], set[int]]:
    """(columns whose row-1 header mentions "account", columns holding types/locations)."""
    header = [(c.column, _norm_header(c.value)) for c in next(ws.iter_rows(min_row=1, max_row=1), ())]
    return ({col for col, h in header if "account" in h and h not in _TYPE_HEADERS},
            {col for col, h in header if h in _TYPE_HEADERS})


def _table_type_columns(row: Sequence[Any]) -> Optional[set[int]]:
    """For a header row of a table below row 1 (a cell "Account" beside a cell "Type", as Allocation's
    By account table): its type columns; None for any other row."""
    headers = {c.column: _norm_header(c.value) for c in row if isinstance(c.value, str)}
    if "account" not in headers.values():
        return None
    return {col for col, h in headers.items() if h in _TYPE_HEADERS}


def _redact_workbook(wb: Any, redactor: _Redactor) -> None:
    fixed = fixed_texts()
    for ws in wb.worksheets:
        acct_cols, type_cols = _header_columns(ws)
        table_types: set[int] = set()  # type columns of the latest table header below row 1
        for row in ws.iter_rows():
            if row and row[0].row > 1:
                table_types = _table_type_columns(row) or table_types
            for c in row:
                v = c.value
                if isinstance(v, str):
                    keep = v in fixed or (c.column in table_types and _is_account_type(v))
                    if c.column not in type_cols and not keep:
                        new = redactor.text(v)
                        if new != v:
                            c.value = new
                    c.data_type = "s"  # text stays text (also done by _keep_text_as_text without --redact)
                elif c.column in acct_cols and isinstance(v, (int, float)) and not isinstance(v, bool):
                    new = redactor.number(v, True)
                    if new is not v:
                        c.value = new
                        c.data_type = "s"
                if c.comment is not None and c.comment.text not in fixed:
                    c.comment.text = redactor.text(c.comment.text)
                    c.comment.author = redactor.text(c.comment.author or "")
        for dv in getattr(ws.data_validations, "dataValidation", []):
            if dv.type == "list" and dv.formula1 and dv.formula1.startswith('"'):
                dv.formula1 = redactor.text(dv.formula1)
    titles = {ws.title for ws in wb.worksheets}
    for ws in wb.worksheets:
        new = redactor.text(ws.title)[:31]
        if new != ws.title and new not in titles:
            titles.discard(ws.title)
            ws.title = new
            titles.add(new)
    props = wb.properties
    for attr in ("creator", "lastModifiedBy", "title", "subject", "keywords", "description"):
        setattr(props, attr, None)


def _drop_input_digest(wb: Any) -> None:
    """Run Info's Input SHA-256 is the unredacted file's: it would let the copy be matched with it
    (fe16 F13), so a redacted copy says so instead of showing it."""
    ws = _find_sheet(wb, "Run Info")
    for row in ws.iter_rows(max_col=2) if ws is not None and ws.max_column >= 2 else ():
        if isinstance(row[0].value, str) and row[0].value.strip() == "Input SHA-256":
            row[1].value = "(of the unredacted file: left out of a redacted copy)"


def _keep_text_as_text(wb: Any) -> None:
    """Strings that look like formulas stay strings (openpyxl infers "f" for "=..." when assigned)."""
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if isinstance(c.value, str) and c.data_type != "s":
                    c.data_type = "s"


def _notes_sheet_name(wb: Any) -> str:
    name, n = NOTES_SHEET, 2
    existing = {ws.title.lower() for ws in wb.worksheets}
    while name.lower() in existing:
        name, n = f"{NOTES_SHEET} ({n})", n + 1
    return name


def _write_notes(wb: Any, lines: Iterable[str], uncalculated: Sequence[UncalculatedCell]) -> None:
    ws = wb.create_sheet(_notes_sheet_name(wb))
    ws["A1"] = "Shared copy: values only"
    ws["A1"].font = Font(bold=True, size=13)
    r = 2
    for line in lines:
        c = ws.cell(row=r, column=1, value=line)
        c.data_type = "s"
        r += 1
    r += 1
    header = ("Sheet", "Cell", "Formula (no saved value; left empty)")
    for j, h in enumerate(header, start=1):
        ws.cell(row=r, column=j, value=h).font = Font(bold=True)
    if not uncalculated:
        ws.cell(row=r + 1, column=1, value="Every formula had a saved value.")
    for i, u in enumerate(uncalculated, start=r + 1):
        for j, v in enumerate((u.sheet, u.cell, u.formula), start=1):
            c = ws.cell(row=i, column=j, value=v)
            c.data_type = "s"  # the formula's text, shown as text
    ws.column_dimensions["A"].width = 24
    ws.column_dimensions["B"].width = 10
    ws.column_dimensions["C"].width = 60


def share_workbook(source: os.PathLike[str] | str, destination: os.PathLike[str] | str, *,
                   redact: bool = False) -> ShareReport:
    """Write the advisor copy of ``source`` to ``destination`` (see the module docstring).

    Raises :class:`~taxrebal.errors.WorkbookError` with the fix when the destination is the source,
    is not ``.xlsx``, or a file cannot be read or written."""
    src, dest = Path(source), Path(destination)
    if not src.is_file():
        raise WorkbookError(f"'{src}' does not exist; check the path of the workbook to share.")
    if same_file(src, dest):
        raise WorkbookError(
            f"The copy must be a different file from '{src.name}' (the original is never overwritten); "
            "choose another name with -o, e.g. -o advisor-copy.xlsx."
        )
    if dest.suffix.lower() != ".xlsx":
        raise WorkbookError(
            f"The shared copy is always a macro-free .xlsx workbook; name it '{dest.stem}.xlsx'."
        )
    try:
        formulas = _scan_formulas(src)
    except Exception as err:  # noqa: BLE001
        raise WorkbookError(
            f"'{src.name}' could not be read ({type(err).__name__}: {err}). If it is password-protected "
            "or damaged, save an unprotected copy from Excel and share that."
        ) from err
    wb = _load(src)
    uncalculated: list[UncalculatedCell] = []
    replaced = 0
    for ws in wb.worksheets:
        for coord, formula in formulas.get(ws.title, {}).items():
            replaced += 1
            if ws[coord].value is None:
                uncalculated.append(UncalculatedCell(ws.title, coord, formula))
    if not redact:
        _keep_text_as_text(wb)  # (the redaction pass does the same for every text cell it visits)
    wb._external_links = []  # values are in the cells; links would reveal other files' paths

    lines: list[str] = []
    accounts: dict[str, str] = {}
    owners: dict[str, str] = {}
    if redact:
        acc_ws = _find_sheet(wb, "Accounts")
        if acc_ws is None:
            raise WorkbookError(
                f"'{src.name}' has no Accounts sheet, so there are no account or owner names to redact; "
                "share without --redact or add the Accounts sheet."
            )
        acc_rows = _sheet_rows(acc_ws)
        accounts, owners = redaction_labels(acc_rows)
        texts = (c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row if isinstance(c.value, str))
        families = family_names(texts, owners, acc_rows)
        tokens = owner_name_tokens(owners)
        redactor = _Redactor(accounts, {**{f: FAMILY_LABEL for f in families}, **tokens, **owners})
        families |= {t for t, label in tokens.items() if label == FAMILY_LABEL}
        _redact_workbook(wb, redactor)
        _drop_input_digest(wb)
        uncalculated = [UncalculatedCell(redactor.text(u.sheet), u.cell, redactor.text(u.formula))
                        for u in uncalculated]
        names = sum(1 for label in accounts.values() if not label.endswith(" number"))  # not broker numbers
        numbers = len(accounts) - names
        lines.append(f"Redacted: {names} account name{'s' if names != 1 else ''} -> Account 1..{names}"
                     + (f", {numbers} broker account number{'s' if numbers != 1 else ''} -> Account N number"
                        if numbers else "")
                     + f", {len(owners)} owner name{'s' if len(owners) != 1 else ''} -> Owner A..."
                     + (" (a first name of theirs alone too)" if any(x != FAMILY_LABEL for x in tokens.values())
                        else "")
                     + (f", {len(families)} family name{'s' if len(families) != 1 else ''} -> {FAMILY_LABEL}"
                        if families else "")
                     + f". {REVIEW_FREE_TEXT}")
    else:
        lines.append(f"Source workbook: {src.name}")
    with_value = replaced - len(uncalculated)
    if uncalculated:
        lines.append(f"{_formulas(with_value)} replaced by {'its' if with_value == 1 else 'their'} saved "
                     f"value{'' if with_value == 1 else 's'}; {_formulas(len(uncalculated))} had no saved value: "
                     f"{'it is' if len(uncalculated) == 1 else 'they are'} listed below and left empty (open and "
                     "save the workbook in Excel, then share again).")
    else:
        lines.append(f"{_formulas(with_value)} replaced by {'its' if with_value == 1 else 'their'} saved "
                     f"value{'' if with_value == 1 else 's'}.")
    lines.append("Cell functions (=TAXCOST(), =DRIFT()...) and links to other workbooks are values here; "
                 "no macros are included.")
    try:
        hazards = [h for h in find_hazards(src) if "chart" not in h.what and "picture" not in h.what]
    except WorkbookError:
        hazards = []
    for h in hazards:
        lines.append(f"Not copied from sheet {h.sheet}: {h.what} (the copy keeps cells, charts and pictures only).")
    _write_notes(wb, lines, uncalculated)
    save_atomic(wb, dest)
    names = sum(1 for label in accounts.values() if not label.endswith(" number"))  # not broker numbers
    return ShareReport(dest, with_value, tuple(uncalculated), names, len(owners), tuple(lines))


def _formulas(n: int) -> str:
    return f"{n} formula{'' if n == 1 else 's'}"
