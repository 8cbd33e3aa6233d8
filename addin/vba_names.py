"""VBA's reserved identifiers, and the check that no cell-function parameter uses one.

The list is MS-VBAL (the VBA Language Specification, [MS-VBAL] v20140424), section 3.3.5.2
"Reserved Identifiers and IDENTIFIER": ``reserved-identifier = statement-keyword / marker-keyword /
operator-identifier / special-form / reserved-type-identifier / reserved-name / literal-identifier /
rem-keyword / reserved-for-implementation-use / future-reserved``, each group below as the
specification spells it (case-insensitive, like every VBA identifier). An <IDENTIFIER> is "any
lex-identifier that is not a reserved-identifier", and a parameter name must be an <IDENTIFIER>
(5.3.1.5 ``untyped-name-param-dcl = IDENTIFIER [parameter-type]``), so a wrapper
``Function WASHWINDOW(symbol, date, ...)`` does not compile: ``Date`` is a reserved-name and a
reserved-type-identifier. VBA also compiles a module as a whole, so one bad name breaks every function
in the generated ``xlwings_udfs`` module.

Example: ``reserved_parameters('Function F(symbol, date)')`` -> ``[("F", "date")]``.
"""

from __future__ import annotations

import re

__all__ = ["RESERVED_IDENTIFIERS", "reserved_parameters", "function_parameters"]

_GROUPS = {
    "statement-keyword": """Call Case Close Const Declare DefBool DefByte DefCur DefDate DefDbl DefInt DefLng
        DefLngLng DefLngPtr DefObj DefSng DefStr DefVar Dim Do Else ElseIf End EndIf Enum Erase Event Exit For
        Friend Function Get Global GoSub GoTo If Implements Input Let Lock Loop LSet Next On Open Option Print
        Private Public Put RaiseEvent ReDim Resume Return RSet Seek Select Set Static Stop Sub Type Unlock Wend
        While With Write""",
    "rem-keyword": "Rem",
    "marker-keyword": """Any As ByRef ByVal Case Each Else In New Shared Until WithEvents Write Optional
        ParamArray Preserve Spc Tab Then To""",
    "operator-identifier": "AddressOf And Eqv Imp Is Like New Mod Not Or TypeOf Xor",
    "reserved-name": """Abs CBool CByte CCur CDate CDbl CDec CInt CLng CLngLng CLngPtr CSng CStr CVar CVErr
        Date Debug DoEvents Fix Int Len LenB Me PSet Scale Sgn String""",
    "special-form": "Array Circle Input InputB LBound Scale UBound",
    "reserved-type-identifier": """Boolean Byte Currency Date Double Integer Long LongLong LongPtr Single String
        Variant""",
    "literal-identifier": "True False Nothing Empty Null",
    "reserved-for-implementation-use": """Attribute LINEINPUT VB_Base VB_Control VB_Creatable VB_Customizable
        VB_Description VB_Exposed VB_Ext_KEY VB_GlobalNameSpace VB_HelpID VB_Invoke_Func VB_Invoke_Property
        VB_Invoke_PropertyPut VB_Invoke_PropertyPutRef VB_MemberFlags VB_Name VB_PredeclaredId VB_ProcData
        VB_TemplateDerived VB_UserMemId VB_VarDescription VB_VarHelpID VB_VarMemberFlags VB_VarProcData
        VB_VarUserMemId""",
    "future-reserved": "CDecl Decimal DefDec",
}

#: casefolded reserved identifier -> the MS-VBAL groups it belongs to
RESERVED_IDENTIFIERS: dict[str, tuple[str, ...]] = {}
for _group, _words in _GROUPS.items():
    for _word in _words.split():
        RESERVED_IDENTIFIERS[_word.casefold()] = RESERVED_IDENTIFIERS.get(_word.casefold(), ()) + (_group,)

_SIGNATURE = re.compile(r"^\s*(?:Public\s+|Private\s+)?(Function|Sub)\s+(\w+)\s*\((.*)\)", re.M | re.I)


def function_parameters(module_text: str) -> list[tuple[str, list[str]]]:
    """(procedure name, parameter names) of every Function/Sub line of a VBA module, in order."""
    out = []
    for _kind, name, params in _SIGNATURE.findall(module_text):
        names = []
        for param in filter(None, (p.strip() for p in params.split(","))):
            words = [w for w in param.replace("()", " ").split() if w.casefold() not in
                     ("optional", "paramarray", "byval", "byref")]
            names.append(words[0])
        out.append((name, names))
    return out


def reserved_parameters(module_text: str) -> list[tuple[str, str]]:
    """(procedure, parameter) pairs whose parameter name is a VBA reserved identifier."""
    return [(proc, p) for proc, params in function_parameters(module_text) for p in params
            if p.casefold() in RESERVED_IDENTIFIERS]
