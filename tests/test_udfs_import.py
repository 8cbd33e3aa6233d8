"""``import taxrebal.excel.udfs`` stays light where xlwings registers nothing (Linux, macOS): xlwings
(which imports numpy and pandas) and numpy are not loaded until a cell function needs them, and the
decorators that stand in for xlwings' do what xlwings' own do there: return the function unchanged."""

import subprocess
import sys

import pytest

from taxrebal.excel.xw_decorators import pass_through

pytestmark = pytest.mark.skipif(sys.platform.startswith("win"), reason="on Windows xlwings registers the UDFs")


def test_importing_the_cell_functions_loads_neither_xlwings_nor_pandas_nor_numpy():
    code = ("import sys, taxrebal.excel.udfs; "
            "print(sorted(m for m in ('xlwings', 'pandas', 'numpy') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_a_cell_function_still_works_after_that_light_import():
    # TAXCOST's first call loads numpy itself: lot A, 100 sh x $250 - $10,000 = 15,000 LT x 15% = 2,250
    code = ("from taxrebal.excel.udfs import TAXCOST; print(TAXCOST('VTI', 100, 250, "
            "[['Lot ID','Account','Symbol','Acquired','Quantity','Cost Basis'], "
            "['A','B','VTI','2020-01-10',100,10000]], "
            "[['As Of','2026-11-25'],['Tax Mode','Flat'],['Flat LT Rate',0.15],['Flat ST Rate',0.35],"
            "['Realized ST YTD',0],['Realized LT YTD',0]]))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert float(out.stdout) == 2250


def test_the_stand_in_decorators_do_what_xlwings_own_do_here():
    import xlwings

    def f(x):
        return x

    for deco in (xlwings.func, pass_through):
        assert deco(f) is f
        assert deco(category="taxrebal")(f) is f
        assert deco(category="taxrebal", volatile=True)(f) is f
    for deco in (xlwings.arg, xlwings.ret, pass_through):
        assert deco("lots", ndim=2, doc="The Lots table")(f) is f
