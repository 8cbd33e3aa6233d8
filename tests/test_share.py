"""The advisor copy (taxrebal share): values only, uncalculated formulas listed, redaction.

Independent reference for cached values: LibreOffice Calc (a real spreadsheet app) computes the
formulas and saves their values; the copy must hold exactly what Calc saved.
"""

import shutil
import subprocess
import zipfile

import openpyxl
import pytest
from openpyxl.comments import Comment

from taxrebal.cli import main
from taxrebal.errors import WorkbookError
from taxrebal.workbook.share import NOTES_SHEET, redaction_labels, share_workbook


def household_book(path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Accounts"
    ws.append(["Account", "Type", "Owner", "Cash"])
    ws.append(["Brokerage", "Taxable", "Maria Rivera", 1000])
    ws.append(["Roth IRA", "Roth IRA", "Jose Rivera", 0])
    ws.append([12345678, "Traditional IRA", "Maria Rivera", 0])   # an account number as its name
    lots = wb.create_sheet("Lots")
    lots.append(["Lot ID", "Account", "Symbol", "Quantity", "Cost Basis"])
    lots.append(["L1", "Brokerage", "VTI", 12345678, 100])
    lots.append(["L2", "roth ira", "VTI", 3, 30])
    lots.append(["L3", 12345678, "VTI", 1, 10])
    notes = wb.create_sheet("Notes")
    notes["A1"] = "Sell 10 VTI in Brokerage (see Brokerage!A2); Maria Rivera agrees"
    notes["A1"].comment = Comment("Jose Rivera checked the Roth IRA lots", "Jose Rivera")
    notes["A2"] = "=B2*2"
    notes["B2"] = 100
    notes["A3"] = '=HYPERLINK("http://example.com")'   # text that looks like a formula
    notes["A3"].data_type = "s"
    notes["A4"] = "+1"
    notes["A5"] = "@SUM(A1)"
    run_info = wb.create_sheet("Run Info")
    run_info.append(["Version", "0.1.0"])
    run_info.append(["Input", "/home/maria/Documents/household.xlsx"])
    run_info.append(["Compared with", "Chen Family 2025.xlsx"])   # a file name with spaces, no folders
    run_info.append(["Note", "See Chen.xlsx and C:\\Clients\\Chen\\plan.csv"])
    wb.properties.creator = "Maria Rivera"
    wb.save(path)
    return path


def cells(path, sheet):
    wb = openpyxl.load_workbook(path)
    return [list(r) for r in wb[sheet].iter_rows(values_only=True)]


def formula_elements(path):
    with zipfile.ZipFile(path) as z:
        return sum(z.read(n).count(b"<f") for n in z.namelist() if n.startswith("xl/worksheets/sheet"))


def test_uncalculated_formula_left_empty_and_listed(tmp_path):
    src = household_book(tmp_path / "book.xlsx")
    report = share_workbook(src, tmp_path / "copy.xlsx")
    copy = openpyxl.load_workbook(tmp_path / "copy.xlsx")
    assert copy["Notes"]["A2"].value is None                     # openpyxl saved no value for =B2*2
    assert [(u.sheet, u.cell, u.formula) for u in report.uncalculated] == [("Notes", "A2", "=B2*2")]
    notes = [r for r in cells(tmp_path / "copy.xlsx", NOTES_SHEET)]
    assert ["Notes", "A2", "=B2*2"] in notes
    assert formula_elements(tmp_path / "copy.xlsx") == 0           # values only, everywhere
    assert copy.sheetnames == ["Accounts", "Lots", "Notes", "Run Info", NOTES_SHEET]
    assert cells(tmp_path / "copy.xlsx", "Run Info")[:2] == [["Version", "0.1.0"],
                                                             ["Input", "/home/maria/Documents/household.xlsx"]]


def test_the_notes_count_only_formulas_that_had_a_saved_value_as_replaced(tmp_path):
    # household_book has one formula, =B2*2, saved by openpyxl without a value: nothing was replaced.
    report = share_workbook(household_book(tmp_path / "book.xlsx"), tmp_path / "copy.xlsx")
    assert report.formulas_replaced == 0 and len(report.uncalculated) == 1
    assert ("0 formulas replaced by their saved values; 1 formula had no saved value: it is listed below and left "
            "empty") in " ".join(report.notes)


def test_formula_looking_text_stays_text(tmp_path):
    src = household_book(tmp_path / "book.xlsx")
    share_workbook(src, tmp_path / "copy.xlsx", redact=True)
    copy = openpyxl.load_workbook(tmp_path / "copy.xlsx")
    for ref, text in (("A3", '=HYPERLINK("http://example.com")'), ("A4", "+1"), ("A5", "@SUM(A1)")):
        assert copy["Notes"][ref].value == text and copy["Notes"][ref].data_type == "s"
    assert formula_elements(tmp_path / "copy.xlsx") == 0


@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_values_are_those_the_spreadsheet_app_saved(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Calc"
    ws["A1"], ws["A2"], ws["A3"] = 100, "=A1*2", '="="&"SUM(1)"'   # the last one computes text "=SUM(1)"
    ws["A4"] = "=A1/0"
    wb.save(tmp_path / "in.xlsx")
    subprocess.run(["soffice", "--headless", "--calc", "--convert-to", "xlsx", "--outdir", str(tmp_path / "lo"),
                    str(tmp_path / "in.xlsx")], check=True, capture_output=True, timeout=120)
    report = share_workbook(tmp_path / "lo" / "in.xlsx", tmp_path / "copy.xlsx")
    copy = openpyxl.load_workbook(tmp_path / "copy.xlsx")["Calc"]
    assert copy["A2"].value == 200
    assert copy["A3"].value == "=SUM(1)" and copy["A3"].data_type == "s"
    assert copy["A4"].value == "#DIV/0!"                          # an error value is a value too
    assert report.uncalculated == () and report.formulas_replaced == 3
    assert formula_elements(tmp_path / "copy.xlsx") == 0


def test_redaction_is_consistent_across_sheets(tmp_path):
    src = household_book(tmp_path / "book.xlsx")
    report = share_workbook(src, tmp_path / "copy.xlsx", redact=True)
    assert (report.accounts_redacted, report.owners_redacted) == (3, 2)
    accounts = cells(tmp_path / "copy.xlsx", "Accounts")
    assert accounts[1:] == [["Account 1", "Taxable", "Owner A", 1000],
                            ["Account 2", "Roth IRA", "Owner B", 0],     # the Type column is kept
                            ["Account 3", "Traditional IRA", "Owner A", 0]]
    lots = cells(tmp_path / "copy.xlsx", "Lots")
    assert [r[1] for r in lots[1:]] == ["Account 1", "Account 2", "Account 3"]   # case-insensitive match
    assert lots[1][3] == 12345678                                  # a quantity equal to the number stays
    copy = openpyxl.load_workbook(tmp_path / "copy.xlsx")
    assert copy["Notes"]["A1"].value == "Sell 10 VTI in Account 1 (see Account 1!A2); Owner A agrees"
    assert "Jose" not in copy["Notes"]["A1"].comment.text and "Owner B" in copy["Notes"]["A1"].comment.text
    assert "Account 2" in copy["Notes"]["A1"].comment.text
    assert copy.properties.creator != "Maria Rivera"
    assert copy["Run Info"]["B2"].value == "File 1.xlsx"     # folders and the file name can name the client
    assert copy["Run Info"]["B3"].value == "File 2.xlsx"     # a cell that is one file name, spaces and all
    assert copy["Run Info"]["B4"].value == "See File 3.xlsx and File 4.csv"   # each file in longer text
    with zipfile.ZipFile(tmp_path / "copy.xlsx") as z:
        text = b"".join(z.read(n) for n in z.namelist())
    for secret in (b"Rivera", b"Brokerage", b"book.xlsx", b"household", b"maria", b"Chen", b"Clients"):
        assert secret not in text


def test_labels_follow_sheet_order_and_longest_name_wins():
    accounts, owners = redaction_labels([["Account", "Owner"], ["Roth IRA", "Ann"], ["Roth IRA 2", "Bob"],
                                         ["x", "Ann"]])
    assert accounts == {"roth ira": "Account 1", "roth ira 2": "Account 2", "x": "Account 3"}
    assert owners == {"ann": "Owner A", "bob": "Owner B"}


def test_never_overwrites_the_source(tmp_path):
    src = household_book(tmp_path / "book.xlsx")
    before = src.read_bytes()
    with pytest.raises(WorkbookError, match="different file"):
        share_workbook(src, tmp_path / "." / "book.xlsx")
    assert main(["share", str(src), "-o", str(src)]) == 2
    assert src.read_bytes() == before


def test_copy_is_xlsx_only(tmp_path):
    src = household_book(tmp_path / "book.xlsx")
    with pytest.raises(WorkbookError, match=r"\.xlsx"):
        share_workbook(src, tmp_path / "copy.xlsm")


def test_redact_without_accounts_sheet_says_why(tmp_path):
    wb = openpyxl.Workbook()
    wb.save(tmp_path / "plain.xlsx")
    with pytest.raises(WorkbookError, match="no Accounts sheet"):
        share_workbook(tmp_path / "plain.xlsx", tmp_path / "copy.xlsx", redact=True)


def test_cli_share_end_to_end(tmp_path, capsys):
    src = household_book(tmp_path / "book.xlsx")
    assert main(["share", str(src), "-o", str(tmp_path / "advisor.xlsx"), "--redact"]) == 0
    out = capsys.readouterr().out
    assert "advisor.xlsx" in out and "Redacted 3 account names" in out and "no saved value" in out
    assert main(["share", str(tmp_path / "missing.xlsx"), "-o", str(tmp_path / "x.xlsx")]) == 1


def _as_xlsm(xlsx, xlsm):
    """The same workbook made macro-enabled: a VBA part, its relationship and content type."""
    vba_rel = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"
    with zipfile.ZipFile(xlsx) as zin, zipfile.ZipFile(xlsm, "w", zipfile.ZIP_DEFLATED) as zout:
        parts = {n: zin.read(n) for n in zin.namelist()}
        ct = parts["[Content_Types].xml"].decode().replace(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
            "application/vnd.ms-excel.sheet.macroEnabled.main+xml").replace(
            "</Types>",
            '<Override PartName="/xl/vbaProject.bin" ContentType="application/vnd.ms-office.vbaProject"/></Types>')
        rels = parts["xl/_rels/workbook.xml.rels"].decode().replace(
            "</Relationships>", f'<Relationship Id="rIdVba" Type="{vba_rel}" Target="vbaProject.bin"/></Relationships>')
        parts.update({"[Content_Types].xml": ct.encode(), "xl/_rels/workbook.xml.rels": rels.encode(),
                      "xl/vbaProject.bin": b"\xd0\xcf\x11\xe0 stand-in VBA project"})
        for name, data in parts.items():
            zout.writestr(name, data)
    return xlsm


def test_macro_enabled_source_gives_a_macro_free_copy(tmp_path):
    src = _as_xlsm(household_book(tmp_path / "book.xlsx"), tmp_path / "book.xlsm")
    share_workbook(src, tmp_path / "copy.xlsx")
    with zipfile.ZipFile(tmp_path / "copy.xlsx") as z:
        assert not [n for n in z.namelist() if "vba" in n.lower()]
        assert b"macroEnabled" not in z.read("[Content_Types].xml")
    assert openpyxl.load_workbook(tmp_path / "copy.xlsx")["Lots"]["C2"].value == "VTI"


def test_redaction_hides_the_broker_account_numbers(tmp_path):
    # The Accounts sheet's Broker Account column (what `taxrebal import` matches broker files by)
    # identifies the household at its broker as surely as its name does.
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Accounts"
    ws.append(["Account", "Type", "Owner", "Cash", "Contribution", "Broker Account"])
    ws.append(["Joint Taxable", "Taxable", "Alex Kim", 2000, 0, "...4521"])
    ws.append(["Alex IRA", "Traditional IRA", "Alex Kim", 500, 0, 87654321])
    notes = wb.create_sheet("Notes")
    notes["A1"] = "Imported from Schwab account ...4521 and 87654321"
    wb.save(tmp_path / "book.xlsx")
    share_workbook(tmp_path / "book.xlsx", tmp_path / "copy.xlsx", redact=True)
    accounts = cells(tmp_path / "copy.xlsx", "Accounts")
    assert [r[5] for r in accounts[1:]] == ["Account 1 number", "Account 2 number"]
    text = b"".join(zipfile.ZipFile(tmp_path / "copy.xlsx").read(n)
                    for n in zipfile.ZipFile(tmp_path / "copy.xlsx").namelist())
    for secret in (b"4521", b"87654321", b"Kim"):
        assert secret not in text


def test_a_family_name_next_to_an_owner_is_redacted_everywhere(tmp_path):
    """Owners are listed by first name; the Start sheet's "Maria and Daniel Rivera" names the family."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Start"
    ws["A1"] = "The sample: the Rivera household (fictional)"
    ws["A2"] = "Maria and Daniel Rivera file jointly; Maria Roth IRA is hers."
    acc = wb.create_sheet("Accounts")
    for row in (["Account", "Type", "Owner"], ["Joint Brokerage", "Taxable", "Joint"],
                ["Maria Roth IRA", "Roth IRA", "Maria"], ["Daniel 401k", "401(k)", "Daniel"]):
        acc.append(row)
    wb.save(tmp_path / "book.xlsx")
    report = share_workbook(tmp_path / "book.xlsx", tmp_path / "copy.xlsx", redact=True)
    start = cells(tmp_path / "copy.xlsx", "Start")
    assert start[0][0] == "The sample: the Family household (fictional)"
    assert start[1][0] == "Owner B and Owner C Family file jointly; Account 2 is hers."   # Roth: an account word
    assert any("1 family name -> Family" in n for n in report.notes)
    with zipfile.ZipFile(tmp_path / "copy.xlsx") as z:
        assert b"Rivera" not in b"".join(z.read(n) for n in z.namelist())


def test_each_word_of_an_owners_name_is_redacted_wherever_it_stands(tmp_path):
    """fe16 F13: owner "Patricia Okafor"; a note naming "John Okafor, 12 Elm St" kept the family name."""
    from taxrebal.workbook.share import owner_name_tokens

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Accounts"
    ws.append(["Account", "Type", "Owner"])
    ws.append(["Schwab Indiv", "Taxable", "Patricia Okafor"])
    ws.append(["Pat IRA", "Traditional IRA", "Dr. Sam O'Neil-Hart"])
    lots = wb.create_sheet("Lots")
    lots.append(["Lot ID", "Note"])
    lots.append(["L1", "Inherited from John Okafor, 12 Elm St, Springfield; SSN on file"])
    lots.append(["L2", "OKAFOR trust; ask patricia; Hart and O'Neil-Hart; Okaforville stays"])
    wb.save(tmp_path / "book.xlsx")
    # hand-worked: the last word is the family name, the others the owner's; "Dr" is a title, and a
    # hyphenated family name's parts are family names too
    assert owner_name_tokens({"patricia okafor": "Owner A", "dr. sam o'neil-hart": "Owner B"}) == {
        "patricia": "Owner A", "okafor": "Family", "sam": "Owner B", "o'neil-hart": "Family", "neil": "Family",
        "hart": "Family"}
    # one Owner cell naming two people of one family; a first name two owners share
    assert owner_name_tokens({"maria rivera & daniel rivera": "Owner A", "maria chen": "Owner B"}) == {
        "maria": "Owner", "rivera": "Family", "daniel": "Owner A", "chen": "Family"}
    report = share_workbook(tmp_path / "book.xlsx", tmp_path / "copy.xlsx", redact=True)
    notes = [r[1] for r in cells(tmp_path / "copy.xlsx", "Lots")[1:]]
    assert notes == ["Inherited from John Family, 12 Elm St, Springfield; SSN on file",
                     "Family trust; ask Owner A; Family and Family; Okaforville stays"]
    assert "12 Elm St" in notes[0]   # what redaction does not catch: the notice says so
    assert any("addresses" in n and "review free text" in n for n in report.notes)


def test_the_review_free_text_notice_is_written_when_nothing_else_needs_saying(tmp_path, capsys):
    # no formula, no uncalculated cell, no macro: Share Notes still says what redaction leaves
    from taxrebal.workbook.share import REVIEW_FREE_TEXT

    wb = openpyxl.Workbook()
    wb.active.title = "Accounts"
    wb.active.append(["Account", "Type", "Owner"])
    wb.active.append(["Brokerage", "Taxable", "Ann"])
    wb.save(tmp_path / "book.xlsx")
    assert main(["share", str(tmp_path / "book.xlsx"), "-o", str(tmp_path / "copy.xlsx"), "--redact"]) == 0
    assert REVIEW_FREE_TEXT in capsys.readouterr().out
    notes = [r[0] for r in cells(tmp_path / "copy.xlsx", NOTES_SHEET)]
    assert any(n and n.endswith(REVIEW_FREE_TEXT) for n in notes)
    assert notes[1].startswith("Redacted: 1 account name -> Account 1..1, 1 owner name -> Owner A...")


def test_a_redacted_copy_leaves_out_the_unredacted_files_digest(tmp_path):
    # fe16 F13 (minor): Run Info's Input SHA-256 is the original file's, which would tie the copy to it
    from taxrebal.workbook.template import build_sample

    build_sample().save(tmp_path / "book.xlsx")
    sample_run = tmp_path / "out.xlsx"
    assert main(["run", str(tmp_path / "book.xlsx"), "-o", str(sample_run), "--only", "allocation"]) == 0
    share_workbook(sample_run, tmp_path / "copy.xlsx", redact=True)
    rows = {r[0]: r[1] for r in cells(tmp_path / "copy.xlsx", "Run Info") if r and r[0]}
    assert rows["Input SHA-256"] == "(of the unredacted file: left out of a redacted copy)"
    share_workbook(sample_run, tmp_path / "plain.xlsx")   # not redacting: kept as the run wrote it
    rows = {r[0]: r[1] for r in cells(tmp_path / "plain.xlsx", "Run Info") if r and r[0]}
    assert len(rows["Input SHA-256"]) == 64


def test_accounts_named_like_types_keep_the_type_vocabulary(tmp_path):
    """fe17 F3: accounts named "IRA", "Roth" and "HSA" (common real names). The name is replaced where it
    stands for the account; the Type cells (also in a table below row 1), "Traditional IRA" / "Roth IRA",
    "inside an HSA" and the template's fixed texts keep saying which account is a Roth or an HSA."""
    from taxrebal.workbook.template import START_HOWTO

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Accounts"
    ws.append(["Account", "Type", "Owner"])
    ws.append(["Joint", "Taxable", "Dana"])
    ws.append(["IRA", "Traditional IRA", "Dana"])
    ws.append(["Roth", "Roth IRA", "Lee"])
    ws.append(["HSA", "HSA", "Dana"])
    start = wb.create_sheet("Start")
    howto = next(line for line in START_HOWTO if "Roth IRA, HSA" in line)
    start["A1"] = howto
    alloc = wb.create_sheet("Allocation")
    alloc.append(["Allocation by asset class"])
    alloc.append(["Cash left in HSA", 0])
    alloc.append(["By account"])
    alloc.append(["Account", "Type", "Total"])
    alloc.append(["IRA", "Traditional IRA", 1])
    alloc.append(["Roth", "Roth IRA", 2])
    alloc.append(["HSA", "HSA", 3])
    trades = wb.create_sheet("Trades")
    trades.append(["Step", "Account", "Note"])
    trades.append([1, "IRA", "Sells US Stocks inside a Traditional IRA: no tax."])
    trades.append([2, "HSA", "Sells US Stocks inside an HSA: no tax. Sell it before HSA #1 fills (HSA's lot H1)."])
    trades.append([3, "Roth", "Buys Bonds inside a Roth IRA; Roth #2 after IRA #1."])
    wb.save(tmp_path / "book.xlsx")
    share_workbook(tmp_path / "book.xlsx", tmp_path / "copy.xlsx", redact=True)
    copy = openpyxl.load_workbook(tmp_path / "copy.xlsx")
    assert [r[:2] for r in cells(tmp_path / "copy.xlsx", "Accounts")[1:]] == [
        ["Account 1", "Taxable"], ["Account 2", "Traditional IRA"], ["Account 3", "Roth IRA"], ["Account 4", "HSA"]]
    assert copy["Start"]["A1"].value == howto           # the template's own words name no one
    assert cells(tmp_path / "copy.xlsx", "Allocation")[1][0] == "Cash left in Account 4"
    assert cells(tmp_path / "copy.xlsx", "Allocation")[4:] == [
        ["Account 2", "Traditional IRA", 1], ["Account 3", "Roth IRA", 2], ["Account 4", "HSA", 3]]
    assert [r[1:] for r in cells(tmp_path / "copy.xlsx", "Trades")[1:]] == [
        ["Account 2", "Sells US Stocks inside a Traditional IRA: no tax."],
        ["Account 4", "Sells US Stocks inside an HSA: no tax. Sell it before Account 4 #1 fills (Account 4's lot H1)."],
        ["Account 3", "Buys Bonds inside a Roth IRA; Account 3 #2 after Account 2 #1."]]



def test_an_account_named_taxable_keeps_the_generic_word(tmp_path):
    """fe17 F3, the same for an account named "Taxable": its name is replaced, the Reason "Taxable sale"
    and the lower-case "taxable account" of a note are not."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Accounts"
    ws.append(["Account", "Type"])
    ws.append(["Taxable", "Taxable"])
    trades = wb.create_sheet("Trades")
    trades.append(["Step", "Account", "Reason", "Note"])
    trades.append([1, "Taxable", "Taxable sale", "Buying it in a taxable account washes it; Taxable #1 first."])
    wb.save(tmp_path / "book.xlsx")
    share_workbook(tmp_path / "book.xlsx", tmp_path / "copy.xlsx", redact=True)
    assert cells(tmp_path / "copy.xlsx", "Trades")[1] == [
        1, "Account 1", "Taxable sale", "Buying it in a taxable account washes it; Account 1 #1 first."]
