/**
 * Hostile and unusual XLSX files built in the test: a real workbook from exceljs whose sheet XML is then
 * replaced, so a file of a few hundred KB can declare (or hold) hundreds of thousands or millions of rows.
 */
import ExcelJS from 'exceljs';
import JSZip from 'jszip';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
const col = (i: number) => String.fromCharCode(65 + i);

/** One row of inline-string cells. */
export function rowXml(r: number, cells: string[]): string {
  return `<row r="${r}">${cells.map((v, i) => `<c r="${col(i)}${r}" t="inlineStr"><is><t>${esc(v)}</t></is></c>`).join('')}</row>`;
}

/** An XLSX whose first sheet is exactly `rows` (XML of <row> elements) under `dimension`. */
export async function craftXlsx(rows: string, dimension = 'A1'): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('Sheet1').addRow(['x']);
  const zip = await JSZip.loadAsync((await wb.xlsx.writeBuffer()) as ArrayBuffer);
  const sheet =
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
    `<dimension ref="${dimension}"/><sheetData>${rows}</sheetData></worksheet>`;
  zip.file('xl/worksheets/sheet1.xml', sheet);
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 } });
}

/** A population file: the header, then `n` identical data rows (rows 2..n+1). */
export async function manyRowsXlsx(n: number): Promise<Buffer> {
  const parts: string[] = [rowXml(1, ['村代码', '月份', '期末总人口', '死亡人数'])];
  for (let r = 2; r <= n + 1; r++) parts.push(`<row r="${r}"><c r="A${r}"><v>1</v></c></row>`);
  return craftXlsx(parts.join(''), `A1:D${n + 1}`);
}
