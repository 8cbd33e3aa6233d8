"""Generate a large, realistic household and write it as a workbook (for benchmarks and load tests).

``generate_household()`` builds, from a seed, a household of 20 accounts (taxable, traditional and
Roth IRAs, 401(k)s, an HSA...), 500 securities in seven asset classes (plus a Cash target) (with a few substantially
identical groups such as S&P 500 funds, harvest replacements and DRIP flags), 100,000 open lots
acquired over ten years with gains and losses (some short-term, a few inherited), 20,000 recent
transactions (buys, sells with their lots, dividend reinvestments, all within 120 days of As Of),
targets summing to 100% and investment menus for the 401(k)s. ``write_household_xlsx()`` writes it in
the workbook contract of :mod:`taxrebal.workbook.schema` (a direct SpreadsheetML writer by default:
about 4 s for 100,000 lots, against about 60 s with openpyxl's write-only mode, which stays available
as ``engine="openpyxl"``), and :func:`taxrebal.workbook.reader.load_workbook_file` reads either file
back to an equal household (``tests/test_reader_files.py``).

Command line: ``python bench/generate.py OUT.xlsx [--lots N] [--transactions N] [--seed S]
[--engine fast|openpyxl]``.
"""

from __future__ import annotations

import argparse
import math
import random
import string
import sys
import time
from datetime import date, timedelta
from enum import Enum
from pathlib import Path
from typing import Any, Iterable

from taxrebal.engine.records import (
    Account,
    Action,
    FilingStatus,
    Household,
    Lot,
    LotMethod,
    Security,
    Settings,
    Target,
    TaxTreatment,
    Transaction,
)
from taxrebal.workbook import schema

__all__ = ["generate_household", "write_household_xlsx", "household_rows"]

_ACCOUNT_MIX = (
    ("Taxable", 7), ("Traditional IRA", 4), ("Roth IRA", 3), ("401(k)", 2), ("Roth 401(k)", 1),
    ("403(b)", 1), ("SEP IRA", 1), ("HSA", 1),
)
#: class -> (target weight, band, location, annual drift, annual volatility)
_CLASSES = {
    "US Stocks": (0.35, 0.05, TaxTreatment.TAXABLE, 0.09, 0.17),
    "US Small Cap": (0.08, 0.03, TaxTreatment.TAX_FREE, 0.08, 0.22),
    "Intl Stocks": (0.17, 0.04, TaxTreatment.TAXABLE, 0.05, 0.18),
    "Emerging Markets": (0.05, 0.02, TaxTreatment.TAX_FREE, 0.03, 0.24),
    "US Bonds": (0.20, 0.04, TaxTreatment.TAX_DEFERRED, 0.02, 0.06),
    "TIPS": (0.05, 0.02, TaxTreatment.TAX_DEFERRED, 0.02, 0.05),
    "REITs": (0.05, 0.02, TaxTreatment.TAX_DEFERRED, 0.05, 0.20),
    "Cash": (0.05, 0.02, None, 0.0, 0.0),
}
_INVESTED_CLASSES = [c for c in _CLASSES if c != "Cash"]


def _tickers(rng: random.Random, n: int) -> list[str]:
    seen: set[str] = set()
    out = []
    while len(out) < n:
        t = "".join(rng.choices(string.ascii_uppercase, k=rng.choice((3, 4, 4, 5))))
        if t not in seen:
            seen.add(t)
            out.append(t)
    return out


