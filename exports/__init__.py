"""Pure workbook builders: plain rows in, openpyxl workbooks out. Nothing from `backend`."""
