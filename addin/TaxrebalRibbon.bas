Attribute VB_Name = "TaxrebalRibbon"
' taxrebal: the ribbon callbacks of the "Tax Rebalance" tab (addin/ribbon.toml).
'
' Every button has onAction="TaxrebalRibbon.TaxrebalAction". The callback hands the clicked
' control's id to Python, where taxrebal.excel.ribbon.run(id) does the work on the active workbook
' (xlwings Book.caller()). Only "import_functions" stays in VBA: it calls xlwings' own
' ImportPythonUDFsToAddin, which writes VBA wrappers for the cell functions of the modules listed
' under "UDF Modules" in this add-in's myaddin.conf sheet (taxrebal.excel.udfs) into THIS add-in,
' next to the xlwings module they call (XLPy), so they work in every open workbook, .xlsx included.
' (ImportPythonUDFs would put them in the active workbook, where XLPy is not defined.) When the
' add-in is the installed copy in Excel's startup folder it is saved, so the functions stay.
'
' This file is the source of truth: addin/build.py writes it into the add-in's vbaProject.bin as
' source only (no compiled p-code), so Excel compiles it when the add-in loads. Keep CRLF endings.
Option Explicit

Public Sub TaxrebalAction(control As IRibbonControl)
    Select Case control.Id
        Case "import_functions"
            #If Mac Then
                MsgBox "The taxrebal cell functions (TAXCOST, FEDTAX, ...) need Excel on Windows. " & _
                       "The ribbon commands work on macOS too.", vbInformation, "taxrebal"
            #Else
                ImportPythonUDFsToAddin
                SaveIfInstalled
            #End If
        Case Else
            RunPython "import taxrebal.excel.ribbon as r; r.run('" & control.Id & "')"
    End Select
End Sub

Private Sub SaveIfInstalled()
    ' Keep the imported functions for the next Excel session, but only in the installed copy
    ' (xlwings addin install puts it in the startup folder), never in a copy elsewhere.
    On Error Resume Next
    If StrComp(ThisWorkbook.Path, Application.StartupPath, vbTextCompare) = 0 Then ThisWorkbook.Save
    On Error GoTo 0
End Sub