def generate_household(
    seed: int = 20250630,
    n_accounts: int = 20,
    n_securities: int = 500,
    n_lots: int = 100_000,
    n_transactions: int = 20_000,
    as_of: date = date(2025, 6, 30),
) -> Household:
    """A seeded household of the requested size (see the module docstring for what it holds)."""
    rng = random.Random(seed)
    # --- accounts
    types: list[str] = []
    while len(types) < n_accounts:
        for typ, k in _ACCOUNT_MIX:
            types.extend([typ] * k)
    types = types[:n_accounts]
    owners = ("Alex", "Sam")
    accounts = tuple(
        Account(name=f"{typ} {n + 1:02d}", type=typ, owner=owners[n % 2],
                cash=round(rng.uniform(0, 25_000), 2), contribution=round(rng.choice((0, 0, 500, 6_500)), 2))
        for n, typ in enumerate(types)
    )
    # --- securities: groups of substantially identical funds first, then ordinary ones
    symbols = _tickers(rng, n_securities)
    securities: list[Security] = []
    group_count = min(12, n_securities // 10)
    for n, sym in enumerate(symbols):
        cls = _INVESTED_CLASSES[n % len(_INVESTED_CLASSES)]
        group = f"G{n // 3 + 1:02d}" if n < 3 * group_count else ""
        price = round(math.exp(rng.gauss(math.log(80), 0.8)), 2)
        securities.append(Security(symbol=sym, asset_class=cls, price=max(price, 1.0), name=f"{cls} Fund {n + 1}",
                                   identical_group=group, drip=rng.random() < 0.3))
    by_class: dict[str, list[Security]] = {}
    for s in securities:
        by_class.setdefault(s.asset_class, []).append(s)
    with_reps = []
    for s in securities:
        peers = [p.symbol for p in by_class[s.asset_class] if p.identity != s.identity]
        reps = tuple(rng.sample(peers, k=min(2, len(peers)))) if peers and rng.random() < 0.6 else ()
        with_reps.append(Security(s.symbol, s.asset_class, s.price, s.name, s.identical_group, reps, s.drip))
    securities = with_reps
    sec_by_symbol = {s.symbol: s for s in securities}
    # --- lots: each account holds a random subset of securities; dates over ten years
    held_by_account = {a.name: rng.sample(symbols, k=min(len(symbols), rng.randint(15, 60))) for a in accounts}
    lots: list[Lot] = []
    for n in range(n_lots):
        acct = accounts[n % n_accounts]
        sym = rng.choice(held_by_account[acct.name])
        sec = sec_by_symbol[sym]
        drift, vol = _CLASSES[sec.asset_class][3:5]
        age_days = int(rng.triangular(1, 3650, 400))
        acquired = as_of - timedelta(days=age_days)
        years = age_days / 365.25
        then_price = sec.price * math.exp(-drift * years + rng.gauss(0, vol * math.sqrt(years)))
        qty = round(rng.lognormvariate(math.log(40), 0.9), rng.choice((0, 0, 3)))
        qty = max(qty, 0.001)
        inherited = acct.is_taxable and rng.random() < 0.002
        lots.append(Lot(lot_id=f"L{n + 1:06d}", account=acct.name, symbol=sym,
                        acquired=None if inherited else acquired, quantity=qty,
                        basis=round(qty * then_price, 2), inherited=inherited,
                        wash_adjusted=acct.is_taxable and rng.random() < 0.01))
    # --- transactions: the last 120 days
    lot_list = lots
    transactions: list[Transaction] = []
    for n in range(n_transactions):
        acct = accounts[rng.randrange(n_accounts)]
        sym = rng.choice(held_by_account[acct.name])
        when = as_of - timedelta(days=rng.randint(0, 120))
        price = round(sec_by_symbol[sym].price * math.exp(rng.gauss(0, 0.04)), 2)
        kind = rng.random()
        if kind < 0.45:
            transactions.append(Transaction(when, acct.name, sym, Action.BUY, round(rng.uniform(1, 200), 3), price))
        elif kind < 0.65:
            transactions.append(Transaction(when, acct.name, sym, Action.REINVEST, round(rng.uniform(0.01, 5), 4),
                                            price))
        else:
            lot = rng.choice(lot_list)
            if rng.random() < 0.5:
                transactions.append(Transaction(when, lot.account, lot.symbol, Action.SELL,
                                                round(lot.quantity / 2, 3) or lot.quantity, price, lot_id=lot.lot_id))
            else:  # a lot sold in full, no longer on Lots: described by its date and basis
                qty = round(rng.uniform(1, 100), 3)
                acquired = when - timedelta(days=rng.randint(10, 2000))
                transactions.append(Transaction(when, acct.name, sym, Action.SELL, qty, price,
                                                lot_id=f"S{n + 1:06d}", acquired=acquired,
                                                basis=round(qty * price * math.exp(rng.gauss(0, 0.2)), 2)))
    # --- targets and menus
    targets = tuple(Target(asset_class=c, target=w, band=b, location=loc) for c, (w, b, loc, _, _) in _CLASSES.items())
    menus = {}
    for acct in accounts:
        if acct.type in ("401(k)", "Roth 401(k)", "403(b)"):
            menus[acct.name] = frozenset(held_by_account[acct.name] + rng.sample(symbols, k=min(len(symbols), 20)))
    settings = Settings(as_of=as_of, filing_status=FilingStatus.MARRIED_JOINT, ordinary_income=240_000.0,
                        qualified_dividends=6_000.0, realized_st_ytd=-1_250.0, realized_lt_ytd=8_400.0,
                        lt_loss_carryforward=3_000.0, state_tax_rate=0.05, lot_method=LotMethod.MIN_TAX,
                        tax_budget=5_000.0)
    return Household(accounts=accounts, securities=tuple(securities), lots=tuple(lots),
                     transactions=tuple(transactions), targets=targets, settings=settings, menus=menus)


def _yn(flag: bool) -> str:
    return "Y" if flag else ""


def _cell(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, bool):
        return "Y" if value else "N"
    return value


def household_rows(household: Household) -> dict[str, list[list[Any]]]:
    """The household as sheet rows in the workbook contract (header first)."""
    sheets: dict[str, list[list[Any]]] = {}
    sheets["Settings"] = [["Setting", "Value"]] + [
        [spec.label,
         "" if getattr(household.settings, spec.field) is None else _cell(getattr(household.settings, spec.field))]
        for spec in schema.SETTING_SPECS
    ]
    sheets["Accounts"] = [["Account", "Type", "Owner", "Cash", "Contribution"]] + [
        [a.name, a.type, a.owner, a.cash, a.contribution] for a in household.accounts
    ]
    sheets["Securities"] = [["Symbol", "Name", "Asset Class", "Price", "Identical Group", "Replacement", "DRIP"]] + [
        [s.symbol, s.name, s.asset_class, s.price, s.identical_group, ", ".join(s.replacements), _yn(s.drip)]
        for s in household.securities
    ]
    sheets["Targets"] = [["Asset Class", "Target", "Band", "Location"]] + [
        [t.asset_class, t.target, t.band, t.location.value if t.location else ""] for t in household.targets
    ]
    sheets["Lots"] = [["Lot ID", "Account", "Symbol", "Acquired", "Quantity", "Cost Basis", "Wash Adjusted"]] + [
        [x.lot_id, x.account, x.symbol, "Inherited" if x.inherited else x.acquired, x.quantity, x.basis,
         _yn(x.wash_adjusted)]
        for x in household.lots
    ]
    if household.transactions:
        sheets["Transactions"] = [["Date", "Account", "Symbol", "Action", "Quantity", "Price", "Lot ID", "Acquired",
                                   "Cost Basis"]] + [
            [t.date, t.account, t.symbol, t.action.value, t.quantity, t.price, t.lot_id,
             "Inherited" if t.inherited else t.acquired, t.basis]
            for t in household.transactions
        ]
    if household.menus:
        sheets["Menus"] = [["Account", "Symbol"]] + [
            [acct, sym] for acct, syms in household.menus.items() for sym in sorted(syms)
        ]
    if household.sales:
        sheets["Sales"] = [["Account", "Symbol", "Quantity", "Price", "Method", "Lot IDs"]] + [
            [s.account, s.symbol, s.quantity, s.price, s.method.value if s.method else "", ", ".join(s.lot_ids)]
            for s in household.sales
        ]
    if household.proposed_trades:
        sheets["Proposed Trades"] = [["Date", "Account", "Symbol", "Action", "Quantity", "Price"]] + [
            [p.date, p.account, p.symbol, p.action.value, p.quantity, p.price] for p in household.proposed_trades
        ]
    return sheets


def write_household_xlsx(household: Household, path: str | Path, engine: str = "fast") -> Path:
    """Write ``household`` as a workbook in the contract.

    ``engine="fast"`` (default) streams the SpreadsheetML parts directly (inline strings, dates as
    serials with a yyyy-mm-dd style): about ten times faster than openpyxl without lxml, which matters
    at 100,000 lots. ``engine="openpyxl"`` uses openpyxl's write-only mode (a second, independent
    writer: tests load both)."""
    if engine == "fast":
        return _write_fast(household_rows(household), Path(path))
    if engine != "openpyxl":
        raise ValueError(f"engine must be 'fast' or 'openpyxl', not {engine!r}")
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    path = Path(path)
    book = Workbook(write_only=True)
    for name, rows in household_rows(household).items():
        ws = book.create_sheet(name)
        date_cols = {j for j, h in enumerate(rows[0]) if h in ("Acquired", "Date", "Value")}
        pct_cols = {j for j, h in enumerate(rows[0]) if h in ("Target", "Band")}
        ws.append(rows[0])
        for r in rows[1:]:
            out = []
            for j, v in enumerate(r):
                if v is None:
                    out.append(None)
                elif j in date_cols and isinstance(v, date):
                    c = WriteOnlyCell(ws, value=v)
                    c.number_format = "yyyy-mm-dd"
                    out.append(c)
                elif j in pct_cols and isinstance(v, float):
                    c = WriteOnlyCell(ws, value=v)
                    c.number_format = "0.00%"
                    out.append(c)
                else:
                    out.append(v)
            ws.append(out)
    book.save(path)
    return path


_XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_NS_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_STYLES = (
    f'{_XML_HEAD}<styleSheet xmlns="{_NS_MAIN}">'
    '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy\\-mm\\-dd"/></numFmts>'
    '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill '
    'patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="10" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>'
)
_EPOCH = date(1899, 12, 30)
_BAD_XML_CHARS = {c: None for c in range(32) if c not in (9, 10, 13)}


def _xml_text(text: str) -> str:
    text = text.translate(_BAD_XML_CHARS)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _col_letters(n: int) -> list[str]:
    out = []
    for i in range(n):
        s, k = "", i + 1
        while k:
            k, r = divmod(k - 1, 26)
            s = chr(65 + r) + s
        out.append(s)
    return out


def _sheet_xml(rows: list[list[Any]], pct_cols: set[int]) -> Iterable[str]:
    yield f'{_XML_HEAD}<worksheet xmlns="{_NS_MAIN}"><sheetData>'
    letters = _col_letters(max((len(r) for r in rows), default=0))
    for n, row in enumerate(rows, start=1):
        cells = []
        for j, v in enumerate(row):
            if v is None or v == "":
                continue
            ref = f"{letters[j]}{n}"
            if isinstance(v, str):
                space = ' xml:space="preserve"' if v != v.strip() else ""
                cells.append(f'<c r="{ref}" t="inlineStr"><is><t{space}>{_xml_text(v)}</t></is></c>')
            elif isinstance(v, bool):
                cells.append(f'<c r="{ref}" t="b"><v>{int(v)}</v></c>')
            elif isinstance(v, date):
                cells.append(f'<c r="{ref}" s="1"><v>{(v - _EPOCH).days}</v></c>')
            elif isinstance(v, (int, float)):
                style = ' s="2"' if j in pct_cols else ""
                cells.append(f'<c r="{ref}"{style}><v>{v!r}</v></c>')
            else:
                cells.append(f'<c r="{ref}" t="inlineStr"><is><t>{_xml_text(str(v))}</t></is></c>')
        yield f'<row r="{n}">{"".join(cells)}</row>'
    yield "</sheetData></worksheet>"


def _write_fast(sheets: dict[str, list[list[Any]]], path: Path) -> Path:
    import zipfile

    names = list(sheets)
    content_types = (
        f'{_XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/styles.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        + "".join(f'<Override PartName="/xl/worksheets/sheet{i + 1}.xml" '
                  'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                  for i in range(len(names)))
        + "</Types>"
    )
    root_rels = (f'{_XML_HEAD}<Relationships xmlns="{_NS_PKG}"><Relationship Id="rId1" '
                 'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
                 'Target="xl/workbook.xml"/></Relationships>')
    workbook = (f'{_XML_HEAD}<workbook xmlns="{_NS_MAIN}" xmlns:r="{_NS_REL}"><sheets>'
                + "".join(f'<sheet name="{_xml_text(nm)}" sheetId="{i + 1}" r:id="rId{i + 1}"/>'
                          for i, nm in enumerate(names))
                + "</sheets></workbook>")
    wb_rels = (f'{_XML_HEAD}<Relationships xmlns="{_NS_PKG}">'
               + "".join(f'<Relationship Id="rId{i + 1}" '
                         'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
                         f'Target="worksheets/sheet{i + 1}.xml"/>' for i in range(len(names)))
               + f'<Relationship Id="rId{len(names) + 1}" '
               'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" '
               'Target="styles.xml"/></Relationships>')
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        z.writestr("[Content_Types].xml", content_types)
        z.writestr("_rels/.rels", root_rels)
        z.writestr("xl/workbook.xml", workbook)
        z.writestr("xl/_rels/workbook.xml.rels", wb_rels)
        z.writestr("xl/styles.xml", _STYLES)
        for i, nm in enumerate(names):
            rows = sheets[nm]
            pct_cols = {j for j, h in enumerate(rows[0]) if h in ("Target", "Band")} if rows else set()
            with z.open(f"xl/worksheets/sheet{i + 1}.xml", "w") as f:
                buf = []
                for part in _sheet_xml(rows, pct_cols):
                    buf.append(part)
                    if len(buf) >= 2000:
                        f.write("".join(buf).encode("utf-8"))
                        buf.clear()
                f.write("".join(buf).encode("utf-8"))
    return path


def main(argv: Iterable[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--lots", type=int, default=100_000)
    ap.add_argument("--transactions", type=int, default=20_000)
    ap.add_argument("--seed", type=int, default=20250630)
    ap.add_argument("--engine", choices=("fast", "openpyxl"), default="fast")
    args = ap.parse_args(list(argv) if argv is not None else None)
    t0 = time.perf_counter()
    hh = generate_household(seed=args.seed, n_lots=args.lots, n_transactions=args.transactions)
    t1 = time.perf_counter()
    write_household_xlsx(hh, args.out, engine=args.engine)
    t2 = time.perf_counter()
    print(f"generated {len(hh.lots)} lots in {t1 - t0:.2f}s, wrote {args.out} "
          f"({args.out.stat().st_size / 1e6:.1f} MB) in {t2 - t1:.2f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
