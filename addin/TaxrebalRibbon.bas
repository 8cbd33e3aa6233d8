Attribute VB_Name = "TaxrebalRibbon"
' taxrebal: the ribbon callbacks of the "Tax Rebalance" tab (addin/ribbon.toml).
'
' Every button has onAction="TaxrebalRibbon.TaxrebalAction". The callback hands the clicked
' control's id to Python, where taxrebal.excel.ribbon.run(id) does the work on the active workbook
' (xlwings Book.caller()). Only "import_functions" stays in VBA: it calls xlwings' own
' ImportPythonUDFs, which registers the cell functions listed under "UDF Modules" in this add-in's
' myaddin.conf sheet (taxrebal.excel.udfs) in the active workbook.
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
                ImportPythonUDFs
            #End If
        Case Else
            RunPython "import taxrebal.excel.ribbon as r; r.run('" & control.Id & "')"
    End Select
End Sub
