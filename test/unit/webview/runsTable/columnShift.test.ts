// The Runs Table grid's sideways scroll (webview/runsTable/layout.ts columnShift): a drawn row that
// drops and gains the cells columnShift says holds exactly the columns now in view, and draws only
// the columns that came into view.
import * as assert from 'node:assert/strict';
import { columnShift } from '../../../../webview/runsTable/layout';

const span = (a: number, b: number): number[] => Array.from({ length: Math.max(0, b - a) }, (_, i) => a + i);

/** The columns of a row drawn for `from` after the shift to `to`, and how many cells were drawn for it. */
function shifted(from: [number, number], to: [number, number]): { cells: number[]; drawn: number } {
  const shift = columnShift(from, to);
  let cells = span(...from);
  cells = cells.slice(shift.dropLeft, cells.length - shift.dropRight);
  const left = span(...shift.addLeft);
  const right = span(...shift.addRight);
  return { cells: [...left, ...cells, ...right], drawn: left.length + right.length };
}

describe('runs table grid: columns shifted by a sideways scroll', () => {
  it('turns every drawn range into every other one, drawing only the columns not drawn before', () => {
    for (let a0 = 0; a0 <= 8; a0++) {
      for (let a1 = a0; a1 <= 8; a1++) {
        for (let b0 = 0; b0 <= 8; b0++) {
          for (let b1 = b0; b1 <= 8; b1++) {
            const { cells, drawn } = shifted([a0, a1], [b0, b1]);
            const label = `[${a0}, ${a1}) -> [${b0}, ${b1})`;
            assert.deepEqual(cells, span(b0, b1), label);
            const kept = span(b0, b1).filter((c) => c >= a0 && c < a1).length;
            assert.equal(drawn, b1 - b0 - kept, label);
          }
        }
      }
    }
  });

  it('keeps the overlap of a small scroll and draws the column coming in on its side', () => {
    assert.deepEqual(columnShift([10, 20], [12, 23]), { dropLeft: 2, dropRight: 0, addLeft: [12, 12], addRight: [20, 23] });
    assert.deepEqual(columnShift([10, 20], [8, 18]), { dropLeft: 0, dropRight: 2, addLeft: [8, 10], addRight: [18, 18] });
  });

  it('draws a range afresh after a jump past everything drawn, and a first range from nothing', () => {
    assert.deepEqual(columnShift([10, 20], [40, 52]), { dropLeft: 0, dropRight: 10, addLeft: [40, 40], addRight: [40, 52] });
    assert.deepEqual(columnShift([3, 3], [3, 15]), { dropLeft: 0, dropRight: 0, addLeft: [3, 3], addRight: [3, 15] });
  });
});
