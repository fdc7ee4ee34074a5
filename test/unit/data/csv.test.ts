import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CsvError, MAX_CLASSES, csvDataset, parseCsv } from '../../../src/engine/data/csv';

test('RFC 4180: quoted commas, doubled quotes, line breaks inside quotes, CRLF, BOM, no final newline', () => {
  const text = '\ufeffa,b,c\r\n1,"x, y","say ""hi"""\r\n2,"two\nlines",\r\n3,,last';
  const rows = parseCsv(text);
  assert.deepEqual(rows.map((r) => r.cells), [['a', 'b', 'c'], ['1', 'x, y', 'say "hi"'], ['2', 'two\nlines', ''], ['3', '', 'last']]);
  assert.deepEqual(rows.map((r) => r.line), [1, 2, 3, 5]);
});

test('blank lines are skipped; the record after them keeps its true line number', () => {
  assert.deepEqual(parseCsv('a\n\n1\n').map((r) => [r.line, r.cells[0]]), [[1, 'a'], [3, '1']]);
});

test('without quotes (each record one line): true line numbers across LF, CRLF, CR, blank and blank-looking lines, BOM, no final newline', () => {
  // Line numbers derived by hand from the text.
  assert.deepEqual(parseCsv('\ufeffa,b\r\n1,2\r\n\r\n3,4').map((r) => [r.line, ...r.cells]), [[1, 'a', 'b'], [2, '1', '2'], [4, '3', '4']]);
  assert.deepEqual(parseCsv('\n\na,b\n1,2\n\n\n5,6\n\n').map((r) => [r.line, ...r.cells]), [[3, 'a', 'b'], [4, '1', '2'], [7, '5', '6']]);
  assert.deepEqual(parseCsv('a,b\r1,2\r\r3,4\r').map((r) => [r.line, ...r.cells]), [[1, 'a', 'b'], [2, '1', '2'], [4, '3', '4']]);
  assert.deepEqual(parseCsv('a\n  \n1\n').map((r) => [r.line, ...r.cells]), [[1, 'a'], [2, '  '], [3, '1']]);
  assert.deepEqual(parseCsv('a,b,c\n1\n2,3,4,5\n', { tolerant: true }), { records: [{ line: 1, cells: ['a', 'b', 'c'] }, { line: 2, cells: ['1'] }, { line: 3, cells: ['2', '3', '4', '5'] }], problems: [] });
});

test('malformed quoting is reported with its line', () => {
  assert.throws(() => parseCsv('a,b\n1,"open\n2,3\n'), (e: unknown) => e instanceof CsvError && /line 2: quoted field is never closed/.test(e.message));
  assert.throws(() => parseCsv('a,b\n1,"x"y\n'), (e: unknown) => e instanceof CsvError && /line 2: unexpected character "y" after a closing quote/.test(e.message));
  assert.throws(() => parseCsv('a,b\n1,x"y\n'), (e: unknown) => e instanceof CsvError && /line 2: a quote inside an unquoted field/.test(e.message));
});

test('chosen columns become features and target; labels become sorted classes', () => {
  const { dataset, classLabels } = csvDataset('id,x1,label,x2\n7,0.5,cat,1\n8,-1,dog,2e-1\n9,3," cat ",4\n', { features: ['x1', 'x2'], target: 'label', task: 'binary' });
  assert.deepEqual([...dataset.x], [0.5, 1, -1, 0.2, 3, 4]);
  assert.deepEqual([...dataset.y], [0, 1, 0]);
  assert.deepEqual(classLabels, ['cat', 'dog']);
  assert.deepEqual(dataset.featureNames, ['x1', 'x2']);
  const numericLabels = csvDataset('x,y\n1,10\n2,2\n3,10\n4,1\n', { features: ['x'], target: 'y', task: 'multiclass' });
  assert.deepEqual(numericLabels.classLabels, ['1', '2', '10']);
  assert.deepEqual([...numericLabels.dataset.y], [2, 1, 2, 0]);
});

test('missing values, non-numeric cells, ragged rows and unknown columns are reported by line', () => {
  const text = 'x1,x2,y\n1,2,3\n1,,3\n"4,5",1,2\n1,2,abc\n1,2\n';
  assert.throws(
    () => csvDataset(text, { features: ['x1', 'x2'], target: 'y', task: 'regression' }),
    (e: unknown) => {
      assert.ok(e instanceof CsvError);
      assert.deepEqual(e.problems, [
        'line 3, column "x2": missing value',
        'line 4, column "x1": "4,5" is not a number',
        'line 6: 2 cells, the header has 3',
        'line 6, column "y": missing target',
        'line 5, column "y": "abc" is not a number',
      ]);
      return true;
    },
  );
  assert.throws(() => csvDataset(text, { features: ['x3'], target: 'y', task: 'regression' }), /line 1: no column named "x3" \(columns: "x1", "x2", "y"\)/);
  assert.throws(() => csvDataset('x,y\n1,a\n2,b\n3,c\n', { features: ['x'], target: 'y', task: 'binary' }), /exactly 2 distinct labels, found 3 \(a, b, c\)/);
  assert.throws(() => csvDataset('', { features: ['x'], target: 'y', task: 'binary' }), /empty/);
});

test('a classification target with more distinct labels than MAX_CLASSES is refused, naming the limit', () => {
  const rows = (labels: number): string => `x,y\n${Array.from({ length: labels }, (_, i) => `${i},label${i}`).join('\n')}\n`;
  assert.equal(csvDataset(rows(MAX_CLASSES), { features: ['x'], target: 'y', task: 'multiclass' }).classLabels.length, MAX_CLASSES);
  assert.throws(
    () => csvDataset(rows(10_000), { features: ['x'], target: 'y', task: 'multiclass' }),
    (e: unknown) => e instanceof CsvError && /10,000 distinct labels, at most 1,000 classes/.test(e.problems[0] ?? ''),
  );
});
