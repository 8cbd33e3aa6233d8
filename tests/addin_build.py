"""``addin/build.py`` (a script, not part of the package) loaded as a module, for the add-in's tests.

``build`` is that module: ``build.ADDIN``, ``build.PACKAGED_ADDIN`` and its functions, as
``python addin/build.py`` runs them.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ADDIN = ROOT / "addin" / "taxrebal.xlam"


def _load_build():
    spec = importlib.util.spec_from_file_location("taxrebal_addin_build", ROOT / "addin" / "build.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


build = _load_build()
